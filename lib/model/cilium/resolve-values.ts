import { Duration } from 'cdk8s';
import { checkInt } from '../integers';
import { Problems } from '../problems';
import { CiliumClusterProps, HUBBLE_METRICS, MAGLEV_TABLE_SIZES } from './cluster-props';
import { CiliumHelmValues, sortKeysDeep } from './helm-values';
import {
  CiliumChartVersion,
  SUPPORTED_CILIUM_CHARTS,
  VERSION_GATED_VALUES,
  compareVersions,
  gatewayApiForcesLbAnnotation,
  resolveChartVersion,
} from './chart-versions';
import { IpRange, overlaps, parseCidr, parseIp } from '../ip';

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i;
const HASH_SEED = /^[A-Za-z0-9+/]{16}$/;
/** The agent's API client rate limit when `k8sClientRateLimit` is null (values.yaml of 1.18.12, 1.19.6 and 1.20.0: `@default -- 10` / `20`). */
const CHART_CLIENT_QPS = 10;
const CHART_CLIENT_BURST = 20;
/** The chart's `envoy.httpRetryCount` (1.18.12, 1.19.6 and 1.20.0): Envoy's retries of a failed request. */
export const CHART_HTTP_RETRY_COUNT = 3;

/** The chart's `envoy.streamIdleTimeoutDurationSeconds` (1.18.12, 1.19.6 and 1.20.0). */
const CHART_STREAM_IDLE_SECONDS = 300;
/** Announced Services assumed when sizing the client rate limit for L2 announcements. */
const DEFAULT_L2_SERVICES = 10;
const KPR_FIX =
  'set kubeProxyReplacement: true (with k8sServiceHost and k8sServicePort) and run the cluster without kube-proxy';

/** Converts a Duration to a Go duration string (`15s`, `200ms`); reports values that are not positive whole milliseconds. */
function goDuration(problems: Problems, field: string, d: Duration | undefined): { text?: string; ms?: number } {
  if (d === undefined) return {};
  let ms: number;
  try {
    ms = d.toMilliseconds();
  } catch {
    problems.add(field, d, 'must be a whole number of milliseconds', 'use Duration.millis(n) or Duration.seconds(n)');
    return {};
  }
  if (!Number.isInteger(ms) || ms <= 0) {
    problems.add(field, d, 'must be a positive whole number of milliseconds', 'use e.g. Duration.seconds(5)');
    return {};
  }
  return { text: ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`, ms };
}

/** Names a field of `CiliumClusterProps` under the caller's prefix. */
type FieldName = (name: string) => string;
type LoadBalancerProps = NonNullable<CiliumClusterProps['loadBalancer']>;
type BpfValues = { masquerade?: boolean; lbAlgorithmAnnotation?: boolean; lbModeAnnotation?: boolean };

/**
 * Resolves the cluster's Cilium settings into Helm values, reporting every invalid value and every
 * combination the Cilium agent or chart rejects (or that silently does nothing) into `problems`.
 * Fields are named as in `CiliumClusterProps`, under `prefix` when given.
 */
export function resolveCiliumValues(props: CiliumClusterProps, problems: Problems, prefix = ''): CiliumHelmValues {
  const f: FieldName = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const kpr = props.kubeProxyReplacement ?? true;
  const l7Proxy = props.l7Proxy ?? true;
  const chart = resolveChartVersion(problems, f('chartVersion'), props.chartVersion);
  const { host, port } = resolveApiServer(props, problems, f, kpr);
  const lb = resolveLoadBalancing(props, problems, f, kpr);
  const routing = resolveRouting(props, problems, f, lb.mode);
  const ipam = resolveIpam(props, problems, f, routing.routingMode, routing.nativeCidr, routing.nativeRange);
  // eBPF masquerading.
  if (props.bpfMasquerade && !kpr) {
    problems.add(
      f('bpfMasquerade'),
      true,
      'needs kube-proxy replacement: eBPF masquerading depends on the eBPF NodePort implementation',
      KPR_FIX,
    );
  }
  const { gatewayApi, ingress, ingressEnabled } = resolveEnvoyListeners(props, problems, f, chart, lb.bpf);
  const l2 = resolveL2Leases(props, problems, f, kpr);
  const streamIdleSeconds = resolveEnvoy(props, problems, f, l7Proxy);
  const httpRetries = resolveRetries(props, problems, f, l7Proxy);
  checkVersionGatedValues(props, problems, f, chart);
  const hubble = resolveHubble(props, problems, f);
  const { qps, burst } = resolveClientRateLimit(props, problems, f, l2);
  const { dur, renew, retry } = l2;
  const values: CiliumHelmValues = {
    kubeProxyReplacement: kpr,
    ...(host !== undefined ? { k8sServiceHost: host } : {}),
    ...(port !== undefined ? { k8sServicePort: port } : {}),
    routingMode: routing.routingMode,
    ...(routing.tunnelProtocol !== undefined ? { tunnelProtocol: routing.tunnelProtocol } : {}),
    ...(routing.nativeCidr !== undefined ? { ipv4NativeRoutingCIDR: routing.nativeCidr } : {}),
    ...(routing.routingMode === 'native' ? { autoDirectNodeRoutes: props.routing?.autoDirectNodeRoutes ?? false } : {}),
    ipam,
    loadBalancer: {
      algorithm: lb.algorithm,
      mode: lb.mode,
      acceleration: lb.acceleration,
      ...(routing.dsrDispatch !== undefined ? { dsrDispatch: routing.dsrDispatch } : {}),
    },
    ...(lb.maglev ? { maglev: lb.maglev } : {}),
    ...(Object.keys(lb.bpf).length > 0 ? { bpf: lb.bpf } : {}),
    l7Proxy,
    ...(l7Proxy ? { envoy: { streamIdleTimeoutDurationSeconds: streamIdleSeconds, ...httpRetries } } : {}),
    gatewayAPI: { enabled: gatewayApi },
    ingressController: ingressEnabled
      ? { enabled: true, loadbalancerMode: ingress.loadBalancerMode ?? 'dedicated', default: ingress.default ?? false }
      : { enabled: false },
    l2announcements: {
      enabled: l2.enabled,
      ...(l2.enabled && dur.text ? { leaseDuration: dur.text } : {}),
      ...(l2.enabled && renew.text ? { leaseRenewDeadline: renew.text } : {}),
      ...(l2.enabled && retry.text ? { leaseRetryPeriod: retry.text } : {}),
    },
    bgpControlPlane: { enabled: props.bgpControlPlane ?? false },
    hubble: {
      enabled: hubble.enabled,
      relay: { enabled: hubble.relay },
      ui: { enabled: hubble.ui },
      ...(hubble.metrics.length > 0 ? { metrics: { enabled: [...hubble.metrics] } } : {}),
    },
    ...(qps !== undefined || burst !== undefined
      ? { k8sClientRateLimit: { ...(qps !== undefined ? { qps } : {}), ...(burst !== undefined ? { burst } : {}) } }
      : {}),
  };
  return Object.freeze(sortKeysDeep(values));
}

/** API server access without kube-proxy. */
function resolveApiServer(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  kpr: boolean,
): { host?: string; port?: number } {
  const host = props.k8sServiceHost;
  if (host !== undefined) {
    const ok = host === 'auto' || parseIp(host) !== undefined || HOSTNAME.test(host);
    if (!ok)
      problems.add(
        f('k8sServiceHost'),
        host,
        'must be an IP address, a DNS name (no scheme, no port) or "auto"',
        'write only the host, e.g. "10.0.0.10" or "api.cluster.example"',
      );
  }
  if (kpr && host === undefined) {
    problems.add(
      f('k8sServiceHost'),
      host,
      'is required with kube-proxy replacement: without kube-proxy the agents cannot reach the API server through the kubernetes Service',
      'set k8sServiceHost to the API server address (a load-balanced address for HA control planes)',
    );
  }
  const port =
    props.k8sServicePort === undefined
      ? undefined
      : checkInt(
          problems,
          f('k8sServicePort'),
          props.k8sServicePort,
          0,
          1,
          65535,
          'use the API server port, e.g. 6443',
        );
  if (kpr && host !== 'auto' && props.k8sServicePort === undefined) {
    problems.add(
      f('k8sServicePort'),
      undefined,
      'is required with kube-proxy replacement',
      'set k8sServicePort to the API server port, e.g. 6443',
    );
  }
  return { host, port };
}

type LbValues = CiliumHelmValues['loadBalancer'];

interface LoadBalancing {
  algorithm: LbValues['algorithm'];
  mode: LbValues['mode'];
  acceleration: LbValues['acceleration'];
  bpf: BpfValues;
  maglev: CiliumHelmValues['maglev'];
}

/** Load balancing: algorithm, forwarding mode, acceleration, Maglev, and what needs kube-proxy replacement. */
function resolveLoadBalancing(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  kpr: boolean,
): LoadBalancing {
  const lb = props.loadBalancer ?? {};
  const algorithm = lb.algorithm ?? 'random';
  const mode = lb.mode ?? 'snat';
  const acceleration = lb.acceleration ?? 'disabled';
  const bpf: BpfValues = {
    ...(props.bpfMasquerade !== undefined ? { masquerade: props.bpfMasquerade } : {}),
    ...(lb.perServiceAlgorithm ? { lbAlgorithmAnnotation: true } : {}),
    ...(lb.perServiceMode ? { lbModeAnnotation: true } : {}),
  };
  if (lb.perServiceMode && !kpr)
    problems.add(
      f('loadBalancer.perServiceMode'),
      true,
      'needs kube-proxy replacement: the forwarding mode is a setting of the eBPF load balancer',
      KPR_FIX,
    );
  if (lb.perServiceAlgorithm && !kpr)
    problems.add(
      f('loadBalancer.perServiceAlgorithm'),
      true,
      'needs kube-proxy replacement: the algorithm is a setting of the eBPF load balancer',
      KPR_FIX,
    );
  if (!['random', 'maglev'].includes(algorithm))
    problems.add(
      f('loadBalancer.algorithm'),
      algorithm,
      'is not a load balancing algorithm',
      'use "random" or "maglev"',
    );
  if (!['snat', 'dsr', 'hybrid'].includes(mode))
    problems.add(f('loadBalancer.mode'), mode, 'is not a load balancer mode', 'use "snat", "dsr" or "hybrid"');
  if (!['disabled', 'native', 'best-effort'].includes(acceleration))
    problems.add(
      f('loadBalancer.acceleration'),
      acceleration,
      'is not an acceleration mode',
      'use "disabled", "native" or "best-effort"',
    );
  const maglev = resolveMaglev(lb, problems, f, algorithm);
  if (!kpr) checkLoadBalancingWithoutKpr(problems, f, algorithm, mode, acceleration);
  return { algorithm, mode, acceleration, bpf, maglev };
}

/** Maglev's table size and hash seed, only with the maglev algorithm. */
function resolveMaglev(
  lb: LoadBalancerProps,
  problems: Problems,
  f: FieldName,
  algorithm: string,
): CiliumHelmValues['maglev'] {
  if (algorithm === 'maglev') {
    const tableSize = lb.maglevTableSize ?? 16381;
    if (!MAGLEV_TABLE_SIZES.includes(tableSize)) {
      const above = MAGLEV_TABLE_SIZES.find((s) => s >= tableSize) ?? 131071;
      problems.add(
        f('loadBalancer.maglevTableSize'),
        lb.maglevTableSize,
        `is not a Maglev table size Cilium accepts (${MAGLEV_TABLE_SIZES.join(', ')})`,
        `use ${above} (more than 100 times the largest backend count of a service)`,
      );
    }
    if (lb.maglevHashSeed !== undefined && !HASH_SEED.test(lb.maglevHashSeed)) {
      problems.add(
        f('loadBalancer.maglevHashSeed'),
        lb.maglevHashSeed,
        'must be 12 bytes in base64 (16 characters)',
        'generate one with `head -c12 /dev/urandom | base64 -w0` and keep it the same on every node',
      );
    }
    return { tableSize, ...(lb.maglevHashSeed !== undefined ? { hashSeed: lb.maglevHashSeed } : {}) };
  }
  if (lb.maglevTableSize !== undefined)
    problems.add(
      f('loadBalancer.maglevTableSize'),
      lb.maglevTableSize,
      'has no effect unless the algorithm is maglev',
      'set loadBalancer.algorithm: "maglev", or remove maglevTableSize',
    );
  if (lb.maglevHashSeed !== undefined)
    problems.add(
      f('loadBalancer.maglevHashSeed'),
      lb.maglevHashSeed,
      'has no effect unless the algorithm is maglev',
      'set loadBalancer.algorithm: "maglev", or remove maglevHashSeed',
    );
  return undefined;
}

/** Without kube-proxy replacement, kube-proxy balances Services: the eBPF load balancer's settings are ignored. */
function checkLoadBalancingWithoutKpr(
  problems: Problems,
  f: FieldName,
  algorithm: string,
  mode: string,
  acceleration: string,
): void {
  if (algorithm !== 'random')
    problems.add(
      f('loadBalancer.algorithm'),
      algorithm,
      'needs kube-proxy replacement: without it kube-proxy balances services and the setting is ignored',
      KPR_FIX,
    );
  if (mode !== 'snat')
    problems.add(
      f('loadBalancer.mode'),
      mode,
      'needs kube-proxy replacement: DSR and hybrid are modes of the eBPF NodePort implementation',
      KPR_FIX,
    );
  if (acceleration !== 'disabled')
    problems.add(
      f('loadBalancer.acceleration'),
      acceleration,
      'needs kube-proxy replacement: XDP accelerates the eBPF NodePort implementation',
      KPR_FIX,
    );
}

interface Routing {
  routingMode: CiliumHelmValues['routingMode'];
  dsrDispatch?: LbValues['dsrDispatch'];
  tunnelProtocol?: CiliumHelmValues['tunnelProtocol'];
  nativeCidr?: string;
  nativeRange?: IpRange;
}

/** Routing and DSR dispatch. */
function resolveRouting(props: CiliumClusterProps, problems: Problems, f: FieldName, mode: LbValues['mode']): Routing {
  const routing = props.routing ?? {};
  const routingMode = routing.mode ?? 'tunnel';
  if (!['tunnel', 'native'].includes(routingMode))
    problems.add(f('routing.mode'), routingMode, 'is not a routing mode', 'use "tunnel" or "native"');
  const usesDsr = mode === 'dsr' || mode === 'hybrid';
  const dsrDispatch = resolveDsrDispatch(props, problems, f, usesDsr, routingMode);
  const tunnelProtocol =
    routing.tunnelProtocol ?? (dsrDispatch === 'geneve' ? 'geneve' : routingMode === 'tunnel' ? 'vxlan' : undefined);
  if (routing.tunnelProtocol !== undefined && !['vxlan', 'geneve'].includes(routing.tunnelProtocol))
    problems.add(
      f('routing.tunnelProtocol'),
      routing.tunnelProtocol,
      'is not a tunnel protocol',
      'use "vxlan" or "geneve"',
    );
  if (usesDsr && routingMode === 'tunnel' && dsrDispatch === 'opt') {
    problems.add(
      f('loadBalancer.dsrDispatch'),
      'opt',
      `cannot carry ${mode} under tunnel routing: the agent requires Geneve dispatch there`,
      'set loadBalancer.dsrDispatch: "geneve" with routing.tunnelProtocol: "geneve", or use routing.mode: "native"',
    );
  }
  if (usesDsr && dsrDispatch === 'geneve' && routing.tunnelProtocol === 'vxlan') {
    problems.add(
      f('routing.tunnelProtocol'),
      'vxlan',
      `cannot be used with ${mode} mode and Geneve dispatch: the agent requires the Geneve tunnel protocol (DSR does not work over VXLAN)`,
      'set routing.tunnelProtocol: "geneve", or loadBalancer.mode: "snat"',
    );
  }
  const native = resolveNativeRouting(props, problems, f, routingMode);
  return { routingMode, dsrDispatch, tunnelProtocol, ...native };
}

/** The DSR dispatch mode: only with DSR or hybrid, Geneve under tunnel routing by default. */
function resolveDsrDispatch(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  usesDsr: boolean,
  routingMode: string,
): LbValues['dsrDispatch'] {
  let dsrDispatch = props.loadBalancer?.dsrDispatch;
  if (!usesDsr && dsrDispatch !== undefined) {
    problems.add(
      f('loadBalancer.dsrDispatch'),
      dsrDispatch,
      'has no effect in snat mode',
      'set loadBalancer.mode to "dsr" or "hybrid", or remove dsrDispatch',
    );
    dsrDispatch = undefined;
  }
  if (usesDsr) dsrDispatch ??= routingMode === 'tunnel' ? 'geneve' : 'opt';
  if (dsrDispatch !== undefined && !['opt', 'geneve'].includes(dsrDispatch))
    problems.add(
      f('loadBalancer.dsrDispatch'),
      dsrDispatch,
      'is not a DSR dispatch mode',
      'use "opt" (native routing) or "geneve"',
    );
  return dsrDispatch;
}

/** The native routing CIDR (required with native routing) and direct node routes (not under tunnel routing). */
function resolveNativeRouting(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  routingMode: string,
): { nativeCidr?: string; nativeRange?: IpRange } {
  const routing = props.routing ?? {};
  let nativeCidr: string | undefined;
  let nativeRange: IpRange | undefined;
  if (routing.ipv4NativeRoutingCidr !== undefined) {
    const parsed = parseCidr(routing.ipv4NativeRoutingCidr);
    if (!parsed.ok || parsed.range.family !== 'ipv4') {
      problems.add(
        f('routing.ipv4NativeRoutingCidr'),
        routing.ipv4NativeRoutingCidr,
        `is not an IPv4 CIDR${parsed.ok ? '' : ` (${parsed.reason})`}`,
        'write the pod network as a CIDR, e.g. "10.244.0.0/16"',
      );
    } else if (parsed.hostBitsSet) {
      problems.add(
        f('routing.ipv4NativeRoutingCidr'),
        routing.ipv4NativeRoutingCidr,
        'has host bits set',
        'use the network address of the range',
      );
    } else {
      nativeCidr = routing.ipv4NativeRoutingCidr;
      nativeRange = parsed.range;
    }
  }
  if (routingMode === 'native' && routing.ipv4NativeRoutingCidr === undefined) {
    problems.add(
      f('routing.ipv4NativeRoutingCidr'),
      undefined,
      'is required with native routing: the agent refuses to start with IPv4 masquerading and no native routing CIDR',
      'set routing.ipv4NativeRoutingCidr to the range pods are routed in without NAT, e.g. the cluster pod CIDR "10.244.0.0/16"',
    );
  }
  if (routing.autoDirectNodeRoutes && routingMode === 'tunnel') {
    problems.add(
      f('routing.autoDirectNodeRoutes'),
      true,
      'cannot be used with tunnel routing: the agent refuses to start (packets must go through the tunnel device)',
      'set routing.mode: "native", or remove autoDirectNodeRoutes',
    );
  }
  return { nativeCidr, nativeRange };
}

/** Gateway API and Ingress (Envoy listeners); sets `bpf.lbAlgorithmAnnotation` where the chart forces it. */
function resolveEnvoyListeners(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  chart: CiliumChartVersion,
  bpf: BpfValues,
): {
  gatewayApi: boolean;
  ingress: NonNullable<CiliumClusterProps['ingressController']>;
  ingressEnabled: boolean;
} {
  const gatewayApi = props.gatewayApi ?? false;
  const ingress = props.ingressController ?? {};
  const ingressEnabled = ingress.enabled ?? false;
  if (ingress.loadBalancerMode !== undefined && !['dedicated', 'shared'].includes(ingress.loadBalancerMode)) {
    problems.add(
      f('ingressController.loadBalancerMode'),
      ingress.loadBalancerMode,
      'is not an ingress load balancer mode',
      'use "dedicated" or "shared"',
    );
  }
  if (!ingressEnabled && (ingress.loadBalancerMode !== undefined || ingress.default !== undefined)) {
    problems.add(
      f('ingressController.enabled'),
      ingress.enabled,
      'is off, so loadBalancerMode and default have no effect',
      'set ingressController.enabled: true, or remove the other ingressController settings',
    );
  }
  if (gatewayApi && gatewayApiForcesLbAnnotation(chart)) {
    // The chart writes bpf-lb-algorithm-annotation "true" (and bpf-lb-sock-hostns-only "true") whatever the values say.
    if (props.loadBalancer?.perServiceAlgorithm === false) {
      problems.add(
        f('loadBalancer.perServiceAlgorithm'),
        false,
        `is ignored: chart ${chart} forces bpf-lb-algorithm-annotation on when Gateway API is enabled (so that per-backend route weights take effect), and Services can choose their algorithm`,
        `remove perServiceAlgorithm: false, or use chart ${SUPPORTED_CILIUM_CHARTS.find((v) => v.startsWith('1.19.'))} (chartVersion) or gatewayApi: false`,
      );
    }
    bpf.lbAlgorithmAnnotation = true;
  }
  checkEnvoyListenerNeeds(props, problems, f, gatewayApi, ingressEnabled);
  return { gatewayApi, ingress, ingressEnabled };
}

/** Gateway API and the Ingress controller need kube-proxy replacement and the L7 proxy. */
function checkEnvoyListenerNeeds(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  gatewayApi: boolean,
  ingressEnabled: boolean,
): void {
  const kpr = props.kubeProxyReplacement ?? true;
  const l7Proxy = props.l7Proxy ?? true;
  for (const [name, on] of [
    ['gatewayApi', gatewayApi],
    ['ingressController.enabled', ingressEnabled],
  ] as const) {
    if (!on) continue;
    if (!kpr)
      problems.add(
        f(name),
        true,
        'needs kube-proxy replacement (the Envoy listeners are reached through eBPF NodePort)',
        KPR_FIX,
      );
    if (!l7Proxy)
      problems.add(
        f(name),
        true,
        'needs the L7 proxy: the chart rejects it with l7Proxy: false',
        'set l7Proxy: true (the default)',
      );
  }
}

interface L2Leases {
  props: NonNullable<CiliumClusterProps['l2Announcements']>;
  enabled: boolean;
  dur: { text?: string; ms?: number };
  renew: { text?: string; ms?: number };
  retry: { text?: string; ms?: number };
  renewMs: number;
}

/** L2 announcements and their lease timings. */
function resolveL2Leases(props: CiliumClusterProps, problems: Problems, f: FieldName, kpr: boolean): L2Leases {
  const l2 = props.l2Announcements ?? {};
  const l2Enabled = l2.enabled ?? false;
  if (l2Enabled && !kpr) problems.add(f('l2Announcements.enabled'), true, 'needs kube-proxy replacement', KPR_FIX);
  const dur = goDuration(problems, f('l2Announcements.leaseDuration'), l2.leaseDuration);
  const renew = goDuration(problems, f('l2Announcements.leaseRenewDeadline'), l2.leaseRenewDeadline);
  const retry = goDuration(problems, f('l2Announcements.leaseRetryPeriod'), l2.leaseRetryPeriod);
  const durMs = dur.ms ?? 15000;
  const renewMs = renew.ms ?? 5000;
  const retryMs = retry.ms ?? 2000;
  if (dur.ms !== undefined && dur.ms <= 1000)
    problems.add(
      f('l2Announcements.leaseDuration'),
      l2.leaseDuration,
      'must be longer than 1s',
      'use e.g. Duration.seconds(3)',
    );
  else if (durMs <= renewMs)
    problems.add(
      f('l2Announcements.leaseDuration'),
      l2.leaseDuration ?? Duration.seconds(15),
      `must be longer than leaseRenewDeadline (${renewMs}ms)`,
      'make leaseDuration longer than leaseRenewDeadline, e.g. 3s with 1s',
    );
  if (renewMs < retryMs * 1.2)
    problems.add(
      f('l2Announcements.leaseRenewDeadline'),
      l2.leaseRenewDeadline ?? Duration.seconds(5),
      `must be at least 20% longer than leaseRetryPeriod (${retryMs}ms)`,
      'shorten leaseRetryPeriod or lengthen leaseRenewDeadline, e.g. 1s with 200ms',
    );
  if (!l2Enabled && (l2.leaseDuration || l2.leaseRenewDeadline || l2.leaseRetryPeriod)) {
    problems.add(
      f('l2Announcements.enabled'),
      l2.enabled,
      'is off, so the lease timings have no effect',
      'set l2Announcements.enabled: true, or remove the lease timings',
    );
  }
  return { props: l2, enabled: l2Enabled, dur, renew, retry, renewMs };
}

/** Envoy (the L7 proxy): the stream idle timeout in whole seconds. */
function resolveEnvoy(props: CiliumClusterProps, problems: Problems, f: FieldName, l7Proxy: boolean): number {
  const envoy = props.envoy ?? {};
  let streamIdleSeconds = CHART_STREAM_IDLE_SECONDS;
  if (envoy.streamIdleTimeout !== undefined) {
    const d = goDuration(problems, f('envoy.streamIdleTimeout'), envoy.streamIdleTimeout);
    if (d.ms !== undefined && d.ms % 1000 !== 0) {
      problems.add(
        f('envoy.streamIdleTimeout'),
        envoy.streamIdleTimeout,
        'must be a whole number of seconds (the chart takes seconds)',
        `use Duration.seconds(${Math.ceil(d.ms / 1000)})`,
      );
    } else if (d.ms !== undefined) streamIdleSeconds = d.ms / 1000;
  }
  if (!l7Proxy && envoy.streamIdleTimeout !== undefined) {
    problems.add(
      f('envoy.streamIdleTimeout'),
      envoy.streamIdleTimeout,
      'has no effect with l7Proxy: false (no Envoy runs)',
      'set l7Proxy: true, or remove envoy',
    );
  }
  return streamIdleSeconds;
}

/** Envoy's own retries (`envoy.httpRetryCount`), when set. */
function resolveRetries(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  l7Proxy: boolean,
): { httpRetryCount?: number } {
  const count = props.envoy?.httpRetryCount;
  if (count === undefined) return {};
  if (!l7Proxy)
    problems.add(
      f('envoy.httpRetryCount'),
      count,
      'has no effect with l7Proxy: false (no Envoy runs)',
      'set l7Proxy: true, or remove envoy',
    );
  return { httpRetryCount: checkInt(problems, f('envoy.httpRetryCount'), count, CHART_HTTP_RETRY_COUNT, 0, 10) };
}

/** Values the chosen chart ignores. */
function checkVersionGatedValues(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  chart: CiliumChartVersion,
): void {
  for (const g of VERSION_GATED_VALUES) {
    if (compareVersions(chart, g.since) >= 0) continue;
    const set = g.prop
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), props);
    if (set === undefined) continue;
    const newer =
      SUPPORTED_CILIUM_CHARTS.find(
        (v) => compareVersions(v, g.since) >= 0 && v.split('.')[1] === chart.split('.')[1],
      ) ?? SUPPORTED_CILIUM_CHARTS[SUPPORTED_CILIUM_CHARTS.length - 1];
    problems.add(
      f(g.prop),
      set,
      `is written as ${g.value}, which chart ${chart} ignores: it ${g.before}`,
      `install chart ${g.since} or later and say so with chartVersion (e.g. '${newer}'), or remove ${g.prop}`,
    );
  }
}

/** Hubble: the agents' flows, Relay, the UI and the metrics. */
function resolveHubble(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
): { enabled: boolean; relay: boolean; ui: boolean; metrics: readonly string[] } {
  const hubble = props.hubble ?? {};
  const hubbleEnabled = hubble.enabled ?? true;
  const relay = hubble.relay ?? false;
  const ui = hubble.ui ?? false;
  if (relay && !hubbleEnabled)
    problems.add(
      f('hubble.relay'),
      true,
      'needs Hubble in the agents',
      'set hubble.enabled: true, or hubble.relay: false',
    );
  if (ui && !relay)
    problems.add(
      f('hubble.ui'),
      true,
      'needs Hubble Relay: the UI reads flows from the relay',
      'set hubble.relay: true',
    );
  const metrics = hubble.metrics ?? [];
  if (metrics.length > 0 && !hubbleEnabled)
    problems.add(
      f('hubble.metrics'),
      metrics,
      'needs Hubble in the agents',
      'set hubble.enabled: true, or remove the metrics',
    );
  metrics.forEach((m, i) => {
    const name = m.split(':')[0];
    if (!HUBBLE_METRICS.includes(name))
      problems.add(
        f(`hubble.metrics[${i}]`),
        m,
        'is not a Hubble metric',
        `use one of ${HUBBLE_METRICS.join(', ')} (options after ':')`,
      );
  });
  if (new Set(metrics.map((m) => m.split(':')[0])).size !== metrics.length)
    problems.add(f('hubble.metrics'), metrics, 'lists a metric twice', 'keep one entry per metric');
  return { enabled: hubbleEnabled, relay, ui, metrics };
}

/**
 * API client rate limit. L2 announcements renew one lease per announced Service every leaseRenewDeadline
 * through the agent's client; at the chart's 10/20 they starve (Cilium's L2 announcement sizing guide).
 */
function resolveClientRateLimit(
  props: CiliumClusterProps,
  problems: Problems,
  f: FieldName,
  l2: L2Leases,
): { qps?: number; burst?: number } {
  if (!l2.enabled && l2.props.announcedServices !== undefined) {
    problems.add(
      f('l2Announcements.announcedServices'),
      l2.props.announcedServices,
      'has no effect while L2 announcements are off',
      'set l2Announcements.enabled: true, or remove announcedServices',
    );
  }
  const services = checkInt(
    problems,
    f('l2Announcements.announcedServices'),
    l2.props.announcedServices,
    DEFAULT_L2_SERVICES,
    1,
    100000,
    'give the number of LoadBalancer Services announced over L2, e.g. 10',
  );
  const renewMs = l2.renewMs;
  const needQps = CHART_CLIENT_QPS + Math.ceil((services * 1000) / renewMs);
  let qps =
    props.k8sClientQps === undefined
      ? undefined
      : checkInt(problems, f('k8sClientQps'), props.k8sClientQps, CHART_CLIENT_QPS, 1, 100000);
  let burst =
    props.k8sClientBurst === undefined
      ? undefined
      : checkInt(problems, f('k8sClientBurst'), props.k8sClientBurst, CHART_CLIENT_BURST, 1, 100000);
  let burstReported = false;
  if (l2.enabled) {
    const sizing = `${CHART_CLIENT_QPS} + ${services} announced Service(s) ÷ ${renewMs / 1000}s lease renew deadline = ${needQps}`;
    if (qps !== undefined && qps < needQps) {
      problems.add(
        f('k8sClientQps'),
        qps,
        `is below what L2 announcements need (${sizing}${qps < CHART_CLIENT_QPS ? `; it is even below the chart default ${CHART_CLIENT_QPS}` : ''}): lease renewals are throttled and announcements flap between nodes`,
        `leave k8sClientQps out for ${needQps}, or set it to ${needQps} or more (or set l2Announcements.announcedServices to the real number of announced Services)`,
      );
    }
    if (burst !== undefined && burst < CHART_CLIENT_BURST) {
      burstReported = true;
      problems.add(
        f('k8sClientBurst'),
        burst,
        `is below the chart default (${CHART_CLIENT_BURST}) while L2 announcements add lease renewals to the agent's API traffic`,
        `leave k8sClientBurst out for ${2 * (qps ?? needQps)}, or set it to ${CHART_CLIENT_BURST} or more`,
      );
    }
    qps ??= needQps;
    burst ??= Math.max(CHART_CLIENT_BURST, 2 * qps);
  }
  if (!burstReported && qps !== undefined && burst !== undefined && burst < qps)
    problems.add(
      f('k8sClientBurst'),
      burst,
      `must be at least k8sClientQps (${qps})`,
      `set k8sClientBurst to ${qps} or more`,
    );
  return { qps, burst };
}

/** The chart's cluster-pool defaults (`ipam.operator` in values.yaml of 1.18.12, 1.19.6 and 1.20.0). */
const CHART_POD_CIDRS: readonly string[] = ['10.0.0.0/8'];
const DEFAULT_MASK_SIZE = 24;

/**
 * Pod IPAM. Under native routing the pods' addresses must lie in `ipv4NativeRoutingCidr`: the agent
 * masquerades (and does not route natively) traffic to destinations outside it, so a cluster-pool
 * left at the chart's 10.0.0.0/8 would hand out addresses the network does not route.
 */
function resolveIpam(
  props: CiliumClusterProps,
  problems: Problems,
  f: (name: string) => string,
  routingMode: string,
  nativeCidr: string | undefined,
  nativeRange: IpRange | undefined,
): CiliumHelmValues['ipam'] {
  const ipam = props.ipam ?? {};
  const mode = ipam.mode ?? 'cluster-pool';
  if (!['cluster-pool', 'kubernetes'].includes(mode)) {
    problems.add(
      f('ipam.mode'),
      mode,
      'is not an IPAM mode this library writes',
      'use "cluster-pool" (the operator assigns node pod CIDRs) or "kubernetes" (Node spec.podCIDR)',
    );
    return { mode: 'cluster-pool' };
  }
  if (mode === 'kubernetes') {
    checkKubernetesIpam(ipam, problems, f);
    return { mode };
  }

  const given = ipam.clusterPoolIpv4PodCidrs;
  const cidrs = given ?? (routingMode === 'native' && nativeCidr !== undefined ? [nativeCidr] : CHART_POD_CIDRS);
  if (given !== undefined && given.length === 0) {
    problems.add(
      f('ipam.clusterPoolIpv4PodCidrs'),
      given,
      'an empty list gives pods no addresses',
      `leave it out${routingMode === 'native' ? ' (the native routing CIDR is used)' : ''}, or list CIDRs such as "10.244.0.0/16"`,
    );
  }
  const ranges = checkPodCidrs(given ?? [], problems, f, routingMode, nativeCidr, nativeRange);

  const maskSize = checkInt(
    problems,
    f('ipam.clusterPoolIpv4MaskSize'),
    ipam.clusterPoolIpv4MaskSize,
    DEFAULT_MASK_SIZE,
    1,
    30,
    "use the prefix length of each node's pod range, e.g. 24 (254 pods per node)",
  );
  const longest =
    given === undefined
      ? Math.max(
          ...cidrs.map((c) => {
            const p = parseCidr(c);
            return p.ok ? p.prefix : 0;
          }),
        )
      : Math.max(0, ...ranges.map((r) => r.prefix));
  if (Number.isInteger(maskSize) && maskSize < longest) {
    problems.add(
      f('ipam.clusterPoolIpv4MaskSize'),
      ipam.clusterPoolIpv4MaskSize ?? DEFAULT_MASK_SIZE,
      `is shorter than the /${longest} pod CIDR it is carved from, so the operator cannot split it into node ranges`,
      `use ${Math.min(30, Math.max(longest, DEFAULT_MASK_SIZE))} or longer, or widen the pod CIDRs`,
    );
  }
  return { mode, operator: { clusterPoolIPv4PodCIDRList: [...cidrs], clusterPoolIPv4MaskSize: maskSize } };
}

/** In kubernetes IPAM mode the cluster-pool settings do nothing. */
function checkKubernetesIpam(ipam: NonNullable<CiliumClusterProps['ipam']>, problems: Problems, f: FieldName): void {
  for (const key of ['clusterPoolIpv4PodCidrs', 'clusterPoolIpv4MaskSize'] as const) {
    if (ipam[key] !== undefined) {
      problems.add(
        f(`ipam.${key}`),
        ipam[key],
        "has no effect in kubernetes IPAM mode: pod CIDRs come from each Node's spec.podCIDR",
        'remove it and set kube-controller-manager\'s --cluster-cidr / --node-cidr-mask-size, or use ipam.mode: "cluster-pool"',
      );
    }
  }
}

interface PodRange {
  cidr: string;
  range: IpRange;
  prefix: number;
  i: number;
}

/** The given cluster-pool CIDRs: IPv4, network addresses, disjoint, and inside the native routing CIDR under native routing. */
function checkPodCidrs(
  given: readonly string[],
  problems: Problems,
  f: FieldName,
  routingMode: string,
  nativeCidr: string | undefined,
  nativeRange: IpRange | undefined,
): PodRange[] {
  const ranges: PodRange[] = [];
  given.forEach((cidr, i) => {
    const field = f(`ipam.clusterPoolIpv4PodCidrs[${i}]`);
    const parsed = parseCidr(cidr);
    if (!parsed.ok || parsed.range.family !== 'ipv4') {
      problems.add(
        field,
        cidr,
        `is not an IPv4 CIDR${parsed.ok ? '' : ` (it ${parsed.reason})`}`,
        'write the pod range as a CIDR, e.g. "10.244.0.0/16"',
      );
      return;
    }
    if (parsed.hostBitsSet) {
      problems.add(field, cidr, 'has host bits set', 'use the network address of the range');
      return;
    }
    const clash = ranges.find((r) => overlaps(r.range, parsed.range));
    if (clash) {
      problems.add(field, cidr, `overlaps clusterPoolIpv4PodCidrs[${clash.i}] (${clash.cidr})`, 'list disjoint CIDRs');
      return;
    }
    ranges.push({ cidr, range: parsed.range, prefix: parsed.prefix, i });
    if (
      routingMode === 'native' &&
      nativeRange !== undefined &&
      !(parsed.range.first >= nativeRange.first && parsed.range.last <= nativeRange.last)
    ) {
      problems.add(
        field,
        cidr,
        `is not inside routing.ipv4NativeRoutingCidr (${nativeCidr}): the agent would masquerade pod traffic to these addresses instead of routing it natively`,
        `use CIDRs inside ${nativeCidr} (leave clusterPoolIpv4PodCidrs out to use the native routing CIDR itself), or widen routing.ipv4NativeRoutingCidr to cover them`,
      );
    }
  });
  return ranges;
}
