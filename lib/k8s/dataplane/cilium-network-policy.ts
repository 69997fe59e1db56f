import { nonEmpty } from '../api-object';
import { Construct } from 'constructs';
import type {
  EgressRuleSpec,
  IngressRuleSpec,
  NetworkPolicySpec,
  PolicyPeerSpec,
  PolicyPortSpec,
} from '../../model/dataplane/dataplane-spec';
import {
  CiliumNetworkPolicy,
  CiliumNetworkPolicySpecEgress,
  CiliumNetworkPolicySpecEgressToEndpointsMatchExpressionsOperator as EgressOperator,
  CiliumNetworkPolicySpecEndpointSelector,
  CiliumNetworkPolicySpecEndpointSelectorMatchExpressionsOperator as SelectorOperator,
  CiliumNetworkPolicySpecEgressToEntities,
  CiliumNetworkPolicySpecEgressToPortsPortsProtocol,
  CiliumNetworkPolicySpecIngress,
  CiliumNetworkPolicySpecIngressFromEndpointsMatchExpressionsOperator as IngressOperator,
  CiliumNetworkPolicySpecIngressFromEntities,
  CiliumNetworkPolicySpecIngressToPorts,
  CiliumNetworkPolicySpecIngressToPortsPortsProtocol,
} from '../imports/cilium';

/** Props of `AppCiliumNetworkPolicy`. */
export interface AppCiliumNetworkPolicyProps {
  /** The resolved policy. */
  readonly policy: NetworkPolicySpec;
  /**
   * The longest a stream of the app may stay silent (its traffic idle timeout), in seconds. A `CiliumCluster`
   * in the same App checks that its Envoy, which the policy's L7 rules put in the path, waits at least that long.
   * @default - not checked
   */
  readonly streamIdleSeconds?: number;
  /**
   * The stream idle timeout the app declares the cluster gives Cilium's Envoy (`dataplane.proxy.streamIdleTimeout`),
   * in seconds: a `CiliumCluster` in the same App that sets less is an error.
   * @default - none declared
   */
  readonly declaredEnvoyStreamIdleSeconds?: number;
  /**
   * The retries the app declares the cluster's Envoy makes (`dataplane.proxy.retries`): a `CiliumCluster` in the same
   * App with another `envoy.httpRetryCount` is an error.
   * @default - none declared
   */
  readonly declaredEnvoyRetries?: number;
}

/** Cilium's label prefix for a pod's namespace in endpoint selectors. */
const NS_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** Endpoint labels of pods: the namespace label plus the pod labels, `k8s:`-prefixed so they match Kubernetes labels only. */
function endpointLabels(peer: Extract<PolicyPeerSpec, { kind: 'pods' }>): Record<string, string> {
  const out: Record<string, string> = { [NS_LABEL]: peer.namespace };
  for (const [k, v] of Object.entries(peer.labels)) out[`k8s:${k}`] = v;
  return out;
}

/**
 * The endpoint selector of pods: their labels, and an app delivered by Flagger's renamed label as `In [<value>,
 * <value>-primary]` (`k8s:`-prefixed like the labels), so the primary pods are selected too.
 */
function endpoints<Op>(
  peer: Extract<PolicyPeerSpec, { kind: 'pods' }>,
  operator: Op,
): { matchLabels: Record<string, string>; matchExpressions?: { key: string; operator: Op; values: string[] }[] } {
  return {
    matchLabels: endpointLabels(peer),
    ...(peer.expressions
      ? { matchExpressions: peer.expressions.map((e) => ({ key: `k8s:${e.key}`, operator, values: [...e.values] })) }
      : {}),
  };
}

/** The policy's own pods: the app's selector (with Flagger, its primary pods' renamed label too). */
function endpointSelector(policy: NetworkPolicySpec): CiliumNetworkPolicySpecEndpointSelector {
  const expressions = policy.selectorExpressions ?? [];
  if (expressions.length === 0) return { matchLabels: { ...policy.selector } };
  return {
    ...(Object.keys(policy.selector).length > 0 ? { matchLabels: { ...policy.selector } } : {}),
    matchExpressions: expressions.map((e) => ({ key: e.key, operator: SelectorOperator.IN, values: [...e.values] })),
  };
}

function ingressRule(r: IngressRuleSpec): CiliumNetworkPolicySpecIngress {
  const toPorts: CiliumNetworkPolicySpecIngressToPorts[] = r.ports.map((p) => ({
    ports: [{ port: String(p.port), protocol: p.protocol as CiliumNetworkPolicySpecIngressToPortsPortsProtocol }],
    ...(r.http[p.port] ? { rules: { http: r.http[p.port].map((h) => ({ ...h })) } } : {}),
  }));
  // Ports without L7 rules go in one toPorts entry; ports with L7 rules each get their own.
  const plain = toPorts.filter((t) => !t.rules);
  const merged: CiliumNetworkPolicySpecIngressToPorts[] = [
    ...(plain.length > 0 ? [{ ports: plain.flatMap((t) => t.ports ?? []) }] : []),
    ...toPorts.filter((t) => t.rules),
  ];
  return { ...fromPeer(r.from), toPorts: merged };
}

/** The `from*` fields of an ingress rule admitting a peer (also read by the checks of the written policy). */
export function fromPeer(peer: PolicyPeerSpec): CiliumNetworkPolicySpecIngress {
  switch (peer.kind) {
    case 'pods':
      return { fromEndpoints: [endpoints(peer, IngressOperator.IN)] };
    case 'cidrs':
      return { fromCidrSet: peer.cidrs.map((cidr) => ({ cidr })) };
    case 'entities':
      return { fromEntities: peer.entities.map((e) => e as CiliumNetworkPolicySpecIngressFromEntities) };
    case 'fqdns':
      throw new Error('DNS names are egress destinations only');
  }
}

function egressRule(r: EgressRuleSpec): CiliumNetworkPolicySpecEgress {
  const to: CiliumNetworkPolicySpecEgress = (() => {
    switch (r.to.kind) {
      case 'pods':
        return { toEndpoints: [endpoints(r.to, EgressOperator.IN)] };
      case 'cidrs':
        return { toCidrSet: r.to.cidrs.map((cidr) => ({ cidr })) };
      case 'entities':
        return { toEntities: r.to.entities.map((e) => e as CiliumNetworkPolicySpecEgressToEntities) };
      case 'fqdns':
        return { toFqdNs: r.to.names.map((n) => (n.includes('*') ? { matchPattern: n } : { matchName: n })) };
    }
  })();
  const ports = r.ports.map((p: PolicyPortSpec) => ({
    port: String(p.port),
    protocol: p.protocol as CiliumNetworkPolicySpecEgressToPortsPortsProtocol,
  }));
  return {
    ...to,
    ...(ports.length > 0
      ? { toPorts: [{ ports, ...(r.dnsVisibility ? { rules: { dns: [{ matchPattern: '*' }] } } : {}) }] }
      : {}),
  };
}

export { hasL7Rules } from '../../model/dataplane/dataplane-layer';

/**
 * An app's `CiliumNetworkPolicy` (`cilium.io/v2`): its `endpointSelector` is the app's selector, so it
 * selects every pod of every version (and, with Flagger, the primary pods). Ingress and egress are default-deny; each rule allows one path
 * (the description lists why each exists).
 */
export class AppCiliumNetworkPolicy extends Construct {
  /** The API object. */
  readonly apiObject: CiliumNetworkPolicy;
  /** The resolved policy. */
  readonly policy: NetworkPolicySpec;
  /** The app's stream idle timeout in seconds, when given. */
  readonly streamIdleSeconds?: number;
  /** The stream idle timeout the app declares the cluster gives Cilium's Envoy, in seconds, when declared. */
  readonly declaredEnvoyStreamIdleSeconds?: number;
  /** The retries the app declares the cluster's Envoy makes, when declared. */
  readonly declaredEnvoyRetries?: number;

  constructor(scope: Construct, id: string, props: AppCiliumNetworkPolicyProps) {
    super(scope, id);
    const { policy } = props;
    this.policy = policy;
    this.streamIdleSeconds = props.streamIdleSeconds;
    this.declaredEnvoyStreamIdleSeconds = props.declaredEnvoyStreamIdleSeconds;
    this.declaredEnvoyRetries = props.declaredEnvoyRetries;
    const ingress = policy.ingress.map(ingressRule);
    const egress = policy.egress?.map(egressRule);
    const why = policy.ingress.map((r) => r.why).concat((policy.egress ?? []).map((r) => r.why));
    this.apiObject = new CiliumNetworkPolicy(this, 'Resource', {
      metadata: {
        name: policy.name,
        namespace: policy.namespace,
        labels: { ...policy.labels },
        annotations: nonEmpty({ ...policy.annotations }),
      },
      spec: {
        description: `Generated by cdk-traffic. Default deny; allows: ${why.join('; ') || 'nothing'}.`,
        endpointSelector: endpointSelector(policy),
        enableDefaultDeny: { ingress: true, egress: policy.egress !== undefined },
        // An empty rule list would leave the direction open: `[{}]` selects the pods for default deny.
        ingress: ingress.length > 0 ? ingress : [{}],
        ...(egress ? { egress: egress.length > 0 ? egress : [{}] } : {}),
      },
    });
  }
}
