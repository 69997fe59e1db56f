import type { AppSpec } from '../model/app-spec';
import type { DeliverySpec } from '../model/delivery/delivery-spec';
import type { Requirement } from './facts';

/** One line of the summary's delivery table: what, and its detail. */
export type DeliveryLine = readonly [what: string, detail: string];

/** A duration in the summary's words: `90s`, `5m`, `2h`. */
function short(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** The steps in words: `5% pause 5m -> 25% analysis -> 100%`. */
export function describeSteps(d: DeliverySpec): string {
  const steps = d.steps.map((s) =>
    [
      `${s.weight}%`,
      ...(s.manual ? ['pause until promoted'] : s.pauseSeconds !== undefined ? [`pause ${short(s.pauseSeconds)}`] : []),
      ...(s.analysis ? ['analysis'] : []),
    ].join(' '),
  );
  return [...steps, ...(d.promoteAfterLastStep ? ['promote to 100%'] : [])].join(' -> ');
}

/** The analysis in words: `5xx ratio <= 0.001 and p99 <= 0.4s, every 1m on the app's metrics (Prometheus ...)`. */
export function describeAnalysis(d: DeliverySpec): string | undefined {
  const a = d.analysis;
  if (!a) return undefined;
  const bounds = [
    ...(a.maxErrorRatio !== undefined ? [`5xx ratio <= ${Number(a.maxErrorRatio.toPrecision(12))}`] : []),
    ...(a.latency ? [`p${Math.round(a.latency.quantile * 1000) / 10} <= ${a.latency.thresholdSeconds}s`] : []),
    ...(a.versusStable?.errorRatioMargin !== undefined
      ? [`5xx ratio <= the stable's + ${a.versusStable.errorRatioMargin}`]
      : []),
    ...(a.versusStable?.latencyMarginSeconds !== undefined && a.latency
      ? [`p${Math.round(a.latency.quantile * 1000) / 10} <= the stable's + ${a.versusStable.latencyMarginSeconds}s`]
      : []),
  ];
  const where = a.layer === 'app' ? "the app's metrics" : `the ${a.layer} proxies' metrics`;
  const when =
    d.controller === 'flagger'
      ? 'at every step'
      : a.background
        ? 'in the background from the first step'
        : 'at the analysis steps';
  return `${bounds.join(' and ')} of the canary, every ${short(a.intervalSeconds)} on ${where}, ${when}, ${a.failureLimit} failure(s) tolerated (${a.prometheusAddress})`;
}

/** What the pods' node of the map says about the delivery. */
export function deliveryOnPods(app: AppSpec): string[] {
  const d = app.delivery;
  if (!d) return [];
  const analysis = d.analysis ? ['judged by the objective'] : [];
  return [
    d.controller === 'argo-rollouts'
      ? `pods run by Rollout ${d.name} (Argo Rollouts); this Deployment runs 0`
      : `Flagger copies it to ${d.name}-primary (the stable pods) and runs this one as the canary`,
    `steps ${describeSteps(d)}`,
    ...analysis,
  ];
}

/**
 * The summary's delivery facts of an app: the controller and router, the steps, the analysis, every object with its
 * owner (written by the library, written and then changed by the controller, made by the controller), and what the
 * output needs installed.
 */
export function deliveryFacts(app: AppSpec): { lines: DeliveryLine[]; requirements: Requirement[] } {
  const d = app.delivery;
  if (!d) return { lines: [], requirements: [] };
  const router = d.router === 'replicas' ? "the pods' count (no traffic router)" : `${d.router} (${d.routerField})`;
  const lines: DeliveryLine[] = [
    ['controller', `${d.controllerLabel}, moving ${router}`],
    ['steps', describeSteps(d)],
  ];
  const analysis = describeAnalysis(d);
  if (analysis) lines.push(['analysis', analysis]);
  for (const r of d.routes)
    lines.push([
      `${r.kind} ${r.name}`,
      `written by the library ${r.written}; ${d.controllerLabel} changes ${r.driven}`,
    ]);
  for (const o of d.objects)
    lines.push([
      `${o.kind} ${o.name}`,
      o.owner === 'controller'
        ? `made by ${d.controllerLabel} (the library does not write it)`
        : o.driven
          ? `written by the library; ${d.controllerLabel} changes ${o.driven}`
          : 'written by the library',
    ]);
  const made = new Set(d.objects.map((o) => `${o.kind} ${o.name}`));
  for (const y of d.yielded.filter((x) => !made.has(`${x.kind} ${x.name}`)))
    lines.push([`${y.kind} ${y.name}`, `not written: ${d.controllerLabel} routes through its own objects`]);
  return { lines, requirements: requirements(d) };
}

/** The Gateways of the route Flagger makes: `gateways/public (listener https)`. */
function gatewayNames(d: DeliverySpec): string {
  return (d.gatewayRoute?.parentRefs ?? [])
    .map(
      (p) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.sectionName ? ` (listener ${p.sectionName})` : ''}`,
    )
    .join(', ');
}

function requirements(d: DeliverySpec): Requirement[] {
  if (d.controller === 'flagger')
    return [
      {
        what: 'controller',
        name: 'Flagger (flagger.app/v1beta1)',
        minVersion: '1.44',
        why: `Canary ${d.name}, MetricTemplates`,
      },
      ...(d.router === 'linkerd' || d.router === 'gateway-api'
        ? [
            {
              what: 'crds' as const,
              name: 'Gateway API CRDs, standard channel',
              why: `${d.objects
                .filter((o) => o.kind === 'HTTPRoute')
                .map((o) => `HTTPRoute ${o.name}`)
                .join(
                  ', ',
                )} made by Flagger (provider gatewayapi:v1) for ${d.router === 'linkerd' ? 'Linkerd' : `the Gateway ${gatewayNames(d)}`}`,
            },
          ]
        : []),
    ];
  return [
    {
      what: 'controller',
      name: 'Argo Rollouts (argoproj.io/v1alpha1)',
      minVersion: '1.9',
      why: `Rollout ${d.name} (workloadRef)`,
    },
    ...(d.router === 'gateway-api' || d.router === 'linkerd'
      ? [
          {
            what: 'controller' as const,
            name: 'Argo Rollouts Gateway API plugin (argoproj-labs/gatewayAPI in argo-rollouts-config trafficRouterPlugins)',
            why: `Rollout ${d.name} moves HTTPRoute ${d.routes.map((r) => r.name).join(', ')}`,
          },
        ]
      : []),
    ...(d.router === 'alb' && d.alb
      ? [
          {
            what: 'controller' as const,
            name: 'Argo Rollouts flag --aws-verify-target-group (recommended; needs elasticloadbalancing:Describe* on the controller)',
            why: `Rollout ${d.name} moves ALB Ingress ${d.alb.ingress}: the controller checks the target groups' IPs and weights before it scales the old pods down`,
          },
        ]
      : []),
  ];
}
