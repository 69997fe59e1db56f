import { Duration } from 'cdk8s';
import {
  Dataplane,
  GatewayRouteExposure,
  HttpFilter,
  HttpRouteProps,
  Probe,
  TrafficApp,
  TrafficAppProps,
} from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { BUILT_IN_MAP_DRAWINGS } from '../../lib/k8s/expose/exposure-renderers';
import { appFacts, trafficGraph } from '../../lib/map/from-specs';

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;

const filters = [
  HttpFilter.requestHeaders({ set: { 'x-route': 'shop' }, remove: ['x-debug'] }),
  HttpFilter.responseHeaders({ add: { 'x-served-by': 'shop' } }),
  HttpFilter.rewrite({ hostname: 'shop.internal' }),
];

/** A route with two parents in two namespaces, two rules of the same port, filters and timeouts. */
const route: HttpRouteProps = {
  parents: [
    { name: 'public', namespace: 'gateways', sectionName: 'https' },
    { name: 'partners', namespace: 'edge' },
  ],
  hostnames: ['shop.example.com', 'www.shop.example.com'],
  port: 'http',
  rules: [
    {
      matches: [
        { path: '/api', headers: [{ name: 'x-tenant', value: 'acme' }] },
        { path: { type: 'Exact', value: '/health' }, method: 'GET' },
      ],
      filters,
      backendTimeout: Duration.seconds(5),
    },
    {
      matches: [{ queryParams: [{ name: 'preview', value: '^[0-9]+$', type: 'RegularExpression' }] }],
      filters,
      backendTimeout: Duration.seconds(5),
    },
  ],
};

const delivery: TrafficAppProps['delivery'] = {
  controller: 'flagger',
  steps: [
    { weight: 10, pause: Duration.minutes(1) },
    { weight: 50, pause: Duration.minutes(1) },
    { weight: 100, pause: Duration.minutes(1) },
  ],
  analysis: { interval: Duration.minutes(1) },
};

/** The route sends to the Service's second port, 80 -> http (8080): not the first, so the join is seen. */
const props: TrafficAppProps = {
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:3.1.0',
  replicas: 3,
  ports: [
    { name: 'admin', port: 8081 },
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
  ],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: {
    ports: [
      { name: 'admin', port: 81, targetPort: 'admin' },
      { name: 'http', port: 80, targetPort: 'http' },
    ],
  },
  traffic: { requestTimeout: Duration.seconds(20) },
  expose: [GatewayRouteExposure.http(route)],
  observe: {
    objective: { availability: 99.9 },
    metrics: { port: 'metrics', requests: { counter: 'http_requests_total' } },
  },
  delivery,
};

const shop = (over: Partial<TrafficAppProps> = {}) => TrafficApp.define({ ...props, ...over });
const withRoute = (r: Partial<HttpRouteProps>, over: Partial<TrafficAppProps> = {}) =>
  shop({ expose: [GatewayRouteExposure.http({ ...route, ...r })], ...over });
const problemsOf = (app: TrafficApp) =>
  definitionProblems(() => synthApps([app])).map((p) => [p.field, p.value, p.ruleId, p.message]);

/** An HTTPRoute match as Flagger's Gateway API router makes it from a `service.match` entry (`mapRouteMatches`). */
function flaggerMatch(m: Spec): Spec {
  const pairs = (o: Spec | undefined, exact: string, regex: string) =>
    o
      ? Object.entries(o).map(([name, v]: [string, Spec]) => ({
          name,
          value: v.exact ?? v.regex,
          type: v.exact !== undefined ? exact : regex,
        }))
      : undefined;
  const uri = m.uri;
  return JSON.parse(
    JSON.stringify({
      path: uri
        ? uri.regex !== undefined
          ? { type: 'RegularExpression', value: uri.regex }
          : uri.exact !== undefined
            ? { type: 'Exact', value: uri.exact }
            : { type: 'PathPrefix', value: uri.prefix }
        : undefined,
      method: m.method?.exact,
      headers: pairs(m.headers, 'Exact', 'RegularExpression'),
      queryParams: pairs(m.queryParams, 'Exact', 'RegularExpression'),
    }),
  );
}

/** The HTTPRoute filters Flagger makes from `service.headers` and `service.rewrite` (`makeFilters`). */
function flaggerFilters(s: Spec): Spec[] {
  const modifier = (h: Spec) =>
    JSON.parse(
      JSON.stringify({
        set: h.set && Object.entries(h.set).map(([name, value]) => ({ name, value })),
        add: h.add && Object.entries(h.add).map(([name, value]) => ({ name, value })),
        remove: h.remove,
      }),
    );
  return [
    ...(s.headers?.request
      ? [{ type: 'RequestHeaderModifier', requestHeaderModifier: modifier(s.headers.request) }]
      : []),
    ...(s.headers?.response
      ? [{ type: 'ResponseHeaderModifier', responseHeaderModifier: modifier(s.headers.response) }]
      : []),
    ...(s.rewrite ? [{ type: 'URLRewrite', urlRewrite: { hostname: s.rewrite.authority } }] : []),
  ];
}

describe('Flagger over a plain Gateway API route', () => {
  const app = shop();
  const { chart, objects } = synthApps([app]);
  const canary = appObject(chart, 'shop', { kind: 'Canary' });
  const service = spec(canary).service;
  // The route the library writes for the same app without a delivery: what Flagger's route must carry.
  const plain = synthApps([shop({ delivery: undefined })]);
  const written = spec(appObject(plain.chart, 'shop', { kind: 'HTTPRoute' }));

  test("the Canary targets the Deployment and uses Flagger's Gateway API provider", () => {
    expect(spec(canary).provider).toBe('gatewayapi:v1');
    const deployment = appObject(chart, 'shop', { kind: 'Deployment' });
    expect(spec(canary).targetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(spec(canary).analysis.stepWeights).toEqual([10, 50]);
  });

  test("gatewayRefs are the route's parents and hosts its hostnames, as the library writes them", () => {
    expect(service.gatewayRefs).toEqual(written.parentRefs);
    expect(service.gatewayRefs).toEqual([
      { name: 'public', namespace: 'gateways', sectionName: 'https' },
      { name: 'partners', namespace: 'edge' },
    ]);
    expect(service.hosts).toEqual(written.hostnames);
  });

  test("the port is the Service port the route sends to, whose target is the container's", () => {
    const ports = new Set(written.rules.flatMap((r: Spec) => r.backendRefs.map((b: Spec) => b.port)));
    expect([...ports]).toEqual([80]);
    expect(service).toMatchObject({
      name: 'shop',
      port: 80,
      portName: 'http',
      targetPort: 'http',
      portDiscovery: true,
    });
    const container = spec(appObject(chart, 'shop', { kind: 'Deployment' })).template.spec.containers[0];
    expect(container.ports.find((p: Spec) => p.name === 'http').containerPort).toBe(8080);
  });

  test("Flagger's one rule has the matches of every rule, their filters and timeouts", () => {
    const matches = written.rules.flatMap((r: Spec) => r.matches);
    expect(matches).toHaveLength(3);
    expect(service.match.map(flaggerMatch)).toEqual(matches);
    for (const r of written.rules) {
      expect(flaggerFilters(service)).toEqual(r.filters);
      expect({ request: service.timeout, backendRequest: service.backendTimeout }).toEqual(r.timeouts);
    }
    expect(service).toMatchObject({ timeout: '20s', backendTimeout: '5s' });
  });

  test('the library writes no HTTPRoute and no Service: Flagger owns them (one owner per object)', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds.filter((k) => /^(HTTPRoute|Service)\//.test(k))).toEqual([]);
    const owners = app.spec.delivery!.objects.filter((o) => o.kind === 'HTTPRoute').map((o) => [o.name, o.owner]);
    expect(owners).toEqual([['shop', 'controller']]);
    expect(app.spec.delivery!.yielded).toEqual([{ kind: 'HTTPRoute', name: 'shop' }]);
  });

  test('every object is valid against the Kubernetes and CRD schemas', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('the summary and the map name Flagger as the owner of the HTTPRoute', () => {
    const facts = appFacts(app.spec, []);
    const rows = new Map(facts.delivery);
    expect(rows.get('controller')).toBe('Flagger, moving gateway-api (expose[0])');
    expect(rows.get('HTTPRoute shop')).toBe('made by Flagger (the library does not write it)');
    expect(facts.requirements.find((r) => r.name === 'Gateway API CRDs, standard channel')?.why).toBe(
      'HTTPRoute shop made by Flagger (provider gatewayapi:v1) for the Gateway gateways/public (listener https), edge/partners',
    );
    const graph = trafficGraph('shop', [app.spec], [], BUILT_IN_MAP_DRAWINGS);
    const rules = graph.nodes.filter((n) => n.title.startsWith('HTTPRoute shop rule'));
    expect(rules).toHaveLength(2);
    for (const n of rules)
      expect(n.details).toContain('made by Flagger (not written by the library): to shop-primary / shop-canary');
  });
});

describe('Flagger over a route: the rest of the path', () => {
  test("retries: Flagger's route has none (CT-TRAFFIC-030); Envoy Gateway's policy carries them on Flagger's route", () => {
    const retry = { attempts: 2, on: [503] as const };
    const plainApp = shop({ traffic: { requestTimeout: Duration.seconds(20), retry: { ...retry, on: [503] } } });
    const warned = synthApps([plainApp]).chart.warnings.filter((w) => w.id === 'CT-TRAFFIC-030');
    expect(warned.map((w) => [w.field, w.message])).toEqual([
      ['expose[0]', expect.stringContaining('Flagger makes this HTTPRoute from the Canary')],
    ]);
    const envoy = withRoute(
      { implementation: 'envoy-gateway' },
      { traffic: { requestTimeout: Duration.seconds(20), retry: { ...retry, on: [503] } } },
    );
    const { chart } = synthApps([envoy]);
    const policy = spec(appObject(chart, 'shop', { kind: 'BackendTrafficPolicy' }));
    expect(policy.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'shop' }]);
    expect(policy.retry.numRetries).toBe(2);
    expect(chart.warnings.map((w) => w.id)).not.toContain('CT-TRAFFIC-030');
  });

  test("a Gateway the route creates stays the library's; the network policy admits its pods on the route's port", () => {
    const app = withRoute(
      {
        parents: undefined,
        gateway: { name: 'shop-gw', className: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
      },
      {
        dataplane: Dataplane.kubernetes({
          controllers: { eg: { namespace: 'envoy-gateway-system', labels: { 'app.kubernetes.io/name': 'envoy' } } },
        }),
      },
    );
    const { chart, objects } = synthApps([app]);
    expect(objects.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name)).toEqual(['shop-gw']);
    expect(objects.filter((o) => o.kind === 'HTTPRoute')).toEqual([]);
    expect(spec(appObject(chart, 'shop', { kind: 'Canary' })).service.gatewayRefs).toEqual([{ name: 'shop-gw' }]);
    const policy = spec(appObjects(chart, 'shop', { kind: 'NetworkPolicy' })[0]);
    const fromGateway = policy.ingress.find(
      (r: Spec) =>
        r.from?.[0]?.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'envoy-gateway-system',
    );
    expect(fromGateway.from[0].podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'envoy' } });
    expect(fromGateway.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // The policy's own pods: the canary's and Flagger's primary's (its first selector label renamed <value>-primary).
    const renamed = policy.podSelector.matchExpressions.find((e: Spec) => e.key === 'app.kubernetes.io/name');
    expect(renamed).toEqual({ key: 'app.kubernetes.io/name', operator: 'In', values: ['shop', 'shop-primary'] });
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('a route with one rule and no match: no `match` (Flagger matches every path), the request timeout 0s when none', () => {
    const app = withRoute({ rules: [{ timeout: null }] });
    const s = spec(appObject(synthApps([app]).chart, 'shop', { kind: 'Canary' })).service;
    expect(s.match).toBeUndefined();
    expect(s.headers).toBeUndefined();
    expect(s.timeout).toBe('0s');
    expect(s.backendTimeout).toBeUndefined();
  });

  test("a prefix rewrite is carried with its type; the route's own labels and annotations go on the apex", () => {
    const app = withRoute({
      labels: { team: 'web' },
      annotations: { 'example.com/owner': 'web' },
      rules: [{ matches: [{ path: '/v1' }], filters: [HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } })] }],
    });
    const s = spec(appObject(synthApps([app]).chart, 'shop', { kind: 'Canary' })).service;
    expect(s.rewrite).toEqual({ uri: '/', type: 'ReplacePrefixMatch' });
    expect(s.match).toEqual([{ uri: { prefix: '/v1' } }]);
    expect(s.apex).toEqual({ labels: { team: 'web' }, annotations: { 'example.com/owner': 'web' } });
  });
});

describe('Flagger over a route and the targets', () => {
  test("Flagger's HTTPRoute needs Gateway API: refused under gatewayApi 'none' (CT-TARGET-002), also with no route written", () => {
    const problems = definitionProblems(() => synthApps([shop()], { targets: { gatewayApi: 'none' } }));
    expect(problems.map((p) => [p.ruleId, p.field])).toEqual([['CT-TARGET-002', 'expose[0]']]);
    expect(() => synthApps([shop()], { targets: { gatewayApi: '1.5', gatewayApiChannel: 'standard' } })).not.toThrow();
  });
});

describe("bad input: what Flagger's HTTPRoute cannot carry is refused (CT-DELIVERY-020)", () => {
  test('a redirecting rule', () => {
    const app = withRoute({
      rules: [{ filters: [HttpFilter.redirect({ scheme: 'https' })] }, { matches: [{ path: '/' }] }],
    });
    expect(problemsOf(app)).toEqual([
      ['expose[0].rules[0].filters[0]', 'RequestRedirect', 'CT-DELIVERY-020', expect.stringContaining('redirect')],
    ]);
  });

  test('a named rule', () => {
    const app = withRoute({ rules: [{ name: 'api', matches: [{ path: '/api' }] }] });
    expect(problemsOf(app)).toEqual([
      ['expose[0].rules[0].name', 'api', 'CT-DELIVERY-020', expect.stringContaining('one rule without a name')],
    ]);
  });

  test('rules that differ in port, timeout or filters', () => {
    const app = withRoute({
      rules: [
        { matches: [{ path: '/api' }] },
        { matches: [{ path: '/admin' }], port: 'admin' },
        { matches: [{ path: '/slow' }], timeout: Duration.seconds(60) },
        { matches: [{ path: '/h' }], filters: [HttpFilter.requestHeaders({ set: { a: 'b' } })] },
      ],
    });
    expect(problemsOf(app).map((p) => p.slice(0, 3))).toEqual([
      ['expose[0].rules[1]', 'port', 'CT-DELIVERY-020'],
      ['expose[0].rules[2]', 'timeout', 'CT-DELIVERY-020'],
      ['expose[0].rules[3]', 'filters', 'CT-DELIVERY-020'],
    ]);
  });

  test('a route name other than the Service, which Flagger names its HTTPRoute after', () => {
    expect(problemsOf(withRoute({ name: 'shop-public' }))).toEqual([
      [
        'expose[0].name',
        'shop-public',
        'CT-DELIVERY-020',
        expect.stringContaining('named after the app\'s Service ("shop")'),
      ],
    ]);
    // The Service's name is accepted, and so is a Service named otherwise when the route's name is left out.
    expect(() => synthApps([withRoute({ name: 'shop' })])).not.toThrow();
    const renamed = withRoute({}, { names: { service: 'storefront' } });
    expect(spec(appObject(synthApps([renamed]).chart, 'shop', { kind: 'Canary' })).service.name).toBe('storefront');
    expect(renamed.spec.delivery!.yielded).toEqual([{ kind: 'HTTPRoute', name: 'storefront' }]);
  });

  test('a header matched twice in one match (the Canary holds matches by name)', () => {
    const app = withRoute({
      rules: [
        {
          matches: [
            {
              headers: [
                { name: 'x-tenant', value: 'a' },
                { name: 'X-Tenant', value: 'b' },
              ],
            },
          ],
        },
      ],
    });
    expect(problemsOf(app).map((p) => p.slice(0, 3))).toContainEqual([
      'expose[0].rules[0].matches[0].headers[1].name',
      'X-Tenant',
      'CT-DELIVERY-020',
    ]);
  });

  test('a prefix rewrite of rules whose matches Flagger joins into one rule', () => {
    const rewrite = [HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } })];
    const app = withRoute({
      rules: [
        { matches: [{ path: '/v1' }], filters: rewrite },
        { matches: [{ path: '/v2' }], filters: rewrite },
      ],
    });
    expect(problemsOf(app).map((p) => p.slice(0, 3))).toEqual([['expose[0].rules', 2, 'CT-DELIVERY-020']]);
  });

  test('a GRPCRoute alone is no router for Flagger (it makes an HTTPRoute)', () => {
    const app = shop({ expose: [GatewayRouteExposure.grpc({ parents: [{ name: 'public', namespace: 'gateways' }] })] });
    expect(problemsOf(app).map((p) => [p[0], p[1]])).toEqual([['delivery.controller', 'flagger']]);
  });

  test('another app writing the HTTPRoute Flagger makes is a conflict naming both', () => {
    const other = TrafficApp.define({
      name: 'shop-admin',
      namespace: 'shop',
      image: 'ghcr.io/acme/shop-admin:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      readiness: Probe.httpGet('/ready', { port: 'http' }),
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      expose: [GatewayRouteExposure.http({ name: 'shop', parents: [{ name: 'public', namespace: 'gateways' }] })],
    });
    const found = definitionProblems(() => synthApps([shop(), other])).map((p) => [p.path, p.field, p.message]);
    expect(found).toEqual([
      [
        'test/shop-admin',
        'expose[0].name',
        'the HTTPRoute "shop" in namespace shop is also written by app "shop" (delivery (made by Flagger))',
      ],
    ]);
  });
});
