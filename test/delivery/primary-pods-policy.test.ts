import { Dataplane, LoadBalancerService, Mesh, TrafficApp, TrafficAppProps } from 'cdk-traffic';
import { appObject, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { inventory, reviews, storefront } from '../../apps/delivered';

// Issue 24 item 4: the network policies select the pods Flagger runs as `<name>-primary` as well as the canary's,
// and a caller's egress (and a callee's allowance) admits them, as Flagger writes their labels.

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;
const named = (objects: readonly KubeObject[], kind: string, name: string): KubeObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};

/**
 * Whether a label selector selects pods of these labels, as the API server evaluates it (every operator; a key
 * `k8s:`-prefixed as Cilium writes Kubernetes labels is read without its prefix).
 */
function selects(selector: Spec, labels: Record<string, string>): boolean {
  const value = (k: string) => labels[k.replace(/^k8s:/, '')];
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => value(k) === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: Spec) => {
    const v = value(e.key);
    if (e.operator === 'In') return v !== undefined && e.values.includes(v);
    if (e.operator === 'NotIn') return v === undefined || !e.values.includes(v);
    if (e.operator === 'Exists') return v !== undefined;
    return v === undefined;
  });
  return byLabels && byExpressions;
}

/**
 * The pods of a Deployment, and those Flagger runs from it as `<name>-primary`: its pod template's labels with the
 * first of Flagger's selector labels found in the Deployment's selector renamed `<value>-primary` (fluxcd/flagger
 * pkg/canary/deployment_controller.go `getSelectorLabel`, util.go `makePrimaryLabels`).
 */
function podsOf(deployment: KubeObject): { canary: Record<string, string>; primary: Record<string, string> } {
  const canary = spec(deployment).template.metadata.labels as Record<string, string>;
  const key = ['app', 'name', 'app.kubernetes.io/name'].find((k) => spec(deployment).selector.matchLabels[k])!;
  return { canary, primary: { ...canary, [key]: `${canary[key]}-primary` } };
}

/** A caller in the storefront namespace, in the Linkerd mesh (inventory's Server admits listed meshed clients). */
const caller: TrafficAppProps = {
  name: 'web',
  namespace: 'storefront',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: storefront.props.readiness,
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })],
};

describe.each([
  ['kubernetes', Dataplane.kubernetes({ allowFrom: [{ namespace: 'ops' }], restrictEgress: true })],
  ['cilium', Dataplane.cilium({ policy: { allowFrom: [{ namespace: 'ops' }] } })],
] as const)('Flagger and the %s network policy', (kind, dataplane) => {
  const policyKind = kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
  const own = (p: KubeObject) => (kind === 'cilium' ? spec(p).endpointSelector : spec(p).podSelector);
  const delivered = TrafficApp.define({ ...inventory.props, dataplane });
  const web = TrafficApp.define({ ...caller, calls: [delivered], dataplane });
  const { chart, objects } = synthApps([delivered, web]);
  const pods = podsOf(appObject(chart, 'inventory', { kind: 'Deployment' }));
  const webPods = podsOf(appObject(chart, 'web', { kind: 'Deployment' })).canary;

  test("the app's policy selects the canary's and the primary's pods, and no other app's", () => {
    const selector = own(named(objects, policyKind, 'inventory'));
    expect([selects(selector, pods.canary), selects(selector, pods.primary)]).toEqual([true, true]);
    expect(selects(selector, { ...pods.canary, 'app.kubernetes.io/name': 'inventory-x' })).toBe(false);
    expect(selects(selector, webPods)).toBe(false);
  });

  test("a caller's egress admits the callee's primary pods (and its canary's), not others", () => {
    const egress = spec(named(objects, policyKind, 'web')).egress as Spec[];
    const toPods = (labels: Record<string, string>) =>
      egress.some((r) =>
        kind === 'cilium'
          ? (r.toEndpoints ?? []).some(
              (e: Spec) =>
                e.matchLabels['k8s:io.kubernetes.pod.namespace'] === 'inventory' &&
                selects(e, { ...labels, 'io.kubernetes.pod.namespace': 'inventory' }),
            )
          : (r.to ?? []).some(
              (t: Spec) =>
                t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'inventory' &&
                t.podSelector !== undefined &&
                Object.keys(t.podSelector).length > 0 &&
                selects(t.podSelector, labels),
            ),
      );
    expect([toPods(pods.canary), toPods(pods.primary)]).toEqual([true, true]);
    expect(toPods({ 'app.kubernetes.io/name': 'other' })).toBe(false);
  });

  test("the callee's allowance selects its primary pods too, and admits the caller", () => {
    const allowance = named(objects, policyKind, 'inventory-from-storefront-web');
    expect([selects(own(allowance), pods.canary), selects(own(allowance), pods.primary)]).toEqual([true, true]);
    const from = (spec(allowance).ingress as Spec[]).flatMap((r) =>
      kind === 'cilium' ? r.fromEndpoints : r.from.map((f: Spec) => f.podSelector),
    );
    expect(from.some((s: Spec) => selects(s, { ...webPods, 'io.kubernetes.pod.namespace': 'storefront' }))).toBe(true);
  });

  test('every object is valid against the schemas; CT-DELIVERY-012 is no longer raised for the policy', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
    expect(chart.warnings.map((w) => w.id)).not.toContain('CT-DELIVERY-012');
  });
});

describe('a caller delivered by Flagger', () => {
  test("the callee's allowance admits the caller's primary pods (they make the calls between rollouts)", () => {
    const dataplane = Dataplane.kubernetes({ allowFrom: [{ namespace: 'ops' }] });
    const callee = TrafficApp.define({ ...caller, namespace: 'inventory', name: 'stock', dataplane });
    const delivered = TrafficApp.define({ ...inventory.props, calls: [callee], dataplane });
    const { chart, objects } = synthApps([callee, delivered]);
    const pods = podsOf(appObject(chart, 'inventory', { kind: 'Deployment' }));
    const allowance = named(objects, 'NetworkPolicy', 'stock-from-inventory');
    const from = (spec(allowance).ingress as Spec[]).flatMap((r) => r.from.map((f: Spec) => f.podSelector));
    expect([from.some((s: Spec) => selects(s, pods.canary)), from.some((s: Spec) => selects(s, pods.primary))]).toEqual(
      [true, true],
    );
    expect(selects(spec(allowance).podSelector, { 'app.kubernetes.io/name': 'stock' })).toBe(true);
  });
});

describe('Argo Rollouts: the canary pods keep the app labels (Argo adds only its hash)', () => {
  test("the policy, the PodDisruptionBudget and the PodMonitor select the stable and the canary ReplicaSets' pods", () => {
    const app = TrafficApp.define({
      ...storefront.props,
      dataplane: Dataplane.cilium({ policy: { allowFrom: [{ namespace: 'ops' }] } }),
    });
    const { chart } = synthApps([app]);
    const template = spec(appObject(chart, 'storefront', { kind: 'Deployment' })).template.metadata.labels;
    const stable = { ...template, 'rollouts-pod-template-hash': '6b7c9d8f5' };
    const canary = { ...template, 'rollouts-pod-template-hash': '5f8d9c7b6' };
    for (const [what, selector] of [
      ['CiliumNetworkPolicy', spec(appObject(chart, 'storefront', { kind: 'CiliumNetworkPolicy' })).endpointSelector],
      ['PodDisruptionBudget', spec(appObject(chart, 'storefront', { kind: 'PodDisruptionBudget' })).selector],
      ['PodMonitor', spec(appObject(chart, 'storefront', { kind: 'PodMonitor' })).selector],
      ['Rollout', spec(appObject(chart, 'storefront', { kind: 'Rollout' })).selector],
    ] as const)
      expect([what, selects(selector, stable), selects(selector, canary)]).toEqual([what, true, true]);
  });
});

describe('the other objects that select the pods Flagger runs', () => {
  test('a LoadBalancer Service beside the mesh selects the primary pods too (the canary runs 0 pods between rollouts)', () => {
    const app = TrafficApp.define({
      ...inventory.props,
      expose: [...inventory.props.expose!, LoadBalancerService.create()],
      traffic: {
        ...inventory.props.traffic,
        acknowledge: {
          ...inventory.props.traffic!.acknowledge,
          'CT-DELIVERY-013': 'the LoadBalancer is for the batch clients only',
        },
      },
    });
    const { chart, objects } = synthApps([app]);
    const pods = podsOf(appObject(chart, 'inventory', { kind: 'Deployment' }));
    const service = objects.find((o) => o.kind === 'Service' && spec(o).type === 'LoadBalancer')!;
    expect(spec(service).selector).toEqual({ 'cdk-traffic.io/app': 'inventory' });
    const selector = { matchLabels: spec(service).selector };
    expect([selects(selector, pods.canary), selects(selector, pods.primary)]).toEqual([true, true]);
  });

  test("the spread across nodes counts every pod of the app, the primary's too", () => {
    const app = TrafficApp.define({ ...inventory.props, scheduling: { spreadAcrossNodes: 'preferred' } });
    const { chart } = synthApps([app]);
    const pods = podsOf(appObject(chart, 'inventory', { kind: 'Deployment' }));
    const template = spec(appObject(chart, 'inventory', { kind: 'Deployment' })).template.spec;
    const terms = [
      ...(template.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
        (t: Spec) => t.podAffinityTerm.labelSelector,
      ),
      ...(template.topologySpreadConstraints ?? []).map((t: Spec) => t.labelSelector),
    ];
    expect(terms.length).toBeGreaterThan(0);
    for (const s of terms) expect([selects(s, pods.canary), selects(s, pods.primary)]).toEqual([true, true]);
  });

  test("the Istio layer's recording rules and alerts measure the primary's workload (it serves between rollouts)", () => {
    const { chart } = synthApps([reviews]);
    const groups = spec(appObject(chart, 'reviews', { kind: 'PrometheusRule' })).groups as Spec[];
    const recording = groups.find((g) => g.name.endsWith('.recording'))!.rules as Spec[];
    for (const r of recording) expect(r.expr).toContain('destination_workload=~"reviews-primary|reviews"');
    const alerts = groups.find((g) => g.name.endsWith('.alerts'))!.rules as Spec[];
    // One alert of each kind (promtool refuses duplicates), firing per workload by the series' label.
    expect(alerts.map((a) => a.alert)).toEqual([
      'ErrorBudgetFastBurn',
      'ErrorBudgetSlowBurn',
      'LatencyObjectiveMissed',
    ]);
    for (const a of alerts) {
      const matchers = [...(a.expr as string).matchAll(/destination_workload(=~?)"([^"]+)"/g)].map((m) => m[1] + m[2]);
      expect(matchers.length).toBeGreaterThan(0);
      for (const m of matchers) expect(m).toBe('=~reviews-primary|reviews');
    }
  });
});

describe('the checks of the written policy read its requirements', () => {
  test("a policy selecting by `In` applies to its app's pods only, not to another app's of the namespace (CT-K8S-012)", () => {
    const delivered = TrafficApp.define({
      ...inventory.props,
      dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'storefront' }] }),
    });
    // Another app of the namespace, exposed on a port the Flagger app's policy does not admit.
    const stock = TrafficApp.define({
      ...caller,
      name: 'stock',
      namespace: 'inventory',
      ports: [{ name: 'http', port: 9000 }],
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      expose: [LoadBalancerService.create()],
    });
    const { objects } = synthApps([delivered, stock]);
    expect(spec(named(objects, 'NetworkPolicy', 'inventory')).podSelector.matchLabels).toBeUndefined();
  });
});

describe('Istio sidecar mode: a declared call into an app Flagger delivers', () => {
  test("the grant of the caller's principal selects the label the primary pods keep", () => {
    const callee = TrafficApp.define({ ...reviews.props, expose: [Mesh.istio({ allowFrom: 'callers' })] });
    const web = TrafficApp.define({ ...caller, namespace: 'reviews', calls: [callee], expose: [Mesh.istio()] });
    const { chart, objects } = synthApps([callee, web]);
    const pods = podsOf(appObject(chart, 'reviews', { kind: 'Deployment' }));
    const grant = named(objects, 'AuthorizationPolicy', 'reviews-from-web');
    expect(spec(grant).selector).toEqual({ matchLabels: { 'cdk-traffic.io/app': 'reviews' } });
    expect([selects(spec(grant).selector, pods.canary), selects(spec(grant).selector, pods.primary)]).toEqual([
      true,
      true,
    ]);
  });
});

describe('the HorizontalPodAutoscaler targets what the controller scales', () => {
  test("Flagger: the HPA targets the Deployment, the Canary's autoscalerRef names it, Flagger makes <name>-primary", () => {
    const app = TrafficApp.define({ ...inventory.props, autoscaling: { maxReplicas: 6, cpuUtilization: 70 } });
    const { chart, objects } = synthApps([app]);
    const hpa = appObject(chart, 'inventory', { kind: 'HorizontalPodAutoscaler' });
    const deployment = appObject(chart, 'inventory', { kind: 'Deployment' });
    expect(spec(hpa).scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(spec(appObject(chart, 'inventory', { kind: 'Canary' })).autoscalerRef).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      name: hpa.metadata.name,
    });
    // Flagger names the primary's copy `<autoscalerRef.name>-primary` (pkg/canary/hpa_reconciler.go): the library
    // does not write it, and lists it as the controller's.
    const made = app.spec.delivery!.objects.filter((o) => o.owner === 'controller').map((o) => `${o.kind}/${o.name}`);
    expect(made).toContain(`HorizontalPodAutoscaler/${hpa.metadata.name}-primary`);
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toEqual([
      hpa.metadata.name,
    ]);
  });

  test('Argo Rollouts: the HPA targets the Rollout (the Deployment runs no pods)', () => {
    const app = TrafficApp.define({ ...storefront.props, autoscaling: { maxReplicas: 6, cpuUtilization: 70 } });
    const { chart } = synthApps([app]);
    const rollout = appObject(chart, 'storefront', { kind: 'Rollout' });
    expect(spec(appObject(chart, 'storefront', { kind: 'HorizontalPodAutoscaler' })).scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: rollout.metadata.name,
    });
    expect(spec(appObject(chart, 'storefront', { kind: 'Deployment' })).replicas).toBe(0);
  });
});

describe("another app's pods among the ones Flagger runs (CT-K8S-001)", () => {
  test("an app whose selector is the primary's label is refused, and so is the Flagger app's primary selector", () => {
    const other = TrafficApp.define({
      ...caller,
      name: 'stock',
      namespace: 'inventory',
      selectorLabels: { 'app.kubernetes.io/name': 'inventory-primary' },
    });
    const problems = definitionProblems(() => synthApps([inventory, other]));
    expect(problems.map((p) => [p.path, p.field, p.message])).toEqual([
      [
        'test/inventory',
        'selectorLabels',
        expect.stringContaining('also selects (with the pods Flagger runs as its primary) the pods of app "stock"'),
      ],
      ['test/stock', 'selectorLabels', expect.stringContaining('the pods of app "inventory" (inventory-primary)')],
    ]);
  });
});

describe('bad input beside a Flagger delivery', () => {
  test('a pod label of the key the library puts on the delivered pods is refused, with its path', () => {
    const own = TrafficApp.define({ ...inventory.props, podLabels: { 'cdk-traffic.io/app': 'stock' } });
    expect(definitionProblems(() => synthApps([own])).map((p) => [p.field, p.value, p.fix])).toEqual([
      ['podLabels.cdk-traffic.io/app', 'stock', expect.stringContaining('remove the label')],
    ]);
    // Without a Flagger delivery the key is the user's.
    const plain = TrafficApp.define({
      ...inventory.props,
      delivery: undefined,
      podLabels: { 'cdk-traffic.io/app': 'stock' },
    });
    expect(() => synthApps([plain])).not.toThrow();
  });

  test("a selector without Flagger's labels is still refused before any policy is written", () => {
    const own = TrafficApp.define({
      ...inventory.props,
      selectorLabels: { tier: 'inventory' },
      dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'ops' }] }),
    });
    expect(definitionProblems(() => synthApps([own])).map((p) => p.field)).toEqual(['selectorLabels']);
  });
});
