import { Duration, Testing } from 'cdk8s';
import {
  Certificate,
  DefinitionError,
  HealthCheck,
  IExposure,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  runRules,
} from '../../lib';
import { Dataplane } from '../../lib';
import { one } from '../support/k8s';
import { web } from '../expose/support';

/**
 * The drift cases of the structure issue: one input gets one verdict on every layer, because the layers
 * share one AWS target group model and the rules read the traits each kind declares.
 */
const cert = Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/abc');
const awsLayers: Record<string, () => IExposure> = {
  'ALB Ingress': () => IngressExposure.alb(),
  'NLB Service': () => LoadBalancerServiceExposure.nlb(),
  'Terraform ALB': () => TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: cert }),
  'Terraform NLB': () => TerraformLoadBalancer.nlb(),
};

function problemLines(props: TrafficAppProps): string[] {
  try {
    new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(props)] }).toJson();
  } catch (e) {
    expect(e).toBeInstanceOf(DefinitionError);
    return (e as Error).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  return [];
}

describe('one verdict for one input on every AWS layer', () => {
  test('a readiness period of 2 s: the same error (no silent clamp to 5 s) on the ALB Ingress, the NLB Service and both Terraform load balancers', () => {
    const readiness = Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(2) });
    const verdicts = Object.entries(awsLayers).map(
      ([layer, make]) => [layer, problemLines({ ...web, readiness, expose: [make()] })] as const,
    );
    const expected =
      '[test/web] readiness.period: a load balancer health check interval must be from 5 s to 300 s, and it is taken from the readiness period (received 2). Fix: set the readiness probe\'s period to Duration.seconds(5), or give the exposure `healthCheck: HealthCheck.override({ path: "/health", reason: "..." })`';
    for (const [layer, lines] of verdicts) expect([layer, lines]).toEqual([layer, [expected]]);
  });

  test('the same probe on two AWS layers of one app is reported once', () => {
    const readiness = Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(2) });
    expect(
      problemLines({ ...web, readiness, expose: [IngressExposure.alb(), TerraformLoadBalancer.nlb()] }).filter((l) =>
        l.includes('readiness.period'),
      ),
    ).toHaveLength(1);
  });

  test('6 versions (5 canaries): refused behind an ALB Ingress as behind a Terraform ALB (a forward action takes 5 target groups)', () => {
    const versions = Object.fromEntries(
      [2, 3, 4, 5, 6].map((n) => [`v${n}`, { image: `ghcr.io/acme/web:${n}.0.0`, weight: 1 }]),
    );
    for (const make of [awsLayers['ALB Ingress'], awsLayers['Terraform ALB']]) {
      const lines = problemLines({ ...web, versions, expose: [make()] });
      expect(
        lines.filter(
          (l) =>
            l.includes('[CT-TRAFFIC-013] versions: ') &&
            l.includes('splits traffic between at most 5 versions, and the app has 6') &&
            l.includes('(received 6)'),
        ),
      ).toHaveLength(1);
    }
    // A Gateway route takes more backends: no such limit there.
    expect(
      problemLines({ ...web, versions, expose: [IngressExposure.withClass({ className: 'nginx' })] }).filter((l) =>
        l.includes('at most 5 versions'),
      ),
    ).toEqual([]);
  });

  test('an overridden health check path is what the CiliumNetworkPolicy allows, on every AWS layer with ip targets', () => {
    const healthCheck = HealthCheck.override({
      path: '/lb-health',
      protocol: 'HTTP',
      reason: 'the readiness path needs an auth header',
    });
    const dataplane = Dataplane.cilium({
      l7: [{ method: 'GET', path: '/api/.*' }],
      policy: { awsVpcCidrs: ['10.0.0.0/16'] },
    });
    const layers = [
      IngressExposure.alb({ healthCheck }),
      LoadBalancerServiceExposure.nlb({ healthCheck }),
      TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: cert, healthCheck }),
      TerraformLoadBalancer.nlb({ healthCheck }),
    ];
    for (const exposure of layers) {
      const chart = new TrafficChart(Testing.app(), 'test', {
        apps: [TrafficApp.define({ ...web, expose: [exposure], dataplane })],
      });
      const policy = one(chart.toJson(), 'CiliumNetworkPolicy');
      const http = policy.spec.ingress.flatMap((r: { toPorts?: { rules?: { http?: unknown[] } }[] }) =>
        (r.toPorts ?? []).flatMap((p) => p.rules?.http ?? []),
      );
      expect(http).toContainEqual({ method: 'GET', path: '/lb-health' });
      expect(http).not.toContainEqual({ method: 'GET', path: '/ready' });
    }
  });

  test('an nginx Ingress with a 0.25% canary: no ALB precision error, the pod-count share warning only', () => {
    const app = TrafficApp.define({
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 0.25 } },
      expose: [IngressExposure.withClass({ className: 'nginx' })],
    });
    expect(app.resolve().problems).toEqual([]);
    const ids = runRules(app.spec).map((r) => `${r.ruleId} ${r.severity}`);
    expect(ids).toContain('CT-TRAFFIC-015 warning');
    expect(ids).not.toContain('CT-TRAFFIC-013 error');
    // Behind an ALB the same weight needs a finer step than 0.1%.
    const alb = TrafficApp.define({
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 0.25 } },
      expose: [IngressExposure.alb()],
    });
    expect(runRules(alb.spec).map((r) => r.ruleId)).toContain('CT-TRAFFIC-013');
  });

  test('a Terraform NLB is a network load balancer in every check: it splits by pods and routes no canary header', () => {
    const [nlb] = TrafficApp.define({ ...web, expose: [TerraformLoadBalancer.nlb()] }).spec.exposures;
    expect(nlb.traits).toMatchObject({
      label: 'Terraform NLB "shop-web"',
      split: { by: 'pods' },
      routesCanaryHeader: false,
    });
    const [alb] = TrafficApp.define({
      ...web,
      expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: cert })],
    }).spec.exposures;
    expect(alb.traits).toMatchObject({
      split: { by: 'weight', maxWeight: 999, maxBackends: 5 },
      routesCanaryHeader: true,
    });
  });
});

describe('one target group attribute model on every AWS layer', () => {
  const traffic = { loadBalancing: 'least-request' as const, slowStart: Duration.seconds(60) };
  test('slow start with least outstanding requests: the same error behind an ALB Ingress as behind a Terraform ALB', () => {
    for (const make of [awsLayers['ALB Ingress'], awsLayers['Terraform ALB']]) {
      const lines = problemLines({ ...web, traffic, expose: [make()] });
      expect(lines).toEqual([
        "[test/web] traffic.slowStart: ALB target groups cannot combine slow start with least-outstanding-requests balancing (received 60). Fix: remove `slowStart`, or set `loadBalancing: 'round-robin'`",
      ]);
    }
  });

  test('an NLB Service and a Terraform NLB note the same settings they cannot apply (CT-AWS-108, CT-AWS-109)', () => {
    for (const make of [awsLayers['NLB Service'], awsLayers['Terraform NLB']]) {
      const [e] = TrafficApp.define({ ...web, traffic, expose: [make()] }).spec.exposures;
      expect(
        e.traits.notes.filter((n) => n.id === 'CT-AWS-108' || n.id === 'CT-AWS-109').map((n) => [n.id, n.field]),
      ).toEqual([
        ['CT-AWS-108', 'traffic.slowStart'],
        ['CT-AWS-109', 'traffic.loadBalancing'],
      ]);
    }
  });
});
