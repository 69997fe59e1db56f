import type { TrafficApp } from '../model/app';
import type { AppSpec } from '../model/app-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import { LoadBalancerPlan, planLoadBalancers } from '../model/aws/load-balancer-plan';
import type { Problem, Warning } from '../model/problems';
import type { Rule } from '../rules/rule';
import { DEFAULT_TARGETS, TargetsSpec } from '../model/targets/targets-spec';
import { ruleProblems, runRules } from '../rules/run-rules';
import { TRAFFIC_RULES } from '../rules/traffic-rules';
import { checkUserRules } from '../rules/user-rules';
import { checkApps } from './app-checks';
import { checkApps as checkAppList } from '../model/input/check-apps';

/** A warning about one app: a rule's finding or an exposure's adjustment (with the exposure it comes from). */
export interface TrafficWarning extends Warning {
  /** The exposure whose adjustment it is (undefined for a rule's finding). */
  readonly exposure?: ExposureSpec;
}

/** Options of `resolveApps`. */
export interface ResolveAppsOptions {
  /** The construct path the apps are reported under (`<scope>/<app id>`). */
  readonly path: string;
  /**
   * Rules run on every app besides the library's own (`TRAFFIC_RULES`).
   * @default none
   */
  readonly rules?: readonly Rule[];
  /**
   * The versions the output is written for (`TrafficTargets.of(scope, ...)`).
   * @default the library's defaults (docs/targets.md)
   */
  readonly targets?: TargetsSpec;
}

/** A set of apps resolved together: what `TrafficChart` and `LoadBalancerStack` both build from. */
export interface AppsResolution {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /** Each app's construct id (its name, or `<namespace>-<name>` where two namespaces hold the same name). */
  readonly ids: readonly string[];
  /** Each app's construct path. */
  readonly paths: readonly string[];
  /** Every problem: each app's own, those across apps, the load balancer plan's and the rules' errors. */
  readonly problems: readonly Problem[];
  /** The construct path of each problem (same order). */
  readonly problemPaths: readonly string[];
  /** The Terraform-managed load balancers, as planned. */
  readonly plans: readonly LoadBalancerPlan[];
  /** Rule warnings, acknowledgements and exposure adjustments, once each. */
  readonly warnings: readonly TrafficWarning[];
  /** The rules the apps were checked with. */
  readonly rules: readonly Rule[];
  /** The targets the apps were resolved for. */
  readonly targets: TargetsSpec;
}

/**
 * Resolves a set of apps once, for either renderer: every app's spec and problems, the problems that only
 * show across apps (overlapping selectors, one object written twice, conflicting exposures, the load
 * balancer plan), the rules' errors and warnings. Pure: the same apps give the same resolution, so the
 * Kubernetes and the Terraform side report the same problems with the same paths.
 *
 * @example
 * const { specs, problems } = resolveApps([shop], { path: 'shop' });
 */
export function resolveApps(apps: readonly TrafficApp[], options: ResolveAppsOptions): AppsResolution {
  checkAppList(options.path, apps);
  const user = checkUserRules(options.rules, TRAFFIC_RULES);
  const rules = [...TRAFFIC_RULES, ...user.rules];
  const ids = appIds(apps);
  const paths = ids.map((id) => `${options.path}/${id}`);
  const problems: Problem[] = [...user.problems];
  const problemPaths: string[] = user.problems.map(() => options.path);
  const specs = apps.map((app, i) => {
    const r = app.resolve(options.targets);
    for (const p of r.problems) {
      problems.push(p);
      problemPaths.push(paths[i]);
    }
    return r.spec;
  });
  const { plans, problems: planProblems } = planLoadBalancers(specs);
  const reports = specs.map((app) => runRules(app, rules));
  for (const c of [...checkApps(specs), ...planProblems, ...ruleProblems(specs, rules, reports)]) {
    problems.push(c.problem);
    problemPaths.push(paths[c.app]);
  }
  const warnings: TrafficWarning[] = [];
  const seen = new Set<string>();
  const add = (w: TrafficWarning) => {
    const key = `${w.path}\u0000${w.id}\u0000${w.field}\u0000${w.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      warnings.push(w);
    }
  };
  specs.forEach((app, i) => {
    for (const r of reports[i]) {
      if (r.severity === 'warning' || r.acknowledged !== undefined)
        add({
          path: paths[i],
          id: r.ruleId,
          field: r.field,
          message: r.message,
          fix: r.fix,
          ...(r.acknowledged !== undefined ? { acknowledged: r.acknowledged } : {}),
        });
    }
    for (const e of app.exposures)
      for (const n of e.traits.notes)
        add({ path: paths[i], id: n.id, field: n.field, message: n.message, exposure: e });
  });
  return {
    specs,
    ids,
    paths,
    problems,
    problemPaths,
    plans,
    warnings,
    rules,
    targets: options.targets ?? DEFAULT_TARGETS,
  };
}

/** Construct ids of the apps: the name, or `<namespace>-<name>` where two namespaces hold the same name. */
function appIds(apps: readonly TrafficApp[]): string[] {
  const count = new Map<string, number>();
  for (const a of apps) count.set(a.name, (count.get(a.name) ?? 0) + 1);
  return apps.map((a) => ((count.get(a.name) ?? 0) > 1 ? `${a.props?.namespace ?? 'default'}-${a.name}` : a.name));
}
