import type { ImplementationDefaults } from './traits';

/**
 * The Gateway API implementations the library knows by name: where each reads the traffic policy and the timeouts it
 * applies where the written objects set none.
 * - `envoy-gateway`: Envoy Gateway (retries and timeouts beyond the route's fields in its `BackendTrafficPolicy`,
 *   client idle timeouts in its `ClientTrafficPolicy`);
 * - `istio`, `cilium`, `gke`, `nginx-gateway-fabric`: read the route's fields;
 * - `aws-lbc`: the AWS Load Balancer Controller (use `AwsGatewayRoute`, which writes its own configuration objects).
 */
export type GatewayImplementation = 'envoy-gateway' | 'istio' | 'cilium' | 'gke' | 'aws-lbc' | 'nginx-gateway-fabric';

/** Each implementation's name for messages and its defaults (`traits.implementationDefaults`). */
export const GATEWAY_IMPLEMENTATIONS: Readonly<Record<GatewayImplementation, ImplementationDefaults>> = {
  // Envoy Gateway sets a 15 s route timeout when the route gives none (internal/xds/translator/route.go).
  'envoy-gateway': {
    source: 'Envoy Gateway',
    requestTimeoutSeconds: 15,
    see: 'https://github.com/envoyproxy/gateway/blob/main/internal/xds/translator/route.go',
  },
  // Istio disables the route timeout by default.
  istio: { source: 'Istio', see: 'https://istio.io/latest/docs/tasks/traffic-management/request-timeouts/' },
  // Cilium's Envoy: upstream idle 60 s, stream idle 5 min (Helm values envoy.idleTimeoutDurationSeconds,
  // envoy.streamIdleTimeoutDurationSeconds, chart 1.20.0).
  cilium: {
    source: 'Cilium (Envoy)',
    idleTimeoutSeconds: 60,
    streamIdleTimeoutSeconds: 300,
    see: 'https://docs.cilium.io/en/stable/helm-reference/',
  },
  // GKE's backend service timeout: 30 s unless a GCPBackendPolicy sets `timeoutSec`.
  gke: {
    source: 'GKE Gateway',
    requestTimeoutSeconds: 30,
    see: 'https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources#configure_timeout',
  },
  // An ALB's idle timeout: 60 s.
  'aws-lbc': {
    source: 'AWS ALB',
    idleTimeoutSeconds: 60,
    see: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
  },
  // NGINX's proxy_read_timeout: 60 s between two reads of the upstream response.
  'nginx-gateway-fabric': {
    source: 'NGINX Gateway Fabric',
    streamIdleTimeoutSeconds: 60,
    see: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
  },
};

/** The implementation names, for messages. */
export const GATEWAY_IMPLEMENTATION_NAMES = Object.keys(GATEWAY_IMPLEMENTATIONS) as GatewayImplementation[];
