import { canaryChanges } from './canary';
import { verdict } from './severity';
import type { Change, Fact, Plan } from './types';
import { compareText } from './values';
import { wholeObjectChanges } from './whole-objects';

const SEP = '\u0000';
const keyOf = (f: Fact): string => [f.app, f.layer, f.subject, f.setting].join(SEP);
const subjectKey = (f: { app: string; layer: string; subject: string }): string =>
  [f.app, f.layer, f.subject].join(SEP);

/** Facts by key; facts of the same key (several resources adding to one list) are merged. */
function byKey(facts: readonly Fact[]): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const f of facts) {
    const prev = out.get(keyOf(f));
    if (!prev) out.set(keyOf(f), f);
    else if (prev.items && f.items) {
      const items = [...new Set([...prev.items, ...f.items])].sort();
      out.set(keyOf(f), { ...prev, items, value: items.join(', ') });
    } else if (prev.value !== f.value) out.set(keyOf(f), { ...prev, value: [prev.value, f.value].sort().join(' | ') });
  }
  return out;
}

/** The changes between the facts of two outputs, per app, in a stable order. */
export function diffFacts(baseName: string, headName: string, base: readonly Fact[], head: readonly Fact[]): Plan {
  const b = byKey(base);
  const h = byKey(head);
  const baseSubjects = new Set([...b.values()].map(subjectKey));
  const headSubjects = new Set([...h.values()].map(subjectKey));
  const changes: Change[] = [];
  const wholeSubjects = new Map<string, { side: 'added' | 'removed'; facts: Fact[] }>();
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const before = b.get(key);
    const after = h.get(key);
    const f = (after ?? before) as Fact;
    if (before && after && (before.value === after.value || f.kind === 'split')) continue;
    const sk = subjectKey(f);
    if (!baseSubjects.has(sk) || !headSubjects.has(sk)) {
      const entry = wholeSubjects.get(sk) ?? { side: baseSubjects.has(sk) ? 'removed' : 'added', facts: [] };
      entry.facts.push(f);
      wholeSubjects.set(sk, entry);
      continue;
    }
    const v = verdict(before, after);
    changes.push({
      app: f.app,
      layer: f.layer,
      subject: f.subject,
      setting: f.setting,
      ...v,
      before: before?.value,
      after: after?.value,
    });
  }
  changes.push(...wholeObjectChanges([...wholeSubjects.values()]));
  const apps = [...new Set([...base, ...head].map((f) => f.app))].sort();
  for (const app of apps) {
    const split = (facts: readonly Fact[]): Fact[] => facts.filter((f) => f.app === app && f.kind === 'split');
    changes.push(...canaryChanges(app, split([...b.values()]), split([...h.values()])));
  }
  const baseApps = new Set(base.map((f) => f.app));
  const headApps = new Set(head.map((f) => f.app));
  return {
    version: 1,
    base: baseName,
    head: headName,
    appsAdded: [...headApps].filter((a) => !baseApps.has(a)).sort(),
    appsRemoved: [...baseApps].filter((a) => !headApps.has(a)).sort(),
    changes: sortChanges(changes),
  };
}

function sortChanges(changes: Change[]): Change[] {
  const rank = (c: Change): string => (c.setting === 'canary split' ? '0' : '1');
  return [...changes].sort((x, y) =>
    compareText(
      [x.app, rank(x), x.layer, x.subject, x.setting].join(SEP),
      [y.app, rank(y), y.layer, y.subject, y.setting].join(SEP),
    ),
  );
}
