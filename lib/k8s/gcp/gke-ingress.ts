import { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AppSpec } from '../../model/app-spec';
import type { GkeIngressSpec } from '../../model/gcp/gke-ingress';
import { addObject } from '../api-object';
import { exposureMetadata } from '../expose/exposure-object';
import type { BackendConfig, FrontendConfig } from './ingress-config-types';
import { labelsOnlySelector } from '../../model/delivery/primary-pods';

/** GKE Ingress annotations (GKE docs "Ingress configuration", ingress-gce `pkg/annotations`). */
export const GKE_INGRESS_CLASS = 'kubernetes.io/ingress.class';
export const GKE_NEG = 'cloud.google.com/neg';
export const GKE_BACKEND_CONFIG = 'cloud.google.com/backend-config';
export const GKE_FRONTEND_CONFIG = 'networking.gke.io/v1beta1.FrontendConfig';
export const GKE_MANAGED_CERTIFICATES = 'networking.gke.io/managed-certificates';
export const GKE_GLOBAL_STATIC_IP = 'kubernetes.io/ingress.global-static-ip-name';
export const GKE_REGIONAL_STATIC_IP = 'kubernetes.io/ingress.regional-static-ip-name';

/** Props of `AppGkeIngress`. */
export interface AppGkeIngressProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: GkeIngressSpec;
}

/**
 * An app's GKE Ingress: the NEG Service (container-native load balancing, linked to the BackendConfig), the
 * BackendConfig (health check from the readiness probe, draining, timeout, affinity), the FrontendConfig
 * (HTTPS redirect, SSL policy) and the Ingress of class gce / gce-internal.
 */
export class AppGkeIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppGkeIngressProps) {
    super(scope, id);
    const { app, spec } = props;
    const own = { name: spec.name, labels: spec.labels, annotations: {} };
    addObject<BackendConfig>(this, 'backend-config', {
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: exposureMetadata(app, own),
      spec: backendConfigSpec(spec),
    });
    const p = spec.port;
    addObject<IService>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: exposureMetadata(
        app,
        {
          ...own,
          // A copy of the app's Service for the NEG: its labels too (not its annotations, which configure the app's Service).
          labels: { ...(app.service?.labels ?? {}), ...spec.labels },
          annotations: { [GKE_NEG]: '{"ingress": true}', [GKE_BACKEND_CONFIG]: JSON.stringify({ default: spec.name }) },
        },
        {},
        spec.serviceName,
      ),
      spec: {
        type: 'ClusterIP',
        // With Flagger, a label its primary pods keep too.
        selector: labelsOnlySelector(app),
        ports: [
          { name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, appProtocol: p.appProtocol },
        ],
      },
    });
    const fe = spec.frontend;
    if (fe) {
      addObject<FrontendConfig>(this, 'frontend-config', {
        apiVersion: 'networking.gke.io/v1beta1',
        kind: 'FrontendConfig',
        metadata: exposureMetadata(app, own),
        spec: {
          ...(fe.redirectToHttps
            ? { redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' } }
            : {}),
          ...(fe.sslPolicy !== undefined ? { sslPolicy: fe.sslPolicy } : {}),
        },
      });
    }
    addObject<IIngress>(this, 'ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: exposureMetadata(app, spec, ingressAnnotations(spec)),
      spec: ingressSpec(spec),
    });
  }
}

/** The BackendConfig: the health check from the readiness probe, draining, timeout, affinity. */
function backendConfigSpec(spec: GkeIngressSpec): BackendConfig['spec'] {
  const hc = spec.healthCheck;
  const b = spec.backend;
  return {
    healthCheck: {
      type: hc.type === 'HTTPS' ? 'HTTPS' : hc.type === 'HTTP2' ? 'HTTP2' : 'HTTP',
      requestPath: hc.requestPath ?? '/',
      port: hc.port,
      checkIntervalSec: hc.checkIntervalSec,
      timeoutSec: hc.timeoutSec,
      healthyThreshold: hc.healthyThreshold,
      unhealthyThreshold: hc.unhealthyThreshold,
    },
    connectionDraining: { drainingTimeoutSec: b.drainingTimeoutSec },
    ...(b.timeoutSec !== undefined ? { timeoutSec: b.timeoutSec } : {}),
    ...(b.sessionAffinity
      ? {
          sessionAffinity: {
            affinityType: b.sessionAffinity.type,
            ...(b.sessionAffinity.cookieTtlSec !== undefined
              ? { affinityCookieTtlSec: b.sessionAffinity.cookieTtlSec }
              : {}),
          },
        }
      : {}),
  };
}

/** The Ingress's annotations: class, FrontendConfig, managed certificates, static IP. */
function ingressAnnotations(spec: GkeIngressSpec): Record<string, string> {
  const a: Record<string, string> = { [GKE_INGRESS_CLASS]: spec.className };
  if (spec.frontend) a[GKE_FRONTEND_CONFIG] = spec.name;
  if (spec.tls && spec.tls.managedCertificates.length > 0)
    a[GKE_MANAGED_CERTIFICATES] = spec.tls.managedCertificates.join(',');
  if (spec.staticIpName !== undefined)
    a[spec.className === 'gce-internal' ? GKE_REGIONAL_STATIC_IP : GKE_GLOBAL_STATIC_IP] = spec.staticIpName;
  return a;
}

/** The Ingress's rules (one per host, or the default backend) and TLS secrets. */
function ingressSpec(spec: GkeIngressSpec): IIngress['spec'] {
  const backend = { service: { name: spec.serviceName, port: { number: spec.port.port } } };
  return {
    ...(spec.hosts.length === 0
      ? { defaultBackend: backend }
      : {
          rules: spec.hosts.map((host) => ({
            host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend }] },
          })),
        }),
    ...(spec.tls && spec.tls.secretNames.length > 0
      ? {
          tls: spec.tls.secretNames.map((secretName) => ({
            ...(spec.hosts.length > 0 ? { hosts: [...spec.hosts] } : {}),
            secretName,
          })),
        }
      : {}),
  };
}
