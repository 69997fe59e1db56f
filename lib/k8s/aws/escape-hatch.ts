import type { Problems } from '../../model/problems';

/**
 * Checks an AWS Load Balancer Controller escape hatch against what the renderer writes: a health check key
 * set by hand would make the check differ from the readiness probe; any other key a typed option writes
 * conflicts with it. Returns the keys it passed, for the caller's own rules. Problems go under
 * `<field>.annotations.<key>`.
 */
export function checkAgainstWritten(
  problems: Problems,
  field: string,
  extra: Readonly<Record<string, string>>,
  written: Readonly<Record<string, string>>,
  healthCheckKeys: readonly string[],
): string[] {
  const passed: string[] = [];
  for (const [k, v] of Object.entries(extra)) {
    const at = `${field}.annotations.${k}`;
    if (healthCheckKeys.includes(k)) {
      problems.add(
        at,
        v,
        'sets the health check by hand: it would differ from the readiness probe',
        'use `healthCheck: HealthCheck.override({ ..., reason })` if the difference is on purpose',
      );
    } else if (k in written) {
      problems.add(
        at,
        v,
        `conflicts with the typed option that already writes ${k} (${written[k]})`,
        'use the typed option instead of the annotation',
      );
    } else passed.push(k);
  }
  return passed;
}
