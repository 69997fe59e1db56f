import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import type { NetworkPolicySpec, PolicyPeerSpec, PolicyPortSpec } from '../../model/dataplane/dataplane-spec';
import { addObject } from '../api-object';

/** Props of `AppKubernetesNetworkPolicy`. */
export interface AppKubernetesNetworkPolicyProps {
  /** The resolved policy (without L7 rules or Cilium-only peers: the model rejects those for this dataplane). */
  readonly policy: NetworkPolicySpec;
}

/** The namespace label every namespace carries (Kubernetes 1.22+). */
const NS_NAME = 'kubernetes.io/metadata.name';

/** The NetworkPolicy peers admitting a peer (also read by the checks of the written policy). */
export function peers(peer: PolicyPeerSpec): INetworkPolicyPeer[] {
  switch (peer.kind) {
    case 'pods':
      return [
        {
          namespaceSelector: { matchLabels: { [NS_NAME]: peer.namespace } },
          podSelector: { matchLabels: { ...peer.labels } },
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

function ports(list: readonly PolicyPortSpec[]): INetworkPolicyPort[] | undefined {
  return list.length > 0 ? list.map((p) => ({ port: p.port, protocol: p.protocol })) : undefined;
}

/**
 * An app's plain `networking.k8s.io/v1` NetworkPolicy, for clusters whose CNI is not Cilium: same intent
 * as the CiliumNetworkPolicy (default deny, the exposure path, DNS and declared egress), L3/L4 only.
 */
export class AppKubernetesNetworkPolicy extends Construct {
  /** The API object. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AppKubernetesNetworkPolicyProps) {
    super(scope, id);
    const { policy } = props;
    this.apiObject = addObject<INetworkPolicy>(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: policy.name, namespace: policy.namespace, labels: { ...policy.labels } },
      spec: {
        podSelector: { matchLabels: { ...policy.selector } },
        policyTypes: policy.egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: policy.ingress.map((r) => ({ from: peers(r.from), ports: ports(r.ports) })),
        ...(policy.egress
          ? {
              egress: policy.egress.map((r) => ({
                to: peers(r.to),
                ...(r.ports.length > 0 ? { ports: ports(r.ports) } : {}),
              })),
            }
          : {}),
      },
    });
  }
}
