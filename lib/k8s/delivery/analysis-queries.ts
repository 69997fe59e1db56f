import type { AppSpec } from '../../model/app-spec';
import type { DeliveryAnalysisSpec } from '../../model/delivery/delivery-spec';
import { layerQueries, promDuration, TARGET_LABELS } from '../observe/layer-queries';

/** The label the PodMonitor copies from Argo Rollouts' `rollouts-pod-template-hash` pod label. */
export const ROLLOUT_HASH_LABEL = 'rollouts_pod_template_hash';

/** The Argo Rollouts argument naming the canary's pod template hash (`valueFrom.podTemplateHashValue: Latest`). */
export const CANARY_HASH_ARG = 'canary-hash';

/** One query of the analysis and the bound its result must stay within. */
export interface AnalysisQuery {
  /** `error-ratio` or `latency`. */
  readonly name: 'error-ratio' | 'latency';
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
 */
export function analysisQueries(app: AppSpec, a: DeliveryAnalysisSpec): AnalysisQuery[] {
  const layer = app.observe?.layers.find((l) => l.layer === a.layer);
  const q = layer && layerQueries(app, layer);
  if (!q || !app.delivery) return [];
  const argo = app.delivery.controller === 'argo-rollouts';
  const canary = argo
    ? [`${TARGET_LABELS.namespace}="${app.namespace}"`, `${ROLLOUT_HASH_LABEL}="{{args.${CANARY_HASH_ARG}}}"`]
    : q.layer === 'istio'
      ? [`${q.labels.namespace}="${app.namespace}"`, `${q.labels.workload}="${app.delivery.name}"`]
      : [`${TARGET_LABELS.namespace}="${app.namespace}"`, `pod=~"${app.delivery.name}-[a-z0-9]+-[a-z0-9]+"`];
  const m = [...q.scope, ...canary];
  const w = promDuration(a.intervalSeconds);
  const sel = (extra: readonly string[]) => `{${[...m, ...extra].join(', ')}}`;
  const out: AnalysisQuery[] = [];
  if (a.maxErrorRatio !== undefined)
    out.push({
      name: 'error-ratio',
      query: `(sum(rate(${q.requests}${sel([q.error])}[${w}])) or vector(0)) / sum(rate(${q.requests}${sel([])}[${w}]))`,
      max: round(a.maxErrorRatio),
      what: `the canary's 5xx ratio over ${w} at most ${round(a.maxErrorRatio)}`,
    });
  if (a.latency && q.histogram) {
    const unit = q.histogram.unitSeconds === 1 ? '' : ` * ${q.histogram.unitSeconds}`;
    out.push({
      name: 'latency',
      query: `histogram_quantile(${a.latency.quantile}, sum by (le) (rate(${q.histogram.bucket}${sel([])}[${w}])))${unit}`,
      max: a.latency.thresholdSeconds,
      what: `the canary's p${round(a.latency.quantile * 100)} latency over ${w} at most ${a.latency.thresholdSeconds}s`,
    });
  }
  return out;
}

/** A ratio without float noise (1 - 99.9 / 100 = 0.0010000000000000009 -> 0.001). */
function round(n: number): number {
  return Number(n.toPrecision(12));
}
