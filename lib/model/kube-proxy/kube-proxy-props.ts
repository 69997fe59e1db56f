import { Duration } from 'cdk8s';

/**
 * How kube-proxy programs Services on Linux nodes: `iptables` (the long-time default), `nftables` (GA since
 * Kubernetes 1.33, planned default in 1.40) or `ipvs` (deprecated since 1.35, planned off by default in 1.40).
 */
export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables';

/** Where the configuration goes. */
export type KubeProxyDistribution =
  /** A kubeadm `KubeProxyConfiguration` document (`kubeadm init --config`, appended after the ClusterConfiguration). */
  | 'kubeadm'
  /** The EKS kube-proxy add-on's `configurationValues` JSON (`aws eks update-addon --configuration-values file://...`). */
  | 'eks'
  /** The `kube-proxy` ConfigMap (kube-system, key `config.conf`) that a self-managed kube-proxy DaemonSet mounts. */
  | 'self-managed';

/**
 * IPVS schedulers kube-proxy accepts: round robin, weighted round robin, least connection, weighted least
 * connection, locality-based least connection (with replication), source hashing, destination hashing,
 * shortest expected delay, never queue.
 */
export const IPVS_SCHEDULERS: readonly string[] = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq'];

/** An IPVS scheduler (one of `IPVS_SCHEDULERS`). */
export type IpvsScheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'lblc' | 'lblcr' | 'sh' | 'dh' | 'sed' | 'nq';

/** IPVS settings (`ipvs`); only with `mode: 'ipvs'`. */
export interface KubeProxyIpvsProps {
  /**
   * How IPVS picks a backend.
   * @default 'rr'
   */
  readonly scheduler?: IpvsScheduler;
  /**
   * Stop nodes from answering ARP for the Service addresses bound to `kube-ipvs0` (`arp_ignore=1`,
   * `arp_announce=2`). Needed when LoadBalancer addresses are announced over L2 (MetalLB, kube-vip).
   * @default false
   */
  readonly strictArp?: boolean;
  /**
   * IPVS idle timeout for TCP sessions. Unset keeps the kernel's (900 s), which cuts streams that stay
   * silent longer.
   * Range: 1 s to 31 days, whole seconds.
   * @default - the kernel's (900 s)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyIPVSConfiguration (`ipvs.tcpTimeout`)
   */
  readonly tcpTimeout?: Duration;
  /**
   * IPVS timeout for TCP sessions after a FIN.
   * Range: 1 s to 31 days, whole seconds.
   * @default - the kernel's (120 s)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyIPVSConfiguration (`ipvs.tcpFinTimeout`)
   */
  readonly tcpFinTimeout?: Duration;
  /**
   * IPVS timeout for UDP.
   * Range: 1 s to 31 days, whole seconds.
   * @default - the kernel's (300 s)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyIPVSConfiguration (`ipvs.udpTimeout`)
   */
  readonly udpTimeout?: Duration;
  /**
   * CIDRs whose IPVS virtual servers kube-proxy leaves alone when cleaning up.
   * @default - none
   */
  readonly excludeCidrs?: readonly string[];
}

/** Connection tracking (`conntrack`). */
export interface KubeProxyConntrackProps {
  /**
   * Most NAT connections tracked per CPU core (0 leaves the kernel's limit, and `min`, alone).
   * Range: 0-2147483647.
   * @default 32768 (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.maxPerCore`)
   */
  readonly maxPerCore?: number;
  /**
   * Fewest conntrack entries to allocate, whatever `maxPerCore` gives.
   * Range: 0-2147483647.
   * @default 131072 (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.min`)
   */
  readonly min?: number;
  /**
   * How long an idle established TCP connection keeps its conntrack entry. A Service connection silent for
   * longer loses its NAT mapping and breaks: keep it above the longest stream of the cluster's apps.
   * Range: 1 s to 31 days, whole seconds.
   * @default 24 hours (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.tcpEstablishedTimeout`)
   */
  readonly tcpEstablishedTimeout?: Duration;
  /**
   * How long a conntrack entry in CLOSE_WAIT stays.
   * Range: 1 s to 31 days, whole seconds.
   * @default 1 hour (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.tcpCloseWaitTimeout`)
   */
  readonly tcpCloseWaitTimeout?: Duration;
  /**
   * Liberal TCP tracking: out-of-window packets are not marked INVALID (and dropped).
   * @default false
   */
  readonly tcpBeLiberal?: boolean;
  /**
   * How long an unreplied UDP conntrack entry stays.
   * Range: 1 s to 31 days, whole seconds.
   * @default - the kernel's (30 s)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.udpTimeout`)
   */
  readonly udpTimeout?: Duration;
  /**
   * How long an assured (replied) UDP conntrack entry stays.
   * Range: 1 s to 31 days, whole seconds.
   * @default - the kernel's (120 s)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration (`conntrack.udpStreamTimeout`)
   */
  readonly udpStreamTimeout?: Duration;
}

/** A cluster's kube-proxy settings (`KubeProxyCluster`). */
export interface KubeProxyClusterProps {
  /** The proxy mode; always written, so the cluster does not rely on a default that changes in 1.40. */
  readonly mode: KubeProxyMode;
  /**
   * Where the configuration goes. The EKS add-on accepts only `mode` (iptables or ipvs) and `ipvs.scheduler`.
   * @default 'kubeadm'
   */
  readonly distribution?: KubeProxyDistribution;
  /**
   * The cluster's Kubernetes minor version (`'1.35'`): nftables needs 1.31 or later (GA in 1.33); IPVS is
   * deprecated from 1.35.
   * @default '1.35'
   */
  readonly kubernetesVersion?: string;
  /**
   * IPVS settings; only with `mode: 'ipvs'`.
   * @default - kube-proxy's (scheduler rr, strictARP off)
   */
  readonly ipvs?: KubeProxyIpvsProps;
  /**
   * Connection tracking.
   * @default - kube-proxy's
   */
  readonly conntrack?: KubeProxyConntrackProps;
  /**
   * How often the mode's rules are fully re-synchronized (`<mode>.syncPeriod`).
   * Range: 1 s to 31 days, whole seconds.
   * @default 30 seconds (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConfiguration (`syncPeriod` of the mode)
   */
  readonly syncPeriod?: Duration;
  /**
   * Shortest time between two rule syncs (`<mode>.minSyncPeriod`): changes within it are batched; 0 syncs on every change.
   * Range: 0 s to 31 days, whole seconds.
   * @default 1 second (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConfiguration (`minSyncPeriod` of the mode)
   */
  readonly minSyncPeriod?: Duration;
  /**
   * How often the configuration from the API server is refreshed (`configSyncPeriod`).
   * Range: 1 s to 31 days, whole seconds.
   * @default 15 minutes (kube-proxy's)
   * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConfiguration (`configSyncPeriod`)
   */
  readonly configSyncPeriod?: Duration;
  /**
   * Node addresses that accept NodePort traffic: CIDRs, or `'primary'` (the node's primary IPs).
   * @default - every local address in iptables and ipvs mode; the primary addresses in nftables mode
   */
  readonly nodePortAddresses?: readonly string[] | 'primary';
  /**
   * Metrics endpoint, `host:port` (`metricsBindAddress`). `0.0.0.0:10249` lets Prometheus scrape it from the pod network.
   * @default '127.0.0.1:10249' (kube-proxy's)
   */
  readonly metricsAddress?: string;
  /**
   * The pods' CIDR (comma-separated pair for dual stack), with which kube-proxy tells local traffic apart.
   * @default - kubeadm's `networking.podSubnet`; none elsewhere
   */
  readonly clusterCidr?: string;
  /**
   * Findings of the kube-proxy checks acknowledged with a reason (id -> at least 10 characters), e.g.
   * `{ 'CT-PROXY-001': 'migration to nftables planned for Q3' }`.
   * @default - none
   */
  readonly acknowledge?: Readonly<Record<string, string>>;
}
