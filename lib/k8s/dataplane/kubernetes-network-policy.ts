import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import type { NetworkPolicySpec, PolicyPortSpec } from '../../model/dataplane/dataplane-spec';
import { addObject, nonEmpty } from '../api-object';
import { labelSelector, peers } from './kubernetes-policy-peers';

/** Props of `AppKubernetesNetworkPolicy`. */
export interface AppKubernetesNetworkPolicyProps {
  /** The resolved policy (without L7 rules or Cilium-only peers: the model rejects those for this dataplane). */
  readonly policy: NetworkPolicySpec;
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
      metadata: {
        name: policy.name,
        namespace: policy.namespace,
        labels: { ...policy.labels },
        annotations: nonEmpty({ ...policy.annotations }),
      },
      spec: {
        // With Flagger, the renamed label `In [<value>, <value>-primary]`: the primary pods are the app's too.
        podSelector: labelSelector(policy.selector, policy.selectorExpressions),
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
