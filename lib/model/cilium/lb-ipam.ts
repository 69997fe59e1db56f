import { checkDnsSubdomain } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { IpRange, overlaps, parseCidr, parseIp } from '../ip';
import { LabelSelector, checkSelector } from './selector';

/** One block of a pool: a CIDR, or a start/stop range (stop defaults to start: a single address). */
export type IpPoolBlock = { readonly cidr: string } | { readonly start: string; readonly stop?: string };

/** A `CiliumLoadBalancerIPPool` (`cilium.io/v2`): addresses LB IPAM gives to LoadBalancer Services. */
export interface LoadBalancerIpPoolProps {
  /** Object name (cluster-scoped), a DNS subdomain. */
  readonly name: string;
  /** The addresses, as CIDRs or ranges; blocks may not overlap each other or another pool's. */
  readonly blocks: readonly IpPoolBlock[];
  /**
   * Only Services matching this selector get addresses from the pool.
   * @default - every Service
   */
  readonly serviceSelector?: LabelSelector;
  /**
   * Hand out the first and last address of each CIDR block too (`allowFirstLastIPs: Yes`). With `false`
   * (`No`) LB IPAM reserves them; it ignores the setting for /31, /32, /127 and /128 blocks. The CRD treats
   * an unset field as `Yes`, so this library always writes it for pools with CIDR blocks.
   *
   * It defaults to `false` for a pool an L2 announcement policy may announce (its service selector can match
   * the policy's): such addresses are answered by ARP on a LAN, where the last address of a block is often
   * the LAN's broadcast address (192.168.10.255 of 192.168.10.240/28 on 192.168.10.0/24) and the first
   * may be its network address; hosts send to those as broadcasts, never to the announcing node.
   * Set `true` when the block lies inside the LAN so that neither edge is special.
   * @default - false when an L2 announcement policy may announce the pool; true otherwise (the CRD's default: BGP-routed /32s have no broadcast address)
   */
  readonly allowFirstLastIps?: boolean;
  /**
   * Stop allocating from the pool (existing allocations stay).
   * @default false
   */
  readonly disabled?: boolean;
}

/** A validated pool. */
export interface LoadBalancerIpPoolSpec {
  readonly name: string;
  readonly blocks: readonly IpPoolBlock[];
  readonly ranges: readonly IpRange[];
  readonly serviceSelector?: LabelSelector;
  /** Undefined when the pool has no CIDR block (the field applies to CIDRs only). */
  readonly allowFirstLastIps?: boolean;
  /** True when an L2 announcement policy may announce the pool's addresses. */
  readonly l2Announced: boolean;
  readonly disabled: boolean;
}

/**
 * Validates one pool's own fields (overlaps with other pools are checked by `checkPoolOverlaps`).
 * `l2Announced`: whether an L2 announcement policy may announce the pool (sets the `allowFirstLastIps` default).
 */
export function resolveIpPool(
  props: LoadBalancerIpPoolProps,
  problems: Problems,
  field: string,
  l2Announced = false,
): LoadBalancerIpPoolSpec {
  checkDnsSubdomain(problems, `${field}.name`, props.name);
  const ranges: (IpRange | undefined)[] = [];
  if (!props.blocks || props.blocks.length === 0) {
    problems.add(
      `${field}.blocks`,
      props.blocks,
      'must list at least one block',
      'add a block such as { cidr: "192.168.10.240/28" }',
    );
  }
  (props.blocks ?? []).forEach((block, i) => ranges.push(resolveBlock(block, `${field}.blocks[${i}]`, problems)));
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i];
      const b = ranges[j];
      if (a && b && overlaps(a, b)) {
        problems.add(
          `${field}.blocks[${j}]`,
          props.blocks[j],
          `overlaps blocks[${i}] of the same pool`,
          'remove or shrink one of the two blocks',
        );
      }
    }
  }
  const serviceSelector = checkSelector(problems, `${field}.serviceSelector`, props.serviceSelector);
  const hasCidr = (props.blocks ?? []).some((b) => 'cidr' in b);
  if (!hasCidr && props.allowFirstLastIps !== undefined && (props.blocks ?? []).length > 0) {
    problems.add(
      `${field}.allowFirstLastIps`,
      props.allowFirstLastIps,
      'has no effect: it applies to CIDR blocks, and the pool has only start/stop ranges',
      'remove allowFirstLastIps (a range hands out exactly the addresses from start to stop)',
    );
  }
  return {
    name: props.name,
    blocks: (props.blocks ?? []).map((b) =>
      'cidr' in b ? { cidr: b.cidr } : { start: b.start, stop: b.stop ?? b.start },
    ),
    ranges: ranges.filter((r): r is IpRange => r !== undefined),
    ...(serviceSelector ? { serviceSelector } : {}),
    ...(hasCidr ? { allowFirstLastIps: props.allowFirstLastIps ?? !l2Announced } : {}),
    l2Announced,
    disabled: props.disabled ?? false,
  };
}

/** One block's address range, or undefined (and a problem) when it is not a valid CIDR or start/stop range. */
function resolveBlock(block: IpPoolBlock, f: string, problems: Problems): IpRange | undefined {
  if ('cidr' in block) {
    const parsed = parseCidr(block.cidr);
    if (!parsed.ok) {
      problems.add(
        `${f}.cidr`,
        block.cidr,
        `is not a CIDR: it ${parsed.reason}`,
        'write address/prefix, e.g. "192.168.10.240/28"',
      );
      return undefined;
    } else if (parsed.hostBitsSet) {
      problems.add(
        `${f}.cidr`,
        block.cidr,
        'has host bits set (the address is not the start of the range)',
        'use the network address of the range, or a start/stop block',
      );
      return undefined;
    } else return parsed.range;
  } else {
    const start = parseIp(block.start);
    const stop = parseIp(block.stop ?? block.start);
    if (!start)
      problems.add(
        `${f}.start`,
        block.start,
        'is not an IPv4 or IPv6 address',
        'write an address such as "192.168.10.240"',
      );
    if (!stop)
      problems.add(
        `${f}.stop`,
        block.stop,
        'is not an IPv4 or IPv6 address',
        'write an address such as "192.168.10.250"',
      );
    if (start && stop && start.family !== stop.family) {
      problems.add(
        `${f}.stop`,
        block.stop,
        'is not of the same address family as start',
        'use two IPv4 or two IPv6 addresses',
      );
      return undefined;
    } else if (start && stop && stop.value < start.value) {
      problems.add(`${f}.stop`, block.stop, `comes before start ${JSON.stringify(block.start)}`, 'swap start and stop');
      return undefined;
    }
    return start && stop ? { family: start.family, first: start.value, last: stop.value } : undefined;
  }
}

/** Reports blocks of different pools that overlap (LB IPAM marks such pools as conflicting and allocates from neither). */
export function checkPoolOverlaps(pools: readonly LoadBalancerIpPoolSpec[], problems: Problems, field: string): void {
  const names = new Map<string, number>();
  pools.forEach((p, i) => {
    const before = names.get(p.name);
    if (before !== undefined)
      problems.add(
        `${field}[${i}].name`,
        p.name,
        `is also the name of ${field}[${before}]`,
        'give each pool its own name',
      );
    else names.set(p.name, i);
  });
  for (let i = 0; i < pools.length; i++) {
    for (let j = i + 1; j < pools.length; j++) {
      const hit = pools[j].ranges.some((b) => pools[i].ranges.some((a) => overlaps(a, b)));
      if (hit) {
        problems.add(
          `${field}[${j}].blocks`,
          pools[j].blocks,
          `overlaps pool ${JSON.stringify(pools[i].name)}: LB IPAM marks both pools as conflicting and allocates from neither`,
          "make the pools' blocks disjoint",
        );
      }
    }
  }
}

/**
 * True when LB IPAM never hands out `value` from the pool: it is the first or last address of a CIDR
 * block longer than two addresses and the pool reserves them (`allowFirstLastIps: false`).
 */
export function isReservedEdge(pool: LoadBalancerIpPoolSpec, family: IpRange['family'], value: bigint): boolean {
  if (pool.allowFirstLastIps !== false) return false;
  return pool.blocks.some((b) => {
    if (!('cidr' in b)) return false;
    const parsed = parseCidr(b.cidr);
    if (!parsed.ok || parsed.range.family !== family) return false;
    if (parsed.prefix >= (family === 'ipv4' ? 31 : 127)) return false;
    return value === parsed.range.first || value === parsed.range.last;
  });
}
