import { Duration } from 'cdk8s';
import { parseCidr, parseIp } from '../ip';
import { Problems } from '../problems';
import { IPVS_SCHEDULERS, KubeProxyClusterProps, KubeProxyDistribution, KubeProxyMode } from './kube-proxy-props';

const MODES: readonly KubeProxyMode[] = ['iptables', 'ipvs', 'nftables'];
const DISTRIBUTIONS: readonly KubeProxyDistribution[] = ['kubeadm', 'eks', 'self-managed'];
/** The Kubernetes minor versions where the modes changed (kubernetes/enhancements KEP-3866 and KEP-5495). */
export const NFTABLES_BETA_MINOR = 31;
export const NFTABLES_GA_MINOR = 33;
export const IPVS_DEPRECATED_MINOR = 35;
/** kube-proxy's default `conntrack.tcpEstablishedTimeout` (24 h) and the kernel's IPVS TCP idle timeout (900 s). */
export const DEFAULT_TCP_ESTABLISHED_SECONDS = 86400;
export const KERNEL_IPVS_TCP_TIMEOUT_SECONDS = 900;

/** The resolved kube-proxy configuration: every value typed, times in whole seconds. */
export interface KubeProxySpec {
  readonly mode: KubeProxyMode;
  readonly distribution: KubeProxyDistribution;
  readonly kubernetesVersion: { readonly major: number; readonly minor: number };
  readonly ipvs?: {
    readonly scheduler: string;
    readonly strictArp: boolean;
    readonly tcpTimeoutSeconds?: number;
    readonly tcpFinTimeoutSeconds?: number;
    readonly udpTimeoutSeconds?: number;
    readonly excludeCidrs: readonly string[];
  };
  readonly conntrack: {
    readonly maxPerCore?: number;
    readonly min?: number;
    readonly tcpEstablishedTimeoutSeconds?: number;
    readonly tcpCloseWaitTimeoutSeconds?: number;
    readonly tcpBeLiberal?: boolean;
    readonly udpTimeoutSeconds?: number;
    readonly udpStreamTimeoutSeconds?: number;
  };
  readonly syncPeriodSeconds?: number;
  readonly minSyncPeriodSeconds?: number;
  readonly configSyncPeriodSeconds?: number;
  /** Undefined: kube-proxy's default for the mode. */
  readonly nodePortAddresses?: readonly string[];
  readonly metricsBindAddress?: string;
  readonly clusterCidr?: string;
  readonly acknowledge: Readonly<Record<string, string>>;
}

/** A Duration in whole seconds within [min, max], or undefined (with a problem) when it is not. */
function seconds(problems: Problems, field: string, value: unknown, min: number, max = 31 * 86400): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration)) {
    problems.add(
      field,
      value,
      'must be a Duration',
      `use Duration.seconds(n), Duration.minutes(n) or Duration.hours(n)`,
    );
    return undefined;
  }
  let s: number;
  try {
    s = value.toSeconds();
  } catch {
    problems.add(field, value, 'must be a whole number of seconds', 'use Duration.seconds(n) with a whole n');
    return undefined;
  }
  if (s < min || s > max) {
    problems.add(field, value, `must be between ${min} s and ${max} s`, `use a duration from ${min} s to ${max} s`);
    return undefined;
  }
  return s;
}

function int(problems: Problems, field: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.add(
      field,
      value,
      `must be a whole number between ${min} and ${max}`,
      `set ${field} to a whole number from ${min} to ${max}`,
    );
    return undefined;
  }
  return value;
}

function bool(problems: Problems, field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  problems.add(field, value, 'must be true or false', `set ${field} to true or false`);
  return undefined;
}

function cidrs(problems: Problems, field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(field, value, 'must be a list of CIDRs', `write ${field} as ['10.0.0.0/8', ...]`);
    return [];
  }
  value.forEach((c, i) => {
    if (typeof c !== 'string' || !parseCidr(c).ok)
      problems.add(`${field}[${i}]`, c, 'is not a CIDR', 'write an IPv4 or IPv6 CIDR such as "10.0.0.0/8"');
  });
  return value.filter((c): c is string => typeof c === 'string');
}

/** `host:port` with an IP host (IPv6 in brackets) and a port 1-65535. */
function hostPort(problems: Problems, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(value) : null;
  const ip = m ? parseIp(m[1] ?? m[2]) : undefined;
  const port = m ? Number(m[3]) : 0;
  if (!m || !ip || port < 1 || port > 65535 || (m[1] !== undefined) !== (ip.family === 'ipv6')) {
    problems.add(
      field,
      value,
      'must be an IP address and port, `host:port` (IPv6 as `[addr]:port`)',
      'write e.g. "0.0.0.0:10249" (all interfaces) or "127.0.0.1:10249"',
    );
    return undefined;
  }
  return value as string;
}

/** Resolves and checks a cluster's kube-proxy settings; every problem goes into `problems`. */
export function resolveKubeProxy(props: KubeProxyClusterProps, problems: Problems): KubeProxySpec {
  const p = (props ?? {}) as KubeProxyClusterProps;
  const { mode, distribution, kubernetesVersion } = resolveModeAndVersion(p, problems);
  const ipvs = resolveIpvs(p, mode, problems);
  const conntrack = resolveConntrack(p, problems);
  const periods = resolveSyncPeriods(p, problems);
  const addresses = resolveAddresses(p, problems);
  const acknowledge = checkAcknowledge(p, problems);
  if (distribution === 'eks') checkEksAddon(p, mode, problems);

  return {
    mode,
    distribution,
    kubernetesVersion,
    ...(ipvs ? { ipvs } : {}),
    conntrack,
    ...periods,
    ...addresses,
    acknowledge,
  };
}

/** The proxy mode, the distribution, and the cluster's Kubernetes version (nftables needs 1.31 or later). */
function resolveModeAndVersion(
  p: KubeProxyClusterProps,
  problems: Problems,
): Pick<KubeProxySpec, 'mode' | 'distribution' | 'kubernetesVersion'> {
  let mode = p.mode;
  if (!MODES.includes(mode)) {
    problems.add(
      'mode',
      mode,
      `is not a kube-proxy mode (${MODES.join(', ')})`,
      "set mode: 'nftables' (GA since Kubernetes 1.33), 'iptables', or 'ipvs'",
    );
    mode = 'iptables';
  }
  let distribution = p.distribution ?? 'kubeadm';
  if (!DISTRIBUTIONS.includes(distribution)) {
    problems.add(
      'distribution',
      distribution,
      `is not one of ${DISTRIBUTIONS.join(', ')}`,
      "set distribution: 'kubeadm', 'eks' or 'self-managed'",
    );
    distribution = 'kubeadm';
  }
  const versionText = p.kubernetesVersion ?? '1.35';
  const vm = typeof versionText === 'string' ? /^v?(1)\.(\d{1,2})(?:\.\d+)?$/.exec(versionText) : null;
  if (!vm)
    problems.add(
      'kubernetesVersion',
      versionText,
      'must be a Kubernetes version such as "1.35"',
      'write the cluster\'s major.minor version, e.g. "1.35"',
    );
  const kubernetesVersion = vm ? { major: Number(vm[1]), minor: Number(vm[2]) } : { major: 1, minor: 35 };
  if (mode === 'nftables' && kubernetesVersion.minor < NFTABLES_BETA_MINOR) {
    problems.add(
      'mode',
      mode,
      `needs Kubernetes 1.${NFTABLES_BETA_MINOR} or later (beta, on by default; GA in 1.${NFTABLES_GA_MINOR}), the cluster runs ${versionText}`,
      "upgrade the cluster to 1.33 or later, or use mode 'iptables'",
    );
  }
  return { mode, distribution, kubernetesVersion };
}

/** IPVS settings, only in mode ipvs. */
function resolveIpvs(p: KubeProxyClusterProps, mode: KubeProxyMode, problems: Problems): KubeProxySpec['ipvs'] {
  if (p.ipvs !== undefined && mode !== 'ipvs') {
    problems.add('ipvs', p.ipvs, `applies only to mode 'ipvs' (mode is '${mode}')`, "remove ipvs, or set mode: 'ipvs'");
  }
  if (mode !== 'ipvs') return undefined;
  const v = p.ipvs ?? {};
  const scheduler = v.scheduler ?? 'rr';
  if (!IPVS_SCHEDULERS.includes(scheduler)) {
    problems.add(
      'ipvs.scheduler',
      scheduler,
      `is not an IPVS scheduler (${IPVS_SCHEDULERS.join(', ')})`,
      "use 'rr' (round robin), 'lc' (least connection) or another of the listed schedulers",
    );
  }
  return {
    scheduler,
    strictArp: bool(problems, 'ipvs.strictArp', v.strictArp) ?? false,
    tcpTimeoutSeconds: seconds(problems, 'ipvs.tcpTimeout', v.tcpTimeout, 1),
    tcpFinTimeoutSeconds: seconds(problems, 'ipvs.tcpFinTimeout', v.tcpFinTimeout, 1),
    udpTimeoutSeconds: seconds(problems, 'ipvs.udpTimeout', v.udpTimeout, 1),
    excludeCidrs: cidrs(problems, 'ipvs.excludeCidrs', v.excludeCidrs),
  };
}

/** Connection tracking limits and timeouts. */
function resolveConntrack(p: KubeProxyClusterProps, problems: Problems): KubeProxySpec['conntrack'] {
  if (
    p.conntrack !== undefined &&
    (typeof p.conntrack !== 'object' || p.conntrack === null || Array.isArray(p.conntrack))
  )
    problems.add(
      'conntrack',
      p.conntrack,
      'must be an object',
      'write e.g. { tcpEstablishedTimeout: Duration.hours(1) }, or leave it out',
    );
  const c = p.conntrack && typeof p.conntrack === 'object' && !Array.isArray(p.conntrack) ? p.conntrack : {};
  const conntrack = {
    maxPerCore: int(problems, 'conntrack.maxPerCore', c.maxPerCore, 0, 2 ** 31 - 1),
    min: int(problems, 'conntrack.min', c.min, 0, 2 ** 31 - 1),
    tcpEstablishedTimeoutSeconds: seconds(problems, 'conntrack.tcpEstablishedTimeout', c.tcpEstablishedTimeout, 1),
    tcpCloseWaitTimeoutSeconds: seconds(problems, 'conntrack.tcpCloseWaitTimeout', c.tcpCloseWaitTimeout, 1),
    tcpBeLiberal: bool(problems, 'conntrack.tcpBeLiberal', c.tcpBeLiberal),
    udpTimeoutSeconds: seconds(problems, 'conntrack.udpTimeout', c.udpTimeout, 1),
    udpStreamTimeoutSeconds: seconds(problems, 'conntrack.udpStreamTimeout', c.udpStreamTimeout, 1),
  };
  if (conntrack.min !== undefined && conntrack.maxPerCore === 0) {
    problems.add(
      'conntrack.min',
      c.min,
      'is ignored with maxPerCore 0 (which leaves the kernel limit as it is)',
      'remove min, or set maxPerCore above 0',
    );
  }
  return conntrack;
}

/** The sync periods (minSyncPeriod at most syncPeriod). */
function resolveSyncPeriods(
  p: KubeProxyClusterProps,
  problems: Problems,
): Pick<KubeProxySpec, 'syncPeriodSeconds' | 'minSyncPeriodSeconds' | 'configSyncPeriodSeconds'> {
  const syncPeriodSeconds = seconds(problems, 'syncPeriod', p.syncPeriod, 1);
  const minSyncPeriodSeconds = seconds(problems, 'minSyncPeriod', p.minSyncPeriod, 0);
  if (
    syncPeriodSeconds !== undefined &&
    minSyncPeriodSeconds !== undefined &&
    minSyncPeriodSeconds > syncPeriodSeconds
  ) {
    problems.add(
      'minSyncPeriod',
      p.minSyncPeriod,
      `is longer than syncPeriod (${syncPeriodSeconds} s)`,
      'keep minSyncPeriod at or below syncPeriod',
    );
  }
  const configSyncPeriodSeconds = seconds(problems, 'configSyncPeriod', p.configSyncPeriod, 1);
  return { syncPeriodSeconds, minSyncPeriodSeconds, configSyncPeriodSeconds };
}

/** NodePort addresses, the metrics address and the cluster CIDR. */
function resolveAddresses(
  p: KubeProxyClusterProps,
  problems: Problems,
): Pick<KubeProxySpec, 'nodePortAddresses' | 'metricsBindAddress' | 'clusterCidr'> {
  let nodePortAddresses: string[] | undefined;
  if (p.nodePortAddresses === 'primary') nodePortAddresses = ['primary'];
  else if (p.nodePortAddresses !== undefined) {
    nodePortAddresses = cidrs(problems, 'nodePortAddresses', p.nodePortAddresses);
    if (Array.isArray(p.nodePortAddresses) && p.nodePortAddresses.length === 0) {
      problems.add(
        'nodePortAddresses',
        p.nodePortAddresses,
        'is empty, which kube-proxy reads as "every local address"',
        "remove it for the mode's default, or list CIDRs, or write 'primary'",
      );
    }
  }
  const metricsBindAddress = hostPort(problems, 'metricsAddress', p.metricsAddress);
  let clusterCidr: string | undefined;
  if (p.clusterCidr !== undefined) {
    const parts = typeof p.clusterCidr === 'string' ? p.clusterCidr.split(',') : [];
    const families = parts.map((x) => x.includes(':'));
    if (
      parts.length < 1 ||
      parts.length > 2 ||
      parts.some((x) => !parseCidr(x).ok) ||
      (parts.length === 2 && families[0] === families[1])
    ) {
      problems.add(
        'clusterCidr',
        p.clusterCidr,
        'must be a CIDR, or an IPv4,IPv6 pair for dual stack',
        'write e.g. "10.244.0.0/16" or "10.244.0.0/16,fd00:10:244::/56"',
      );
    } else clusterCidr = p.clusterCidr;
  }
  return { nodePortAddresses, metricsBindAddress, clusterCidr };
}

/** Acknowledged kube-proxy checks: a CT-PROXY id and a reason each. */
function checkAcknowledge(p: KubeProxyClusterProps, problems: Problems): Readonly<Record<string, string>> {
  const acknowledge = p.acknowledge ?? {};
  for (const [id, reason] of Object.entries(acknowledge)) {
    if (!/^CT-PROXY-\d{3}$/.test(id))
      problems.add(
        `acknowledge.${id}`,
        id,
        'is not the id of a kube-proxy check',
        'use an id printed with a kube-proxy warning (CT-PROXY-0xx)',
      );
    if (typeof reason !== 'string' || reason.trim().length < 10)
      problems.add(
        `acknowledge.${id}`,
        reason,
        'needs a reason of at least 10 characters',
        'say why the finding is accepted',
      );
  }
  return acknowledge;
}

/** What the EKS kube-proxy add-on schema (v1.28.8-eksbuild.5) accepts: `mode` iptables|ipvs and `ipvs.scheduler`. */
function checkEksAddon(p: KubeProxyClusterProps, mode: KubeProxyMode, problems: Problems): void {
  const fix =
    "remove it for distribution 'eks' (the add-on's configurationValues accept only mode and ipvs.scheduler: see `aws eks describe-addon-configuration --addon-name kube-proxy`), or manage kube-proxy yourself (distribution 'self-managed')";
  if (mode === 'nftables') {
    problems.add(
      'mode',
      mode,
      "is not accepted by the EKS kube-proxy add-on's configuration schema (mode: iptables or ipvs)",
      "use mode 'iptables' on EKS, or distribution 'self-managed'",
    );
  }
  const unsupported: [string, unknown][] = [
    ['ipvs.strictArp', p.ipvs?.strictArp],
    ['ipvs.tcpTimeout', p.ipvs?.tcpTimeout],
    ['ipvs.tcpFinTimeout', p.ipvs?.tcpFinTimeout],
    ['ipvs.udpTimeout', p.ipvs?.udpTimeout],
    ['ipvs.excludeCidrs', p.ipvs?.excludeCidrs],
    ['conntrack', p.conntrack],
    ['syncPeriod', p.syncPeriod],
    ['minSyncPeriod', p.minSyncPeriod],
    ['configSyncPeriod', p.configSyncPeriod],
    ['nodePortAddresses', p.nodePortAddresses],
    ['metricsAddress', p.metricsAddress],
    ['clusterCidr', p.clusterCidr],
  ];
  for (const [field, value] of unsupported) {
    if (value !== undefined) problems.add(field, value, 'is not a setting of the EKS kube-proxy add-on', fix);
  }
}
