import type { WorkloadSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import type { ExposureSpec } from '../exposure/exposure';
import { orList, Problems } from '../problems';
import type { ObserveSpec } from '../observe/observe-spec';
import { Duration } from 'cdk8s';
import type {
  DeliveryAnalysisProps,
  DeliveryComparisonProps,
  DeliveryProps,
  DeliveryStepProps,
} from './delivery-props';
import type { DeliveryAnalysisSpec, DeliveryObject, DeliverySpec, DeliveryStepSpec } from './delivery-spec';
import { FLAGGER_SELECTOR_LABELS } from './primary-pods';
import { carryRoute } from './flagger-route';
import { servicePortsTargeting } from '../workload/port-resolution';

/** The Prometheus the analysis queries by default: the Service the Prometheus Operator writes for its instances. */
export const DEFAULT_PROMETHEUS_ADDRESS = 'http://prometheus-operated.monitoring.svc:9090';

const LABELS = { 'argo-rollouts': 'Argo Rollouts', flagger: 'Flagger' } as const;

/**
 * The routing objects of the router's exposure that Flagger makes itself instead (the library leaves them out): Istio's
 * VirtualService and DestinationRule; Linkerd's HTTPRoute (Flagger's Gateway API provider makes `<service>` on the
 * apex Service; the Server and AuthorizationPolicy stay the library's); a Gateway API route's HTTPRoute (Flagger makes
 * `<service>` on the route's Gateways; a Gateway the route creates stays the library's).
 */
const FLAGGER_MAKES: Partial<Record<DeliverySpec['router'], readonly string[]>> = {
  istio: ['VirtualService', 'DestinationRule'],
  linkerd: ['HTTPRoute'],
  'gateway-api': ['HTTPRoute'],
};

/** How to give the app a router it lacks. */
const ROUTER_FIX: Readonly<Record<Exclude<DeliverySpec['router'], 'replicas'>, string>> = {
  istio: 'add `Mesh.istio()` to `expose`',
  'gateway-api': 'add a Gateway API route to `expose`',
  linkerd: 'add `Mesh.linkerd()` to `expose`',
  alb: "add an ALB Ingress (`IngressExposure.alb(...)`) to `expose` (a Terraform-managed ALB cannot be moved by Argo Rollouts: its target group weights are Terraform's)",
};

/** The routers each controller drives through the library (what it writes for them). */
const ROUTERS: Readonly<Record<DeliveryProps['controller'], readonly DeliverySpec['router'][]>> = {
  'argo-rollouts': ['gateway-api', 'istio', 'linkerd', 'alb', 'replicas'],
  flagger: ['istio', 'linkerd', 'gateway-api'],
};

/** An exposure the controller can drive, by what its traits say it writes. */
function routerOf(e: ExposureSpec): DeliverySpec['router'] | undefined {
  if (e.traits.mesh?.mesh === 'istio') return 'istio';
  if (e.traits.mesh?.mesh === 'linkerd' && e.traits.objects.some((o) => o.kind === 'HTTPRoute')) return 'linkerd';
  if (e.traits.split.by === 'weight' && !e.traits.mesh && e.traits.objects.some((o) => o.kind === 'HTTPRoute'))
    return 'gateway-api';
  if (e.traits.split.by === 'weight' && isAlbIngress(e)) return 'alb';
  return undefined;
}

/** An AWS load balancer the AWS Load Balancer Controller makes from an Ingress (not a Terraform-managed one). */
function isAlbIngress(e: ExposureSpec): boolean {
  return (
    e.traits.fronts.some((f) => f.from.kind === 'aws-load-balancer') &&
    e.traits.objects.some((o) => o.kind === 'Ingress')
  );
}

/** The steps: weights that increase up to 100 (or a declared promotion after the last), pauses of at least 1 s. */
export function resolveSteps(problems: Problems, field: string, p: DeliveryProps): DeliveryStepSpec[] {
  const steps: DeliveryStepSpec[] = [];
  if (!Array.isArray(p.steps) || p.steps.length === 0) {
    problems.add(
      `${field}.steps`,
      p.steps,
      'lists no step',
      'list the weights the canary moves through, e.g. steps: [{ weight: 5, pause: Duration.minutes(5) }, { weight: 50, analysis: true }, { weight: 100 }]',
    );
    return steps;
  }
  p.steps.forEach((s: DeliveryStepProps, i) => {
    const f = `${field}.steps[${i}]`;
    const weight = checkInt(problems, `${f}.weight`, s.weight, 0, 1, 100, 'give a whole percentage from 1 to 100');
    const before = steps[steps.length - 1]?.weight ?? 0;
    if (weight > 0 && weight <= before)
      problems.add(
        `${f}.weight`,
        s.weight,
        `does not increase (the step before has ${before})`,
        'list the steps with increasing weights, e.g. 5, 25, 50, 100',
      );
    const manual = s.pause === 'manual';
    const pauseSeconds =
      s.pause === undefined || manual
        ? undefined
        : wholeSeconds(problems, `${f}.pause`, s.pause, 60, {
            min: 1,
            fix: "use a pause of at least Duration.seconds(1), or 'manual'",
          });
    steps.push({
      weight,
      manual,
      analysis: s.analysis === true,
      ...(pauseSeconds !== undefined ? { pauseSeconds } : {}),
    });
  });
  const last = steps[steps.length - 1];
  if (last.weight > 0 && last.weight < 100 && p.promoteAfterLastStep !== true)
    problems.add(
      `${field}.steps[${steps.length - 1}].weight`,
      last.weight,
      'the last step stops below 100: the controller would promote the canary to 100% at once after it',
      'end with { weight: 100 }, or set `promoteAfterLastStep: true` to promote after this step on purpose',
    );
  if (last.weight === 100 && p.promoteAfterLastStep === true)
    problems.add(
      `${field}.promoteAfterLastStep`,
      true,
      'the last step is already 100',
      'leave `promoteAfterLastStep` out',
    );
  return steps;
}

/** The router: declared, or chosen from the exposures; a router the exposures cannot provide is a problem. */
function resolveRouter(
  problems: Problems,
  field: string,
  p: DeliveryProps,
  exposures: readonly ExposureSpec[],
): { router: DeliverySpec['router']; routerField?: string; routerIndex?: number } {
  // Flagger makes a plain HTTPRoute: a route kind that writes objects of its own around it is no router for it.
  const found = exposures
    .map((e, i) => ({ e, i, router: routerOf(e) }))
    .map((f) =>
      f.router === 'gateway-api' && p.controller === 'flagger' && !f.e.traits.httpRoute
        ? { ...f, router: undefined }
        : f,
    );
  const supported = ROUTERS[p.controller];
  const usable = found.filter((f) => f.router !== undefined && supported.includes(f.router));
  const router = p.router ?? usable[0]?.router ?? (supported.includes('replicas') ? 'replicas' : undefined);
  if (router === undefined || !supported.includes(router)) {
    problems.add(
      p.router !== undefined ? `${field}.router` : `${field}.controller`,
      p.router ?? p.controller,
      `${LABELS[p.controller]} is driven through ${orList(supported)} by this library, which the app's exposures do not provide${router ? '' : ` (exposures: ${exposures.map((e) => e.traits.label).join(', ') || 'none'})`}`,
      p.controller === 'flagger'
        ? 'add `Mesh.istio()` (Flagger then makes the VirtualService and DestinationRules), `Mesh.linkerd()` or a Gateway API route (`GatewayRouteExposure.http(...)`; Flagger then makes the HTTPRoute) to `expose`, or use `controller: "argo-rollouts"`'
        : 'expose the app through a Gateway API route (`GatewayRouteExposure.http(...)`) or an ALB Ingress (`IngressExposure.alb(...)`; a Terraform-managed ALB cannot be moved by Argo Rollouts: its target group weights are Terraform\'s), or set `router: "replicas"` to split by the pods\' count',
    );
    return { router: router ?? 'replicas' };
  }
  if (router === 'replicas') return { router };
  const at = found.find((f) => f.router === router);
  if (!at) {
    problems.add(
      `${field}.router`,
      router,
      `no exposure of the app provides it (exposures: ${exposures.map((e) => e.traits.label).join(', ') || 'none'})`,
      ROUTER_FIX[router],
    );
    return { router };
  }
  return { router, routerField: `expose[${at.i}]`, routerIndex: at.i };
}

/** Exposures that split by weight but are not the router: their split would not follow the controller. */
function checkOtherSplits(
  problems: Problems,
  p: DeliveryProps,
  exposures: readonly ExposureSpec[],
  routerField: string | undefined,
): void {
  exposures.forEach((e, i) => {
    if (e.traits.split.by !== 'weight' || `expose[${i}]` === routerField || e.traits.mesh) return;
    // Terraform's load balancers write no routing object of their own (the controller's Ingress and Gateway routes do).
    const terraform =
      e.traits.fronts.some((f) => f.from.kind === 'aws-load-balancer') &&
      e.traits.objects.every((o) => o.kind === 'TargetGroupBinding');
    problems.add(
      `expose[${i}]`,
      e.traits.label,
      terraform
        ? `splits by weight in Terraform-managed target groups, which ${LABELS[p.controller]} cannot move (an ALB the controller drives through an Ingress cannot also be managed by Terraform with TargetGroupBindings)`
        : `splits by weight, but ${LABELS[p.controller]} drives only ${routerField ?? "the pods' count"}: this layer's split would not follow the steps`,
      'expose the app through the one layer the controller drives (a Gateway API HTTPRoute or an ALB Ingress with Argo Rollouts, the Istio or Linkerd mesh with Flagger), or leave `delivery` out and declare a fixed split with `versions`',
    );
  });
}

/**
 * The delivery without its analysis (which reads the resolved `observe`): the controller, the steps, the router
 * chosen from the exposures, the objects it writes and owns. `exposures` are the app's, resolved without it.
 */
export function resolveDelivery(
  problems: Problems,
  field: string,
  p: DeliveryProps,
  w: WorkloadSpec,
  exposures: readonly ExposureSpec[],
): DeliverySpec | undefined {
  if (p.controller !== 'argo-rollouts' && p.controller !== 'flagger') return undefined;
  if (w.versions.length > 1)
    problems.add(
      'versions',
      w.versions.slice(1).map((v) => v.version),
      `static versions and a delivery by ${LABELS[p.controller]} would both split the traffic: the controller makes the canary itself, from the next image`,
      'remove `versions` (change `image` to start a canary), or remove `delivery` to keep a fixed split',
    );
  if (w.workloadKind !== 'Deployment')
    problems.add(
      `${field}.controller`,
      p.controller,
      `${LABELS[p.controller]} rolls out Deployments, and this app is a StatefulSet`,
      'remove `delivery` and roll out with `stateful.updateStrategy.partition`',
    );
  const steps = resolveSteps(problems, field, p);
  if (p.controller === 'flagger') checkFlagger(problems, field, steps, w, exposures);
  const before = problems.size;
  const { router, routerField, routerIndex } = resolveRouter(problems, field, p, exposures);
  // The other layers' splits are judged against a router that exists.
  if (problems.size === before) checkOtherSplits(problems, p, exposures, routerField);
  const name = w.versions[0].deploymentName;
  const service = w.service?.name ?? w.name;
  if (!w.service)
    problems.add(
      `${field}.controller`,
      p.controller,
      `${LABELS[p.controller]} routes through the app's Service, and the app has none`,
      'declare the Service (`service: { ports: [...] }`) or container ports',
    );
  const services =
    p.controller === 'argo-rollouts' ? { stable: `${service}-stable`, canary: `${service}-canary` } : undefined;
  if (services && services.canary.length > 63)
    problems.add(
      'names.service',
      service,
      `makes the canary Service name "${services.canary}", longer than 63 characters`,
      'give the Service a shorter name (`names.service`)',
    );
  const driven = routerIndex !== undefined ? exposures[routerIndex] : undefined;
  const alb = router === 'alb' && driven && w.service ? albRouting(driven, w) : undefined;
  const routes = argoRoutes(p, router, driven, w.namespace, alb?.rootService);
  // Flagger over a Gateway API route: the HTTPRoute it makes, named after the Service, carrying the route's fields.
  const gatewayRoute =
    p.controller === 'flagger' && router === 'gateway-api' && driven?.traits.httpRoute
      ? carryRoute(problems, routerField!, driven.traits.httpRoute, w)
      : undefined;
  const yielded = gatewayRoute
    ? [{ kind: 'HTTPRoute', name: gatewayRoute.name }]
    : p.controller === 'flagger' && driven
      ? driven.traits.objects
          .filter((o) => FLAGGER_MAKES[router]?.includes(o.kind))
          .map((o) => ({ kind: o.kind, name: o.name }))
      : [];
  const base = { controller: p.controller, name, service, namespace: w.namespace, field, services, routes };
  return {
    controller: p.controller,
    controllerLabel: LABELS[p.controller],
    steps,
    promoteAfterLastStep: p.promoteAfterLastStep === true,
    router,
    ...(routerField ? { routerField, routerIndex } : {}),
    name,
    ...(services ? { services } : {}),
    ...(alb ? { alb } : {}),
    ...(gatewayRoute ? { gatewayRoute } : {}),
    ...(p.controller === 'argo-rollouts' && router === 'istio'
      ? { subsets: { stable: 'stable', canary: 'canary' } }
      : {}),
    routes,
    objects: deliveryObjects(base, router, w.autoscaling !== undefined),
    yielded,
  };
}

/**
 * The routing objects Argo Rollouts changes: the HTTPRoutes' weights, the Istio VirtualService and subsets, or the
 * ALB Ingress's forward action (an annotation Argo adds: the library does not write it).
 */
function argoRoutes(
  p: DeliveryProps,
  router: DeliverySpec['router'],
  driven: ExposureSpec | undefined,
  namespace: string,
  rootService: string | undefined,
): DeliverySpec['routes'] {
  if (p.controller !== 'argo-rollouts' || !driven) return [];
  const weights = 'at weights 100/0';
  const action = `metadata.annotations["alb.ingress.kubernetes.io/actions.${rootService}"]`;
  const fields: Readonly<Record<string, readonly [string, string]>> =
    router === 'gateway-api' || router === 'linkerd'
      ? { HTTPRoute: ['spec.rules[*].backendRefs[*].weight', weights] }
      : router === 'alb'
        ? {
            Ingress: [
              `${action} (and rollouts.argoproj.io/managed-alb-actions)`,
              `without ${action}, which Argo Rollouts adds`,
            ],
          }
        : {
            VirtualService: ['spec.http[default].route[*].weight', weights],
            DestinationRule: ['spec.subsets[*].labels', 'with the subsets stable and canary'],
          };
  return driven.traits.objects
    .filter((o) => fields[o.kind] !== undefined)
    .map((o) => ({
      kind: o.kind,
      namespace: o.namespace ?? namespace,
      name: o.name,
      driven: fields[o.kind][0],
      written: fields[o.kind][1],
    }));
}

/**
 * Argo Rollouts' ALB router (`trafficRouting.alb`): the Ingress, the Service port its paths send to (Argo's
 * `servicePort`: its forward action splits one port; the Ingress refuses paths to another), and the app's Service as
 * the root Service the paths name.
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/traffic-management/alb/
 */
function albRouting(e: ExposureSpec, w: WorkloadSpec): NonNullable<DeliverySpec['alb']> | undefined {
  const ingress = e.traits.objects.find((o) => o.kind === 'Ingress');
  const svc = w.service;
  if (!ingress || !svc) return undefined;
  // The pod ports the ALB sends to, those it only health-checks last.
  const checked = new Set(e.traits.fronts.flatMap((f) => f.healthChecks.map((h) => h.port)));
  const sent = e.traits.fronts.flatMap((f) => f.ports.map((p) => p.port));
  const ranked = [...sent.filter((p) => !checked.has(p)), ...sent];
  const port = ranked.map((t) => servicePortsTargeting(svc.ports, { port: t })[0]).find((p) => p !== undefined);
  return {
    ingress: ingress.name,
    servicePort: port?.port ?? svc.ports[0]?.port ?? 80,
    rootService: svc.name,
    nodePorts: e.traits.fronts.some((f) => f.from.kind === 'nodes'),
  };
}

/** What Flagger needs of the app: one of its selector labels, one pause for every step, no TCP connection limit. */
function checkFlagger(
  problems: Problems,
  field: string,
  steps: readonly DeliveryStepSpec[],
  w: WorkloadSpec,
  exposures: readonly ExposureSpec[],
): void {
  if (!FLAGGER_SELECTOR_LABELS.some((k) => w.selector[k] !== undefined))
    problems.add(
      'selectorLabels',
      w.selector,
      `has none of the labels Flagger finds the pods by (${FLAGGER_SELECTOR_LABELS.join(', ')}): Flagger refuses the Canary`,
      "keep the default selector label `app.kubernetes.io/name`, or add `app: '<name>'` to `selectorLabels`",
    );
  checkFlaggerPauses(problems, field, steps);
  // In an Istio mesh Flagger writes the DestinationRule (elsewhere the mesh's own layer carries the limit or says why not).
  const istio = exposures.some((e) => e.traits.mesh?.mesh === 'istio');
  if (istio && w.traffic.connectionPool?.maxConnections !== undefined)
    problems.add(
      'traffic.connectionPool.maxConnections',
      w.traffic.connectionPool.maxConnections,
      "is written on the DestinationRule, which Flagger makes from the Canary's `service.trafficPolicy`, and that has no TCP connection limit",
      'remove `maxConnections`, or deliver with Argo Rollouts',
    );
}

/** Flagger holds every step for its one analysis `interval`: the steps' pauses must agree. */
function checkFlaggerPauses(problems: Problems, field: string, steps: readonly DeliveryStepSpec[]): void {
  const pauses = new Set(steps.map((s) => (s.manual ? 'manual' : (s.pauseSeconds ?? 'none'))));
  if (pauses.has('manual'))
    problems.add(
      `${field}.steps`,
      'manual',
      'Flagger has no manual pause per step (it advances at every analysis interval)',
      'give the steps a duration, or gate the promotion with a Flagger webhook (`confirm-promotion`) by an escape hatch',
    );
  if (pauses.size > 1)
    problems.add(
      `${field}.steps`,
      [...pauses].join(', '),
      'Flagger holds every step for the same time (its analysis `interval`)',
      'give every step the same `pause` (or none: the analysis interval is used)',
    );
  if (steps.some((s) => s.analysis))
    problems.add(
      `${field}.steps`,
      steps.filter((s) => s.analysis).map((s) => s.weight),
      'Flagger runs its analysis at every step: `analysis` per step means nothing to it',
      'leave `analysis` out of the steps and declare `delivery.analysis`',
    );
}

interface DeliveryBase {
  readonly controller: DeliveryProps['controller'];
  readonly name: string;
  readonly service: string;
  readonly namespace: string;
  readonly field: string;
  readonly services?: { readonly stable: string; readonly canary: string };
  readonly routes: DeliverySpec['routes'];
}

/** Every object of the delivery and who writes it (the library, or the controller at run time). */
function deliveryObjects(b: DeliveryBase, router: DeliverySpec['router'], hpa: boolean): DeliveryObject[] {
  const ns = b.namespace;
  const lib = (kind: string, name: string, driven?: string): DeliveryObject => ({
    kind,
    namespace: ns,
    name,
    field: b.field,
    owner: 'library',
    fix: 'give the app or the other object another name',
    ...(driven ? { driven } : {}),
  });
  const ctl = (kind: string, name: string): DeliveryObject => ({
    kind,
    namespace: ns,
    name,
    field: `${b.field} (made by ${LABELS[b.controller]})`,
    owner: 'controller',
    fix: `rename the other object: ${LABELS[b.controller]} makes this one`,
  });
  if (b.controller === 'argo-rollouts')
    return [
      lib('Rollout', b.name),
      lib('Service', b.services!.stable, 'spec.selector (adds rollouts-pod-template-hash)'),
      lib('Service', b.services!.canary, 'spec.selector (adds rollouts-pod-template-hash)'),
    ];
  return [
    lib('Canary', b.name),
    lib('Deployment', b.name, 'spec.replicas (to 0 between rollouts)'),
    ctl('Deployment', `${b.name}-primary`),
    ctl('Service', b.service),
    ctl('Service', `${b.service}-primary`),
    ctl('Service', `${b.service}-canary`),
    ...(hpa ? [ctl('HorizontalPodAutoscaler', `${b.name}-primary`)] : []),
    ...(router === 'istio'
      ? [
          ctl('VirtualService', b.service),
          ctl('DestinationRule', `${b.service}-primary`),
          ctl('DestinationRule', `${b.service}-canary`),
        ]
      : []),
    ...(router === 'linkerd' || router === 'gateway-api' ? [ctl('HTTPRoute', b.service)] : []),
  ];
}

/** The analysis of the objective: needs `observe.objective` and a scraped layer with request metrics. */
export function resolveDeliveryAnalysis(
  problems: Problems,
  field: string,
  p: DeliveryProps,
  delivery: DeliverySpec,
  observe: ObserveSpec | undefined,
): DeliveryAnalysisSpec | undefined {
  const a: DeliveryAnalysisProps | undefined = p.analysis;
  const stepAnalysis = delivery.steps.some((s) => s.analysis);
  if (!a && !stepAnalysis) return undefined;
  const at = a ? `${field}.analysis` : `${field}.steps`;
  const o = observe?.objective;
  if (!o || (o.errorBudget === undefined && !o.latency)) {
    problems.add(
      at,
      a ?? 'analysis: true',
      "judges the canary by the app's objective, and the app declares none",
      'declare `observe: { objective: { availability: 99.9, latency: { threshold: Duration.millis(300) } } }`',
    );
    return undefined;
  }
  const layer = observe.layers.find((l) => l.layer !== 'app' || observe.appRequests !== undefined);
  if (!layer) {
    problems.add(
      at,
      a ?? 'analysis: true',
      'needs request metrics of the canary, and no observed layer has them (no mesh proxy, no `observe.metrics.requests`)',
      "add a mesh (`Mesh.istio()`, `Mesh.linkerd()`) or the app's request metrics (`observe.metrics: { port, requests: { counter } }`)",
    );
    return undefined;
  }
  const intervalSeconds = wholeSeconds(problems, `${at}.interval`, a?.interval, 60, { min: 30 });
  const failureLimit = checkInt(
    problems,
    `${at}.failureLimit`,
    a?.failureLimit,
    p.controller === 'flagger' ? 2 : 1,
    0,
    10,
  );
  const address = a?.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS;
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(address))
    problems.add(
      `${at}.prometheusAddress`,
      address,
      'is not an http(s) URL',
      "give Prometheus' URL, e.g. http://prometheus-operated.monitoring.svc:9090",
    );
  const versusStable = resolveComparison(problems, `${at}.comparedWithStable`, a?.comparedWithStable, o.latency);
  return {
    prometheusAddress: address,
    intervalSeconds,
    failureLimit,
    background: a !== undefined && a.background !== false && p.controller === 'argo-rollouts',
    layer: layer.layer,
    ...(o.errorBudget !== undefined ? { maxErrorRatio: o.errorBudget } : {}),
    ...(o.latency
      ? { latency: { quantile: o.latency.percentile / 100, thresholdSeconds: o.latency.thresholdSeconds } }
      : {}),
    ...(versusStable ? { versusStable } : {}),
    name: delivery.name,
  };
}

/** A duration in whole milliseconds; undefined when it is not whole (cdk8s throws then). */
function wholeMillis(d: Duration): number | undefined {
  try {
    return d.toMilliseconds();
  } catch {
    return undefined;
  }
}

/** The comparison with the stable version: a margin of the error ratio (0-1) and of the latency (whole ms, >= 0). */
function resolveComparison(
  problems: Problems,
  field: string,
  c: DeliveryComparisonProps | undefined,
  latency: unknown,
): DeliveryAnalysisSpec['versusStable'] {
  if (c === undefined) return undefined;
  const error = c.errorRatioMargin;
  const errorOk = error === undefined || (typeof error === 'number' && error >= 0 && error <= 1);
  if (!errorOk)
    problems.add(
      `${field}.errorRatioMargin`,
      error,
      'must be a ratio from 0 to 1',
      'give the margin as a ratio, e.g. 0.005 for half a percentage point',
    );
  const ms = c.latencyMargin instanceof Duration ? wholeMillis(c.latencyMargin) : undefined;
  const latencyOk = c.latencyMargin === undefined || (ms !== undefined && Number.isInteger(ms) && ms >= 0);
  if (!latencyOk)
    problems.add(
      `${field}.latencyMargin`,
      c.latencyMargin,
      'must be a Duration of 0 or more whole milliseconds',
      'give e.g. Duration.millis(50)',
    );
  else if (c.latencyMargin !== undefined && !latency)
    problems.add(
      `${field}.latencyMargin`,
      c.latencyMargin,
      'compares latencies, and the objective declares none',
      'declare `observe.objective.latency`, or leave `latencyMargin` out',
    );
  // (A margin of the wrong type was reported, and left out, by the input check.)
  const reported = problems.items.some((x) => x.field.startsWith(`${field}.`));
  if (error === undefined && c.latencyMargin === undefined && !reported)
    problems.add(field, c, 'gives no margin', 'give `errorRatioMargin`, `latencyMargin` or both, or leave it out');
  return {
    ...(errorOk && error !== undefined ? { errorRatioMargin: error } : {}),
    ...(latencyOk && ms !== undefined && latency ? { latencyMarginSeconds: ms / 1000 } : {}),
  };
}

/** The exposures without the objects the controller makes instead (the library leaves them out). */
export function yieldToController(exposures: readonly ExposureSpec[], d: DeliverySpec | undefined): ExposureSpec[] {
  if (!d || d.yielded.length === 0) return [...exposures];
  const gone = (o: { kind: string; name: string }) => d.yielded.some((y) => y.kind === o.kind && y.name === o.name);
  return exposures.map((e) =>
    e.traits.objects.some(gone)
      ? { ...e, traits: { ...e.traits, objects: e.traits.objects.filter((o) => !gone(o)) } }
      : e,
  );
}
