import type { AppSpec } from '../model/app-spec';
import type { Problem } from '../model/problems';
import type { Rule, RuleFinding, RuleOutcome } from './rule';

const RULE_EXAMPLE =
  "rules: [{ id: 'ACME-001', severity: 'error', description: 'what it asks for', check: (app) => outcome([...]) }]";
const SEVERITIES: readonly unknown[] = ['error', 'warning'];
const STATUSES: readonly unknown[] = ['compliant', 'not-applicable', 'non-compliant'];

/**
 * The user's `rules` (a chart's or stack's extension point), checked as plain values: a list of objects with an
 * `id`, a `severity` of 'error' or 'warning' and a `check` function, ids distinct from each other and from the
 * library's. A rule that is not usable is a problem naming it and left out, never a TypeError at synth.
 * @see lib/rules/README.md
 */
export function checkUserRules(
  rules: unknown,
  builtIn: readonly Rule[],
): { readonly rules: readonly Rule[]; readonly problems: readonly Problem[] } {
  if (rules === undefined) return { rules: [], problems: [] };
  if (!Array.isArray(rules))
    return {
      rules: [],
      problems: [{ field: 'rules', value: rules, message: 'must be a list of rules', fix: `write ${RULE_EXAMPLE}` }],
    };
  const problems: Problem[] = [];
  const ids = new Set(builtIn.map((r) => r.id));
  const usable = rules.filter((r: unknown, i) => {
    const found = ruleShapeProblems(r, `rules[${i}]`, ids);
    problems.push(...found);
    if (found.length === 0) ids.add((r as Rule).id);
    return found.length === 0;
  });
  return { rules: usable as Rule[], problems };
}

function ruleShapeProblems(r: unknown, field: string, ids: ReadonlySet<string>): Problem[] {
  if (r === null || typeof r !== 'object')
    return [{ field, value: r, message: 'must be a rule object', fix: `write ${RULE_EXAMPLE}` }];
  const o = r as Record<string, unknown>;
  const out: Problem[] = [];
  if (typeof o.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o.id))
    out.push({
      field: `${field}.id`,
      value: o.id,
      message: 'must be a stable id of letters, digits, ".", "_" and "-" (users acknowledge findings by it)',
      fix: "give e.g. id: 'ACME-001'",
    });
  else if (ids.has(o.id))
    out.push({
      field: `${field}.id`,
      value: o.id,
      message: "is the id of another rule (the library's or an earlier one): acknowledging one would acknowledge both",
      fix: 'give each rule its own id, with a prefix of your own (e.g. ACME-001)',
    });
  if (!SEVERITIES.includes(o.severity))
    out.push({
      field: `${field}.severity`,
      value: o.severity,
      message: "must be 'error' (fails the synth) or 'warning' (printed, acknowledgeable)",
      fix: "use severity: 'error' or severity: 'warning'",
    });
  if (typeof o.check !== 'function')
    out.push({
      field: `${field}.check`,
      value: o.check,
      message: "must be a function of the app's spec returning the rule's outcome",
      fix: 'write check: (app) => outcome(findings), returning COMPLIANT, NOT_APPLICABLE or outcome([...])',
    });
  return out;
}

/** A finding standing for a rule whose `check` threw or returned something that is not an outcome. */
function broken(rule: Rule, value: unknown, what: string): RuleOutcome {
  const finding: RuleFinding = {
    field: `rules.${rule.id}`,
    value,
    message: `the rule's check ${what}, so the rule checked nothing`,
    fix: "return COMPLIANT, NOT_APPLICABLE or outcome([{ field, value, message, fix }]) from the rule's check(app)",
  };
  return { status: 'non-compliant', findings: [finding] };
}

function badFinding(f: unknown): boolean {
  if (f === null || typeof f !== 'object') return true;
  const o = f as Record<string, unknown>;
  return typeof o.field !== 'string' || typeof o.message !== 'string' || typeof o.fix !== 'string';
}

/**
 * Runs a user rule's check: what it throws or returns that is not an outcome (`{ status }`, findings with a string
 * `field`, `message` and `fix`) becomes one error finding naming the rule, reported like any other.
 */
export function guardedCheck(rule: Rule, app: AppSpec): { readonly outcome: RuleOutcome; readonly broken: boolean } {
  let r: unknown;
  try {
    r = rule.check(app);
  } catch (e) {
    return {
      outcome: broken(rule, e instanceof Error ? e.message : e, 'threw instead of returning an outcome'),
      broken: true,
    };
  }
  const status = (r as { status?: unknown } | null | undefined)?.status;
  if (!STATUSES.includes(status))
    return { outcome: broken(rule, r, 'returned this instead of an outcome ({ status })'), broken: true };
  if (status !== 'non-compliant') return { outcome: r as RuleOutcome, broken: false };
  const findings = (r as { findings?: unknown }).findings;
  if (!Array.isArray(findings) || findings.length === 0 || findings.some(badFinding))
    return {
      outcome: broken(
        rule,
        findings,
        'returned non-compliant with findings that are not a list of { field, value, message, fix }',
      ),
      broken: true,
    };
  return { outcome: r as RuleOutcome, broken: false };
}
