import { Problems } from '../problems';
import type { CiliumServiceProps } from './dataplane-props';
import { parseIp } from '../ip';
import { LoadBalancerIpPoolSpec, isReservedEdge } from '../cilium/lb-ipam';
import { selectorMatches } from '../cilium/selector';

const SHARING_KEY = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/**
 * What Cilium is told about each of the app's LoadBalancer Services, resolved (the renderer writes it as the
 * `lbipam.cilium.io/*` and `service.cilium.io/*` annotations). Unset fields are not written.
 */
export interface CiliumServiceSpec extends Omit<CiliumServiceProps, 'ips'> {
  /** Pinned LB IPAM addresses (one per family at most; empty for none), checked against known pools at synth. */
  readonly ips: readonly string[];
}

/** No Cilium Service options. */
export const NO_CILIUM_SERVICE: CiliumServiceSpec = Object.freeze({ ips: Object.freeze([]) as readonly string[] });

/** Validates the Service options of `Dataplane.cilium({ service })` and returns them typed. */
export function resolveCiliumService(
  problems: Problems,
  field: string,
  props: CiliumServiceProps | undefined,
): CiliumServiceSpec {
  if (!props) return NO_CILIUM_SERVICE;
  const f = (n: string) => `${field}.${n}`;
  const ips = resolvePinnedIps(problems, f('ips'), props.ips);
  if (props.sharingKey !== undefined && !SHARING_KEY.test(props.sharingKey)) {
    problems.add(
      f('sharingKey'),
      props.sharingKey,
      'must be 1-63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
      'use e.g. "public-web"',
    );
  }
  if (props.lbAlgorithm !== undefined && props.lbAlgorithm !== 'maglev' && props.lbAlgorithm !== 'random') {
    problems.add(
      f('lbAlgorithm'),
      props.lbAlgorithm,
      "must be 'maglev' or 'random'",
      "use 'maglev' for consistent hashing",
    );
  }
  if (props.forwardingMode !== undefined && props.forwardingMode !== 'snat' && props.forwardingMode !== 'dsr') {
    problems.add(
      f('forwardingMode'),
      props.forwardingMode,
      "must be 'snat' or 'dsr'",
      "use 'dsr' to keep client addresses",
    );
  }
  if (props.shared !== undefined && props.global !== true) {
    problems.add(
      f('shared'),
      props.shared,
      'only applies to a global (cluster mesh) Service',
      'set `global: true`, or remove `shared`',
    );
  }
  if (props.affinity !== undefined) {
    if (!['local', 'remote', 'none'].includes(props.affinity))
      problems.add(
        f('affinity'),
        props.affinity,
        "must be 'local', 'remote' or 'none'",
        "use 'local' to prefer this cluster's backends",
      );
    else if (props.global !== true)
      problems.add(
        f('affinity'),
        props.affinity,
        'only applies to a global (cluster mesh) Service',
        'set `global: true`, or remove `affinity`',
      );
  }
  const given = <K extends keyof CiliumServiceProps>(k: K) =>
    props[k] !== undefined ? ({ [k]: props[k] } as Pick<CiliumServiceProps, K>) : {};
  return {
    ips,
    ...given('sharingKey'),
    ...given('lbAlgorithm'),
    ...given('forwardingMode'),
    ...given('global'),
    ...given('shared'),
    ...given('affinity'),
  } as CiliumServiceSpec;
}

/** The pinned LB IPAM addresses: one address per family at most. */
function resolvePinnedIps(problems: Problems, field: string, given: readonly string[] | undefined): string[] {
  const ips: string[] = [];
  if (given === undefined) return ips;
  if (given.length === 0)
    problems.add(
      field,
      given,
      'an empty list pins nothing',
      'leave `ips` out, or give the address to pin, e.g. ["192.168.10.240"]',
    );
  const families = new Map<string, number>();
  given.forEach((ip, i) => {
    const parsed = parseIp(ip);
    if (!parsed) {
      problems.add(
        `${field}[${i}]`,
        ip,
        'is not an IPv4 or IPv6 address (a CIDR or range is not allowed here)',
        'give one address, e.g. "192.168.10.240"',
      );
      return;
    }
    const before = families.get(parsed.family);
    if (before !== undefined)
      problems.add(
        `${field}[${i}]`,
        ip,
        `is a second ${parsed.family} address (ips[${before}] is one): a Service gets one address per family`,
        'pin one IPv4 and at most one IPv6 address',
      );
    else families.set(parsed.family, i);
    ips.push(ip);
  });
  return ips;
}

/**
 * Checks pinned addresses against known pools: each must lie in an enabled pool whose serviceSelector
 * matches the Service's labels, or LB IPAM never assigns it (the Service stays `<pending>`).
 */
export function checkPinnedIps(
  problems: Problems,
  field: string,
  ips: readonly string[],
  pools: readonly LoadBalancerIpPoolSpec[],
  serviceLabels: Readonly<Record<string, string>>,
): void {
  if (pools.length === 0) return;
  ips.forEach((ip, i) => {
    const parsed = parseIp(ip);
    if (!parsed) return;
    const containing = pools.filter((p) =>
      p.ranges.some((r) => r.family === parsed.family && r.first <= parsed.value && parsed.value <= r.last),
    );
    const names = pools
      .map((p) => `${p.name} (${p.blocks.map((b) => ('cidr' in b ? b.cidr : `${b.start}-${b.stop}`)).join(', ')})`)
      .join('; ');
    if (containing.length === 0) {
      problems.add(
        `${field}[${i}]`,
        ip,
        `is in no CiliumLoadBalancerIPPool (pools: ${names}), so LB IPAM never assigns it and the Service stays pending`,
        'pin an address inside a pool, or add a block holding it to a pool',
      );
      return;
    }
    const usable = containing.filter(
      (p) =>
        !p.disabled &&
        selectorMatches(p.serviceSelector, serviceLabels) &&
        !isReservedEdge(p, parsed.family, parsed.value),
    );
    if (usable.length === 0) {
      const why = containing
        .map((p) =>
          p.disabled
            ? `${p.name} is disabled`
            : !selectorMatches(p.serviceSelector, serviceLabels)
              ? `${p.name}'s serviceSelector does not match the Service's labels`
              : `${p.name} reserves the first and last address of its CIDR blocks (allowFirstLastIps: false)`,
        )
        .join('; ');
      problems.add(
        `${field}[${i}]`,
        ip,
        `lies in a pool the Service cannot use (${why})`,
        "label the Service to match the pool's serviceSelector (`labels` of the exposure), enable the pool, or pin an address that is not the first or last of a CIDR block",
      );
    }
  });
}
