import type { CiliumServiceSpec } from './cilium-service';
import type { Protocol } from '../workload/ports';
import type { PolicyEntity } from './dataplane-props';
import type { LabelIn } from '../delivery/primary-pods';

/** Who a rule allows: pods, address blocks, Cilium entities or (egress, Cilium only) DNS names. */
export type PolicyPeerSpec =
  | {
      readonly kind: 'pods';
      readonly namespace: string;
      /** Empty (and no `expressions`): every pod of the namespace. */
      readonly labels: Readonly<Record<string, string>>;
      /**
       * `In` requirements beside `labels`: an app delivered by Flagger, whose stable pods run as `<name>-primary`
       * with its selector label renamed (`In [<value>, <value>-primary]`; `labels` then leaves that label out).
       */
      readonly expressions?: readonly LabelIn[];
    }
  | { readonly kind: 'cidrs'; readonly cidrs: readonly string[] }
  | { readonly kind: 'entities'; readonly entities: readonly PolicyEntity[] }
  | { readonly kind: 'fqdns'; readonly names: readonly string[] };

/** A port of a rule (a pod port: policies apply after the Service translated the address). */
export interface PolicyPortSpec {
  readonly port: number;
  readonly protocol: Protocol;
}

/** An allowed HTTP request shape. */
export interface HttpRuleSpec {
  readonly method?: string;
  readonly path?: string;
}

/** One allowed ingress path. */
export interface IngressRuleSpec {
  /** Why the rule exists, e.g. `expose[0] (ingress "web", class nginx)`: written into the policy's description. */
  readonly why: string;
  readonly from: PolicyPeerSpec;
  /** Never empty. */
  readonly ports: readonly PolicyPortSpec[];
  /** L7 allow-list per port number (Cilium only); ports absent here are L4 only. */
  readonly http: Readonly<Record<number, readonly HttpRuleSpec[]>>;
}

/** One allowed egress destination. */
export interface EgressRuleSpec {
  readonly why: string;
  readonly to: PolicyPeerSpec;
  /** Empty: every port. */
  readonly ports: readonly PolicyPortSpec[];
  /** Cilium only: the DNS proxy rule (`matchPattern: '*'`). */
  readonly dnsVisibility: boolean;
  /** The app a declared call goes to (`calls`): the caller writes the callee's side too. */
  readonly call?: string;
}

/** A resolved network policy for one app. */
export interface NetworkPolicySpec {
  readonly name: string;
  readonly namespace: string;
  /**
   * The app's selector: the policy selects the app's pods (every version) by construction. With Flagger, without the
   * label it renames on the primary pods, which `selectorExpressions` requires instead.
   */
  readonly selector: Readonly<Record<string, string>>;
  /** With Flagger: the renamed label `In [<value>, <value>-primary]`, so the policy selects the primary pods too. */
  readonly selectorExpressions?: readonly LabelIn[];
  readonly labels: Readonly<Record<string, string>>;
  /** The app's annotations (on every object of the app). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Empty: all ingress denied. */
  readonly ingress: readonly IngressRuleSpec[];
  /** Undefined: egress not restricted. Empty: all egress denied. */
  readonly egress?: readonly EgressRuleSpec[];
}

/** The resolved dataplane options of an app (`AppSpec.dataplane`). */
export interface DataplaneSpec {
  /** `cilium`: CiliumNetworkPolicy; `kubernetes`: networking.k8s.io/v1 NetworkPolicy. */
  readonly kind: 'cilium' | 'kubernetes';
  /** Undefined when the policy is switched off. */
  readonly policy?: NetworkPolicySpec;
  /**
   * What Cilium is told about the app's LoadBalancer Services (LB IPAM addresses, sharing, per-Service
   * algorithm and forwarding, cluster mesh); without options, no addresses pinned and nothing else set.
   */
  readonly service: CiliumServiceSpec;
  /** What the cluster configures for Cilium's L7 policy proxy, as declared (`proxy`); absent: Cilium's defaults. */
  readonly proxy?: { readonly streamIdleTimeoutSeconds?: number; readonly retries?: number };
}
