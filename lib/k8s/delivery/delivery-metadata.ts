import type { ApiObjectMetadata } from 'cdk8s';
import type { AppSpec } from '../../model/app-spec';
import { nonEmpty } from '../api-object';

/**
 * The annotation on an object the library writes at its starting values and a delivery controller changes at run
 * time; its value names the controller and the fields (a GitOps tool should ignore their differences: Argo CD's
 * `ignoreDifferences`, see docs/delivery.md).
 */
export const DELIVERY_DRIVEN_ANNOTATION = 'cdk-traffic.io/delivery-driven';

/** The metadata of a delivery object of the app: in its namespace, with its labels and annotations. */
export function deliveryMetadata(app: AppSpec, name: string, extra: Record<string, string> = {}): ApiObjectMetadata {
  return {
    name,
    namespace: app.namespace,
    labels: { ...app.labels },
    annotations: nonEmpty({ ...app.annotations, ...extra }),
  };
}
