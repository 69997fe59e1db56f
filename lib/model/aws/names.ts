import { Problems } from '../problems';

/** The longest name AWS accepts for a load balancer or a target group. */
export const AWS_LB_NAME_MAX = 32;

const AWS_LB_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
/** A part `cleanParts` leaves as it is: lower-case letters, digits and single '-' between them. */
const CLEAN_PART = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Derives a deterministic AWS load balancer or target group name (at most `max` characters, letters,
 * digits and '-') from parts such as namespace, app, port and version. No hash: when the joined name is
 * too long, the `shrinkable` leading parts (namespace, app) are cut, the longest first, down to at least
 * 3 characters each; the trailing parts (port, version) are kept whole because they tell target groups
 * apart. Uniqueness is checked where all names are known (`LoadBalancerStack`).
 */
export function awsName(shrinkable: readonly string[], fixed: readonly string[] = [], max = AWS_LB_NAME_MAX): string {
  // Loops, no `map`/`filter`/spread: run once or twice per app, and lists of one hidden class (docs/development.md).
  const parts = cleanParts(shrinkable);
  const tail = cleanParts(fixed);
  let joined = joinParts(parts, tail);
  while (joined.length > max) {
    let longest = -1;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].length > 3 && (longest < 0 || parts[i].length > parts[longest].length)) longest = i;
    }
    if (longest < 0) break;
    const over = joined.length - max;
    const p = parts[longest];
    // Cut the longest part down towards the next longest (or by what is over), never below 3 characters.
    let next = 3;
    for (let i = 0; i < parts.length; i++) if (i !== longest && parts[i].length > next) next = parts[i].length;
    const keep = Math.max(3, Math.min(p.length - 1, Math.max(p.length - over, next)));
    parts[longest] = p.slice(0, keep).replace(/-+$/, '');
    joined = joinParts(parts, tail);
  }
  let name = joined;
  if (name.length > max) name = name.slice(0, max);
  name = name.replace(/-+$/, '');
  // AWS reserves the "internal-" prefix for load balancer DNS names.
  if (name.startsWith('internal-')) name = `lb-${name.slice(9)}`;
  return name;
}

/** Lower case, runs of other characters than letters, digits and '-' as one '-', no '-' at either end; empty parts left out. */
function cleanParts(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    // A part that is clean already (a DNS label, a port, a version: nearly every one) is kept as it is: one test
    // instead of four passes over it, for every target group and load balancer name.
    if (typeof list[i] === 'string' && CLEAN_PART.test(list[i])) {
      out.push(list[i]);
      continue;
    }
    const s = list[i]
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+|-+$/g, '');
    if (s.length > 0) out.push(s);
  }
  return out;
}

/** The parts, then the tail, joined by '-'. */
function joinParts(parts: readonly string[], tail: readonly string[]): string {
  let out = parts.length > 0 ? parts[0] : '';
  for (let i = 1; i < parts.length; i++) out += `-${parts[i]}`;
  for (let i = 0; i < tail.length; i++) out = parts.length > 0 || i > 0 ? `${out}-${tail[i]}` : tail[i];
  return out;
}

/** Checks a user-given load balancer or target group name against AWS's rules. */
export function checkAwsName(problems: Problems, field: string, value: string, what: string): boolean {
  if (
    typeof value !== 'string' ||
    value.length > AWS_LB_NAME_MAX ||
    !AWS_LB_NAME.test(value) ||
    value.toLowerCase().startsWith('internal-')
  ) {
    const suggestion = awsName([String(value ?? 'web')]);
    problems.add(
      field,
      value,
      `an AWS ${what} name must be 1 to ${AWS_LB_NAME_MAX} letters, digits and '-', neither starting nor ending with '-' nor starting with "internal-" (${String(value).length} characters given)`,
      `use a name such as "${suggestion}"`,
    );
    return false;
  }
  return true;
}
