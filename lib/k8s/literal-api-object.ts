import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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
    try {
      const json = this.literalJson();
      if (json !== DEFER) return json;
    } catch {
      // A getter that throws: cdk8s's own serialization reports it, with the object's path.
    }
    return super.toJson();
  }

  /**
   * `ApiObject.toJson()` of the literal: apiVersion, kind and metadata first, then the other fields in sorted order,
   * each without null or undefined values; `DEFER` when a value needs cdk8s's resolution.
   */
  private literalJson(): Record<string, unknown> | typeof DEFER {
    const literal: Readonly<Record<string, unknown>> = this.literal;
    if (typeof literal.resolve === 'function') return DEFER;
    const metadata = this.metadataJson();
    if (metadata === DEFER) return DEFER;
    const keys = Object.keys(literal).sort();
    const values: unknown[] = new Array<unknown>(keys.length);
    let apiVersion: unknown;
    let kind: unknown;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = k === 'metadata' ? undefined : plainJson(literal[k], false);
      if (v === DEFER) return DEFER;
      values[i] = v;
      if (k === 'apiVersion') apiVersion = v;
      else if (k === 'kind') kind = v;
    }
    const result: Record<string, unknown> = {};
    if (apiVersion !== undefined) result.apiVersion = apiVersion;
    if (kind !== undefined) result.kind = kind;
    if (metadata !== undefined) result.metadata = metadata;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== 'apiVersion' && k !== 'kind' && values[i] !== undefined) result[k] = values[i];
    }
    return result;
  }

  /**
   * `ApiObjectMetadataDefinition.toJson()`: what the object was given (`_additionalAttributes`) with the name,
   * namespace, annotations, finalizers, owner references and labels as they are now, empty maps and lists dropped.
   * Read from the definition's fields; when one is not where cdk8s 2 keeps it, its own `toJson()`.
   */
  private metadataJson(): unknown {
    const md = this.metadata;
    const extra: unknown = Reflect.get(md, '_additionalAttributes');
    const own: Readonly<Record<string, unknown>> = {
      annotations: Reflect.get(md, 'annotations'),
      finalizers: Reflect.get(md, 'finalizers'),
      labels: Reflect.get(md, 'labels'),
      name: md.name,
      namespace: md.namespace,
      ownerReferences: Reflect.get(md, 'ownerReferences'),
    };
    if (!isRecord(extra) || !isRecord(own.annotations) || !isRecord(own.labels)) return md.toJson();
    if (!Array.isArray(own.finalizers) || !Array.isArray(own.ownerReferences)) return md.toJson();
    // `{ ...extra, name, namespace, ... }` as cdk8s builds it, without the copy: `extra` is the object cdk8s deleted
    // `apiObject` from (a dictionary-mode object), and a spread of it made a slow object per written object.
    const keys = Object.keys(own);
    const extraKeys = Object.keys(extra);
    for (let i = 0; i < extraKeys.length; i++) if (!isOwnField(extraKeys[i])) keys.push(extraKeys[i]);
    keys.sort();
    const out: Record<string, unknown> = {};
    let written = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = plainJson(isOwnField(k) ? own[k] : extra[k], true);
      if (v === DEFER) return DEFER;
      if (v !== undefined) {
        out[k] = v;
        written += 1;
      }
    }
    return written === 0 ? undefined : out;
  }
}

/** The fields `ApiObjectMetadataDefinition.toJson()` writes over what the object was given. */
function isOwnField(k: string): boolean {
  return (
    k === 'annotations' ||
    k === 'finalizers' ||
    k === 'labels' ||
    k === 'name' ||
    k === 'namespace' ||
    k === 'ownerReferences'
  );
}

/** A plain object (its constructor `Object`), as cdk8s resolves and writes it field by field. */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && v.constructor === Object;
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
 * without null or undefined values; with `dropEmpty` (metadata: `filterEmptyArrays` and `filterEmptyObjects`), empty
 * arrays and objects become undefined. `DEFER` as soon as a resolver would act (a `Lazy`, a `resolve()` function, a
 * class instance) or the value is not plain.
 */
function plainJson(value: unknown, dropEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return typeof value === 'function' ? DEFER : value;
  if (Array.isArray(value)) {
    if (resolvable(value)) return DEFER;
    if (dropEmpty && value.length === 0) return undefined;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = plainJson(value[i], dropEmpty);
      if (v === DEFER) return DEFER;
      out[i] = v;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  // Its prototype is Object.prototype, so no `Lazy` (cdk8s's LazyResolver); no `resolve()` (ImplicitTokenResolver).
  if (Object.getPrototypeOf(record) !== Object.prototype || record.constructor !== Object) return DEFER;
  if (typeof record.resolve === 'function') return DEFER;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  let written = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = plainJson(record[k], dropEmpty);
    if (v === DEFER) return DEFER;
    if (v !== undefined) {
      out[k] = v;
      written += 1;
    }
  }
  return dropEmpty && written === 0 ? undefined : out;
}

/** An array a built-in resolver would act on: one with a `resolve()` function or a number or string `value`. */
function resolvable(array: unknown[]): boolean {
  const a = array as unknown[] & { resolve?: unknown; value?: unknown };
  return typeof a.resolve === 'function' || typeof a.value === 'number' || typeof a.value === 'string';
}
