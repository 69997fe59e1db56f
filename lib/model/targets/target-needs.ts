import type { AppSpec } from '../app-spec';
import { TARGET_FEATURES, TARGET_TABLE, TargetFeatureId, TargetId } from './target-table';

/** What an app needs of one target: installed, and at least `minVersion` when given. */
export interface TargetNeed {
  readonly target: TargetId;
  readonly minVersion?: string;
  /** Why, for messages and `SUMMARY.md`, e.g. `preStop sleep action`. */
  readonly why: string;
  /** The definition field that makes the need, e.g. `availability.drain`, `expose[0]`. */
  readonly field: string;
}

const feature = (id: TargetFeatureId, field: string): TargetNeed => ({
  target: TARGET_FEATURES[id].target,
  minVersion: TARGET_FEATURES[id].since,
  why: TARGET_FEATURES[id].what,
  field,
});

const isTarget = (name: string): name is TargetId => Object.prototype.hasOwnProperty.call(TARGET_TABLE, name);

/**
 * What the app's output needs of the targets, read from its spec and its exposures' traits (never kind names): the
 * pod features of a Kubernetes version, the Gateway API objects it writes, its controllers (`traits.requires` with a
 * `target`), its mesh, who fronts the pods, its dataplane and what it observes. The `CT-TARGET-*` rules check these
 * against the declared targets; `SUMMARY.md` lists the same.
 *
 * @example
 * targetNeeds(app.spec).map((n) => `${n.target} ${n.minVersion ?? ''}: ${n.why}`) // ['kubernetes 1.30: preStop sleep action', ...]
 */
export function targetNeeds(app: AppSpec): TargetNeed[] {
  const out: TargetNeed[] = [];
  if (app.availability.drainSeconds > 0) out.push(feature('preStopSleep', 'availability.drain'));
  if (app.sidecars.length > 0) out.push(feature('nativeSidecars', 'sidecars'));
  if (app.service?.trafficDistribution) out.push(feature('trafficDistribution', 'service.trafficDistribution'));
  app.exposures.forEach((e, i) => out.push(...exposureNeeds(e.traits, `expose[${i}]`)));
  // A route a delivery controller makes instead of the exposure (Flagger's HTTPRoute over a Gateway API route).
  const made = app.delivery?.router === 'gateway-api' && app.delivery.gatewayRoute;
  if (made) out.push(feature('gatewayApiRoutes', app.delivery!.routerField ?? 'delivery'));
  if (app.dataplane?.kind === 'cilium') out.push({ target: 'cilium', why: 'CiliumNetworkPolicy', field: 'dataplane' });
  if (app.observe && app.observe.layers.length > 0) out.push(feature('podMonitorPortNumber', 'observe'));
  return out;
}

/** The needs of one exposure, from its traits. */
function exposureNeeds(tr: AppSpec['exposures'][number]['traits'], field: string): TargetNeed[] {
  const out: TargetNeed[] = [];
  if (tr.objects.some((o) => /^(HTTPRoute|GRPCRoute|Gateway|GatewayClass)$/.test(o.kind)))
    out.push(feature('gatewayApiRoutes', field));
  if (tr.objects.some((o) => o.kind === 'TCPRoute' || o.kind === 'UDPRoute'))
    out.push(feature('gatewayApiL4Routes', field));
  for (const r of tr.requires ?? [])
    if (r.target)
      out.push({ target: r.target, ...(r.minVersion ? { minVersion: r.minVersion } : {}), why: r.why, field });
  if (tr.mesh && isTarget(tr.mesh.mesh)) out.push({ target: tr.mesh.mesh, why: tr.label, field: tr.mesh.field });
  for (const f of tr.fronts) {
    if (f.from.kind === 'aws-load-balancer') out.push({ target: 'awsLoadBalancerController', why: tr.label, field });
    if (f.from.kind === 'proxy' && f.from.className === 'cilium')
      out.push({ target: 'cilium', why: `${f.from.classKind} cilium for ${tr.label}`, field });
  }
  return out;
}
