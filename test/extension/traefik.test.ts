import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { Dataplane, Probe, TrafficApp, TrafficAppProps, TrafficChart } from 'cdk-traffic';
import { definitionProblems, synthApps } from 'cdk-traffic/testing';
import { internetReplicasRule, traefikRenderer, TraefikRoute } from './traefik-route';

// The walkthrough of docs/exposures.md ("A kind of your own"), run: a Traefik IngressRoute with a weighted
// TraefikService and a rule reading `traits.reach`, from outside the library (traefik-route.ts imports only
// `cdk-traffic`).

const shop: TrafficAppProps = {
  name: 'shop',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop:1.0.0',
  replicas: 1,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/shop:1.1.0', weight: 0.5 } },
  expose: [new TraefikRoute({ hosts: ['shop.example.com'] })],
  dataplane: Dataplane.kubernetes(),
};

const chartOf = (app: App, props: TrafficAppProps = shop) =>
  new TrafficChart(app, 'shop', {
    apps: [TrafficApp.define(props)],
    renderers: { 'traefik-ingress-route': traefikRenderer },
    rules: [internetReplicasRule],
    printWarnings: false,
  });

test('the 0.5% canary is written 995/5 on the TraefikService, which the IngressRoute sends the host to', () => {
  const objects = chartOf(Testing.app()).toJson();
  const split = objects.find((o: { kind: string }) => o.kind === 'TraefikService');
  expect(split.spec.weighted.services).toEqual([
    { name: 'shop-v1', port: 80, weight: 995 },
    { name: 'shop-v2', port: 80, weight: 5 },
  ]);
  const route = objects.find((o: { kind: string }) => o.kind === 'IngressRoute');
  expect(route.spec.routes).toEqual([
    { kind: 'Rule', match: 'Host(`shop.example.com`)', services: [{ name: 'shop-traefik', kind: 'TraefikService' }] },
  ]);
  // Each weighted Service exists and selects its version's pods.
  for (const s of split.spec.weighted.services) {
    const svc = objects.find(
      (o: { kind: string; metadata: { name: string } }) => o.kind === 'Service' && o.metadata.name === s.name,
    );
    expect(svc.spec.ports.map((p: { port: number }) => p.port)).toContain(s.port);
  }
});

test('the network policy admits the Traefik pods on the pod port behind the Service port', () => {
  const objects = chartOf(Testing.app()).toJson();
  const policy = objects.find((o: { kind: string }) => o.kind === 'NetworkPolicy');
  expect(policy.spec.ingress).toEqual([
    {
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
        },
      ],
      ports: [{ port: 8080, protocol: 'TCP' }],
    },
  ]);
});

test('the rule reads traits.reach: one replica behind an internet-facing kind is a warning; two are compliant', () => {
  const warned = chartOf(Testing.app()).warnings.filter((w) => w.id === 'ACME-REPLICAS');
  expect(warned.map((w) => [w.path, w.field, w.message])).toEqual([
    [
      'shop/shop',
      'replicas',
      'the app is reachable from the internet (Traefik IngressRoute "shop-traefik") with fewer than 2 replicas',
    ],
  ]);
  expect(chartOf(Testing.app(), { ...shop, replicas: 2 }).warnings.filter((w) => w.id === 'ACME-REPLICAS')).toEqual([]);
});

test("the kind's hosts appear in the traffic map and SUMMARY.md, with its split and the controller it needs", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-traefik-'));
  const app = new App({ outdir });
  chartOf(app);
  const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    app.synth();
  } finally {
    log.mockRestore();
  }
  const map = fs.readFileSync(path.join(outdir, 'shop.traffic.md'), 'utf8');
  expect(map).toContain('Traefik IngressRoute #quot;shop-traefik#quot;</b><br/>host shop.example.com');
  expect(map).toContain('src_internet -->');
  expect(map).toContain('-->|"99.5% (995/1000)"| podsX_shopX_shop_v1');
  expect(map).toContain('-->|"0.5% (5/1000)"| podsX_shopX_shop_v2');
  const summary = fs.readFileSync(path.join(outdir, 'SUMMARY.md'), 'utf8');
  expect(summary).toContain(
    '| Traefik IngressRoute "shop-traefik" | shop.example.com | v1 99.5% (995/1000), v2 0.5% (5/1000) |',
  );
  expect(summary).toMatch(/Traefik.*3\.0.*IngressRoute and TraefikService/);
});

test("a JavaScript caller's host string where a list belongs is one problem from the kind's declared shape", () => {
  const problems = definitionProblems(
    () => TrafficApp.define({ ...shop, expose: [new TraefikRoute({ hosts: 'shop.example.com' as never })] }).spec,
  );
  expect(problems.map((p) => [p.field, p.value])).toEqual([['expose[0].hosts', 'shop.example.com']]);
  expect(problems[0].fix).toContain('["shop.example.com"]');
});

test('a renderer registration of the wrong shape is a problem naming the kind, never a TypeError', () => {
  const problems = definitionProblems(
    () =>
      new TrafficChart(Testing.app(), 'shop', {
        apps: [TrafficApp.define(shop)],
        renderers: { 'traefik-ingress-route': { render: 'IngressRoute' as never, order: Number.NaN } },
      }),
  );
  expect(problems.map((p) => p.field)).toEqual(
    expect.arrayContaining(["renderers['traefik-ingress-route'].render", "renderers['traefik-ingress-route'].order"]),
  );
  expect(problems.find((p) => p.field.endsWith('.render'))!.message).toContain("kind 'traefik-ingress-route'");
});

test('the kit refuses a wrong argument with a message naming the helper, not a TypeError', () => {
  const { ExposureKit } = jest.requireActual('cdk-traffic');
  expect(() => ExposureKit.writtenWeights('99.5,0.5', { maxTotal: 1000, maxWeight: 1000 })).toThrow(
    'ExposureKit.writtenWeights: `shares` must be a list of non-negative numbers (percent) (received "99.5,0.5")',
  );
  expect(() => ExposureKit.podPorts(undefined, [80])).toThrow(
    'ExposureKit.podPorts: `workload` must be the WorkloadSpec',
  );
  expect(ExposureKit.writtenWeights([99.5, 0.5], { maxTotal: 1000, maxWeight: 1000 })).toEqual([995, 5]);
});

test("the kit's Service port: by name or number through the one port resolution; a container port or a wrong type is a problem, never a TypeError", () => {
  const { ExposureKit, Problems } = jest.requireActual('cdk-traffic');
  const w = TrafficApp.define({ ...shop, expose: [] }).spec;
  const problems = new Problems();
  expect(ExposureKit.servicePort(problems, 'expose[0].port', w, 'http')).toMatchObject({
    port: 80,
    target: { port: 8080 },
  });
  expect(ExposureKit.servicePort(problems, 'expose[0].port', w, 80)).toMatchObject({ port: 80 });
  expect(problems.items).toEqual([]);
  expect(ExposureKit.servicePort(problems, 'expose[0].port', w, 8080)).toBeUndefined();
  expect(ExposureKit.servicePort(problems, 'expose[1].port', w, { name: 'http' })).toBeUndefined();
  expect(problems.items.map((p: { field: string; value: unknown; fix: string }) => [p.field, p.value, p.fix])).toEqual([
    [
      'expose[0].port',
      8080,
      'name a Service port by its name or number (not the container port), or add the port to `service.ports`',
    ],
    [
      'expose[1].port',
      { name: 'http' },
      'name a Service port by its name or number (not the container port), or add the port to `service.ports`',
    ],
  ]);
});

test("the kit's per-version backends are the list the built-in kinds carry: stable first, shares, subset labels", () => {
  const { ExposureKit, Problems } = jest.requireActual('cdk-traffic');
  const w = TrafficApp.define({ ...shop, expose: [] }).spec;
  const port = ExposureKit.servicePort(new Problems(), 'port', w, 'http');
  expect(
    ExposureKit.versionBackends(w, port).map((b: Record<string, unknown>) => [
      b.serviceName,
      b.port,
      b.targetPort,
      b.share,
      b.stable,
      b.subsetLabels,
      b.workloadName,
    ]),
  ).toEqual([
    ['shop-v1', 80, 8080, 99.5, true, { version: 'v1' }, 'shop-v1'],
    ['shop-v2', 80, 8080, 0.5, false, { version: 'v2' }, 'shop-v2'],
  ]);
  // The workloads are the Deployments the chart writes (the map draws their pods by these names).
  const { objects } = synthApps([TrafficApp.define({ ...shop, expose: [] })]);
  expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['shop-v1', 'shop-v2']);
});
