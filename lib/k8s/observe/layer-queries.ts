import type { AppSpec } from '../../model/app-spec';
import { flaggerRenamedLabel } from '../../model/delivery/primary-pods';
import type { ScrapedLayerSpec } from '../../model/observe/observe-spec';
import { appVersionBackends } from '../../model/exposure/service-backend';

/** How one layer's request metrics are queried: metric names, the labels naming namespace, workload and version. */
export interface LayerQueries {
  readonly layer: ScrapedLayerSpec['layer'];
  /** The layer's name in record names and alert labels. */
  readonly prefix: string;
  readonly requests: string;
  /** Extra matchers of every request series (Istio: the destination's own report; Linkerd: inbound). */
  readonly scope: readonly string[];
  /** The matcher of a failed request. */
  readonly error: string;
  /** The duration histogram's bucket series, and its unit in seconds (ms: 0.001). */
  readonly histogram?: { readonly bucket: string; readonly unitSeconds: number };
  /** Label names of the namespace, the workload (the Deployment) and the version. */
  readonly labels: { readonly namespace: string; readonly workload: string; readonly version: string };
}

/**
 * The label names the PodMonitor's relabelings write on every series it scrapes: `namespace` (the operator's own),
 * `workload` (the Deployment's name) and `version` (the pods' version label, when the app has versions).
 */
export const TARGET_LABELS = { namespace: 'namespace', workload: 'workload', version: 'version' } as const;

/**
 * The queries of a layer. Istio's Envoy reports the destination's namespace, workload and version itself
 * (`reporter="destination"`); Linkerd's proxy and the app are read through the PodMonitor's target labels.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 * @see https://linkerd.io/2-edge/reference/proxy-metrics/
 */
export function layerQueries(app: AppSpec, layer: ScrapedLayerSpec): LayerQueries | undefined {
  if (layer.layer === 'istio')
    return {
      layer: 'istio',
      prefix: 'istio',
      requests: 'istio_requests_total',
      scope: ['reporter="destination"'],
      error: 'response_code=~"5.."',
      histogram: { bucket: 'istio_request_duration_milliseconds_bucket', unitSeconds: 0.001 },
      labels: {
        namespace: 'destination_workload_namespace',
        workload: 'destination_workload',
        version: 'destination_version',
      },
    };
  if (layer.layer === 'linkerd')
    return {
      layer: 'linkerd',
      prefix: 'linkerd',
      requests: 'response_total',
      scope: ['direction="inbound"'],
      error: 'classification="failure"',
      histogram: { bucket: 'response_latency_ms_bucket', unitSeconds: 0.001 },
      labels: TARGET_LABELS,
    };
  const r = app.observe?.appRequests;
  if (!r) return undefined;
  return {
    layer: 'app',
    prefix: 'app',
    requests: r.counter,
    scope: [],
    error: `${r.codeLabel}=~"5.."`,
    ...(r.durationHistogram ? { histogram: { bucket: `${r.durationHistogram}_bucket`, unitSeconds: 1 } } : {}),
    labels: TARGET_LABELS,
  };
}

/**
 * The versions observed, from the app's per-version backend list (`appVersionBackends`, stable first): each workload
 * with its version label value (undefined: the app has no versions).
 */
export function observedVersions(app: AppSpec): { readonly workload: string; readonly version?: string }[] {
  const backends = appVersionBackends(app);
  const versioned = backends.length > 1;
  return backends.map((b) => ({ workload: b.workloadName, ...(versioned ? { version: b.version } : {}) }));
}

/**
 * Whether a layer's series of the app's stable version are named by Flagger's primary too: with Flagger, on a layer
 * whose proxies report the workload themselves (Istio's `destination_workload`), the stable pods Flagger runs as
 * `<name>-primary` (which serve all the traffic between rollouts) report that name. (On the layers the PodMonitor
 * names, its `workload` relabeling already covers the primary's pods, which it selects.)
 */
function primaryReported(app: AppSpec, q: LayerQueries): boolean {
  return flaggerRenamedLabel(app) !== undefined && q.labels.workload !== TARGET_LABELS.workload;
}

/** The matcher of a workload's series: with Flagger's primary reported (`primaryReported`), both names. */
function workloadMatcher(app: AppSpec, q: LayerQueries, workload: string): string {
  return primaryReported(app, q) && workload === observedVersions(app)[0].workload
    ? `=~"${workload}-primary|${workload}"`
    : `="${workload}"`;
}

/** The matchers of one layer's series of the app (all versions, Flagger's primary): namespace and the Deployments. */
export function appMatchers(app: AppSpec, q: LayerQueries): string[] {
  const workloads = observedVersions(app).map((v) => v.workload);
  const wl = workloads.length === 1 ? workloadMatcher(app, q, workloads[0]) : `=~"${workloads.join('|')}"`;
  return [...q.scope, `${q.labels.namespace}="${app.namespace}"`, `${q.labels.workload}${wl}`];
}

/**
 * The matchers of one version's recorded series: namespace, workload (with Flagger's primary, both names: one alert
 * fires per workload, by its label) and (when the app has versions) version.
 */
export function versionMatchers(app: AppSpec, q: LayerQueries, v: { workload: string; version?: string }): string {
  const m = [`${q.labels.namespace}="${app.namespace}"`, `${q.labels.workload}${workloadMatcher(app, q, v.workload)}`];
  if (v.version !== undefined) m.push(`${q.labels.version}="${v.version}"`);
  return `{${m.join(', ')}}`;
}

/** The `by` clause of the recording rules. */
export function byLabels(app: AppSpec, q: LayerQueries): string {
  const versioned = observedVersions(app).length > 1;
  const l = [q.labels.namespace, q.labels.workload, ...(versioned ? [q.labels.version] : [])];
  return l.join(', ');
}

/** A Prometheus duration: `5m`, `1h`, `3d`. */
export function promDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
