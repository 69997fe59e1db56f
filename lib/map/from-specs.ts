import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { ExposureSpec } from '../model/exposure/exposure';
import type { WrittenObject } from '../model/exposure/traits';
import { ALB_FORWARD_SPLIT } from '../model/aws/forward-weights';
import { childId, GraphBuilder, mapId, TrafficGraph, weightLabel } from './graph';
import { observedOnPods } from './observe-facts';
import { deliveryOnPods } from './delivery-facts';
import {
  checkLines,
  ExposureDrawings,
  healthCheck,
  hostLine,
  imageTag,
  IN_CLUSTER,
  INTERNET,
  meshSource,
  nsGroup,
  peer,
  podsId,
  reachSource,
  readiness,
  source,
  stickyLines,
  svcId,
  toAllPods,
  unique,
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
 * The declared calls (`calls`): an edge from the caller's pods to the callee's Service, labelled with the ports
 * called. A callee of another chart is drawn as its Service alone (after every app, so a callee of this chart
 * keeps its own drawing).
 */
function addCalls(g: GraphBuilder, app: AppSpec): void {
  for (const c of app.calls ?? []) {
    const callee = { namespace: c.namespace } as AppSpec;
    g.group({ id: nsGroup(callee), label: `namespace ${c.namespace}`, details: [] });
    const to = g.node({
      id: svcId(callee, c.serviceName),
      kind: 'service',
      group: nsGroup(callee),
      title: `Service ${c.serviceName}`,
      details: [`app ${c.app} (another chart)`],
    });
    const label = `calls :${c.servicePorts.map((p) => p.name ?? p.port).join(', :')}`;
    for (const v of app.versions) g.edge({ from: podsId(app, v), to, label });
  }
}

/** The app's Services and pods, inside its namespace and network policy groups. */
function addApp(g: GraphBuilder, app: AppSpec): void {
  g.group({ id: nsGroup(app), label: `namespace ${app.namespace}`, details: [] });
  const policy = app.dataplane?.policy;
  let podGroup = nsGroup(app);
  if (policy) {
    const kind = app.dataplane?.kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
    const admits = policy.ingress.map((r) => `${peer(r.from)} :${r.ports.map((p) => p.port).join(',')}`);
    podGroup = g.group({
      id: mapId('policy', app.namespace, policy.name),
      parent: nsGroup(app),
      label: `${kind} ${policy.name}: default deny`,
      details: admits.length > 0 ? unique(admits).map((a) => `admits ${a}`) : ['admits nothing'],
    });
  }
  const service = app.service;
  if (service) {
    const ports = service.ports.map((p) => `:${p.port} -> ${p.target.port}`).join(', ');
    g.node({
      id: svcId(app, service.name),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${service.name}`,
      details: [
        `${service.type}${service.headless ? ' headless' : ''} ${ports}`,
        ...madeBy(app, 'Service', service.name),
      ],
    });
  }
  for (const v of app.versions) {
    g.node({
      id: podsId(app, v),
      kind: 'pods',
      group: podGroup,
      title: `${v.version ? `${v.version}: ` : ''}${v.external ? 'pods deployed elsewhere' : `${app.workloadKind} ${v.deploymentName}`}`,
      details: v.external
        ? [
            `selected by ${Object.entries(v.selector)
              .map(([k, x]) => `${k}=${x}`)
              .join(', ')}`,
            'not written or probed from here',
          ]
        : [
            `${v.replicas} ${v.replicas === 1 ? 'replica' : 'replicas'}${app.autoscaling && v.stable ? ' (autoscaled)' : ''}, ${imageTag(v.image)}`,
            readiness(app.container.readiness, app.container.readinessWaiver),
            ...observedOnPods(app),
            ...deliveryOnPods(app),
          ],
    });
    if (v.serviceName) {
      g.node({
        id: svcId(app, v.serviceName),
        kind: 'service',
        group: nsGroup(app),
        title: `Service ${v.serviceName}`,
        details: [`version ${v.version}`],
      });
      g.edge({ from: svcId(app, v.serviceName), to: podsId(app, v) });
    } else if (service) g.edge({ from: svcId(app, service.name), to: podsId(app, v) });
  }
  addDeliveryServices(g, app);
  // A StatefulSet's governing headless Service (pod DNS names), when it is not the app's own Service.
  const stateful = app.stateful;
  if (stateful?.writesGoverningService) {
    const id = g.node({
      id: svcId(app, stateful.serviceName),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${stateful.serviceName}`,
      details: [`headless, governs the StatefulSet (pod DNS names)`],
    });
    for (const v of app.versions) g.edge({ from: id, to: podsId(app, v), label: 'pod DNS' });
  }
  // The app Service selects the pods of every version: drawn only when nothing else does.
  if (service && app.versions.length > 1 && app.exposures.length === 0) {
    for (const v of app.versions)
      g.edge({ from: svcId(app, service.name), to: podsId(app, v), label: 'every version' });
  }
  // An app without exposures is reached in the cluster only, through its Service.
  if (service && app.exposures.length === 0) g.edge({ from: source(g, IN_CLUSTER), to: svcId(app, service.name) });
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

/** From a box to the pods of each version: by the written weights, the canary header first, or by ready pods. */
function splitToPods(g: GraphBuilder, app: AppSpec, e: ExposureSpec, front: string): void {
  const tr = e.traits;
  const split = tr.split;
  if (split.by !== 'weight' || app.versions.length < 2) {
    toAllPods(g, app, front);
    return;
  }
  const weights = writtenSplit(
    app.versions.map((v) => v.weight),
    split,
  );
  const header = app.traffic.canaryHeader;
  if (tr.routesCanaryHeader && header)
    g.edge({ from: front, to: podsId(app, app.versions[1]), label: `header ${header.name}: ${header.value}` });
  app.versions.forEach((v, i) => {
    const w = weightLabel(weights.weights[i], weights.total);
    g.edge({ from: front, to: podsId(app, v), label: w.label, percent: w.percent });
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

/** `made by Flagger` when the delivery's controller makes the object instead of the library. */
function madeBy(app: AppSpec, kind: string, name: string): string[] {
  const d = app.delivery;
  const made = d?.objects.some((o) => o.owner === 'controller' && o.kind === kind && o.name === name);
  return made ? [`made by ${d!.controllerLabel} (not written by the library)`] : [];
}

/** Argo Rollouts' stable and canary Services (their selectors get the pod template hash at run time) -> the pods. */
function addDeliveryServices(g: GraphBuilder, app: AppSpec): void {
  for (const [role, name] of Object.entries(app.delivery?.services ?? {})) {
    g.node({
      id: svcId(app, name),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${name}`,
      details: [`${role} pods (Argo Rollouts adds rollouts-pod-template-hash)`],
    });
    g.edge({ from: svcId(app, name), to: podsId(app, app.versions[0]) });
  }
}
