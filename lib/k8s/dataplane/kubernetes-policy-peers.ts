import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { PolicyPeerSpec } from '../../model/dataplane/dataplane-spec';
import type { LabelIn } from '../../model/delivery/primary-pods';

// Internal (not re-exported from the package): its signature names a kubernetes-models type, which users do not
// install, so it stays out of the published declarations.

/** The namespace label every namespace carries (Kubernetes 1.22+). */
const NS_NAME = 'kubernetes.io/metadata.name';

/** The NetworkPolicy peers admitting a peer (also read by the checks of the written policy). */
export function peers(peer: PolicyPeerSpec): INetworkPolicyPeer[] {
  switch (peer.kind) {
    case 'pods':
      return [
        {
          namespaceSelector: { matchLabels: { [NS_NAME]: peer.namespace } },
          podSelector: labelSelector(peer.labels, peer.expressions),
        },
      ];
    case 'cidrs':
      return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    case 'entities':
      // The model lets only `world` through for this dataplane: every address, both families.
      return peer.entities.includes('world') ? [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] : [];
    case 'fqdns':
      return [];
  }
}

/**
 * A label selector of labels and `In` requirements (an app delivered by Flagger: its renamed label), as written:
 * `matchLabels` always without requirements (`{}` selects every pod), left out when empty beside them.
 */
export function labelSelector(
  labels: Readonly<Record<string, string>>,
  expressions: readonly LabelIn[] | undefined,
): { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: 'In'; values: string[] }[] } {
  if (!expressions || expressions.length === 0) return { matchLabels: { ...labels } };
  return {
    ...(Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {}),
    matchExpressions: expressions.map((e) => ({ key: e.key, operator: e.operator, values: [...e.values] })),
  };
}
