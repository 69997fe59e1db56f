import type { ImplementationDefaults } from './traits';

/**
 * The timeouts each known load balancer or proxy applies where the written objects set none (seconds), with the
 * documentation they come from. A kind's traits name its entry (`implementationDefaults`); the streaming chain and
 * CT-TRAFFIC-070/071/072 read them. A Gateway API route's depend on the Gateway's implementation.
 */
export const IMPLEMENTATION_DEFAULTS = {
  awsAlb: {
    source: 'AWS ALB',
    idleTimeoutSeconds: 60,
    see: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
  },
  awsNlb: {
    source: 'AWS NLB',
    idleTimeoutSeconds: 350,
    see: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#connection-idle-timeout',
  },
  agc: {
    source: 'Application Gateway for Containers (fixed)',
    idleTimeoutSeconds: 300,
    see: 'https://learn.microsoft.com/en-us/azure/application-gateway/for-containers/application-gateway-for-containers-components',
  },
  // Its HTTP keep-alive timeout (600 s, 610 s global) closes connections with no request in flight only.
  gcpL7: {
    source: 'Google Cloud Application Load Balancer',
    requestTimeoutSeconds: 30,
    see: 'https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries',
  },
  gcpPassthrough: {
    source: 'Google Cloud passthrough NLB (no proxy)',
    see: 'https://cloud.google.com/load-balancing/docs/network/networklb-backend-service',
  },
  azureLb: {
    source: 'Azure Load Balancer',
    idleTimeoutSeconds: 240,
    see: 'https://learn.microsoft.com/en-us/azure/load-balancer/load-balancer-tcp-idle-timeout',
  },
  ciliumLbIpam: {
    source: 'Cilium LB IPAM (eBPF, no proxy)',
    see: 'https://docs.cilium.io/en/stable/network/lb-ipam/',
  },
  // No route timeout, and Istio disables Envoy's stream idle timeout; the connection pool's idle timeout is 1 h.
  istio: {
    source: 'Istio (Envoy)',
    idleTimeoutSeconds: 3600,
    see: 'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings',
  },
  // Envoy Gateway sets a 15 s route timeout when the route gives none (internal/xds/translator/route.go); its
  // ClientTrafficPolicy defaults: 1 h connection idle, 5 min stream idle.
  envoyGateway: {
    source: 'Envoy Gateway',
    requestTimeoutSeconds: 15,
    idleTimeoutSeconds: 3600,
    streamIdleTimeoutSeconds: 300,
    see: 'https://github.com/envoyproxy/gateway/blob/main/internal/xds/translator/route.go',
  },
  // Cilium's Envoy: stream idle 5 min (Helm value envoy.streamIdleTimeoutDurationSeconds, chart 1.20.0). Its upstream
  // idle timeout (envoy.idleTimeoutDurationSeconds, 60 s) "does not apply to connections with pending requests"
  // (the chart's values.yaml): it closes only connections with no request in flight, so it cuts no stream.
  ciliumEnvoy: {
    source: 'Cilium (Envoy)',
    streamIdleTimeoutSeconds: 300,
    see: 'https://docs.cilium.io/en/stable/helm-reference/',
  },
  // Cilium's L7 policy proxy (the Envoy listener a CiliumNetworkPolicy's HTTP rules redirect to): a route timeout of
  // `http-request-timeout` (3600 s) and a stream idle timeout of `http-stream-idle-timeout` (300 s, Helm
  // envoy.streamIdleTimeoutDurationSeconds). Its upstream idle timeout (60 s) closes only connections with no request
  // pending, so it cuts no stream: left out.
  ciliumL7Proxy: {
    source: "Cilium's L7 policy proxy (Envoy)",
    requestTimeoutSeconds: 3600,
    streamIdleTimeoutSeconds: 300,
    see: 'https://docs.cilium.io/en/stable/cmdref/cilium-agent/',
    configuredBy: {
      'stream idle':
        "the cluster's Cilium: Helm value `envoy.streamIdleTimeoutDurationSeconds`, `envoy.streamIdleTimeout` of a `CiliumCluster` (which checks it against the apps of its App at synth)",
      request: "the cluster's Cilium: agent option `http-request-timeout` (Helm `extraConfig`)",
    },
  },
  // NGINX's proxy_read_timeout: 60 s between two reads of the upstream response.
  nginxGatewayFabric: {
    source: 'NGINX Gateway Fabric',
    streamIdleTimeoutSeconds: 60,
    see: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
  },
  linkerd: {
    source: 'Linkerd',
    see: 'https://linkerd.io/2-edge/reference/timeouts/',
  },
} as const satisfies Readonly<Record<string, ImplementationDefaults>>;

/** The defaults of a cloud LoadBalancer Service by its cloud part; undefined: no cloud part (not known). */
export function cloudServiceDefaults(cloud: string | undefined): ImplementationDefaults | undefined {
  return cloud === 'gke'
    ? IMPLEMENTATION_DEFAULTS.gcpPassthrough
    : cloud === 'aks'
      ? IMPLEMENTATION_DEFAULTS.azureLb
      : undefined;
}

/**
 * The defaults behind a layer that writes its own request timeout (an HTTPRoute writes `timeouts.request`, `0s` when
 * there is none): the implementation's default request timeout does not apply there.
 */
export function withoutRequestTimeout(d: ImplementationDefaults): ImplementationDefaults {
  const { requestTimeoutSeconds: _written, ...others } = d;
  return others;
}
