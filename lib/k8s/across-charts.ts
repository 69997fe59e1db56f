import type { AppSpec } from '../model/app-spec';
import { ChartProblem, checkApps } from '../resolve/app-checks';
import type { ProblemsAt } from '../synth/synth-problems';

/** What the checks across charts read of an earlier chart of the same App. */
export interface EarlierChart {
  /** The chart's construct path. */
  readonly path: string;
  /** Its resolved apps (none when it has problems of its own). */
  readonly specs: readonly AppSpec[];
  /** The construct path of each app, in the order of `specs`. */
  readonly paths: readonly string[];
}

const keyOf = (c: ChartProblem, offset: number) =>
  `${c.app + offset}\u0000${c.problem.field}\u0000${c.problem.message}`;

/**
 * The problems of this chart's apps together with those of the earlier charts of the App (`checkApps`: selectors
 * over another app's pods, one object written twice, exposures that conflict), each reported on the app it
 * belongs to, in this chart or an earlier one: an object an earlier chart's exposure writes (`web-nlb` of
 * `LoadBalancerServiceExposure.nlb()`) clashing with an object of this chart is found whichever chart comes first.
 * A problem that only the two charts together have names both charts.
 */
export function acrossChartAppProblems(
  found: ProblemsAt,
  chart: { readonly path: string; readonly specs: readonly AppSpec[]; readonly paths: readonly string[] },
  earlier: readonly EarlierChart[],
): void {
  const others = earlier.flatMap((c) => c.specs);
  if (others.length === 0) return;
  const combined = checkApps([...others, ...chart.specs]);
  if (combined.length === 0) return;
  // Problems each side has alone were reported by that side (this chart's by its own resolution).
  const alone = new Set([
    ...checkApps(others).map((c) => keyOf(c, 0)),
    ...checkApps(chart.specs).map((c) => keyOf(c, others.length)),
  ]);
  const owners = earlier.flatMap((c) => c.specs.map((_, i) => ({ chart: c, path: c.paths[i] })));
  for (const c of combined) {
    const mine = c.app >= others.length;
    const path = mine ? chart.paths[c.app - others.length] : owners[c.app].path;
    if (alone.has(keyOf(c, 0))) continue;
    const other = mine ? pairedChart(c, others.length, chart.specs, earlier)?.path : owners[c.app].chart.path;
    found.add(path, {
      ...c.problem,
      message: `${c.problem.message} (across chart ${other ?? 'of this App'} and chart ${chart.path})`,
    });
  }
}

/** The earlier chart whose apps, with this chart's, give the problem `c` of this chart's app. */
function pairedChart(
  c: ChartProblem,
  offset: number,
  specs: readonly AppSpec[],
  earlier: readonly EarlierChart[],
): EarlierChart | undefined {
  const own = c.app - offset;
  return earlier.find((e) =>
    checkApps([...e.specs, ...specs]).some(
      (p) =>
        p.app - e.specs.length === own &&
        p.problem.field === c.problem.field &&
        p.problem.message === c.problem.message,
    ),
  );
}
