import { Duration } from 'cdk8s';
import { Problems } from './problems';

/** The ranges most durations take, frozen once (a literal per call was an object per app and field). */
export const AT_LEAST_0 = Object.freeze({ min: 0 });
export const AT_LEAST_1 = Object.freeze({ min: 1 });
export const UP_TO_AN_HOUR = Object.freeze({ min: 0, max: 3600 });

/**
 * Converts a `Duration` to whole seconds, reporting a problem (and returning `fallback`) when it is
 * not a whole number of seconds or falls outside `[min, max]`.
 */
export function wholeSeconds(
  problems: Problems,
  field: string,
  value: Duration | undefined,
  fallback: number,
  range: { min?: number; max?: number; fix?: string } = {},
): number {
  if (value === undefined) return fallback;
  let seconds: number;
  try {
    seconds = value.toSeconds();
  } catch {
    problems.add(field, value, 'must be a whole number of seconds', 'use Duration.seconds(n) with a whole n');
    return fallback;
  }
  const min = range.min ?? 0;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (seconds < min || seconds > max) {
    const bounds = range.max === undefined ? `at least ${min}s` : `between ${min}s and ${max}s`;
    problems.add(field, value, `must be ${bounds}`, range.fix ?? `use a duration ${bounds}`);
    return fallback;
  }
  return seconds;
}
