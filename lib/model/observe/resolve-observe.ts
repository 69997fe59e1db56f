import type { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import { checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { describePort } from '../dataplane/http-ports';
import { resolvePort } from '../workload/port-resolution';
import type {
  AlarmProps,
  AppMetricsProps,
  AppRequestMetricsProps,
  ObjectiveProps,
  ObserveProps,
  ScrapeProps,
  TracingProps,
} from './observe-props';
import type { BurnRateAlertSpec, ObjectiveSpec, ObserveSpec, ScrapedLayerSpec } from './observe-spec';

/** What observability resolves against: the workload and its resolved exposures. */
export type ObserveInput = WorkloadSpec & { readonly exposures: readonly ExposureSpec[] };

const DAY = 86400;
const HOUR = 3600;

/**
 * The SRE workbook's multi-window, multi-burn-rate alerts (table 5-8): the share of the budget burnt within
 * the long window, and the short window that must agree.
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */
export const BURN_RATE_WINDOWS: readonly Omit<BurnRateAlertSpec, 'factor'>[] = [
  { severity: 'page', longSeconds: HOUR, shortSeconds: 300, budgetShare: 0.02 },
  { severity: 'page', longSeconds: 6 * HOUR, shortSeconds: 1800, budgetShare: 0.05 },
  { severity: 'ticket', longSeconds: 3 * DAY, shortSeconds: 6 * HOUR, budgetShare: 0.1 },
];

/** The longest alert window: the objective's window must be at least this long. */
export const LONGEST_ALERT_WINDOW_SECONDS = Math.max(...BURN_RATE_WINDOWS.map((w) => w.longSeconds));

/** The metrics endpoint of each mesh's proxy, by the mesh trait's name. */
export const PROXY_METRICS: Readonly<Record<string, Omit<ScrapedLayerSpec, 'field'>>> = {
  istio: { layer: 'istio', label: 'Istio sidecar (Envoy)', port: 15090, path: '/stats/prometheus' },
  linkerd: { layer: 'linkerd', label: 'Linkerd proxy', port: 4191, path: '/metrics' },
};

const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:\S+$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Resolves `observe` (pure); problems go under `field`. */
export function resolveObserve(problems: Problems, field: string, p: ObserveProps, app: ObserveInput): ObserveSpec {
  const f = (n: string) => `${field}.${n}`;
  const objective = p.objective ? resolveObjective(problems, f('objective'), p.objective, app) : undefined;
  const layers: ScrapedLayerSpec[] = [];
  app.exposures.forEach((e, i) => {
    const mesh = e.traits.mesh;
    const proxy = mesh ? PROXY_METRICS[mesh.mesh] : undefined;
    // Istio without a sidecar (ambient) has no Envoy in the pod: its metrics come from ztunnel and the waypoint.
    if (mesh && proxy && (mesh.sidecar || proxy.layer !== 'istio') && !layers.some((l) => l.layer === proxy.layer))
      layers.push({ ...proxy, field: `expose[${i}]` });
  });
  const metrics = p.metrics ? resolveMetrics(problems, f('metrics'), p.metrics, app) : undefined;
  if (metrics) layers.push(metrics.layer);
  const s = p.scrape ?? {};
  const intervalSeconds = checkScrape(problems, f('scrape'), s, layers.length > 0);
  const awsFronted = app.exposures.some((e) => e.traits.fronts.some((x) => x.from.kind === 'aws-load-balancer'));
  checkMeasured(problems, field, p, layers, metrics?.requests, awsFronted);
  return {
    ...(objective ? { objective } : {}),
    layers,
    ...(metrics?.requests ? { appRequests: metrics.requests } : {}),
    prometheusLabels: { ...(s.prometheusLabels ?? { release: 'kube-prometheus-stack' }) },
    scraper: {
      namespace: s.scraperNamespace ?? 'monitoring',
      labels: { ...(s.scraperLabels ?? { 'app.kubernetes.io/name': 'prometheus' }) },
    },
    intervalSeconds,
    scrapePorts: uniquePorts(layers.map((l) => l.port)),
    alarms: resolveAlarms(problems, f('alarms'), p.alarms),
    ...resolveTracing(problems, f('tracing'), p.tracing, layers),
    name: app.name,
  };
}

/** The scrape options; `scraped` false: nothing is scraped, so setting them does nothing. */
function checkScrape(problems: Problems, field: string, s: ScrapeProps, scraped: boolean): number {
  checkLabels(problems, `${field}.prometheusLabels`, s.prometheusLabels);
  if (s.scraperNamespace !== undefined) checkDnsLabel(problems, `${field}.scraperNamespace`, s.scraperNamespace);
  checkLabels(problems, `${field}.scraperLabels`, s.scraperLabels);
  if (s.scraperLabels !== undefined && Object.keys(s.scraperLabels).length === 0)
    problems.add(
      `${field}.scraperLabels`,
      s.scraperLabels,
      "empty labels admit every pod of the scraper's namespace to the metrics ports",
      "give the Prometheus pods' labels, e.g. { 'app.kubernetes.io/name': 'prometheus' }, or leave it out",
    );
  if (!scraped && Object.keys(s).length > 0)
    problems.add(
      field,
      s,
      'nothing of the app is scraped (no mesh proxy in its pods, no `metrics`), so these options would apply to nothing',
      "declare the app's metrics (`observe.metrics: { port: 'metrics' }`), or remove `scrape`",
    );
  return seconds(problems, `${field}.interval`, s.interval, 30, 5, 300);
}

/** Every part of the objective, and the alarms, must be measured by some layer: declared is done. */
function checkMeasured(
  problems: Problems,
  field: string,
  p: ObserveProps,
  layers: readonly ScrapedLayerSpec[],
  requests: AppRequestMetricsProps | undefined,
  awsFronted: boolean,
): void {
  const counted = layers.some((l) => l.layer !== 'app') || requests !== undefined;
  const timed = layers.some((l) => l.layer !== 'app') || requests?.durationHistogram !== undefined;
  const fix =
    'declare the app\'s request metrics (`observe.metrics: { port, requests: { counter: "http_requests_total", durationHistogram: "http_request_duration_seconds" } }`), or put the app in a mesh';
  if (p.objective?.availability !== undefined && !counted && !awsFronted)
    problems.add(
      `${field}.objective.availability`,
      p.objective.availability,
      'no layer counts the requests: the app is in no mesh with a proxy in its pods, declares no request metrics and has no AWS load balancer',
      fix,
    );
  if (p.objective?.latency !== undefined && !timed && !awsFronted)
    problems.add(
      `${field}.objective.latency`,
      p.objective.latency,
      'no layer measures request durations: the app is in no mesh with a proxy in its pods, declares no duration histogram and has no AWS load balancer',
      fix,
    );
  if (p.alarms !== undefined && !awsFronted)
    problems.add(
      `${field}.alarms`,
      p.alarms,
      'CloudWatch alarms are written for the AWS load balancers of the app, and it has none',
      'remove `alarms`, or expose the app with `TerraformLoadBalancer.alb(...)`',
    );
}

function uniquePorts(ports: readonly number[]): { port: number; protocol: 'TCP' }[] {
  return [...new Set(ports)].map((port) => ({ port, protocol: 'TCP' as const }));
}

/** A duration in whole seconds within a range; `fallback` when absent or wrong. */
function seconds(
  problems: Problems,
  field: string,
  d: Duration | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (d === undefined) return fallback;
  const s = d.toMilliseconds({ integral: false }) / 1000;
  if (!Number.isInteger(s) || s < min || s > max) {
    problems.add(field, d, `must be whole seconds from ${min} to ${max}`, `use e.g. Duration.seconds(${fallback})`);
    return fallback;
  }
  return s;
}

function isPercent(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 100;
}

function resolveObjective(problems: Problems, field: string, o: ObjectiveProps, app: ObserveInput): ObjectiveSpec {
  const f = (n: string) => `${field}.${n}`;
  const windowSeconds = resolveWindow(problems, f('window'), o.window);
  let availability: number | undefined;
  if (o.availability !== undefined) {
    if (!isPercent(o.availability))
      problems.add(
        f('availability'),
        o.availability,
        'must be a percentage between 0 and 100, exclusive (100 leaves no error budget to alert on)',
        'use e.g. 99.9 for 99.9% of requests without a 5xx',
      );
    else availability = o.availability;
  }
  const burnRates = BURN_RATE_WINDOWS.map((w) => ({
    ...w,
    factor: Math.round(((w.budgetShare * windowSeconds) / w.longSeconds) * 1000) / 1000,
  }));
  const errorBudget = availability === undefined ? undefined : Math.round((100 - availability) * 1e6) / 1e8;
  const fastest = burnRates[0];
  if (errorBudget !== undefined && fastest.factor * errorBudget >= 1) {
    const most = Math.ceil((1 - 1 / fastest.factor) * 10000) / 100;
    problems.add(
      f('availability'),
      o.availability,
      `the fastest burn-rate alert fires at ${fastest.factor} times the error budget, more than 100% errors: it could never fire`,
      `use an availability of at least ${most}%, or a shorter window`,
    );
  }
  const latency = o.latency ? resolveLatency(problems, f('latency'), o.latency, app) : undefined;
  return {
    ...(availability !== undefined ? { availability, errorBudget } : {}),
    ...(latency ? { latency } : {}),
    windowSeconds,
    burnRates: availability !== undefined ? burnRates : [],
  };
}

function resolveWindow(problems: Problems, field: string, w: Duration | undefined): number {
  if (w === undefined) return 28 * DAY;
  const s = w.toMilliseconds({ integral: false }) / 1000;
  if (!Number.isFinite(s) || s % DAY !== 0 || s < LONGEST_ALERT_WINDOW_SECONDS || s > 90 * DAY) {
    problems.add(
      field,
      w,
      `must be whole days from ${LONGEST_ALERT_WINDOW_SECONDS / DAY} (the longest alert window, 3 days) to 90`,
      'use e.g. Duration.days(28) or Duration.days(30)',
    );
    return 28 * DAY;
  }
  return s;
}

function resolveLatency(
  problems: Problems,
  field: string,
  l: NonNullable<ObjectiveProps['latency']>,
  app: ObserveInput,
): { thresholdSeconds: number; percentile: number } | undefined {
  const percentile = l.percentile ?? 99;
  if (!isPercent(percentile))
    problems.add(
      `${field}.percentile`,
      l.percentile,
      'must be a percentage between 0 and 100, exclusive',
      'use e.g. 99 (99% of requests within the threshold)',
    );
  const t = l.threshold?.toMilliseconds({ integral: false }) / 1000;
  if (!(t > 0)) {
    problems.add(`${field}.threshold`, l.threshold, 'must be longer than zero', 'use e.g. Duration.millis(300)');
    return undefined;
  }
  const timeout = app.traffic.requestTimeoutSeconds;
  if (timeout !== undefined && t >= timeout) {
    problems.add(
      `${field}.threshold`,
      l.threshold,
      `is not shorter than the request timeout (traffic.requestTimeout, ${timeout}s): requests are cut at the timeout, so the objective can never be met`,
      `use a threshold below ${timeout}s, or raise traffic.requestTimeout`,
    );
    return undefined;
  }
  return isPercent(percentile) ? { thresholdSeconds: t, percentile } : undefined;
}

function resolveMetrics(
  problems: Problems,
  field: string,
  m: AppMetricsProps,
  app: ObserveInput,
): { layer: ScrapedLayerSpec; requests?: ObserveSpec['appRequests'] } | undefined {
  const path = m.path ?? '/metrics';
  if (typeof path !== 'string' || !path.startsWith('/') || /[\s?#]/.test(path))
    problems.add(`${field}.path`, m.path, 'must start with "/" and hold no spaces, "?" or "#"', "use e.g. '/metrics'");
  const cp = resolvePort(app, m.port, 'container')?.container;
  if (!cp) {
    problems.add(
      `${field}.port`,
      m.port,
      `is not a port of the container (declared: ${app.container.ports.map(describePort).join(', ') || 'none'})`,
      "declare the metrics port in `ports` (e.g. { name: 'metrics', port: 9090 }) and name it here",
    );
    return undefined;
  }
  if (cp.protocol !== 'TCP')
    problems.add(`${field}.port`, m.port, `is a ${cp.protocol} port; Prometheus scrapes over TCP`, 'name a TCP port');
  const r = m.requests;
  if (r) {
    if (typeof r.counter !== 'string' || !METRIC_NAME.test(r.counter))
      problems.add(`${field}.requests.counter`, r.counter, 'is not a metric name', "use e.g. 'http_requests_total'");
    if (r.codeLabel !== undefined && !LABEL_NAME.test(r.codeLabel))
      problems.add(`${field}.requests.codeLabel`, r.codeLabel, 'is not a label name', "use e.g. 'code'");
    if (
      r.durationHistogram !== undefined &&
      (!METRIC_NAME.test(r.durationHistogram) || /_bucket$/.test(r.durationHistogram))
    )
      problems.add(
        `${field}.requests.durationHistogram`,
        r.durationHistogram,
        'is not a histogram base name (a metric name without `_bucket`)',
        "use e.g. 'http_request_duration_seconds'",
      );
  }
  return {
    layer: {
      layer: 'app',
      label: 'the app',
      port: cp.port,
      ...(cp.name ? { portName: cp.name } : {}),
      path,
      field,
    },
    ...(r
      ? {
          requests: {
            counter: r.counter,
            codeLabel: r.codeLabel ?? 'code',
            ...(r.durationHistogram ? { durationHistogram: r.durationHistogram } : {}),
          },
        }
      : {}),
  };
}

function resolveAlarms(problems: Problems, field: string, a: AlarmProps | undefined): ObserveSpec['alarms'] {
  const actions = [...(a?.actions ?? [])];
  actions.forEach((arn, i) => {
    if (typeof arn !== 'string' || !ARN.test(arn))
      problems.add(
        `${field}.actions[${i}]`,
        arn,
        'is not an ARN',
        'give an SNS topic ARN, e.g. "arn:aws:sns:eu-west-1:123456789012:oncall", or use `createTopic`',
      );
  });
  if (a?.createTopic !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(a.createTopic))
    problems.add(
      `${field}.createTopic`,
      a.createTopic,
      'is not an SNS topic name (1 to 256 letters, digits, "-" and "_")',
      "use e.g. 'shop-alarms'",
    );
  return { actions, ...(a?.createTopic !== undefined ? { createTopic: a.createTopic } : {}) };
}

function resolveTracing(
  problems: Problems,
  field: string,
  t: TracingProps | undefined,
  layers: readonly ScrapedLayerSpec[],
): Pick<ObserveSpec, 'tracing' | 'podAnnotations'> {
  if (!t) return { podAnnotations: {} };
  const meshes = layers.filter((l) => l.layer !== 'app').map((l) => l.layer);
  if (meshes.length === 0)
    problems.add(
      field,
      t,
      'tracing and access logs are written for mesh proxies, and the app is in no mesh with a proxy in its pods',
      'put the app in a mesh (`expose: [Mesh.istio({...})]`), or remove `tracing`',
    );
  if (t.samplingPercent !== undefined) {
    if (typeof t.samplingPercent !== 'number' || !(t.samplingPercent >= 0 && t.samplingPercent <= 100))
      problems.add(
        `${field}.samplingPercent`,
        t.samplingPercent,
        'must be a percentage from 0 to 100',
        'use e.g. 1 (one request in a hundred traced)',
      );
    if (meshes.includes('linkerd'))
      problems.add(
        `${field}.samplingPercent`,
        t.samplingPercent,
        "Linkerd's proxies take no sampling rate: they follow the sampling decision of the incoming trace headers",
        'set the sampling rate in the tracer of the app or of the ingress that starts the trace, and remove `samplingPercent`',
      );
  }
  if (t.provider !== undefined && !meshes.includes('istio'))
    problems.add(
      `${field}.provider`,
      t.provider,
      'names an Istio tracing provider (a Telemetry field), and the app has no Istio sidecar',
      'remove `provider`, or put the app in Istio with sidecars (`Mesh.istio()`)',
    );
  if (t.provider !== undefined && !/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(t.provider))
    problems.add(
      `${field}.provider`,
      t.provider,
      'is not the name of an extensionProviders entry',
      "use the name in the mesh config's `extensionProviders`, e.g. 'otel-tracing'",
    );
  const accessLogs = t.accessLogs ?? false;
  return {
    tracing: {
      ...(t.samplingPercent !== undefined ? { samplingPercent: t.samplingPercent } : {}),
      ...(t.provider !== undefined ? { provider: t.provider } : {}),
      accessLogs,
    },
    podAnnotations: accessLogs && meshes.includes('linkerd') ? { 'config.linkerd.io/access-log': 'json' } : {},
  };
}
