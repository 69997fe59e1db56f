import { checkLabels } from '../kubernetes-syntax';
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
export function checkSelector(
  problems: Problems,
  field: string,
  selector: LabelSelector | undefined,
): LabelSelector | undefined {
  if (selector === undefined) return undefined;
  checkLabels(problems, `${field}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(req.operator)) {
      problems.add(
        `${f}.operator`,
        req.operator,
        'is not a label selector operator',
        'use "In", "NotIn", "Exists" or "DoesNotExist"',
      );
    } else if (needsValues && (req.values ?? []).length === 0) {
      problems.add(
        `${f}.values`,
        req.values,
        `must list at least one value for operator ${req.operator}`,
        'add the values to match, or use "Exists"',
      );
    } else if (!needsValues && (req.values ?? []).length > 0) {
      problems.add(
        `${f}.values`,
        req.values,
        `must be empty for operator ${req.operator}`,
        'remove the values, or use "In"',
      );
    }
    checkLabels(problems, `${f}.key`, { [req.key]: 'x' });
  });
  const labels = selector.matchLabels ? sortRecord(selector.matchLabels) : undefined;
  const exprs = selector.matchExpressions?.map((r) => ({
    key: r.key,
    operator: r.operator,
    ...(r.values ? { values: [...r.values] } : {}),
  }));
  return { ...(labels ? { matchLabels: labels } : {}), ...(exprs && exprs.length ? { matchExpressions: exprs } : {}) };
}

/** A copy of a string record with keys in sorted order (deterministic output). */
export function sortRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

/** True when the selector's matchLabels are all present (same value) in `labels`; expressions are evaluated too. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
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

interface KeyConstraint {
  /** Allowed values (undefined: any). */
  allowed?: Set<string>;
  readonly excluded: Set<string>;
  /** true: the key must exist; false: it must not. */
  exists?: boolean;
}

/**
 * False only when no label set can match both selectors (e.g. `pool: public` and `pool: private`, or
 * `In [a]` and `DoesNotExist` on one key); true otherwise (an undefined selector matches everything).
 * Used to decide conservatively whether two objects may apply to the same Service.
 */
export function selectorsMayOverlap(a: LabelSelector | undefined, b: LabelSelector | undefined): boolean {
  const keys = new Map<string, KeyConstraint>();
  const get = (k: string): KeyConstraint => {
    let c = keys.get(k);
    if (!c) keys.set(k, (c = { excluded: new Set() }));
    return c;
  };
  const allow = (c: KeyConstraint, values: readonly string[]) => {
    c.allowed = new Set(values.filter((v) => !c.allowed || c.allowed.has(v)));
    if (c.exists === undefined) c.exists = true;
    else if (c.exists === false) c.allowed = new Set();
  };
  for (const sel of [a, b]) {
    for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) allow(get(k), [v]);
    for (const r of sel?.matchExpressions ?? []) {
      const c = get(r.key);
      if (r.operator === 'In') allow(c, r.values ?? []);
      else if (r.operator === 'NotIn') for (const v of r.values ?? []) c.excluded.add(v);
      else if (r.operator === 'Exists') {
        if (c.exists === false) return false;
        c.exists = true;
      } else {
        if (c.exists === true) return false;
        c.exists = false;
      }
    }
  }
  for (const c of keys.values()) {
    if (c.allowed && [...c.allowed].every((v) => c.excluded.has(v))) return false;
  }
  return true;
}
