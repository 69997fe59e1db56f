import { Findings, Json, list, mapOf, namespaceOf } from './findings';

/** A written Service: its index and ports. */
interface WrittenService {
  readonly index: number;
  readonly ports: Json[];
}

/** One reference from an object to a Service port. */
interface ServiceRef {
  readonly field: string;
  readonly namespace: string;
  readonly name: string;
  /** A port number or name; undefined when the reference names no port. */
  readonly port?: number | string;
}

const MANAGED = 'app.kubernetes.io/managed-by';

/** The Service a mesh host names (`name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`), if in-cluster. */
function serviceOfHost(host: unknown, ns: string): { name: string; namespace: string } | undefined {
  if (typeof host !== 'string' || host.includes('*')) return undefined;
  const parts = host.split('.');
  if (parts.length === 1) return { name: parts[0], namespace: ns };
  if (
    parts.length === 2 ||
    (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'))
  )
    return { name: parts[0], namespace: parts[1] };
  return undefined;
}

function ingressRefs(o: Json, ns: string): ServiceRef[] {
  // `use-annotation`: an ALB action (weighted forward, canary header) named by an annotation, not a Service.
  const at = (b: Json, field: string): ServiceRef[] =>
    b?.service && b.service.port?.name !== 'use-annotation'
      ? [{ field, namespace: ns, name: b.service.name, port: b.service.port?.number ?? b.service.port?.name }]
      : [];
  return [
    ...at(o.spec?.defaultBackend, 'spec.defaultBackend.service'),
    ...list(o.spec?.rules).flatMap((r, i) =>
      list(r?.http?.paths).flatMap((p, j) => at(p?.backend, `spec.rules[${i}].http.paths[${j}].backend.service`)),
    ),
  ];
}

function routeRefs(o: Json, ns: string): ServiceRef[] {
  const backends = list(o.spec?.rules).flatMap((r, i) =>
    list(r?.backendRefs).flatMap((b, j) =>
      (b?.kind ?? 'Service') === 'Service' && (b?.group ?? '') === ''
        ? [{ field: `spec.rules[${i}].backendRefs[${j}]`, namespace: b.namespace ?? ns, name: b.name, port: b.port }]
        : [],
    ),
  );
  // A mesh route (GAMMA, Linkerd) is attached to a Service.
  const parents = list(o.spec?.parentRefs).flatMap((p, i) =>
    p?.kind === 'Service'
      ? [{ field: `spec.parentRefs[${i}]`, namespace: p.namespace ?? ns, name: p.name, port: p.port }]
      : [],
  );
  return [...backends, ...parents];
}

function meshRefs(o: Json, ns: string): ServiceRef[] {
  if (o.kind === 'DestinationRule') {
    const s = serviceOfHost(o.spec?.host, ns);
    return s ? [{ field: 'spec.host', ...s }] : [];
  }
  return ['http', 'tcp', 'tls', 'grpc'].flatMap((kind) =>
    list(o.spec?.[kind]).flatMap((r, i) =>
      list(r?.route).flatMap((d, j) => {
        const s = serviceOfHost(d?.destination?.host, ns);
        return s
          ? [{ field: `spec.${kind}[${i}].route[${j}].destination`, ...s, port: d.destination.port?.number }]
          : [];
      }),
    ),
  );
}

/** An `InferencePool`'s endpoint picker, when it is a Service. */
function pickerRefs(o: Json, ns: string): ServiceRef[] {
  const r = o.spec?.endpointPickerRef;
  return r && (r.kind ?? 'Service') === 'Service'
    ? [{ field: 'spec.endpointPickerRef', namespace: ns, name: r.name, port: r.port?.number }]
    : [];
}

/** A `TargetGroupBinding`'s Service. */
function bindingRefs(o: Json, ns: string): ServiceRef[] {
  const r = o.spec?.serviceRef;
  return r ? [{ field: 'spec.serviceRef', namespace: ns, name: r.name, port: r.port }] : [];
}

/**
 * How each kind that references Services names them: the one list of those kinds (`checkServiceBackends` skips every
 * other object without reading it).
 */
const REFS_BY_KIND: Readonly<Record<string, (o: Json, ns: string) => ServiceRef[]>> = Object.freeze({
  Ingress: ingressRefs,
  HTTPRoute: routeRefs,
  GRPCRoute: routeRefs,
  TCPRoute: routeRefs,
  TLSRoute: routeRefs,
  VirtualService: meshRefs,
  DestinationRule: meshRefs,
  InferencePool: pickerRefs,
  TargetGroupBinding: bindingRefs,
});

/** How an object of this kind names Services, if its kind references any. */
function refsOfKind(kind: unknown): ((o: Json, ns: string) => ServiceRef[]) | undefined {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(REFS_BY_KIND, kind)
    ? REFS_BY_KIND[kind]
    : undefined;
}

/**
 * The Services a written Flagger Canary makes (`<service>`, `<service>-primary`, `<service>-canary`), by
 * `namespace/name`, with the port (number and name) it gives them; `anyPort` with `portDiscovery` (the container ports too).
 * @see https://docs.flagger.app/usage/how-it-works#canary-service
 */
function flaggerServices(
  objects: readonly Json[],
): Map<string, { readonly canary: string; readonly ports: (number | string)[]; readonly anyPort: boolean }> {
  const out = new Map<string, { canary: string; ports: (number | string)[]; anyPort: boolean }>();
  for (const o of objects) {
    const svc =
      o?.kind === 'Canary' && String(o.apiVersion ?? '').startsWith('flagger.app/') ? o.spec?.service : undefined;
    const name = svc?.name ?? o?.spec?.targetRef?.name;
    if (!svc || typeof name !== 'string') continue;
    const ports = [svc.port, svc.portName ?? 'http'].filter((p) => p !== undefined);
    for (const n of [name, `${name}-primary`, `${name}-canary`])
      out.set(`${namespaceOf(o)}/${n}`, { canary: o.metadata?.name, ports, anyPort: svc.portDiscovery === true });
  }
  return out;
}

/** The names of the written Services of a namespace, for a message (at most 10). */
function servicesIn(services: ReadonlyMap<string, WrittenService>, namespace: string): string {
  const names = [...services.keys()]
    .filter((k) => k.startsWith(`${namespace}/`))
    .map((k) => k.slice(namespace.length + 1));
  return names.length === 0 ? 'none' : names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
}

function describePorts(s: WrittenService): string {
  return s.ports.map((p) => (p?.name !== undefined ? `${p.name} (${p.port})` : String(p?.port))).join(', ') || 'none';
}

/**
 * CT-K8S-020: every Service an object of the library sends to (Ingress backends, route backendRefs and mesh
 * parents, VirtualService destinations and DestinationRule hosts, TargetGroupBinding serviceRef, an InferencePool's
 * endpoint picker when the chart writes its Service) is written in the chart under that name, with that port (by number or name): a Service renamed or renumbered by a patch
 * leaves its backends pointing nowhere.
 */
export function checkServiceBackends(f: Findings): void {
  // The library's objects that reference a Service, first: a chart without (workloads and Services only) indexes
  // nothing and builds no list per object.
  const referring: [number, ServiceRef[]][] = [];
  for (let i = 0; i < f.objects.length; i++) {
    const o = f.objects[i];
    const refsOf = refsOfKind(o?.kind);
    if (refsOf === undefined) continue;
    if (mapOf(o?.metadata?.labels)[MANAGED] !== 'cdk-traffic') continue; // a user's own object may name any Service
    const refs = refsOf(o, namespaceOf(o));
    if (refs.length > 0) referring.push([i, refs]);
  }
  if (referring.length === 0) return;
  const services = new Map<string, WrittenService>();
  f.objects.forEach((o, index) => {
    if (o?.kind === 'Service')
      services.set(`${namespaceOf(o)}/${o.metadata?.name}`, { index, ports: list(o.spec?.ports) });
  });
  const made = flaggerServices(f.objects);
  // An InferencePool's endpoint picker may be a Service the chart does not write (declared by reference): it and
  // the DestinationRule for its TLS are checked only when the chart writes that Service.
  const pickers = new Set<string>();
  for (const o of f.objects)
    if (o?.kind === 'InferencePool' && o.spec?.endpointPickerRef?.name !== undefined)
      pickers.add(`${namespaceOf(o)}/${o.spec.endpointPickerRef.name}`);
  for (const [i, refs] of referring) {
    for (const r of refs) {
      const s = services.get(`${r.namespace}/${r.name}`);
      if (!s && pickers.has(`${r.namespace}/${r.name}`)) continue;
      const byFlagger = made.get(`${r.namespace}/${r.name}`);
      if (!s && byFlagger) {
        if (r.port === undefined || byFlagger.anyPort || byFlagger.ports.includes(r.port)) continue;
        f.add(
          i,
          `${r.field}.port`,
          r.port,
          `is not a port of Service ${r.namespace}/${r.name}, which Flagger makes from the Canary ${byFlagger.canary} (ports: ${byFlagger.ports.join(', ')}): its traffic would go nowhere`,
          "patch the reference and the Canary's `spec.service.port` together",
          'CT-K8S-020',
        );
        continue;
      }
      if (!s) {
        f.add(
          i,
          `${r.field}.name`,
          r.name,
          `names Service ${r.namespace}/${r.name}, which the chart does not write (Services of the namespace: ${servicesIn(services, r.namespace)}): its traffic would go nowhere`,
          'patch the reference and the Service together (or rename the Service back)',
          'CT-K8S-020',
        );
        continue;
      }
      if (
        r.port === undefined ||
        s.ports.some((p) => p?.port === r.port || (p?.name !== undefined && p.name === r.port))
      )
        continue;
      f.add(
        i,
        `${r.field}.port`,
        r.port,
        `is not a port of Service ${r.namespace}/${r.name} (ports: ${describePorts(s)}): its traffic would go nowhere`,
        'patch the reference and the Service port together (or renumber the Service port back)',
        'CT-K8S-020',
      );
    }
  }
}
