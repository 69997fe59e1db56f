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
 * An empty list or map it holds is replaced by `EMPTY_LIST` or `EMPTY_MAP`: a spec reads the same, and keeps no empty
 * object of its own (about 30 per app of the benchmark, 0.6 KB an app that the cdktf synth after it would otherwise
 * carry in the old generation: docs/development.md, Benchmark).
 */
export function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) freezeWalk(o);
  return o;
}

/**
 * Freezes `o` and what it holds; returns `EMPTY_LIST` or `EMPTY_MAP` when `o` is a plain empty list or map (its holder
 * then holds that instead), else `o`. One pass: `o` is made non-extensible first, so a structure that holds itself
 * ends the walk there (a non-extensible object is being walked, or was frozen), while the empty ones it holds can
 * still be replaced; then it is frozen.
 */
function freezeWalk(o: object): object {
  Object.preventExtensions(o);
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'object' && v !== null && Object.isExtensible(v)) replace(o, i, v, freezeWalk(v));
    }
    Object.freeze(o);
    return o.length === 0 && Object.getPrototypeOf(o) === Array.prototype && Reflect.ownKeys(o).length === 1
      ? EMPTY_LIST
      : o;
  }
  // Whether `for...in` found a key: no key array is built to count them.
  let empty = true;
  const record = o as Record<string, unknown>;
  for (const k in record) {
    empty = false;
    const v = record[k];
    if (typeof v === 'object' && v !== null && Object.isExtensible(v)) replace(record, k, v, freezeWalk(v));
  }
  Object.freeze(o);
  return empty && Object.getPrototypeOf(o) === Object.prototype && Reflect.ownKeys(o).length === 0 ? EMPTY_MAP : o;
}

/**
 * Puts the shared empty `shared` where `o` holds `v`, when that is an own writable value (a getter's result, or a key
 * `for...in` found on a prototype, is left as it is: assigning it would throw on the non-extensible `o`).
 */
function replace(o: object, key: string | number, v: object, shared: object): void {
  if (shared === v) return;
  const d = Object.getOwnPropertyDescriptor(o, key);
  if (d !== undefined && d.writable === true) (o as Record<string | number, unknown>)[key] = shared;
}
