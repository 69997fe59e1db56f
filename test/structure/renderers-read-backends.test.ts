import { scanLib } from './scan-lib';
import { Duration } from 'cdk8s';
import { LoadBalancerService, Mesh, Probe, TrafficApp } from '../../lib';
import { BUILT_IN_MAP_DRAWINGS } from '../../lib/k8s/expose/exposure-renderers';
import { trafficGraph } from '../../lib/map/from-specs';
import type { IstioMeshSpec } from '../../lib/model/exposure/istio-mesh';
import { appVersionBackends, versionBackends } from '../../lib/model/exposure/service-backend';
import { appObject, synthApps } from '../../lib/testing';
import type { KubeObject } from '../../lib/testing';
import { reviews as deliveredReviews, storefront } from '../../apps/delivered';

// The per-version backend list (Service, port, declared share per version, external versions included) is computed
// once in the model (`versionBackends`, carried by each exposure's spec); the exposure renderers read the spec,
// never the app's versions. So does every other writer of lib/k8s/, lib/aws/ and lib/map/: the traffic map and
// SUMMARY.md (an exposure's split and the pods it reaches, by `workloadName`), the monitors and alerts
// (lib/k8s/observe/: one relabeling, recording rule and canary alert per backend), through `appVersionBackends`.
// Only the workload's own writers read the versions (they write one workload per version): lib/k8s/workload/, the
// Argo Rollout that replaces the Deployment, the map's drawing of the workload's pods (replicas, image, readiness per
// version), and the escape hatch that finds a version's objects by its name (`objectsOf(app).versionService('v2')`).
// The targets' versions (`targets.versions.kubernetes`) are another thing of the same name.
const WRITERS = ['k8s/', 'aws/', 'map/'];
const WORKLOAD_WRITERS = [
  'k8s/workload/',
  'k8s/delivery/argo-rollout.ts',
  'map/workload-drawing.ts',
  'k8s/app-objects.ts',
];

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => (o as Spec).spec;

/** The lines of `source` that read an app's versions. */
export function versionReads(source: string): string[] {
  const patterns = [/(?<!\btargets|\))\??\.versions\b/, /\{[^}]*\bversions\b[^}]*\}\s*=\s*[\w.]+;/];
  return source.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}

test('no renderer of an exposure, nor the map, the summary or the monitors, reads the app’s versions', () => {
  const found = scanLib(
    (rel) => WRITERS.some((r) => rel.startsWith(r)) && !WORKLOAD_WRITERS.some((w) => rel.startsWith(w)),
    versionReads,
  );
  expect(found).toEqual([]);
  // The scan covers the map and the observe writers (it reads files there).
  expect(
    scanLib(
      (rel) => rel.startsWith('map/') || rel.startsWith('k8s/observe/'),
      (s) => [s.slice(0, 1)],
    ).length,
  ).toBeGreaterThan(10);
});

test('the scan finds a read of the versions (it can fail)', () => {
  expect(
    versionReads(
      [
        'const v = app.versions.find((x) => x.version === version);',
        'if (w.versions.length > 1) return;',
        'const { versions } = app;',
        'const k8s = targets.versions.kubernetes;',
        'const c = TrafficTargets.of(this, problems).versions.cilium;',
        'const b = mesh.backends;',
      ].join('\n'),
    ),
  ).toEqual([
    'const v = app.versions.find((x) => x.version === version);',
    'if (w.versions.length > 1) return;',
    'const { versions } = app;',
  ]);
});

// Bookinfo's reviews with three versions, the third deployed elsewhere, in an Istio mesh.
const reviewsApp = TrafficApp.define({
  name: 'reviews',
  namespace: 'bookinfo',
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  selectorLabels: { app: 'reviews' },
  version: 'v1',
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  versions: {
    v2: { image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3', weight: 9 },
    v3: { external: { labels: { app: 'reviews', track: 'v3' } }, weight: 1 },
  },
  expose: [Mesh.istio()],
});

describe('the per-version backend list', () => {
  const reviews = reviewsApp.spec;

  test('one backend per version, stable first, with its Service, port, declared share and subset labels', () => {
    expect(versionBackends(reviews, 9080)).toEqual([
      {
        serviceName: 'reviews-v1',
        port: 9080,
        share: 90,
        version: 'v1',
        workloadName: 'reviews-v1',
        stable: true,
        subsetLabels: { version: 'v1' },
      },
      {
        serviceName: 'reviews-v2',
        port: 9080,
        share: 9,
        version: 'v2',
        workloadName: 'reviews-v2',
        stable: false,
        subsetLabels: { version: 'v2' },
      },
      {
        serviceName: 'reviews-v3',
        port: 9080,
        share: 1,
        version: 'v3',
        workloadName: 'reviews-v3',
        stable: false,
        external: true,
        subsetLabels: { track: 'v3' },
      },
    ]);
  });

  test('the mesh spec carries the list and the DestinationRule subsets are written from it', () => {
    const { chart } = synthApps([reviewsApp]);
    const dr = spec(appObject(chart, 'reviews', { kind: 'DestinationRule' }));
    const vs = spec(appObject(chart, 'reviews', { kind: 'VirtualService' }));
    expect(dr.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
      { name: 'v3', labels: { track: 'v3' } },
    ]);
    // The weighted route: every backend's subset with its declared share (Istio's weights add up to 100).
    expect(vs.http.at(-1).route.map((r: Spec) => [r.destination.subset, r.weight])).toEqual([
      ['v1', 90],
      ['v2', 9],
      ['v3', 1],
    ]);
    const mesh = reviews.exposures[0] as IstioMeshSpec;
    expect(mesh.backends).toEqual(versionBackends(reviews, 9080, 'istio'));
    // The subset of the external version selects its pods by their own label, as the version declares them.
    expect(mesh.backends.map((b) => [b.version, b.subsetLabels])).toEqual([
      ['v1', { version: 'v1' }],
      ['v2', { version: 'v2' }],
      ['v3', { track: 'v3' }],
    ]);
  });

  test('one version: the app Service with the whole share; no version label, no subset labels', () => {
    const { version: _v, versions: _vs, ...props } = reviewsApp.props;
    const one = TrafficApp.define({ ...props, expose: [] }).spec;
    expect(versionBackends(one, 9080)).toEqual([
      { serviceName: 'reviews', port: 9080, share: 100, workloadName: 'reviews', stable: true, subsetLabels: {} },
    ]);
  });
});

describe('a delivery controller’s starting backends, for the layer it drives only', () => {
  test('Argo Rollouts on a Gateway API route: its stable and canary Services at 100/0 on that layer', () => {
    const app = storefront.spec;
    const port = app.service!.ports[0].port;
    const d = app.delivery!;
    // Both reach the app's one workload (the Rollout's pods).
    const workloadName = app.versions[0].deploymentName;
    expect(versionBackends(app, port, 'gateway-api')).toEqual([
      { serviceName: d.services!.stable, port, share: 100, workloadName, stable: true, subsetLabels: {}, driven: true },
      { serviceName: d.services!.canary, port, share: 0, workloadName, stable: false, subsetLabels: {}, driven: true },
    ]);
    // Another layer (an Ingress, a load balancer, a user kind) sends to the app's Service.
    expect(versionBackends(app, port).map((b) => [b.serviceName, b.share])).toEqual([[app.service!.name, 100]]);
    // The Istio layer is not the router here: no subsets of the controller.
    expect(versionBackends(app, port, 'istio').map((b) => b.version)).toEqual([undefined]);
  });

  test('Argo Rollouts in an Istio mesh: the stable and canary subsets, driven (the canary written at 0), on that layer', () => {
    const app = TrafficApp.define({
      ...deliveredReviews.props,
      delivery: { controller: 'argo-rollouts', steps: [{ weight: 10 }, { weight: 100 }] },
    });
    const spec0 = app.spec;
    const port = spec0.service!.ports[0].port;
    expect(versionBackends(spec0, port, 'istio').map((b) => [b.version, b.share, b.driven, b.subsetLabels])).toEqual([
      ['stable', 100, true, { ...spec0.selector }],
      ['canary', 0, true, { ...spec0.selector }],
    ]);
    const vs = spec(appObject(synthApps([app]).chart, 'reviews', { kind: 'VirtualService' }));
    const route = vs.http.find((h: Spec) => h.name === 'default').route;
    expect(route.map((r: Spec) => [r.destination.subset, r.weight])).toEqual([
      ['stable', 100],
      ['canary', 0],
    ]);
    // A layer the controller does not drive sends to the app's Service, not to the subsets.
    expect(versionBackends(spec0, port).map((b) => [b.serviceName, b.version, b.driven])).toEqual([
      [spec0.service!.name, spec0.versions[0].version, undefined],
    ]);
  });
});

describe('the map and the monitors read the per-version backend list', () => {
  const observed = TrafficApp.define({
    ...reviewsApp.props,
    observe: { objective: { availability: 99.9, window: Duration.days(28) } },
  });

  test('the mesh drawing: one edge per backend, to the pods of its workload, with the written weight', () => {
    const app = observed.spec;
    const g = trafficGraph('t', [app], [], BUILT_IN_MAP_DRAWINGS);
    const mesh = app.exposures[0] as IstioMeshSpec;
    const toPods = g.edges.filter((e) => e.to.startsWith('pods/') && e.label?.startsWith('mesh subset'));
    expect(toPods.map((e) => [e.to, e.label])).toEqual(
      mesh.backends.map((b) => [
        `pods/bookinfo/${b.workloadName}`,
        `mesh subset ${b.version}: ${b.share}% (${b.share}/100)`,
      ]),
    );
    expect(toPods.map((e) => e.to)).toEqual([
      'pods/bookinfo/reviews-v1',
      'pods/bookinfo/reviews-v2',
      'pods/bookinfo/reviews-v3',
    ]);
    // Every edge ends at a pods node the workload drawing made.
    const pods = new Set(g.nodes.map((n) => n.id));
    expect(toPods.every((e) => pods.has(e.to))).toBe(true);
  });

  test('a kind drawn from its traits splits by the app’s backend list (appVersionBackends)', () => {
    const app = TrafficApp.define({ ...reviewsApp.props, expose: [LoadBalancerService.create({})] }).spec;
    const g = trafficGraph('t', [app], [], BUILT_IN_MAP_DRAWINGS);
    const toPods = g.edges.filter((e) => e.to.startsWith('pods/') && e.label === 'by ready pods');
    expect(toPods.map((e) => e.to)).toEqual(appVersionBackends(app).map((b) => `pods/bookinfo/${b.workloadName}`));
    expect(toPods).toHaveLength(3);
  });

  test('the PodMonitor relabels each backend’s version to its workload; the canary alerts compare each canary with the stable one', () => {
    const { chart } = synthApps([observed]);
    const monitor = spec(appObject(chart, 'reviews', { kind: 'PodMonitor' }));
    const relabel = monitor.podMetricsEndpoints[0].relabelings.filter((r: Spec) => r.targetLabel === 'workload');
    expect(relabel.map((r: Spec) => [r.regex, r.replacement])).toEqual(
      appVersionBackends(observed.spec).map((b) => [b.version, b.workloadName]),
    );
    const rule = spec(appObject(chart, 'reviews', { kind: 'PrometheusRule' }));
    const canary = rule.groups
      .flatMap((gr: Spec) => gr.rules)
      .filter((r: Spec) => r.alert === 'CanaryErrorsAboveStable')
      .map((r: Spec) => r.labels.version);
    expect(canary).toEqual(['v2', 'v3']);
  });
});
