/** Small readers of written values: paths into plain objects, durations, lists. */

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path (`spec.template.spec`), or undefined. */
export function at(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const k of dotted.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function records(v: unknown): Json[] {
  return list(v).filter(isRecord);
}

/** A scalar as text; objects and lists as stable JSON (keys sorted). */
export function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return stableJson(v);
  return String(v);
}

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `k=v` pairs of a label map, sorted: `app.kubernetes.io/name=shop,version=v1`. */
export function labelText(v: unknown): string {
  if (!isRecord(v)) return '';
  return Object.keys(v)
    .sort()
    .map((k) => `${k}=${text(v[k])}`)
    .join(',');
}

/**
 * A label selector as text: its labels (`labelText`), then its requirements (`key In (a,b)`), e.g. the renamed label
 * of an app Flagger delivers; empty when it has neither.
 */
export function selectorText(v: unknown): string {
  if (!isRecord(v)) return '';
  const expressions = list(v.matchExpressions)
    .filter(isRecord)
    .map((e) => `${text(e.key)} ${text(e.operator)} (${list(e.values).map(text).join(',')})`)
    .sort();
  return [labelText(v.matchLabels), ...expressions].filter(Boolean).join(',');
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/**
 * Seconds of a written duration: a number (seconds), `"600"`, or a Go / Gateway API / Istio duration such as
 * `"1m30s"`, `"600s"`, `"250ms"`. Undefined when it is neither.
 */
export function seconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
}

/** A number of a written count (`3`, `"3"`, `"25%"` gives 25). */
export function count(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?%?$/.test(v.trim())) return Number(v.trim().replace('%', ''));
  return undefined;
}

/** Text order by code unit (as `Array.prototype.sort`): the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `a, b, c` of distinct sorted items. */
export function joinSorted(items: Iterable<string>): string {
  return [...new Set(items)].sort().join(', ');
}
