// Hand-written types of GKE's Ingress configuration kinds this library writes. Upstream publishes no CRD file
// for them, only JSON Schemas (../shared/schemas/gke/ingress, see SOURCES.md note 6): the tests validate every
// object against them (test/fixtures/crd-schemas). Only the fields written here are typed.
import type { ApiObjectMetadata } from 'cdk8s';

/** BackendConfig (`cloud.google.com/v1`): the backend service of a GKE Ingress. */
export interface BackendConfig {
  readonly apiVersion: 'cloud.google.com/v1';
  readonly kind: 'BackendConfig';
  readonly metadata: ApiObjectMetadata;
  readonly spec: {
    readonly healthCheck?: {
      readonly type?: 'HTTP' | 'HTTPS' | 'HTTP2';
      readonly requestPath?: string;
      readonly port?: number;
      readonly checkIntervalSec?: number;
      readonly timeoutSec?: number;
      readonly healthyThreshold?: number;
      readonly unhealthyThreshold?: number;
    };
    readonly connectionDraining?: { readonly drainingTimeoutSec?: number };
    readonly timeoutSec?: number;
    readonly sessionAffinity?: { readonly affinityType?: string; readonly affinityCookieTtlSec?: number };
  };
}

/** FrontendConfig (`networking.gke.io/v1beta1`): the frontend (HTTPS redirect, SSL policy) of a GKE Ingress. */
export interface FrontendConfig {
  readonly apiVersion: 'networking.gke.io/v1beta1';
  readonly kind: 'FrontendConfig';
  readonly metadata: ApiObjectMetadata;
  readonly spec: {
    readonly redirectToHttps?: { readonly enabled: boolean; readonly responseCodeName?: string };
    readonly sslPolicy?: string;
  };
}
