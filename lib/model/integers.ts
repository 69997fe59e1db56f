import { Problems } from './problems';

/** Checks an integer within `[min, max]`. Returns the value or `fallback` when invalid. */
export function checkInt(
  problems: Problems,
  field: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  fix?: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add(
      field,
      value,
      `must be a whole number between ${min} and ${max}`,
      fix ?? `set ${field} to a whole number between ${min} and ${max}`,
    );
    return fallback;
  }
  return value;
}
