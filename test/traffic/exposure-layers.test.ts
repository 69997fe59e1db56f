import { Duration } from 'cdk8s';
import { TrafficAppProps, TrafficProfile } from '../../lib';
import { GatewayRouteExposure, IngressExposure, LoadBalancerServiceExposure } from '../../lib/model/exposure/index';
import { streaming } from './fixtures';
import { lineFor, problemsOf } from './problems';

/** The streaming fixture exposed through real exposures (Ingress ALB, NLB Service, HTTPRoute). */
const via = (expose: TrafficAppProps['expose'], traffic: object = {}): TrafficAppProps => ({
  ...streaming,
  expose,
  traffic: { profile: TrafficProfile.STREAMING, ...traffic },
});

describe('streaming rules read the rendered exposures', () => {
  test('an ALB Ingress idle timeout of 60 s under a 10-minute stream', () => {
    const lines = problemsOf(
      via([IngressExposure.alb({ hosts: ['llm.example.com'], idleTimeout: Duration.seconds(60) })]),
    );
    expect(lineFor(lines, 'llm', 'expose[0].alb.idleTimeoutSeconds', '60', 'CT-TRAFFIC-040')).toContain(
      'at least 600s',
    );
  });

  test('an NLB Service TCP idle timeout shorter than the stream', () => {
    const lines = problemsOf(via([LoadBalancerServiceExposure.nlb({ idleTimeout: Duration.seconds(120) })]));
    lineFor(lines, 'llm', 'expose[0].tcpIdleTimeoutSeconds', '120', 'CT-TRAFFIC-040');
  });

  test("an NLB Service deregistration delay longer than the pods' grace period", () => {
    const lines = problemsOf(via([LoadBalancerServiceExposure.nlb({ deregistrationDelay: Duration.seconds(900) })]));
    lineFor(lines, 'llm', 'expose[0].deregistrationDelaySeconds', '900', 'CT-TRAFFIC-041');
  });

  test('an HTTPRoute rule timeout shorter than the stream', () => {
    const lines = problemsOf(
      via([
        GatewayRouteExposure.http({
          parents: [{ name: 'public', namespace: 'gateways' }],
          rules: [{ timeout: Duration.seconds(30) }],
        }),
      ]),
    );
    lineFor(lines, 'llm', 'expose[0].rules[0].requestTimeoutSeconds', '30', 'CT-TRAFFIC-043');
  });
});
