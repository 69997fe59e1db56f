import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { ExposureSpec } from '../model/exposure/exposure';
import type { WrittenObject } from '../model/exposure/traits';
import { ALB_FORWARD_SPLIT } from '../model/aws/forward-weights';
import { childId, GraphBuilder, mapId, TrafficGraph, weightLabel } from './graph';
import { appVersionBackends } from '../model/exposure/service-backend';
import { addApp, addCalls } from './workload-drawing';
import {
  checkLines,
  ExposureDrawings,
  healthCheck,
  hostLine,
  INTERNET,
  meshSource,
  nsGroup,
  podsId,
  reachSource,
  source,
  stickyLines,
  svcId,
  toAllPods,
  VPC,
  writtenSplit,
} from './canvas';

export { appFacts } from './facts';
export type { AppFacts, ExposureFacts, Requirement } from './facts';
export { healthCheck, readiness } from './canvas';
export type { ExposureDrawing, ExposureDrawings } from './canvas';

/**
 * The one place that reads resolved specs for the map: every app, its exposures and the Terraform load
 * balancer plan become nodes and edges here; the renderers only see the `TrafficGraph`. An exposure is drawn
 * by the drawing of its kind when `drawings` has one (the built-in kinds': `BUILT_IN_MAP_DRAWINGS`), else from
 * its traits; an exposure a load balancer plan holds is drawn from the plan (shared load balancers once).
 *
 * ```ts
 * const graph = trafficGraph('inference', chart.specs, planLoadBalancers(chart.specs).plans, BUILT_IN_MAP_DRAWINGS);
 * ```
 */
export function trafficGraph(
  title: string,
  apps: readonly AppSpec[],
  plans: readonly LoadBalancerPlan[],
  drawings: ExposureDrawings = {},
): TrafficGraph {
  const g = new GraphBuilder();
  const planned = new Set<unknown>(plans.flatMap((p) => p.members.map((m) => m.exposure)));
  for (const app of apps) {
    addApp(g, app);
    app.exposures.forEach((e, i) => {
      if (planned.has(e)) return;
      const base = mapId('x', app.namespace, app.name, i);
      const draw = Object.prototype.hasOwnProperty.call(drawings, e.kind) ? drawings[e.kind] : undefined;
      if (draw) draw(g, app, e, base);
      else addByTraits(g, app, e, base);
    });
  }
  for (const plan of plans) addPlan(g, plan);
  for (const app of apps) addCalls(g, app);
  return g.build(title);
}

/**
 * A kind without a drawing of its own (a cloud's, a user's): from its traits. Who can reach it (`reach`) ->
 * the Gateways it writes -> its box (label, hosts, health checks) -> the Services it writes -> the pods, split as
 * its `split` trait says.
 */
function addByTraits(g: GraphBuilder, app: AppSpec, e: ExposureSpec, base: string): void {
  const tr = e.traits;
  const front = g.node({
    id: childId(base, e.kind),
    kind: 'front',
    group: nsGroup(app),
    title: tr.label,
    details: [
      ...(tr.hosts.length > 0 ? [hostLine(tr.hosts)] : []),
      ...tr.fronts.flatMap((f) =>
        f.healthChecks.map(
          (h) =>
            `health check ${h.path ? `GET ${h.path} ` : 'TCP '}:${h.port} (${h.source === 'readiness' ? 'from readiness' : 'override'})`,
        ),
      ),
    ],
  });
  const fromMesh = tr.mesh ?? (tr.fronts.some((f) => f.from.kind === 'mesh-clients') ? { mesh: 'mesh' } : undefined);
  const from = fromMesh ? meshSource(g, fromMesh.mesh) : reachSource(g, tr.reach);
  const gateways = tr.objects.filter((o) => o.kind === 'Gateway').map((o) => objectNode(g, app, o));
  for (const gw of gateways) g.edge({ from, to: gw });
  for (const gw of gateways.length > 0 ? gateways : [from]) g.edge({ from: gw, to: front });
  // The Services it writes besides its LoadBalancer Service (which is the box itself), e.g. a NEG Service.
  const services = tr.objects.filter(
    (o) => o.kind === 'Service' && o.name !== tr.loadBalancerService?.name && o.name !== app.service?.name,
  );
  if (services.length > 0) {
    for (const s of services) {
      const id = objectNode(g, app, s);
      g.edge({ from: front, to: id, label: '100%', percent: 100 });
      toAllPods(g, app, id);
    }
    return;
  }
  splitToPods(g, app, e, front);
}

/** A Gateway or Service an exposure writes, as a box in its namespace. */
function objectNode(g: GraphBuilder, app: AppSpec, o: WrittenObject): string {
  const ns = o.namespace ?? app.namespace;
  const service = o.kind === 'Service';
  return g.node({
    id: mapId(service ? 'svc' : 'gw', ns, o.name),
    kind: service ? 'service' : 'front',
    title: `${o.kind} ${o.name}`,
    group: g.group({ id: mapId('ns', ns), label: `namespace ${ns}`, details: [] }),
    details: [`written for ${o.field}`],
  });
}

/**
 * From a box to the pods of each version, from the app's per-version backend list: by the written weights, the
 * canary header first, or by ready pods.
 */
function splitToPods(g: GraphBuilder, app: AppSpec, e: ExposureSpec, front: string): void {
  const tr = e.traits;
  const split = tr.split;
  const backends = appVersionBackends(app);
  if (split.by !== 'weight' || backends.length < 2) {
    toAllPods(g, app, front);
    return;
  }
  const weights = writtenSplit(
    backends.map((b) => b.share),
    split,
  );
  const header = app.traffic.canaryHeader;
  const canary = backends.find((b) => !b.stable);
  if (tr.routesCanaryHeader && header && canary)
    g.edge({ from: front, to: podsId(app, canary.workloadName), label: `header ${header.name}: ${header.value}` });
  backends.forEach((b, i) => {
    const w = weightLabel(weights.weights[i], weights.total);
    g.edge({ from: front, to: podsId(app, b.workloadName), label: w.label, percent: w.percent });
  });
}

/** One Terraform load balancer: listeners -> rules -> target groups -> the Services their bindings name. */
function addPlan(g: GraphBuilder, plan: LoadBalancerPlan): void {
  const s = plan.settings;
  const alb = s.type === 'application';
  const tls = plan.certificateArns.length
    ? `TLS ${plan.certificateArns.length} certificate(s)`
    : plan.acmNames.length
      ? `TLS ACM ${plan.acmNames.join(', ')}`
      : undefined;
  const front = g.node({
    id: mapId('lb', plan.name),
    kind: 'front',
    title: `${alb ? 'ALB' : 'NLB'} ${plan.name} (Terraform)`,
    details: [
      `${s.internal ? 'internal' : 'internet-facing'}, ${s.listenerProtocol} ${s.listenerPort}${s.redirectHttp ? ' (80 redirects)' : ''}`,
      ...(tls ? [tls, s.sslPolicy] : []),
      alb ? `idle timeout ${s.idleTimeoutSeconds}s` : `TCP idle timeout ${s.tcpIdleTimeoutSeconds ?? 350}s`,
    ],
  });
  g.edge({ from: source(g, s.internal ? VPC : INTERNET), to: front });
  const tgId = (name: string) => mapId('tg', name);
  for (const { member, targetGroup: tg } of plan.targetGroups) {
    g.node({
      id: tgId(tg.name),
      kind: 'target-group',
      title: `Target group ${tg.name}`,
      details: [
        `${tg.protocol}${tg.protocolVersion ? `/${tg.protocolVersion}` : ''} :${tg.port}, deregistration ${tg.deregistrationDelaySeconds}s`,
        ...stickyLines(tg.stickiness),
        ...checkLines(healthCheck(tg.healthCheck)),
      ],
    });
    g.edge({ from: tgId(tg.name), to: svcId(member.app, tg.serviceName), label: 'TargetGroupBinding' });
  }
  const forward = (from: string, member: LoadBalancerPlan['members'][number], canary: boolean) => {
    const tgs = member.exposure.targetGroups;
    if (canary) {
      g.edge({ from, to: tgId(tgs[1].name), label: 'canary header: 100%', percent: 100 });
      return;
    }
    const written = writtenSplit(
      tgs.map((t) => t.share),
      ALB_FORWARD_SPLIT,
    );
    for (const [i, tg] of tgs.entries()) {
      const w = tgs.length === 1 ? { label: '100%', percent: 100 } : weightLabel(written.weights[i], written.total);
      g.edge({ from, to: tgId(tg.name), label: w.label, percent: w.percent });
    }
  };
  if (!alb) {
    for (const m of plan.members) forward(front, m, false);
    return;
  }
  for (const r of plan.rules) {
    const id = g.node({
      id: mapId('lb', plan.name, 'rule', r.priority),
      kind: 'rule',
      title: `Listener rule ${r.priority}`,
      details: [
        `host ${r.hosts.length ? r.hosts.join(', ') : '(any)'}`,
        ...(r.paths.length ? [`path ${r.paths.join(', ')}`] : []),
        ...(r.canaryHeader ? [`header ${r.canaryHeader.name}: ${r.canaryHeader.value}`] : []),
      ],
    });
    g.edge({ from: front, to: id });
    forward(id, r.member, r.canaryHeader !== undefined);
  }
  if (plan.defaultMember) {
    const id = g.node({
      id: mapId('lb', plan.name, 'default'),
      kind: 'rule',
      title: 'Default action',
      details: ['every other host and path'],
    });
    g.edge({ from: front, to: id });
    forward(id, plan.defaultMember, false);
  }
}
