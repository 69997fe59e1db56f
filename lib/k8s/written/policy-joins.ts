import type { IngressRuleSpec, NetworkPolicySpec } from '../../model/dataplane/dataplane-spec';
import { fromPeer } from '../dataplane/cilium-network-policy';
import { toJson_CiliumNetworkPolicySpecIngress } from '../imports/cilium';
import { peers } from '../dataplane/kubernetes-policy-peers';
import { Findings, Json, WrittenContext, list, namespaceOf } from './findings';

/** JSON with sorted keys and no undefined values: equal peers compare equal however they were built. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The (field, peer) pairs a written rule must hold to admit a declared source. */
function expectedPeers(kind: string, r: IngressRuleSpec): [string, unknown][] {
  if (r.from.kind === 'fqdns') return [];
  if (kind === 'NetworkPolicy') return peers(r.from).map((p) => ['from', p]);
  // As written: the generated class's field names (`fromCIDRSet`).
  return Object.entries(toJson_CiliumNetworkPolicySpecIngress(fromPeer(r.from)) ?? {}).flatMap(([k, v]) =>
    list(v).map((x): [string, unknown] => [k, x]),
  );
}

/** Whether a written ingress rule admits a peer on a port. */
function admits(kind: string, w: Json, [field, peer]: [string, unknown], port: number | string): boolean {
  const from = list(w?.[field]);
  const peerOk =
    (kind === 'NetworkPolicy' && w?.from === undefined) || from.some((x) => canonical(x) === canonical(peer));
  if (!peerOk) return false;
  if (kind === 'NetworkPolicy') {
    const ports = list(w?.ports);
    return ports.length === 0 || ports.some((p) => p?.port === port);
  }
  const ports = list(w?.toPorts).flatMap((t) => list(t?.ports));
  return w?.toPorts === undefined || ports.some((p) => String(p?.port) === String(port));
}

function checkPolicy(f: Findings, i: number, policy: NetworkPolicySpec): void {
  const o = f.objects[i];
  const written = list(o.spec?.ingress);
  for (const r of policy.ingress) {
    for (const peer of expectedPeers(o.kind, r)) {
      const missing = r.ports.filter((p) => !written.some((w) => admits(o.kind, w, peer, p.port)));
      if (missing.length === 0) continue;
      f.add(
        i,
        'spec.ingress',
        { [peer[0]]: peer[1], ports: missing.map((p) => p.port) },
        `no longer admits ${r.why} on port ${missing.map((p) => p.port).join(', ')}: that traffic would be dropped`,
        'put the rule back (change who may reach the app in the definition: `dataplane`, `allowFrom`, the exposures)',
        'CT-K8S-023',
      );
    }
  }
}

/**
 * CT-K8S-023: the app's network policy as written still admits every source the definition needs (the exposures'
 * load balancers, proxies and health checkers, forwarding nodes, declared callers) on its ports: a patch that
 * removes a rule or a peer is caught, not only one that removes a port.
 */
export function checkPolicySources(f: Findings, context: WrittenContext): void {
  if (!context.specs.some((app) => app.dataplane?.policy)) return;
  // Only the two kinds looked up below are indexed.
  const policies = new Map<string, number>();
  f.objects.forEach((o, i) => {
    if (o?.kind === 'NetworkPolicy' || o?.kind === 'CiliumNetworkPolicy')
      policies.set(`${o.kind}/${namespaceOf(o)}/${o.metadata?.name}`, i);
  });
  for (const app of context.specs) {
    const policy = app.dataplane?.policy;
    if (!policy) continue;
    const kind = app.dataplane?.kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
    const i = policies.get(`${kind}/${policy.namespace}/${policy.name}`);
    if (i === undefined) continue; // renamed or removed: nothing left to check against
    checkPolicy(f, i, policy);
  }
}
