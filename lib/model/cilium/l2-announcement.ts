import { checkDnsSubdomain } from '../kubernetes-syntax';
import { isRe2Pattern } from '../re2-pattern';
import { Problems } from '../problems';
import { LabelSelector, checkSelector } from './selector';

/** A `CiliumL2AnnouncementPolicy` (`cilium.io/v2alpha1`): which nodes answer ARP for which Services' IPs, on which interfaces. */
export interface L2AnnouncementPolicyProps {
  /** Object name (cluster-scoped), a DNS subdomain. */
  readonly name: string;
  /**
   * Interfaces to announce on, as regular expressions (any match), e.g. `['^eth[0-9]+']`. They must be among the agent's devices.
   * @default - every interface
   */
  readonly interfaces?: readonly string[];
  /**
   * Nodes that may announce.
   * @default - every node
   */
  readonly nodeSelector?: LabelSelector;
  /**
   * Services to announce.
   * @default - every Service
   */
  readonly serviceSelector?: LabelSelector;
  /**
   * Announce the IPs LB IPAM assigned (`status.loadBalancer.ingress`).
   * @default true
   */
  readonly loadBalancerIps?: boolean;
  /**
   * Announce `spec.externalIPs`.
   * @default false
   */
  readonly externalIps?: boolean;
}

/** A validated L2 announcement policy. */
export interface L2AnnouncementPolicySpec {
  readonly name: string;
  readonly interfaces?: readonly string[];
  readonly nodeSelector?: LabelSelector;
  readonly serviceSelector?: LabelSelector;
  readonly loadBalancerIps: boolean;
  readonly externalIps: boolean;
}

/** Validates an L2 announcement policy. */
export function resolveL2AnnouncementPolicy(
  props: L2AnnouncementPolicyProps,
  problems: Problems,
  field: string,
): L2AnnouncementPolicySpec {
  checkDnsSubdomain(problems, `${field}.name`, props.name);
  (props.interfaces ?? []).forEach((re, i) => {
    if (re === '' || !isRe2Pattern(re)) {
      problems.add(
        `${field}.interfaces[${i}]`,
        re,
        "is not a valid RE2 regular expression (Go's regexp, which Cilium compiles it with: no lookaround, no backreferences)",
        'write a pattern such as "^eth[0-9]+" or "^bond0$"',
      );
    }
  });
  const loadBalancerIps = props.loadBalancerIps ?? true;
  const externalIps = props.externalIps ?? false;
  if (!loadBalancerIps && !externalIps) {
    problems.add(
      `${field}.loadBalancerIps`,
      props.loadBalancerIps,
      'and externalIps are both off, so the policy announces nothing',
      'set loadBalancerIps: true (or externalIps: true)',
    );
  }
  const nodeSelector = checkSelector(problems, `${field}.nodeSelector`, props.nodeSelector);
  const serviceSelector = checkSelector(problems, `${field}.serviceSelector`, props.serviceSelector);
  return {
    name: props.name,
    ...(props.interfaces && props.interfaces.length ? { interfaces: [...props.interfaces] } : {}),
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(serviceSelector ? { serviceSelector } : {}),
    loadBalancerIps,
    externalIps,
  };
}
