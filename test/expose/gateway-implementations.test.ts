import { Duration, Testing } from 'cdk8s';
import { GatewayRouteExposure, Probe, TrafficApp, TrafficAppProps, TrafficChart, TrafficProfile } from '../../lib';
import { GATEWAY_IMPLEMENTATIONS } from '../../lib/model/exposure/gateway-implementations';
import { all, one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { lineFor, problemsOf, synth, web } from './support';

const parents = [{ name: 'public', namespace: 'gateways' }];
const grpcApp: TrafficAppProps = {
  name: 'chat',
  namespace: 'ai',
  image: 'ghcr.io/acme/chat:1.0.0',
  ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
  readiness: Probe.grpc({ port: 'grpc' }),
  service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
};

describe('Gateway implementations known by name', () => {
  test('Envoy Gateway, standard channel: the retries go in a BackendTrafficPolicy of the HTTPRoute (codes and triggers, per-try timeout), none on the route, and no CT-TRAFFIC-030', () => {
    const props: TrafficAppProps = {
      ...web,
      traffic: {
        retry: { attempts: 2, on: [502, 503, 'reset', 'connect-failure'], perTryTimeout: Duration.seconds(5) },
      },
      expose: [GatewayRouteExposure.http({ parents, implementation: 'envoy-gateway' })],
    };
    const objects = synth(props);
    const btp = one(objects, 'BackendTrafficPolicy', 'web');
    expect(btp.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(btp.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
      retry: {
        numRetries: 2,
        retryOn: { httpStatusCodes: [502, 503], triggers: ['reset', 'connect-failure'] },
        perRetry: { timeout: '5s' },
      },
    });
    expect(one(objects, 'HTTPRoute', 'web').spec.rules[0].retry).toBeUndefined();
    const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, apps: [TrafficApp.define(props)] });
    expect(chart.warnings.map((w) => w.id)).not.toContain('CT-TRAFFIC-030');
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('Envoy Gateway, experimental channel: the HTTPRoute carries the retry itself, no BackendTrafficPolicy', () => {
    const objects = synth({
      ...web,
      traffic: { retry: { attempts: 2 }, gatewayApiChannel: 'experimental' },
      expose: [GatewayRouteExposure.http({ parents, implementation: 'envoy-gateway' })],
    });
    expect(all(objects, 'BackendTrafficPolicy')).toEqual([]);
    expect(one(objects, 'HTTPRoute', 'web').spec.rules[0].retry.attempts).toBe(2);
  });

  test("Envoy Gateway: a created Gateway gets a ClientTrafficPolicy with the traffic policy's idle timeout", () => {
    const objects = synth({
      ...web,
      traffic: { idleTimeout: Duration.seconds(120) },
      expose: [
        GatewayRouteExposure.http({
          implementation: 'envoy-gateway',
          gateway: { className: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
        }),
      ],
    });
    expect(one(objects, 'ClientTrafficPolicy', 'web').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }],
      timeout: { http: { idleTimeout: '120s' } },
    });
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('a streaming gRPC app behind Envoy Gateway without a request timeout: its 15 s route default would cut the streams, an error (CT-TRAFFIC-070) with the fix', () => {
    const lines = problemsOf({
      ...grpcApp,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
      expose: [GatewayRouteExposure.grpc({ parents, implementation: 'envoy-gateway' })],
    });
    const line = lineFor(lines, 'expose[0]', '15', 'the request timeout of Envoy Gateway (15s');
    expect(line).toContain('[CT-TRAFFIC-070]');
    expect(line).toContain('set the request timeout of this layer to at least 1200s');
  });

  test('… and with the request timeout declared it is written in a BackendTrafficPolicy of the GRPCRoute, and no error', () => {
    const objects = synth({
      ...grpcApp,
      traffic: {
        profile: TrafficProfile.STREAMING,
        maxStreamDuration: Duration.minutes(20),
        requestTimeout: Duration.minutes(20),
        // Envoy Gateway's 5 min stream idle timeout stays (the traffic policy has no field for it): acknowledged.
        acknowledge: { 'CT-TRAFFIC-070': 'the server sends a gRPC keep-alive every 60 s' },
      },
      expose: [GatewayRouteExposure.grpc({ parents, implementation: 'envoy-gateway' })],
    });
    expect(one(objects, 'BackendTrafficPolicy', 'chat').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', name: 'chat' }],
      timeout: { http: { requestTimeout: '1200s' } },
    });
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('the defaults each implementation declares (traits.implementationDefaults); an HTTPRoute writes its request timeout, so no route default applies; unknown: undefined', () => {
    const traitsOf = (route: GatewayRouteExposure, app: TrafficAppProps = web) =>
      TrafficApp.define({ ...app, expose: [route] }).spec.exposures[0].traits.implementationDefaults;
    // A GRPCRoute without a request timeout (the streaming profile declares none): Envoy Gateway's 15 s applies.
    const streaming = { ...grpcApp, traffic: { profile: TrafficProfile.STREAMING } };
    expect(traitsOf(GatewayRouteExposure.grpc({ parents, implementation: 'envoy-gateway' }), streaming)).toEqual(
      GATEWAY_IMPLEMENTATIONS['envoy-gateway'],
    );
    // With one (the standard profile's 60 s), the BackendTrafficPolicy writes it: the default does not apply.
    expect(
      traitsOf(GatewayRouteExposure.grpc({ parents, implementation: 'envoy-gateway' }), grpcApp)?.requestTimeoutSeconds,
    ).toBeUndefined();
    expect(GATEWAY_IMPLEMENTATIONS['envoy-gateway'].requestTimeoutSeconds).toBe(15);
    expect(traitsOf(GatewayRouteExposure.http({ parents, implementation: 'envoy-gateway' }))).toEqual({
      source: 'Envoy Gateway',
      idleTimeoutSeconds: 3600,
      streamIdleTimeoutSeconds: 300,
      see: GATEWAY_IMPLEMENTATIONS['envoy-gateway'].see,
    });
    // Cilium's upstream idle timeout (60 s) closes only connections with no request in flight: no stream limit.
    const cilium = traitsOf(GatewayRouteExposure.http({ parents, implementation: 'cilium' }));
    expect(cilium).toMatchObject({ streamIdleTimeoutSeconds: 300 });
    expect(cilium?.idleTimeoutSeconds).toBeUndefined();
    expect(traitsOf(GatewayRouteExposure.grpc({ parents, implementation: 'gke' }), streaming)).toMatchObject({
      requestTimeoutSeconds: 30,
    });
    expect(traitsOf(GatewayRouteExposure.http({ parents, implementation: 'istio' }))?.requestTimeoutSeconds).toBe(
      undefined,
    );
    expect(traitsOf(GatewayRouteExposure.http({ parents }))).toBeUndefined();
  });

  test('bad input: an unknown implementation name, and aws-lbc on a plain route (AwsGatewayRoute writes what the controller reads)', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        GatewayRouteExposure.http({ parents, implementation: 'traefik' as never }),
        GatewayRouteExposure.http({ name: 'aws', parents, implementation: 'aws-lbc' }),
      ],
    });
    lineFor(lines, 'expose[0].implementation', '"traefik"', 'must be one of');
    lineFor(lines, 'expose[1].implementation', '"aws-lbc"', 'no TargetGroupConfiguration');
  });
});
