import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GkeRouteSpec } from '../../model/gcp/gke-gateway-route';
import type { GcpHealthCheckSpec } from '../../model/gcp/health-check';
import type { GcpBackendSpec } from '../../model/gcp/backend-options';
import { exposureMetadata } from '../expose/exposure-object';
import { AppGatewayRoute } from '../expose/app-gateway-route';
import {
  GcpBackendPolicy,
  GcpBackendPolicySpecDefault,
  GcpBackendPolicySpecDefaultSessionAffinityType,
  GcpGatewayPolicy,
  HealthCheckPolicy,
  HealthCheckPolicySpecDefault,
  HealthCheckPolicySpecDefaultConfig,
  HealthCheckPolicySpecDefaultConfigType,
  HealthCheckPolicySpecDefaultConfigGrpcHealthCheckPortSpecification as Grpc,
  HealthCheckPolicySpecDefaultConfigHttp2HealthCheckPortSpecification as Http2,
  HealthCheckPolicySpecDefaultConfigHttpHealthCheckPortSpecification as Http,
  HealthCheckPolicySpecDefaultConfigHttpsHealthCheckPortSpecification as Https,
  HealthCheckPolicySpecDefaultConfigTcpHealthCheckPortSpecification as Tcp,
} from '../imports/gke';

/** Props of `AppGkeGatewayRoute`. */
export interface AppGkeGatewayRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: GkeRouteSpec;
}

/** The check of the config's type, on the probed pod port (`USE_FIXED_PORT`; each type has its own enum of it). */
function healthCheckConfig(hc: GcpHealthCheckSpec): Omit<HealthCheckPolicySpecDefaultConfig, 'type'> {
  const requestPath = hc.requestPath ?? '/';
  switch (hc.type) {
    case 'TCP':
      return { tcpHealthCheck: { port: hc.port, portSpecification: Tcp.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT } };
    case 'GRPC': {
      const name = hc.grpcServiceName ? { grpcServiceName: hc.grpcServiceName } : {};
      return {
        grpcHealthCheck: { port: hc.port, portSpecification: Grpc.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT, ...name },
      };
    }
    case 'HTTP':
      return {
        httpHealthCheck: { port: hc.port, portSpecification: Http.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT, requestPath },
      };
    case 'HTTPS':
      return {
        httpsHealthCheck: { port: hc.port, portSpecification: Https.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT, requestPath },
      };
    default:
      return {
        http2HealthCheck: { port: hc.port, portSpecification: Http2.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT, requestPath },
      };
  }
}

/** HealthCheckPolicy `spec.default` from the derived health check (the probed pod port, fixed). */
export function gkeHealthCheckPolicyDefault(hc: GcpHealthCheckSpec): HealthCheckPolicySpecDefault {
  const config = healthCheckConfig(hc);
  return {
    checkIntervalSec: hc.checkIntervalSec,
    timeoutSec: hc.timeoutSec,
    healthyThreshold: hc.healthyThreshold,
    unhealthyThreshold: hc.unhealthyThreshold,
    config: { type: hc.type as HealthCheckPolicySpecDefaultConfigType, ...config },
  };
}

/** GCPBackendPolicy `spec.default` from the resolved backend settings. */
export function gkeBackendPolicyDefault(b: GcpBackendSpec): GcpBackendPolicySpecDefault {
  return {
    ...(b.timeoutSec !== undefined ? { timeoutSec: b.timeoutSec } : {}),
    connectionDraining: { drainingTimeoutSec: b.drainingTimeoutSec },
    ...(b.sessionAffinity
      ? {
          sessionAffinity: {
            type: b.sessionAffinity.type as GcpBackendPolicySpecDefaultSessionAffinityType,
            ...(b.sessionAffinity.cookieTtlSec !== undefined ? { cookieTtlSec: b.sessionAffinity.cookieTtlSec } : {}),
          },
        }
      : {}),
  };
}

/**
 * An app's route on a GKE Gateway: the HTTPRoute (and Gateway), per backend Service a HealthCheckPolicy
 * (from the readiness probe) and a GCPBackendPolicy, and the created Gateway's GCPGatewayPolicy.
 */
export class AppGkeGatewayRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppGkeGatewayRouteProps) {
    super(scope, id);
    const { app, spec } = props;
    new AppGatewayRoute(this, 'route', { app, spec: spec.route });
    for (const svc of spec.services) {
      const meta = exposureMetadata(app, spec.route, {}, svc);
      const targetRef = { group: '', kind: 'Service', name: svc };
      new HealthCheckPolicy(this, `health-${svc}`, {
        metadata: meta,
        spec: { targetRef, default: gkeHealthCheckPolicyDefault(spec.healthCheck) },
      });
      new GcpBackendPolicy(this, `backend-${svc}`, {
        metadata: meta,
        spec: { targetRef, default: gkeBackendPolicyDefault(spec.backend) },
      });
    }
    const gp = spec.gatewayPolicy;
    if (gp) {
      new GcpGatewayPolicy(this, 'gateway-policy', {
        metadata: exposureMetadata(app, spec.route, {}, gp.gateway),
        spec: {
          targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gp.gateway },
          default: {
            ...(gp.sslPolicy !== undefined ? { sslPolicy: gp.sslPolicy } : {}),
            ...(gp.allowGlobalAccess !== undefined ? { allowGlobalAccess: gp.allowGlobalAccess } : {}),
          },
        },
      });
    }
  }
}
