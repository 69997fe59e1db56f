import type { ApiObjectMetadata } from 'cdk8s';
import type { AppSpec } from '../../model/app-spec';
import type { ObserveSpec } from '../../model/observe/observe-spec';

/**
 * The metadata of an observability object of the app: named after it, in its namespace, with its labels and
 * annotations; `selected`: also the labels Prometheus selects the object by (PodMonitor, PrometheusRule).
 */
export function observeMetadata(app: AppSpec, observe: ObserveSpec, selected: boolean): ApiObjectMetadata {
  return {
    name: observe.name,
    namespace: app.namespace,
    labels: { ...app.labels, ...(selected ? observe.prometheusLabels : {}) },
    ...(Object.keys(app.annotations).length > 0 ? { annotations: { ...app.annotations } } : {}),
  };
}
