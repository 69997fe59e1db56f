import { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { AppSpec } from '../../model/app-spec';
import type { IngressExposureSpec, IngressPathSpec } from '../../model/exposure/ingress';
import type { ServiceBackendSpec } from '../../model/exposure/service-backend';
import { addObject } from '../api-object';
import { exposureMetadata } from './exposure-object';
import { ingressAnnotations } from '../aws/alb-ingress-annotations';

/** Props of `AppIngress`. */
export interface AppIngressProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved Ingress exposure. */
  readonly spec: IngressExposureSpec;
}

function backend(b: ServiceBackendSpec) {
  return { service: { name: b.serviceName, port: b.portName ? { name: b.portName } : { number: b.port } } };
}

function pathBackend(p: IngressPathSpec) {
  // A weighted ALB forward action is named in place of a Service, with the port `use-annotation`.
  return p.action ? { service: { name: p.action, port: { name: 'use-annotation' } } } : backend(p.backend);
}

/**
 * An app's Ingress (networking.k8s.io/v1): class, rules (hosts and paths), TLS, default backend, and for
 * ALBs the controller's annotations (typed options, weighted forward actions for canaries).
 */
export class AppIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const { app, spec } = props;
    addObject<IIngress>(this, 'ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: exposureMetadata(app, { ...spec, annotations: ingressAnnotations(spec) }),
      spec: {
        ingressClassName: spec.className,
        defaultBackend: spec.defaultBackend ? backend(spec.defaultBackend) : undefined,
        tls: spec.tls.length > 0 ? spec.tls.map((t) => ({ hosts: [...t.hosts], secretName: t.secretName })) : undefined,
        rules: spec.rules.map((r) => ({
          host: r.host,
          http: { paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: pathBackend(p) })) },
        })),
      },
    });
  }
}
