import type { AppSpec, VersionSpec } from '../model/app-spec';
import type { HealthCheckSpec } from '../model/aws/health-check';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { PolicyPeerSpec } from '../model/dataplane/dataplane-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import type { ExposureTraits, FrontSource } from '../model/exposure/traits';
import { ALB_FORWARD_SPLIT } from '../model/aws/forward-weights';
import type { StickinessSpec } from '../model/aws/stickiness';
import { GATEWAY_API_SPLIT } from '../model/exposure/gateway-route';
import type { GatewayRouteSpec, RouteRuleSpec } from '../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../model/exposure/ingress';
import type { IstioMeshSpec } from '../model/exposure/istio-mesh';
import type { LbIpamServiceSpec } from '../model/exposure/lb-ipam-service';
import type { LoadBalancerServiceSpec } from '../model/exposure/load-balancer-service';
import type { ProbeSpec } from '../model/workload/probe';
import { WeightLimits, writtenWeights } from '../model/traffic/weights';
import { GraphBuilder, TrafficGraph, weightLabel } from './graph';

/**
 * The one place that reads resolved specs for the map: every exposure kind and the Terraform load
 * balancer plan become nodes and edges here; the renderers only see the `TrafficGraph`.
 *
 * ```ts
 * const graph = trafficGraph('inference', chart.specs, planLoadBalancers(chart.specs).plans);
 * ```
 */
export function trafficGraph(
  title: string,
  apps: readonly AppSpec[],
  plans: readonly LoadBalancerPlan[],
): TrafficGraph {
  const g = new GraphBuilder();
  for (const app of apps) addApp(g, app);
  for (const plan of plans) addPlan(g, plan);
  return g.build(title);
}

const INTERNET = 'src-internet';
const VPC = 'src-vpc';
const CLUSTER = 'src-cluster';
const MESH = 'src-mesh';
const IN_CLUSTER = 'src-in-cluster';

/** The callers in a mesh, one source per mesh (`istio`, `linkerd`, ...). */
function meshSource(g: GraphBuilder, mesh: string): string {
  return g.node({
    id: `${MESH}-${mesh}`,
    kind: 'source',
    title: 'Mesh callers',
    details: [`pods with ${mesh} proxies`],
  });
}

function source(g: GraphBuilder, id: string): string {
  const titles: Record<string, [string, string]> = {
    [INTERNET]: ['Internet clients', 'outside the cluster'],
    [VPC]: ['Clients in the VPC', 'internal load balancer'],
    [CLUSTER]: ['Clients', 'reaching the cluster'],
    [IN_CLUSTER]: ['In-cluster clients', 'through the Service'],
  };
  return g.node({ id, kind: 'source', title: titles[id][0], details: [titles[id][1]] });
}

const nsGroup = (app: AppSpec) => `ns-${app.namespace}`;
const svcId = (app: AppSpec, name: string) => `svc-${app.namespace}-${name}`;
const podsId = (app: AppSpec, v: VersionSpec) => `pods-${app.namespace}-${v.deploymentName}`;

/** The app's Services and pods, inside its namespace and network policy groups. */
function addApp(g: GraphBuilder, app: AppSpec): void {
  g.group({ id: nsGroup(app), label: `namespace ${app.namespace}`, details: [] });
  const policy = app.dataplane?.policy;
  let podGroup = nsGroup(app);
  if (policy) {
    const kind = app.dataplane?.kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
    const admits = policy.ingress.map((r) => `${peer(r.from)} :${r.ports.map((p) => p.port).join(',')}`);
    podGroup = g.group({
      id: `policy-${app.namespace}-${policy.name}`,
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
      details: [`${service.type}${service.headless ? ' headless' : ''} ${ports}`],
    });
  }
  for (const v of app.versions) {
    g.node({
      id: podsId(app, v),
      kind: 'pods',
      group: podGroup,
      title: `${v.version ? `${v.version}: ` : ''}Deployment ${v.deploymentName}`,
      details: [
        `${v.replicas} ${v.replicas === 1 ? 'replica' : 'replicas'}${app.autoscaling && v.stable ? ' (autoscaled)' : ''}, ${imageTag(v.image)}`,
        readiness(app.container.readiness, app.container.readinessWaiver),
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
  // The app Service selects the pods of every version: drawn only when nothing else does.
  if (service && app.versions.length > 1 && app.exposures.length === 0) {
    for (const v of app.versions)
      g.edge({ from: svcId(app, service.name), to: podsId(app, v), label: 'every version' });
  }
  // An app without exposures is reached in the cluster only, through its Service.
  if (service && app.exposures.length === 0) g.edge({ from: source(g, IN_CLUSTER), to: svcId(app, service.name) });
  app.exposures.forEach((e, i) => addExposure(g, app, e, i));
}

function addExposure(g: GraphBuilder, app: AppSpec, e: ExposureSpec, index: number): void {
  const base = `x-${app.namespace}-${app.name}-${index}`;
  switch (e.kind) {
    case 'gateway-http-route':
    case 'gateway-grpc-route':
      return addRoute(g, app, e as GatewayRouteSpec, base);
    case 'ingress':
      return addIngress(g, app, e as IngressExposureSpec, base);
    case 'service-lb':
      return addLoadBalancerService(g, app, e as LoadBalancerServiceSpec, base);
    case 'service-lb-ipam':
      return addLbIpam(g, app, e as LbIpamServiceSpec, base);
    case 'istio-mesh':
      return addMesh(g, app, e as IstioMeshSpec, base);
    case 'terraform-lb':
      return; // drawn from the load balancer plan (shared load balancers once)
    default:
      return addByTraits(g, app, e, base);
  }
}

/** A kind the map has no drawing of (a user's own): its label, what fronts the pods, and its split, from its traits. */
function addByTraits(g: GraphBuilder, app: AppSpec, e: ExposureSpec, base: string): void {
  const tr = e.traits;
  const front = g.node({
    id: `${base}-${e.kind}`,
    kind: 'front',
    group: nsGroup(app),
    title: tr.label,
    details: tr.fronts.flatMap((f) =>
      f.healthChecks.map(
        (h) =>
          `health check ${h.path ? `GET ${h.path} ` : 'TCP '}:${h.port} (${h.source === 'readiness' ? 'from readiness' : 'override'})`,
      ),
    ),
  });
  const fromMesh = tr.mesh ?? (tr.fronts.some((f) => f.from.kind === 'mesh-clients') ? { mesh: 'mesh' } : undefined);
  g.edge({ from: fromMesh ? meshSource(g, fromMesh.mesh) : source(g, CLUSTER), to: front });
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

function addRoute(g: GraphBuilder, app: AppSpec, r: GatewayRouteSpec, base: string): void {
  const kind = r.kind === 'gateway-grpc-route' ? 'GRPCRoute' : 'HTTPRoute';
  const parents: string[] = [];
  if (r.gateway) {
    const gw = r.gateway;
    parents.push(
      g.node({
        id: `gw-${gw.namespace}-${gw.name}`,
        kind: 'front',
        title: `Gateway ${gw.name} (class ${gw.className})`,
        group: g.group({ id: `ns-${gw.namespace}`, label: `namespace ${gw.namespace}`, details: [] }),
        details: gw.listeners.map(
          (l) =>
            `${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''}${l.certificateSecrets.length ? `, TLS ${l.certificateSecrets.join(', ')}` : ''}`,
        ),
      }),
    );
  }
  for (const p of r.parentRefs) {
    const ns = p.namespace ?? app.namespace;
    if (r.gateway && p.name === r.gateway.name && ns === r.gateway.namespace) continue;
    parents.push(
      g.node({
        id: `gw-${ns}-${p.name}`,
        kind: 'front',
        title: `Gateway ${p.name}`,
        group: g.group({ id: `ns-${ns}`, label: `namespace ${ns}`, details: [] }),
        details: [`existing${p.sectionName ? `, listener ${p.sectionName}` : ''}`],
      }),
    );
  }
  for (const id of parents) g.edge({ from: source(g, CLUSTER), to: id });
  r.rules.forEach((rule, i) => {
    const ruleId = g.node({
      id: `${base}-rule-${i}`,
      kind: 'rule',
      group: nsGroup(app),
      title: `${kind} ${r.name} rule ${i + 1}`,
      details: [...routeHosts(r.hostnames), ...routeConditions(rule)],
    });
    for (const id of parents) g.edge({ from: id, to: ruleId });
    const written = writtenSplit(
      rule.backends.map((b) => b.share),
      GATEWAY_API_SPLIT,
    );
    for (const [j, b] of rule.backends.entries()) {
      const w =
        rule.canaryHeaderRule || rule.backends.length === 1
          ? { label: rule.canaryHeaderRule ? 'canary header: 100%' : '100%', percent: 100 }
          : weightLabel(written.weights[j], written.total);
      g.edge({ from: ruleId, to: svcId(app, b.serviceName), label: w.label, percent: w.percent });
    }
  });
}

function addIngress(g: GraphBuilder, app: AppSpec, ing: IngressExposureSpec, base: string): void {
  const alb = ing.alb;
  const front = g.node({
    id: `ing-${app.namespace}-${ing.name}`,
    kind: 'front',
    group: nsGroup(app),
    title: `Ingress ${ing.name} (class ${ing.className})`,
    details: [
      ...(alb
        ? [
            `ALB ${alb.scheme}, ${alb.listenPorts.map((l) => `${l.protocol} ${l.port}`).join(', ')}`,
            ...(alb.sslPolicy ? [alb.sslPolicy] : []),
          ]
        : []),
      ...ing.tls.map((t) => `TLS ${t.hosts.join(', ')}${t.secretName ? ` (${t.secretName})` : ''}`),
      ...(alb ? checkLines(healthCheck(alb.healthCheck)) : []),
      ...stickyLines(alb?.stickiness),
    ],
  });
  g.edge({ from: source(g, alb?.scheme === 'internal' ? VPC : alb ? INTERNET : CLUSTER), to: front });
  const actions = new Map(ing.weightedActions.map((a) => [a.name, a]));
  ing.rules.forEach((rule, i) => {
    rule.paths.forEach((p, j) => {
      const action = p.action ? actions.get(p.action) : undefined;
      const header = action?.header ? [`header ${action.header.name}: ${action.header.value}`] : [];
      const ruleId = g.node({
        id: `${base}-rule-${i}-${j}`,
        kind: 'rule',
        group: nsGroup(app),
        title: `Ingress ${ing.name} rule ${i + 1}.${j + 1}`,
        details: [`host ${rule.host ?? '(any)'}`, `path ${p.path} (${p.pathType})`, ...header],
      });
      g.edge({ from: front, to: ruleId });
      if (!action) g.edge({ from: ruleId, to: svcId(app, p.backend.serviceName), label: '100%', percent: 100 });
      else if (action.header)
        for (const t of action.targets)
          g.edge({ from: ruleId, to: svcId(app, t.serviceName), label: 'canary header: 100%', percent: 100 });
      else {
        // As the renderer writes them: the forward action's integer weights.
        const weights = writtenWeights(
          action.targets.map((t) => t.share),
          ALB_FORWARD_SPLIT,
        );
        addWeightedTargets(
          g,
          app,
          ruleId,
          action.targets.map((t, k) => ({ serviceName: t.serviceName, weight: weights[k] })),
        );
      }
    });
  });
  if (ing.defaultBackend) {
    const ruleId = g.node({
      id: `${base}-default`,
      kind: 'rule',
      group: nsGroup(app),
      title: `Ingress ${ing.name} default backend`,
      details: ['every other host and path'],
    });
    g.edge({ from: front, to: ruleId });
    g.edge({ from: ruleId, to: svcId(app, ing.defaultBackend.serviceName), label: '100%', percent: 100 });
  }
}

function addWeightedTargets(
  g: GraphBuilder,
  app: AppSpec,
  from: string,
  targets: readonly { readonly serviceName: string; readonly weight: number }[],
): void {
  const total = targets.reduce((a, t) => a + t.weight, 0);
  for (const t of targets) {
    const w = weightLabel(t.weight, total);
    g.edge({ from, to: svcId(app, t.serviceName), label: w.label, percent: w.percent });
  }
}

function addLoadBalancerService(g: GraphBuilder, app: AppSpec, s: LoadBalancerServiceSpec, base: string): void {
  const scheme = s.scheme;
  const front = g.node({
    id: `${base}-nlb`,
    kind: 'front',
    group: nsGroup(app),
    title: `NLB Service ${s.name} (AWS LB Controller)`,
    details: [
      `${scheme}, ${s.ports.map((p) => `${p.protocol} ${p.port} -> ${p.target.port}`).join(', ')}, targets ${s.targetType}`,
      ...checkLines(healthCheck(s.healthCheck)),
      ...stickyLines(s.stickiness),
      ...(s.sourceRanges.length ? [`from ${s.sourceRanges.join(', ')}`] : []),
    ],
  });
  g.edge({ from: source(g, scheme === 'internet-facing' ? INTERNET : VPC), to: front });
  toAllPods(g, app, front);
}

function addLbIpam(g: GraphBuilder, app: AppSpec, s: LbIpamServiceSpec, base: string): void {
  const front = g.node({
    id: `${base}-lbipam`,
    kind: 'front',
    group: nsGroup(app),
    title: `LoadBalancer Service ${s.name} (Cilium LB IPAM)`,
    details: [
      `${s.ports.map((p) => `${p.protocol} ${p.port} -> ${p.target.port}`).join(', ')}${s.externalTrafficPolicy ? `, externalTrafficPolicy ${s.externalTrafficPolicy}` : ''}`,
      ...(s.sourceRanges.length ? [`from ${s.sourceRanges.join(', ')}`] : []),
    ],
  });
  g.edge({ from: source(g, CLUSTER), to: front });
  toAllPods(g, app, front);
}

/** A LoadBalancer Service selects the pods of every version: traffic splits by ready endpoints. */
function toAllPods(g: GraphBuilder, app: AppSpec, from: string): void {
  for (const v of app.versions)
    g.edge({
      from,
      to: podsId(app, v),
      label: app.versions.length > 1 ? 'by ready pods' : '100%',
      percent: app.versions.length > 1 ? undefined : 100,
    });
}

function addMesh(g: GraphBuilder, app: AppSpec, m: IstioMeshSpec, base: string): void {
  const t = app.traffic;
  const front = g.node({
    id: `${base}-mesh`,
    kind: 'front',
    group: nsGroup(app),
    title: `Istio VirtualService ${m.name}`,
    details: [
      `hosts ${m.hosts.join(', ')}`,
      `timeout ${t.requestTimeoutSeconds !== undefined ? `${t.requestTimeoutSeconds}s` : 'none'}${t.retry ? `, retries ${t.retry.attempts}x on ${t.retry.on.join(',')}` : ''}`,
      ...(t.outlierDetection ? ['outlier detection (DestinationRule)'] : []),
    ],
  });
  g.edge({ from: meshSource(g, m.traits.mesh?.mesh ?? 'istio'), to: front });
  // The sidecars resolve the app Service's host, then pick the pods of each subset (version label).
  const via = app.service ? svcId(app, app.service.name) : front;
  if (app.service) g.edge({ from: front, to: via, label: 'destination host' });
  if (app.versions.length < 2) return;
  const split = m.traits.split;
  const weights =
    split.by === 'weight'
      ? writtenSplit(
          app.versions.map((v) => v.weight),
          split,
        )
      : undefined;
  if (m.traits.routesCanaryHeader && t.canaryHeader)
    g.edge({
      from: via,
      to: podsId(app, app.versions[1]),
      label: `mesh, header ${t.canaryHeader.name}: ${t.canaryHeader.value}`,
    });
  app.versions.forEach((v, i) => {
    const w = weights ? weightLabel(weights.weights[i], weights.total) : { label: `${v.weight}%`, percent: v.weight };
    g.edge({ from: via, to: podsId(app, v), label: `mesh subset ${v.version}: ${w.label}`, percent: w.percent });
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
    id: `lb-${plan.name}`,
    kind: 'front',
    title: `${alb ? 'ALB' : 'NLB'} ${plan.name} (Terraform)`,
    details: [
      `${s.internal ? 'internal' : 'internet-facing'}, ${s.listenerProtocol} ${s.listenerPort}${s.redirectHttp ? ' (80 redirects)' : ''}`,
      ...(tls ? [tls, s.sslPolicy] : []),
      alb ? `idle timeout ${s.idleTimeoutSeconds}s` : `TCP idle timeout ${s.tcpIdleTimeoutSeconds ?? 350}s`,
    ],
  });
  g.edge({ from: source(g, s.internal ? VPC : INTERNET), to: front });
  const tgId = (name: string) => `tg-${name}`;
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
      id: `lb-${plan.name}-rule-${r.priority}`,
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
      id: `lb-${plan.name}-default`,
      kind: 'rule',
      title: 'Default action',
      details: ['every other host and path'],
    });
    g.edge({ from: front, to: id });
    forward(id, plan.defaultMember, false);
  }
}

/** A health check on two lines of a box: what is checked, then how often and where it comes from. */
function checkLines(check: string): string[] {
  const at = check.indexOf(' every ');
  return at < 0 ? [`health check ${check}`] : [`health check ${check.slice(0, at)}`, check.slice(at + 1)];
}

function routeHosts(hosts: readonly string[]): string[] {
  return [`host ${hosts.length ? hosts.join(', ') : '(any)'}`];
}

function routeConditions(rule: RouteRuleSpec): string[] {
  const out: string[] = [];
  for (const m of rule.matches) {
    if (m.path) out.push(`path ${m.path.value} (${m.path.type})`);
    if (m.grpc) out.push(`gRPC ${m.grpc.service ?? '*'}/${m.grpc.method ?? '*'}`);
    if (m.method) out.push(`method ${m.method}`);
    for (const h of m.headers) out.push(`header ${h.name}: ${h.value}`);
  }
  const timeouts = [
    rule.requestTimeoutSeconds !== undefined ? `request ${rule.requestTimeoutSeconds}s` : undefined,
    rule.backendRequestTimeoutSeconds !== undefined ? `backend ${rule.backendRequestTimeoutSeconds}s` : undefined,
  ].filter(Boolean);
  if (timeouts.length) out.push(`timeouts ${timeouts.join(', ')}`);
  for (const f of rule.filters) out.push(`filter ${f.type}`);
  return unique(out);
}

/** The readiness probe as one line (what the load balancers' health checks follow). */
export function readiness(p: ProbeSpec | undefined, waiver?: string): string {
  if (!p) return `no readiness probe (${waiver ?? 'waived'})`;
  const a = p.action;
  const what =
    a.kind === 'httpGet'
      ? `${a.scheme} GET ${a.path}`
      : a.kind === 'tcpSocket'
        ? 'TCP'
        : a.kind === 'grpc'
          ? `gRPC${a.service ? ` ${a.service}` : ''}`
          : `exec ${a.command.join(' ')}`;
  return `readiness ${what}${p.portNumber !== undefined ? ` :${p.portNumber}` : ''} every ${p.periodSeconds}s`;
}

/** A load balancer's target group health check, with where it comes from. */
export function healthCheck(h: HealthCheckSpec): string {
  return `${h.protocol}${h.path ? ` ${h.path}` : ''} :${h.port} every ${h.intervalSeconds}s (${h.source.kind === 'readiness' ? 'from readiness' : `override: ${h.source.reason}`})`;
}

function peer(p: PolicyPeerSpec): string {
  switch (p.kind) {
    case 'pods':
      return `pods ${p.namespace}${Object.keys(p.labels).length ? `/${Object.values(p.labels).join(',')}` : ''}`;
    case 'cidrs':
      return p.cidrs.join(',');
    case 'entities':
      return `entity ${p.entities.join(',')}`;
    case 'fqdns':
      return p.names.join(',');
  }
}

function imageTag(image: string): string {
  const at = image.lastIndexOf('/');
  return image.slice(at + 1);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

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
}

/** What the synth summary says about one app (renderers and rules aside, read from its spec only). */
export interface AppFacts {
  readonly exposures: readonly ExposureFacts[];
  /** Layer -> its timeouts, e.g. `['mesh (Istio)', 'request none, retries 2x 502']`. */
  readonly timeouts: readonly (readonly [string, string])[];
  readonly requirements: readonly Requirement[];
}

/**
 * The synth summary's facts of one app, read from the exposures' traits (label, split, canary header,
 * fronts and their health checks, settings, mesh, objects); only the hosts are read per kind.
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
      hosts: hostsOf(e),
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
      minVersion: '2.11',
      why: `TargetGroupBindings name their target groups by targetGroupName (${plan.name})`,
    });
  }
  if (app.dataplane?.kind === 'cilium')
    req.push({ what: 'controller', name: 'Cilium (Helm chart cilium/cilium)', why: 'CiliumNetworkPolicy' });
  const a = app.availability;
  timeouts.push([
    'pods',
    `preStop drain ${a.drainSeconds}s, shutdown ${a.shutdownSeconds}s, grace period ${a.gracePeriodSeconds}s`,
  ]);
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
  return { exposures, timeouts, requirements: req };
}

/** The hosts an exposure answers for (the one place the summary reads kind-specific fields). */
function hostsOf(e: ExposureSpec): string[] {
  switch (e.kind) {
    case 'gateway-http-route':
    case 'gateway-grpc-route':
      return [...(e as GatewayRouteSpec).hostnames];
    case 'ingress':
      return (e as IngressExposureSpec).rules.map((r) => r.host).filter((h): h is string => h !== undefined);
    case 'istio-mesh':
      return [...(e as IstioMeshSpec).hosts];
    case 'terraform-lb':
      return [...(e as unknown as { hosts: readonly string[] }).hosts];
    default:
      return [];
  }
}

/** The split an exposure makes, from its split trait: the integer weights written within its limits, or by ready pods. */
function splitOf(app: AppSpec, tr: ExposureTraits): string | undefined {
  if (app.versions.length < 2) return undefined;
  if (tr.split.by === 'pods') return 'by ready pods (the Service selects every version)';
  const w = writtenSplit(
    app.versions.map((v) => v.weight),
    tr.split,
  );
  const split =
    app.versions.map((v, i) => `${v.version} ${weightLabel(w.weights[i], w.total).label}`).join(', ') +
    (w.exact
      ? ''
      : ` (not exact: ${app.versions.map((v) => `${v.weight}%`).join('/')} declared, everything written to the stable version)`);
  const header = app.traffic.canaryHeader;
  return `${split}${tr.routesCanaryHeader && header ? `; header ${header.name}: ${header.value} -> ${app.versions[1].version}` : ''}`;
}

/**
 * The integer weights the renderers write for declared shares (stable first) within a layer's limits: the
 * renderers' one conversion (`writtenWeights`), so the map shows what is written. `exact` is false when the
 * split could not be written exactly (an acknowledged CT-TRAFFIC-013) and everything went to the stable version.
 */
function writtenSplit(
  shares: readonly number[],
  limits: WeightLimits,
): { weights: number[]; total: number; exact: boolean } {
  const weights = writtenWeights(shares, limits);
  const total = weights.reduce((a, b) => a + b, 0);
  return { weights, total, exact: weights.every((w, i) => Math.abs((w / total) * 100 - shares[i]) < 1e-6) };
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
  const gatewayApi = tr.objects.filter((o) => /^(HTTPRoute|GRPCRoute|Gateway|GatewayClass)$/.test(o.kind));
  if (gatewayApi.length > 0) {
    const channel = app.traffic.gatewayApiChannel ?? 'standard';
    out.push({
      what: 'crds',
      name: `Gateway API CRDs, ${channel} channel`,
      minVersion: '1.2',
      why: `${tr.label}${channel === 'experimental' ? ' (experimental fields, e.g. retry)' : ''}`,
    });
  }
  for (const f of tr.fronts) {
    if (f.from.kind === 'aws-load-balancer')
      out.push({ what: 'controller', name: 'AWS Load Balancer Controller', why: tr.label });
    if (f.from.kind === 'proxy' && f.from.className === 'cilium')
      out.push({
        what: 'controller',
        name: 'Cilium (Helm chart cilium/cilium)',
        why: `${f.from.classKind === 'GatewayClass' ? 'gatewayAPI.enabled' : 'ingressController.enabled'} for ${tr.label}`,
      });
    else if (f.from.kind === 'proxy' && f.from.className)
      out.push({ what: 'controller', name: `${f.from.classKind} ${f.from.className} controller`, why: tr.label });
  }
  if (e.kind === 'service-lb-ipam')
    out.push({ what: 'controller', name: 'Cilium (Helm chart cilium/cilium)', why: `LB IPAM for ${tr.label}` });
  if (tr.mesh)
    out.push({
      what: 'controller',
      name: tr.mesh.mesh === 'istio' ? 'Istio' : tr.mesh.mesh === 'linkerd' ? 'Linkerd' : tr.mesh.mesh,
      why: `${tr.label}${tr.mesh.sidecar ? ', sidecar injection' : ''}`,
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

/** A target group's sticky sessions, for the node of its load balancer or target group (none when off). */
function stickyLines(s: StickinessSpec | undefined): string[] {
  if (!s) return [];
  const what =
    s.type === 'source_ip'
      ? 'by source IP'
      : s.type === 'lb_cookie'
        ? `by the load balancer's cookie, ${s.durationSeconds}s`
        : `by cookie ${s.cookieName}, ${s.durationSeconds}s`;
  return [`sticky ${what}${s.fromServiceAffinity ? " (the Service's ClientIP affinity)" : ''}`];
}
