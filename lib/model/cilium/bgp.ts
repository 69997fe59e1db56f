import { Duration } from 'cdk8s';
import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { checkDnsSubdomain, checkLabels } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { parseIp } from '../ip';
import { LabelSelector, checkSelector, selectorMatches, sortRecord } from './selector';

const MAX_ASN = 4294967295;

/** A BGP neighbour of a Cilium BGP instance. */
export interface BgpPeerProps {
  /** Peer name, unique within its instance. */
  readonly name: string;
  /**
   * The peer's autonomous system number (1–4294967295).
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPClusterConfig `peers[].peerASN`)
   */
  readonly peerAsn: number;
  /** The peer's IPv4 or IPv6 address. */
  readonly peerAddress: string;
  /**
   * Name of the `peerConfigs` entry with this peer's session settings and advertised families.
   * @default - Cilium's defaults (IPv4 and IPv6 unicast, nothing advertised)
   */
  readonly peerConfig?: string;
}

/** A BGP instance (a virtual router) on the selected nodes. */
export interface BgpInstanceProps {
  /** Instance name, unique within the cluster config. */
  readonly name: string;
  /**
   * The cluster's autonomous system number (1–4294967295).
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPClusterConfig `bgpInstances[].localASN`)
   */
  readonly localAsn: number;
  /**
   * Local port to listen on.
   * Range: 1-65535.
   * @default - no listener (Cilium only dials out)
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPClusterConfig `bgpInstances[].localPort`)
   */
  readonly localPort?: number;
  /** The peers. */
  readonly peers: readonly BgpPeerProps[];
}

/** Session settings shared by peers (`CiliumBGPPeerConfig`). */
export interface BgpPeerConfigProps {
  /** Object name (cluster-scoped), a DNS subdomain; peers refer to it. */
  readonly name: string;
  /**
   * Address families (unicast) to exchange.
   * @default ['ipv4']
   */
  readonly families?: readonly ('ipv4' | 'ipv6')[];
  /** Labels of the `advertisements` this peer gets; must match at least one advertisement. */
  readonly advertisementLabels: Readonly<Record<string, string>>;
  /**
   * Hold time (3s–65535s).
   * @default Duration.seconds(90)
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `timers.holdTimeSeconds`, 3-65535 s)
   */
  readonly holdTime?: Duration;
  /**
   * Keepalive interval (at most the hold time).
   * Range: 1-65535 s.
   * @default Duration.seconds(30)
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `timers.keepAliveTimeSeconds`)
   */
  readonly keepAliveTime?: Duration;
  /**
   * Wait between connection attempts.
   * Range: 1-2147483647 s.
   * @default Duration.seconds(120)
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `timers.connectRetryTimeSeconds`)
   */
  readonly connectRetryTime?: Duration;
  /**
   * Keep routes through an agent restart for this long (graceful restart, 1s–4095s).
   * @default - graceful restart off
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `gracefulRestart.restartTimeSeconds`, 1-4095 s)
   */
  readonly gracefulRestartTime?: Duration;
  /**
   * eBGP multihop TTL (1–255).
   * @default 1
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `ebgpMultihop`, 1-255)
   */
  readonly ebgpMultihop?: number;
  /**
   * Peer's TCP port.
   * Range: 1-65535.
   * @default 179
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPPeerConfig `transport.peerPort`)
   */
  readonly peerPort?: number;
  /**
   * Name of a Secret (in the BGP secrets namespace) holding the session password.
   * @default - no authentication
   */
  readonly authSecretRef?: string;
}

/** One thing to advertise. */
export interface BgpAdvertisementItem {
  /** `Service` advertises service addresses; `PodCIDR` the nodes' pod CIDRs. */
  readonly type: 'Service' | 'PodCIDR';
  /**
   * Service address kinds to advertise (type `Service` only).
   * @default ['LoadBalancerIP'] for type Service
   */
  readonly serviceAddresses?: readonly ('LoadBalancerIP' | 'ClusterIP' | 'ExternalIP')[];
  /**
   * Services to advertise (type `Service` only; not allowed for `PodCIDR`). Required for `Service`: without
   * a selector Cilium advertises no Service at all. To advertise every Service, select on a label no
   * Service carries with `NotIn` (`{ matchExpressions: [{ key: 'bgp.example.com/skip', operator: 'NotIn', values: ['true'] }] }`).
   * @default - none (an error for type `Service`)
   */
  readonly selector?: LabelSelector;
  /**
   * Standard communities, `ASN:value`, e.g. `65000:100`.
   * @default - none
   */
  readonly communities?: readonly string[];
  /**
   * LOCAL_PREF for iBGP peers.
   * Range: 0-4294967295.
   * @default - none
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/ (CiliumBGPAdvertisement `attributes.localPreference`)
   */
  readonly localPreference?: number;
}

/** A `CiliumBGPAdvertisement`: what peers whose config selects its labels get. */
export interface BgpAdvertisementProps {
  /** Object name (cluster-scoped), a DNS subdomain. */
  readonly name: string;
  /** Labels that peer configs select it by (`advertisementLabels`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The advertisements. */
  readonly advertisements: readonly BgpAdvertisementItem[];
}

/** The cluster's BGP setup: one `CiliumBGPClusterConfig`, its peer configs and advertisements. */
export interface CiliumBgpProps {
  /**
   * Name of the `CiliumBGPClusterConfig`.
   * @default 'cilium-bgp'
   */
  readonly name?: string;
  /**
   * Nodes that run the BGP instances.
   * @default - every node
   */
  readonly nodeSelector?: LabelSelector;
  /** BGP instances (1–16). */
  readonly instances: readonly BgpInstanceProps[];
  /**
   * Peer session settings referenced by peers.
   * @default - none
   */
  readonly peerConfigs?: readonly BgpPeerConfigProps[];
  /**
   * Advertisements selected by peer configs.
   * @default - none
   */
  readonly advertisements?: readonly BgpAdvertisementProps[];
}

/** Validated BGP setup (plain values the renderer maps to the CRDs). */
export interface CiliumBgpSpec {
  readonly name: string;
  readonly nodeSelector?: LabelSelector;
  readonly instances: readonly BgpInstanceProps[];
  readonly peerConfigs: readonly (Omit<
    BgpPeerConfigProps,
    'holdTime' | 'keepAliveTime' | 'connectRetryTime' | 'gracefulRestartTime'
  > & {
    readonly families: readonly ('ipv4' | 'ipv6')[];
    readonly timers?: {
      readonly holdTimeSeconds?: number;
      readonly keepAliveTimeSeconds?: number;
      readonly connectRetryTimeSeconds?: number;
    };
    readonly gracefulRestartSeconds?: number;
  })[];
  readonly advertisements: readonly BgpAdvertisementProps[];
}

const COMMUNITY = /^(\d{1,5}):(\d{1,5})$/;

function unique<T>(problems: Problems, field: string, items: readonly T[], key: (t: T) => string, what: string): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const k = key(it);
    const before = seen.get(k);
    if (before !== undefined)
      problems.add(
        `${field}[${i}].name`,
        k,
        `is also the name of ${field}[${before}]`,
        `give each ${what} its own name`,
      );
    else seen.set(k, i);
  });
}

/** Validates the BGP setup, including references between peers, peer configs and advertisements. */
export function resolveBgp(props: CiliumBgpProps, problems: Problems, field: string): CiliumBgpSpec {
  const name = props.name ?? 'cilium-bgp';
  checkDnsSubdomain(problems, `${field}.name`, name);
  const nodeSelector = checkSelector(problems, `${field}.nodeSelector`, props.nodeSelector);
  const instances = props.instances ?? [];
  if (instances.length < 1 || instances.length > 16) {
    problems.add(
      `${field}.instances`,
      instances.length,
      'must hold between 1 and 16 BGP instances',
      'declare one instance per local ASN, e.g. { name: "65010", localAsn: 65010, peers: [...] }',
    );
  }
  unique(problems, `${field}.instances`, instances, (i) => i.name, 'instance');
  const peerConfigs = props.peerConfigs ?? [];
  const advertisements = props.advertisements ?? [];
  const configNames = new Set(peerConfigs.map((c) => c.name));
  instances.forEach((inst, i) => checkInstance(inst, `${field}.instances[${i}]`, configNames, problems));

  unique(problems, `${field}.peerConfigs`, peerConfigs, (c) => c.name, 'peer config');
  const resolvedConfigs = peerConfigs.map((c, i) =>
    resolvePeerConfig(c, `${field}.peerConfigs[${i}]`, advertisements, problems),
  );

  unique(problems, `${field}.advertisements`, advertisements, (a) => a.name, 'advertisement');
  const resolvedAdverts = advertisements.map((a, i) =>
    resolveAdvertisement(a, `${field}.advertisements[${i}]`, problems),
  );

  return {
    name,
    ...(nodeSelector ? { nodeSelector } : {}),
    instances: instances.map((i) => ({ ...i, peers: [...(i.peers ?? [])] })),
    peerConfigs: resolvedConfigs,
    advertisements: resolvedAdverts,
  };
}

/** One BGP instance and its peers; a peer's `peerConfig` must name an entry of `peerConfigs`. */
function checkInstance(inst: BgpInstanceProps, f: string, configNames: ReadonlySet<string>, problems: Problems): void {
  if (!inst.name || inst.name.length > 255)
    problems.add(`${f}.name`, inst.name, 'must be 1 to 255 characters', 'name the instance, e.g. after its ASN');
  checkInt(
    problems,
    `${f}.localAsn`,
    inst.localAsn,
    0,
    1,
    MAX_ASN,
    'use your AS number, e.g. a private one from 64512–65534',
  );
  if (inst.localPort !== undefined) checkInt(problems, `${f}.localPort`, inst.localPort, 0, 1, 65535);
  unique(problems, `${f}.peers`, inst.peers ?? [], (p) => p.name, 'peer');
  (inst.peers ?? []).forEach((peer, j) => {
    const pf = `${f}.peers[${j}]`;
    if (!peer.name || peer.name.length > 255)
      problems.add(`${pf}.name`, peer.name, 'must be 1 to 255 characters', 'name the peer, e.g. "tor-1"');
    checkInt(problems, `${pf}.peerAsn`, peer.peerAsn, 0, 1, MAX_ASN, "use the router's AS number");
    if (!parseIp(peer.peerAddress ?? ''))
      problems.add(
        `${pf}.peerAddress`,
        peer.peerAddress,
        'is not an IPv4 or IPv6 address',
        'write the router\'s address, e.g. "192.168.10.1"',
      );
    if (peer.peerConfig !== undefined && !configNames.has(peer.peerConfig)) {
      problems.add(
        `${pf}.peerConfig`,
        peer.peerConfig,
        'names no entry of peerConfigs',
        `add a peer config named ${JSON.stringify(peer.peerConfig)}, or use one of ${JSON.stringify([...configNames])}`,
      );
    }
  });
}

type ResolvedPeerConfig = CiliumBgpSpec['peerConfigs'][number];

/** One peer config: families, the advertisements it selects, timers and session settings. */
function resolvePeerConfig(
  c: BgpPeerConfigProps,
  f: string,
  advertisements: readonly BgpAdvertisementProps[],
  problems: Problems,
): ResolvedPeerConfig {
  checkDnsSubdomain(problems, `${f}.name`, c.name);
  const families = c.families ?? ['ipv4'];
  if (families.length === 0 || families.some((x) => x !== 'ipv4' && x !== 'ipv6'))
    problems.add(`${f}.families`, c.families, 'must list "ipv4" and/or "ipv6"', 'use ["ipv4"] or ["ipv4", "ipv6"]');
  checkLabels(problems, `${f}.advertisementLabels`, c.advertisementLabels);
  if (Object.keys(c.advertisementLabels ?? {}).length === 0) {
    problems.add(
      `${f}.advertisementLabels`,
      c.advertisementLabels,
      'is empty, so the peer would be sent no routes',
      'set labels that one of the advertisements carries, e.g. { advertise: "bgp" }',
    );
  } else if (!advertisements.some((a) => selectorMatches({ matchLabels: c.advertisementLabels }, a.labels ?? {}))) {
    problems.add(
      `${f}.advertisementLabels`,
      c.advertisementLabels,
      'match no declared advertisement, so the peer would be sent no routes',
      `give an advertisement the labels ${JSON.stringify(c.advertisementLabels)}`,
    );
  }
  const hold = wholeSeconds(problems, `${f}.holdTime`, c.holdTime, 90, { min: 3, max: 65535 });
  const keep = wholeSeconds(problems, `${f}.keepAliveTime`, c.keepAliveTime, 30, { min: 1, max: 65535 });
  const retry = wholeSeconds(problems, `${f}.connectRetryTime`, c.connectRetryTime, 120, { min: 1, max: 2147483647 });
  if (keep > hold)
    problems.add(
      `${f}.keepAliveTime`,
      c.keepAliveTime ?? Duration.seconds(30),
      `must not be longer than the hold time (${hold}s)`,
      'use a keepalive of about a third of the hold time',
    );
  const gr =
    c.gracefulRestartTime === undefined
      ? undefined
      : wholeSeconds(problems, `${f}.gracefulRestartTime`, c.gracefulRestartTime, 120, { min: 1, max: 4095 });
  if (c.ebgpMultihop !== undefined) checkInt(problems, `${f}.ebgpMultihop`, c.ebgpMultihop, 1, 1, 255);
  if (c.peerPort !== undefined) checkInt(problems, `${f}.peerPort`, c.peerPort, 179, 1, 65535);
  const timers =
    c.holdTime || c.keepAliveTime || c.connectRetryTime
      ? {
          ...(c.holdTime ? { holdTimeSeconds: hold } : {}),
          ...(c.keepAliveTime ? { keepAliveTimeSeconds: keep } : {}),
          ...(c.connectRetryTime ? { connectRetryTimeSeconds: retry } : {}),
        }
      : undefined;
  return {
    name: c.name,
    families: [...families],
    advertisementLabels: sortRecord(c.advertisementLabels ?? {}),
    ...(timers ? { timers } : {}),
    ...(gr !== undefined ? { gracefulRestartSeconds: gr } : {}),
    ...(c.ebgpMultihop !== undefined ? { ebgpMultihop: c.ebgpMultihop } : {}),
    ...(c.peerPort !== undefined ? { peerPort: c.peerPort } : {}),
    ...(c.authSecretRef !== undefined ? { authSecretRef: c.authSecretRef } : {}),
  };
}

/** One advertisement object and its items. */
function resolveAdvertisement(a: BgpAdvertisementProps, f: string, problems: Problems): BgpAdvertisementProps {
  checkDnsSubdomain(problems, `${f}.name`, a.name);
  checkLabels(problems, `${f}.labels`, a.labels);
  if (!a.advertisements || a.advertisements.length === 0)
    problems.add(
      `${f}.advertisements`,
      a.advertisements,
      'must list at least one advertisement',
      'add { type: "Service", serviceAddresses: ["LoadBalancerIP"] }',
    );
  const items = (a.advertisements ?? []).map((item, j) =>
    resolveAdvertisementItem(item, `${f}.advertisements[${j}]`, problems),
  );
  return { name: a.name, labels: sortRecord(a.labels ?? {}), advertisements: items };
}

/** One advertised item: type, selector (required for Service, refused for PodCIDR), address kinds, communities. */
function resolveAdvertisementItem(item: BgpAdvertisementItem, itf: string, problems: Problems): BgpAdvertisementItem {
  if (item.type !== 'Service' && item.type !== 'PodCIDR')
    problems.add(
      `${itf}.type`,
      item.type,
      'is not an advertisement type this library renders',
      'use "Service" or "PodCIDR"',
    );
  if (item.type === 'PodCIDR' && item.selector)
    problems.add(`${itf}.selector`, item.selector, 'is not allowed for PodCIDR advertisements', 'remove the selector');
  if (item.type === 'Service' && !item.selector) {
    problems.add(
      `${itf}.selector`,
      item.selector,
      'is missing: without a selector Cilium advertises no Service',
      'select the Services to advertise, e.g. the LB pool\'s serviceSelector, or { matchExpressions: [{ key: "bgp.example.com/skip", operator: "NotIn", values: ["true"] }] } for every Service',
    );
  }
  if (item.type === 'PodCIDR' && item.serviceAddresses)
    problems.add(
      `${itf}.serviceAddresses`,
      item.serviceAddresses,
      'only applies to Service advertisements',
      'remove serviceAddresses, or use type "Service"',
    );
  if (item.serviceAddresses && item.serviceAddresses.length === 0)
    problems.add(
      `${itf}.serviceAddresses`,
      item.serviceAddresses,
      'must list at least one address kind',
      'use ["LoadBalancerIP"]',
    );
  (item.communities ?? []).forEach((c, k) => {
    const m = COMMUNITY.exec(c);
    if (!m || Number(m[1]) > 65535 || Number(m[2]) > 65535)
      problems.add(
        `${itf}.communities[${k}]`,
        c,
        'is not a standard community ASN:value (each 0–65535)',
        'write e.g. "65000:100"',
      );
  });
  if (item.localPreference !== undefined)
    checkInt(problems, `${itf}.localPreference`, item.localPreference, 0, 0, MAX_ASN);
  const selector = checkSelector(problems, `${itf}.selector`, item.selector);
  return {
    ...item,
    ...(item.type === 'Service' ? { serviceAddresses: [...(item.serviceAddresses ?? ['LoadBalancerIP'])] } : {}),
    ...(selector ? { selector } : {}),
  };
}
