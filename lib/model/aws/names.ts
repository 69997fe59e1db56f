import { Problems } from '../problems';

/** The longest name AWS accepts for a load balancer or a target group. */
export const AWS_LB_NAME_MAX = 32;

const AWS_LB_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * Derives a deterministic AWS load balancer or target group name (at most `max` characters, letters,
 * digits and '-') from parts such as namespace, app, port and version. No hash: when the joined name is
 * too long, the `shrinkable` leading parts (namespace, app) are cut, the longest first, down to at least
 * 3 characters each; the trailing parts (port, version) are kept whole because they tell target groups
 * apart. Uniqueness is checked where all names are known (`LoadBalancerStack`).
 */
export function awsName(shrinkable: readonly string[], fixed: readonly string[] = [], max = AWS_LB_NAME_MAX): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = shrinkable.map(clean).filter((s) => s.length > 0);
  const tail = fixed.map(clean).filter((s) => s.length > 0);
  const length = () => [...parts, ...tail].join('-').length;
  while (length() > max) {
    let longest = -1;
    parts.forEach((p, i) => {
      if (p.length > 3 && (longest < 0 || p.length > parts[longest].length)) longest = i;
    });
    if (longest < 0) break;
    const over = length() - max;
    const p = parts[longest];
    // Cut the longest part down towards the next longest (or by what is over), never below 3 characters.
    const next = Math.max(3, ...parts.filter((_, i) => i !== longest).map((q) => q.length));
    const keep = Math.max(3, Math.min(p.length - 1, Math.max(p.length - over, next)));
    parts[longest] = p.slice(0, keep).replace(/-+$/, '');
  }
  let name = [...parts, ...tail].join('-');
  if (name.length > max) name = name.slice(0, max);
  name = name.replace(/-+$/, '');
  // AWS reserves the "internal-" prefix for load balancer DNS names.
  if (name.startsWith('internal-')) name = `lb-${name.slice(9)}`;
  return name;
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
