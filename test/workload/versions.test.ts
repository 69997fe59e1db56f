import { Duration } from 'cdk8s';
import {
  EnvFrom,
  IExposure,
  GatewayRouteExposure,
  IngressExposure,
  Mesh,
  Probe,
  TrafficApp,
  TrafficAppProps,
  Volume,
} from '../../lib';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects } from '../../lib/testing';
import type { KubeObject } from '../../lib/testing';

type Spec = Record<string, any>;

/** An app as ported from upstream: the Service selects `app`, the pods carry `version`. */
const reviews = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  name: 'reviews',
  namespace: 'bookinfo',
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  selectorLabels: { app: 'reviews' },
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  env: { LOG_DIR: '/tmp/logs', STAR_COLOR: 'black' },
  volumes: { wlp: Volume.configMap('reviews-wlp') },
  volumeMounts: [{ volume: 'wlp', path: '/opt/ibm/wlp/output' }],
  ...over,
});

const spec = (o: KubeObject): Spec => (o as Spec).spec;
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const fieldsOf = (props: TrafficAppProps) =>
  definitionProblems(() => synthApps([TrafficApp.define(props)])).map((p) => [p.field, p.message]);

describe('a version label on an app with one version', () => {
  test('the pods carry it, the Deployment keeps its name and selector, the mesh subset selects the pods', () => {
    const { chart, objects } = synthApps([TrafficApp.define(reviews({ version: 'v1', expose: [Mesh.istio()] }))]);
    const d = appObject(chart, 'reviews', { kind: 'Deployment' });
    expect(d.metadata.name).toBe('reviews');
    expect(d.spec.selector.matchLabels).toEqual({ app: 'reviews' });
    expect(d.spec.template.metadata!.labels).toMatchObject({ app: 'reviews', version: 'v1' });
    expect(appObject(chart, 'reviews', { kind: 'Service' }).spec.selector).toEqual({ app: 'reviews' });
    const dr = spec(appObject(chart, 'reviews', { kind: 'DestinationRule' }));
    expect(dr.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }]);
    expect(selects(dr.subsets[0].labels, d.spec.template.metadata!.labels as Record<string, string>)).toBe(true);
    const vs = spec(appObject(chart, 'reviews', { kind: 'VirtualService' }));
    expect(vs.http.map((h: Spec) => h.route)).toEqual([[{ destination: expect.objectContaining({ subset: 'v1' }) }]]);
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('versionInSelector keeps a selector that holds the version; adding a canary keeps that Deployment as it is', () => {
    const current = { version: 'v1', versionInSelector: true, names: { deployment: 'reviews-v1' } };
    const one = synthApps([TrafficApp.define(reviews(current))]).chart;
    const before = appObject(one, 'reviews', { kind: 'Deployment' });
    expect(before.metadata.name).toBe('reviews-v1');
    expect(before.spec.selector.matchLabels).toEqual({ app: 'reviews', version: 'v1' });
    const { versionInSelector: _, ...withCanary } = current;
    const two = synthApps([
      TrafficApp.define(reviews({ ...withCanary, versions: { v2: { image: 'docker.io/istio/reviews-v2:1.20.3' } } })),
    ]).chart;
    const after = appObjects(two, 'reviews', { kind: 'Deployment' }).find((x) => x.metadata.name === 'reviews-v1')!;
    expect(after.spec.selector).toEqual(before.spec.selector);
  });

  test('bad input: versionInSelector without a version, with versions false, a contradicting version label', () => {
    expect(fieldsOf(reviews({ versionInSelector: true }))).toEqual([
      ['versionInSelector', expect.stringContaining('no version label to select')],
    ]);
    expect(fieldsOf(reviews({ versionInSelector: false, versions: { v2: { image: 'x/y:2' } } }))).toEqual([
      ['versionInSelector', expect.stringContaining('select each other')],
    ]);
    expect(fieldsOf(reviews({ version: 'v1', podLabels: { version: 'v2' } }))).toEqual([
      ['podLabels.version', expect.stringContaining('contradicts the version label')],
    ]);
    expect(fieldsOf(reviews({ selectorLabels: { app: 'reviews', version: 'v1' }, versions: { v2: {} } }))).toEqual(
      expect.arrayContaining([['selectorLabels.version', expect.stringContaining('select one version only')]]),
    );
  });
});

describe('versions as partial overrides of the app', () => {
  const app = reviews({
    versions: {
      v2: {
        image: 'docker.io/istio/reviews-v2:1.20.3',
        weight: 10,
        env: { STAR_COLOR: 'red', ENABLE_RATINGS: EnvFrom.configMap('reviews', 'ratings') },
        args: ['--ratings'],
        resources: { memoryLimit: '1Gi' },
        volumes: { wlp: Volume.configMap('reviews-wlp-v2') },
      },
    },
    expose: [Mesh.istio()],
  });

  test("the override reaches only that version's workload, merged over the app's", () => {
    const { chart, objects } = synthApps([TrafficApp.define(app)]);
    const [v1, v2] = ['reviews-v1', 'reviews-v2'].map((name) =>
      appObject(chart, 'reviews', { kind: 'Deployment', name }),
    );
    const c1 = v1.spec.template.spec!.containers[0];
    const c2 = v2.spec.template.spec!.containers[0];
    expect(c1.env).toEqual([
      { name: 'LOG_DIR', value: '/tmp/logs' },
      { name: 'STAR_COLOR', value: 'black' },
    ]);
    expect(c2.env).toEqual([
      { name: 'LOG_DIR', value: '/tmp/logs' },
      { name: 'STAR_COLOR', value: 'red' },
      { name: 'ENABLE_RATINGS', valueFrom: { configMapKeyRef: { name: 'reviews', key: 'ratings' } } },
    ]);
    expect(c1.args).toBeUndefined();
    expect(c2.args).toEqual(['--ratings']);
    expect(c2.resources!.limits!.memory).toBe('1Gi');
    expect(c2.resources!.requests).toEqual(c1.resources!.requests);
    expect(c1.resources!.limits!.memory).toBe('2Gi');
    const vol = (d: typeof v1) =>
      (d.spec.template.spec!.volumes as Spec[]).find((v) => v.name === 'wlp')!.configMap.name;
    expect([vol(v1), vol(v2)]).toEqual(['reviews-wlp', 'reviews-wlp-v2']);
    // the probes and ports stay the app's, in both
    expect(c2.readinessProbe).toEqual(c1.readinessProbe);
    expect(c2.ports).toEqual(c1.ports);
    // the subsets select the pods each version's Deployment writes
    const dr = spec(appObject(chart, 'reviews', { kind: 'DestinationRule' }));
    for (const [d, subset] of [
      [v1, 'v1'],
      [v2, 'v2'],
    ] as const) {
      const labels = dr.subsets.find((s: Spec) => s.name === subset).labels;
      expect(selects(labels, d.spec.template.metadata!.labels as Record<string, string>)).toBe(true);
    }
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('bad input: checked like the app own fields, under the version path', () => {
    const bad = reviews({
      versions: {
        v2: {
          env: { '1BAD': 'x' },
          resources: { memoryRequest: '3Gi' },
          volumes: { other: Volume.configMap('x') },
          ports: [{ name: 'http', port: 9081 }],
          readiness: Probe.tcpSocket({ port: 'http' }),
        } as never,
      },
    });
    expect(fieldsOf(bad)).toEqual(
      expect.arrayContaining([
        ['versions.v2.ports', expect.stringContaining('cannot differ between versions')],
        ['versions.v2.readiness', expect.stringContaining('cannot differ between versions')],
        ['versions.v2.env.1BAD', 'is not a valid environment variable name'],
        ['versions.v2.resources.memoryRequest', expect.stringContaining('above the memory limit')],
        ['versions.v2.volumes.other', expect.stringContaining('is not a volume of the app')],
      ]),
    );
  });
});

test('a JavaScript caller passing the wrong types gets a problem per field, never a TypeError', () => {
  const js = reviews({
    versionInSelector: 'yes' as never,
    version: 'v1',
    versions: { v2: { image: 'x/y:2', env: 'A=b' as never, args: '--x' as never, external: 'elsewhere' as never } },
  });
  expect(fieldsOf(js).map(([f]) => f)).toEqual([
    'versionInSelector',
    'versions.v2.env',
    'versions.v2.args',
    'versions.v2.external',
  ]);
});

describe('a version deployed elsewhere', () => {
  const external = { labels: { app: 'reviews', version: 'v3' } };
  const app = (over: Partial<TrafficAppProps> = {}) =>
    TrafficApp.define(
      reviews({
        versions: { v2: { image: 'docker.io/istio/reviews-v2:1.20.3', weight: 20 }, v3: { weight: 30, external } },
        expose: [
          Mesh.istio(),
          GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] }),
          IngressExposure.alb({ hosts: ['reviews.example.com'] }),
        ],
        ...over,
      }),
    );

  test('routed and subset by its labels, through its own Service, with no workload written', () => {
    const { chart, objects } = synthApps([app()]);
    expect(appObjects(chart, 'reviews', { kind: 'Deployment' }).map((d) => d.metadata.name)).toEqual([
      'reviews-v1',
      'reviews-v2',
    ]);
    expect(() => chart.objectsOf('reviews').workload('v3')).toThrow(/is deployed elsewhere/);
    expect(chart.objectsOf('reviews').versionService('v3')).toBeDefined();
    const v3 = appObject(chart, 'reviews', { kind: 'Service', name: 'reviews-v3' });
    expect(v3.spec.selector).toEqual(external.labels);
    expect(v3.metadata.annotations).toMatchObject({ 'cdk-traffic.io/external-version': expect.any(String) });
    const dr = spec(appObject(chart, 'reviews', { kind: 'DestinationRule' }));
    expect(dr.subsets).toContainEqual({ name: 'v3', labels: { version: 'v3' } });
    const vs = spec(appObject(chart, 'reviews', { kind: 'VirtualService' }));
    expect(vs.http[0].route).toContainEqual({ destination: expect.objectContaining({ subset: 'v3' }), weight: 30 });
    const route = spec(appObject(chart, 'reviews', { kind: 'HTTPRoute' }));
    expect(route.rules[0].backendRefs).toContainEqual(expect.objectContaining({ name: 'reviews-v3', weight: 30 }));
    const ingress = appObject(chart, 'reviews', { kind: 'Ingress' });
    const forward = JSON.parse(ingress.metadata.annotations!['alb.ingress.kubernetes.io/actions.weighted-9080']);
    expect(forward.forwardConfig.targetGroups).toContainEqual(
      expect.objectContaining({ serviceName: 'reviews-v3', weight: 30 }),
    );
    expect(validateObjects(objects).errors).toEqual([]);
    // the disruption budget counts the pods written here only (a pod under two budgets cannot be evicted)
    const pdb = appObject(chart, 'reviews', { kind: 'PodDisruptionBudget' });
    expect(pdb.spec.selector).toEqual({
      matchLabels: { app: 'reviews' },
      matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v3'] }],
    });
    // no rule reports the external version's pods (count, image) as missing; the one load balancer that
    // health-checks them (the ALB) says which check they must answer
    expect(chart.warnings.filter((w) => w.id !== 'CT-TRAFFIC-050').map((w) => [w.id, w.field])).toEqual([
      ['CT-TRAFFIC-017', 'versions.v3.external'],
    ]);
    expect(chart.warnings.find((w) => w.id === 'CT-TRAFFIC-017')!.message).toContain('ALB Ingress "reviews"');
    expect(chart.warnings.find((w) => w.id === 'CT-TRAFFIC-017')!.message).toContain('/health on port 9080');
  });

  test('bad input: no labels, labels that also select the stable pods or lack the selector, workload fields', () => {
    const with3 = (v3: Record<string, unknown>) => reviews({ versions: { v3: v3 as never } });
    expect(fieldsOf(with3({ external: { labels: {} } }))).toEqual([
      ['versions.v3.external.labels', expect.stringContaining('selects no pods')],
    ]);
    expect(fieldsOf(with3({ external: { labels: { app: 'reviews' } } }))).toEqual([
      ['versions.v3.external.labels', expect.stringContaining('also select the pods this app writes (v1)')],
    ]);
    expect(fieldsOf(with3({ external: { labels: { team: 'b', version: 'v3' } } }))).toEqual([
      ['versions.v3.external.labels', expect.stringContaining("lacks the app's selector labels (app=reviews)")],
    ]);
    expect(fieldsOf(with3({ external, image: 'x/y:3', env: { A: 'b' } }))).toEqual([
      ['versions.v3.image', expect.stringContaining('deployed elsewhere')],
      ['versions.v3.env', expect.stringContaining('deployed elsewhere')],
    ]);
    expect(fieldsOf(with3({ external: {} }))).toEqual([['versions.v3.external.labels', 'is required']]);
  });
});

describe('load balancing', () => {
  const lb = (traffic: TrafficAppProps['traffic'], expose: IExposure[] = [Mesh.istio()]) =>
    TrafficApp.define(reviews({ traffic, expose }));
  const policy = (traffic: TrafficAppProps['traffic']) =>
    spec(appObject(synthApps([lb(traffic)]).chart, 'reviews', { kind: 'DestinationRule' })).trafficPolicy.loadBalancer;

  test('Istio: random, consistent hash by header, cookie and source IP, locality preference', () => {
    expect(policy({ loadBalancing: 'random' })).toEqual({ simple: 'RANDOM' });
    expect(policy({ loadBalancing: { hashBy: 'header', name: 'x-user' } })).toEqual({
      consistentHash: { httpHeaderName: 'x-user' },
    });
    expect(policy({ loadBalancing: { hashBy: 'cookie', name: 'session', cookieTtl: Duration.hours(1) } })).toEqual({
      consistentHash: { httpCookie: { name: 'session', ttl: '3600s' } },
    });
    expect(policy({ loadBalancing: { hashBy: 'cookie', name: 'session' } }).consistentHash.httpCookie.ttl).toBe('0s');
    expect(policy({ loadBalancing: { hashBy: 'source-ip' } })).toEqual({ consistentHash: { useSourceIp: true } });
    expect(
      policy({ loadBalancing: 'least-request', localityPreference: true, outlierDetection: { consecutiveErrors: 5 } }),
    ).toEqual({ simple: 'LEAST_REQUEST', localityLbSetting: { enabled: true } });
    const { objects } = synthApps([lb({ loadBalancing: { hashBy: 'header', name: 'x-user' } })]);
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('ALB: random is weighted_random; a hash is refused with an id, another layer warns', () => {
    const alb = [IngressExposure.alb({ hosts: ['reviews.example.com'] })];
    const ingress = appObject(synthApps([lb({ loadBalancing: 'random' }, alb)]).chart, 'reviews', { kind: 'Ingress' });
    expect(ingress.metadata.annotations!['alb.ingress.kubernetes.io/target-group-attributes']).toContain(
      'load_balancing.algorithm.type=weighted_random',
    );
    const refused = definitionProblems(() =>
      synthApps([lb({ loadBalancing: { hashBy: 'header', name: 'x-user' } }, alb)]),
    );
    expect(refused.map((p) => [p.field, p.ruleId])).toEqual([['expose[0]', 'CT-TRAFFIC-033']]);
    expect(refused[0].message).toMatch(/^traffic\.loadBalancing.*cannot balance by hash-header/);
    // with the mesh applying the hash to its clients, the ALB's is a warning (acknowledgeable), not an error
    const both = synthApps([lb({ loadBalancing: { hashBy: 'header', name: 'x-user' } }, [Mesh.istio(), ...alb])]);
    const onAlb = both.chart.warnings.filter((w) => w.message.startsWith('traffic.loadBalancing'));
    expect(onAlb.map((w) => [w.id, w.field])).toEqual([['CT-TRAFFIC-032', 'expose[1]']]);
    expect(onAlb[0].message).toContain('Istio VirtualService "reviews" applies it');
    const nginx = [IngressExposure.withClass({ className: 'nginx', hosts: ['reviews.example.com'] })];
    const { chart } = synthApps([lb({ loadBalancing: 'random' }, nginx)]);
    expect(chart.warnings.filter((w) => w.message.startsWith('traffic.loadBalancing')).map((w) => w.id)).toEqual([
      'CT-TRAFFIC-032',
    ]);
  });

  test('bad input: a hash without a header or cookie name, locality without outlier detection, a wrong choice', () => {
    expect(fieldsOf(reviews({ traffic: { loadBalancing: { hashBy: 'header' } } }))).toEqual([
      ['traffic.loadBalancing.name', expect.stringContaining("a hash by header needs the header's name")],
    ]);
    expect(fieldsOf(reviews({ traffic: { loadBalancing: { hashBy: 'cookie', name: 'a b' } } }))).toEqual([
      ['traffic.loadBalancing.name', expect.stringContaining("a hash by cookie needs the cookie's name")],
    ]);
    expect(fieldsOf(reviews({ traffic: { localityPreference: true } }))).toEqual([
      ['traffic.localityPreference', expect.stringContaining('outlier detection')],
    ]);
    const wrong = fieldsOf(reviews({ traffic: { loadBalancing: 'fastest' as never } }));
    expect(wrong).toEqual([['traffic.loadBalancing', expect.stringContaining('(got "fastest")')]]);
  });
});
