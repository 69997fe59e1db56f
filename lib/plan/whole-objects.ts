import type { Change, Fact, Severity } from './types';

/** The facts of an object written on one side only. */
export interface WholeObject {
  readonly side: 'added' | 'removed';
  readonly facts: readonly Fact[];
}

/**
 * An object removed where another of the same role is added: one change instead of a removal and an addition.
 * `key` says which objects pair (undefined: this pairing does not apply).
 */
interface Pairing {
  readonly key: (o: WholeObject) => string | undefined;
  readonly setting: string;
  readonly severity: Severity;
  readonly reason: string;
  /** What the change shows before and after (default: the object). */
  readonly show?: (subject: string) => string;
}

const setting = (o: WholeObject, name: string): string | undefined => o.facts.find((f) => f.setting === name)?.value;
const subjectStarts = (o: WholeObject, prefix: string): boolean => o.facts[0].subject.startsWith(prefix);

const PAIRINGS: readonly Pairing[] = [
  {
    // A target group of a new name: a new Terraform resource.
    key: (o) => (subjectStarts(o, 'aws_lb_target_group ') ? o.facts[0].app : undefined),
    setting: 'replaced',
    severity: 'disruptive',
    reason:
      'a new target group (name, port, protocol or target type): Terraform creates it and destroys the old one; targets register anew',
  },
  {
    // A listener rule of the same priority on the same listener whose conditions changed (the subject names them).
    key: (o) =>
      subjectStarts(o, 'aws_lb_listener_rule ')
        ? `${o.facts[0].app} ${o.facts[0].subject.split(' when ')[0]} ${setting(o, 'priority') ?? ''}`
        : undefined,
    setting: 'conditions',
    severity: 'caution',
    show: (subject) => subject.slice(subject.indexOf(' when ') + 1),
    reason: 'the rule takes other requests: a request that matched before goes to another rule',
  },
];

/**
 * An object written on one side only is one change, not one per setting: `added` (info, with its settings) or
 * `removed` (caution: what it carried stops), unless it pairs with one of the other side (`PAIRINGS`).
 */
export function wholeObjectChanges(objects: readonly WholeObject[]): Change[] {
  const out: Change[] = [];
  const paired = new Set<WholeObject>();
  for (const pairing of PAIRINGS) {
    for (const removed of objects.filter((o) => o.side === 'removed' && pairing.key(o) !== undefined)) {
      const match = objects.find(
        (o) => o.side === 'added' && !paired.has(o) && pairing.key(o) === pairing.key(removed),
      );
      if (!match || paired.has(removed)) continue;
      paired.add(match).add(removed);
      const [r, a] = [removed.facts[0], match.facts[0]];
      out.push({
        app: r.app,
        layer: r.layer,
        subject: a.subject,
        setting: pairing.setting,
        severity: pairing.severity,
        before: pairing.show ? pairing.show(r.subject) : r.subject,
        after: pairing.show ? pairing.show(a.subject) : a.subject,
        reason: pairing.reason,
        details: settingsDiff(removed.facts, match.facts),
      });
    }
  }
  for (const o of objects.filter((x) => !paired.has(x))) out.push(oneSided(o));
  return out;
}

function oneSided(o: WholeObject): Change {
  const f = o.facts[0];
  const removed = o.side === 'removed';
  return {
    app: f.app,
    layer: f.layer,
    subject: f.subject,
    setting: o.side,
    severity: removed ? 'caution' : 'info',
    reason: removed ? 'no longer written: the traffic it carried or admitted stops' : undefined,
    details: o.facts
      .filter((x) => x.setting !== 'exists')
      .map((x) => `${x.setting}: ${x.value}`)
      .sort(),
  };
}

function settingsDiff(before: readonly Fact[], after: readonly Fact[]): string[] {
  const a = new Map(after.map((f) => [f.setting, f.value]));
  return before
    .filter((f) => f.setting !== 'exists' && a.has(f.setting) && a.get(f.setting) !== f.value)
    .map((f) => `${f.setting}: ${f.value} -> ${a.get(f.setting)}`)
    .sort();
}
