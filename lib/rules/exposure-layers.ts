import type { AppSpec } from '../model/app-spec';

/**
 * A traffic setting found on a resolved exposure (a load balancer, listener, target group or route).
 * Exposure specs are plain data of different shapes (one per kind, written by their own resolvers);
 * the rules read the settings they share by name, wherever they sit in the spec:
 * `idleTimeoutSeconds` / `tcpIdleTimeoutSeconds`, `deregistrationDelaySeconds`, `requestTimeoutSeconds` / `timeoutSeconds`,
 * `protocolVersion` (`HTTP1` / `HTTP2` / `GRPC`) and `targetType` (`ip` binds pods directly).
 */
export interface LayerSetting {
  /** Index of the exposure in `expose`. */
  readonly exposure: number;
  readonly kind: string;
  /** Field path, e.g. `expose[1].targetGroups[0].deregistrationDelaySeconds`. */
  readonly field: string;
  readonly name: 'idleTimeoutSeconds' | 'deregistrationDelaySeconds' | 'requestTimeoutSeconds' | 'protocolVersion' | 'targetType';
  readonly value: number | string;
}

const NAMES: Record<string, LayerSetting['name']> = {
  idleTimeoutSeconds: 'idleTimeoutSeconds',
  tcpIdleTimeoutSeconds: 'idleTimeoutSeconds',
  deregistrationDelaySeconds: 'deregistrationDelaySeconds',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  timeoutSeconds: 'requestTimeoutSeconds',
  protocolVersion: 'protocolVersion',
  targetType: 'targetType',
};

/** Every traffic setting of the app's exposures (depth-first, up to 4 levels deep; probes and health checks excluded). */
export function layerSettings(app: AppSpec): LayerSetting[] {
  const out: LayerSetting[] = [];
  const walk = (o: unknown, field: string, exposure: number, kind: string, depth: number): void => {
    if (depth > 4 || o === null || typeof o !== 'object') return;
    if (Array.isArray(o)) {
      o.forEach((v, i) => walk(v, `${field}[${i}]`, exposure, kind, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (/health|probe|readiness/i.test(k)) continue;
      const name = NAMES[k];
      if (name && (typeof v === 'number' || typeof v === 'string')) out.push({ exposure, kind, field: `${field}.${k}`, name, value: v });
      else walk(v, `${field}.${k}`, exposure, kind, depth + 1);
    }
  };
  app.exposures.forEach((e, i) => walk(e, `expose[${i}]`, i, e.kind, 0));
  return out;
}

/** Exposure kinds that are Gateway API routes. */
export const isGatewayRoute = (kind: string): boolean => /gateway|route/i.test(kind) && !/mesh/i.test(kind);
/** Exposure kinds that put AWS load balancers (or in-cluster proxies) in front of the pods. */
export const isLoadBalancer = (kind: string): boolean => /lb|alb|nlb|load-?balancer|ingress|gateway|route/i.test(kind);
/** Exposure kinds that render ALB weighted forward actions (target group weights 0-999). */
export const isAlb = (kind: string): boolean => /alb|ingress|terraform-lb/i.test(kind);

/**
 * Whether an exposure splits traffic between versions by their weights: Gateway API routes and the mesh
 * (weighted backends), ALB Ingresses (weighted forward actions) and Terraform ALBs (weighted target groups).
 * The others (NLB and LB IPAM Services, non-ALB Ingresses) send to the app's Service, which selects the pods
 * of every version: the split follows the pod counts.
 */
export function splitsByWeight(e: { readonly kind: string }): boolean {
  if (isGatewayRoute(e.kind) || /mesh/i.test(e.kind)) return true;
  if (e.kind === 'ingress') return (e as { alb?: unknown }).alb !== undefined;
  if (e.kind === 'terraform-lb') return (e as { type?: string }).type === 'application';
  return false;
}

/** Whether an exposure routes the traffic policy's `canaryHeader` to the canary (Gateway API routes, the mesh, ALBs). */
export const routesCanaryHeader = (e: { readonly kind: string }): boolean =>
  isGatewayRoute(e.kind) || /mesh/i.test(e.kind) || (isAlb(e.kind) && splitsByWeight(e));
