/**
 * Versions of what the output runs on (`'1.33'`, `'1.5.1'`, `'0.80'`), parsed and compared here only: the targets,
 * the supported ranges and every "needs X or later" of the library read this module.
 */

/** A parsed `major.minor` or `major.minor.patch` version; a missing patch compares as 0. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

const VERSION = /^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,4}))?$/;

/**
 * Parses `major.minor[.patch]` (no leading `v`, no pre-release); undefined for anything else.
 *
 * @example
 * parseVersion('1.5.1') // { major: 1, minor: 5, patch: 1 }
 * parseVersion('v1.5') // undefined
 */
export function parseVersion(text: unknown): Version | undefined {
  if (typeof text !== 'string') return undefined;
  const m = VERSION.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), ...(m[3] !== undefined ? { patch: Number(m[3]) } : {}) };
}

/** The text of a version, as written (`1.33`, `1.5.1`). */
export function versionText(v: Version): string {
  return `${v.major}.${v.minor}${v.patch !== undefined ? `.${v.patch}` : ''}`;
}

const asVersion = (v: Version | string): Version => {
  const parsed = typeof v === 'string' ? parseVersion(v) : v;
  if (!parsed) throw new Error(`not a version: ${String(v)} (a library constant; user input is parsed first)`);
  return parsed;
};

/**
 * Compares two versions: negative when `a` is older than `b`, 0 when equal (a missing patch is 0), positive when newer.
 *
 * @example
 * compareVersions('1.30', '1.9') // > 0 (numeric, not text)
 */
export function compareVersions(a: Version | string, b: Version | string): number {
  const x = asVersion(a);
  const y = asVersion(b);
  return x.major - y.major || x.minor - y.minor || (x.patch ?? 0) - (y.patch ?? 0);
}

/**
 * True when `v` is `min` or newer.
 *
 * @example
 * atLeast('1.33', '1.30') // true
 */
export function atLeast(v: Version | string, min: Version | string): boolean {
  return compareVersions(v, min) >= 0;
}

/** The `major.minor` of a version (`1.20.0` -> `1.20`). */
export function minorOf(v: Version | string): string {
  const x = asVersion(v);
  return `${x.major}.${x.minor}`;
}
