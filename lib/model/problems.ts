/**
 * Problems found in a definition: every check adds to a `Problems` list instead of throwing, so a
 * user sees all of their mistakes at once. Each problem names the field, the value received and
 * what to do; the construct path is added where the problem is reported (a cdk8s/cdktf validation
 * or `Problems.throwIfAny`).
 */

/** One mistake in a definition. */
export interface Problem {
  /** Dotted path of the offending field inside the definition, e.g. `ports[1].name`. */
  readonly field: string;
  /** The value received, as the user wrote it. */
  readonly value: unknown;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** Stable id of the check, e.g. `CT-K8S-001`, for rules; absent for plain input checks. */
  readonly ruleId?: string;
}

/** Renders a received value for an error message: short, unambiguous, never multi-line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'object' && value !== null && 'toMilliseconds' in value && typeof (value as { toMilliseconds: unknown }).toMilliseconds === 'function') {
    try {
      return `Duration(${(value as { toMilliseconds(o: { integral: boolean }): number }).toMilliseconds({ integral: false }) / 1000}s)`;
    } catch {
      return 'Duration(?)';
    }
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

/** Formats one problem as a single line (without the construct path). */
export function formatProblem(p: Problem): string {
  const id = p.ruleId ? `[${p.ruleId}] ` : '';
  return `${id}${p.field}: ${p.message} (received ${showValue(p.value)}). Fix: ${p.fix}`;
}

/** Thrown when a definition has problems; lists all of them, each prefixed with its path. */
export class DefinitionError extends Error {
  /**
   * @param path the construct that reports the problems
   * @param problems every problem found
   * @param paths the construct path of each problem, when they differ (same order as `problems`)
   */
  constructor(public readonly path: string, public readonly problems: readonly Problem[], public readonly paths?: readonly string[]) {
    super(`${problems.length} problem(s) in ${path}:\n${problems.map((p, i) => `  [${paths?.[i] ?? path}] ${formatProblem(p)}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}

/** A growing list of problems, with helpers for the common checks. */
export class Problems {
  private readonly list: Problem[] = [];
  private readonly seen = new Set<string>();

  /**
   * Adds a problem. The same problem found twice (a readiness probe that no load balancer can copy, derived
   * for two exposures) is listed once.
   */
  add(field: string, value: unknown, message: string, fix: string, ruleId?: string): void {
    const key = `${field}\u0000${message}\u0000${showValue(value)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ field, value, message, fix, ruleId });
  }

  /** Adds every problem of another list, with its fields put under `prefix`. */
  addAll(problems: readonly Problem[], prefix?: string): void {
    for (const p of problems) this.list.push(prefix ? { ...p, field: `${prefix}.${p.field}` } : p);
  }

  /** Adds a problem when `ok` is false; returns `ok`. */
  check(ok: boolean, field: string, value: unknown, message: string, fix: string): boolean {
    if (!ok) this.add(field, value, message, fix);
    return ok;
  }

  get items(): readonly Problem[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** One `DefinitionError` listing every problem, each with its construct path (or `path`). */
  toError(path: string, paths?: readonly string[]): DefinitionError {
    return new DefinitionError(path, this.list, paths);
  }

  /** Throws one `DefinitionError` listing every problem, if there is any. */
  throwIfAny(path: string): void {
    if (this.list.length > 0) throw new DefinitionError(path, this.list);
  }

  /** The problems as lines prefixed by nothing (cdk8s and cdktf add the construct path). */
  lines(): string[] {
    return this.list.map(formatProblem);
  }
}
