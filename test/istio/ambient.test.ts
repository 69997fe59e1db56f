import { Duration, Testing } from 'cdk8s';
import { Mesh, TrafficApp, TrafficAppProps, TrafficChart } from '../../lib';
import { definitionProblems, validateObjects } from '../../lib/testing';
import { reviews } from '../../apps/istio-ambient';
import { all, one } from '../support/k8s';
import type { K8sObject } from '../support/k8s';

const synth = (apps: readonly TrafficApp[]) => {
  const chart = new TrafficChart(Testing.app(), 'test', { apps, printWarnings: false, printSummary: false });
  return { chart, objects: chart.toJson() as K8sObject[] };
};
const { chart, objects } = synth([reviews]);
const channelOf = (o: K8sObject) =>
  o.metadata.annotations?.['cdk-traffic.io/gateway-api-channel'] === 'experimental' ? 'experimental' : 'standard';
const like = (name: string, extra: Partial<TrafficAppProps>) => TrafficApp.define({ ...reviews.props, name, ...extra });

describe('apps/istio-ambient.ts: a canary with retries through its waypoint', () => {
  test('the waypoint: a Gateway API Gateway of class istio-waypoint for Services, HBONE 15008, in the app namespace', () => {
    const wp = one(objects, 'Gateway', 'waypoint');
    expect(wp.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(wp.metadata.namespace).toBe('bookinfo-ambient');
    expect(wp.metadata.labels).toMatchObject({ 'istio.io/waypoint-for': 'service' });
    expect(wp.spec).toEqual({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    });
  });

  test('the waypoint-bound Service carries the label, and the waypoint it names exists in its namespace', () => {
    const bound = all(objects, 'Service').filter((s) => s.metadata.labels?.['istio.io/use-waypoint']);
    expect(bound.map((s) => s.metadata.name)).toEqual(['reviews']);
    for (const s of bound) {
      const wp = one(objects, 'Gateway', s.metadata.labels!['istio.io/use-waypoint']);
      expect(wp.metadata.namespace).toBe(s.metadata.namespace);
      expect(wp.spec.gatewayClassName).toBe('istio-waypoint');
    }
    expect(one(objects, 'Namespace').metadata.labels).toMatchObject({ 'istio.io/dataplane-mode': 'ambient' });
  });

  test("the route's parent is the Service written; the header rule, 90/10 to the version Services, timeouts, retry", () => {
    const route = one(objects, 'HTTPRoute', 'reviews-mesh');
    expect(route.spec.parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'reviews', port: 9080 }]);
    const parent = one(objects, 'Service', route.spec.parentRefs[0].name);
    expect(parent.spec.ports.map((p: { port: number }) => p.port)).toContain(route.spec.parentRefs[0].port);
    const timeouts = { request: '10s', backendRequest: '2s' };
    const retry = { attempts: 2, codes: [503] };
    expect(route.spec.rules).toEqual([
      {
        matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }],
        backendRefs: [{ name: 'reviews-v2', port: 9080 }],
        timeouts,
        retry,
      },
      {
        backendRefs: [
          { name: 'reviews-v1', port: 9080, weight: 90 },
          { name: 'reviews-v2', port: 9080, weight: 10 },
        ],
        timeouts,
        retry,
      },
    ]);
    for (const ref of route.spec.rules.flatMap((r: { backendRefs: { name: string }[] }) => r.backendRefs))
      expect(one(objects, 'Service', ref.name).metadata.namespace).toBe('bookinfo-ambient');
    expect(channelOf(route)).toBe('experimental');
  });

  test('no VirtualService, no DestinationRule, no sidecar', () => {
    expect(all(objects, 'VirtualService')).toEqual([]);
    expect(all(objects, 'DestinationRule')).toEqual([]);
    expect(chart.specs[0].exposures[0].traits.mesh).toMatchObject({ mesh: 'istio', sidecar: false });
  });

  test('the network policy admits the waypoint on HBONE and the probes through ztunnel', () => {
    const np = one(objects, 'NetworkPolicy', 'reviews');
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bookinfo-ambient' } },
            podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } },
          },
        ],
        ports: [{ port: 15008, protocol: 'TCP' }],
      },
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ port: 9080, protocol: 'TCP' }] },
    ]);
    // the probe port is the readiness probe's
    const dep = one(objects, 'Deployment', 'reviews-v1');
    expect(dep.spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('http');
    expect(dep.spec.template.spec.containers[0].ports).toEqual([
      expect.objectContaining({ name: 'http', containerPort: 9080 }),
    ]);
  });

  test('only the productpage ServiceAccount may call: an AuthorizationPolicy bound to the Service written', () => {
    const ap = one(objects, 'AuthorizationPolicy', 'reviews');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec).toEqual({
      action: 'ALLOW',
      targetRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo-ambient/sa/productpage'] } }] }],
    });
    expect(one(objects, 'Service', ap.spec.targetRefs[0].name).metadata.namespace).toBe(ap.metadata.namespace);
  });

  test('valid against the schemas (the route against the experimental channel), and no warnings', () => {
    expect(validateObjects(objects, { gatewayApiChannel: channelOf })).toEqual({ errors: [], unchecked: [] });
    expect(chart.warnings).toEqual([]);
  });
});

describe('Istio ambient options', () => {
  test('two apps of one namespace share one waypoint, written once; each Service is bound to it', () => {
    const ratings = like('ratings', { versions: {}, traffic: {} });
    const { objects: o } = synth([reviews, ratings]);
    expect(all(o, 'Gateway').map((g) => g.metadata.name)).toEqual(['waypoint']);
    expect(one(o, 'Service', 'ratings').metadata.labels).toMatchObject({ 'istio.io/use-waypoint': 'waypoint' });
    expect(one(o, 'Service', 'reviews').metadata.labels).toMatchObject({ 'istio.io/use-waypoint': 'waypoint' });
    // a single version: one backend, no weight, no timeouts declared beyond the profile's
    expect(one(o, 'HTTPRoute', 'ratings-mesh').spec.rules.at(-1).backendRefs).toEqual([
      { name: 'ratings', port: 9080 },
    ]);
  });

  test('a named waypoint; the standard channel writes no retry and warns CT-TRAFFIC-030', () => {
    const app = like('reviews', {
      traffic: { retry: { attempts: 2, on: [503] }, requestTimeout: Duration.seconds(5) },
      expose: [Mesh.istio({ injection: 'ambient', waypoint: { name: 'reviews-waypoint' } })],
    });
    const { chart: c, objects: o } = synth([app]);
    expect(one(o, 'Gateway').metadata.name).toBe('reviews-waypoint');
    expect(one(o, 'Service', 'reviews').metadata.labels?.['istio.io/use-waypoint']).toBe('reviews-waypoint');
    const route = one(o, 'HTTPRoute');
    expect(route.metadata.annotations?.['cdk-traffic.io/gateway-api-channel']).toBeUndefined();
    expect(route.spec.rules.every((r: { retry?: unknown }) => r.retry === undefined)).toBe(true);
    expect(c.warnings.map((w) => w.id)).toContain('CT-TRAFFIC-030');
    expect(validateObjects(o)).toEqual({ errors: [], unchecked: [] });
  });

  test('sidecar mode: the AuthorizationPolicy selects the pods; a namespace alone admits its ServiceAccounts', () => {
    const app = like('reviews', {
      traffic: {},
      expose: [Mesh.istio({ allowFrom: [{ namespace: 'bookinfo' }, { serviceAccount: 'ratings' }] })],
      dataplane: undefined,
    });
    const { objects: o } = synth([app]);
    const ap = one(o, 'AuthorizationPolicy');
    expect(ap.spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'reviews' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/bookinfo-ambient/sa/ratings'] } },
            { source: { namespaces: ['bookinfo'] } },
          ],
        },
      ],
    });
    const pods = one(o, 'Deployment', 'reviews-v1').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(ap.spec.selector.matchLabels)) expect(pods[k]).toBe(v);
    expect(validateObjects(o)).toEqual({ errors: [], unchecked: [] });
  });

  test("sidecar mode with routing: 'gateway-api': the Service-parented HTTPRoute, no VirtualService, no waypoint", () => {
    const app = like('reviews', {
      traffic: { requestTimeout: Duration.seconds(10), canaryHeader: { name: 'x-canary', value: 'always' } },
      expose: [Mesh.istio({ routing: 'gateway-api' })],
      dataplane: undefined,
    });
    const { chart: c, objects: o } = synth([app]);
    expect(all(o, 'VirtualService')).toEqual([]);
    expect(all(o, 'DestinationRule')).toEqual([]);
    expect(all(o, 'Gateway')).toEqual([]);
    const route = one(o, 'HTTPRoute', 'reviews-mesh');
    expect(route.spec.parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(route.spec.rules.map((r: { backendRefs: unknown[] }) => r.backendRefs)).toEqual([
      [{ name: 'reviews-v2', port: 9080 }],
      [
        { name: 'reviews-v1', port: 9080, weight: 90 },
        { name: 'reviews-v2', port: 9080, weight: 10 },
      ],
    ]);
    expect(route.spec.rules[1].timeouts).toEqual({ request: '10s' });
    expect(one(o, 'Service', 'reviews').metadata.labels?.['istio.io/use-waypoint']).toBeUndefined();
    expect(one(o, 'Namespace').metadata.labels).toMatchObject({ 'istio-injection': 'enabled' });
    expect(c.specs[0].exposures[0].traits.mesh).toMatchObject({ sidecar: true });
    expect(validateObjects(o)).toEqual({ errors: [], unchecked: [] });
  });

  test('sidecar mode is unchanged: a VirtualService and a DestinationRule, no waypoint', () => {
    const app = like('reviews', { traffic: {}, expose: [Mesh.istio()], dataplane: undefined });
    const { objects: o } = synth([app]);
    expect(all(o, 'VirtualService')).toHaveLength(1);
    expect(all(o, 'DestinationRule')).toHaveLength(1);
    expect(all(o, 'Gateway')).toEqual([]);
    expect(all(o, 'HTTPRoute')).toEqual([]);
  });
});

describe('Istio ambient bad input', () => {
  test('a waypoint in a namespace the app is not in', () => {
    const app = like('reviews', {
      expose: [Mesh.istio({ injection: 'ambient', waypoint: { namespace: 'istio-waypoints' } })],
    });
    expect(definitionProblems(() => synth([app]))).toEqual([
      expect.objectContaining({
        field: 'expose[0].waypoint.namespace',
        value: 'istio-waypoints',
        message: expect.stringContaining("is not the app's namespace (bookinfo-ambient)"),
        fix: expect.stringContaining('leave `namespace` out'),
      }),
    ]);
  });

  test('a waypoint in sidecar mode; a waypoint name that is no DNS label', () => {
    const sidecar = like('reviews', { expose: [Mesh.istio({ waypoint: { name: 'waypoint' } })], dataplane: undefined });
    expect(definitionProblems(() => synth([sidecar])).map((p) => [p.field, p.fix])).toEqual([
      ['expose[0].waypoint', "set `injection: 'ambient'`, or remove `waypoint`"],
    ]);
    const bad = like('reviews', { expose: [Mesh.istio({ injection: 'ambient', waypoint: { name: 'Way_Point' } })] });
    expect(definitionProblems(() => synth([bad])).map((p) => [p.field, p.value])).toEqual([
      ['expose[0].waypoint.name', 'Way_Point'],
    ]);
  });

  test("routing: 'virtual-service' in ambient mode, and an unknown routing", () => {
    const vs = like('reviews', { expose: [Mesh.istio({ injection: 'ambient', routing: 'virtual-service' })] });
    expect(definitionProblems(() => synth([vs])).map((p) => [p.field, p.value])).toEqual([
      ['expose[0].routing', 'virtual-service'],
    ]);
    const other = like('reviews', {
      expose: [Mesh.istio({ routing: 'envoy' as 'gateway-api' })],
      dataplane: undefined,
    });
    expect(definitionProblems(() => synth([other])).map((p) => p.field)).toContain('expose[0].routing');
  });

  test('allowFrom that lists no client, or a client without ServiceAccount and namespace', () => {
    const empty = like('reviews', { expose: [Mesh.istio({ injection: 'ambient', allowFrom: [] })] });
    expect(definitionProblems(() => synth([empty])).map((p) => [p.field, p.message])).toEqual([
      ['expose[0].allowFrom', 'lists no client: an ALLOW policy without rules denies every request'],
    ]);
    const blank = like('reviews', { expose: [Mesh.istio({ injection: 'ambient', allowFrom: [{}] })] });
    expect(definitionProblems(() => synth([blank])).map((p) => [p.field, p.fix])).toEqual([
      ['expose[0].allowFrom[0]', "write { serviceAccount: 'web', namespace: 'shop' }"],
    ]);
  });

  test('a JavaScript caller passing a string for the waypoint gets a problem, not a TypeError', () => {
    const bad = like('reviews', {
      expose: [Mesh.istio({ injection: 'ambient', waypoint: 'waypoint' as unknown as { name: string } })],
    });
    expect(definitionProblems(() => synth([bad])).map((p) => p.field)).toContain('expose[0].waypoint');
  });
});
