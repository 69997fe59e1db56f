import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { ExposureSpec } from '../model/exposure/exposure';
import type { ExposureTraits, FrontSource } from '../model/exposure/traits';
import { appVersionBackends } from '../model/exposure/service-backend';
import { weightLabel } from './graph';
import { peer, readiness, unique, writtenSplit } from './canvas';
import { ObservedLine, observeFacts } from './observe-facts';
import { TARGET_FEATURES, TargetId } from '../model/targets/target-table';
import { targetNeeds } from '../model/targets/target-needs';
import { targetsText } from '../model/targets/targets-spec';
import { chainRows } from './chain';
import { DeliveryLine, deliveryFacts } from './delivery-facts';

/** One exposure as the synth summary lists it. */
export interface ExposureFacts {
  /** E.g. `HTTPRoute inference`, `ALB ai-inference (Terraform)`. */
  readonly what: string;
  readonly hosts: readonly string[];
  /** E.g. `v1 99% (99/100), v2 1% (1/100)`; undefined when the exposure does not split. */
  readonly weights?: string;
  /** Where the health checks of this way in come from, one line each. */
  readonly healthChecks: readonly string[];
}

/** Something the output needs installed in the cluster (or of the cluster), with why. */
export interface Requirement {
  readonly what: 'crds' | 'controller' | 'kubernetes';
  /** E.g. `Gateway API CRDs, experimental channel`, `AWS Load Balancer Controller`. */
  readonly name: string;
  /** Minimum version, when the output depends on one. */
  readonly minVersion?: string;
  readonly why: string;
  /** The target it is checked against (docs/targets.md), when it is one. */
  readonly target?: TargetId;
}

/** What the synth summary says about one app (renderers and rules aside, read from its spec only). */
export interface AppFacts {
  readonly exposures: readonly ExposureFacts[];
  /** Layer -> its timeouts, e.g. `['mesh (Istio)', 'request none, retries 2x 502']`. */
  readonly timeouts: readonly (readonly [string, string])[];
  readonly requirements: readonly Requirement[];
  /** What is observed where (`observe`): layer, signal, alerts. */
  readonly observed?: readonly ObservedLine[];
  /** The targets the app is written for, with what they imply (`targetsText`). */
  readonly targets?: readonly string[];
  /** The progressive delivery (`delivery`): controller, steps, analysis, each object's owner. */
  readonly delivery?: readonly DeliveryLine[];
}

/**
 * The synth summary's facts of one app, read from the exposures' traits (label, split, canary header,
 * fronts and their health checks, settings, mesh, objects, hosts, what it requires).
 * `plans` are the chart's Terraform load balancers (their target group bindings need `targetGroupName`).
 */
export function appFacts(app: AppSpec, plans: readonly LoadBalancerPlan[]): AppFacts {
  const exposures: ExposureFacts[] = [];
  const req: Requirement[] = [];
  const timeouts: [string, string][] = [];
  const endpoints = `pods leave the endpoints when their ${readiness(app.container.readiness, app.container.readinessWaiver)} fails`;
  for (const e of app.exposures) {
    const tr = e.traits;
    const checks = tr.fronts.flatMap((f) =>
      f.healthChecks.map(
        (h) =>
          `${sourceName(f.from)} checks ${h.path ? `GET ${h.path} ` : 'TCP '}:${h.port} (${h.source === 'readiness' ? 'from readiness' : 'override'})`,
      ),
    );
    exposures.push({
      what: tr.label,
      hosts: unique(e.traits.hosts.flatMap((h) => (h.host !== undefined ? [h.host] : []))),
      weights: splitOf(app, tr),
      healthChecks: unique(checks.length > 0 ? checks : [endpoints]),
    });
    const layer = timeoutsOf(app, tr);
    if (layer) timeouts.push([tr.label, layer]);
    const planned = plans.some((p) => p.members.some((m) => m.exposure === (e as unknown)));
    req.push(...requirementsOf(app, e).filter((r) => !(planned && r.name === 'AWS Load Balancer Controller')));
  }
  for (const plan of plans.filter((p) => p.members.some((m) => m.app === app))) {
    req.push({
      what: 'controller',
      name: 'AWS Load Balancer Controller',
      minVersion: TARGET_FEATURES.targetGroupName.since,
      why: `TargetGroupBindings name their target groups by targetGroupName (${plan.name})`,
      target: 'awsLoadBalancerController',
    });
  }
  if (app.dataplane?.kind === 'cilium')
    req.push({
      what: 'controller',
      name: 'Cilium (Helm chart cilium/cilium)',
      why: 'CiliumNetworkPolicy',
      target: 'cilium',
    });
  const a = app.availability;
  timeouts.push([
    'pods',
    `preStop drain ${a.drainSeconds}s, shutdown ${a.shutdownSeconds}s, grace period ${a.gracePeriodSeconds}s`,
  ]);
  for (const n of targetNeeds(app).filter((x) => x.target === 'kubernetes'))
    req.push({ what: 'kubernetes', name: 'Kubernetes', minVersion: n.minVersion, why: n.why, target: 'kubernetes' });
  timeouts.push(...chainRows(app));
  if (a.drainSeconds > 0)
    req.push({ what: 'kubernetes', name: 'Kubernetes', minVersion: '1.30', why: 'preStop sleep action' });
  if ((app.sidecars ?? []).length > 0)
    req.push({
      what: 'kubernetes',
      name: 'Kubernetes',
      minVersion: '1.29',
      why: 'native sidecars (init containers with restartPolicy Always)',
    });
  if (app.service?.trafficDistribution)
    req.push({ what: 'kubernetes', name: 'Kubernetes', minVersion: '1.31', why: 'Service trafficDistribution' });
  const observed = observeFacts(app, plans);
  req.push(...observed.requirements);
  const delivery = deliveryFacts(app);
  req.push(...delivery.requirements);
  return {
    exposures,
    timeouts,
    requirements: req,
    ...(observed.lines.length ? { observed: observed.lines } : {}),
    targets: targetsText(app.targets, ['kubernetes', ...targetNeeds(app).map((n) => n.target)]),
    ...(delivery.lines.length ? { delivery: delivery.lines } : {}),
  };
}

/**
 * The split an exposure makes, from its split trait and the app's per-version backend list: the integer weights
 * written within its limits, or by ready pods.
 */
function splitOf(app: AppSpec, tr: ExposureTraits): string | undefined {
  const backends = appVersionBackends(app);
  if (backends.length < 2) return undefined;
  if (tr.split.by === 'pods') return 'by ready pods (the Service selects every version)';
  const w = writtenSplit(
    backends.map((b) => b.share),
    tr.split,
  );
  const split =
    backends.map((b, i) => `${b.version} ${weightLabel(w.weights[i], w.total).label}`).join(', ') +
    (w.exact
      ? ''
      : ` (not exact: ${backends.map((b) => `${b.share}%`).join('/')} declared, everything written to the stable version)`);
  const header = app.traffic.canaryHeader;
  const canary = backends.find((b) => !b.stable);
  return `${split}${tr.routesCanaryHeader && header ? `; header ${header.name}: ${header.value} -> ${canary?.version}` : ''}`;
}

/** The timeouts a layer owns (its settings trait), and the policy's request timeout and retries where it writes them. */
function timeoutsOf(app: AppSpec, tr: ExposureTraits): string | undefined {
  const names: Record<string, string> = {
    idleTimeoutSeconds: 'idle',
    deregistrationDelaySeconds: 'deregistration',
    requestTimeoutSeconds: 'request',
  };
  const parts = tr.settings.filter((x) => names[x.name]).map((x) => `${names[x.name]} ${x.value}s`);
  if (tr.requestTimeout?.written && !tr.settings.some((x) => x.name === 'requestTimeoutSeconds'))
    parts.push(
      `request ${app.traffic.requestTimeoutSeconds !== undefined ? `${app.traffic.requestTimeoutSeconds}s` : 'none'}`,
    );
  const r = app.traffic.retry;
  if (tr.retries?.written && r)
    parts.push(
      `${r.attempts} retries on ${r.on.join(',')}${r.perTryTimeoutSeconds ? ` (${r.perTryTimeoutSeconds}s each)` : ''}`,
    );
  return parts.length > 0 ? unique(parts).join(', ') : undefined;
}

/** What an exposure needs installed, from its traits: the objects it writes, what fronts the pods, its mesh. */
function requirementsOf(app: AppSpec, e: ExposureSpec): Requirement[] {
  const tr = e.traits;
  const out: Requirement[] = [];
  const gatewayApi = tr.objects.filter((o) =>
    /^(HTTPRoute|GRPCRoute|TCPRoute|UDPRoute|Gateway|GatewayClass)$/.test(o.kind),
  );
  if (gatewayApi.length > 0) {
    const channel = app.traffic.gatewayApiChannel ?? 'standard';
    // TCPRoute and UDPRoute are v1 (standard channel) from Gateway API 1.6.
    const l4 = gatewayApi.some((o) => o.kind === 'TCPRoute' || o.kind === 'UDPRoute');
    out.push({
      what: 'crds',
      name: `Gateway API CRDs, ${channel} channel`,
      minVersion: TARGET_FEATURES[l4 ? 'gatewayApiL4Routes' : 'gatewayApiRoutes'].since,
      why: `${tr.label}${channel === 'experimental' ? ' (experimental fields, e.g. retry)' : ''}`,
      target: 'gatewayApi',
    });
  }
  for (const f of tr.fronts) {
    if (f.from.kind === 'aws-load-balancer')
      out.push({
        what: 'controller',
        name: 'AWS Load Balancer Controller',
        why: tr.label,
        target: 'awsLoadBalancerController',
      });
    if (f.from.kind === 'proxy' && f.from.className === 'cilium')
      out.push({
        what: 'controller',
        name: 'Cilium (Helm chart cilium/cilium)',
        why: `${f.from.classKind === 'GatewayClass' ? 'gatewayAPI.enabled' : 'ingressController.enabled'} for ${tr.label}`,
        target: 'cilium',
      });
    else if (f.from.kind === 'proxy' && f.from.className)
      out.push({ what: 'controller', name: `${f.from.classKind} ${f.from.className} controller`, why: tr.label });
  }
  for (const r of tr.requires ?? [])
    out.push({
      what: 'controller',
      name: r.name,
      ...(r.minVersion ? { minVersion: r.minVersion } : {}),
      why: `${r.why} for ${tr.label}`,
      ...(r.target ? { target: r.target } : {}),
    });
  if (tr.mesh)
    out.push({
      what: 'controller',
      name: tr.mesh.mesh === 'istio' ? 'Istio' : tr.mesh.mesh === 'linkerd' ? 'Linkerd' : tr.mesh.mesh,
      why: `${tr.label}${tr.mesh.sidecar ? ', sidecar injection' : ''}`,
      ...(tr.mesh.mesh === 'istio' || tr.mesh.mesh === 'linkerd' ? { target: tr.mesh.mesh } : {}),
    });
  return out;
}

/** Who connects to the pods, as the summary names it. */
function sourceName(f: FrontSource): string {
  switch (f.kind) {
    case 'aws-load-balancer':
      return 'the AWS load balancer';
    case 'proxy':
      return f.what;
    case 'nodes':
      return 'the nodes';
    case 'forwarding-nodes':
      return 'forwarding nodes';
    case 'mesh-clients':
      return 'mesh clients';
    case 'peer':
      return peer(f.peer);
  }
}
