import { Duration } from 'cdk8s';
import { TrafficApp, TrafficAppProps } from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, KubeObject } from 'cdk-traffic/testing';
import { appFacts } from '../../lib/map/from-specs';
import { inventory, reviews, storefront } from '../../apps/delivered';

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;

describe('the canary compared with the stable version', () => {
  test('Argo Rollouts: the queries subtract the stable hash series; the Rollout passes the hash the templates declare', () => {
    const { chart } = synthApps([storefront]);
    const rollout = appObject(chart, 'storefront', { kind: 'Rollout' });
    const canary = spec(rollout).strategy.canary;
    const passed = [
      ...canary.analysis.args,
      ...canary.steps.filter((s: Spec) => s.analysis).flatMap((s: Spec) => s.analysis.args),
    ];
    expect(passed.filter((a: Spec) => a.name === 'stable-hash').map((a: Spec) => a.valueFrom)).toEqual([
      { podTemplateHashValue: 'Stable' },
      { podTemplateHashValue: 'Stable' },
    ]);
    for (const t of appObjects(chart, 'storefront', { kind: 'AnalysisTemplate' })) {
      const declared = spec(t).args.map((a: Spec) => a.name);
      expect(declared).toEqual(['canary-hash', 'stable-hash']);
      const vs = spec(t).metrics.find((m: Spec) => m.name === 'error-ratio-vs-stable');
      const q: string = vs.provider.prometheus.query;
      // The canary's ratio minus the stable's, both on the label the PodMonitor copies.
      const [canaryPart, stablePart] = q.split(') - (');
      expect(canaryPart).toContain('rollouts_pod_template_hash="{{args.canary-hash}}"');
      expect(canaryPart).not.toContain('stable-hash');
      expect(stablePart).toContain('rollouts_pod_template_hash="{{args.stable-hash}}"');
      expect(stablePart).not.toContain('canary-hash');
      expect(vs.successCondition).toBe('result[0] <= 0.005');
      const latency = spec(t).metrics.find((m: Spec) => m.name === 'latency-vs-stable');
      expect(latency.provider.prometheus.query).toMatch(
        /^\(histogram_quantile\(0\.99, .*\) - \(histogram_quantile\(0\.99, /,
      );
      expect(latency.successCondition).toBe('result[0] <= 0.05');
    }
    const monitor = appObject(chart, 'storefront', { kind: 'PodMonitor' });
    expect(spec(monitor).podMetricsEndpoints[0].relabelings.map((r: Spec) => r.targetLabel)).toContain(
      'rollouts_pod_template_hash',
    );
  });

  test("Flagger with Istio: the stable series is the primary's workload", () => {
    const app = TrafficApp.define({
      ...reviews.props,
      delivery: {
        ...reviews.props.delivery!,
        analysis: { ...reviews.props.delivery!.analysis, comparedWithStable: { latencyMargin: Duration.millis(20) } },
      },
    });
    const { chart } = synthApps([app]);
    const template = appObjects(chart, 'reviews', { kind: 'MetricTemplate' }).find(
      (t) => t.metadata.name === 'reviews-latency-vs-stable',
    )!;
    const [canaryPart, stablePart] = (spec(template).query as string).split(') - (');
    expect(canaryPart).toContain('destination_workload="reviews"');
    expect(stablePart).toContain('destination_workload="reviews-primary"');
    const metric = spec(appObject(chart, 'reviews', { kind: 'Canary' })).analysis.metrics.find(
      (m: Spec) => m.templateRef.name === template.metadata.name,
    );
    expect(metric.thresholdRange).toEqual({ max: 0.02 });
    expect(new Map(appFacts(app.spec, []).delivery).get('analysis')).toContain("p99 <= the stable's + 0.02s");
  });

  test("Flagger with Linkerd: the stable series is the primary's pods", () => {
    const { chart } = synthApps([inventory]);
    const template = appObject(chart, 'inventory', { kind: 'MetricTemplate', name: 'inventory-error-ratio-vs-stable' });
    const [canaryPart, stablePart] = (spec(template).query as string).split(') - (');
    expect(canaryPart).toContain('pod=~"inventory-[a-z0-9]+-[a-z0-9]+"');
    expect(stablePart).toContain('pod=~"inventory-primary-[a-z0-9]+-[a-z0-9]+"');
  });
});

describe('bad input of comparedWithStable', () => {
  const d = storefront.props.delivery!;
  const problemsOf = (comparedWithStable: unknown, over: Partial<TrafficAppProps> = {}) =>
    definitionProblems(() =>
      synthApps([
        TrafficApp.define({
          ...storefront.props,
          ...over,
          delivery: { ...d, analysis: { ...d.analysis, comparedWithStable: comparedWithStable as never } },
        }),
      ]),
    ).map((p) => [p.field, p.value, p.message]);

  test('a margin outside 0-1, a latency margin that is no whole milliseconds or no Duration', () => {
    expect(problemsOf({ errorRatioMargin: 2, latencyMargin: Duration.millis(0.5) })).toEqual([
      ['delivery.analysis.comparedWithStable.errorRatioMargin', 2, 'must be a ratio from 0 to 1'],
      [
        'delivery.analysis.comparedWithStable.latencyMargin',
        expect.anything(),
        'must be a Duration of 0 or more whole milliseconds',
      ],
    ]);
    expect(problemsOf({ latencyMargin: 50 })).toEqual([
      ['delivery.analysis.comparedWithStable.latencyMargin', 50, expect.stringContaining('must be a Duration')],
    ]);
  });

  test('no margin at all, and a latency margin without a latency objective', () => {
    expect(problemsOf({})).toEqual([['delivery.analysis.comparedWithStable', {}, 'gives no margin']]);
    const noLatency = { ...storefront.props.observe!, objective: { availability: 99.9 } };
    expect(problemsOf({ latencyMargin: Duration.millis(50) }, { observe: noLatency })).toEqual([
      [
        'delivery.analysis.comparedWithStable.latencyMargin',
        expect.anything(),
        'compares latencies, and the objective declares none',
      ],
    ]);
  });
});
