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
} from '../imports/gke';

/** Props of `AppGkeGatewayRoute`. */
export interface AppGkeGatewayRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: GkeRouteSpec;
}

const FIXED = 'USE_FIXED_PORT';

/** HealthCheckPolicy `spec.default` from the derived health check (the probed pod port, fixed). */
export function gkeHealthCheckPolicyDefault(hc: GcpHealthCheckSpec): HealthCheckPolicySpecDefault {
  const port = { port: hc.port, portSpecification: FIXED };
  // The generated enums hold the same strings as the CRD.
  const http = { ...port, requestPath: hc.requestPath ?? '/' };
  const config = (hc.type === 'TCP'
    ? { tcpHealthCheck: port }
    : hc.type === 'GRPC'
      ? { grpcHealthCheck: { ...port, ...(hc.grpcServiceName ? { grpcServiceName: hc.grpcServiceName } : {}) } }
      : hc.type === 'HTTP'
        ? { httpHealthCheck: http }
        : hc.type === 'HTTPS'
          ? { httpsHealthCheck: http }
          : { http2HealthCheck: http }) as unknown as Omit<HealthCheckPolicySpecDefaultConfig, 'type'>;
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
