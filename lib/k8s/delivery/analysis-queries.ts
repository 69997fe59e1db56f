import type { AppSpec } from '../../model/app-spec';
import type { DeliveryAnalysisSpec } from '../../model/delivery/delivery-spec';
import { layerQueries, promDuration, TARGET_LABELS } from '../observe/layer-queries';

/** The label the PodMonitor copies from Argo Rollouts' `rollouts-pod-template-hash` pod label. */
export const ROLLOUT_HASH_LABEL = 'rollouts_pod_template_hash';

/** The Argo Rollouts argument naming the canary's pod template hash (`valueFrom.podTemplateHashValue: Latest`). */
export const CANARY_HASH_ARG = 'canary-hash';

/** The Argo Rollouts argument naming the stable pod template hash (`valueFrom.podTemplateHashValue: Stable`). */
export const STABLE_HASH_ARG = 'stable-hash';

/** One query of the analysis and the bound its result must stay within. */
export interface AnalysisQuery {
  /** `error-ratio` or `latency`, or their differences from the stable version's (`...-vs-stable`). */
  readonly name: 'error-ratio' | 'latency' | 'error-ratio-vs-stable' | 'latency-vs-stable';
  /** The PromQL (Argo Rollouts: with `{{args.canary-hash}}`). */
  readonly query: string;
  /** The result's upper bound: the error budget (a ratio) or the latency threshold (seconds). */
  readonly max: number;
  /** What it measures, for the summary. */
  readonly what: string;
}

/**
 * The analysis queries of the canary, from the objective, on the analysed layer's request metrics: the error ratio
 * (at most the error budget) and the latency quantile (at most the threshold, in seconds), over the analysis
 * interval. The canary's series: Argo Rollouts' canary pods by their pod template hash (the PodMonitor copies the
 * label); Flagger's canary is the target Deployment's pods (`<name>-<hash>-<id>`: its primary's are
 * `<name>-primary-...`), Istio's by `destination_workload`.
 * @see https://argo-rollouts.readthedocs.io/en/stable/analysis/prometheus/
 * @see https://docs.flagger.app/usage/metrics#custom-metrics
 *
 * @example
 * analysisQueries(app.spec, app.spec.delivery!.analysis!).map((q) => [q.name, q.max]) // [['error-ratio', 0.001], ...]
 */
export function analysisQueries(app: AppSpec, a: DeliveryAnalysisSpec): AnalysisQuery[] {
  const layer = app.observe?.layers.find((l) => l.layer === a.layer);
  const q = layer && layerQueries(app, layer);
  if (!q || !app.delivery) return [];
  const w = promDuration(a.intervalSeconds);
  const of = (version: 'canary' | 'stable') => {
    const m = [...q.scope, ...versionLabels(app, q, version)];
    const sel = (extra: readonly string[]) => `{${[...m, ...extra].join(', ')}}`;
    const unit = q.histogram && q.histogram.unitSeconds !== 1 ? ` * ${q.histogram.unitSeconds}` : '';
    return {
      errors: `(sum(rate(${q.requests}${sel([q.error])}[${w}])) or vector(0)) / sum(rate(${q.requests}${sel([])}[${w}]))`,
      latency:
        a.latency && q.histogram
          ? `histogram_quantile(${a.latency.quantile}, sum by (le) (rate(${q.histogram.bucket}${sel([])}[${w}])))${unit}`
          : undefined,
    };
  };
  const canary = of('canary');
  const stable = of('stable');
  const p = a.latency ? `p${round(a.latency.quantile * 100)}` : '';
  const vs = a.versusStable;
  const out: AnalysisQuery[] = [];
  if (a.maxErrorRatio !== undefined)
    out.push({
      name: 'error-ratio',
      query: canary.errors,
      max: round(a.maxErrorRatio),
      what: `the canary's 5xx ratio over ${w} at most ${round(a.maxErrorRatio)}`,
    });
  if (canary.latency)
    out.push({
      name: 'latency',
      query: canary.latency,
      max: a.latency!.thresholdSeconds,
      what: `the canary's ${p} latency over ${w} at most ${a.latency!.thresholdSeconds}s`,
    });
  if (vs?.errorRatioMargin !== undefined)
    out.push({
      name: 'error-ratio-vs-stable',
      query: `(${canary.errors}) - (${stable.errors})`,
      max: round(vs.errorRatioMargin),
      what: `the canary's 5xx ratio over ${w} at most the stable's + ${round(vs.errorRatioMargin)}`,
    });
  if (vs?.latencyMarginSeconds !== undefined && canary.latency && stable.latency)
    out.push({
      name: 'latency-vs-stable',
      query: `(${canary.latency}) - (${stable.latency})`,
      max: round(vs.latencyMarginSeconds),
      what: `the canary's ${p} latency over ${w} at most the stable's + ${round(vs.latencyMarginSeconds)}s`,
    });
  return out;
}

/**
 * The labels of one version's series: Argo Rollouts' pods by their pod template hash (the canary's `Latest`, the
 * stable `Stable`); Flagger's canary is the target Deployment's pods, its stable the `<name>-primary` ones (Istio's
 * `destination_workload`, else the pods' names).
 */
function versionLabels(app: AppSpec, q: NonNullable<ReturnType<typeof layerQueries>>, v: 'canary' | 'stable') {
  const d = app.delivery!;
  if (d.controller === 'argo-rollouts')
    return [
      `${TARGET_LABELS.namespace}="${app.namespace}"`,
      `${ROLLOUT_HASH_LABEL}="{{args.${v === 'canary' ? CANARY_HASH_ARG : STABLE_HASH_ARG}}}"`,
    ];
  const workload = v === 'canary' ? d.name : `${d.name}-primary`;
  return q.layer === 'istio'
    ? [`${q.labels.namespace}="${app.namespace}"`, `${q.labels.workload}="${workload}"`]
    : [`${TARGET_LABELS.namespace}="${app.namespace}"`, `pod=~"${workload}-[a-z0-9]+-[a-z0-9]+"`];
}

/** Whether the analysis compares with the stable version (Argo Rollouts then passes the stable pod template hash). */
export function comparesWithStable(a: DeliveryAnalysisSpec | undefined): boolean {
  const vs = a?.versusStable;
  return vs !== undefined && (vs.errorRatioMargin !== undefined || vs.latencyMarginSeconds !== undefined);
}

/** A ratio without float noise (1 - 99.9 / 100 = 0.0010000000000000009 -> 0.001). */
function round(n: number): number {
  return Number(n.toPrecision(12));
}
