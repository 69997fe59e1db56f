import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import type { AppSpec } from '../../model/app-spec';
import type { ServicePortSpec } from '../../model/workload/ports';
import { nonEmpty } from '../api-object';
import { labelsOnlySelector } from '../../model/delivery/primary-pods';

/** Object metadata (typed by kubernetes-models, through a direct dependency). */
export type ObjectMeta = NonNullable<IService['metadata']>;

/** What every resolved exposure that writes an object of its own carries. */
export interface ExposureObjectSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * Metadata of an object an exposure writes: its name in the app's namespace, the app's labels and
 * annotations with the exposure's on top, then `extra` (annotations the renderer adds, such as Cilium's).
 */
export function exposureMetadata(
  app: AppSpec,
  spec: ExposureObjectSpec,
  extra: Readonly<Record<string, string>> = {},
  name = spec.name,
): ObjectMeta {
  return {
    name,
    namespace: app.namespace,
    labels: { ...app.labels, ...spec.labels },
    annotations: nonEmpty({ ...app.annotations, ...spec.annotations, ...extra }),
  };
}

/** What a resolved Service-of-type-LoadBalancer exposure carries (NLB through the AWS controller, Cilium LB IPAM). */
export interface LoadBalancerServiceObjectSpec extends ExposureObjectSpec {
  readonly ports: readonly ServicePortSpec[];
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/** The spec of a Service of type LoadBalancer selecting the app's pods; `extra` sets the class and the like. */
export function loadBalancerServiceSpec(
  app: AppSpec,
  spec: LoadBalancerServiceObjectSpec,
  extra: Partial<IServiceSpec> = {},
): IServiceSpec {
  return {
    type: 'LoadBalancer',
    ...extra,
    // With Flagger, a label its primary pods keep too (the canary's pods are scaled to 0 between rollouts).
    selector: labelsOnlySelector(app),
    ports: spec.ports.map((p) => ({
      name: p.name,
      protocol: p.protocol,
      port: p.port,
      targetPort: p.targetPort,
      appProtocol: p.appProtocol,
    })),
    loadBalancerSourceRanges: spec.sourceRanges.length > 0 ? [...spec.sourceRanges] : undefined,
    externalTrafficPolicy: spec.externalTrafficPolicy,
    // The nodes forward through this Service too: the app's ClientIP affinity applies here as on the app's Service.
    ...(app.service?.sessionAffinity === 'ClientIP'
      ? {
          sessionAffinity: 'ClientIP',
          ...(app.service.sessionAffinityTimeoutSeconds !== undefined
            ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: app.service.sessionAffinityTimeoutSeconds } } }
            : {}),
        }
      : {}),
  };
}
