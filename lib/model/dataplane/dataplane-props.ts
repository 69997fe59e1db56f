import type { Duration } from 'cdk8s';
import type { PortRef } from '../workload/probe';
import type { Protocol } from '../workload/ports';

/** Cilium's reserved identities a policy may name (`fromEntities` / `toEntities`). */
export type PolicyEntity = 'world' | 'cluster' | 'host' | 'remote-node' | 'ingress' | 'kube-apiserver';

/** Pods in the cluster, by namespace and labels (in-cluster clients, or a controller's pods). */
export interface PodPeerProps {
  /**
   * The pods' namespace.
   * @default the app's namespace
   */
  readonly namespace?: string;
  /**
   * Labels the pods carry. Leave out (with a `namespace`) to mean every pod of that namespace.
   * @default every pod of `namespace`
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** An in-cluster client allowed to reach the app. */
export interface AllowFromProps extends PodPeerProps {
  /**
   * The app's container ports (names or numbers) the clients may reach.
   * @default every port of the app's Service (every container port without a Service)
   */
  readonly ports?: readonly PortRef[];
  /**
   * Cilium only: this client's own HTTP allow-list, used for it instead of the dataplane's `l7` (e.g. a
   * metrics scraper that may only `GET /metrics`, while the public path gets the API's requests). The
   * rules apply to this entry's plain HTTP ports; a rule's `port` must be one of them.
   * @default the dataplane's `l7`
   */
  readonly l7?: readonly HttpRuleProps[];
}

/** The pods of an ingress or gateway controller (the proxy that connects to the app's pods). */
export interface ControllerPodsProps {
  /** The controller's namespace. */
  readonly namespace: string;
  /** Labels of the controller's proxy pods. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A destination port of an egress rule. */
export interface EgressPortProps {
  /**
   * Port number (1-65535).
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/ (`egress[].ports[].port`, 1-65535)
   */
  readonly port: number;
  /**
   * Transport protocol.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
}

/** A destination the app may connect to. Give exactly one of `toPods`, `toCidrs`, `toFqdns`, `toEntities`. */
export interface EgressRuleProps {
  /**
   * Pods in the cluster.
   * @default - not this kind of destination
   */
  readonly toPods?: PodPeerProps;
  /**
   * Address blocks (IPv4 or IPv6 CIDRs).
   * @default - not this kind of destination
   */
  readonly toCidrs?: readonly string[];
  /**
   * DNS names (exact, or with `*` wildcards). Cilium only; needs the DNS rule (`dns.visibility`).
   * @default - not this kind of destination
   */
  readonly toFqdns?: readonly string[];
  /**
   * Cilium entities, e.g. `kube-apiserver`. Cilium only (plain NetworkPolicy has `world` as 0.0.0.0/0 and ::/0).
   * @default - not this kind of destination
   */
  readonly toEntities?: readonly PolicyEntity[];
  /**
   * The destination ports.
   * @default every port
   */
  readonly ports?: readonly EgressPortProps[];
}

/** Where the cluster DNS runs, and whether Cilium's DNS proxy sees the queries. */
export interface DnsEgressProps {
  /**
   * The DNS pods' namespace.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * The DNS pods' labels.
   * @default { 'k8s-app': 'kube-dns' } (CoreDNS and kube-dns both carry it)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Cilium only: an L7 DNS rule (`matchPattern: '*'`) so queries pass Cilium's DNS proxy: Hubble shows
   * them, and `toFqdns` egress rules work.
   * @default true with Dataplane.cilium()
   */
  readonly visibility?: boolean;
}

/** One allowed HTTP request shape (Cilium `rules.http`). Method and path are extended POSIX regexes anchored by Cilium. */
export interface HttpRuleProps {
  /**
   * The method, a regex such as `GET` or `GET|HEAD`.
   * @default any method
   */
  readonly method?: string;
  /**
   * The path, a regex starting with `/`, e.g. `/v1/.*`.
   * @default any path
   */
  readonly path?: string;
  /**
   * The container port (name or number) the rule applies to; it must serve plain HTTP.
   * @default every HTTP port the app's exposures and `allowFrom` reach
   */
  readonly port?: PortRef;
}

/** The network policy: ingress denied except from the app's exposure path, egress denied except DNS and `egress`. */
export interface NetworkPolicyProps {
  /**
   * The policy object's name.
   * @default the app's name
   */
  readonly name?: string;
  /**
   * Allow ingress from the path of each exposure the app has (controller pods, load balancer sources).
   * @default true
   */
  readonly fromExposures?: boolean;
  /**
   * In-cluster clients allowed to reach the app (each entry needs a namespace or labels).
   * @default none: only the exposure path
   */
  readonly allowFrom?: readonly AllowFromProps[];
  /**
   * The proxy pods of ingress and gateway controllers, by IngressClass / GatewayClass name. Built in:
   * `nginx` (namespace `ingress-nginx`), `traefik` (namespace `traefik`); `cilium` is Cilium's own proxy
   * (the `ingress` entity) and `alb` the AWS load balancer's addresses.
   * @default the built-in classes only
   */
  readonly controllers?: Readonly<Record<string, ControllerPodsProps>>;
  /**
   * The GatewayClass of existing Gateways the app's routes attach to (routes that create their Gateway know it).
   * @default 'cilium' with Dataplane.cilium(); required with Dataplane.kubernetes() when a route attaches to an existing Gateway
   */
  readonly parentGatewayClass?: string;
  /**
   * The VPC's CIDRs: where AWS load balancers connect from when they don't preserve the client's address
   * (ALB, and NLB without client IP preservation).
   * @default `world` (any address outside the cluster)
   */
  readonly awsVpcCidrs?: readonly string[];
  /**
   * The nodes' CIDRs, for `Dataplane.kubernetes()`: where traffic comes from when another node forwards it
   * (`externalTrafficPolicy: 'Cluster'`) or a load balancer reaches node ports (instance targets). Cilium needs
   * none (it admits the `remote-node` and `host` entities).
   * @default none: such an exposure is refused with a Kubernetes NetworkPolicy (CT-K8S-015)
   * @example ['10.224.0.0/16']
   */
  readonly nodeCidrs?: readonly string[];
  /**
   * Egress to the cluster DNS, or `false` for none (the app then resolves no names).
   * @default kube-dns in kube-system, port 53 UDP and TCP
   */
  readonly dns?: DnsEgressProps | false;
  /**
   * Other destinations the app may connect to.
   * @default none
   */
  readonly egress?: readonly EgressRuleProps[];
  /**
   * Deny egress other than DNS and `egress`. `false` leaves egress open (ingress-only policy).
   * @default true
   */
  readonly restrictEgress?: boolean;
  /**
   * Why the pods may connect anywhere (at least 10 characters). Required with `restrictEgress: false`, as
   * every security opt-out.
   * @default none
   */
  readonly openEgressReason?: string;
}

/** Annotations Cilium reads on the app's LoadBalancer Services. */
export interface CiliumServiceProps {
  /**
   * Pinned addresses from an LB IPAM pool (`lbipam.cilium.io/ips`); one per family at most.
   * @default the next free address of a matching pool
   */
  readonly ips?: readonly string[];
  /**
   * Services with the same sharing key share an address when their ports don't clash (`lbipam.cilium.io/sharing-key`).
   * @default not shared
   */
  readonly sharingKey?: string;
  /**
   * Backend selection for this Service (`service.cilium.io/lb-algorithm`); needs `bpf.lbAlgorithmAnnotation` in the values.
   * @default the cluster's `loadBalancer.algorithm`
   */
  readonly lbAlgorithm?: 'maglev' | 'random';
  /**
   * Forwarding to remote backends (`service.cilium.io/forwarding-mode`); needs `bpf.lbModeAnnotation` in the values.
   * @default the cluster's `loadBalancer.mode`
   */
  readonly forwardingMode?: 'snat' | 'dsr';
  /**
   * Cluster mesh: load-balance across the Service's backends in every cluster (`service.cilium.io/global`).
   * @default false
   */
  readonly global?: boolean;
  /**
   * Cluster mesh: whether this cluster's backends are offered to other clusters (`service.cilium.io/shared`). Only with `global`.
   * @default true (Cilium's default)
   */
  readonly shared?: boolean;
  /**
   * Cluster mesh: prefer local or remote backends (`service.cilium.io/affinity`). Only with `global`.
   * @default 'none'
   */
  readonly affinity?: 'local' | 'remote' | 'none';
}

/** Options of `Dataplane.kubernetes()`: a plain NetworkPolicy (no L7, no Cilium entities or DNS names). */
export type KubernetesDataplaneProps = NetworkPolicyProps;

/**
 * What the cluster's Cilium configures for its L7 policy proxy (Envoy), which the app's L7 rules put in the path of
 * its requests: declare where the cluster differs from Cilium's defaults (a `CiliumCluster` of the same cdk8s App is
 * checked against it at synth).
 */
export interface CiliumProxyProps {
  /**
   * The stream idle timeout the cluster's Cilium gives its Envoy (Helm `envoy.streamIdleTimeoutDurationSeconds`;
   * `envoy.streamIdleTimeout` of a `CiliumCluster`): Envoy cuts a stream silent for longer. In whole seconds, from 1 s
   * to 24 h. A `CiliumCluster` in the same cdk8s App that sets less is an error at synth.
   * @default Duration.minutes(5) (Cilium's default, 300 s)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`envoy.streamIdleTimeoutDurationSeconds`, 1-86400 s here)
   */
  readonly streamIdleTimeout?: Duration;
  /**
   * How many more times the cluster's Envoy sends a request that failed with a 5xx, a reset or a refused connection
   * (Helm `envoy.httpRetryCount`; `envoy.httpRetryCount` of a `CiliumCluster`), a whole number from 0 to 10. With 0,
   * the proxy adds no retry to those `traffic.retry` declares. A `CiliumCluster` in the same cdk8s App that sets
   * another count is an error at synth.
   * @default 3 (Cilium's default)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`envoy.httpRetryCount`, 0-10 here)
   */
  readonly retries?: number;
}

/** Options of `Dataplane.cilium()`. */
export interface CiliumDataplaneProps {
  /**
   * What the cluster's Cilium configures for the L7 policy proxy that the L7 rules (`l7`, `allowFrom[].l7`) put in
   * the path, where it differs from Cilium's defaults. Only with L7 rules.
   * @default Cilium's defaults (a 300 s stream idle timeout)
   */
  readonly proxy?: CiliumProxyProps;
  /**
   * The CiliumNetworkPolicy, or `false` for none.
   * @default deny by default, allow the exposure path, DNS egress
   */
  readonly policy?: NetworkPolicyProps | false;
  /**
   * An HTTP allow-list enforced by Cilium's L7 proxy on the app's HTTP ports; requests that match no
   * rule get 403. The readiness probe's GET path is always allowed (load balancer health checks copy it).
   * @default none: L3/L4 only
   */
  readonly l7?: readonly HttpRuleProps[];
  /**
   * Annotations Cilium reads on the app's LoadBalancer Services (LB IPAM, load balancing, cluster mesh).
   * @default none
   */
  readonly service?: CiliumServiceProps;
}
