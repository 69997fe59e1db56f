import type { AppSpec } from '../../model/app-spec';
import type { ObjectiveSpec } from '../../model/observe/observe-spec';
import {
  LayerQueries,
  appMatchers,
  byLabels,
  layerQueries,
  observedVersions,
  promDuration,
  versionMatchers,
} from './layer-queries';

/** One rule of a PrometheusRule group, as written. */
export interface RuleSpec {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One group of a PrometheusRule, as written. */
export interface RuleGroupSpec {
  readonly name: string;
  readonly rules: readonly RuleSpec[];
}

/** The error-ratio windows recorded: every long and short window of the burn-rate alerts, and 5 min. */
function ratioWindows(objective: ObjectiveSpec | undefined): number[] {
  const w = new Set<number>([300]);
  for (const b of objective?.burnRates ?? []) w.add(b.longSeconds).add(b.shortSeconds);
  return [...w].sort((a, b) => a - b);
}

/** Record names: `cdk_traffic:<layer>_request_errors:ratio_rate5m`. */
export const recordName = {
  requests: (q: LayerQueries) => `cdk_traffic:${q.prefix}_requests:rate5m`,
  errors: (q: LayerQueries, s: number) => `cdk_traffic:${q.prefix}_request_errors:ratio_rate${promDuration(s)}`,
  latency: (q: LayerQueries, pct: number, s: number) =>
    `cdk_traffic:${q.prefix}_request_duration_seconds:p${String(pct).replace('.', '_')}_${promDuration(s)}`,
};

/** The recording rules of one layer: request rate, error ratio per window, latency quantile. */
function recordingRules(app: AppSpec, q: LayerQueries): RuleSpec[] {
  const sel = appMatchers(app, q);
  const by = byLabels(app, q);
  const rate = (extra: string[], s: number) =>
    `sum by (${by}) (rate(${q.requests}{${[...sel, ...extra].join(', ')}}[${promDuration(s)}]))`;
  const rules: RuleSpec[] = [{ record: recordName.requests(q), expr: rate([], 300) }];
  for (const s of ratioWindows(app.observe?.objective))
    rules.push({
      record: recordName.errors(q, s),
      // `or 0 * total`: a version without any failed request has a ratio of 0, not no series.
      expr: `(${rate([q.error], s)} or 0 * ${rate([], s)}) / ${rate([], s)}`,
    });
  const pct = app.observe?.objective?.latency?.percentile ?? 99;
  if (q.histogram)
    for (const s of [300, 3600]) {
      const buckets = `sum by (le, ${by}) (rate(${q.histogram.bucket}{${sel.join(', ')}}[${promDuration(s)}]))`;
      const scaled = q.histogram.unitSeconds === 1 ? '' : ` * ${q.histogram.unitSeconds}`;
      rules.push({
        record: recordName.latency(q, pct, s),
        expr: `histogram_quantile(${pct / 100}, ${buckets})${scaled}`,
      });
    }
  return rules;
}

/** The alerts of one layer and version: the burn-rate alerts and the latency objective. */
function versionAlerts(app: AppSpec, q: LayerQueries, v: { workload: string; version?: string }): RuleSpec[] {
  const o = app.observe?.objective;
  if (!o) return [];
  const m = versionMatchers(app, q, v);
  const who = `${app.namespace}/${v.workload}${v.version ? ` (version ${v.version})` : ''} at the ${q.prefix} layer`;
  const labels = { layer: q.prefix, app: app.name, ...(v.version ? { version: v.version } : {}) };
  const out: RuleSpec[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const burns = o.burnRates.filter((b) => b.severity === severity);
    if (burns.length === 0 || o.errorBudget === undefined) continue;
    const budget = o.errorBudget;
    const expr = burns
      .map((b) =>
        [b.longSeconds, b.shortSeconds]
          .map((s) => `${recordName.errors(q, s)}${m} > (${b.factor} * ${budget})`)
          .join(' and '),
      )
      .map((e) => (burns.length > 1 ? `(${e})` : e))
      .join(' or ');
    out.push({
      alert: severity === 'page' ? 'ErrorBudgetFastBurn' : 'ErrorBudgetSlowBurn',
      expr,
      labels: { severity, ...labels },
      annotations: {
        summary: `${who} burns the error budget of its ${o.availability}% availability objective`,
        description: `5xx ratio {{ $value | humanizePercentage }}; burn rates ${burns.map((b) => `${b.factor}x over ${promDuration(b.longSeconds)}`).join(', ')} of a ${promDuration(o.windowSeconds)} window (SRE workbook, multiwindow multi-burn-rate).`,
      },
    });
  }
  if (o.latency && q.histogram) {
    const { thresholdSeconds: t, percentile: pct } = o.latency;
    out.push({
      alert: 'LatencyObjectiveMissed',
      expr: [3600, 300].map((s) => `${recordName.latency(q, pct, s)}${m} > ${t}`).join(' and '),
      labels: { severity: 'ticket', ...labels },
      annotations: {
        summary: `${who}: p${pct} latency above ${t * 1000} ms over 1 h and 5 min`,
        description: `p${pct} latency {{ $value | humanizeDuration }}; the objective is ${pct}% of requests within ${t * 1000} ms.`,
      },
    });
  }
  return out;
}

/** A canary whose error ratio exceeds twice the stable version's (and its error budget) over 30 minutes. */
function canaryAlerts(app: AppSpec, q: LayerQueries): RuleSpec[] {
  const o = app.observe?.objective;
  const versions = observedVersions(app);
  const stable = versions[0];
  if (!o || o.errorBudget === undefined || versions.length < 2) return [];
  const r = recordName.errors(q, 1800);
  const ignoring = `ignoring (${q.labels.workload}, ${q.labels.version})`;
  return versions.slice(1).map((c) => ({
    alert: 'CanaryErrorsAboveStable',
    expr: `${r}${versionMatchers(app, q, c)} > ${ignoring} 2 * ${r}${versionMatchers(app, q, stable)} and ${r}${versionMatchers(app, q, c)} > ${o.errorBudget}`,
    labels: { severity: 'ticket', layer: q.prefix, app: app.name, version: c.version ?? '' },
    annotations: {
      summary: `canary ${c.version} of ${app.namespace}/${app.name} fails more than twice as often as ${stable.version} at the ${q.prefix} layer`,
      description: '5xx ratio over 30 min {{ $value | humanizePercentage }}: hold or roll back the canary.',
    },
  }));
}

/** The PrometheusRule groups of an app: per layer, its recording rules, then its alerts. */
export function ruleGroups(app: AppSpec): RuleGroupSpec[] {
  const groups: RuleGroupSpec[] = [];
  for (const layer of app.observe?.layers ?? []) {
    const q = layerQueries(app, layer);
    if (!q) continue;
    const base = `${app.namespace}.${app.name}.${q.prefix}`;
    groups.push({ name: `${base}.recording`, rules: recordingRules(app, q) });
    const alerts = [...observedVersions(app).flatMap((v) => versionAlerts(app, q, v)), ...canaryAlerts(app, q)];
    if (alerts.length > 0) groups.push({ name: `${base}.alerts`, rules: alerts });
  }
  return groups;
}
