/**
 * The one table of target versions: per target (what the output runs on) the oldest and newest minor the library
 * supports, the default (the newest it knows, so output does not change unless targets are declared), whether it
 * may be absent, and the Gateway API channels; beside it the features that need a version, and the combinations
 * known to be broken. `docs/targets.md` is generated from here (`node scripts/run.js scripts/gen-targets-table.ts`;
 * a test fails when it is stale), `SUMMARY.md` reads it, the renderers and the `CT-TARGET-*` rules read it.
 *
 * Adding a target (a controller another part of the library starts writing for) is one entry of `TARGET_TABLE`
 * and its line in `TrafficTargetsProps` (a test holds the two together); features and combinations are entries
 * of `TARGET_FEATURES` and `TARGET_COMBINATIONS`.
 */

/** One target: something the output runs on, whose version changes what may be written. */
export interface TargetEntry {
  /** The name, for messages and docs, e.g. `Kubernetes`. */
  readonly name: string;
  /** The oldest minor the library writes for, e.g. `1.30`. */
  readonly oldest: string;
  /** The newest minor the library knows, e.g. `1.35`. */
  readonly newest: string;
  /** The version assumed when none is declared. */
  readonly default: string;
  /** Why the default is what it is, where it is not simply the newest. */
  readonly defaultWhy?: string;
  /** True when the target may be declared `'none'` (not installed): what needs it is then refused. */
  readonly mayBeAbsent: boolean;
  /** The release channels, where the target has some (Gateway API). */
  readonly channels?: readonly string[];
  /** What the library chooses from this target, for the docs. */
  readonly decides: string;
  /** The upstream reference of its versions. */
  readonly see: string;
}

/**
 * The targets. The key is the field of `TrafficTargetsProps` (`kubernetes: '1.33'`).
 * @see docs/targets.md
 */
export const TARGET_TABLE = {
  kubernetes: {
    name: 'Kubernetes',
    oldest: '1.30',
    newest: '1.35',
    default: '1.35',
    mayBeAbsent: false,
    decides:
      'the Service `trafficDistribution` value (`PreferSameZone` from 1.34, `PreferClose` before), kube-proxy modes, which pod features may be written (preStop sleep 1.30, native sidecars 1.29, `trafficDistribution` 1.31)',
    see: 'https://kubernetes.io/releases/',
  },
  gatewayApi: {
    name: 'Gateway API CRDs',
    oldest: '1.2',
    newest: '1.7',
    default: '1.6',
    defaultWhy:
      "the release whose CRDs (v1.6.1) the library's typed classes and checks are made from; declare 1.7 to write HTTPRoute `retry` in the standard channel",
    mayBeAbsent: true,
    channels: ['standard', 'experimental'],
    decides:
      "whether HTTPRoute `retry` is written (experimental channel, or standard from 1.7) and which channel the routes are written for; `gatewayApiChannel` undefined keeps each app's `traffic.gatewayApiChannel` (default standard)",
    see: 'https://gateway-api.sigs.k8s.io/concepts/versioning/',
  },
  cilium: {
    name: 'Cilium',
    oldest: '1.18',
    newest: '1.20',
    default: '1.20',
    mayBeAbsent: true,
    decides: "the cilium/cilium chart the Helm values are written for (a `CiliumCluster`'s `chartVersion` follows it)",
    see: 'https://docs.cilium.io/en/stable/network/kubernetes/compatibility/',
  },
  istio: {
    name: 'Istio',
    oldest: '1.26',
    newest: '1.30',
    default: '1.30',
    mayBeAbsent: true,
    decides: 'whether Istio exposures (VirtualService, DestinationRule, sidecar injection) may be written',
    see: 'https://istio.io/latest/docs/releases/supported-releases/',
  },
  linkerd: {
    name: 'Linkerd',
    oldest: '2.18',
    newest: '2.20',
    default: '2.20',
    mayBeAbsent: true,
    decides: 'whether Linkerd exposures may be written, and the Gateway API versions it reads (a combination)',
    see: 'https://linkerd.io/2/features/gateway-api/',
  },
  awsLoadBalancerController: {
    name: 'AWS Load Balancer Controller',
    oldest: '2.7',
    newest: '3.5',
    default: '3.5',
    mayBeAbsent: true,
    decides:
      'whether ALB Ingresses, NLB Services and TargetGroupBindings may be written (`targetGroupName` needs 2.11)',
    see: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/releases',
  },
  prometheusOperator: {
    name: 'Prometheus Operator',
    oldest: '0.70',
    newest: '0.93',
    default: '0.93',
    mayBeAbsent: true,
    decides: 'whether PodMonitors and PrometheusRules may be written (`portNumber` needs 0.79)',
    see: 'https://github.com/prometheus-operator/prometheus-operator/releases',
  },
} as const satisfies Record<string, TargetEntry>;

/** A target's key, e.g. `kubernetes`, `gatewayApi`. */
export type TargetId = keyof typeof TARGET_TABLE;

/** The targets, in the table's order. */
export const TARGET_IDS = Object.keys(TARGET_TABLE) as readonly TargetId[];

/** The entry of a target. */
export function targetEntry(id: TargetId): TargetEntry {
  return TARGET_TABLE[id];
}

/** Something the library writes only from a target version on. */
export interface TargetFeature {
  readonly target: TargetId;
  /** The first version that has it. */
  readonly since: string;
  /** What, for messages, e.g. `preStop sleep action`. */
  readonly what: string;
  readonly see: string;
}

/** The features the renderers and rules choose by (`since` compared with the declared target). */
export const TARGET_FEATURES = {
  nativeSidecars: {
    target: 'kubernetes',
    since: '1.29',
    what: 'native sidecars (init containers with restartPolicy Always)',
    see: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
  },
  preStopSleep: {
    target: 'kubernetes',
    since: '1.30',
    what: 'preStop sleep action',
    see: 'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/',
  },
  trafficDistribution: {
    target: 'kubernetes',
    since: '1.31',
    what: 'Service trafficDistribution',
    see: 'https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution',
  },
  kubeProxyNftables: {
    target: 'kubernetes',
    since: '1.33',
    what: 'kube-proxy nftables mode (GA)',
    see: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-nftables',
  },
  preferSameZone: {
    target: 'kubernetes',
    since: '1.34',
    what: 'trafficDistribution PreferSameZone (PreferClose its deprecated alias)',
    see: 'https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution',
  },
  baselineRefusesProbeHost: {
    target: 'kubernetes',
    since: '1.34',
    what: 'Pod Security baseline refuses a probe or lifecycle hook host',
    see: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  },
  gatewayApiRoutes: {
    target: 'gatewayApi',
    since: '1.2',
    what: 'HTTPRoute and GRPCRoute v1 with HTTPRoute timeouts (standard channel)',
    see: 'https://gateway-api.sigs.k8s.io/guides/http-timeouts/',
  },
  gatewayApiL4Routes: {
    target: 'gatewayApi',
    since: '1.6',
    what: 'TCPRoute and UDPRoute v1 (standard channel)',
    see: 'https://gateway-api.sigs.k8s.io/guides/tcp/',
  },
  httpRouteRetryStandard: {
    target: 'gatewayApi',
    since: '1.7',
    what: 'HTTPRoute retry in the standard channel',
    see: 'https://gateway-api.sigs.k8s.io/guides/user-guides/http-retries/',
  },
  targetGroupName: {
    target: 'awsLoadBalancerController',
    since: '2.11',
    what: 'TargetGroupBinding targetGroupName',
    see: 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/',
  },
  podMonitorPortNumber: {
    target: 'prometheusOperator',
    since: '0.79',
    what: 'PodMonitor portNumber',
    see: 'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMetricsEndpoint',
  },
} as const satisfies Record<string, TargetFeature>;

/** A feature's key, e.g. `preStopSleep`. */
export type TargetFeatureId = keyof typeof TARGET_FEATURES;

/** A combination of targets known not to work: `when` one target is in a range, `other` must be in its range. */
export interface TargetCombination {
  readonly when: { readonly target: TargetId; readonly oldest: string; readonly newest: string };
  readonly other: { readonly target: TargetId; readonly oldest?: string; readonly newest?: string };
  readonly why: string;
  readonly see: string;
}

/** The combinations known to be broken (checked when both targets are declared). */
export const TARGET_COMBINATIONS: readonly TargetCombination[] = [
  {
    when: { target: 'linkerd', oldest: '2.18', newest: '2.19' },
    other: { target: 'gatewayApi', oldest: '1.1', newest: '1.2' },
    why: 'Linkerd 2.18 and 2.19 read Gateway API 1.1.1 to 1.2.1',
    see: 'https://linkerd.io/2/features/gateway-api/',
  },
  {
    when: { target: 'linkerd', oldest: '2.20', newest: '2.20' },
    other: { target: 'gatewayApi', oldest: '1.2', newest: '1.5' },
    why: 'Linkerd 2.20 reads Gateway API 1.2.1 to 1.5.1 (and ignores a route with fields beyond 1.2.1)',
    see: 'https://linkerd.io/2/features/gateway-api/',
  },
  {
    when: { target: 'linkerd', oldest: '2.18', newest: '2.18' },
    other: { target: 'kubernetes', newest: '1.32' },
    why: 'Linkerd 2.18 supports Kubernetes up to 1.32',
    see: 'https://linkerd.io/2/reference/k8s-versions/',
  },
  {
    when: { target: 'linkerd', oldest: '2.19', newest: '2.19' },
    other: { target: 'kubernetes', oldest: '1.29', newest: '1.34' },
    why: 'Linkerd 2.19 supports Kubernetes 1.29 to 1.34',
    see: 'https://linkerd.io/2/reference/k8s-versions/',
  },
];
