import { orList, Problems, showValue } from '../problems';
import type { MismatchHint } from './mismatch-hints';

/**
 * The runtime shape of a public input, as data. `shapes.generated.ts` holds one per props type, generated
 * from the TypeScript declarations (`scripts/gen-input-shapes.mjs`), so the check a JavaScript caller gets
 * is exactly the type a TypeScript caller sees.
 */
export type Shape =
  | { readonly t: 'string' | 'number' | 'boolean' | 'null' | 'unknown' | 'function' }
  | { readonly t: 'enum'; readonly values: readonly (string | number | boolean)[] }
  | { readonly t: 'array' | 'record'; readonly of: Shape }
  | {
      readonly t: 'object';
      readonly fields: Readonly<Record<string, { readonly shape: Shape; readonly optional?: boolean }>>;
      /** The fields that are not optional, in `fields` order (generated shapes list them; else read from `fields`). */
      readonly required?: readonly string[];
    }
  | { readonly t: 'ref' | 'instance'; readonly name: string }
  | {
      readonly t: 'union';
      readonly of: readonly Shape[];
      /** Generated shapes say whether the union is tagged, and by what (null: it is not); else `unionTag` works it out. */
      readonly tag?: { readonly key: string; readonly values: readonly string[] } | null;
    };

/** Returned by a check when the value is unusable: the caller drops it (its default applies). */
export const INVALID: unique symbol = Symbol('invalid');

/**
 * Checks a class instance (a `Probe`, a `Duration`, an exposure, ...): returns a well-shaped instance
 * (rebuilt from checked parts where needed), or `INVALID` after reporting why.
 */
export type InstanceCheck = (ctx: ShapeContext, field: string, value: unknown) => unknown;

/** A table by props type and field: `table[type][field]` (`byType` makes it from keys `<PropsType>.<field>`). */
export type ByType<V> = Readonly<Record<string, Readonly<Record<string, V>>>>;

/** What a check needs: where problems go, the named shapes and the instance checks. */
export interface ShapeContext {
  readonly problems: Problems;
  readonly shapes: Readonly<Record<string, Shape>>;
  /** Value checks by props type (`*`: every type) and field (see `value-checks.ts`). */
  readonly values?: ByType<
    (problems: Problems, field: string, value: unknown, parent: Readonly<Record<string, unknown>>) => void
  >;
  /** Fields a type leaves out on purpose, by props type and field: what to say instead of "not a known field". */
  readonly notHere?: ByType<{ readonly message: string; readonly fix: string }>;
  /** Better messages for well-known wrong values, by props type and field (see `mismatch-hints.ts`). */
  readonly hints?: ByType<MismatchHint>;
  readonly instances: Readonly<
    Record<
      string,
      {
        readonly is: (value: unknown) => boolean;
        readonly check: InstanceCheck;
        readonly placeholder: () => unknown;
        readonly describe: string;
        readonly example: string;
      }
    >
  >;
}

/**
 * A table keyed `<PropsType>.<field>` (or `*.<field>`) as a table by type, then field: the check looks a field up
 * by the names it has, without building the joined key for every field of every input.
 */
export function byType<V>(flat: Readonly<Record<string, V>>): ByType<V> {
  const out: Record<string, Record<string, V>> = {};
  for (const [key, v] of Object.entries(flat)) {
    const dot = key.indexOf('.');
    (out[key.slice(0, dot)] ??= {})[key.slice(dot + 1)] = v;
  }
  return out;
}

/** `a.b`, `a[1]`, or `b` at the root. */
export function join(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`;
  return field === '' ? key : `${field}.${key}`;
}

/**
 * Checks `value` against `shape`; reports every mismatch to `ctx.problems` and returns the value with the
 * mismatching parts dropped (a required part gets a harmless placeholder), or `INVALID` when the value
 * itself does not fit.
 */
export function conform(ctx: ShapeContext, field: string, value: unknown, shape: Shape): unknown {
  const s = shape.t === 'ref' ? named(ctx, shape.name) : shape;
  const typeName = shape.t === 'ref' ? finalName(ctx, shape.name) : '';
  switch (s.t) {
    case 'unknown':
      return value;
    case 'string':
      return typeof value === 'string' ? value : mismatch(ctx, field, value, s);
    case 'boolean':
      return typeof value === 'boolean' ? value : mismatch(ctx, field, value, s);
    case 'null':
      return value === null ? value : mismatch(ctx, field, value, s);
    case 'function':
      return typeof value === 'function' ? value : mismatch(ctx, field, value, s);
    case 'number':
      if (typeof value !== 'number') return mismatch(ctx, field, value, s);
      if (!Number.isFinite(value)) {
        ctx.problems.add(field, value, 'must be a finite number', 'give a number such as 1, 30 or 8080');
        return INVALID;
      }
      return value;
    case 'enum':
      if (s.values.includes(value as string)) return value;
      return mismatch(ctx, field, value, s);
    case 'instance': {
      const inst = ctx.instances[s.name];
      return inst ? inst.check(ctx, field, value) : value;
    }
    case 'array': {
      if (!Array.isArray(value)) return mismatch(ctx, field, value, s);
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const c = conform(ctx, join(field, i), value[i], s.of);
        if (c !== INVALID) out.push(c);
      }
      return out;
    }
    case 'record': {
      if (!isPlainObject(value)) return mismatch(ctx, field, value, s);
      const out: Record<string, unknown> = {};
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (k === '__proto__') {
          // An own key `__proto__` (JSON.parse makes one) would set the copy's prototype instead of a field: refused,
          // never dropped.
          ctx.problems.add(
            join(field, k),
            value[k],
            'a key named "__proto__" cannot be carried: JavaScript objects treat it as their prototype, so it would be dropped',
            'rename the key',
          );
          continue;
        }
        const c = conform(ctx, join(field, k), value[k], s.of);
        if (c !== INVALID) out[k] = c;
      }
      return out;
    }
    case 'object':
      return conformObject(ctx, field, value, s, typeName);
    case 'union':
      return conformUnion(ctx, field, value, s);
    default:
      return value;
  }
}

/** An object: unknown fields named with the nearest known one, each field conformed, missing required fields reported. */
function conformObject(
  ctx: ShapeContext,
  field: string,
  value: unknown,
  s: Extract<Shape, { t: 'object' }>,
  typeName: string,
): unknown {
  if (!isPlainObject(value)) return mismatch(ctx, field, value, s);
  const out: Record<string, unknown> = {};
  // The type's hints and value checks are found once; each field's path is built once (this runs for every field
  // of every app).
  const hints = ctx.hints?.[typeName];
  const values = ctx.values?.[typeName];
  const everyType = ctx.values?.['*'];
  // `for...in` with an own-key test: the same keys in the same order as `Object.keys`, without the array it would
  // allocate per object (the object's prototype is Object.prototype or null: `isPlainObject`).
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = value[k];
    const def = s.fields[k];
    const at = join(field, k);
    if (!def) {
      unknownField(ctx, at, k, v, s, ctx.notHere?.[typeName]?.[k]);
      continue;
    }
    if (v === undefined) continue;
    const hint = hints?.[k]?.(v);
    if (hint) ctx.problems.add(at, v, hint.message, hint.fix);
    const c = hint ? INVALID : conform(ctx, at, v, def.shape);
    if (c !== INVALID) {
      out[k] = c;
      (values?.[k] ?? everyType?.[k])?.(ctx.problems, at, c, value);
    } else if (!def.optional) out[k] = placeholder(ctx, def.shape);
  }
  const required = s.required ?? Object.keys(s.fields).filter((k) => !s.fields[k].optional);
  for (let i = 0; i < required.length; i++) {
    const k = required[i];
    if (!(k in out) && value[k] === undefined) {
      const def = s.fields[k];
      ctx.problems.add(
        join(field, k),
        undefined,
        'is required',
        `give ${describe(ctx, def.shape)}${exampleOf(ctx, def.shape)}`,
      );
      out[k] = placeholder(ctx, def.shape);
    }
  }
  return out;
}

/** A field the object's type does not have: what the type says instead (`notHere`), else the nearest known field. */
function unknownField(
  ctx: ShapeContext,
  at: string,
  k: string,
  v: unknown,
  s: Extract<Shape, { t: 'object' }>,
  fixed: { readonly message: string; readonly fix: string } | undefined,
): void {
  if (fixed) {
    ctx.problems.add(at, v, fixed.message, fixed.fix);
    return;
  }
  const known = Object.keys(s.fields);
  const near = closest(k, known);
  ctx.problems.add(
    at,
    v,
    'is not a known field here',
    near
      ? `did you mean \`${near}\`? Known fields: ${known.join(', ')}`
      : `remove it; known fields: ${known.join(', ')}`,
  );
}

/** A union: the first alternative that fits without a problem; else the closest one's problems. */
function conformUnion(
  ctx: ShapeContext,
  field: string,
  value: unknown,
  union: Extract<Shape, { t: 'union' }>,
): unknown {
  const of = union.of;
  // Indexed loops: this runs for every union of every app, mostly before V8 optimizes it, and a `for...of` there
  // allocates an iterator and a result object per step.
  // Fast path: a primitive that one alternative takes as it is (`port: 'http' | 8080`).
  for (let i = 0; i < of.length; i++) if (takesPrimitive(of[i], value)) return value;
  // A tagged union (`{ cloud: 'gke', ... } | { cloud: 'aks', ... }`) whose tag matches no alternative: that is the one problem.
  const tag = isPlainObject(value) ? (union.tag !== undefined ? union.tag : unionTag(ctx, of)) : undefined;
  if (tag && isPlainObject(value) && !tag.values.includes(value[tag.key] as string)) {
    const expected = `one of ${tag.values.map((v) => showValue(v)).join(', ')}`;
    ctx.problems.add(
      join(field, tag.key),
      value[tag.key],
      `must be ${expected}: it says which alternative the object is`,
      `give ${expected}`,
    );
    return INVALID;
  }
  let best: { problems: Problems; value: unknown; score: number } | undefined;
  for (let i = 0; i < of.length; i++) {
    const alt = of[i];
    // A class instance is claimed by its class: its own problems are the ones to report.
    if (alt.t === 'instance' && ctx.instances[alt.name]?.is(value)) return conform(ctx, field, value, alt);
  }
  for (let i = 0; i < of.length; i++) {
    const alt = of[i];
    // An alternative of another kind than the value (a string where an object is given) can only mismatch, and
    // only an object alternative's problems are kept: skip it without building its message.
    if (cannotFit(ctx, alt, value)) continue;
    const scratch = new Problems();
    const c = conform({ ...ctx, problems: scratch }, field, value, alt);
    if (scratch.size === 0 && c !== INVALID) return c;
    const resolved = alt.t === 'ref' ? named(ctx, alt.name) : alt;
    // Only an object alternative that the value's own kind fits is worth its detailed problems.
    if (resolved.t === 'object' && isPlainObject(value)) {
      const score = scratch.size - 10 * discriminantMatches(resolved, value);
      if (!best || score < best.score) best = { problems: scratch, value: c, score };
    }
  }
  if (best) {
    ctx.problems.addAll(best.problems.items);
    return best.value;
  }
  return mismatch(ctx, field, value, { t: 'union', of });
}

/** The field every object alternative of a union has as a one-value enum, with those values (a tagged union). */
function unionTag(ctx: ShapeContext, of: readonly Shape[]): { key: string; values: readonly string[] } | undefined {
  const objects = of.map((alt) => (alt.t === 'ref' ? named(ctx, alt.name) : alt));
  if (objects.length < 2 || !objects.every((o) => o.t === 'object')) return undefined;
  const first = objects[0] as Extract<Shape, { t: 'object' }>;
  for (const key of Object.keys(first.fields)) {
    const values = objects.map((o) => {
      const def = (o as Extract<Shape, { t: 'object' }>).fields[key];
      return def && !def.optional && def.shape.t === 'enum' && def.shape.values.length === 1
        ? def.shape.values[0]
        : undefined;
    });
    if (values.every((v): v is string => typeof v === 'string') && new Set(values).size === values.length)
      return { key, values };
  }
  return undefined;
}

/**
 * Whether `value` is of another kind than `alt` takes (then `conform` reports a mismatch and returns `INVALID`).
 * Only for alternatives `conformUnion` would drop anyway: primitives (a matching one was taken by the fast path),
 * lists, records and objects; instances and `unknown` are always tried.
 */
function cannotFit(ctx: ShapeContext, alt: Shape, value: unknown): boolean {
  const s = alt.t === 'ref' ? named(ctx, alt.name) : alt;
  switch (s.t) {
    case 'string':
    case 'boolean':
    case 'null':
    case 'number':
    case 'enum':
      return !takesPrimitive(s, value);
    case 'function':
      return typeof value !== 'function';
    case 'array':
      return !Array.isArray(value);
    case 'record':
    case 'object':
      return !isPlainObject(value);
    default:
      return false;
  }
}

function takesPrimitive(alt: Shape, value: unknown): boolean {
  switch (alt.t) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'enum':
      return alt.values.includes(value as string);
    default:
      return false;
  }
}

function discriminantMatches(s: Extract<Shape, { t: 'object' }>, value: Record<string, unknown>): number {
  let n = 0;
  for (const [k, def] of Object.entries(s.fields)) {
    if (def.shape.t === 'enum' && def.shape.values.includes(value[k] as string)) n++;
    else if (k in value) n += 0.1;
  }
  return n;
}

function mismatch(ctx: ShapeContext, field: string, value: unknown, shape: Shape): typeof INVALID {
  const expected = describe(ctx, shape);
  if (typeof value === 'string' && accepts(ctx, shape, 'array')) {
    const words = value.split(/\s+/).filter((w) => w !== '');
    const items = listItems(ctx, shape);
    ctx.problems.add(
      field,
      value,
      `must be ${expected}, not one string (it would be taken apart character by character)`,
      items !== undefined && !accepts(ctx, items, 'string')
        ? `write a list of ${describe(ctx, items, true)}, e.g. [${skeleton(ctx, items) ?? '...'}]`
        : `write a list, e.g. ${showValue(words.length > 0 ? words : [value])}`,
    );
    return INVALID;
  }
  const tagged = typeof value === 'string' ? taggedMember(ctx, shape, value) : undefined;
  if (tagged !== undefined) {
    ctx.problems.add(field, value, `must be ${expected} (got a string)`, `give an object, e.g. ${tagged}`);
    return INVALID;
  }
  // The value received where it is short (`got "LoadBalancer"`, not `got a string`); its kind otherwise.
  const got =
    value === null
      ? 'null'
      : value === undefined
        ? 'nothing'
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? showValue(value)
          : Array.isArray(value)
            ? `a list: ${showValue(value)}`
            : typeof value === 'object'
              ? 'an object'
              : `a ${typeof value}`;
  ctx.problems.add(field, value, `must be ${expected} (got ${got})`, `give ${expected}${exampleOf(ctx, shape)}`);
  return INVALID;
}

function accepts(ctx: ShapeContext, shape: Shape, t: Shape['t']): boolean {
  const s = shape.t === 'ref' ? named(ctx, shape.name) : shape;
  return s.t === t || (s.t === 'union' && s.of.some((x) => accepts(ctx, x, t)));
}

/** Plain words for a shape, e.g. `a list of strings`, `one of "None", "ClientIP"`. */
export function describe(ctx: ShapeContext, shape: Shape, plural = false): string {
  const s = shape.t === 'ref' ? named(ctx, shape.name) : shape;
  switch (s.t) {
    case 'string':
      return plural ? 'strings' : 'a string';
    case 'number':
      return plural ? 'numbers' : 'a number';
    case 'boolean':
      return plural ? 'booleans (true or false)' : 'a boolean (true or false)';
    case 'null':
      return 'null';
    case 'unknown':
      return 'any value';
    case 'function':
      return 'a function';
    case 'enum':
      return s.values.length === 1 ? showValue(s.values[0]) : `one of ${s.values.map((v) => showValue(v)).join(', ')}`;
    case 'array':
      return `a list of ${describe(ctx, s.of, true)}`;
    case 'record':
      return `an object whose values are ${describe(ctx, s.of, true)}`;
    case 'object':
      return plural ? 'objects' : `an object${shape.t === 'ref' ? ` (${shape.name})` : ''}`;
    case 'instance':
      return ctx.instances[s.name]?.describe ?? s.name;
    case 'ref':
      return shape.t === 'ref' ? shape.name : 'a value';
    case 'union': {
      const tag = discriminant(ctx, s.of);
      const tags = s.of.map((x) => resolved(ctx, x)).filter((o) => tag !== undefined && o.t === 'object');
      const others = s.of.filter((x) => tag === undefined || resolved(ctx, x).t !== 'object');
      const tagged =
        tag !== undefined && tags.length > 0
          ? [
              `${plural ? 'objects' : 'an object'} with ${tag} ${orList(
                tags.map((o) => showValue(tagOf(o as Extract<Shape, { t: 'object' }>, tag))),
              )}`,
            ]
          : [];
      return orList([...new Set([...tagged, ...others.map((x) => describe(ctx, x, plural))])]);
    }
  }
}

function resolved(ctx: ShapeContext, shape: Shape): Shape {
  return shape.t === 'ref' ? named(ctx, shape.name) : shape;
}

/** The one value of an object shape's enum field `tag`, when it has one. */
function tagOf(o: Extract<Shape, { t: 'object' }>, tag: string): string | number | boolean | undefined {
  const f = o.fields[tag]?.shape;
  return f?.t === 'enum' && f.values.length === 1 ? f.values[0] : undefined;
}

/** The field that tells a union's object members apart (each has it as a one-value enum), e.g. `type`. */
function discriminant(ctx: ShapeContext, members: readonly Shape[]): string | undefined {
  const objects = members.map((m) => resolved(ctx, m)).filter((m) => m.t === 'object');
  if (objects.length < 2) return undefined;
  const first = objects[0] as Extract<Shape, { t: 'object' }>;
  return Object.keys(first.fields).find((k) =>
    objects.every((o) => tagOf(o as Extract<Shape, { t: 'object' }>, k) !== undefined),
  );
}

/** The element shape of a list (or of a union's list member). */
function listItems(ctx: ShapeContext, shape: Shape): Shape | undefined {
  const s = resolved(ctx, shape);
  if (s.t === 'array') return s.of;
  if (s.t === 'union') return s.of.map((x) => listItems(ctx, x)).find((x) => x !== undefined);
  return undefined;
}

/** An object's required fields as a skeleton, e.g. `{ name: ..., image: ... }`; undefined for other shapes. */
function skeleton(ctx: ShapeContext, shape: Shape, first?: [string, string | number | boolean]): string | undefined {
  const s = resolved(ctx, shape);
  if (s.t !== 'object') return undefined;
  const fields = Object.entries(s.fields)
    .filter(([k, d]) => !d.optional && k !== first?.[0])
    .map(([k]) => `${k}: ...`);
  return `{ ${[...(first ? [`${first[0]}: ${showValue(first[1])}`] : []), ...fields].join(', ')} }`;
}

/** For a string that is the tag of one of a union's objects (`'lb_cookie'`), that object's skeleton. */
function taggedMember(ctx: ShapeContext, shape: Shape, value: string): string | undefined {
  const s = resolved(ctx, shape);
  if (s.t !== 'union') return undefined;
  const tag = discriminant(ctx, s.of);
  if (tag === undefined) return undefined;
  const member = s.of.find((m) => {
    const o = resolved(ctx, m);
    return o.t === 'object' && tagOf(o, tag) === value;
  });
  return member && skeleton(ctx, member, [tag, value]);
}

function exampleOf(ctx: ShapeContext, shape: Shape): string {
  const s = shape.t === 'ref' ? named(ctx, shape.name) : shape;
  if (s.t === 'instance') return `, e.g. ${ctx.instances[s.name]?.example ?? s.name}`;
  if (s.t === 'union') {
    const examples = s.of
      .filter((x) => x.t === 'instance')
      .map((x) => ctx.instances[(x as { name: string }).name]?.example)
      .filter((x) => x);
    if (examples.length > 0) return `, e.g. ${examples.join(' or ')}`;
  }
  return '';
}

/** A harmless stand-in for a required value that was wrong (it was reported; the spec is not used). */
export function placeholder(ctx: ShapeContext, shape: Shape): unknown {
  const s = shape.t === 'ref' ? named(ctx, shape.name) : shape;
  switch (s.t) {
    case 'string':
      return 'invalid';
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'enum':
      return s.values[0];
    case 'array':
      return [];
    case 'record':
      return {};
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, def] of Object.entries(s.fields)) if (!def.optional) out[k] = placeholder(ctx, def.shape);
      return out;
    }
    case 'instance':
      return ctx.instances[s.name]?.placeholder();
    case 'union':
      return placeholder(ctx, s.of.find((x) => x.t !== 'null') ?? s.of[0]);
    default:
      return undefined;
  }
}

/** The interface a named shape stands for (an alias such as `KubernetesDataplaneProps` is its target's). */
function finalName(ctx: ShapeContext, name: string): string {
  const s = ctx.shapes[name];
  return s?.t === 'ref' ? finalName(ctx, s.name) : name;
}

function named(ctx: ShapeContext, name: string): Shape {
  const s = ctx.shapes[name];
  if (!s) throw new Error(`cdk-traffic: no input shape named ${name} (regenerate lib/model/input/shapes.generated.ts)`);
  return s.t === 'ref' ? named(ctx, s.name) : s;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The known name nearest to a typo (edit distance at most 2), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
