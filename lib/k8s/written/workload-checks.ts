import { NO_MEMORY_LIMIT_ANNOTATION } from '../../model/workload/resources';
import { LabelIndex } from '../../model/label-index';
import { Findings, Json, list, mapOf, namespaceOf, ref, selects } from './findings';

/**
 * On the Service of a version deployed elsewhere (`versions.<v>.external`): its pods are not written here, so the
 * checks of the written objects do not look for the pod template it selects.
 */
export const EXTERNAL_VERSION_ANNOTATION = 'cdk-traffic.io/external-version';

/** A pod template of a written Deployment or StatefulSet. */
export interface PodTemplate {
  /** Index of the workload in the checked objects. */
  readonly index: number;
  readonly object: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Containers that run beside each other: `containers` and native sidecars. */
  readonly running: Json[];
}

/** The pod templates of the written Deployments and StatefulSets. */
export function podTemplates(objects: readonly Json[]): PodTemplate[] {
  // Indexed loops, no closure or list per object: the checks run once per synth, cold, over every written object.
  const out: PodTemplate[] = [];
  for (let index = 0; index < objects.length; index++) {
    const o = objects[index];
    if (o?.kind !== 'Deployment' && o?.kind !== 'StatefulSet') continue;
    const spec = o.spec?.template?.spec ?? {};
    out.push({
      index,
      object: ref(o),
      namespace: namespaceOf(o),
      labels: mapOf(o.spec?.template?.metadata?.labels),
      running: runningContainers(spec),
    });
  }
  return out;
}

/** `containers` and the native sidecars (init containers that keep running); the written list itself when none. */
function runningContainers(spec: Json): Json[] {
  const containers = list(spec.containers);
  const init = list(spec.initContainers);
  if (init.length === 0) return containers;
  const out = [...containers];
  for (const c of init) if (c?.restartPolicy === 'Always') out.push(c);
  return out;
}

/** The container port a Service port's targetPort (or a probe's port) names in a pod template, if any. */
export function targetIn(t: PodTemplate, target: string | number): Json | undefined {
  for (const c of t.running)
    for (const x of list(c?.ports))
      if (typeof target === 'number' ? x?.containerPort === target : x?.name === target) return x;
  return undefined;
}

/** The pod templates of a chart, indexed by namespace and label, so a selector finds its pods without a scan. */
export class Pods {
  private readonly byLabel = new LabelIndex<PodTemplate>();
  private readonly byNamespace = new Map<string, PodTemplate[]>();

  constructor(readonly all: readonly PodTemplate[]) {
    for (const t of all) {
      push(this.byNamespace, t.namespace, t);
      this.byLabel.add(t.namespace, t.labels, t);
    }
  }

  /** The pod templates of a namespace. */
  inNamespace(namespace: string): readonly PodTemplate[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The pod templates a (matchLabels) selector selects in a namespace; none for an empty selector. */
  selected(namespace: string, selector: Record<string, string>): PodTemplate[] {
    let first: string | undefined;
    for (const k in selector)
      if (Object.prototype.hasOwnProperty.call(selector, k)) {
        first = k;
        break;
      }
    if (first === undefined) return [];
    const candidates = this.byLabel.get(namespace, first, selector[first]);
    const out: PodTemplate[] = [];
    for (const t of candidates) if (selects(selector, t.labels)) out.push(t);
    return out;
  }
}

function push<T>(m: Map<string, T[]>, key: string, value: T): void {
  const l = m.get(key);
  if (l) l.push(value);
  else m.set(key, [value]);
}

/** The pod templates a Service (by its selector) selects in its namespace. */
export function selectedBy(service: Json, pods: Pods): PodTemplate[] {
  return pods.selected(namespaceOf(service), mapOf(service?.spec?.selector));
}

/**
 * `<namespace>/<service>/<port>` of every Service port an Ingress, a Gateway API route or a TargetGroupBinding
 * sends to (by number or name).
 */
function entryRefs(objects: readonly Json[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    const kind = o?.kind;
    // Most objects send to no Service: no namespace read for them.
    if (kind !== 'Ingress' && kind !== 'HTTPRoute' && kind !== 'GRPCRoute' && kind !== 'TargetGroupBinding') continue;
    const ns = namespaceOf(o);
    if (o?.kind === 'Ingress') {
      const backends = [
        o.spec?.defaultBackend,
        ...list(o.spec?.rules).flatMap((r) => list(r?.http?.paths).map((p) => p?.backend)),
      ];
      for (const b of backends)
        if (b?.service) out.add(`${ns}/${b.service.name}/${b.service.port?.number ?? b.service.port?.name}`);
    } else if (o?.kind === 'HTTPRoute' || o?.kind === 'GRPCRoute') {
      for (const r of list(o.spec?.rules))
        for (const b of list(r?.backendRefs))
          if ((b?.kind ?? 'Service') === 'Service') out.add(`${b.namespace ?? ns}/${b.name}/${b.port}`);
    } else if (o?.kind === 'TargetGroupBinding' && o.spec?.serviceRef) {
      out.add(`${ns}/${o.spec.serviceRef.name}/${o.spec.serviceRef.port}`);
    }
  }
  return out;
}

/**
 * CT-K8S-010 and 011: every Service with a selector selects pods, and every targetPort is a port of the selected
 * pods' containers. Returns the container ports traffic enters by, per pod template (what a LoadBalancer or
 * NodePort Service targets, and what an Ingress, a route or a TargetGroupBinding sends to through a Service).
 */
function checkServices(f: Findings, pods: Pods): Map<PodTemplate, Map<number, string>> {
  const entries = entryRefs(f.objects);
  const exposed = new Map<PodTemplate, Map<number, string>>();
  // Indexed loops, no closure per Service: this runs once per synth, cold, over every written object.
  for (let i = 0; i < f.objects.length; i++) {
    const s = f.objects[i];
    if (s?.kind !== 'Service' || !s.spec?.selector) continue;
    // A version deployed elsewhere: its pod templates are not among the written objects.
    if (s.metadata?.annotations?.[EXTERNAL_VERSION_ANNOTATION] !== undefined) continue;
    const selected = selectedBy(s, pods);
    if (selected.length === 0) {
      const inNs = pods.inNamespace(namespaceOf(s));
      f.add(
        i,
        'spec.selector',
        s.spec.selector,
        `selects no pod template of the app (${inNs.map((t) => `${t.object} ${JSON.stringify(t.labels)}`).join('; ') || 'none'}): the Service would have no endpoints`,
        'make the selector a subset of the pod labels (patch the selector or the template labels back)',
        'CT-K8S-010',
      );
      continue;
    }
    const external = s.spec.type === 'LoadBalancer' || s.spec.type === 'NodePort';
    const ports = list(s.spec.ports);
    for (let j = 0; j < ports.length; j++) {
      const p = ports[j];
      const target = p?.targetPort ?? p?.port;
      // No entry sends to any Service: no key to build.
      const entered = external || (entries.size > 0 && enteredBy(entries, s, p));
      for (const t of selected) {
        const cp = targetIn(t, target);
        if (!cp) {
          f.add(
            i,
            `spec.ports[${j}].targetPort`,
            target,
            `is not a port of the containers of ${t.object} (declared: ${t.running.flatMap((c) => list(c?.ports).map((x) => x?.name ?? x?.containerPort)).join(', ') || 'none'}): the Service would send traffic nowhere`,
            "target a declared container port, or declare the port on the container (a sidecar's too)",
            'CT-K8S-011',
          );
        } else if (entered) {
          const m = exposed.get(t) ?? new Map<number, string>();
          m.set(cp.containerPort, `${ref(s)} spec.ports[${j}]`);
          exposed.set(t, m);
        }
      }
    }
  }
  return exposed;
}

/** Whether an Ingress, a route or a TargetGroupBinding sends to a Service port (by number or name). */
function enteredBy(entries: ReadonlySet<string>, s: Json, p: Json): boolean {
  const key = (x: string | number) => `${namespaceOf(s)}/${s.metadata?.name}/${x}`;
  return entries.has(key(p?.port)) || (p?.name !== undefined && entries.has(key(p.name)));
}

/** The ports a network policy admits in ingress, or `'all'` when a rule admits every port. */
function policyPorts(o: Json): Set<string> | 'all' {
  const out = new Set<string>();
  for (const r of list(o.spec?.ingress)) {
    const ports = o.kind === 'NetworkPolicy' ? list(r?.ports) : list(r?.toPorts).flatMap((t) => list(t?.ports));
    if (ports.length === 0) return 'all';
    for (const p of ports) out.add(String(p?.port));
  }
  return out;
}

/**
 * The pod templates a NetworkPolicy or CiliumNetworkPolicy applies to: its labels and its `In` / `NotIn` / `Exists` /
 * `DoesNotExist` requirements (an app delivered by Flagger: its renamed label, so the primary pods are counted too).
 */
function podsOfPolicy(o: Json, pods: Pods): readonly PodTemplate[] {
  const sel = o.kind === 'NetworkPolicy' ? o.spec?.podSelector : o.spec?.endpointSelector;
  const labels = mapOf(sel?.matchLabels);
  const expressions = list(sel?.matchExpressions);
  // An empty selector selects every pod of the namespace.
  const byLabels =
    Object.keys(labels).length === 0 ? pods.inNamespace(namespaceOf(o)) : pods.selected(namespaceOf(o), labels);
  return expressions.length === 0 ? byLabels : byLabels.filter((t) => expressions.every((e) => requires(e, t.labels)));
}

/** Whether pod labels meet one requirement of a label selector. */
function requires(e: Json, labels: Record<string, string>): boolean {
  const values = list(e?.values).map(String);
  const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
  switch (e?.operator) {
    case 'In':
      return has && values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** CT-K8S-012: a network policy admits every container port an exposure sends to. */
function checkPolicyPorts(
  f: Findings,
  pods: Pods,
  exposed: ReadonlyMap<PodTemplate, ReadonlyMap<number, string>>,
): void {
  f.objects.forEach((np, i) => {
    if (np?.kind !== 'NetworkPolicy' && np?.kind !== 'CiliumNetworkPolicy') return;
    const allowed = policyPorts(np);
    if (allowed === 'all' || allowed.size === 0) return; // a deny-all policy is deliberate
    for (const t of podsOfPolicy(np, pods)) {
      for (const [port, by] of exposed.get(t) ?? []) {
        if (allowed.has(String(port))) continue;
        f.add(
          i,
          'spec.ingress',
          [...allowed].map(Number),
          `admits no traffic to container port ${port}, which ${by} exposes: the exposure's traffic would be dropped`,
          `admit port ${port} in the policy (a sidecar's port: declare the sidecar \`exposed\`), or stop exposing it`,
          'CT-K8S-012',
        );
      }
    }
  });
}

/** The JSON path of a container of a pod template, built only for a problem's message. */
const containerField = (group: string, j: number): string => `spec.template.spec.${group}[${j}]`;

/** CT-K8S-013: requests and a memory limit on a container. */
function checkResources(f: Findings, i: number, group: string, j: number, c: Json, unlimited: readonly string[]): void {
  const r = c?.resources ?? {};
  // Read field by field (no list built per container: every written container passes through here).
  const missing: string[] = [];
  if (r.requests?.cpu === undefined) missing.push('requests.cpu');
  if (r.requests?.memory === undefined) missing.push('requests.memory');
  // A container the pod's `cdk-traffic.io/no-memory-limit` annotation names goes without, with its reason.
  if (r.limits?.memory === undefined && !unlimited.includes(c?.name)) missing.push('limits.memory');
  if (missing.length === 0) return;
  f.add(
    i,
    `${containerField(group, j)}.resources`,
    r,
    `container "${c?.name}" has no ${missing.join(', ')}: the scheduler cannot place it fairly and it can take the node's memory`,
    'give every container (sidecars and init containers too) `resources` with requests and a memory limit',
    'CT-K8S-013',
  );
}

const PROBES: readonly string[] = Object.freeze(['readinessProbe', 'livenessProbe', 'startupProbe']);
const GROUPS: readonly string[] = Object.freeze(['containers', 'initContainers']);

/** Whether a container declares a port, by number (`containerPort`) or by name. */
function declares(declared: readonly Json[], port: unknown): boolean {
  for (const x of declared) if (typeof port === 'number' ? x?.containerPort === port : x?.name === port) return true;
  return false;
}

/** CT-K8S-014: every probe probes a port its own container declares. */
function checkProbePorts(f: Findings, i: number, group: string, j: number, c: Json): void {
  for (const probe of PROBES) {
    const pr = c?.[probe];
    const port = pr?.httpGet?.port ?? pr?.tcpSocket?.port ?? pr?.grpc?.port;
    if (port === undefined) continue;
    const declared = list(c.ports);
    if (declares(declared, port)) continue;
    f.add(
      i,
      `${containerField(group, j)}.${probe}`,
      port,
      `probes a port container "${c.name}" does not declare (declared: ${declared.map((x) => x?.name ?? x?.containerPort).join(', ') || 'none'})`,
      'probe a declared port of the same container, or declare it',
      'CT-K8S-014',
    );
  }
}

/**
 * The checks of the workloads as written, after every user patch (`addJsonPatch`, objects added by hand): every
 * Service selects pods and targets a port of theirs (CT-K8S-010, 011); a network policy admits every container
 * port an exposure sends to (CT-K8S-012); every container has requests and a memory limit (CT-K8S-013); every
 * probe probes a port of its container (CT-K8S-014).
 */
export function checkWorkloadObjects(f: Findings, pods: Pods): void {
  checkPolicyPorts(f, pods, checkServices(f, pods));
  for (const t of pods.all) {
    const template = f.objects[t.index].spec?.template;
    const spec = template?.spec ?? {};
    const noLimit = template?.metadata?.annotations?.[NO_MEMORY_LIMIT_ANNOTATION];
    const unlimited = typeof noLimit === 'string' ? noLimit.split('; ').map((x) => x.split(':')[0]) : [];
    for (const group of GROUPS) {
      const containers = list(spec[group]);
      for (let j = 0; j < containers.length; j++) {
        checkResources(f, t.index, group, j, containers[j], unlimited);
        checkProbePorts(f, t.index, group, j, containers[j]);
      }
    }
  }
}
