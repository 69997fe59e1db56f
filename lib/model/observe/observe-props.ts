import type { Duration } from 'cdk8s';
import type { PortRef } from '../workload/probe';

/**
 * The service level objective of an app, measured on every layer that serves it (the mesh's proxies, the app's
 * own metrics, a Terraform-managed AWS load balancer).
 * @see https://sre.google/workbook/alerting-on-slos/
 */
export interface ObjectiveProps {
  /**
   * Availability in percent: the share of requests that must not fail (5xx), e.g. 99.9. Between 0 and 100,
   * exclusive; low enough that the fastest burn-rate alert can still fire (see `ObserveProps`).
   * @default no availability objective (no error-ratio alerts or alarms)
   * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts (the burn-rate alerts it sets)
   */
  readonly availability?: number;
  /**
   * Latency: `percentile` percent of requests (e.g. 99) must complete within `threshold` (e.g. 300 ms). The
   * threshold must be shorter than the traffic policy's request timeout (a request cut at the timeout never
   * meets a longer one).
   * @default no latency objective (no latency alerts or alarms)
   */
  readonly latency?: LatencyObjectiveProps;
  /**
   * The objective's window: the error budget is `100 - availability` percent of the requests of this window.
   * At least 3 days (the longest alert window) and at most 90 days, whole days.
   * @default Duration.days(28)
   * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts (the error budget's window)
   */
  readonly window?: Duration;
}

/** A latency objective. */
export interface LatencyObjectiveProps {
  /**
   * The latency the requests must stay within, e.g. `Duration.millis(300)`.
   * Range: more than 0, at most the request timeout.
   * @see https://prometheus.io/docs/practices/histograms/ (the `le` bucket it reads)
   */
  readonly threshold: Duration;
  /**
   * The share of requests, in percent, that must stay within `threshold` (0 to 100, exclusive).
   * @default 99
   * @see https://sre.google/workbook/alerting-on-slos/ (the share of requests within the threshold)
   */
  readonly percentile?: number;
}

/** The app's own metrics endpoint. */
export interface AppMetricsProps {
  /** The container port that serves the metrics, by name or number (a port of `ports`). */
  readonly port: PortRef;
  /**
   * The HTTP path of the metrics, starting with `/`.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * The app's request metrics, when it has them: recording rules and alerts are then written for the app's
   * own layer as well.
   * @default none (the app's metrics are scraped, but no rule reads them)
   */
  readonly requests?: AppRequestMetricsProps;
}

/** The names of an app's request metrics (Prometheus conventions). */
export interface AppRequestMetricsProps {
  /** The counter of requests, e.g. `http_requests_total`. */
  readonly counter: string;
  /**
   * The counter's label holding the HTTP status code.
   * @default 'code'
   */
  readonly codeLabel?: string;
  /**
   * A histogram of request durations in seconds (its base name, without `_bucket`), e.g.
   * `http_request_duration_seconds`.
   * @default none (no latency rules for the app's own layer)
   */
  readonly durationHistogram?: string;
}

/** How Prometheus (the Prometheus Operator) finds and reaches the app's metrics. */
export interface ScrapeProps {
  /**
   * Labels on the PodMonitor and PrometheusRule that the Prometheus instance selects them by
   * (`podMonitorSelector`, `ruleSelector`). kube-prometheus-stack selects `release: <its Helm release>`.
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly prometheusLabels?: Readonly<Record<string, string>>;
  /**
   * The namespace of the Prometheus pods: the network policy admits them on the metrics ports.
   * @default 'monitoring'
   */
  readonly scraperNamespace?: string;
  /**
   * The labels of the Prometheus pods (the Prometheus Operator sets `app.kubernetes.io/name: prometheus`).
   * @default { 'app.kubernetes.io/name': 'prometheus' }
   */
  readonly scraperLabels?: Readonly<Record<string, string>>;
  /**
   * How often Prometheus scrapes (5 s to 5 min).
   * @default Duration.seconds(30)
   * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMetricsEndpoint (PodMonitor `podMetricsEndpoints[].interval`)
   */
  readonly interval?: Duration;
}

/** CloudWatch alarms of the app's Terraform-managed AWS load balancers. */
export interface AlarmProps {
  /**
   * ARNs notified when an alarm fires or clears (SNS topics, or any CloudWatch alarm action ARN).
   * @default none
   */
  readonly actions?: readonly string[];
  /**
   * The name of an SNS topic the stack creates and notifies (besides `actions`).
   * @default none
   */
  readonly createTopic?: string;
}

/** Tracing and access logs of the app's mesh proxies. */
export interface TracingProps {
  /**
   * Share of requests traced, in percent (0 to 100). Istio: the Telemetry's `randomSamplingPercentage`.
   * Linkerd's proxies follow the caller's sampling decision and take none of their own: refused there.
   * @default the mesh's default (Istio: 1%)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing (`randomSamplingPercentage`, 0-100)
   */
  readonly samplingPercent?: number;
  /**
   * The Istio tracing provider (an `extensionProviders` entry of the mesh config).
   * @default the mesh's default provider
   */
  readonly provider?: string;
  /**
   * Access logs of the proxies: Istio's Telemetry `accessLogging` (provider `envoy`), Linkerd's
   * `config.linkerd.io/access-log: json` pod annotation.
   * @default false
   */
  readonly accessLogs?: boolean;
}

/**
 * What is observed of the app: its objective, its metrics, the alerts on them, AWS alarms and tracing.
 *
 * Alerts follow the Google SRE workbook's multi-window, multi-burn-rate pattern: a page when 2% of the
 * window's error budget burns within 1 hour (checked over 1 h and 5 min) or 5% within 6 hours (6 h and
 * 30 min), a ticket when 10% burns within 3 days (3 d and 6 h). For a 30-day window these are the burn
 * rates 14.4, 6 and 1; for other windows they scale with the window.
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */
export interface ObserveProps {
  /**
   * The service level objective.
   * @default none: metrics are scraped and recorded, no alert is written
   */
  readonly objective?: ObjectiveProps;
  /**
   * The app's own metrics endpoint.
   * @default none (only the mesh proxies' metrics, when the app is meshed)
   */
  readonly metrics?: AppMetricsProps;
  /**
   * How Prometheus finds and reaches the metrics.
   * @default the kube-prometheus-stack defaults (see `ScrapeProps`)
   */
  readonly scrape?: ScrapeProps;
  /**
   * CloudWatch alarms of the app's Terraform-managed load balancers (written by the Terraform stack).
   * @default alarms without actions
   */
  readonly alarms?: AlarmProps;
  /**
   * Tracing and access logs of the mesh proxies.
   * @default none written
   */
  readonly tracing?: TracingProps;
}
