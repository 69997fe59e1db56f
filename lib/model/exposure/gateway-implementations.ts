import { IMPLEMENTATION_DEFAULTS } from './implementation-defaults';
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

/**
 * Each implementation's defaults (`traits.implementationDefaults`), from the one table of them
 * (`implementation-defaults.ts`).
 */
export const GATEWAY_IMPLEMENTATIONS: Readonly<Record<GatewayImplementation, ImplementationDefaults>> = {
  'envoy-gateway': IMPLEMENTATION_DEFAULTS.envoyGateway,
  istio: IMPLEMENTATION_DEFAULTS.istio,
  cilium: IMPLEMENTATION_DEFAULTS.ciliumEnvoy,
  gke: IMPLEMENTATION_DEFAULTS.gcpL7,
  'aws-lbc': IMPLEMENTATION_DEFAULTS.awsAlb,
  'nginx-gateway-fabric': IMPLEMENTATION_DEFAULTS.nginxGatewayFabric,
};

/** The implementation names, for messages. */
export const GATEWAY_IMPLEMENTATION_NAMES = Object.keys(GATEWAY_IMPLEMENTATIONS) as GatewayImplementation[];
