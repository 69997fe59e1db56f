import type { PolicyPortSpec } from '../dataplane/dataplane-spec';

/** One multi-window burn-rate alert: `budgetShare` of the window's error budget burnt within `longSeconds`. */
export interface BurnRateAlertSpec {
  /** `page` or `ticket`. */
  readonly severity: 'page' | 'ticket';
  /** The long window, in seconds (1 h, 6 h, 3 d). */
  readonly longSeconds: number;
  /** The short window, in seconds (5 min, 30 min, 6 h): the alert stops soon after the burning does. */
  readonly shortSeconds: number;
  /** The share of the budget (0.02, 0.05, 0.1). */
  readonly budgetShare: number;
  /** The burn rate: `budgetShare * window / longSeconds` (14.4, 6, 1 for 30 days). */
  readonly factor: number;
}

/** The resolved objective. */
export interface ObjectiveSpec {
  /** Percent, e.g. 99.9; undefined: no availability objective. */
  readonly availability?: number;
  /** The error budget as a ratio (1 - availability / 100), e.g. 0.001. */
  readonly errorBudget?: number;
  readonly latency?: { readonly thresholdSeconds: number; readonly percentile: number };
  readonly windowSeconds: number;
  /** The burn-rate alerts (empty without an availability objective). */
  readonly burnRates: readonly BurnRateAlertSpec[];
}

/** A layer whose metrics are scraped: the mesh's proxy, or the app's own endpoint. */
export interface ScrapedLayerSpec {
  /** `istio` (Envoy), `linkerd` (linkerd-proxy) or `app`. */
  readonly layer: 'istio' | 'linkerd' | 'app';
  /** What it is, for messages and the summary: `Istio sidecar (Envoy)`. */
  readonly label: string;
  /** The pod port scraped. */
  readonly port: number;
  /** The container port's name, when it has one (the app's own port). */
  readonly portName?: string;
  readonly path: string;
  /** The definition field it comes from, e.g. `expose[1]` or `observe.metrics`. */
  readonly field: string;
}

/** The app's own request metrics. */
export interface AppRequestMetricsSpec {
  readonly counter: string;
  readonly codeLabel: string;
  readonly durationHistogram?: string;
}

/** The resolved observability of an app (`AppSpec.observe`). */
export interface ObserveSpec {
  readonly objective?: ObjectiveSpec;
  /** The layers scraped (empty: nothing to scrape). */
  readonly layers: readonly ScrapedLayerSpec[];
  readonly appRequests?: AppRequestMetricsSpec;
  /** The labels the Prometheus instance selects the monitors and rules by. */
  readonly prometheusLabels: Readonly<Record<string, string>>;
  readonly scraper: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  readonly intervalSeconds: number;
  /** Pod ports the scraper must reach (the network policy admits it on exactly these). */
  readonly scrapePorts: readonly PolicyPortSpec[];
  readonly alarms: { readonly actions: readonly string[]; readonly createTopic?: string };
  readonly tracing?: {
    readonly samplingPercent?: number;
    readonly provider?: string;
    readonly accessLogs: boolean;
  };
  /** Pod annotations the proxies read (Linkerd's access log); the workload writes them. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The name of the PodMonitor, PrometheusRule and Telemetry (the app's name). */
  readonly name: string;
}
