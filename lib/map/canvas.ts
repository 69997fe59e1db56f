import type { AppSpec } from '../model/app-spec';
import type { HealthCheckSpec } from '../model/aws/health-check';
import type { StickinessSpec } from '../model/aws/stickiness';
import type { PolicyPeerSpec } from '../model/dataplane/dataplane-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import { appVersionBackends } from '../model/exposure/service-backend';
import type { Reach, ServedHost } from '../model/exposure/traits';
import type { ProbeSpec } from '../model/workload/probe';
import { WeightLimits, writtenWeights } from '../model/traffic/weights';
import { GraphBuilder, mapId, weightLabel } from './graph';

/**
 * Draws one exposure of a kind into the map, with more detail than its traits give (an Ingress' rules, a route's
 * Gateways and matches). `base` is a node id prefix unique to the exposure. A kind without a drawing is drawn
 * from its traits (`reach`, `hosts`, `fronts`, `split`, `objects`).
 */
export type ExposureDrawing<S extends ExposureSpec = ExposureSpec> = (
  g: GraphBuilder,
  app: AppSpec,
  exposure: S,
  base: string,
) => void;

/** Drawings by kind (the renderers' registry holds the built-in kinds'). */
export type ExposureDrawings = Readonly<Record<string, ExposureDrawing>>;

/** Types a drawing of one kind's spec for a table of drawings. */
export const drawing = <S extends ExposureSpec>(d: ExposureDrawing<S>): ExposureDrawing => d as ExposureDrawing;

export const INTERNET = 'src-internet';
export const VPC = 'src-vpc';
export const CLUSTER = 'src-cluster';
export const IN_CLUSTER = 'src-in-cluster';
const CLUSTER_ONLY = 'src-cluster-only';
const PRIVATE = 'src-private';
const MESH = 'src-mesh';

/** The callers in a mesh, one source per mesh (`istio`, `linkerd`, ...). */
export function meshSource(g: GraphBuilder, mesh: string): string {
  return g.node({
    id: mapId(MESH, mesh),
    kind: 'source',
    title: 'Mesh callers',
    details: [`pods with ${mesh} proxies`],
  });
}

export function source(g: GraphBuilder, id: string): string {
  const titles: Record<string, [string, string]> = {
    [INTERNET]: ['Internet clients', 'outside the cluster'],
    [VPC]: ['Clients in the VPC', 'internal load balancer'],
    [CLUSTER]: ['Clients', 'reaching the cluster'],
    [IN_CLUSTER]: ['In-cluster clients', 'through the Service'],
    [CLUSTER_ONLY]: ['In-cluster clients', 'pods of the cluster'],
    [PRIVATE]: ['Clients in the private network', 'internal address (VPC, VNet, LAN)'],
  };
  return g.node({ id, kind: 'source', title: titles[id][0], details: [titles[id][1]] });
}

/**
 * The source of a reach trait: who can open a connection. `internal` is drawn as the private network around the
 * cluster, or as the VPC for an AWS load balancer (`aws`).
 */
export function reachSource(g: GraphBuilder, reach: Reach, aws = false): string {
  return source(g, reach === 'internet' ? INTERNET : reach === 'internal' ? (aws ? VPC : PRIVATE) : CLUSTER_ONLY);
}

export const nsGroup = (app: AppSpec): string => mapId('ns', app.namespace);
export const svcId = (app: AppSpec, name: string): string => mapId('svc', app.namespace, name);
/** The pods of one workload (a version's Deployment, the StatefulSet, the Rollout), by its name. */
export const podsId = (app: AppSpec, workloadName: string): string => mapId('pods', app.namespace, workloadName);

/**
 * A LoadBalancer Service selects the pods of every version: traffic splits by ready endpoints. The versions are the
 * app's per-version backend list (`appVersionBackends`), as every layer reads them.
 */
export function toAllPods(g: GraphBuilder, app: AppSpec, from: string): void {
  const backends = appVersionBackends(app);
  for (const b of backends)
    g.edge({
      from,
      to: podsId(app, b.workloadName),
      label: backends.length > 1 ? 'by ready pods' : '100%',
      percent: backends.length > 1 ? undefined : 100,
    });
}

/** Edges to Services with their written integer weights. */
export function addWeightedTargets(
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

/**
 * The integer weights the renderers write for declared shares (stable first) within a layer's limits: the
 * renderers' one conversion (`writtenWeights`), so the map shows what is written. `exact` is false when the
 * split could not be written exactly (an acknowledged CT-TRAFFIC-013) and everything went to the stable version.
 */
export function writtenSplit(
  shares: readonly number[],
  limits: WeightLimits,
): { weights: number[]; total: number; exact: boolean } {
  const weights = writtenWeights(shares, limits);
  const total = weights.reduce((a, b) => a + b, 0);
  return { weights, total, exact: weights.every((w, i) => Math.abs((w / total) * 100 - shares[i]) < 1e-6) };
}

/** A health check on two lines of a box: what is checked, then how often and where it comes from. */
export function checkLines(check: string): string[] {
  const at = check.indexOf(' every ');
  return at < 0 ? [`health check ${check}`] : [`health check ${check.slice(0, at)}`, check.slice(at + 1)];
}

/** The hosts a box serves, on one line: `host a.example.com, b.example.com /api` (`(any)` for none). */
export function hostLine(hosts: readonly ServedHost[]): string {
  const one = (h: ServedHost) =>
    `${h.host ?? '(any)'}${h.paths.length > 0 && !(h.paths.length === 1 && h.paths[0] === '/') ? ` ${h.paths.join(' ')}` : ''}`;
  return `host ${hosts.length > 0 ? unique(hosts.map(one)).join(', ') : '(any)'}`;
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

/** A target group's sticky sessions, for the node of its load balancer or target group (none when off). */
export function stickyLines(s: StickinessSpec | undefined): string[] {
  if (!s) return [];
  const what =
    s.type === 'source_ip'
      ? 'by source IP'
      : s.type === 'lb_cookie'
        ? `by the load balancer's cookie, ${s.durationSeconds}s`
        : `by cookie ${s.cookieName}, ${s.durationSeconds}s`;
  return [`sticky ${what}${s.fromServiceAffinity ? " (the Service's ClientIP affinity)" : ''}`];
}

export function peer(p: PolicyPeerSpec): string {
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

export function imageTag(image: string): string {
  const at = image.lastIndexOf('/');
  return image.slice(at + 1);
}

export function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
