import type { Fact, Severity } from './types';

/** The severity of one setting's change and why. */
export interface Verdict {
  readonly severity: Severity;
  readonly reason?: string;
}

const INFO: Verdict = { severity: 'info' };

function replaceReason(f: Fact): string {
  if (f.setting === 'selector') return 'a Deployment selector is immutable: the object must be deleted and re-created';
  if (f.setting === 'type' && f.subject.startsWith('Service '))
    return 'a Service type change re-creates its load balancer';
  if (f.subject.startsWith('aws_lb_target_group ')) return 'Terraform replaces the target group: targets register anew';
  if (/scheme|internal/.test(f.setting)) return 'the load balancer is replaced (new address)';
  if (/ClassName$|loadBalancerClass$/.test(f.setting))
    return 'another controller serves it: a new load balancer or data path';
  return 'the resource is replaced';
}

/** The severity of a setting whose value changed from `before` to `after` (either may be absent). */
export function verdict(before: Fact | undefined, after: Fact | undefined): Verdict {
  const f = (after ?? before) as Fact;
  switch (f.kind) {
    case 'replace':
      return { severity: 'disruptive', reason: replaceReason(f) };
    case 'timeout':
    case 'drain':
      return shorter(before, after);
    case 'capacity':
      return lower(before, after, 'less capacity');
    case 'capacity-inverse':
      return lower(after, before, 'more pods may be unavailable at once');
    case 'reach':
      return removedItems(before, after);
    case 'match':
      return before && after
        ? {
            severity: 'caution',
            reason: 'the rule takes other requests: a request that matched before goes to another rule',
          }
        : INFO;
    default:
      return INFO;
  }
}

function shorter(before: Fact | undefined, after: Fact | undefined): Verdict {
  if (before?.num === undefined || after?.num === undefined || after.num >= before.num) return INFO;
  const what =
    before.kind === 'drain'
      ? 'connections are drained for less time'
      : 'a stream or request longer than the new value is cut';
  return { severity: 'caution', reason: `shorter (${fmt(before.num)} -> ${fmt(after.num)}): ${what}` };
}

function lower(before: Fact | undefined, after: Fact | undefined, what: string): Verdict {
  if (before?.num === undefined || after?.num === undefined || after.num >= before.num) return INFO;
  return { severity: 'caution', reason: what };
}

function removedItems(before: Fact | undefined, after: Fact | undefined): Verdict {
  const gone = (before?.items ?? []).filter((i) => !(after?.items ?? []).includes(i));
  if (gone.length === 0) return INFO;
  if (!after && before && /^(ingress from|admits)/.test(before.setting)) {
    return { severity: 'caution', reason: `a source no longer admitted (it reached ${gone.join(', ')})` };
  }
  return { severity: 'caution', reason: `no longer there: ${gone.join(', ')}` };
}

function fmt(n: number): string {
  return `${n}s`;
}
