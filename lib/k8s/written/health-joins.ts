import type { AppSpec } from '../../model/app-spec';
import { PodTemplate, Pods, selectedBy, targetIn } from './workload-checks';
import { Findings, Json, WrittenContext, list, mapOf, namespaceOf } from './findings';

/** The HTTP endpoint a written readiness probe checks, its port resolved to a number. */
interface ProbeEndpoint {
  readonly container: string;
  readonly containerIndex: number;
  readonly port?: number;
  readonly path?: string;
}

/** The readiness probe of a pod template's first container that has one. */
function readinessOf(t: PodTemplate): ProbeEndpoint | undefined {
  const i = t.running.findIndex((c) => c?.readinessProbe);
  if (i < 0) return undefined;
  const pr = t.running[i].readinessProbe;
  const raw = pr.httpGet?.port ?? pr.tcpSocket?.port ?? pr.grpc?.port;
  const port = typeof raw === 'number' ? raw : targetIn(t, raw)?.containerPort;
  return { container: t.running[i].name, containerIndex: i, port, path: pr.httpGet?.path };
}

/** The app whose selector selects each pod template. */
function appsOfPods(pods: Pods, specs: readonly AppSpec[]): Map<PodTemplate, AppSpec> {
  const out = new Map<PodTemplate, AppSpec>();
  for (const a of specs)
    for (const t of pods.selected(a.namespace, a.selector as Record<string, string>)) if (!out.has(t)) out.set(t, a);
  return out;
}

/**
 * CT-K8S-021: the health checks the load balancers make were derived from the readiness probe (annotations,
 * Terraform `health_check`, GKE and Azure policies): the probe as written still checks that port and path. A
 * patched probe path or a renumbered probed port would leave every load balancer checking the old endpoint.
 */
function checkDerivedHealthChecks(f: Findings, pods: Pods, apps: ReadonlyMap<PodTemplate, AppSpec>): void {
  for (const t of pods.all) {
    const app = apps.get(t);
    if (!app || app.exposures.length === 0) continue;
    const derived = app.exposures.flatMap((e) =>
      e.traits.fronts.flatMap((fr) => fr.healthChecks.filter((h) => h.source === 'readiness').map((h) => ({ e, h }))),
    );
    if (derived.length === 0) continue;
    const probe = readinessOf(t);
    if (!probe) continue;
    for (const { e, h } of derived) {
      // A gRPC or TCP probe has no path: its health check's path (gRPC's health service) is the load balancer's.
      if (h.port === probe.port && (h.path === undefined || probe.path === undefined || h.path === probe.path))
        continue;
      f.add(
        t.index,
        `spec.template.spec.containers[${probe.containerIndex}].readinessProbe`,
        { port: probe.port, path: probe.path },
        `is not the endpoint the health checks of exposure "${e.name}" were derived from (port ${h.port}${h.path !== undefined ? `, path ${h.path}` : ''}): its load balancer would keep checking the old one`,
        'change the readiness probe in the definition (`readiness: Probe.httpGet(...)`), not by a patch, so every health check follows it',
        'CT-K8S-021',
      );
    }
  }
}

/**
 * A health check a written object declares (an annotation, a GKE HealthCheckPolicy, an AWS TargetGroupConfiguration),
 * and the Services it checks.
 */
interface WrittenHealthCheck {
  readonly field: string;
  readonly path?: string;
  readonly port?: number;
  readonly services: string[];
  /** Instance targets: `port` is a node port, which a Service maps to a pod port. */
  readonly nodePort?: boolean;
}

/** A port written as a number or a string of digits. */
const num = (v: unknown): number | undefined =>
  typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : undefined;

function writtenHealthCheck(o: Json): WrittenHealthCheck | undefined {
  const a = mapOf(o?.metadata?.annotations);
  if (o?.kind === 'Ingress' && a['alb.ingress.kubernetes.io/healthcheck-path'] !== undefined) {
    const services = [
      o.spec?.defaultBackend,
      ...list(o.spec?.rules).flatMap((r) => list(r?.http?.paths).map((p) => p?.backend)),
    ].flatMap((b) => (b?.service?.name ? [b.service.name as string] : []));
    return {
      field: 'metadata.annotations.alb.ingress.kubernetes.io/healthcheck-path',
      path: a['alb.ingress.kubernetes.io/healthcheck-path'],
      port: num(a['alb.ingress.kubernetes.io/healthcheck-port']),
      services,
      nodePort: a['alb.ingress.kubernetes.io/target-type'] === 'instance',
    };
  }
  const nlb = 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path';
  if (o?.kind === 'Service' && a[nlb] !== undefined)
    return { field: `metadata.annotations.${nlb}`, path: a[nlb], services: [o.metadata?.name] };
  const tgc = o?.kind === 'TargetGroupConfiguration' ? o.spec?.defaultConfiguration?.healthCheckConfig : undefined;
  if (tgc?.healthCheckPath !== undefined && typeof o.spec?.targetReference?.name === 'string')
    return {
      field: 'spec.defaultConfiguration.healthCheckConfig',
      path: tgc.healthCheckPath,
      port: num(tgc.healthCheckPort),
      services: [o.spec.targetReference.name],
    };
  if (o?.kind === 'HealthCheckPolicy' && o.spec?.targetRef?.kind === 'Service') {
    const cfg = o.spec?.default?.config ?? {};
    const http = cfg.httpHealthCheck ?? cfg.httpsHealthCheck ?? cfg.http2HealthCheck;
    if (!http) return undefined;
    return {
      field: 'spec.default.config',
      path: http.requestPath,
      port: num(http.port),
      services: [o.spec.targetRef.name],
    };
  }
  return undefined;
}

/** The pod port behind a node port: the target of the Service port (of a Service selecting the pods) that opens it. */
function podPortOfNodePort(services: readonly Json[], t: PodTemplate, nodePort: number): number | undefined {
  for (const s of services) {
    const sp = list(s?.spec?.ports).find((p) => p?.nodePort === nodePort);
    if (!sp) continue;
    const target = sp.targetPort ?? sp.port;
    return typeof target === 'number' ? target : targetIn(t, target)?.containerPort;
  }
  return undefined;
}

/**
 * CT-K8S-022: a health check written on an object (an ALB or NLB annotation, added with `addAnnotation` too, a
 * GKE HealthCheckPolicy) checks the path (and fixed port) of the readiness probe of the pods behind it, unless
 * the app overrides its health check with a reason (`HealthCheck.override`).
 */
function checkWrittenHealthChecks(
  f: Findings,
  pods: Pods,
  apps: ReadonlyMap<PodTemplate, AppSpec>,
  written: readonly [number, WrittenHealthCheck][],
): void {
  const byName = new Map<string, Json>();
  // The Services of each namespace, indexed once (not filtered from every object for each health check).
  const byNamespace = new Map<string, Json[]>();
  for (const s of f.objects) {
    if (s?.kind !== 'Service') continue;
    byName.set(`${namespaceOf(s)}/${s.metadata?.name}`, s);
    const inNs = byNamespace.get(namespaceOf(s));
    if (inNs) inNs.push(s);
    else byNamespace.set(namespaceOf(s), [s]);
  }
  for (const [i, hc] of written) {
    const o = f.objects[i];
    const services = hc.services.flatMap((n) => byName.get(`${namespaceOf(o)}/${n}`) ?? []);
    for (const t of services.flatMap((s) => selectedBy(s, pods))) {
      const app = apps.get(t);
      const overridden = app?.exposures.some((e) =>
        e.traits.fronts.some((fr) => fr.healthChecks.some((h) => h.source === 'override')),
      );
      const probe = readinessOf(t);
      if (overridden || !probe || probe.path === undefined) continue;
      const port =
        hc.nodePort && hc.port !== undefined
          ? (podPortOfNodePort(
              (byNamespace.get(namespaceOf(o)) ?? []).filter((s) => selectedBy(s, pods).includes(t)),
              t,
              hc.port,
            ) ?? hc.port)
          : hc.port;
      if (hc.path === probe.path && (port === undefined || port === probe.port)) continue;
      f.add(
        i,
        hc.field,
        { path: hc.path, ...(hc.port !== undefined ? { port: hc.port } : {}) },
        `checks another endpoint than the readiness probe of ${t.object} (port ${probe.port}, path ${probe.path}): the load balancer would take pods in and out of service by another signal than the kubelet`,
        "remove the patched health check (it is derived from the readiness probe), or use the exposure's `healthCheck: HealthCheck.override({ ..., reason })`",
        'CT-K8S-022',
      );
    }
  }
}

/** The health checks along the path, against the readiness probes of the pods behind them. */
export function checkHealthJoins(f: Findings, pods: Pods, context: WrittenContext): void {
  const written: [number, WrittenHealthCheck][] = [];
  f.objects.forEach((o, i) => {
    const hc = writtenHealthCheck(o);
    if (hc) written.push([i, hc]);
  });
  const derives = context.specs.some((a) =>
    a.exposures.some((e) => e.traits.fronts.some((fr) => fr.healthChecks.some((h) => h.source === 'readiness'))),
  );
  // Nothing to join (no health check derived from a probe, none written): no index of the pods' apps to build.
  if (!derives && written.length === 0) return;
  const apps = appsOfPods(pods, context.specs);
  if (derives) checkDerivedHealthChecks(f, pods, apps);
  if (written.length > 0) checkWrittenHealthChecks(f, pods, apps, written);
}
