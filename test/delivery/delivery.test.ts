import { Duration } from 'cdk8s';
import { TerraformLoadBalancer, TrafficApp, TrafficAppProps } from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { appFacts, trafficGraph } from '../../lib/map/from-specs';
import { reviews, storefront } from '../../apps/delivered';

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const base = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  ...storefront.props,
  ...over,
});

describe('Argo Rollouts over a Gateway API route (the storefront example)', () => {
  const { chart, objects } = synthApps([storefront]);
  const rollout = appObject(chart, 'storefront', { kind: 'Rollout' });
  const deployment = appObject(chart, 'storefront', { kind: 'Deployment' });
  const services = appObjects(chart, 'storefront', { kind: 'Service' });
  const route = appObject(chart, 'storefront', { kind: 'HTTPRoute' });
  const canary = spec(rollout).strategy.canary;

  test("the Rollout's workloadRef names the Deployment, whose pods its selector selects; the Deployment runs none", () => {
    expect(spec(rollout).workloadRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(matches(spec(rollout).selector.matchLabels, spec(deployment).template.metadata.labels)).toBe(true);
    expect(spec(rollout).replicas).toBe(4);
    expect(spec(deployment).replicas).toBe(0);
  });

  test('canaryService and stableService exist and select the pods of the template', () => {
    for (const name of [canary.canaryService, canary.stableService]) {
      const svc = services.find((s) => s.metadata.name === name);
      expect(svc).toBeDefined();
      expect(matches(spec(svc!).selector, spec(deployment).template.metadata.labels)).toBe(true);
      expect(svc!.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toBe(
        'argo-rollouts: spec.selector (adds rollouts-pod-template-hash)',
      );
      expect(spec(svc!).ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
    }
    expect([canary.canaryService, canary.stableService]).toEqual(['storefront-canary', 'storefront-stable']);
  });

  test('the route the plugin moves exists, names those Services at 100/0, and is marked for GitOps tools', () => {
    expect(canary.trafficRouting.plugins['argoproj-labs/gatewayAPI']).toEqual({
      httpRoutes: [{ name: route.metadata.name }],
      namespace: 'storefront',
    });
    const refs = spec(route).rules.flatMap((r: Spec) => r.backendRefs);
    expect(refs.map((b: Spec) => [b.name, b.weight])).toEqual([
      [canary.stableService, 100],
      [canary.canaryService, 0],
    ]);
    expect(route.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toMatch(/^argo-rollouts: /);
  });

  test('the steps are the declared weights, pauses and analysis, and reference the templates written', () => {
    expect(canary.steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: '5m' } },
      { setWeight: 25 },
      {
        analysis: {
          templates: [{ templateName: 'storefront-step' }],
          args: [
            { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
            { name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' } },
          ],
        },
      },
      { setWeight: 50 },
      { pause: { duration: '10m' } },
      { setWeight: 100 },
    ]);
    const templates = appObjects(chart, 'storefront', { kind: 'AnalysisTemplate' }).map((t) => t.metadata.name);
    expect(templates.sort()).toEqual(['storefront', 'storefront-step']);
    expect(canary.analysis.templates).toEqual([{ templateName: 'storefront' }]);
    expect(canary.analysis.startingStep).toBe(1);
  });

  test("the analysis queries name the app's labels as written: the PodMonitor's namespace and the canary's hash", () => {
    const step = appObjects(chart, 'storefront', { kind: 'AnalysisTemplate' }).find(
      (t) => t.metadata.name === 'storefront-step',
    )!;
    const monitor = appObject(chart, 'storefront', { kind: 'PodMonitor' });
    const relabel = spec(monitor).podMetricsEndpoints[0].relabelings;
    expect(relabel).toContainEqual({
      action: 'replace',
      sourceLabels: ['__meta_kubernetes_pod_label_rollouts_pod_template_hash'],
      targetLabel: 'rollouts_pod_template_hash',
    });
    const metrics = spec(step).metrics;
    expect(metrics.map((m: Spec) => [m.name, m.successCondition, m.failureCondition, m.count])).toEqual([
      ['error-ratio', 'result[0] <= 0.001', 'result[0] > 0.001', 3],
      ['latency', 'result[0] <= 0.4', 'result[0] > 0.4', 3],
      ['error-ratio-vs-stable', 'result[0] <= 0.005', 'result[0] > 0.005', 3],
      ['latency-vs-stable', 'result[0] <= 0.05', 'result[0] > 0.05', 3],
    ]);
    for (const m of metrics) {
      const q: string = m.provider.prometheus.query;
      expect(q).toContain('namespace="storefront"');
      expect(q).toContain('rollouts_pod_template_hash="{{args.canary-hash}}"');
      expect(balanced(q)).toBe(true);
    }
    expect(metrics[0].provider.prometheus.query).toContain('http_requests_total{');
    expect(metrics[0].provider.prometheus.query).toContain('code=~"5.."');
    expect(metrics[1].provider.prometheus.query).toMatch(
      /^histogram_quantile\(0\.99, sum by \(le\) \(rate\(http_request_duration_seconds_bucket\{/,
    );
    expect(spec(step).args).toEqual([{ name: 'canary-hash' }, { name: 'stable-hash' }]);
  });

  test('every object is valid against the Kubernetes and CRD schemas', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('the map draws the stable and canary Services the route sends to, and who runs the pods', () => {
    const g = trafficGraph('delivered', [storefront.spec], []);
    const titles = g.nodes.map((n) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['Service storefront-stable', 'Service storefront-canary']));
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect([e.from, ids.has(e.from), e.to, ids.has(e.to)]).toEqual([e.from, true, e.to, true]);
    const pods = g.nodes.find((n) => n.title === 'Deployment storefront')!;
    expect(pods.details).toContain('pods run by Rollout storefront (Argo Rollouts); this Deployment runs 0');
  });

  test('the summary names the steps, the analysis and the owner of each object', () => {
    const facts = appFacts(storefront.spec, []);
    const rows = new Map(facts.delivery);
    expect(rows.get('steps')).toBe('5% pause 5m -> 25% analysis -> 50% pause 10m -> 100%');
    expect(rows.get('analysis')).toContain('5xx ratio <= 0.001 and p99 <= 0.4s');
    expect(rows.get('Service storefront-canary')).toContain(
      'Argo Rollouts changes spec.selector (adds rollouts-pod-template-hash)',
    );
    expect(facts.requirements.map((r) => r.name)).toContain(
      'Argo Rollouts Gateway API plugin (argoproj-labs/gatewayAPI in argo-rollouts-config trafficRouterPlugins)',
    );
  });
});

describe('Flagger in an Istio mesh (the reviews example)', () => {
  const { chart, objects } = synthApps([reviews]);
  const canary = appObject(chart, 'reviews', { kind: 'Canary' });
  const deployment = appObject(chart, 'reviews', { kind: 'Deployment' });

  test("the Canary's targetRef names the Deployment, its service the app's Service port and target port", () => {
    expect(deployment.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toBe(
      'flagger: spec.replicas (to 0 between rollouts)',
    );
    expect(spec(canary).targetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(spec(canary).provider).toBe('istio');
    expect(spec(canary).service).toMatchObject({ name: 'reviews', port: 9080, targetPort: 'http', timeout: '10s' });
    expect(spec(canary).service.retries).toEqual({ attempts: 2, retryOn: '503' });
    expect(spec(canary).analysis).toMatchObject({ interval: '1m', threshold: 3, stepWeights: [10, 25, 50] });
  });

  test('no object is written by both the library and Flagger: no Service, VirtualService or DestinationRule', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const made of [
      'Service/reviews',
      'VirtualService/reviews',
      'DestinationRule/reviews',
      'Deployment/reviews-primary',
    ])
      expect(kinds).not.toContain(made);
    const ownedByFlagger = reviews.spec.delivery!.objects.filter((o) => o.owner === 'controller');
    for (const o of ownedByFlagger) expect(kinds).not.toContain(`${o.kind}/${o.name}`);
    expect(ownedByFlagger.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Deployment/reviews-primary',
      'Service/reviews',
      'Service/reviews-primary',
      'Service/reviews-canary',
      'VirtualService/reviews',
      'DestinationRule/reviews-primary',
      'DestinationRule/reviews-canary',
    ]);
  });

  test("each metric names a MetricTemplate written, whose query names the canary's Istio workload", () => {
    const templates = appObjects(chart, 'reviews', { kind: 'MetricTemplate' });
    expect(spec(canary).analysis.metrics.map((m: Spec) => [m.templateRef.name, m.thresholdRange.max])).toEqual([
      ['reviews-error-ratio', 0.005],
      ['reviews-latency', 0.5],
    ]);
    for (const m of spec(canary).analysis.metrics) {
      const t = templates.find((x) => x.metadata.name === m.templateRef.name)!;
      expect(spec(t).query).toContain('destination_workload_namespace="reviews", destination_workload="reviews"');
      expect(spec(t).provider).toEqual({
        type: 'prometheus',
        address: 'http://prometheus-operated.monitoring.svc:9090',
      });
      expect(balanced(spec(t).query)).toBe(true);
    }
    expect(spec(templates[1]).query).toMatch(/\) \* 0\.001$/);
  });

  test('every object is valid against the Kubernetes and CRD schemas; the primary pods are covered (no warning)', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
    expect(chart.warnings.map((w) => w.id)).toEqual(['CT-TRAFFIC-050']);
  });

  test("the map draws the Service as Flagger's and the pods with the steps", () => {
    const g = trafficGraph('delivered', [reviews.spec], []);
    const svc = g.nodes.find((n) => n.title === 'Service reviews')!;
    expect(svc.details).toContain('made by Flagger (not written by the library)');
    const pods = g.nodes.find((n) => n.title === 'Deployment reviews')!;
    expect(pods.details).toContain('steps 10% pause 1m -> 25% pause 1m -> 50% pause 1m -> promote to 100%');
  });

  test('a second object of a name Flagger makes is an object conflict', () => {
    const other = TrafficApp.define({
      ...storefront.props,
      name: 'other',
      namespace: 'reviews',
      delivery: undefined,
      observe: undefined,
      names: { service: 'reviews-primary' },
      expose: [],
    });
    const problems = definitionProblems(() => synthApps([reviews, other]));
    expect(problems.map((p) => `${p.path} ${p.field} ${p.message}`)).toEqual([
      'test/reviews delivery (made by Flagger) the Service "reviews-primary" in namespace reviews is also written by app "other" (service)',
    ]);
  });
});

describe('Argo Rollouts in an Istio mesh (subsets)', () => {
  const app = TrafficApp.define({
    ...reviews.props,
    delivery: {
      controller: 'argo-rollouts',
      steps: [{ weight: 10, pause: Duration.minutes(2) }, { weight: 100 }],
      analysis: {},
    },
  });
  const { chart, objects } = synthApps([app]);
  const rollout = appObject(chart, 'reviews', { kind: 'Rollout' });
  const vs = appObject(chart, 'reviews', { kind: 'VirtualService' });
  const dr = appObject(chart, 'reviews', { kind: 'DestinationRule' });

  test('the Rollout names the VirtualService route and the DestinationRule subsets the library writes', () => {
    expect(spec(rollout).strategy.canary.trafficRouting).toEqual({
      istio: {
        virtualService: { name: vs.metadata.name, routes: ['default'] },
        destinationRule: { name: dr.metadata.name, stableSubsetName: 'stable', canarySubsetName: 'canary' },
      },
    });
    const route = spec(vs).http.find((h: Spec) => h.name === 'default').route;
    expect(route.map((r: Spec) => [r.destination.subset, r.weight])).toEqual([
      ['stable', 100],
      ['canary', 0],
    ]);
    const deployment = appObject(chart, 'reviews', { kind: 'Deployment' });
    for (const subset of spec(dr).subsets)
      expect(matches(subset.labels, spec(deployment).template.metadata.labels)).toBe(true);
    expect(spec(dr).subsets.map((x: Spec) => x.name)).toEqual(['stable', 'canary']);
    expect(vs.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toBe(
      'argo-rollouts: spec.http[default].route[*].weight',
    );
    expect(dr.metadata.annotations?.['cdk-traffic.io/delivery-driven']).toBe('argo-rollouts: spec.subsets[*].labels');
  });

  test("the analysis reads the Envoy sidecars' metrics of the canary pods, by their hash", () => {
    const t = appObject(chart, 'reviews', { kind: 'AnalysisTemplate' });
    const q: string = spec(t).metrics[0].provider.prometheus.query;
    expect(q).toContain(
      'istio_requests_total{reporter="destination", namespace="reviews", rollouts_pod_template_hash="{{args.canary-hash}}"',
    );
  });

  test('every object is valid against the Kubernetes and CRD schemas', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  });
});

describe('autoscaling: the HorizontalPodAutoscaler targets what the controller scales', () => {
  const autoscaling = { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 };

  test('Argo Rollouts: the HPA targets the Rollout, which then sets no replicas', () => {
    const { chart } = synthApps([TrafficApp.define(base({ autoscaling }))]);
    const hpa = appObject(chart, 'storefront', { kind: 'HorizontalPodAutoscaler' });
    const rollout = appObject(chart, 'storefront', { kind: 'Rollout' });
    expect(spec(hpa).scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: rollout.metadata.name,
    });
    expect(spec(rollout).replicas).toBeUndefined();
  });

  test("Flagger: the HPA stays on the Deployment, and the Canary's autoscalerRef names it", () => {
    const { chart } = synthApps([TrafficApp.define({ ...reviews.props, autoscaling })]);
    const hpa = appObject(chart, 'reviews', { kind: 'HorizontalPodAutoscaler' });
    const canary = appObject(chart, 'reviews', { kind: 'Canary' });
    expect(spec(hpa).scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'reviews' });
    expect(spec(canary).autoscalerRef).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      name: hpa.metadata.name,
    });
    expect(reviews.spec.delivery!.objects.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
  });
});

describe('replica-based and refused routers', () => {
  test('Argo Rollouts with no layer that splits by weight: replica-based, warned as CT-DELIVERY-010', () => {
    const app = TrafficApp.define(
      base({
        expose: [],
        delivery: {
          ...storefront.props.delivery!,
          analysis: undefined,
          steps: [{ weight: 20, pause: Duration.minutes(1) }, { weight: 100 }],
        },
      }),
    );
    const { chart } = synthApps([app]);
    const rollout = appObject(chart, 'storefront', { kind: 'Rollout' });
    expect(spec(rollout).strategy.canary.trafficRouting).toBeUndefined();
    expect(chart.warnings.map((w) => [w.id, w.field])).toEqual([['CT-DELIVERY-010', 'delivery.router']]);
  });

  test('a Terraform-managed ALB beside the route is refused (Argo cannot move its target groups)', () => {
    const app = TrafficApp.define(
      base({ expose: [...storefront.props.expose!, TerraformLoadBalancer.alb({ hosts: ['shop.example.com'] })] }),
    );
    const problems = definitionProblems(() => synthApps([app]));
    expect(problems.filter((p) => p.field === 'expose[1]').map((p) => p.message)).toEqual([
      expect.stringContaining('splits by weight in Terraform-managed target groups'),
    ]);
  });

  test('Flagger without a mesh: refused, naming what to add', () => {
    const app = TrafficApp.define({ ...reviews.props, expose: [] });
    const problems = definitionProblems(() => synthApps([app]));
    expect(problems.filter((p) => p.field.startsWith('delivery')).map((p) => [p.field, p.fix])).toEqual([
      ['delivery.controller', expect.stringContaining('Mesh.istio()')],
      ['delivery.analysis', expect.stringContaining('request metrics')],
    ]);
  });
});

describe('bad input: each a problem with field, value and fix', () => {
  const problemsOf = (over: Partial<TrafficAppProps>) =>
    definitionProblems(() => synthApps([TrafficApp.define(base(over))])).map((p) => ({
      field: p.field,
      value: p.value,
      message: p.message,
    }));
  const d = storefront.props.delivery!;

  test('steps that do not increase', () => {
    expect(problemsOf({ delivery: { ...d, steps: [{ weight: 50 }, { weight: 25 }, { weight: 100 }] } })).toEqual([
      { field: 'delivery.steps[1].weight', value: 25, message: 'does not increase (the step before has 50)' },
    ]);
  });

  test('a step above 100, and a step that is no whole number', () => {
    expect(
      problemsOf({ delivery: { ...d, steps: [{ weight: 2.5 }, { weight: 120 }] } }).map((p) => [p.field, p.value]),
    ).toEqual([
      ['delivery.steps[0].weight', 2.5],
      ['delivery.steps[1].weight', 120],
    ]);
  });

  test('steps that stop before 100 without saying so; saying so is accepted', () => {
    expect(problemsOf({ delivery: { ...d, steps: [{ weight: 10 }, { weight: 50 }] } })).toEqual([
      expect.objectContaining({ field: 'delivery.steps[1].weight', value: 50 }),
    ]);
    const declared = base({ delivery: { ...d, steps: [{ weight: 10 }, { weight: 50 }], promoteAfterLastStep: true } });
    expect(TrafficApp.define(declared).resolve().problems).toEqual([]);
  });

  test('no steps', () => {
    expect(problemsOf({ delivery: { ...d, steps: [] } })).toEqual([
      expect.objectContaining({ field: 'delivery.steps' }),
    ]);
  });

  // A negative cdk8s Duration cannot be made (its constructor throws); zero and sub-second pauses are refused.
  test('a pause of zero, or not whole seconds', () => {
    expect(
      problemsOf({
        delivery: {
          ...d,
          steps: [
            { weight: 10, pause: Duration.seconds(0) },
            { weight: 100, pause: Duration.millis(500) },
          ],
        },
      }).map((p) => p.field),
    ).toEqual(['delivery.steps[0].pause', 'delivery.steps[1].pause']);
  });

  test('an analysis with no objective declared', () => {
    expect(problemsOf({ observe: undefined })).toEqual([
      expect.objectContaining({
        field: 'delivery.analysis',
        message: "judges the canary by the app's objective, and the app declares none",
      }),
    ]);
  });

  test('an analysis step with no objective declared', () => {
    expect(problemsOf({ observe: undefined, delivery: { ...d, analysis: undefined } })).toEqual([
      expect.objectContaining({ field: 'delivery.steps', value: 'analysis: true' }),
    ]);
  });

  test('an analysis with no request metrics to read', () => {
    expect(
      problemsOf({ observe: { objective: { availability: 99.9 } } }).filter((p) => p.field.startsWith('delivery')),
    ).toEqual([
      expect.objectContaining({
        field: 'delivery.analysis',
        message: expect.stringContaining('no observed layer has them'),
      }),
    ]);
  });

  test('a bad analysis interval, failure limit and Prometheus address', () => {
    expect(
      problemsOf({
        delivery: {
          ...d,
          analysis: { interval: Duration.seconds(5), failureLimit: 11, prometheusAddress: 'prometheus:9090' },
        },
      }).map((p) => p.field),
    ).toEqual(['delivery.analysis.interval', 'delivery.analysis.failureLimit', 'delivery.analysis.prometheusAddress']);
  });

  test('a router the exposures cannot provide', () => {
    expect(problemsOf({ delivery: { ...d, router: 'istio' } }).map((p) => [p.field, p.value])).toEqual([
      ['delivery.router', 'istio'],
    ]);
  });

  test('a controller with static versions', () => {
    expect(problemsOf({ versions: { v2: { image: 'ghcr.io/acme/storefront:7.3.0', weight: 5 } } })).toEqual([
      expect.objectContaining({ field: 'versions', value: ['v2'] }),
    ]);
  });

  test('Flagger with steps of different pauses, a manual pause and per-step analysis', () => {
    const problems = definitionProblems(() =>
      synthApps([
        TrafficApp.define({
          ...reviews.props,
          delivery: {
            controller: 'flagger',
            steps: [
              { weight: 10, pause: 'manual' },
              { weight: 50, pause: Duration.minutes(2), analysis: true },
              { weight: 100 },
            ],
          },
        }),
      ]),
    );
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('no manual pause'),
      expect.stringContaining('same time'),
      expect.stringContaining('analysis at every step'),
    ]);
  });

  test('a JavaScript caller passing the wrong types gets problems, not a TypeError', () => {
    const wrong = { controller: 'spinnaker', steps: 'fast' } as unknown as TrafficAppProps['delivery'];
    const problems = definitionProblems(() => synthApps([TrafficApp.define(base({ delivery: wrong }))]));
    expect(problems.map((p) => p.field).sort()).toEqual(['delivery.controller', 'delivery.steps']);
  });
});

/** Parentheses, brackets and braces close in order, outside quoted strings (a PromQL well-formedness check). */
function balanced(q: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let quoted = false;
  for (const c of q) {
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0 && !quoted;
}
