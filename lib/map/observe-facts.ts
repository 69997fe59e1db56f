import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { ObjectiveSpec } from '../model/observe/observe-spec';
import { appVersionBackends } from '../model/exposure/service-backend';
import type { Requirement } from './facts';

/** One line of what is observed where: the layer, its signal, its alerts. */
export type ObservedLine = readonly [layer: string, signal: string, alerts: string];

/** What the summary says about an app's observability: per layer its signal and alerts, and what it needs. */
export interface ObserveFacts {
  readonly lines: readonly ObservedLine[];
  readonly requirements: readonly Requirement[];
}

const SIGNALS: Readonly<Record<string, string>> = {
  istio: 'istio_requests_total, istio_request_duration_milliseconds (reporter destination)',
  linkerd: 'response_total, response_latency_ms (inbound)',
};

/** The objective in words: `99.9% without 5xx, 99% within 300 ms, 28-day window`. */
export function describeObjective(o: ObjectiveSpec): string {
  const parts = [
    ...(o.availability !== undefined ? [`${o.availability}% without 5xx`] : []),
    ...(o.latency ? [`${o.latency.percentile}% within ${Math.round(o.latency.thresholdSeconds * 1000)} ms`] : []),
  ];
  return `${parts.join(', ') || 'no target'}, ${o.windowSeconds / 86400}-day window`;
}

/**
 * The summary's observability facts of an app, read from `app.observe`, its exposures' traits and the chart's
 * Terraform load balancers: each scraped layer with its signal and alerts, the alarms of each Terraform load balancer,
 * what to alarm on for a load balancer the controller creates (not wired: its ARN is not known at synth), tracing.
 */
export function observeFacts(app: AppSpec, plans: readonly LoadBalancerPlan[]): ObserveFacts {
  const o = app.observe;
  if (!o) return { lines: [], requirements: [] };
  const lines: ObservedLine[] = [];
  if (o.objective) lines.push(['objective', describeObjective(o.objective), '']);
  const backends = appVersionBackends(app);
  const versions = backends.length > 1 ? ` per version (${backends.map((b) => b.version).join(', ')})` : '';
  const alerts = [
    ...(o.objective?.errorBudget !== undefined ? ['ErrorBudgetFastBurn (page), ErrorBudgetSlowBurn (ticket)'] : []),
    ...(o.objective?.latency ? ['LatencyObjectiveMissed (ticket)'] : []),
    ...(o.objective?.errorBudget !== undefined && backends.length > 1 ? ['CanaryErrorsAboveStable'] : []),
  ];
  for (const l of o.layers) {
    const signal =
      l.layer === 'app'
        ? o.appRequests
          ? `${o.appRequests.counter}${o.appRequests.durationHistogram ? `, ${o.appRequests.durationHistogram}` : ''}`
          : 'scraped, no request metrics declared (no rules)'
        : SIGNALS[l.layer];
    const ruled = l.layer !== 'app' || o.appRequests !== undefined;
    lines.push([
      `${l.label} :${l.port}${l.path}`,
      `PodMonitor ${o.name}: ${signal}`,
      ruled && alerts.length > 0 ? `PrometheusRule ${o.name}: ${alerts.join(', ')}${versions}` : '(recorded only)',
    ]);
  }
  for (const plan of plans.filter((p) => p.members.some((m) => m.app === app))) {
    const alb = plan.settings.type === 'application';
    const what = [
      'unhealthy hosts',
      ...(alb && o.objective?.errorBudget !== undefined ? ['5xx ratio'] : []),
      ...(alb && o.objective?.latency ? [`p${o.objective.latency.percentile} response time`] : []),
      ...(alb ? [] : ['target resets']),
    ];
    const actions = [...o.alarms.actions, ...(o.alarms.createTopic ? [`SNS topic ${o.alarms.createTopic}`] : [])];
    lines.push([
      `Terraform ${alb ? 'ALB' : 'NLB'} ${plan.name}`,
      `CloudWatch ${alb ? 'AWS/ApplicationELB' : 'AWS/NetworkELB'} per target group${plan.settings.accessLogs ? `; access logs s3://${plan.settings.accessLogs.bucket}/${plan.settings.accessLogs.prefix ?? ''}` : ''}`,
      `alarms: ${what.join(', ')}; actions: ${actions.join(', ') || 'none'}`,
    ]);
  }
  const planned = new Set(plans.flatMap((p) => p.members.map((m) => m.exposure as unknown)));
  for (const e of app.exposures)
    if (!planned.has(e) && e.traits.fronts.some((f) => f.from.kind === 'aws-load-balancer'))
      lines.push([
        e.traits.label,
        'CloudWatch metrics of the load balancer the controller creates',
        'not wired here (its ARN exists only once the controller created it): alarm on UnHealthyHostCount, HTTPCode_Target_5XX_Count / RequestCount and TargetResponseTime of its target groups (ALB), UnHealthyHostCount and TCP_Target_Reset_Count (NLB)',
      ]);
  if (o.tracing)
    lines.push([
      'tracing and access logs',
      [
        ...(o.tracing.samplingPercent !== undefined ? [`sampling ${o.tracing.samplingPercent}%`] : []),
        ...(o.tracing.provider ? [`provider ${o.tracing.provider}`] : []),
        ...(o.tracing.accessLogs ? ['access logs'] : []),
      ].join(', ') || 'mesh defaults',
      o.layers.some((l) => l.layer === 'istio') ? `Telemetry ${o.name}` : 'pod annotation config.linkerd.io/access-log',
    ]);
  return { lines, requirements: observeRequirements(app) };
}

/** The pods' lines of the map: the objective and the layers scraped (`scraped: Envoy :15090, app :9090`). */
export function observedOnPods(app: AppSpec): string[] {
  const o = app.observe;
  if (!o) return [];
  return [
    ...(o.objective ? [`objective ${describeObjective(o.objective)}`] : []),
    ...(o.layers.length > 0 ? [`scraped: ${o.layers.map((l) => `${l.label} :${l.port}`).join(', ')}`] : []),
  ];
}

function observeRequirements(app: AppSpec): Requirement[] {
  const o = app.observe;
  if (!o || o.layers.length === 0) return [];
  const selector = Object.entries(o.prometheusLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const req: Requirement[] = [
    {
      what: 'crds',
      name: 'Prometheus Operator CRDs (monitoring.coreos.com/v1)',
      minVersion: '0.79',
      why: 'PodMonitor (portNumber), PrometheusRule',
    },
    {
      what: 'controller',
      name: `Prometheus selecting ${selector || 'every'} PodMonitor and PrometheusRule`,
      why: `Prometheus pods in namespace ${o.scraper.namespace} labelled ${Object.entries(o.scraper.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')} (the network policy admits those)`,
    },
  ];
  if (
    o.tracing &&
    o.layers.some((l) => l.layer === 'istio') &&
    (o.tracing.samplingPercent !== undefined || o.tracing.provider)
  )
    req.push({
      what: 'controller',
      name: 'Istio tracing provider',
      why: o.tracing.provider
        ? `extensionProviders entry ${o.tracing.provider} in the mesh config`
        : 'a default tracing provider in the mesh config (defaultProviders.tracing)',
    });
  return req;
}
