import { Findings, Json, list } from './findings';

/**
 * The API server's own rules on names and labels (k8s.io/apimachinery `validation`), and the list-map keys and
 * CEL rules of the CRDs the library writes, checked on every written object: whichever part of a definition (or
 * a patch) produced a value, what the API server would refuse is not written.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Kinds whose name is a DNS-1123 label (or DNS-1035 for Services), not a subdomain. */
const LABEL_NAMED: readonly string[] = Object.freeze(['Namespace', 'StatefulSet']);
/** Header values may hold no control character but a tab (Gateway API and HTTP). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Why a qualified name (a label or annotation key) is refused, if it is. */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'holds more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return 'has a prefix that is not a DNS subdomain (lower case, at most 253 characters)';
  if (name.length === 0 || name.length > 63) return 'has a name part that is empty or over 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'has a name part that does not begin and end with a letter or digit, with only -, _ and . between';
  return undefined;
}

/** Why a label value is refused, if it is. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  if (value.length > 63) return 'is over 63 characters';
  if (value !== '' && !QUALIFIED_NAME.test(value))
    return 'does not begin and end with a letter or digit, with only -, _ and . between';
  return undefined;
}

function nameError(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is missing';
  if (kind === 'Service')
    return name.length <= 63 && DNS1035_LABEL.test(name)
      ? undefined
      : 'is not a DNS-1035 label (lower case letters, digits and -, beginning with a letter, at most 63 characters)';
  if (LABEL_NAMED.includes(kind))
    return name.length <= 63 && DNS1123_LABEL.test(name)
      ? undefined
      : 'is not a DNS-1123 label (lower case letters, digits and -, at most 63 characters)';
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'is not a DNS-1123 subdomain (lower case letters, digits, - and ., at most 253 characters)';
}

const FIX_NAME = 'give a shorter or lower-case name in the definition (or patch it to one the API server accepts)';

/**
 * Label keys and values found valid in this run: the same few are on every object (no module state: one per check).
 * Two sets, so a lookup builds no string.
 */
interface KnownKeys {
  readonly keys: Set<string>;
  readonly values: Set<string>;
}

function checkLabels(f: Findings, i: number, field: string, labels: unknown, values: boolean, known: KnownKeys): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return;
  const map = labels as Record<string, unknown>;
  for (const k of Object.keys(map)) {
    const v = map[k];
    const keyError = known.keys.has(k) ? undefined : qualifiedNameError(k);
    if (keyError)
      f.add(
        i,
        `${field}.${k}`,
        k,
        `key ${keyError}: the API server refuses the object`,
        'use a key like `example.com/team` or `team`',
        'CT-K8S-030',
      );
    const valueError = !values
      ? typeof v === 'string'
        ? undefined
        : 'is not a string'
      : typeof v === 'string' && known.values.has(v)
        ? undefined
        : labelValueError(v);
    if (valueError)
      f.add(
        i,
        `${field}.${k}`,
        v,
        `value ${valueError}: the API server refuses the object`,
        'use a value of at most 63 letters, digits, -, _ and . (annotations take any string)',
        'CT-K8S-030',
      );
    if (!keyError) known.keys.add(k);
    if (values && !valueError) known.values.add(v as string);
  }
}

/** Entries of a list whose key (a list-map key, `name`) repeats: the API server keeps one or refuses the object. */
function duplicates(items: readonly Json[], key: (x: Json) => unknown): unknown[] {
  // A list of fewer than two entries repeats nothing (most lists: one container, one port).
  if (items.length < 2) return [];
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const x of items) {
    const k = JSON.stringify(key(x));
    if (k === undefined) continue;
    if (seen.has(k)) out.push(key(x));
    seen.add(k);
  }
  return out;
}

function checkUnique(
  f: Findings,
  i: number,
  field: string,
  items: readonly Json[],
  key: (x: Json) => unknown,
  what: string,
): void {
  for (const d of duplicates(items, key))
    f.add(
      i,
      field,
      d,
      `lists ${what} ${JSON.stringify(d)} twice: the API server refuses the object (a list-map key is unique)`,
      `keep one entry per ${what}`,
      'CT-K8S-030',
    );
}

/** The list-map keys read by the checks: one function each, not a closure per checked object. */
const byName = (x: Json): unknown => x?.name;
const byPortAndProtocol = (p: Json): unknown => [p?.port, p?.protocol ?? 'TCP'];
const bySpreadKey = (t: Json): unknown => [t?.topologyKey, t?.whenUnsatisfiable];
const HAS_LETTER = /[a-z]/;

/** Whether a container port's name is refused (not an IANA service name); a port without a name is not. */
function badPortName(p: Json): boolean {
  return (
    p?.name !== undefined &&
    (typeof p.name !== 'string' ||
      p.name.length > 15 ||
      !IANA_SVC_NAME.test(p.name) ||
      p.name.includes('--') ||
      !HAS_LETTER.test(p.name))
  );
}

function checkPodSpec(f: Findings, i: number, base: string, spec: Json, labels: unknown, known: KnownKeys): void {
  checkLabels(f, i, `${base}.metadata.labels`, labels, true, known);
  // The written list itself when there is no init container (most pods): no list per pod template.
  const init = list(spec?.initContainers);
  const containers = init.length === 0 ? list(spec?.containers) : [...init, ...list(spec?.containers)];
  checkUnique(f, i, `${base}.spec.containers`, containers, byName, 'container name');
  let namedPorts = 0;
  for (const c of containers) {
    if (typeof c?.name !== 'string' || c.name.length > 63 || !DNS1123_LABEL.test(c.name))
      f.add(
        i,
        `${base}.spec.containers`,
        c?.name,
        'holds a container name that is not a DNS-1123 label: the API server refuses the pod',
        FIX_NAME,
        'CT-K8S-030',
      );
    for (const p of list(c?.ports)) {
      if (p?.name !== undefined) namedPorts++;
      if (badPortName(p))
        f.add(
          i,
          `${base}.spec.containers`,
          p.name,
          `holds port name "${p?.name}" of container "${c.name}", not an IANA service name (at most 15 lower-case letters, digits and -, one letter at least)`,
          'give the port a name like `http` or `metrics`',
          'CT-K8S-030',
        );
    }
  }
  // Fewer than two named ports repeat nothing: no list of them built (most pods: one port).
  if (namedPorts > 1)
    checkUnique(
      f,
      i,
      `${base}.spec.containers[].ports`,
      containers.flatMap((c) => list(c?.ports).filter((p) => p?.name !== undefined)),
      byName,
      'port name',
    );
  checkUnique(f, i, `${base}.spec.volumes`, list(spec?.volumes), byName, 'volume name');
  checkUnique(
    f,
    i,
    `${base}.spec.topologySpreadConstraints`,
    list(spec?.topologySpreadConstraints),
    bySpreadKey,
    'topologyKey and whenUnsatisfiable pair',
  );
  checkTolerations(f, i, base, list(spec?.tolerations));
}

/** Toleration keys and values, as the API server checks them. */
function checkTolerations(f: Findings, i: number, base: string, tolerations: readonly Json[]): void {
  for (let j = 0; j < tolerations.length; j++) {
    const t = tolerations[j];
    const e = t?.key === undefined || t.key === '' ? undefined : qualifiedNameError(String(t.key));
    if (e)
      f.add(
        i,
        `${base}.spec.tolerations[${j}].key`,
        t.key,
        `${e}: the API server refuses the pod`,
        'use a taint key like `dedicated` or `example.com/gpu`',
        'CT-K8S-030',
      );
    const v = t?.value === undefined ? undefined : labelValueError(t.value);
    if (v)
      f.add(
        i,
        `${base}.spec.tolerations[${j}].value`,
        t.value,
        `${v}: the API server refuses the pod`,
        'use a value of at most 63 letters, digits, -, _ and .',
        'CT-K8S-030',
      );
  }
}

function checkService(f: Findings, i: number, o: Json, known: KnownKeys): void {
  const ports = list(o.spec?.ports);
  if (ports.length > 1)
    ports.forEach((p, j) => {
      if (p?.name === undefined)
        f.add(
          i,
          `spec.ports[${j}].name`,
          undefined,
          'is missing: a Service with several ports names each',
          'name every port',
          'CT-K8S-030',
        );
    });
  checkUnique(f, i, 'spec.ports', ports, byName, 'port name');
  checkUnique(f, i, 'spec.ports', ports, byPortAndProtocol, 'port and protocol pair');
  checkLabels(f, i, 'spec.selector', o.spec?.selector, true, known);
}

const parentKey = (p: Json) => [
  p?.group ?? 'gateway.networking.k8s.io',
  p?.kind ?? 'Gateway',
  p?.namespace ?? '',
  p?.name,
  p?.sectionName ?? '',
  p?.port ?? 0,
];

/** The CEL rules and list-map keys of Gateway API routes (parents, matches, header values). */
function checkRoute(f: Findings, i: number, o: Json): void {
  checkUnique(f, i, 'spec.parentRefs', list(o.spec?.parentRefs), parentKey, 'parent');
  list(o.spec?.rules).forEach((r, j) => {
    list(r?.matches).forEach((m, k) => {
      const base = `spec.rules[${j}].matches[${k}]`;
      checkUnique(f, i, `${base}.headers`, list(m?.headers), (h) => String(h?.name).toLowerCase(), 'header name');
      checkUnique(f, i, `${base}.queryParams`, list(m?.queryParams), (q) => q?.name, 'query parameter name');
      list(m?.headers).forEach((h, n) => {
        if (typeof h?.value === 'string' && CONTROL.test(h.value))
          f.add(
            i,
            `${base}.headers[${n}].value`,
            h.value,
            'holds a control character (a line break): the CRD refuses it, and no request could carry it',
            'use a value of printable characters',
            'CT-K8S-031',
          );
      });
    });
  });
}

/** Checks every written object against the API server's and its CRD's own rules. */
export function checkApiRules(f: Findings): void {
  const known: KnownKeys = { keys: new Set(), values: new Set() };
  f.objects.forEach((o, i) => {
    const e = nameError(String(o?.kind), o?.metadata?.name);
    if (e)
      f.add(i, 'metadata.name', o?.metadata?.name, `${e}: the API server refuses the object`, FIX_NAME, 'CT-K8S-030');
    const ns = o?.metadata?.namespace;
    if (ns !== undefined && (typeof ns !== 'string' || ns.length > 63 || !DNS1123_LABEL.test(ns)))
      f.add(
        i,
        'metadata.namespace',
        ns,
        'is not a DNS-1123 label: the API server refuses the object',
        FIX_NAME,
        'CT-K8S-030',
      );
    checkLabels(f, i, 'metadata.labels', o?.metadata?.labels, true, known);
    checkLabels(f, i, 'metadata.annotations', o?.metadata?.annotations, false, known);
    const template = o?.spec?.template;
    if (template?.spec) checkPodSpec(f, i, 'spec.template', template.spec, template.metadata?.labels, known);
    if (o?.kind === 'Service') checkService(f, i, o, known);
    if (String(o?.apiVersion).startsWith('gateway.networking.k8s.io/') && /Route$/.test(String(o?.kind)))
      checkRoute(f, i, o);
  });
}
