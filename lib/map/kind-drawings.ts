import type { GatewayRouteSpec, RouteRuleSpec } from '../model/exposure/gateway-route';
import { GATEWAY_API_SPLIT } from '../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../model/exposure/ingress';
import type { IstioMeshSpec } from '../model/exposure/istio-mesh';
import type { LbIpamServiceSpec } from '../model/exposure/lb-ipam-service';
import type { NlbServiceSpec } from '../model/aws/nlb-service';
import { ALB_FORWARD_SPLIT } from '../model/aws/forward-weights';
import { writtenWeights } from '../model/traffic/weights';
import { childId, mapId, weightLabel } from './graph';
import {
  addWeightedTargets,
  checkLines,
  CLUSTER,
  ExposureDrawing,
  healthCheck,
  meshSource,
  nsGroup,
  podsId,
  reachSource,
  source,
  stickyLines,
  svcId,
  toAllPods,
  unique,
  writtenSplit,
} from './canvas';

// The detailed drawings of the library's own kinds, each typed by its spec. They are registered by kind beside
// the kinds' renderers (`BUILT_IN_MAP_DRAWINGS` in lib/k8s/expose/exposure-renderers.ts); nothing here tests a
// kind's name.

/** A Gateway API route: its Gateways (created or existing) -> a box per rule (hosts, matches) -> weighted Services. */
export const drawRoute: ExposureDrawing<GatewayRouteSpec> = (g, app, r, base) => {
  const kind = r.traits.grpc ? 'GRPCRoute' : 'HTTPRoute';
  const parents: string[] = [];
  if (r.gateway) {
    const gw = r.gateway;
    parents.push(
      g.node({
        id: mapId('gw', gw.namespace, gw.name),
        kind: 'front',
        title: `Gateway ${gw.name} (class ${gw.className})`,
        group: g.group({ id: mapId('ns', gw.namespace), label: `namespace ${gw.namespace}`, details: [] }),
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
        id: mapId('gw', ns, p.name),
        kind: 'front',
        title: `Gateway ${p.name}`,
        group: g.group({ id: mapId('ns', ns), label: `namespace ${ns}`, details: [] }),
        details: [`existing${p.sectionName ? `, listener ${p.sectionName}` : ''}`],
      }),
    );
  }
  for (const id of parents) g.edge({ from: source(g, CLUSTER), to: id });
  // The HTTPRoute a delivery controller makes from its own object (Flagger's, from the Canary): its owner and backends.
  const d = app.delivery;
  const made = d?.yielded.some((y) => y.kind === kind && y.name === r.name)
    ? [`made by ${d.controllerLabel} (not written by the library): to ${r.name}-primary / ${r.name}-canary`]
    : [];
  r.rules.forEach((rule, i) => {
    const ruleId = g.node({
      id: childId(base, 'rule', i),
      kind: 'rule',
      group: nsGroup(app),
      title: `${kind} ${r.name} rule ${i + 1}`,
      details: [...routeHosts(r.hostnames), ...routeConditions(rule), ...made],
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
};

/** An Ingress: its box (the ALB's listeners, TLS, health check) -> a box per host and path -> Services. */
export const drawIngress: ExposureDrawing<IngressExposureSpec> = (g, app, ing, base) => {
  const alb = ing.alb;
  const front = g.node({
    id: mapId('ing', app.namespace, ing.name),
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
  // An ALB's scheme is its reach; another class's proxies are drawn as the way into the cluster.
  g.edge({ from: alb ? reachSource(g, ing.traits.reach, true) : source(g, CLUSTER), to: front });
  const actions = new Map(ing.weightedActions.map((a) => [a.name, a]));
  ing.rules.forEach((rule, i) => {
    rule.paths.forEach((p, j) => {
      const action = p.action ? actions.get(p.action) : undefined;
      const header = action?.header ? [`header ${action.header.name}: ${action.header.value}`] : [];
      const ruleId = g.node({
        id: childId(base, 'rule', i, j),
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
      id: childId(base, 'default'),
      kind: 'rule',
      group: nsGroup(app),
      title: `Ingress ${ing.name} default backend`,
      details: ['every other host and path'],
    });
    g.edge({ from: front, to: ruleId });
    g.edge({ from: ruleId, to: svcId(app, ing.defaultBackend.serviceName), label: '100%', percent: 100 });
  }
};

/** The AWS Load Balancer Controller's NLB Service: its box -> the pods of every version. */
export const drawLoadBalancerService: ExposureDrawing<NlbServiceSpec> = (g, app, s, base) => {
  const scheme = s.scheme;
  const front = g.node({
    id: childId(base, 'nlb'),
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
  g.edge({ from: reachSource(g, s.traits.reach, true), to: front });
  toAllPods(g, app, front);
};

/** A Cilium LB IPAM Service: its box -> the pods of every version. */
export const drawLbIpam: ExposureDrawing<LbIpamServiceSpec> = (g, app, s, base) => {
  const front = g.node({
    id: childId(base, 'lbipam'),
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
};

/** Istio's VirtualService: mesh callers -> its box -> the app Service -> the subsets' pods. */
export const drawMesh: ExposureDrawing<IstioMeshSpec> = (g, app, m, base) => {
  const t = app.traffic;
  const front = g.node({
    id: childId(base, 'mesh'),
    kind: 'front',
    group: nsGroup(app),
    // The Service-parented HTTPRoute (no VirtualService), applied by the waypoint in ambient mode.
    title: m.gatewayApi
      ? `${m.gatewayApi.waypoint ? `Gateway ${m.gatewayApi.waypoint.name} (Istio waypoint), ` : ''}HTTPRoute ${m.gatewayApi.route.name}`
      : `Istio VirtualService ${m.name}`,
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
  // The spec's per-version backend list (the DestinationRule's subsets, or the waypoint route's Services): one edge
  // per version's pods; a delivery controller's stable and canary subsets reach the same pods (nothing to split here).
  const backends = m.backends;
  if (new Set(backends.map((b) => b.workloadName)).size < 2) return;
  const split = m.traits.split;
  const weights =
    split.by === 'weight'
      ? writtenSplit(
          backends.map((b) => b.share),
          split,
        )
      : undefined;
  const canary = backends.find((b) => !b.stable);
  if (m.traits.routesCanaryHeader && t.canaryHeader && canary)
    g.edge({
      from: via,
      to: podsId(app, canary.workloadName),
      label: `mesh, header ${t.canaryHeader.name}: ${t.canaryHeader.value}`,
    });
  backends.forEach((b, i) => {
    const w = weights ? weightLabel(weights.weights[i], weights.total) : { label: `${b.share}%`, percent: b.share };
    const to = m.gatewayApi ? `Service ${b.serviceName}` : `subset ${b.version}`;
    g.edge({ from: via, to: podsId(app, b.workloadName), label: `mesh ${to}: ${w.label}`, percent: w.percent });
  });
};

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
