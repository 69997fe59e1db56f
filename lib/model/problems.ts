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
  if (
    typeof value === 'object' &&
    value !== null &&
    'toMilliseconds' in value &&
    typeof (value as { toMilliseconds: unknown }).toMilliseconds === 'function'
  ) {
    try {
      return `Duration(${(value as { toMilliseconds(o: { integral: boolean }): number }).toMilliseconds({ integral: false }) / 1000}s)`;
    } catch {
      return 'Duration(?)';
    }
  }
  try {
    const s = JSON.stringify(value) ?? String(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    try {
      return String(value);
    } catch {
      return Object.prototype.toString.call(value); // an object without a prototype
    }
  }
}

/**
 * A text that stays on one line: control characters (a line break in a user's annotation key, in a field or
 * message that quotes one) are written as JSON escapes, so each problem is one line of the error.
 */
export function oneLine(text: string): string {
  const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return String(text).replace(
    // eslint-disable-next-line no-control-regex -- the control characters are what is escaped
    /[\u0000-\u001f\u007f]/g,
    (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Alternatives in a message: `a`, `a or b`, `a, b or c`.
 * @example
 * orList(['istio', 'linkerd', 'gateway-api']); // 'istio, linkerd or gateway-api'
 */
export function orList(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** Formats one problem as a single line (without the construct path). */
export function formatProblem(p: Problem): string {
  const id = p.ruleId ? `[${p.ruleId}] ` : '';
  return oneLine(`${id}${p.field}: ${p.message} (received ${showValue(p.value)}). Fix: ${p.fix}`);
}

/** Thrown when a definition has problems; lists all of them, each prefixed with its path. */
export class DefinitionError extends Error {
  /**
   * @param path the construct that reports the problems
   * @param problems every problem found
   * @param paths the construct path of each problem, when they differ (same order as `problems`)
   */
  constructor(path: string, problems: readonly Problem[], paths?: readonly string[]) {
    super(
      `${problems.length} problem(s) in ${path}:\n${problems.map((p, i) => `  [${paths?.[i] ?? path}] ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'DefinitionError';
    // Not enumerable: Node prints an uncaught error's own enumerable properties after its stack, which
    // listed every problem a second time (the message already holds them, one line each).
    Object.defineProperty(this, 'path', { value: path, enumerable: false });
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
    Object.defineProperty(this, 'paths', { value: paths, enumerable: false });
  }

  /** The construct that reports the problems. */
  declare readonly path: string;
  /** Every problem found. */
  declare readonly problems: readonly Problem[];
  /** The construct path of each problem, when they differ (same order as `problems`). */
  declare readonly paths?: readonly string[];
}

/** A growing list of problems, with helpers for the common checks. */
export class Problems {
  private readonly list: Problem[] = [];
  /** The keys of the problems added, created with the first (most lists stay empty: one per app, per union tried). */
  private seen?: Set<string>;

  /**
   * Adds a problem. The same problem found twice (a readiness probe that no load balancer can copy, derived
   * for two exposures) is listed once.
   */
  add(field: string, value: unknown, message: string, fix: string, ruleId?: string): void {
    const key = `${field}\u0000${message}\u0000${showValue(value)}`;
    const seen = (this.seen ??= new Set());
    if (seen.has(key)) return;
    seen.add(key);
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

  /**
   * Drops the problems after the first `first` whose field is one of theirs or lies under it: a value the
   * input check reported (and replaced) is not reported again by a later check of its replacement.
   */
  dropRepeatsOfFirst(first: number): void {
    // No input problem, or nothing after them (most apps): nothing to drop, no lists to build.
    if (first === 0 || this.list.length <= first) return;
    const fields = this.list.slice(0, first).map((p) => p.field);
    // The same field, a field inside it, or the list holding it (a list whose bad entries were dropped).
    const repeats = (f: string) =>
      fields.some((g) => f === g || f.startsWith(`${g}.`) || f.startsWith(`${g}[`) || g.startsWith(`${f}[`));
    const kept = this.list.filter((p, i) => i < first || !repeats(p.field));
    this.list.splice(0, this.list.length, ...kept);
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

/**
 * Something worth knowing that does not fail the synth (a value clamped to AWS's range, a rule of
 * severity warning). Every warning has a stable id, so it can be acknowledged with a reason.
 */
export interface Warning {
  /** Stable id, e.g. `CT-TRAFFIC-014` (a rule) or `CT-AWS-105` (an adjustment of the AWS renderer). */
  readonly id: string;
  /** Construct path of the app (or chart, stack) it concerns. */
  readonly path: string;
  /** Dotted path of the field inside the definition. */
  readonly field: string;
  /** What happens. */
  readonly message: string;
  /** What to do about it, where something can be done. */
  readonly fix?: string;
  /** The reason given when the warning was acknowledged; an acknowledged warning is printed with it. */
  readonly acknowledged?: string;
}

/** One line: `[<path>] [<id>] warning: <field>: <message>. Fix: <fix>`, or `... acknowledged: <reason> (...)`. */
export function formatWarning(w: Warning): string {
  if (w.acknowledged !== undefined)
    return oneLine(`[${w.path}] [${w.id}] acknowledged: ${w.acknowledged} (${w.field}: ${w.message})`);
  return oneLine(`[${w.path}] [${w.id}] warning: ${w.field}: ${w.message}${w.fix ? `. Fix: ${w.fix}` : ''}`);
}

/** Set to `1` (or `true`) to stop charts and stacks printing their warnings (they stay in `warnings`). */
export const SILENCE_WARNINGS_ENV = 'CDK_TRAFFIC_SILENCE_WARNINGS';

/** Set to `1` (or `true`) to print nothing (warnings, the synth summary); `0` (or `false`) to print under a test runner too. */
export const QUIET_ENV = 'CDK_TRAFFIC_QUIET';

/** `true` / `false` for an environment variable set to 1/true or 0/false, else undefined. */
function envFlag(name: string): boolean | undefined {
  const v = process.env[name];
  return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined;
}

/**
 * Whether to print (to stderr): the option when given; else not when `CDK_TRAFFIC_QUIET` (or, for warnings,
 * `CDK_TRAFFIC_SILENCE_WARNINGS`) is 1 or true; else yes, except under a test runner (jest, vitest), where the
 * tests read `warnings` instead: quiet by default in tests, visible under `cdk8s synth` and `npm run synth`.
 */
export function shouldPrint(option: boolean | undefined, kind: 'warnings' | 'summary' = 'warnings'): boolean {
  if (option !== undefined) return option;
  const quiet = envFlag(QUIET_ENV) ?? (kind === 'warnings' ? envFlag(SILENCE_WARNINGS_ENV) : undefined);
  if (quiet !== undefined) return !quiet;
  return process.env.JEST_WORKER_ID === undefined && process.env.VITEST === undefined;
}

/** Prints warnings to stderr, one line each, when `shouldPrint(print)`. */
export function printWarnings(warnings: readonly Warning[], print?: boolean): void {
  if (!shouldPrint(print)) return;
  for (const w of warnings) console.warn(formatWarning(w));
}

/**
 * Checks acknowledgements given to a chart or stack (`{ <warning id>: <reason> }`) and marks the warnings
 * they acknowledge: only the ids of raised warnings may be acknowledged there.
 */
export function acknowledgeWarnings(
  problems: Problems,
  warnings: readonly Warning[],
  acknowledge: Readonly<Record<string, string>> | undefined,
): Warning[] {
  if (
    acknowledge !== undefined &&
    (acknowledge === null || typeof acknowledge !== 'object' || Array.isArray(acknowledge))
  ) {
    problems.add(
      'acknowledge',
      acknowledge,
      'is not an object of warning ids and reasons',
      "give e.g. `{ 'CT-AWS-105': 'the app recovers within 10 checks' }`",
    );
    return [...warnings];
  }
  const acks = acknowledge ?? {};
  for (const [id, reason] of Object.entries(acks)) {
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      problems.add(
        `acknowledge.${id}`,
        reason,
        'an acknowledgement needs a reason of a few words',
        'say why the warning does not apply here',
      );
    } else if (!warnings.some((w) => w.id === id)) {
      problems.add(
        `acknowledge.${id}`,
        id,
        'no warning with this id was raised, so it would acknowledge nothing',
        `acknowledge only the ids printed with this chart's or stack's warnings${warnings.length ? ` (${[...new Set(warnings.map((w) => w.id))].join(', ')})` : ' (none)'}; remove it`,
      );
    }
  }
  return warnings.map((w) =>
    w.acknowledged === undefined && typeof acks[w.id] === 'string' ? { ...w, acknowledged: acks[w.id] } : w,
  );
}
