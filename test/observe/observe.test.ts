import { Duration } from 'cdk8s';
import {
  Certificate,
  Dataplane,
  IngressExposure,
  Mesh,
  Probe,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
} from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { appFacts } from '../../lib/map/from-specs';
import { payments } from '../../apps/observed';

const base = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
  ],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { requestTimeout: Duration.seconds(10) },
  ...over,
});

/** The linkerd canary: two versions, the Linkerd proxy, the app's own metrics, a Kubernetes NetworkPolicy. */
const linkerdApp = TrafficApp.define(
  base({
    versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 5 } },
    expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })],
    traffic: {
      requestTimeout: Duration.seconds(10),
      acknowledge: { 'CT-TRAFFIC-051': 'Linkerd runs with linkerd-cni in this cluster' },
    },
    dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'shop' }] }),
    observe: {
      objective: { availability: 99.9, latency: { threshold: Duration.millis(250) } },
      metrics: { port: 'metrics', requests: { counter: 'http_requests_total' } },
      scrape: { scraperNamespace: 'observability', scraperLabels: { app: 'prom' }, prometheusLabels: { team: 'sre' } },
      tracing: { accessLogs: true },
    },
  }),
);

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('the monitor selects the pods and names ports they have', () => {
  test('Istio canary example: one PodMonitor selecting every version, Envoy 15090 and the metrics port by name', () => {
    const { chart, objects } = synthApps([payments]);
    const monitor = appObject(chart, 'payments', { kind: 'PodMonitor' });
    const deployments = appObjects(chart, 'payments', { kind: 'Deployment' });
    expect(deployments).toHaveLength(2);
    for (const d of deployments)
      expect(matches(spec(monitor).selector.matchLabels, spec(d).template.metadata.labels)).toBe(true);
    const endpoints = spec(monitor).podMetricsEndpoints as Spec[];
    expect(endpoints.map((e) => [e.port ?? e.portNumber, e.path])).toEqual([
      [15090, '/stats/prometheus'],
      ['metrics', '/metrics'],
    ]);
    for (const d of deployments)
      expect(spec(d).template.spec.containers[0].ports.map((p: Spec) => p.name)).toContain(endpoints[1].port);
    expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test("the relabelings write each version's Deployment name as `workload` and its version label as `version`", () => {
    const { chart, objects } = synthApps([linkerdApp]);
    expect(validateObjects(objects).errors).toEqual([]);
    const monitor = appObject(chart, 'web', { kind: 'PodMonitor' });
    const rel = spec(monitor).podMetricsEndpoints[0].relabelings as Spec[];
    for (const d of appObjects(chart, 'web', { kind: 'Deployment' })) {
      const version = spec(d).template.metadata.labels.version;
      expect(rel).toContainEqual(
        expect.objectContaining({
          sourceLabels: ['__meta_kubernetes_pod_label_version'],
          regex: version,
          targetLabel: 'workload',
          replacement: d.metadata.name,
        }),
      );
    }
    expect(rel).toContainEqual(expect.objectContaining({ targetLabel: 'version' }));
    expect(spec(monitor).podMetricsEndpoints.map((e: Spec) => e.portNumber ?? e.port)).toEqual([4191, 'metrics']);
    expect(monitor.metadata.labels).toMatchObject({ team: 'sre' });
  });

  test('Linkerd access logs are a pod annotation of every version', () => {
    const { chart } = synthApps([linkerdApp]);
    for (const d of appObjects(chart, 'web', { kind: 'Deployment' }))
      expect(spec(d).template.metadata.annotations).toMatchObject({ 'config.linkerd.io/access-log': 'json' });
  });
});

describe('tracing and access logs', () => {
  test('Istio: a Telemetry selecting the pods, with the sampling percentage and Envoy access logs', () => {
    const { chart } = synthApps([payments]);
    const t = appObject(chart, 'payments', { kind: 'Telemetry' });
    expect(t.apiVersion).toBe('telemetry.istio.io/v1');
    for (const d of appObjects(chart, 'payments', { kind: 'Deployment' }))
      expect(matches(spec(t).selector.matchLabels, spec(d).template.metadata.labels)).toBe(true);
    expect(spec(t).tracing).toEqual([{ randomSamplingPercentage: 10 }]);
    expect(spec(t).accessLogging).toEqual([{ providers: [{ name: 'envoy' }] }]);
  });

  test('Istio ambient: no Envoy in the pods, so nothing on 15090 and no tracing options', () => {
    const ambient = (observe: TrafficAppProps['observe']) =>
      // No L7 traffic setting: ambient without a waypoint refuses them (CT-TRAFFIC-033).
      TrafficApp.define(base({ expose: [Mesh.istio({ injection: 'ambient' })], traffic: {}, observe }));
    const { chart, objects } = synthApps([ambient({ metrics: { port: 'metrics' } })]);
    const monitor = appObject(chart, 'web', { kind: 'PodMonitor' });
    expect(spec(monitor).podMetricsEndpoints.map((e: Spec) => e.portNumber ?? e.port)).toEqual(['metrics']);
    // One version: the workload label is written without a source label; valid against the CRD.
    expect(spec(monitor).podMetricsEndpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'workload', replacement: 'web' },
    ]);
    expect(validateObjects(objects).errors).toEqual([]);
    expect(
      definitionProblems(() => synthApps([ambient({ tracing: { accessLogs: true } })])).map((p) => p.field),
    ).toEqual(['observe.tracing']);
  });
});

describe('the network policy admits the scraper on exactly the scraped ports', () => {
  test('Cilium: from the Prometheus pods, on 15090 and 9090, GET on the scraped paths only', () => {
    const { chart } = synthApps([payments]);
    const cnp = appObject(chart, 'payments', { kind: 'CiliumNetworkPolicy' });
    const rule = (spec(cnp).ingress as Spec[]).find(
      (r) => r.fromEndpoints?.[0]?.matchLabels?.['k8s:io.kubernetes.pod.namespace'] === 'monitoring',
    )!;
    expect(rule.fromEndpoints[0].matchLabels).toEqual({
      'k8s:io.kubernetes.pod.namespace': 'monitoring',
      'k8s:app.kubernetes.io/name': 'prometheus',
    });
    const monitor = appObject(chart, 'payments', { kind: 'PodMonitor' });
    const pod = spec(appObjects(chart, 'payments', { kind: 'Deployment' })[0]).template.spec.containers[0];
    const scraped = (spec(monitor).podMetricsEndpoints as Spec[]).map((e) => ({
      port: e.portNumber ?? pod.ports.find((p: Spec) => p.name === e.port).containerPort,
      path: e.path,
    }));
    expect(
      (rule.toPorts as Spec[]).map((t) => ({ port: Number(t.ports[0].port), path: t.rules.http[0].path })),
    ).toEqual(scraped.map((s) => ({ port: s.port, path: s.path.replace(/[.]/g, '\\.') })));
    for (const t of rule.toPorts) expect(t.rules.http).toEqual([expect.objectContaining({ method: 'GET' })]);
  });

  test('Kubernetes NetworkPolicy: the scraper namespace and labels of the option, ports 4191 and 9090', () => {
    const { chart } = synthApps([linkerdApp]);
    const np = appObject(chart, 'web', { kind: 'NetworkPolicy' });
    const rule = (spec(np).ingress as Spec[]).find((r) =>
      r.from?.some((f: Spec) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'observability'),
    )!;
    expect(rule.from[0].podSelector.matchLabels).toEqual({ app: 'prom' });
    expect(rule.ports.map((p: Spec) => p.port).sort()).toEqual([4191, 9090]);
  });

  test('no policy is opened when nothing is scraped', () => {
    const app = TrafficApp.define(
      base({
        dataplane: Dataplane.kubernetes(),
        observe: { alarms: { actions: [] } },
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.dnsValidated() })],
      }),
    );
    const { chart } = synthApps([app]);
    expect(appObjects(chart, 'web', { kind: 'PodMonitor' })).toEqual([]);
    expect(JSON.stringify(appObject(chart, 'web', { kind: 'NetworkPolicy' }))).not.toContain('monitoring');
  });
});

describe("each alert's query names the namespace, workload and version labels as written", () => {
  test.each([
    [
      'Istio (the destination reports them)',
      payments,
      'istio',
      'destination_workload_namespace',
      'destination_workload',
      'destination_version',
    ],
    ["the app's own metrics (the PodMonitor writes them)", payments, 'app', 'namespace', 'workload', 'version'],
    ['Linkerd (the PodMonitor writes them)', linkerdApp, 'linkerd', 'namespace', 'workload', 'version'],
  ])('%s', (_what, app, layer, ns, wl, ver) => {
    const name = app.name;
    const { chart } = synthApps([app]);
    const rule = appObject(chart, name, { kind: 'PrometheusRule' });
    const deployments = appObjects(chart, name, { kind: 'Deployment' });
    const alerts = (spec(rule).groups as Spec[])
      .flatMap((g) => g.rules)
      .filter((r: Spec) => r.alert && r.labels.layer === layer);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      const named = a.expr.match(new RegExp(`[{ ]${wl}="([^"]+)"`))?.[1];
      const d = deployments.find((x) => x.metadata.name === named);
      expect({ alert: a.alert, named, found: d !== undefined }).toEqual({ alert: a.alert, named, found: true });
      expect(a.expr).toContain(`${ns}="${d!.metadata.namespace}"`);
      expect(a.expr).toContain(`${ver}="${spec(d!).template.metadata.labels.version}"`);
      expect(a.labels.version).toBe(spec(d!).template.metadata.labels.version);
    }
    // Every version has its page, its ticket and its latency alert; the canary is compared with the stable version.
    for (const d of deployments)
      expect(
        alerts.filter((a: Spec) => a.expr.includes(`${wl}="${d.metadata.name}"`)).map((a: Spec) => a.alert),
      ).toEqual(expect.arrayContaining(['ErrorBudgetFastBurn', 'ErrorBudgetSlowBurn']));
    expect(alerts.filter((a: Spec) => a.alert === 'CanaryErrorsAboveStable')).toHaveLength(1);
  });

  test('the burn rates are the workbook budget shares for the window: 14.4, 6, 1 for 30 days', () => {
    const app = TrafficApp.define(
      base({ expose: [Mesh.istio()], observe: { objective: { availability: 99, window: Duration.days(30) } } }),
    );
    const spec = app.resolve().spec.observe!;
    expect(spec.objective!.burnRates.map((b) => b.factor)).toEqual([14.4, 6, 1]);
    const rule = appObject(synthApps([app]).chart, 'web', { kind: 'PrometheusRule' });
    const page = (rule.spec as Spec).groups[1].rules.find((r: Spec) => r.alert === 'ErrorBudgetFastBurn');
    expect(page.expr).toContain('ratio_rate1h{');
    expect(page.expr).toContain('ratio_rate5m{');
    expect(page.expr).toContain('> (14.4 * 0.01)');
    expect(page.expr).toContain('> (6 * 0.01)');
  });

  test('the recording rules of a layer record every window the alerts read', () => {
    const rule = appObject(synthApps([payments]).chart, 'payments', { kind: 'PrometheusRule' });
    const groups = spec(rule).groups as Spec[];
    const recorded = new Set(
      groups
        .flatMap((g) => g.rules)
        .map((r: Spec) => r.record)
        .filter(Boolean),
    );
    for (const a of groups.flatMap((g) => g.rules).filter((r: Spec) => r.alert))
      for (const used of a.expr.match(/cdk_traffic:[a-z_]+:[a-z0-9_]+/g)) expect(recorded).toContain(used);
  });
});

describe('bad input: path, field, value and fix', () => {
  const problems = (observe: unknown, over: Partial<TrafficAppProps> = {}) =>
    definitionProblems(() =>
      synthApps([TrafficApp.define(base({ expose: [Mesh.istio()], ...over, observe: observe as never }))]),
    ).filter((p) => p.field.startsWith('observe'));

  test.each([
    [{ objective: { availability: 100 } }, 'observe.objective.availability', 100],
    [{ objective: { availability: 0 } }, 'observe.objective.availability', 0],
    [{ objective: { availability: -1 } }, 'observe.objective.availability', -1],
    [{ objective: { availability: 90 } }, 'observe.objective.availability', 90],
    [{ objective: { latency: { threshold: Duration.millis(0) } } }, 'observe.objective.latency.threshold', undefined],
    [{ objective: { latency: { threshold: Duration.seconds(10) } } }, 'observe.objective.latency.threshold', undefined],
    [{ objective: { window: Duration.days(2) } }, 'observe.objective.window', undefined],
    [{ metrics: { port: 'prom' } }, 'observe.metrics.port', 'prom'],
    [{ metrics: { port: 9999 } }, 'observe.metrics.port', 9999],
    [{ metrics: { port: 'metrics', path: 'metrics' } }, 'observe.metrics.path', 'metrics'],
    [{ tracing: { samplingPercent: 101 } }, 'observe.tracing.samplingPercent', 101],
  ])('%j', (observe, field, value) => {
    const found = problems(observe);
    expect(found.map((p) => p.field)).toEqual([field]);
    expect(found[0].path).toBe('test/web');
    if (value !== undefined) expect(found[0].value).toBe(value);
    expect(found[0].fix.length).toBeGreaterThan(10);
  });

  test('alarm actions that are not ARNs', () => {
    const alb = TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.dnsValidated() });
    const found = problems({ alarms: { actions: ['oncall-topic'], createTopic: 'on call' } }, { expose: [alb] });
    expect(found.map((p) => [p.field, p.value])).toEqual([
      ['observe.alarms.actions[0]', 'oncall-topic'],
      ['observe.alarms.createTopic', 'on call'],
    ]);
    expect(found[0].fix).toContain('arn:aws:sns:');
  });

  test('not a number: the input check names the field and the type', () => {
    const found = problems({ objective: { availability: '99.9' } });
    expect(found).toEqual([expect.objectContaining({ field: 'observe.objective.availability', value: '99.9' })]);
  });

  test('a latency objective at the request timeout can never be met', () => {
    const [p] = problems({ objective: { latency: { threshold: Duration.seconds(10) } } });
    expect(p.message).toContain('request timeout');
    expect(p.fix).toContain('below 10s');
  });

  test('declared but measured or done nowhere: an objective, alarms, scrape options', () => {
    const found = problems(
      {
        objective: { availability: 99.9, latency: { threshold: Duration.millis(200) } },
        metrics: { port: 'metrics', requests: { counter: 'http_requests_total' } },
        alarms: { actions: ['arn:aws:sns:eu-west-1:123456789012:oncall'] },
      },
      { expose: [] },
    );
    // The counter measures availability; no histogram measures latency; no AWS load balancer takes alarms.
    expect(found.map((p) => p.field)).toEqual(['observe.objective.latency', 'observe.alarms']);
    expect(problems({ objective: { availability: 99.9 } }, { expose: [] }).map((p) => p.field)).toEqual([
      'observe.objective.availability',
    ]);
    expect(problems({ scrape: { interval: Duration.seconds(15) } }, { expose: [] }).map((p) => p.field)).toEqual([
      'observe.scrape',
    ]);
  });

  test('Linkerd takes no sampling rate', () => {
    const found = problems(
      { tracing: { samplingPercent: 5 } },
      {
        expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })],
        traffic: { acknowledge: { 'CT-TRAFFIC-051': 'cni here' } },
      },
    );
    expect(found.map((p) => p.field)).toEqual(['observe.tracing.samplingPercent']);
    expect(found[0].message).toContain('Linkerd');
  });

  test('empty scraper labels would admit the whole namespace', () => {
    expect(problems({ scrape: { scraperLabels: {} } }).map((p) => p.field)).toEqual(['observe.scrape.scraperLabels']);
  });
});

describe('the summary says what is observed where', () => {
  test('a load balancer the controller creates: what to alarm on, not wired', () => {
    const app = TrafficApp.define(
      base({
        expose: [IngressExposure.alb({ hosts: ['web.example.com'] })],
        observe: { objective: { availability: 99.9 }, metrics: { port: 'metrics', requests: { counter: 'reqs' } } },
      }),
    );
    const facts = appFacts(app.resolve().spec, []);
    const line = facts.observed!.find(([layer]) => layer.includes('Ingress'))!;
    expect(line[2]).toContain('not wired');
    expect(line[2]).toContain('HTTPCode_Target_5XX_Count');
    expect(facts.requirements.map((r) => r.name)).toContain('Prometheus Operator CRDs (monitoring.coreos.com/v1)');
  });
});
