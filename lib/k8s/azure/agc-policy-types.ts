// Hand-written types of the Application Gateway for Containers (ALB Controller) kinds this library writes,
// `alb.networking.azure.io/v1`. Upstream publishes no CRD file, only JSON Schemas (../shared/schemas/azure/
// alb-controller, see SOURCES.md note 7): the tests validate every object against them
// (test/fixtures/json-schemas). Only the fields written here are typed.
import type { ApiObjectMetadata } from 'cdk8s';

/** The API version of the ALB Controller's kinds. */
export const ALB_API_VERSION = 'alb.networking.azure.io/v1';

/** The object a policy applies to. */
export interface AlbTargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionNames?: string[];
}

/** HealthCheckPolicy `spec.default`. */
export interface AlbHealthCheckPolicyConfig {
  /** A duration, e.g. `5s`. */
  readonly interval?: string;
  readonly timeout?: string;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly port?: number;
  readonly useTLS?: boolean;
  readonly http?: {
    readonly host?: string;
    readonly path?: string;
    readonly match?: {
      readonly body?: string;
      readonly statusCodes?: { readonly start?: number; readonly end?: number }[];
    };
  };
  readonly grpc?: { readonly authority?: string; readonly service?: string };
}

/** HealthCheckPolicy (`alb.networking.azure.io/v1`): the health probe of a backend Service. */
export interface AlbHealthCheckPolicy {
  readonly apiVersion: typeof ALB_API_VERSION;
  readonly kind: 'HealthCheckPolicy';
  readonly metadata: ApiObjectMetadata;
  readonly spec: { readonly targetRef: AlbTargetRef; readonly default: AlbHealthCheckPolicyConfig };
}

/** RoutePolicy `spec.default`. */
export interface AlbRoutePolicyConfig {
  readonly timeouts?: { readonly routeTimeout?: string };
  readonly sessionAffinity?: {
    readonly affinityType: 'application-cookie' | 'managed-cookie';
    readonly cookieName?: string;
    readonly cookieDuration?: string;
  };
}

/** RoutePolicy (`alb.networking.azure.io/v1`): timeouts and session affinity of an HTTPRoute. */
export interface AlbRoutePolicy {
  readonly apiVersion: typeof ALB_API_VERSION;
  readonly kind: 'RoutePolicy';
  readonly metadata: ApiObjectMetadata;
  readonly spec: { readonly targetRef: AlbTargetRef; readonly default: AlbRoutePolicyConfig };
}
