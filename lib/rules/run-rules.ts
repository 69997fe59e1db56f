import type { AppSpec } from '../model/app-spec';
import type { Problem } from '../model/problems';
import type { Rule, RuleFinding, RuleSeverity } from './rule';
import { TRAFFIC_RULES } from './traffic-rules';
import { PROXY_RULE_IDS } from './proxy-rules';
import { guardedCheck } from './user-rules';

/** One finding of one rule on one app, with what the user said about it. */
export interface RuleReport extends RuleFinding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  /** The reason given in `traffic.acknowledge`, when the user acknowledged the rule for this app. */
  readonly acknowledged?: string;
}

/**
 * Runs the rules on one app; every non-compliant finding is reported, acknowledged ones with their reason.
 *
 * @example
 * runRules(shop.spec).filter((r) => r.severity === 'error' && !r.acknowledged).map((r) => r.ruleId)
 */
export function runRules(app: AppSpec, rules: readonly Rule[] = TRAFFIC_RULES): RuleReport[] {
  const out: RuleReport[] = [];
  // An indexed loop: `entries()` would allocate an [index, rule] pair per rule and app.
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    // The library's rules are trusted; a user's rule that throws or returns no outcome is an error naming it.
    // (`resolveApps` passes the library's rules first, in their order: found without a search.)
    const trusted = rule === TRAFFIC_RULES[i] || TRAFFIC_RULES.includes(rule);
    const g = trusted ? { outcome: rule.check(app), broken: false } : guardedCheck(rule, app);
    const r = g.outcome;
    if (r.status !== 'non-compliant') continue;
    const acknowledged = g.broken ? undefined : app.traffic.acknowledge?.[rule.id];
    const severity = g.broken ? 'error' : rule.severity;
    for (const f of r.findings) out.push({ ...f, ruleId: rule.id, severity, acknowledged });
  }
  return out;
}

/**
 * The unacknowledged errors of each app, as problems (what `checkApps` adds to the chart's `DefinitionError`),
 * and acknowledgements of ids that are not rules (a typo, or a check made at resolution, which has a fix but
 * no acknowledgement): they would silently acknowledge nothing. `reports`: each app's `runRules` result, when
 * the caller already has it (so the rules run once).
 */
export function ruleProblems(
  apps: readonly AppSpec[],
  rules: readonly Rule[] = TRAFFIC_RULES,
  reports?: readonly (readonly RuleReport[])[],
): { app: number; problem: Problem }[] {
  // The kube-proxy checks (run by KubeProxyCluster) are acknowledged per app the same way.
  const ids = new Set([...rules.map((r) => r.id), ...PROXY_RULE_IDS]);
  const out: { app: number; problem: Problem }[] = [];
  apps.forEach((app, i) => {
    for (const id of Object.keys(app.traffic.acknowledge ?? {}))
      if (!ids.has(id))
        out.push({
          app: i,
          problem: {
            field: `traffic.acknowledge.${id}`,
            value: id,
            message: 'is not the id of a rule that can be acknowledged, so it would acknowledge nothing',
            fix: `use the id printed with a rule finding (${[...ids].slice(0, 3).join(', ')}, ...: see lib/rules/README.md in the cdk-traffic package); checks made at resolution cannot be acknowledged, follow their fix`,
          },
        });
    for (const r of reports?.[i] ?? runRules(app, rules))
      if (r.severity === 'error' && r.acknowledged === undefined)
        out.push({
          app: i,
          problem: { field: r.field, value: r.value, message: r.message, fix: r.fix, ruleId: r.ruleId },
        });
  });
  return out;
}

/** Warning and acknowledgement lines of one app (errors are raised by `ruleProblems`), prefixed with `path`. */
export function ruleNotices(path: string, app: AppSpec): string[] {
  return runRules(app)
    .filter((r) => r.severity === 'warning' || r.acknowledged !== undefined)
    .map((r) =>
      r.acknowledged !== undefined
        ? `[${path}] [${r.ruleId}] acknowledged: ${r.acknowledged} (${r.field}: ${r.message})`
        : `[${path}] [${r.ruleId}] warning: ${r.field}: ${r.message}. Fix: ${r.fix}`,
    );
}
