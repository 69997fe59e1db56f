import { Problems } from '../problems';
import { CiliumBgpProps, CiliumBgpSpec, resolveBgp } from './bgp';
import { CiliumChartVersion, chartVersionOf, gatewayApiForcesLbAnnotation } from './chart-versions';
import { CiliumClusterProps } from './cluster-props';
import { CiliumHelmValues } from './helm-values';
import { L2AnnouncementPolicyProps, L2AnnouncementPolicySpec, resolveL2AnnouncementPolicy } from './l2-announcement';
import { LoadBalancerIpPoolProps, LoadBalancerIpPoolSpec, checkPoolOverlaps, resolveIpPool } from './lb-ipam';
import { overlaps, parseCidr } from '../ip';
import { resolveCiliumValues } from './resolve-values';
import { selectorsMayOverlap } from './selector';

/** A cluster's whole Cilium setup: the Helm values plus the LB IPAM pools and their announcement. */
export interface CiliumClusterDefinition extends CiliumClusterProps {
  /**
   * Address pools for LoadBalancer Services (`CiliumLoadBalancerIPPool`, `cilium.io/v2`).
   * @default - none
   */
  readonly loadBalancerIpPools?: readonly LoadBalancerIpPoolProps[];
  /**
   * L2 announcement policies (need `l2Announcements.enabled`).
   * @default - none
   */
  readonly l2AnnouncementPolicies?: readonly L2AnnouncementPolicyProps[];
  /**
   * BGP peering and advertisements (need `bgpControlPlane: true`).
   * @default - none
   */
  readonly bgp?: CiliumBgpProps;
}

/** The validated setup. */
export interface CiliumClusterSpec {
  /** The chart version the values are written for. */
  readonly chartVersion: CiliumChartVersion;
  /** What that chart does with the values beyond writing them (e.g. settings it forces), one line each. */
  readonly chartNotes: readonly string[];
  readonly values: CiliumHelmValues;
  readonly pools: readonly LoadBalancerIpPoolSpec[];
  readonly l2Policies: readonly L2AnnouncementPolicySpec[];
  readonly bgp?: CiliumBgpSpec;
}

/** Resolves and cross-checks a cluster's Cilium setup; every problem goes into `problems`. */
export function resolveCiliumCluster(def: CiliumClusterDefinition, problems: Problems): CiliumClusterSpec {
  const values = resolveCiliumValues(def, problems);
  const l2Policies = (def.l2AnnouncementPolicies ?? []).map((p, i) =>
    resolveL2AnnouncementPolicy(p, problems, `l2AnnouncementPolicies[${i}]`),
  );
  // A pool is L2-announced when a policy announcing LoadBalancer IPs may select the same Services.
  const l2Announced = (pool: LoadBalancerIpPoolProps) =>
    values.l2announcements.enabled &&
    l2Policies.some((p) => p.loadBalancerIps && selectorsMayOverlap(pool.serviceSelector, p.serviceSelector));
  const pools = (def.loadBalancerIpPools ?? []).map((p, i) =>
    resolveIpPool(p, problems, `loadBalancerIpPools[${i}]`, l2Announced(p)),
  );
  checkPoolOverlaps(pools, problems, 'loadBalancerIpPools');
  const names = new Map<string, number>();
  l2Policies.forEach((p, i) => {
    const before = names.get(p.name);
    if (before !== undefined)
      problems.add(
        `l2AnnouncementPolicies[${i}].name`,
        p.name,
        `is also the name of l2AnnouncementPolicies[${before}]`,
        'give each policy its own name',
      );
    else names.set(p.name, i);
  });
  const bgp = def.bgp ? resolveBgp(def.bgp, problems, 'bgp') : undefined;

  // Objects without the agent feature that reads them do nothing.
  if (l2Policies.length > 0 && !values.l2announcements.enabled) {
    problems.add(
      'l2Announcements.enabled',
      def.l2Announcements?.enabled,
      `is off, so the ${l2Policies.length} L2 announcement polic${l2Policies.length === 1 ? 'y is' : 'ies are'} ignored`,
      'set l2Announcements.enabled: true (with kube-proxy replacement), or remove l2AnnouncementPolicies',
    );
  }
  if (bgp && !values.bgpControlPlane.enabled) {
    problems.add(
      'bgpControlPlane',
      def.bgpControlPlane,
      'is off, so the BGP cluster config, peer configs and advertisements are ignored',
      'set bgpControlPlane: true, or remove bgp',
    );
  }
  // Service addresses and pod addresses from one range would collide.
  for (const cidr of values.ipam.operator?.clusterPoolIPv4PodCIDRList ?? []) {
    const parsed = parseCidr(cidr);
    if (!parsed.ok) continue;
    pools.forEach((p, i) => {
      if (p.ranges.some((r) => overlaps(r, parsed.range))) {
        problems.add(
          `loadBalancerIpPools[${i}].blocks`,
          p.blocks,
          `overlaps the pod CIDR ${cidr} (ipam): LB IPAM could give a Service an address a pod already has`,
          "take pool addresses from outside the pod CIDRs (e.g. the nodes' LAN), or set ipam.clusterPoolIpv4PodCidrs to a range without them",
        );
      }
    });
  }
  // L2 announcements answer ARP only: IPv6 pool addresses cannot be announced without BGP.
  if (l2Policies.length > 0 && !bgp) {
    pools.forEach((p, i) => {
      if (p.ranges.some((r) => r.family === 'ipv6')) {
        problems.add(
          `loadBalancerIpPools[${i}].blocks`,
          p.blocks,
          'holds IPv6 addresses, which L2 announcements cannot announce (ARP only, no NDP)',
          'use IPv4 blocks, or announce the pool with bgp',
        );
      }
    });
  }
  const chartVersion = chartVersionOf(def);
  const chartNotes =
    values.gatewayAPI.enabled && gatewayApiForcesLbAnnotation(chartVersion)
      ? [
          `chart ${chartVersion} with Gateway API forces bpf-lb-algorithm-annotation and bpf-lb-sock-hostns-only to "true" (per-backend route weights):`,
          '  Services may choose their algorithm (service.cilium.io/lb-algorithm), and socket LB serves the host namespace only.',
        ]
      : [];
  return { chartVersion, chartNotes, values, pools, l2Policies, ...(bgp ? { bgp } : {}) };
}
