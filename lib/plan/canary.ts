import type { Change, Fact, WrittenBackend } from './types';
import { compareText } from './values';

/** The share of each backend in percent (two decimals at most): `v1 99%, v2 1%`. */
export function percentText(backends: readonly WrittenBackend[]): string {
  const total = backends.reduce((s, b) => s + b.weight, 0);
  const byName = new Map<string, number>();
  for (const b of backends) {
    const name = b.version ?? b.backend;
    byName.set(name, (byName.get(name) ?? 0) + b.weight);
  }
  return [...byName]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, w]) => `${name} ${total === 0 ? 0 : Math.round((w / total) * 10000) / 100}%`)
    .join(', ');
}

/** The split of an app across its layers: one value when every weighted route agrees, else each layer's. */
function declared(splits: readonly Fact[]): string {
  const weighted = splits.filter((f) => (f.backends?.length ?? 0) > 1);
  const values = [...new Set(weighted.map((f) => percentText(f.backends ?? [])))];
  if (values.length === 0) return 'no split';
  if (values.length === 1) return values[0];
  return `differs per layer: ${values.join(' | ')}`;
}

/**
 * One change per app for its canary split: `before`/`after` the split as declared (the one value every layer
 * writes), the details each layer's route as written (`HTTPRoute ai/inference rule "default" backends:
 * inference-v1:80 99, inference-v2:80 1 -> ...`). Only routes present on both sides whose shares changed count;
 * equal shares written as other integers (99/1 and 990/10) are no change.
 */
export function canaryChanges(app: string, base: readonly Fact[], head: readonly Fact[]): Change[] {
  const headByKey = new Map(head.map((f) => [keyOf(f), f]));
  const details: string[] = [];
  for (const b of base) {
    const h = headByKey.get(keyOf(b));
    if (!h || percentText(b.backends ?? []) === percentText(h.backends ?? [])) continue;
    details.push(`${b.layer}: ${b.subject} ${b.setting}: ${b.value} -> ${h.value}`);
  }
  if (details.length === 0) return [];
  return [
    {
      app,
      layer: 'all layers',
      subject: 'canary',
      setting: 'canary split',
      severity: 'info',
      before: declared(base),
      after: declared(head),
      details: details.sort(),
    },
  ];
}

function keyOf(f: Fact): string {
  return `${f.layer}\u0000${f.subject}\u0000${f.setting}`;
}
