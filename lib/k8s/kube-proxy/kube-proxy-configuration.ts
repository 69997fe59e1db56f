import type { KubeProxySpec } from '../../model/kube-proxy/kube-proxy-spec';

/** `kubeproxy.config.k8s.io/v1alpha1` `KubeProxyConfiguration`: the fields cdk-traffic writes (kube-proxy reference). */
export interface KubeProxyConfigurationDocument {
  readonly apiVersion: 'kubeproxy.config.k8s.io/v1alpha1';
  readonly kind: 'KubeProxyConfiguration';
  readonly mode: string;
  readonly clusterCIDR?: string;
  readonly configSyncPeriod?: string;
  readonly metricsBindAddress?: string;
  readonly nodePortAddresses?: readonly string[];
  readonly conntrack?: Record<string, number | string | boolean>;
  readonly iptables?: Record<string, string>;
  readonly nftables?: Record<string, string>;
  readonly ipvs?: Record<string, unknown>;
}

/** The EKS kube-proxy add-on's `configurationValues` (schema of add-on v1.28.8-eksbuild.5). */
export interface EksKubeProxyAddonValues {
  readonly mode: 'iptables' | 'ipvs';
  readonly ipvs?: { readonly scheduler: string };
}

/** Whole seconds as a Go `time.Duration` string (`metav1.Duration`): 86400 -> "24h0m0s", 5 -> "5s", 0 -> "0s". */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Drops undefined values (so the document carries only what was set). */
function defined<T extends Record<string, unknown>>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}

const dur = (s: number | undefined) => (s === undefined ? undefined : goDuration(s));

/**
 * The KubeProxyConfiguration document: the mode always, every other field only when set (kube-proxy defaults the
 * rest). Sync periods go to the section of the mode in use.
 */
export function kubeProxyConfiguration(spec: KubeProxySpec): KubeProxyConfigurationDocument {
  const c = spec.conntrack;
  const sync = defined({ syncPeriod: dur(spec.syncPeriodSeconds), minSyncPeriod: dur(spec.minSyncPeriodSeconds) });
  const ipvs = spec.ipvs
    ? defined({
        scheduler: spec.ipvs.scheduler,
        strictARP: spec.ipvs.strictArp,
        ...sync,
        tcpTimeout: dur(spec.ipvs.tcpTimeoutSeconds),
        tcpFinTimeout: dur(spec.ipvs.tcpFinTimeoutSeconds),
        udpTimeout: dur(spec.ipvs.udpTimeoutSeconds),
        excludeCIDRs: spec.ipvs.excludeCidrs.length > 0 ? spec.ipvs.excludeCidrs : undefined,
      })
    : undefined;
  const doc = {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1' as const,
    kind: 'KubeProxyConfiguration' as const,
    mode: spec.mode,
    clusterCIDR: spec.clusterCidr,
    configSyncPeriod: dur(spec.configSyncPeriodSeconds),
    metricsBindAddress: spec.metricsBindAddress,
    nodePortAddresses: spec.nodePortAddresses,
    conntrack: defined({
      maxPerCore: c.maxPerCore,
      min: c.min,
      tcpEstablishedTimeout: dur(c.tcpEstablishedTimeoutSeconds),
      tcpCloseWaitTimeout: dur(c.tcpCloseWaitTimeoutSeconds),
      tcpBeLiberal: c.tcpBeLiberal,
      udpTimeout: dur(c.udpTimeoutSeconds),
      udpStreamTimeout: dur(c.udpStreamTimeoutSeconds),
    }),
    ...(spec.mode === 'iptables' && sync ? { iptables: sync } : {}),
    ...(spec.mode === 'nftables' && sync ? { nftables: sync } : {}),
    ...(ipvs ? { ipvs } : {}),
  };
  return defined(doc) as KubeProxyConfigurationDocument;
}

/** The EKS add-on's configuration values (the spec was checked to hold nothing else). */
export function eksAddonValues(spec: KubeProxySpec): EksKubeProxyAddonValues {
  return {
    mode: spec.mode === 'ipvs' ? 'ipvs' : 'iptables',
    ...(spec.ipvs ? { ipvs: { scheduler: spec.ipvs.scheduler } } : {}),
  };
}
