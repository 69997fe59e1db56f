import { Dataplane, Mesh, TrafficApp } from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { appFacts } from '../../lib/map/from-specs';
import { inventory, reviews, storefront } from '../../apps/delivered';

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;

/** Whether a label selector (matchLabels and `In` expressions) selects pods of these labels. */
function selects(selector: Spec, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every(
    (e: Spec) => e.operator === 'In' && (e.values as string[]).includes(labels[e.key]),
  );
  return byLabels && byExpressions;
}

/** The pods of the Deployment, and those Flagger runs as `<name>-primary` (its selector label renamed). */
function podsOf(deployment: KubeObject): { canary: Record<string, string>; primary: Record<string, string> } {
  const canary = spec(deployment).template.metadata.labels as Record<string, string>;
  const key = ['app', 'name', 'app.kubernetes.io/name'].find((k) => spec(deployment).selector.matchLabels[k])!;
  return { canary, primary: { ...canary, [key]: `${canary[key]}-primary` } };
}

describe('Flagger in a Linkerd mesh (the inventory example)', () => {
  const { chart, objects } = synthApps([inventory]);
  const canary = appObject(chart, 'inventory', { kind: 'Canary' });
  const deployment = appObject(chart, 'inventory', { kind: 'Deployment' });
  const pods = podsOf(deployment);

  test("the Canary uses Flagger's Gateway API provider on the app's Service, the route Linkerd reads", () => {
    expect(spec(canary).provider).toBe('gatewayapi:v1');
    expect(spec(canary).targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'inventory' });
    expect(spec(canary).service.gatewayRefs).toEqual([
      { name: 'inventory', namespace: 'inventory', group: 'core', kind: 'Service', port: 80 },
    ]);
    expect(spec(canary).service).toMatchObject({ name: 'inventory', port: 80, targetPort: 'http' });
    // Istio's fields are not written for Linkerd.
    expect(spec(canary).service.hosts).toBeUndefined();
    expect(spec(canary).service.trafficPolicy).toBeUndefined();
  });

  test("the app's retry and timeout become Linkerd's annotations on Flagger's apex Service", () => {
    expect(spec(canary).service.apex.annotations).toEqual({
      'retry.linkerd.io/http': '503',
      'retry.linkerd.io/limit': '2',
      'timeout.linkerd.io/request': '5s',
      'timeout.linkerd.io/idle': '60s',
    });
  });

  test("the Canary's parent and apex annotations come from the mesh's traits (delivered), not from its kind's spec", () => {
    const delivered = inventory.spec.exposures.find((e) => e.traits.mesh)!.traits.mesh!.delivered!;
    expect(delivered.parentService).toEqual({ name: 'inventory', port: 80 });
    expect(spec(canary).service.gatewayRefs[0]).toMatchObject(delivered.parentService!);
    expect(spec(canary).service.apex.annotations).toEqual(delivered.parentAnnotations);
  });

  test('no object is written by both: no HTTPRoute and no Service; the Linkerd authorization stays', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const o of inventory.spec.delivery!.objects.filter((x) => x.owner === 'controller'))
      expect(kinds).not.toContain(`${o.kind}/${o.name}`);
    expect(kinds).not.toContain('HTTPRoute/inventory-mesh');
    expect(kinds.filter((k) => k.startsWith('HTTPRoute/') || k.startsWith('Service/'))).toEqual([]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Server/inventory-80',
        'AuthorizationPolicy/inventory-80',
        'MeshTLSAuthentication/inventory-80-clients',
      ]),
    );
    expect(inventory.spec.delivery!.objects.filter((o) => o.kind === 'HTTPRoute').map((o) => o.owner)).toEqual([
      'controller',
    ]);
  });

  test("the Server, the PodDisruptionBudget and the PodMonitor select the canary's and the primary's pods", () => {
    const server = appObject(chart, 'inventory', { kind: 'Server' });
    const pdb = appObject(chart, 'inventory', { kind: 'PodDisruptionBudget' });
    const monitor = appObject(chart, 'inventory', { kind: 'PodMonitor' });
    for (const [what, selector] of [
      ['Server', spec(server).podSelector],
      ['PodDisruptionBudget', spec(pdb).selector],
      ['PodMonitor', spec(monitor).selector],
    ] as const) {
      expect([what, selects(selector, pods.canary), selects(selector, pods.primary)]).toEqual([what, true, true]);
      // Not other pods: a label value beside the two.
      expect([what, selects(selector, { ...pods.canary, 'app.kubernetes.io/name': 'inventory-x' })]).toEqual([
        what,
        false,
      ]);
    }
    expect(chart.warnings.map((w) => w.id)).not.toContain('CT-DELIVERY-012');
  });

  test("the MetricTemplates read the Linkerd proxies' metrics of the canary pods, not the primary's", () => {
    const templates = appObjects(chart, 'inventory', { kind: 'MetricTemplate' });
    expect(templates.map((t) => t.metadata.name).sort()).toEqual([
      'inventory-error-ratio',
      'inventory-error-ratio-vs-stable',
      'inventory-latency',
    ]);
    for (const t of templates.filter((x) => !x.metadata.name.endsWith('-vs-stable'))) {
      const q: string = spec(t).query;
      expect(q).toContain('response_');
      expect(q).toContain('direction="inbound"');
      const pod = /pod=~"([^"]+)"/.exec(q)![1];
      expect(new RegExp(`^${pod}$`).test('inventory-7d9f8b6c5-x2x4z')).toBe(true);
      expect(new RegExp(`^${pod}$`).test('inventory-primary-7d9f8b6c5-x2x4z')).toBe(false);
    }
  });

  test('every object is valid against the Kubernetes and CRD schemas', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('the summary names the HTTPRoute Flagger makes and the one the library leaves out', () => {
    const rows = new Map(appFacts(inventory.spec, []).delivery);
    expect(rows.get('controller')).toBe('Flagger, moving linkerd (expose[0])');
    expect(rows.get('HTTPRoute inventory')).toBe('made by Flagger (the library does not write it)');
    expect(rows.get('HTTPRoute inventory-mesh')).toBe('not written: Flagger routes through its own objects');
  });
});

describe('Argo Rollouts in a Linkerd mesh (the Gateway API plugin on the Linkerd HTTPRoute)', () => {
  const app = TrafficApp.define({
    ...inventory.props,
    delivery: { ...storefront.props.delivery!, analysis: { interval: inventory.props.delivery!.analysis?.interval } },
  });
  const { chart, objects } = synthApps([app]);
  const rollout = appObject(chart, 'inventory', { kind: 'Rollout' });
  const route = appObject(chart, 'inventory', { kind: 'HTTPRoute' });
  const canary = spec(rollout).strategy.canary;

  test('the plugin moves the Linkerd HTTPRoute, whose backends are the stable and canary Services at 100/0', () => {
    expect(canary.trafficRouting.plugins['argoproj-labs/gatewayAPI']).toEqual({
      httpRoutes: [{ name: route.metadata.name }],
      namespace: 'inventory',
    });
    expect(spec(route).parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'inventory', port: 80 }]);
    const refs = spec(route).rules.flatMap((r: Spec) => r.backendRefs);
    expect(refs.map((b: Spec) => [b.name, b.weight])).toEqual([
      [canary.stableService, 100],
      [canary.canaryService, 0],
    ]);
    const services = appObjects(chart, 'inventory', { kind: 'Service' }).map((s) => s.metadata.name);
    expect(services).toEqual(expect.arrayContaining([canary.stableService, canary.canaryService, 'inventory']));
    expect(route.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toBe(
      'argo-rollouts: spec.rules[*].backendRefs[*].weight',
    );
  });

  test("the Server selects the app's labels (Argo's pods keep them), and every object is valid", () => {
    expect(spec(appObject(chart, 'inventory', { kind: 'Server' })).podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'inventory' },
    });
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
    expect(
      new Map(appFacts(app.spec, []).requirements.map((r) => [r.name, r.why])).get(
        'Argo Rollouts Gateway API plugin (argoproj-labs/gatewayAPI in argo-rollouts-config trafficRouterPlugins)',
      ),
    ).toBe('Rollout inventory moves HTTPRoute inventory-mesh');
  });
});

describe('Flagger: the objects that take labels only select a label the primary pods keep', () => {
  test('a network policy (the dataplane) selects both; nothing is warned', () => {
    const app = TrafficApp.define({
      ...inventory.props,
      dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'storefront' }] }),
    });
    const { chart } = synthApps([app]);
    const pods = podsOf(appObject(chart, 'inventory', { kind: 'Deployment' }));
    const selector = spec(appObject(chart, 'inventory', { kind: 'NetworkPolicy' })).podSelector;
    expect([selects(selector, pods.canary), selects(selector, pods.primary)]).toEqual([true, true]);
    expect(chart.warnings.filter((w) => w.id.startsWith('CT-DELIVERY'))).toEqual([]);
  });

  test('an Istio AuthorizationPolicy of sidecar mode and the Telemetry select by the label Flagger copies to the primary', () => {
    const istio = TrafficApp.define({
      ...reviews.props,
      expose: [Mesh.istio({ allowFrom: [{ serviceAccount: 'productpage', namespace: 'reviews' }] })],
      observe: { ...reviews.props.observe, tracing: { samplingPercent: 10 } },
    });
    const { chart, objects } = synthApps([istio]);
    const pods = podsOf(appObject(chart, 'reviews', { kind: 'Deployment' }));
    expect(pods.canary['cdk-traffic.io/app']).toBe('reviews');
    for (const kind of ['AuthorizationPolicy', 'Telemetry']) {
      const selector = spec(appObject(chart, 'reviews', { kind })).selector;
      expect([kind, selector]).toEqual([kind, { matchLabels: { 'cdk-traffic.io/app': 'reviews' } }]);
      expect([kind, selects(selector, pods.canary), selects(selector, pods.primary)]).toEqual([kind, true, true]);
    }
    expect(chart.warnings.map((w) => w.id)).not.toContain('CT-DELIVERY-012');
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test("bad input: a selector without Flagger's labels is refused (Flagger would refuse the Canary)", () => {
    const own = TrafficApp.define({ ...inventory.props, selectorLabels: { tier: 'inventory' } });
    expect(definitionProblems(() => synthApps([own])).map((p) => [p.field, p.value, p.fix])).toEqual([
      ['selectorLabels', { tier: 'inventory' }, expect.stringContaining('app.kubernetes.io/name')],
    ]);
  });
});

describe('Flagger and the connection limit', () => {
  test('refused in an Istio mesh (the Canary has no TCP limit), warned by the Linkerd layer otherwise', () => {
    const pool = { connectionPool: { maxConnections: 100 } };
    const istio = TrafficApp.define({ ...reviews.props, traffic: { ...reviews.props.traffic, ...pool } });
    expect(definitionProblems(() => synthApps([istio])).map((p) => p.field)).toContain(
      'traffic.connectionPool.maxConnections',
    );
    const linkerd = TrafficApp.define({ ...inventory.props, traffic: { ...inventory.props.traffic, ...pool } });
    // Not refused: the Linkerd layer warns that it does not carry the limit (the settings table's CT-TRAFFIC-032).
    const warnings = synthApps([linkerd]).chart.warnings.map((w) => [w.id, w.field]);
    expect(warnings).toContainEqual(['CT-TRAFFIC-032', 'expose[0]']);
  });
});
