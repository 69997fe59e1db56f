/**
 * The empty list and map a spec shares wherever it has nothing (frozen once: no empty object per app, and the freeze of
 * a spec skips them).
 */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);
export const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Freezes `o` and everything it holds (an object frozen already, shared between apps, is not walked again). A spec
 * holds only plain objects and arrays, so `for...in` sees exactly their own keys, without the key array
 * `Object.keys` would allocate per object (a third of the freeze's time on the Terraform side of the benchmark).
 *
 * An empty list or map it holds is replaced by `EMPTY_LIST` or `EMPTY_MAP` before it is frozen: a spec reads the same,
 * and keeps no empty object of its own (about 30 per app of the benchmark, 1.5 KB an app that the cdktf synth after
 * it would otherwise carry in the old generation: docs/development.md, Benchmark).
 */
export function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) freezeWalk(o);
  return o;
}

function freezeWalk(o: object): void {
  // The empty ones replaced first (a frozen object takes no assignment), then `o` frozen before what it holds is
  // walked, so a structure that holds itself ends the walk there.
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) o[i] = sharedEmpty(v) ?? v;
    }
    Object.freeze(o);
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeWalk(v);
    }
  } else {
    const record = o as Record<string, unknown>;
    for (const k in record) {
      const v = record[k];
      if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
        const shared = sharedEmpty(v);
        if (shared !== undefined) record[k] = shared;
      }
    }
    Object.freeze(o);
    for (const k in record) {
      const v = record[k];
      if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeWalk(v);
    }
  }
}

/**
 * `EMPTY_LIST` for a plain empty array, `EMPTY_MAP` for a plain object without keys; undefined for anything else
 * (class instances, and anything holding a key of any kind, are kept as they are).
 */
function sharedEmpty(v: object): object | undefined {
  if (Array.isArray(v)) {
    return v.length === 0 && Object.getPrototypeOf(v) === Array.prototype && Reflect.ownKeys(v).length === 1
      ? EMPTY_LIST
      : undefined;
  }
  for (const _ in v) return undefined;
  return Object.getPrototypeOf(v) === Object.prototype && Reflect.ownKeys(v).length === 0 ? EMPTY_MAP : undefined;
}
