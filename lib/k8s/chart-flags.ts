import type { ProblemsAt } from '../synth/synth-problems';

/** The `TrafficChart` props that are plain switches (`trafficMap: 'yes'` from JavaScript would be taken as on). */
const FLAGS = ['createNamespaces', 'printWarnings', 'printSummary', 'trafficMap'] as const;

/**
 * The chart's own switches and labels, checked as plain values (a JavaScript caller's too): a flag that is not a
 * boolean, labels that are not an object of strings. Each is a problem at the chart's path.
 */
export function checkChartFlags(found: ProblemsAt, path: string, props: object): void {
  const p = props as Readonly<Record<string, unknown>>;
  for (const flag of FLAGS) {
    const v = p[flag];
    if (v === undefined || typeof v === 'boolean') continue;
    found.add(path, {
      field: flag,
      value: v,
      message: 'must be true or false',
      fix: `write \`${flag}: true\` or \`${flag}: false\` (a boolean, not a string or number), or leave it out for the default`,
    });
  }
  const labels = p.labels;
  if (
    labels !== undefined &&
    (labels === null ||
      typeof labels !== 'object' ||
      Array.isArray(labels) ||
      Object.values(labels).some((x) => typeof x !== 'string'))
  )
    found.add(path, {
      field: 'labels',
      value: labels,
      message: 'must be an object of label names and string values',
      fix: "write e.g. `labels: { 'example.com/team': 'web' }`",
    });
}
