import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import type { ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/** Returned by `plainJson` for a value only cdk8s's own resolution can serialize. */
const DEFER: unique symbol = Symbol('defer');

/**
 * An `ApiObject` whose manifest is a plain literal built by a renderer (`addObject`). It writes exactly what
 * `ApiObject.toJson()` writes, in one pass instead of two: cdk8s resolves every value of the object (finding the
 * App again and allocating a resolution context and a key path per value) and then copies it once more with its
 * keys sorted. A literal of strings, numbers, booleans, arrays and plain objects has nothing to resolve, so when
 * the App has only cdk8s's built-in resolvers this copies and sorts it once. Anything else (a `Lazy`, an object
 * with a `resolve()`, a class instance such as `IntOrString`, an App with its own resolvers, a JSON patch,
 * `CDK8S_DISABLE_SORT`) goes through `ApiObject.toJson()` unchanged: the result is the same either way
 * (`test/k8s/literal-api-object.test.ts` compares the two on every object of the example apps).
 *
 * Measured: cdk8s's resolution was about 60 µs per written object of the benchmark's (docs/development.md,
 * Benchmark).
 *
 * @see https://cdk8s.io/docs/latest/reference/cdk8s/typescript/#tojson-1
 */
export class LiteralApiObject extends ApiObject {
  private readonly literal: ApiObjectProps;
  private patched = false;

  constructor(scope: Construct, id: string, literal: ApiObjectProps) {
    super(scope, id, literal);
    this.literal = literal;
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's own signature (`ApiObject.toJson(): any`)
  override toJson(): any {
    if (this.patched || process.env.CDK8S_DISABLE_SORT || !builtInResolversOnly(App.of(this))) return super.toJson();
    let json: unknown;
    try {
      json = plainJson({ ...this.literal, metadata: this.metadata.toJson() });
    } catch {
      // A getter that throws: cdk8s's own serialization reports it, with the object's path.
      return super.toJson();
    }
    if (json === DEFER || json === undefined) return super.toJson();
    // apiVersion, kind and metadata first, then the rest in sorted order, as `ApiObject.toJson()` orders them.
    const sorted = json as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    if ('apiVersion' in sorted) result.apiVersion = sorted.apiVersion;
    if ('kind' in sorted) result.kind = sorted.kind;
    if ('metadata' in sorted) result.metadata = sorted.metadata;
    const keys = Object.keys(sorted);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata') result[k] = sorted[k];
    }
    return result;
  }
}

/** Whether the App resolves with cdk8s's three built-in resolvers only (`new App({ resolvers })` adds its own first). */
function builtInResolversOnly(app: { readonly resolvers?: readonly unknown[] }): boolean {
  const r = app.resolvers;
  return (
    r !== undefined &&
    r.length === 3 &&
    r[0] instanceof LazyResolver &&
    r[1] instanceof ImplicitTokenResolver &&
    r[2] instanceof NumberStringUnionResolver
  );
}

/**
 * `sanitizeValue(resolve(value), { sortKeys: true })` of cdk8s for a value the built-in resolvers leave as it is:
 * `undefined` for null, primitives as they are, arrays element by element, plain objects with sorted keys and
 * without null or undefined values. `DEFER` as soon as a resolver would act (a `Lazy`, a `resolve()` function, a
 * class instance) or the value is not plain.
 */
function plainJson(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return typeof value === 'function' ? DEFER : value;
  if (Array.isArray(value)) {
    if (resolvable(value)) return DEFER;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = plainJson(value[i]);
      if (v === DEFER) return DEFER;
      out[i] = v;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  if (record.constructor !== Object || value instanceof Lazy || typeof record.resolve === 'function') return DEFER;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = plainJson(record[k]);
    if (v === DEFER) return DEFER;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** An array a built-in resolver would act on: one with a `resolve()` function or a number or string `value`. */
function resolvable(array: unknown[]): boolean {
  const a = array as unknown[] & { resolve?: unknown; value?: unknown };
  return typeof a.resolve === 'function' || typeof a.value === 'number' || typeof a.value === 'string';
}
