import { primarySelector } from '../../model/delivery/primary-pods';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { ObserveSpec, ScrapedLayerSpec } from '../../model/observe/observe-spec';
import { VERSION_LABEL } from '../../model/workload/resolve-workload';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpoints,
  PodMonitorSpecPodMetricsEndpointsRelabelings,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
} from '../imports/prometheus-operator';
import { TARGET_LABELS } from './layer-queries';
import { appVersionBackends } from '../../model/exposure/service-backend';
import { observeMetadata } from './observe-metadata';
import { ROLLOUT_HASH_LABEL } from '../delivery/analysis-queries';

/** Props of `AppPodMonitor`. */
export interface AppPodMonitorProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** Its resolved observability (`app.observe`). */
  readonly observe: ObserveSpec;
}

/**
 * The app's `PodMonitor` (`monitoring.coreos.com/v1`): one endpoint per scraped layer (the app's metrics port by its
 * container port name, the mesh proxy's by number: Envoy 15090 `/stats/prometheus`, linkerd-proxy 4191 `/metrics`),
 * selecting every version's pods by the app's selector. Relabelings write `workload` (the Deployment's name) and,
 * when the app has versions, `version` on every series, which the recording rules group by.
 *
 * A PodMonitor rather than a ServiceMonitor: the proxies' ports are in no Service, and with versions the app's pods
 * are behind several Services (the app's and each version's), which would scrape each pod more than once.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
export class AppPodMonitor extends Construct {
  /** The PodMonitor. */
  readonly monitor: PodMonitor;

  constructor(scope: Construct, id: string, props: AppPodMonitorProps) {
    super(scope, id);
    const { app, observe } = props;
    this.monitor = new PodMonitor(this, 'pod-monitor', {
      metadata: observeMetadata(app, observe, true),
      spec: {
        // With Flagger, also the pods of `<name>-primary` (the stable ones, their selector label renamed).
        selector: primarySelector(app),
        podMetricsEndpoints: observe.layers.map((l) => endpoint(app, observe, l)),
      },
    });
  }
}

function endpoint(app: AppSpec, observe: ObserveSpec, l: ScrapedLayerSpec): PodMonitorSpecPodMetricsEndpoints {
  return {
    ...(l.portName !== undefined ? { port: l.portName } : { portNumber: l.port }),
    path: l.path,
    interval: `${observe.intervalSeconds}s`,
    relabelings: relabelings(app),
  };
}

/** `workload` from the version label (one rule per version), `version` from the pods' version label. */
export function relabelings(app: AppSpec): PodMonitorSpecPodMetricsEndpointsRelabelings[] {
  const replace = PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE;
  const source = `__meta_kubernetes_pod_label_${VERSION_LABEL.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  // Argo Rollouts' canary and stable pods differ by their pod template hash: the analysis selects the canary's by it.
  const hash =
    app.delivery?.controller === 'argo-rollouts'
      ? [
          {
            action: replace,
            sourceLabels: ['__meta_kubernetes_pod_label_rollouts_pod_template_hash'],
            targetLabel: ROLLOUT_HASH_LABEL,
          },
        ]
      : [];
  // One rule per version of the app's per-version backend list (stable first), joined to the pods by the workload.
  const backends = appVersionBackends(app);
  if (backends.length === 1)
    return [{ action: replace, targetLabel: TARGET_LABELS.workload, replacement: backends[0].workloadName }, ...hash];
  return [
    ...backends.map((b) => ({
      action: replace,
      sourceLabels: [source],
      regex: b.version ?? '',
      targetLabel: TARGET_LABELS.workload,
      replacement: b.workloadName,
    })),
    { action: replace, sourceLabels: [source], targetLabel: TARGET_LABELS.version },
  ];
}
