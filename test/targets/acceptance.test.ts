import { App, Duration, JsonPatch, Testing } from 'cdk8s';
import {
  Certificate,
  GatewayRouteExposure,
  Mesh,
  Probe,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  TrafficTargets,
  TrafficTargetsProps,
} from '../../lib';
import { GATEWAY_API_CHANNEL_ANNOTATION } from '../../lib/k8s/expose/app-gateway-route';
import { KubeObject, appObject, definitionProblems, synthApps, validateObjects } from '../../lib/testing';

// One fixture, synthesized under two target sets: each writes the fields its targets support and refuses what
// they cannot run (docs/targets.md).
const shop: TrafficAppProps = {
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:1.4.2',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }], trafficDistribution: 'PreferClose' },
  traffic: { retry: { attempts: 2, on: [502, 503] }, requestTimeout: Duration.seconds(30) },
  expose: [
    GatewayRouteExposure.http({
      parents: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['shop.example.com'],
    }),
  ],
};

const OLDER: TrafficTargetsProps = { kubernetes: '1.33', gatewayApi: '1.5', gatewayApiChannel: 'standard' };
const NEWER: TrafficTargetsProps = { kubernetes: '1.34', gatewayApi: '1.7', gatewayApiChannel: 'standard' };

/** The rules of a written HTTPRoute (a custom resource: its spec is not typed). */
const rules = (o: KubeObject) => (o.spec as { rules?: Record<string, unknown>[] }).rules ?? [];

const build = (targets: TrafficTargetsProps, props: TrafficAppProps = shop) =>
  synthApps([TrafficApp.define(props)], { targets });

describe('one fixture under two target sets', () => {
  test('Kubernetes 1.33 + Gateway API 1.5 standard: PreferClose, no HTTPRoute retry (CT-TRAFFIC-030 says so)', () => {
    const { chart, objects } = build(OLDER);
    // Valid against the Kubernetes schemas and the standard-channel Gateway API CRDs.
    expect(validateObjects(objects, { gatewayApiChannel: 'standard' })).toEqual({ errors: [], unchecked: [] });
    expect(appObject(chart, 'shop', { kind: 'Service', role: 'service' }).spec?.trafficDistribution).toBe(
      'PreferClose',
    );
    const route = appObject(chart, 'shop', { kind: 'HTTPRoute' });
    expect(rules(route)[0]).toEqual({ backendRefs: [{ name: 'shop', port: 80 }], timeouts: { request: '30s' } });
    const w = chart.warnings.find((x) => x.id === 'CT-TRAFFIC-030');
    expect(w?.message).toContain('targets: Gateway API 1.5');
    expect(w?.fix).toContain('declare Gateway API 1.7');
  });

  test('Kubernetes 1.34 + Gateway API 1.7 standard: PreferSameZone, HTTPRoute retry as a standard field', () => {
    const { chart, objects } = build(NEWER);
    // The project holds the v1.6.1 CRDs: the retry field has the shape of their experimental channel, which 1.7 made
    // standard.
    expect(validateObjects(objects, { gatewayApiChannel: 'experimental' })).toEqual({ errors: [], unchecked: [] });
    expect(appObject(chart, 'shop', { kind: 'Service', role: 'service' }).spec?.trafficDistribution).toBe(
      'PreferSameZone',
    );
    const route = appObject(chart, 'shop', { kind: 'HTTPRoute' });
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(rules(route)[0].retry).toEqual({ attempts: 2, codes: [502, 503] });
    // Standard in 1.7: the route does not say it needs the experimental CRDs.
    expect(route.metadata.annotations?.[GATEWAY_API_CHANNEL_ANNOTATION]).toBeUndefined();
    expect(chart.warnings.map((x) => x.id)).not.toContain('CT-TRAFFIC-030');
  });

  test('an app asking for the experimental channel: refused under the standard-channel target, written under 1.7', () => {
    const exp = { ...shop, traffic: { ...shop.traffic, gatewayApiChannel: 'experimental' as const } };
    const problems = definitionProblems(() => build(OLDER, exp));
    expect(problems.map((p) => [p.path, p.ruleId, p.field, p.value])).toEqual([
      ['test/shop', 'CT-TARGET-003', 'traffic.gatewayApiChannel', 'experimental'],
    ]);
    expect(problems[0].fix).toContain("gatewayApiChannel: 'experimental'");
  });

  test('the targets experimental channel writes retries for an app that names no channel (Gateway API 1.5)', () => {
    const { chart } = build({ ...OLDER, gatewayApiChannel: 'experimental' });
    const route = appObject(chart, 'shop', { kind: 'HTTPRoute' });
    expect(rules(route)[0].retry).toEqual({ attempts: 2, codes: [502, 503] });
    expect(route.metadata.annotations?.[GATEWAY_API_CHANNEL_ANNOTATION]).toBe('experimental');
  });

  test('no targets: the defaults (Kubernetes 1.35, Gateway API 1.6, channel per app) write what the library wrote before', () => {
    const { chart } = synthApps([TrafficApp.define(shop)]);
    expect(appObject(chart, 'shop', { kind: 'Service', role: 'service' }).spec?.trafficDistribution).toBe(
      'PreferSameZone',
    );
    expect(rules(appObject(chart, 'shop', { kind: 'HTTPRoute' }))[0].retry).toBeUndefined();
    expect(chart.resolution.targets.versions.kubernetes).toEqual({
      version: { major: 1, minor: 35 },
      text: '1.35',
      declared: false,
    });
  });
});

describe('rules refuse, with an id and the minimum version, what the targets cannot run', () => {
  test('a feature newer than the Kubernetes target: trafficDistribution needs 1.31 (CT-TARGET-001)', () => {
    const problems = definitionProblems(() => build({ kubernetes: '1.30' }));
    expect(problems.map((p) => [p.ruleId, p.field, p.value])).toEqual([
      ['CT-TARGET-001', 'service.trafficDistribution', 'Kubernetes 1.30'],
    ]);
    expect(problems[0].message).toBe(
      'needs Kubernetes 1.31 or later (Service trafficDistribution), but the targets say 1.30',
    );
  });

  test('a controller older than a feature the output uses: TargetGroupBinding targetGroupName needs LBC 2.11', () => {
    const alb = {
      ...shop,
      expose: [TerraformLoadBalancer.alb({ hosts: ['shop.example.com'], certificate: Certificate.dnsValidated() })],
    };
    const problems = definitionProblems(() => build({ awsLoadBalancerController: '2.10' }, alb));
    const p = problems.find((x) => x.ruleId === 'CT-TARGET-001');
    expect([p?.field, p?.value]).toEqual(['expose[0]', 'AWS Load Balancer Controller 2.10']);
    expect(p?.message).toContain('needs AWS Load Balancer Controller 2.11 or later');
  });

  test("a target declared not installed: an Istio mesh under istio: 'none' (CT-TARGET-002); Linkerd 'none' does not matter", () => {
    const meshed = { ...shop, expose: [Mesh.istio()] };
    const problems = definitionProblems(() => build({ istio: 'none', linkerd: 'none' }, meshed));
    expect(problems.map((p) => [p.ruleId, p.field, p.value])).toEqual([
      ['CT-TARGET-002', 'expose[0].injection', "istio: 'none'"],
    ]);
    expect(problems[0].message).toContain('needs Istio');
  });

  test('Gateway API not installed: a route is refused', () => {
    const problems = definitionProblems(() => build({ gatewayApi: 'none' }));
    expect(problems.map((p) => [p.ruleId, p.field])).toEqual([['CT-TARGET-002', 'expose[0]']]);
  });

  test('an acknowledged finding is not an error (the reason is kept)', () => {
    const acked = {
      ...shop,
      traffic: { ...shop.traffic, acknowledge: { 'CT-TARGET-001': 'the 1.30 nodes ignore the field, we know' } },
    };
    const { chart } = build({ kubernetes: '1.30' }, acked);
    expect(chart.warnings.find((w) => w.id === 'CT-TARGET-001')?.acknowledged).toBe(
      'the 1.30 nodes ignore the field, we know',
    );
  });
});

describe('declared once on the App, overridden per chart', () => {
  test('every chart of the App inherits the declaration; a chart overrides single targets', () => {
    const app = TrafficTargets.declare(Testing.app(), { kubernetes: '1.33', gatewayApi: '1.5' });
    const a = new TrafficChart(app, 'a', { apps: [TrafficApp.define(shop)], printWarnings: false });
    const b = new TrafficChart(app, 'b', {
      apps: [TrafficApp.define({ ...shop, namespace: 'shop-b' })],
      printWarnings: false,
      targets: { kubernetes: '1.34' },
    });
    expect(a.resolution.targets.versions.kubernetes.text).toBe('1.33');
    expect(b.resolution.targets.versions.kubernetes.text).toBe('1.34');
    expect(b.resolution.targets.versions.gatewayApi.text).toBe('1.5');
    expect(a.specs[0].service?.trafficDistribution).toBe('PreferClose');
    expect(b.specs[0].service?.trafficDistribution).toBe('PreferSameZone');
  });

  test('declaring after a chart was added is an error that says how to fix it', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new TrafficChart(app, 'a', { apps: [TrafficApp.define(shop)], printWarnings: false });
    expect(() => TrafficTargets.declare(app, { kubernetes: '1.33' })).toThrow(
      /must be declared before anything is added to it \(a chart or stack reads them when it is built.*Fix: call it right after creating the App/,
    );
  });
});

describe('Kubernetes 1.34: Pod Security baseline refuses a probe host (checked on the written pods)', () => {
  const patched = (kubernetes: string) => {
    const app = TrafficApp.define(shop);
    const chart = new TrafficChart(Testing.app(), 'test', {
      apps: [app],
      printWarnings: false,
      targets: { kubernetes },
    });
    chart
      .objectsOf(app)
      .workload()
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/httpGet/host', 'localhost'));
    return chart;
  };

  test('refused under 1.34 with the object, the field, the value and a fix (CT-TARGET-010)', () => {
    const problems = definitionProblems(() => Testing.synth(patched('1.34')));
    expect(problems.map((p) => [p.ruleId, p.field, p.value])).toEqual([
      ['CT-TARGET-010', 'Deployment/shop spec.template.spec.containers[0].readinessProbe.httpGet.host', 'localhost'],
    ]);
    expect(problems[0].message).toContain('is refused by Pod Security "restricted" from Kubernetes 1.34');
  });

  test('admitted under 1.33 (the control does not exist there)', () => {
    const objects = Testing.synth(patched('1.33'));
    const d = objects.find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].readinessProbe.httpGet.host).toBe('localhost');
  });
});
