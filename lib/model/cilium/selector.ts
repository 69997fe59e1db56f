import { checkLabels } from '../names';
import { Problems } from '../problems';

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the key relates to the values. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * The values; required (non-empty) for `In` / `NotIn`, forbidden for `Exists` / `DoesNotExist`.
   * @default - none
   */
  readonly values?: readonly string[];
}

/** A Kubernetes label selector (what Cilium's CRDs accept for services and nodes). */
export interface LabelSelector {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** Checks a selector; returns a plain copy with sorted labels, or undefined when absent. */
export function checkSelector(problems: Problems, field: string, selector: LabelSelector | undefined): LabelSelector | undefined {
  if (selector === undefined) return undefined;
  checkLabels(problems, `${field}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(req.operator)) {
      problems.add(`${f}.operator`, req.operator, 'is not a label selector operator', 'use "In", "NotIn", "Exists" or "DoesNotExist"');
    } else if (needsValues && (req.values ?? []).length === 0) {
      problems.add(`${f}.values`, req.values, `must list at least one value for operator ${req.operator}`, 'add the values to match, or use "Exists"');
    } else if (!needsValues && (req.values ?? []).length > 0) {
      problems.add(`${f}.values`, req.values, `must be empty for operator ${req.operator}`, 'remove the values, or use "In"');
    }
    checkLabels(problems, `${f}.key`, { [req.key]: 'x' });
  });
  const labels = selector.matchLabels ? sortRecord(selector.matchLabels) : undefined;
  const exprs = selector.matchExpressions?.map((r) => ({ key: r.key, operator: r.operator, ...(r.values ? { values: [...r.values] } : {}) }));
  return { ...(labels ? { matchLabels: labels } : {}), ...(exprs && exprs.length ? { matchExpressions: exprs } : {}) };
}

/** A copy of a string record with keys in sorted order (deterministic output). */
export function sortRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** True when the selector's matchLabels are all present (same value) in `labels`; expressions are evaluated too. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const inValues = has && (r.values ?? []).includes(labels[r.key]);
    if (r.operator === 'In' && !inValues) return false;
    if (r.operator === 'NotIn' && inValues) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
