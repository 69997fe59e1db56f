import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import type { KubeObject as K8sObject } from './objects';
import { requireDev } from './require-dev';

/** Gateway API CRD channel installed in the cluster an object is meant for. */
export type GatewayApiChannel = 'standard' | 'experimental';

/** A schema file of test/fixtures/crd-schemas (written by scripts/extract-crd-schemas.mjs). */
export interface CrdFixture {
  apiVersion: string;
  kind: string;
  channel?: GatewayApiChannel;
  scope: 'Namespaced' | 'Cluster';
  source: string;
  openAPIV3Schema: Schema;
}

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema documents

/**
 * The schemas: test/fixtures/crd-schemas in the repository (their one home, see its README), copied to
 * build/lib/testing/crd-schemas when the package is built.
 */
export const CRD_SCHEMA_DIR =
  [path.join(__dirname, 'crd-schemas'), path.join(__dirname, '..', '..', 'test', 'fixtures', 'crd-schemas')].find((d) =>
    fs.existsSync(d),
  ) ?? path.join(__dirname, 'crd-schemas');

/** API groups served by Kubernetes itself (checked by validate-k8s.ts); any other group with a dot is a CRD's. */
const BUILT_IN_GROUPS = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Whether an object is a custom resource (its group is not one of Kubernetes' own). */
export function isCustomResource(o: Pick<K8sObject, 'apiVersion'>): boolean {
  const g = groupOf(o.apiVersion);
  return g.includes('.') && !BUILT_IN_GROUPS.has(g);
}

/** The fixture file for an object: `<group>_<version>_<Kind>[.<channel>].json`; Gateway API kinds per channel. */
export function crdSchemaFile(
  o: Pick<K8sObject, 'apiVersion' | 'kind'>,
  channel: GatewayApiChannel = 'standard',
): string {
  const suffix = groupOf(o.apiVersion) === 'gateway.networking.k8s.io' ? `.${channel}` : '';
  return `${o.apiVersion.replace('/', '_')}_${o.kind}${suffix}.json`;
}

/** The fixture files present. */
export function crdSchemaFiles(): string[] {
  return fs
    .readdirSync(CRD_SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

const fixtures = new Map<string, CrdFixture | null>();

/** The fixture of a file name, or undefined when there is none. */
export function crdFixture(file: string): CrdFixture | undefined {
  if (!fixtures.has(file)) {
    const p = path.join(CRD_SCHEMA_DIR, file);
    fixtures.set(file, fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as CrdFixture) : null);
  }
  return fixtures.get(file) ?? undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// CRD structural schema -> JSON Schema (draft-07, ajv)
//
// Like the API server with strict field validation: a field the schema does not declare is an error (the
// server would prune it) unless `x-kubernetes-preserve-unknown-fields: true`; `x-kubernetes-int-or-string`
// takes an integer or a string; `nullable` allows null; `x-kubernetes-list-type: set` items are unique and
// `map` items unique by their `x-kubernetes-list-map-keys`; `metadata` is ObjectMeta. Not checked: CEL rules
// (`x-kubernetes-validations`) and formats other than the ones below (numeric formats such as int32 are
// ignored by the API server too).

/** Formats the API server checks that occur in the fixtures. Any other `format` is ignored. */
const FORMATS: Record<string, (s: string) => boolean> = {
  ipv4: (s) => net.isIPv4(s),
  ipv6: (s) => net.isIPv6(s),
  cidr: (s) => {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
    if (!m) return false;
    const bits = net.isIPv4(m[1]) ? 32 : net.isIPv6(m[1]) ? 128 : -1;
    return bits > 0 && Number(m[2]) <= bits;
  },
  'date-time': (s) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
};

/**
 * A CRD `pattern` (Go RE2 syntax, as the API server evaluates it) as a JavaScript regular expression (ajv's
 * default `u` mode): one-letter Unicode classes `\pC` / `\PL` become `\p{C}` / `\P{L}`. Throws on RE2
 * constructs with no direct JavaScript equivalent, so none is silently misread.
 */
export function goPatternToJs(pattern: string): string {
  // A leading case-insensitive flag on a pattern of plain letters (Prometheus Operator: `^(?i)(abort|warn)?$`).
  const ci = /^\^?\(\?i\)([A-Za-z|()?^$]*)$/.exec(pattern);
  if (ci)
    return `${pattern.startsWith('^') ? '^' : ''}${ci[1].replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`)}`;
  if (/\(\?([a-z]+[):]|P<)|\[\[:|\\[zAQE]/.test(pattern.replace(/\\\\/g, '')))
    throw new Error(`unsupported RE2 pattern ${JSON.stringify(pattern)} (extend goPatternToJs)`);
  return pattern.replace(/\\\\|\\([pP])([A-Z])/g, (m, p?: string, cls?: string) => (p ? `\\${p}{${cls}}` : m));
}

/** Keywords copied as they are (same meaning in OpenAPI v3.0 and JSON Schema draft-07). */
const COPIED = new Set([
  'type',
  'required',
  'enum',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);
/** Keywords without effect on validation here (documentation, defaulting, CEL, merge strategy). */
const IGNORED = new Set([
  'description',
  'title',
  'example',
  'externalDocs',
  'default',
  'x-kubernetes-validations',
  'x-kubernetes-map-type',
]);
/** Handled below. */
const HANDLED = new Set([
  'pattern',
  'properties',
  'items',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'format',
  'nullable',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

/** Our keyword for `x-kubernetes-list-type: map`: items must differ in their key fields (defaults applied). */
const LIST_MAP_KEYS = 'k8sListMapKeys';
interface ListMapKeys {
  keys: string[];
  defaults: Record<string, unknown>;
}

/**
 * Converts one CRD schema node. `structural` is true along properties/items/additionalProperties, where an
 * undeclared field is an error; false inside allOf/anyOf/oneOf/not, which only add constraints.
 */
function convert(s: Schema, where: string, structural: boolean): Schema {
  const out: Schema = {};
  for (const k of Object.keys(s)) {
    if (!COPIED.has(k) && !IGNORED.has(k) && !HANDLED.has(k)) {
      throw new Error(`${where}: schema keyword "${k}" is not supported by test/support/validate-crd.ts (extend it)`);
    }
    if (COPIED.has(k)) out[k] = s[k];
  }
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, Schema>).map(([n, sub]) => [
        n,
        convert(sub, `${where}.${n}`, structural),
      ]),
    );
  }
  if (s.items) out.items = convert(s.items, `${where}[]`, structural);
  if (typeof s.additionalProperties === 'object')
    out.additionalProperties = convert(s.additionalProperties, `${where}{}`, structural);
  else if (s.additionalProperties !== undefined) out.additionalProperties = s.additionalProperties;
  for (const c of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (s[c]) out[c] = (s[c] as Schema[]).map((sub, i) => convert(sub, `${where}/${c}[${i}]`, false));
  }
  if (s.not) out.not = convert(s.not, `${where}/not`, false);
  // OpenAPI v3.0 writes exclusive bounds as booleans next to minimum/maximum.
  for (const [ex, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (s[ex] === true) {
      out[ex] = s[bound];
      delete out[bound];
    } else if (typeof s[ex] === 'number') {
      out[ex] = s[ex];
    }
  }
  if (typeof s.pattern === 'string') out.pattern = goPatternToJs(s.pattern);
  if (typeof s.format === 'string' && FORMATS[s.format]) out.format = s.format;
  if (s['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
  }
  if (s['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (s['x-kubernetes-list-type'] === 'map') {
    const keys = (s['x-kubernetes-list-map-keys'] ?? []) as string[];
    const itemProps = (s.items?.properties ?? {}) as Record<string, Schema>;
    out[LIST_MAP_KEYS] = {
      keys,
      defaults: Object.fromEntries(
        keys.filter((k) => itemProps[k]?.default !== undefined).map((k) => [k, itemProps[k].default]),
      ),
    } satisfies ListMapKeys;
  }
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (structural && !preserve && s.type === 'object' && s.additionalProperties === undefined)
    out.additionalProperties = false;
  if (s.nullable === true) {
    if (out.type !== undefined) out.type = [...new Set([...(Array.isArray(out.type) ? out.type : [out.type]), 'null'])];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const labelMap = { type: 'object', additionalProperties: { type: 'string' } };
/** ObjectMeta as a client may send it (server-set fields included, so a read-back object passes too). */
const OBJECT_META: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    generateName: { type: 'string' },
    namespace: { type: 'string', minLength: 1 },
    labels: labelMap,
    annotations: labelMap,
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uid: { type: 'string' },
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    selfLink: { type: 'string' },
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: 'string' },
    deletionGracePeriodSeconds: { type: 'integer' },
    managedFields: { type: 'array', items: { type: 'object' } },
  },
};

/** The subschemas directly under a JSON Schema node, with a function that replaces each. */
function children(s: Schema): Array<[Schema, (x: Schema) => void]> {
  const out: Array<[Schema, (x: Schema) => void]> = [];
  for (const n of Object.keys(s.properties ?? {}))
    out.push([
      s.properties[n],
      (x) => {
        s.properties[n] = x;
      },
    ]);
  if (s.items)
    out.push([
      s.items,
      (x) => {
        s.items = x;
      },
    ]);
  if (typeof s.additionalProperties === 'object')
    out.push([
      s.additionalProperties,
      (x) => {
        s.additionalProperties = x;
      },
    ]);
  for (const c of ['allOf', 'anyOf', 'oneOf'])
    (s[c] as Schema[] | undefined)?.forEach((sub, i) =>
      out.push([
        sub,
        (x) => {
          s[c][i] = x;
        },
      ]),
    );
  if (s.not)
    out.push([
      s.not,
      (x) => {
        s.not = x;
      },
    ]);
  return out;
}

/**
 * Moves subschemas that occur more than once (CiliumNetworkPolicy repeats its rule schema a dozen times) into
 * `definitions`, referenced by `$ref`: ajv then compiles each once (about 3 times faster here). Same meaning.
 */
function shareRepeats(root: Schema): Schema {
  const count = new Map<string, number>();
  const tally = (s: Schema): void => {
    for (const [c] of children(s)) {
      const k = JSON.stringify(c);
      count.set(k, (count.get(k) ?? 0) + 1);
      tally(c);
    }
  };
  tally(root);
  const definitions: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const rewrite = (s: Schema): void => {
    for (const [c, replace] of children(s)) {
      const k = JSON.stringify(c);
      if ((count.get(k) ?? 0) > 1 && k.length > 200) {
        let name = names.get(k);
        if (!name) {
          name = `s${names.size}`;
          names.set(k, name);
          definitions[name] = c;
          rewrite(c);
        }
        replace({ $ref: `#/definitions/${name}` });
      } else {
        rewrite(c);
      }
    }
  };
  rewrite(root);
  return names.size > 0 ? { ...root, definitions } : root;
}

/** The whole-object JSON Schema of a fixture. */
export function toJsonSchema(f: CrdFixture): Schema {
  const top = convert(f.openAPIV3Schema, `${f.apiVersion} ${f.kind}`, true);
  const crdMeta = f.openAPIV3Schema.properties?.metadata as Schema | undefined;
  const crdMetaRules = crdMeta ? convert(crdMeta, `${f.apiVersion} ${f.kind}.metadata`, false) : {};
  const hasRules = Object.keys(crdMetaRules).some((k) => k !== 'type');
  return shareRepeats({
    ...top,
    type: 'object',
    properties: {
      ...top.properties,
      apiVersion: { type: 'string', const: f.apiVersion },
      kind: { type: 'string', const: f.kind },
      metadata: hasRules ? { allOf: [OBJECT_META, crdMetaRules] } : OBJECT_META,
    },
    required: [...new Set(['apiVersion', 'kind', 'metadata', ...(top.required ?? [])])],
    ...(f.openAPIV3Schema['x-kubernetes-preserve-unknown-fields'] === true ? {} : { additionalProperties: false }),
  });
}

let ajv: Ajv | undefined;
function getAjv(): Ajv {
  if (ajv) return ajv;
  // ajv is loaded on first use: only schema validation needs it (a dev dependency of the user's tests).
  const AjvClass = requireDev<{ default: typeof Ajv }>(
    'ajv',
    'to validate custom resources against their CRD schemas',
  ).default;
  ajv = new AjvClass({ allErrors: true, strict: false, formats: FORMATS, code: { optimize: false } });
  // Ajv reads a custom keyword's errors from the `errors` property of its validate function.
  const check: SchemaValidateFunction = (spec: ListMapKeys, data: unknown[]): boolean => {
    const seen = new Map<string, number>();
    const errors: Partial<ErrorObject>[] = [];
    data.forEach((item, i) => {
      if (!item || typeof item !== 'object') return;
      const key = JSON.stringify(
        spec.keys.map((k) => (item as Record<string, unknown>)[k] ?? spec.defaults[k] ?? null),
      );
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        errors.push({
          keyword: LIST_MAP_KEYS,
          message: `duplicate entry: items ${first} and ${i} have the same ${spec.keys.join('+')} ${key} (list-type map)`,
          params: { keys: spec.keys },
        });
    });
    check.errors = errors;
    return errors.length === 0;
  };
  ajv.addKeyword({ keyword: LIST_MAP_KEYS, type: 'array', schemaType: 'object', errors: true, validate: check });
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();
function validatorOf(file: string): ValidateFunction | undefined {
  if (!compiled.has(file)) {
    const f = crdFixture(file);
    if (!f) return undefined;
    compiled.set(file, getAjv().compile(toJsonSchema(f)));
  }
  return compiled.get(file);
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties')
    return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum')
    return `${at}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return `${at}: ${e.message}`;
}

/**
 * Errors of one custom resource against its CRD schema (empty when valid). Throws when there is no fixture
 * for its apiVersion/kind (and channel, for Gateway API).
 */
export function validateCrd(o: K8sObject, channel: GatewayApiChannel = 'standard'): string[] {
  const file = crdSchemaFile(o, channel);
  const validate = validatorOf(file);
  if (!validate)
    throw new Error(
      `no CRD schema ${file} in cdk-traffic's CRD schemas for ${o.apiVersion} ${o.kind} (run scripts/extract-crd-schemas.mjs)`,
    );
  const valid: boolean = validate(o);
  if (valid) return [];
  const label = `${o.kind}/${o.metadata?.name} [${file}]`;
  return [...new Set((validate.errors ?? []).map(describeError))].map((m) => `${label} ${m}`);
}

/**
 * Validates every custom resource among `objects` (core objects are skipped: validate-k8s.ts checks them).
 * Returns the errors, the custom resources without a fixture (`apiVersion kind`), and how many objects each
 * fixture checked.
 */
export function validateCrds(
  objects: readonly K8sObject[],
  channelOf: (o: K8sObject) => GatewayApiChannel = () => 'standard',
): { errors: string[]; unchecked: string[]; checked: Record<string, number> } {
  const errors: string[] = [];
  const unchecked: string[] = [];
  const checked: Record<string, number> = {};
  for (const o of objects) {
    if (!isCustomResource(o)) continue;
    const file = crdSchemaFile(o, channelOf(o));
    if (!crdFixture(file)) {
      unchecked.push(`${o.apiVersion} ${o.kind}`);
      continue;
    }
    errors.push(...validateCrd(o, channelOf(o)));
    checked[file] = (checked[file] ?? 0) + 1;
  }
  return { errors, unchecked, checked };
}
