import type { AppSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import type { MeshConnectionTrait } from '../exposure/traits';
import type { EgressRuleSpec } from './dataplane-spec';

/**
 * The mesh's own traffic in the app's network policy, the one place it is derived from the mesh declaration (the
 * exposures' `MeshTrait`), for the Kubernetes NetworkPolicy and the CiliumNetworkPolicy alike:
 * - egress the mesh's proxies in the pods make (a sidecar to its control plane), when the policy restricts egress;
 * - for a declared call to an app in the same mesh that is reached through a proxy of its own (an Istio ambient
 *   waypoint), egress to that proxy on its port, beside the egress to the callee's pods.
 * What enters the pods on the mesh's behalf (a waypoint on HBONE, the kubelet's probes through ztunnel) is a front of
 * the mesh exposure, admitted like every other front.
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export function meshEgress(exposures: readonly ExposureSpec[]): EgressRuleSpec[] {
  const out: EgressRuleSpec[] = [];
  for (const e of exposures)
    for (const c of e.traits.mesh?.egress ?? [])
      if (!out.some((r) => r.why === c.why)) out.push({ ...connectionRule(c), why: c.why });
  return out;
}

/**
 * Where a caller's pods connect when they call `callee`: through the callee's mesh proxy when both are in its mesh
 * and it declares one (`reachedThrough`); undefined: the callee's pods, on the called ports.
 */
export function meshHop(caller: AppSpec, callee: AppSpec): MeshConnectionTrait | undefined {
  const mesh = callee.exposures.map((e) => e.traits.mesh).find((m) => m?.reachedThrough !== undefined);
  if (!mesh?.reachedThrough || !caller.exposures.some((e) => e.traits.mesh?.mesh === mesh.mesh)) return undefined;
  return mesh.reachedThrough;
}

/** An egress rule to a mesh connection's peer on its ports. */
export function connectionRule(c: MeshConnectionTrait, call?: string): EgressRuleSpec {
  return {
    why: c.why,
    to: c.to,
    ports: c.ports.map((p) => ({ ...p })),
    dnsVisibility: false,
    ...(call !== undefined ? { call } : {}),
  };
}
