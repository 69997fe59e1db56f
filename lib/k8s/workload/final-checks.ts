import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from '../../model/problems';

/* eslint-disable @typescript-eslint/no-explicit-any -- the checks read manifests as written, after any patch */
type Json = any;

interface PodTemplate {
  readonly object: string;
  readonly labels: Record<string, string>;
  /** Containers that run beside each other: `containers` and native sidecars. */
  readonly running: Json[];
}

const ref = (o: Json) => `${o.kind}/${o.metadata?.name}`;
const selects = (sel: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(sel).every(([k, v]) => labels[k] === v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);

function podTemplates(objects: readonly Json[]): PodTemplate[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => {
      const spec = o.spec?.template?.spec ?? {};
      return {
        object: ref(o),
        labels: o.spec?.template?.metadata?.labels ?? {},
        running: [...list(spec.containers), ...list(spec.initContainers).filter((c) => c?.restartPolicy === 'Always')],
      };
    });
}

/** The container port a Service port's targetPort names in a pod template, if any. */
function targetIn(t: PodTemplate, target: string | number): Json | undefined {
  for (const c of t.running) {
    const p = list(c.ports).find((x) => (typeof target === 'number' ? x.containerPort === target : x.name === target));
    if (p) return p;
  }
  return undefined;
}

/** `<service>/<port>` of every Service port an Ingress, a Gateway API route or a TargetGroupBinding sends to. */
function entryRefs(objects: readonly Json[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Ingress') {
      const backends = [
        o.spec?.defaultBackend,
        ...list(o.spec?.rules).flatMap((r) => list(r?.http?.paths).map((p) => p?.backend)),
      ];
      for (const b of backends)
        if (b?.service) out.add(`${b.service.name}/${b.service.port?.number ?? b.service.port?.name}`);
    } else if (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') {
      for (const r of list(o.spec?.rules))
        for (const b of list(r?.backendRefs)) if ((b.kind ?? 'Service') === 'Service') out.add(`${b.name}/${b.port}`);
    } else if (o.kind === 'TargetGroupBinding' && o.spec?.serviceRef) {
      out.add(`${o.spec.serviceRef.name}/${o.spec.serviceRef.port}`);
    }
  }
  return out;
}

/** The ports a network policy admits in ingress, or `'all'` when a rule admits every port. */
function policyPorts(o: Json): Set<string> | 'all' {
  const out = new Set<string>();
  for (const r of list(o.spec?.ingress)) {
    const ports = o.kind === 'NetworkPolicy' ? list(r.ports) : list(r.toPorts).flatMap((t) => list(t.ports));
    if (ports.length === 0) return 'all';
    for (const p of ports) out.add(String(p.port));
  }
  return out;
}

/**
 * The cross-reference checks that hold on the objects as written, run at synth after every user patch
 * (`addJsonPatch`, objects added by hand under the app): every Service selects pods of the app and every
 * targetPort is a port of the selected pods' containers; the network policy admits every container port an
 * exposure sends to (through a LoadBalancer or NodePort Service, an Ingress, a route or a TargetGroupBinding); every probe probes a port of its container; every container has requests and a memory
 * limit. `objects` are the app's manifests (`ApiObject.toJson()`).
 */
export function checkFinalObjects(objects: readonly Json[]): Problems {
  const problems = new Problems();
  const pods = podTemplates(objects);
  // Container ports traffic enters by: what a LoadBalancer or NodePort Service targets, and what an Ingress,
  // a Gateway API route or a TargetGroupBinding sends to through one of the app's Services.
  const entries = entryRefs(objects);
  const exposed = new Map<number, string>();
  for (const s of objects.filter((o) => o.kind === 'Service' && o.spec?.selector)) {
    const sel = s.spec.selector as Record<string, string>;
    const selected = pods.filter((t) => selects(sel, t.labels));
    if (selected.length === 0) {
      problems.add(
        `${ref(s)} spec.selector`,
        sel,
        `selects no pod template of the app (${pods.map((t) => `${t.object} ${JSON.stringify(t.labels)}`).join('; ') || 'none'}): the Service would have no endpoints`,
        'make the selector a subset of the pod labels (patch the selector or the template labels back)',
        'CT-K8S-010',
      );
      continue;
    }
    const external = s.spec.type === 'LoadBalancer' || s.spec.type === 'NodePort';
    list(s.spec.ports).forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      const entered =
        external ||
        entries.has(`${s.metadata?.name}/${p.port}`) ||
        (p.name !== undefined && entries.has(`${s.metadata?.name}/${p.name}`));
      for (const t of selected) {
        const cp = targetIn(t, target);
        if (!cp) {
          problems.add(
            `${ref(s)} spec.ports[${i}].targetPort`,
            target,
            `is not a port of the containers of ${t.object} (declared: ${t.running.flatMap((c) => list(c.ports).map((x) => x.name ?? x.containerPort)).join(', ') || 'none'}): the Service would send traffic nowhere`,
            "target a declared container port, or declare the port on the container (a sidecar's too)",
            'CT-K8S-011',
          );
        } else if (entered) exposed.set(cp.containerPort, `${ref(s)} spec.ports[${i}]`);
      }
    });
  }
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy' || o.kind === 'CiliumNetworkPolicy')) {
    const allowed = policyPorts(np);
    if (allowed === 'all' || allowed.size === 0) continue; // a deny-all policy is deliberate
    for (const [port, by] of exposed) {
      if (!allowed.has(String(port))) {
        problems.add(
          `${ref(np)} spec.ingress`,
          [...allowed].map(Number),
          `admits no traffic to container port ${port}, which ${by} exposes: the exposure's traffic would be dropped`,
          `admit port ${port} in the policy (a sidecar's port: declare the sidecar \`exposed\`), or stop exposing it`,
          'CT-K8S-012',
        );
      }
    }
  }
  for (const w of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
    const spec = w.spec?.template?.spec ?? {};
    const groups: [string, Json[]][] = [
      ['containers', list(spec.containers)],
      ['initContainers', list(spec.initContainers)],
    ];
    for (const [group, containers] of groups) {
      containers.forEach((c, i) => {
        const base = `${ref(w)} spec.template.spec.${group}[${i}]`;
        const r = c?.resources ?? {};
        const missing = [
          ['requests', 'cpu'],
          ['requests', 'memory'],
          ['limits', 'memory'],
        ]
          .filter(([k, q]) => r[k]?.[q] === undefined)
          .map(([k, q]) => `${k}.${q}`);
        if (missing.length) {
          problems.add(
            `${base}.resources`,
            r,
            `container "${c?.name}" has no ${missing.join(', ')}: the scheduler cannot place it fairly and it can take the node's memory`,
            'give every container (sidecars and init containers too) `resources` with requests and a memory limit',
            'CT-K8S-013',
          );
        }
        for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
          const pr = c?.[probe];
          const port = pr?.httpGet?.port ?? pr?.tcpSocket?.port ?? pr?.grpc?.port;
          if (port === undefined) continue;
          const found = list(c.ports).some((x) =>
            typeof port === 'number' ? x.containerPort === port : x.name === port,
          );
          if (!found) {
            problems.add(
              `${base}.${probe}`,
              port,
              `probes a port container "${c.name}" does not declare (declared: ${
                list(c.ports)
                  .map((x) => x.name ?? x.containerPort)
                  .join(', ') || 'none'
              })`,
              'probe a declared port of the same container, or declare it',
              'CT-K8S-014',
            );
          }
        }
      });
    }
  }
  return problems;
}

/**
 * Registers `checkFinalObjects` on an app's construct: at synth (`app.synth()`, `chart.toJson()`) it reads every
 * ApiObject under `scope` as it will be written and reports broken references like any other problem.
 * `rendered` are the objects the renderers wrote: while none of them carries a patch and no object was added
 * under the app, the manifests are the renderers' output, whose references the definition's checks already
 * hold, and the read is skipped (it is the costly part; metadata labels and annotations cannot break them).
 */
export function addFinalChecks(scope: Construct, rendered: readonly ApiObject[]): void {
  const known = new Set(rendered);
  scope.node.addValidation({
    validate: () => {
      const all = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
      if (all.length === known.size && all.every((o) => known.has(o) && patchCount(o) === 0)) return [];
      return checkFinalObjects(all.map(writtenJson)).lines();
    },
  });
}

const patchCount = (o: ApiObject) => ((o as unknown as { patches?: unknown[] }).patches ?? []).length;

interface Pending {
  readonly json: unknown;
  readonly patches: number;
}
const pending = new WeakMap<ApiObject, Pending>();
let clearScheduled = false;

/**
 * The object as it will be written. `app.synth()` validates (twice: once for the app, once per chart) right
 * before it writes, in one synchronous run, and `toJson()` is most of a synth's cost; so the JSON computed
 * here is kept for the rest of that run (until the next microtask, and only while no patch was added) and
 * returned once by the write. The object's own class method computes it, patches applied.
 */
function writtenJson(o: ApiObject): unknown {
  const patches = patchCount(o);
  const kept = pending.get(o);
  if (kept && kept.patches === patches) return kept.json;
  const own = Object.getPrototypeOf(o).toJson as () => unknown;
  const json = own.call(o);
  pending.set(o, { json, patches });
  Object.defineProperty(o, 'toJson', {
    configurable: true,
    writable: true,
    value: () => {
      delete (o as { toJson?: unknown }).toJson;
      const k = pending.get(o);
      pending.delete(o);
      return k && k.patches === patchCount(o) ? k.json : own.call(o);
    },
  });
  if (!clearScheduled) {
    clearScheduled = true;
    queueMicrotask(() => {
      clearScheduled = false;
      for (const c of [...cachedObjects]) {
        pending.delete(c);
        delete (c as { toJson?: unknown }).toJson;
      }
      cachedObjects.clear();
    });
  }
  cachedObjects.add(o);
  return json;
}
const cachedObjects = new Set<ApiObject>();
