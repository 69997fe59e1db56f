import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { AgcRouteSpec } from '../../model/azure/agc-route';
import type { AzureProbeSpec } from '../../model/azure/health-probe';
import { addObject } from '../api-object';
import { exposureMetadata } from '../expose/exposure-object';
import { AppGatewayRoute } from '../expose/app-gateway-route';
import { ALB_API_VERSION, AlbHealthCheckPolicy, AlbHealthCheckPolicyConfig, AlbRoutePolicy } from './agc-policy-types';

/** The Gateway annotations that name the ALB Controller-managed ApplicationLoadBalancer. */
export const AGC_ALB_NAME = 'alb.networking.azure.io/alb-name';
export const AGC_ALB_NAMESPACE = 'alb.networking.azure.io/alb-namespace';

/** Props of `AppAgcRoute`. */
export interface AppAgcRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: AgcRouteSpec;
}

/** HealthCheckPolicy `spec.default` from the derived probe. */
export function agcHealthCheck(p: AzureProbeSpec): AlbHealthCheckPolicyConfig {
  return {
    interval: `${p.intervalSeconds}s`,
    timeout: `${p.timeoutSeconds}s`,
    healthyThreshold: p.healthyThreshold,
    unhealthyThreshold: p.unhealthyThreshold,
    port: p.port,
    ...(p.protocol === 'Grpc'
      ? { grpc: p.grpcService !== undefined ? { service: p.grpcService } : {} }
      : {
          useTLS: p.protocol === 'Https',
          http: { path: p.path ?? '/', match: { statusCodes: [{ start: 200, end: 399 }] } },
        }),
  };
}

/**
 * An app's route on Application Gateway for Containers: the HTTPRoute (and Gateway, annotated with its
 * ApplicationLoadBalancer), one HealthCheckPolicy per backend Service from the readiness probe, and the
 * RoutePolicy (request timeout, session affinity).
 */
export class AppAgcRoute extends Construct {
  /** The Gateway API objects. */
  readonly route: AppGatewayRoute;
  readonly healthCheckPolicies: ApiObject[] = [];
  readonly routePolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: AppAgcRouteProps) {
    super(scope, id);
    const { app, spec } = props;
    this.route = new AppGatewayRoute(this, 'route', { app, spec: spec.route });
    const gw = this.route.node.tryFindChild('gateway') as ApiObject | undefined;
    if (gw && spec.applicationLoadBalancer) {
      gw.metadata.addAnnotation(AGC_ALB_NAME, spec.applicationLoadBalancer.name);
      gw.metadata.addAnnotation(AGC_ALB_NAMESPACE, spec.applicationLoadBalancer.namespace);
    }
    for (const hc of spec.healthChecks) {
      this.healthCheckPolicies.push(
        addObject<AlbHealthCheckPolicy>(this, `health-${hc.serviceName}`, {
          apiVersion: ALB_API_VERSION,
          kind: 'HealthCheckPolicy',
          metadata: exposureMetadata(app, spec.route, {}, hc.serviceName),
          spec: { targetRef: { group: '', kind: 'Service', name: hc.serviceName }, default: agcHealthCheck(hc.probe) },
        }),
      );
    }
    if (spec.routeTimeoutSeconds !== undefined || spec.sessionAffinity) {
      const sa = spec.sessionAffinity;
      this.routePolicy = addObject<AlbRoutePolicy>(this, 'route-policy', {
        apiVersion: ALB_API_VERSION,
        kind: 'RoutePolicy',
        metadata: exposureMetadata(app, spec.route, {}, spec.name),
        spec: {
          targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: spec.route.name },
          default: {
            ...(spec.routeTimeoutSeconds !== undefined
              ? { timeouts: { routeTimeout: `${spec.routeTimeoutSeconds}s` } }
              : {}),
            ...(sa
              ? {
                  sessionAffinity: {
                    affinityType: sa.type,
                    ...(sa.cookieName !== undefined ? { cookieName: sa.cookieName } : {}),
                    ...(sa.cookieDurationSeconds !== undefined
                      ? { cookieDuration: `${sa.cookieDurationSeconds}s` }
                      : {}),
                  },
                }
              : {}),
          },
        },
      });
    }
  }
}
