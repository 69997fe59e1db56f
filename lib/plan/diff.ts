import { canaryChanges } from './canary';
import { verdict } from './severity';
import type { Change, Fact, Plan } from './types';

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
  changes.push(...wholeSubjectChanges([...wholeSubjects.values()]));
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

/**
 * An object written on one side only is one change, not one per setting: `added` (info) or `removed` (caution:
 * what it carried stops). A target group removed where the same app gets a new one is one `replaced` change
 * (disruptive: the targets register in the new group before it takes traffic).
 */
function wholeSubjectChanges(subjects: { side: 'added' | 'removed'; facts: Fact[] }[]): Change[] {
  const isTg = (s: { facts: Fact[] }): boolean => s.facts[0].subject.startsWith('aws_lb_target_group ');
  const added = subjects.filter((s) => s.side === 'added');
  const out: Change[] = [];
  const paired = new Set<unknown>();
  for (const removed of subjects.filter((s) => s.side === 'removed' && isTg(s))) {
    const match = added.find((a) => isTg(a) && !paired.has(a) && a.facts[0].app === removed.facts[0].app);
    if (!match) continue;
    paired.add(match);
    paired.add(removed);
    const [r, a] = [removed.facts[0], match.facts[0]];
    const details = settingsDiff(removed.facts, match.facts);
    out.push({
      app: r.app,
      layer: r.layer,
      subject: a.subject,
      setting: 'replaced',
      severity: 'disruptive',
      before: r.subject,
      after: a.subject,
      reason:
        'a new target group (name, port, protocol or target type): Terraform creates it and destroys the old one; targets register anew',
      details,
    });
  }
  for (const s of subjects.filter((x) => !paired.has(x))) {
    const f = s.facts[0];
    const details = s.facts
      .filter((x) => x.setting !== 'exists')
      .map((x) => `${x.setting}: ${x.value}`)
      .sort();
    const removed = s.side === 'removed';
    out.push({
      app: f.app,
      layer: f.layer,
      subject: f.subject,
      setting: s.side,
      severity: removed ? 'caution' : 'info',
      reason: removed ? 'no longer written: the traffic it carried or admitted stops' : undefined,
      details,
    });
  }
  return out;
}

function settingsDiff(before: readonly Fact[], after: readonly Fact[]): string[] {
  const a = new Map(after.map((f) => [f.setting, f.value]));
  return before
    .filter((f) => f.setting !== 'exists' && a.has(f.setting) && a.get(f.setting) !== f.value)
    .map((f) => `${f.setting}: ${f.value} -> ${a.get(f.setting)}`)
    .sort();
}

function sortChanges(changes: Change[]): Change[] {
  const rank = (c: Change): string => (c.setting === 'canary split' ? '0' : '1');
  return [...changes].sort((x, y) =>
    [x.app, rank(x), x.layer, x.subject, x.setting]
      .join(SEP)
      .localeCompare([y.app, rank(y), y.layer, y.subject, y.setting].join(SEP)),
  );
}
