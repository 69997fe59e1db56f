import { Duration } from 'cdk8s';
import type { CiliumChartVersion } from './chart-versions';

/** How Cilium picks a backend for a service. */
export type LoadBalancerAlgorithm = 'random' | 'maglev';
/** How node-external service traffic reaches a remote backend: source NAT, direct server return, or DSR for TCP and SNAT for UDP. */
export type LoadBalancerMode = 'snat' | 'dsr' | 'hybrid';
/** How the service address travels to the backend node in DSR/hybrid mode: an IP option, or a Geneve option. */
export type DsrDispatch = 'opt' | 'geneve';
/** XDP acceleration of NodePort/LoadBalancer handling. */
export type LoadBalancerAcceleration = 'disabled' | 'native' | 'best-effort';
/** Pod traffic between nodes: encapsulated (tunnel) or routed by the network (native). */
export type RoutingMode = 'tunnel' | 'native';
/** Encapsulation used by tunnel routing (and by Geneve DSR dispatch). */
export type TunnelProtocol = 'vxlan' | 'geneve';
/**
 * How pods get addresses (`ipam.mode`): `cluster-pool` (the chart default: the Cilium operator carves a
 * per-node CIDR out of `clusterPoolIpv4PodCidrs`) or `kubernetes` (each Node's `spec.podCIDR`, which
 * kube-controller-manager assigns from its `--cluster-cidr`).
 */
export type IpamMode = 'cluster-pool' | 'kubernetes';
/** Whether each Ingress gets its own load balancer Service or all share one. */
export type IngressLoadBalancerMode = 'dedicated' | 'shared';

/** The Maglev lookup table sizes Cilium accepts (primes; about 100 slots per backend keep reassignment under 1%). */
export const MAGLEV_TABLE_SIZES: readonly number[] = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];

/** Hubble metric names the agent knows (options go after a ':' , e.g. `dns:query;ignoreAAAA`). */
export const HUBBLE_METRICS: readonly string[] = [
  'dns',
  'drop',
  'flow',
  'flows-to-world',
  'http',
  'httpV2',
  'icmp',
  'kafka',
  'policy',
  'port-distribution',
  'tcp',
];

/** Service load balancing (the eBPF kube-proxy replacement's behaviour). */
export interface CiliumLoadBalancerProps {
  /**
   * Backend selection. `maglev` gives consistent hashing (a backend change moves few connections).
   * @default 'random'
   */
  readonly algorithm?: LoadBalancerAlgorithm;
  /**
   * Maglev lookup table size per service; one of `MAGLEV_TABLE_SIZES`, larger than 100 times the most backends a service has.
   * Only with `algorithm: 'maglev'`.
   * Range: 251-131071, a prime of `MAGLEV_TABLE_SIZES`.
   * @default 16381 (about 160 backends per service)
   * @see https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/#maglev-consistent-hashing (`maglev.tableSize`)
   */
  readonly maglevTableSize?: number;
  /**
   * Cluster-wide Maglev hash seed: 12 random bytes, base64 (16 characters), the same on every node.
   * @default - Cilium's built-in seed
   */
  readonly maglevHashSeed?: string;
  /**
   * Forwarding to remote backends. `dsr` and `hybrid` keep the client's source IP and save the return hop.
   * @default 'snat'
   */
  readonly mode?: LoadBalancerMode;
  /**
   * How DSR carries the service address. `opt` works with native routing only; `geneve` with native routing
   * or Geneve tunnelling, and needs `routing.tunnelProtocol: 'geneve'`. Only with mode `dsr` / `hybrid`.
   * @default - 'geneve' under tunnel routing, otherwise 'opt'
   */
  readonly dsrDispatch?: DsrDispatch;
  /**
   * XDP acceleration in the NIC driver (`native`), on devices that support it (`best-effort`), or none.
   * @default 'disabled'
   */
  readonly acceleration?: LoadBalancerAcceleration;
  /**
   * Let Services choose their algorithm with the `service.cilium.io/lb-algorithm` annotation
   * (`Dataplane.cilium({ service: { lbAlgorithm } })`); Cilium ignores the annotation otherwise.
   * Written as `bpf.lbAlgorithmAnnotation`. Chart 1.20 and later force it on when Gateway API is enabled
   * (`false` is then an error).
   * @default false (true with Gateway API on chart 1.20 and later)
   */
  readonly perServiceAlgorithm?: boolean;
  /**
   * Let Services choose SNAT or DSR with the `service.cilium.io/forwarding-mode` annotation
   * (`Dataplane.cilium({ service: { forwardingMode } })`); Cilium ignores the annotation otherwise.
   * Written as `bpf.lbModeAnnotation`.
   * @default false
   */
  readonly perServiceMode?: boolean;
}

/** Pod routing between nodes. */
export interface CiliumRoutingProps {
  /**
   * `tunnel` encapsulates pod traffic; `native` leaves it to the network (needs `ipv4NativeRoutingCidr`).
   * @default 'tunnel'
   */
  readonly mode?: RoutingMode;
  /**
   * Encapsulation protocol for tunnel routing (and Geneve DSR dispatch).
   * @default 'vxlan' ('geneve' when DSR uses Geneve dispatch)
   */
  readonly tunnelProtocol?: TunnelProtocol;
  /**
   * IPv4 CIDR in which pod traffic is routed without masquerading. Required with native routing.
   * @default - none
   */
  readonly ipv4NativeRoutingCidr?: string;
  /**
   * Install routes to other nodes' pod CIDRs (nodes share one L2 segment). Native routing only.
   * @default false
   */
  readonly autoDirectNodeRoutes?: boolean;
}

/** Pod address management (`ipam` in the chart). */
export interface CiliumIpamProps {
  /**
   * Where pod addresses come from. With `kubernetes`, the pod CIDRs are kube-controller-manager's
   * `--cluster-cidr` / `--node-cidr-mask-size` (keep them inside `routing.ipv4NativeRoutingCidr` under native routing).
   * @default 'cluster-pool'
   */
  readonly mode?: IpamMode;
  /**
   * `cluster-pool` only: the IPv4 CIDRs the operator splits into per-node pod CIDRs
   * (`ipam.operator.clusterPoolIPv4PodCIDRList`). Under native routing each must lie inside
   * `routing.ipv4NativeRoutingCidr`, or pod traffic to them is masqueraded and not routed natively.
   * @default - [routing.ipv4NativeRoutingCidr] with native routing; the chart's ['10.0.0.0/8'] otherwise
   */
  readonly clusterPoolIpv4PodCidrs?: readonly string[];
  /**
   * `cluster-pool` only: prefix length of each node's pod CIDR (`ipam.operator.clusterPoolIPv4MaskSize`),
   * at least the longest prefix of `clusterPoolIpv4PodCidrs`, at most 30. 24 gives 254 addresses per node.
   * @default 24
   * @see https://docs.cilium.io/en/stable/network/concepts/ipam/cluster-pool/ (`ipam.operator.clusterPoolIPv4MaskSize`)
   */
  readonly clusterPoolIpv4MaskSize?: number;
}

/** Cilium's Envoy-based Ingress controller. */
export interface CiliumIngressControllerProps {
  /**
   * Serve Ingress objects with `ingressClassName: cilium`.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * One load balancer Service per Ingress (`dedicated`) or one for all (`shared`).
   * @default 'dedicated'
   */
  readonly loadBalancerMode?: IngressLoadBalancerMode;
  /**
   * Make `cilium` the default IngressClass.
   * @default false
   */
  readonly default?: boolean;
}

/** L2 (ARP) announcement of service IPs. */
export interface CiliumL2AnnouncementsProps {
  /**
   * Answer ARP for LoadBalancer/external IPs (needs kube-proxy replacement).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * How long a lease lasts without renewal before another node takes over. Must exceed 1s and `leaseRenewDeadline`.
   * Range: at least 1 s, more than `leaseRenewDeadline`.
   * @default Duration.seconds(15)
   * @see https://docs.cilium.io/en/stable/network/l2-announcements/#leader-election (`l2announcements.leaseDuration`)
   */
  readonly leaseDuration?: Duration;
  /**
   * How often the leader renews its lease. Must be at least 1.2 × `leaseRetryPeriod`.
   * @default Duration.seconds(5)
   * @see https://docs.cilium.io/en/stable/network/l2-announcements/#leader-election (`l2announcements.leaseRenewDeadline`)
   */
  readonly leaseRenewDeadline?: Duration;
  /**
   * Wait before retrying a failed renewal.
   * Range: at least 1 ms (a positive whole number of milliseconds), at most `leaseRenewDeadline` ÷ 1.2.
   * @default Duration.seconds(2)
   * @see https://docs.cilium.io/en/stable/network/l2-announcements/#leader-election (`l2announcements.leaseRetryPeriod`)
   */
  readonly leaseRetryPeriod?: Duration;
  /**
   * How many Services the cluster announces over L2 (each holds one lease, renewed every `leaseRenewDeadline`).
   * Sizes the agent's API client rate limit: `k8sClientQps` defaults to 10 (the chart's, for the agent's
   * other traffic) + announcedServices ÷ leaseRenewDeadline in seconds, rounded up.
   * Range: 1-100000.
   * @default 10
   * @see https://docs.cilium.io/en/stable/network/l2-announcements/#sizing-client-rate-limit
   */
  readonly announcedServices?: number;
}

/** Cilium's Envoy proxy (the L7 policy proxy; also behind Cilium Ingress and Gateway API). */
export interface CiliumEnvoyProps {
  /**
   * How long Envoy lets an HTTP stream live with no upstream or downstream activity
   * (`envoy.streamIdleTimeoutDurationSeconds`), in whole seconds. Apps whose CiliumNetworkPolicy has L7
   * rules pass through this Envoy: it must be at least their idle timeout (a streaming app's longest
   * stream, by default), or Envoy cuts silent streams first; the `CiliumCluster` checks this at synth.
   * @default Duration.minutes(5) (the chart's 300 s)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`envoy.streamIdleTimeoutDurationSeconds`)
   */
  readonly streamIdleTimeout?: Duration;
  /**
   * How many more times Envoy (the L7 policy proxy) sends a request that failed with a 5xx, a reset or a refused
   * connection (`envoy.httpRetryCount`, agent option `http-retry-count`), whatever the apps' traffic policies say:
   * 0 leaves retries to the layers the apps declare them on. A whole number from 0 to 10. Apps that declare the
   * proxy's retries (`Dataplane.cilium({ proxy: { retries } })`) are checked against it at synth.
   * @default 3 (the chart's)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`envoy.httpRetryCount`, 0-10 here)
   */
  readonly httpRetryCount?: number;
}

/** Hubble flow observability. */
export interface CiliumHubbleProps {
  /**
   * Run Hubble in the agents.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Deploy Hubble Relay (cluster-wide flow API; needed by the UI and the CLI across nodes).
   * @default false
   */
  readonly relay?: boolean;
  /**
   * Deploy the Hubble UI (needs `relay`).
   * @default false
   */
  readonly ui?: boolean;
  /**
   * Metrics to export, e.g. `['dns', 'drop', 'tcp', 'flow', 'http']`; a name may carry options after ':'.
   * @default - no metrics
   */
  readonly metrics?: readonly string[];
}

/** The cluster's Cilium configuration, rendered as Helm values for the `cilium/cilium` chart (1.18, 1.19 and 1.20). */
export interface CiliumClusterProps {
  /**
   * The `cilium/cilium` chart version the values are installed with (`helm install --version`). Values that
   * version ignores are errors, and what it forces is written as it applies (chart 1.20 with Gateway API turns
   * the per-Service algorithm annotation on). Supported: the newest patch of each minor, `SUPPORTED_CILIUM_CHARTS`
   * (1.18.12, 1.19.6, 1.20.0); an older patch of these minors is accepted with the differences listed in
   * `VERSION_GATED_VALUES`. With a declared Cilium target (`TrafficTargets`, docs/targets.md) it must name the same
   * minor; leave it out to follow the target.
   * @default the Cilium target's chart (its exact patch, or the newest supported patch of its minor); '1.20.0' without one
   */
  readonly chartVersion?: CiliumChartVersion;
  /**
   * Replace kube-proxy with Cilium's eBPF service handling. Run the cluster without kube-proxy.
   * @default true
   */
  readonly kubeProxyReplacement?: boolean;
  /**
   * API server address the agents use directly (no kube-proxy to reach the `kubernetes` Service), or `auto`.
   * Required with kube-proxy replacement.
   * @default - none
   */
  readonly k8sServiceHost?: string;
  /**
   * API server port. Required with kube-proxy replacement unless `k8sServiceHost` is `auto`.
   * Range: 1-65535.
   * @default - none
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`k8sServicePort`)
   */
  readonly k8sServicePort?: number;
  /**
   * Service load balancing.
   * @default - random backend selection, SNAT, no XDP
   */
  readonly loadBalancer?: CiliumLoadBalancerProps;
  /**
   * Masquerade pod egress in eBPF instead of iptables (needs kube-proxy replacement).
   * @default - chart default (iptables masquerading)
   */
  readonly bpfMasquerade?: boolean;
  /**
   * Pod routing between nodes.
   * @default - tunnel routing with VXLAN
   */
  readonly routing?: CiliumRoutingProps;
  /**
   * Pod address management.
   * @default - cluster-pool, pod CIDRs = the native routing CIDR under native routing (the chart's 10.0.0.0/8 otherwise), /24 per node
   */
  readonly ipam?: CiliumIpamProps;
  /**
   * Serve Gateway API resources with GatewayClass `cilium` (needs kube-proxy replacement and the L7 proxy).
   * @default false
   */
  readonly gatewayApi?: boolean;
  /**
   * Cilium's Ingress controller (needs kube-proxy replacement and the L7 proxy).
   * @default - disabled
   */
  readonly ingressController?: CiliumIngressControllerProps;
  /**
   * L2 announcements of service IPs.
   * @default - disabled
   */
  readonly l2Announcements?: CiliumL2AnnouncementsProps;
  /**
   * Run the BGP control plane (advertises service IPs / pod CIDRs to routers).
   * @default false
   */
  readonly bgpControlPlane?: boolean;
  /**
   * Hubble observability.
   * @default - Hubble on in the agents, no relay, no UI, no metrics
   */
  readonly hubble?: CiliumHubbleProps;
  /**
   * The Envoy-based L7 proxy (L7 policies, Ingress, Gateway API).
   * @default true
   */
  readonly l7Proxy?: boolean;
  /**
   * Cilium's Envoy proxy (only with `l7Proxy`).
   * @default - the chart's Envoy settings (300 s stream idle timeout)
   */
  readonly envoy?: CiliumEnvoyProps;
  /**
   * Agent API client rate limit, queries per second (`k8sClientRateLimit.qps`). L2 announcements renew
   * one lease per announced Service through this client, and Cilium's documentation asks to raise the
   * limit for them; with L2 announcements it must be at least the chart default (10) plus the lease renewals
   * (`l2Announcements.announcedServices` ÷ `leaseRenewDeadline`).
   * Range: 1-100000.
   * @default - with L2 announcements 10 + announcedServices ÷ leaseRenewDeadline (rounded up; 20 for 10 Services and a 1 s deadline); otherwise the chart default (10, not written)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`k8sClientRateLimit.qps`)
   * @see https://docs.cilium.io/en/stable/network/l2-announcements/#sizing-client-rate-limit
   */
  readonly k8sClientQps?: number;
  /**
   * Agent API client burst (`k8sClientRateLimit.burst`). At least `k8sClientQps`; with L2 announcements at
   * least the chart default (20).
   * Range: 1-100000.
   * @default - with L2 announcements twice the qps (as the chart's 10/20); otherwise the chart default (20, not written)
   * @see https://docs.cilium.io/en/stable/helm-reference/ (`k8sClientRateLimit.burst`)
   */
  readonly k8sClientBurst?: number;
}
