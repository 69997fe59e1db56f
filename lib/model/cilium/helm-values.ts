/**
 * The Helm values this library writes for the `cilium/cilium` chart. Every key here is read by the
 * supported charts 1.18.12, 1.19.6 and 1.20.0 (in their `values.schema.json` or their templates; the jest
 * tests check each chart, `test/fixtures/cilium-charts/`); nothing else is emitted.
 */
export interface CiliumHelmValues {
  readonly kubeProxyReplacement: boolean;
  readonly k8sServiceHost?: string;
  readonly k8sServicePort?: number;
  readonly routingMode: 'tunnel' | 'native';
  readonly tunnelProtocol?: 'vxlan' | 'geneve';
  readonly ipv4NativeRoutingCIDR?: string;
  readonly autoDirectNodeRoutes?: boolean;
  readonly ipam: {
    readonly mode: 'cluster-pool' | 'kubernetes';
    readonly operator?: {
      readonly clusterPoolIPv4PodCIDRList: readonly string[];
      readonly clusterPoolIPv4MaskSize: number;
    };
  };
  readonly loadBalancer: {
    readonly algorithm: 'random' | 'maglev';
    readonly mode: 'snat' | 'dsr' | 'hybrid';
    readonly dsrDispatch?: 'opt' | 'geneve';
    readonly acceleration: 'disabled' | 'native' | 'best-effort';
  };
  readonly maglev?: { readonly tableSize: number; readonly hashSeed?: string };
  readonly bpf?: {
    readonly masquerade?: boolean;
    readonly lbAlgorithmAnnotation?: boolean;
    readonly lbModeAnnotation?: boolean;
  };
  readonly l7Proxy: boolean;
  /** Written with the L7 proxy on. */
  readonly envoy?: { readonly streamIdleTimeoutDurationSeconds: number; readonly httpRetryCount?: number };
  readonly gatewayAPI: { readonly enabled: boolean };
  readonly ingressController: {
    readonly enabled: boolean;
    readonly loadbalancerMode?: 'dedicated' | 'shared';
    readonly default?: boolean;
  };
  readonly l2announcements: {
    readonly enabled: boolean;
    readonly leaseDuration?: string;
    readonly leaseRenewDeadline?: string;
    readonly leaseRetryPeriod?: string;
  };
  readonly bgpControlPlane: { readonly enabled: boolean };
  readonly hubble: {
    readonly enabled: boolean;
    readonly relay: { readonly enabled: boolean };
    readonly ui: { readonly enabled: boolean };
    readonly metrics?: { readonly enabled: readonly string[] };
  };
  readonly k8sClientRateLimit?: { readonly qps?: number; readonly burst?: number };
}

/** A deep copy with object keys sorted (arrays keep their order): deterministic YAML. */
export function sortKeysDeep<T>(value: T): T {
  // The copy has the same shape as the value (same keys, same array elements), so it is of the same type.
  return sortedCopy(value) as T;
}

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
        .map((k) => [k, sortedCopy(obj[k])]),
    );
  }
  return value;
}
