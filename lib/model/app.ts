import type { TrafficAppProps } from './app-props';
import type { AppSpec, WorkloadSpec } from './app-spec';
import { resolveExposure } from '../extension/resolve-exposure';
import type { ExposureSpec } from './exposure/exposure';
import { checkAppProps } from './input/check-input';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from './kubernetes-syntax';
import { Problem, Problems, showValue } from './problems';
import {
  coverDeregistration,
  MANAGED_BY,
  resolveAvailability,
  resolveContainer,
  resolveRollout,
  resolveService,
  resolveVersions,
} from './workload/resolve-workload';
import { checkPodContainers, resolveInitContainers, resolveSidecars } from './workload/container';
import { resolveScheduling } from './workload/scheduling';
import { resolveServiceAccount } from './workload/service-account';
import { resolveStateful } from './workload/stateful';
import { checkClaimSharing } from './workload/claims';
import { resolveCalls } from './workload/calls';
import { resolveVolumes } from './workload/volumes';
import { resolveAutoscaling } from './workload/autoscaling';
import { resolveSecurity } from './workload/security';
import { resolveTraffic } from './traffic/policy';
import { REFUSED_SETTING, SETTING_FIELDS, settingFindings } from './traffic/layer-support';
import { admitScraper, resolveObserve } from './observe';
import { DEFAULT_TARGETS, TargetsSpec, targetsKey } from './targets/targets-spec';
import { serviceForTargets, trafficForTargets } from './targets/written-for-targets';
import { resolveServer } from './workload/server';
import { resolveDelivery, resolveDeliveryAnalysis, yieldToController } from './delivery/resolve-delivery';
import { DELIVERED_PODS_LABEL } from './delivery/primary-pods';
import { deepFreeze, EMPTY_LIST } from './freeze';

/** The outcome of resolving a definition: the spec (with fallbacks where input was wrong) and every problem. */
export interface Resolution {
  readonly spec: AppSpec;
  readonly problems: readonly Problem[];
}

/**
 * One application's traffic path, defined once and rendered by both the Kubernetes chart
 * (`TrafficChart`) and the Terraform stack (`LoadBalancerStack`).
 *
 * ```ts
 * const web = TrafficApp.define({
 *   name: 'web', image: 'ghcr.io/acme/web:1.4.0',
 *   ports: [{ name: 'http', port: 8080 }],
 *   readiness: Probe.httpGet('/health', { port: 'http' }),
 * });
 * ```
 *
 * `define` resolves every default and collects every problem; the construct that renders the app
 * reports them all at once with its construct path (`TrafficApp.resolve` for a direct look).
 */
export class TrafficApp {
  /**
   * Defines an app. Problems are reported when a chart or stack renders it (with its construct path).
   * @example
   * const shop = TrafficApp.define({
   *   name: 'shop',
   *   namespace: 'shop',
   *   image: 'ghcr.io/acme/shop:1.4.2',
   *   ports: [{ name: 'http', port: 8080 }],
   *   readiness: Probe.httpGet('/ready', { port: 'http' }),
   *   service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
   *   expose: [IngressExposure.alb({ hosts: ['shop.example.com'] })],
   * });
   * new TrafficChart(new App(), 'shop', { apps: [shop] });
   */
  static define(props: TrafficAppProps): TrafficApp {
    return new TrafficApp(props);
  }

  /**
   * The first resolution and its targets key; those for other targets (an app rendered for two targets) by key, in a
   * map created only then: a map per app (about 150 bytes, kept as long as the app) holds one entry nearly always.
   */
  private firstKey?: string;
  private first?: Resolution;
  private cached?: Map<string, Resolution>;
  /** The callee's resolutions (without `calls`) by targets key; created on first use. */
  private calleeCached?: Map<string, Resolution>;

  private constructor(
    /** The definition as written. */
    public readonly props: TrafficAppProps,
  ) {}

  /** The app's name. */
  get name(): string {
    const name = (this.props as Partial<TrafficAppProps> | null | undefined)?.name;
    return typeof name === 'string' ? name : showValue(name);
  }

  /**
   * Resolves the definition for the given targets (once per targets; the result is frozen and shared by every
   * renderer of those targets).
   * @param targets the versions the output is written for (a chart's or stack's `targets`)
   * @default targets the library's defaults (docs/targets.md)
   */
  resolve(targets: TargetsSpec = DEFAULT_TARGETS): Resolution {
    const key = targetsKey(targets);
    if (key === this.firstKey) return this.first!;
    const known = this.cached?.get(key);
    if (known) return known;
    const r = resolveApp(this.props, targets);
    if (this.firstKey === undefined) {
      this.firstKey = key;
      this.first = r;
    } else (this.cached ??= new Map()).set(key, r);
    return r;
  }

  /**
   * The definition resolved without its own `calls`: what an app calling this one reads (its Service, pods,
   * policy and mesh), so two apps that call each other resolve without a cycle.
   */
  resolveAsCallee(targets: TargetsSpec = DEFAULT_TARGETS): Resolution {
    const key = targetsKey(targets);
    const known = this.calleeCached?.get(key);
    if (known) return known;
    const r = resolveApp(this.props, targets, false);
    (this.calleeCached ??= new Map()).set(key, r);
    return r;
  }

  /** The resolved spec. Throws a `DefinitionError` listing every problem when the definition has any. */
  get spec(): AppSpec {
    const r = this.resolve();
    if (r.problems.length > 0) {
      const p = new Problems();
      p.addAll(r.problems);
      p.throwIfAny(`TrafficApp(${this.name})`);
    }
    return r.spec;
  }
}

/**
 * Resolves a definition into a spec and a list of problems, for the given targets. Pure: the same props and
 * targets give the same result.
 */
export function resolveApp(
  props: TrafficAppProps,
  targets: TargetsSpec = DEFAULT_TARGETS,
  withCalls = true,
): Resolution {
  const problems = new Problems();
  const p = checkAppProps(problems, props);
  const inputProblems = problems.size;
  const namespace = checkNames(problems, p);
  const selector = resolveSelector(problems, p);
  // Built with Object.assign, as every per-app object that would start with a spread: the same properties in the same
  // order, and a hidden class shared between apps (docs/development.md, Benchmark: a literal starting with a spread).
  const labels: Record<string, string> = Object.assign({}, MANAGED_BY, selector, p.labels);
  const pod = resolvePod(problems, p);
  const versions = resolveVersions(problems, p, selector, podLabelsOf(p, pod), pod);
  const stateful = p.stateful !== undefined;
  checkCombinations(problems, p, pod, versions.length);
  const security = resolveSecurity(problems, 'security', p.security);
  // The app container's ports and the exposed sidecars' (a loop: see `known` in resolveContainer).
  const servicePorts = [...pod.container.ports];
  for (const s of pod.sidecars) if (s.exposed) servicePorts.push(...s.ports);
  const service = resolveService(problems, p, servicePorts);
  const traffic = trafficForTargets(resolveTraffic(problems, p.traffic), targets);
  const autoscaling = resolveAutoscaling(problems, p.autoscaling, versions[0].replicas);
  const sidecarShutdown = pod.sidecars.reduce((m, s) => Math.max(m, s.shutdownSeconds), 0);
  const availability = resolveAvailability(
    problems,
    p.availability,
    autoscaling?.minReplicas ?? versions[0].replicas,
    traffic,
    sidecarShutdown,
  );
  const statefulSpec = stateful
    ? resolveStateful(problems, p.stateful!, {
        name: p.name,
        namespace,
        workloadName: versions[0].deploymentName,
        replicas: versions[0].replicas,
        headlessService: service?.headless ? service.name : undefined,
        serviceName: service?.name,
      })
    : undefined;
  const workload: WorkloadSpec = {
    name: p.name,
    targets,
    namespace,
    labels,
    annotations: p.annotations ?? {},
    selector,
    podAnnotations: p.podAnnotations ?? {},
    serviceAccountName: pod.serviceAccount.name,
    // `pod`'s fields by name, in its order, not `...pod`: a literal with every property named is made in one
    // allocation; the properties after a spread are added one by one, each growing the object's property store.
    container: pod.container,
    initContainers: pod.initContainers,
    sidecars: pod.sidecars,
    volumes: pod.volumes,
    serviceAccount: pod.serviceAccount,
    scheduling: resolveScheduling(problems, p.scheduling, selector, p.availability?.spreadAcrossZones === true),
    workloadKind: stateful ? 'StatefulSet' : 'Deployment',
    stateful: statefulSpec,
    versions,
    security,
    service: serviceForTargets(service, targets),
    availability,
    rollout: resolveRollout(problems, p.rollout, stateful),
    traffic,
    autoscaling,
    server: resolveServer(problems, p.server),
    ...(p.runtime !== undefined ? { runtime: p.runtime } : {}),
  };
  const exposed = resolveExposures(problems, p, workload);
  const spec = withCalls ? resolveCalls(problems, p.calls, exposed) : exposed;
  problems.dropRepeatsOfFirst(inputProblems);
  // No problems (most apps): the shared empty list, not one kept per app.
  return { spec: deepFreeze(spec), problems: problems.size === 0 ? EMPTY_LIST : problems.items };
}

/** Settings that contradict each other: an Azure identity label, versions of a stateful app. */
function checkCombinations(problems: Problems, p: TrafficAppProps, pod: PodParts, versionCount: number): void {
  const azureUse = p.podLabels?.['azure.workload.identity/use'];
  if (pod.serviceAccount.identity?.cloud === 'azure' && azureUse !== undefined && azureUse !== 'true')
    problems.add(
      'podLabels.azure.workload.identity/use',
      azureUse,
      'is written "true" by the Azure workload identity of `serviceAccount.identity`, whose value would replace this one',
      'remove the label (the identity needs it "true"), or remove the identity',
    );
  if (p.stateful !== undefined && versionCount > 1) {
    problems.add(
      'versions',
      Object.keys(p.versions ?? {}),
      'a stateful app cannot run canary versions: two StatefulSets would each own their pods and claims, and a canary would not share the data',
      'remove `versions` and roll out with `stateful.updateStrategy: { type: "RollingUpdate", partition: n }` (pods from ordinal n get the new image first)',
    );
  }
}

/** The pod template labels every version starts from (the selector and the version label go over them). */
function podLabelsOf(p: TrafficAppProps, pod: PodParts): Record<string, string> {
  // Object.assign: a hidden class shared between apps (see `labels` in resolveApp).
  return Object.assign(
    {},
    MANAGED_BY,
    p.labels,
    p.podLabels,
    pod.serviceAccount.identity?.cloud === 'azure' ? { 'azure.workload.identity/use': 'true' } : undefined,
    // Flagger keeps it on the primary pods (it renames only its selector label): labels-only selectors read it.
    p.delivery?.controller === 'flagger' ? { [DELIVERED_PODS_LABEL]: p.name } : undefined,
  );
}

/** The name, namespace, labels, annotations and `names` overrides; returns the namespace. */
function checkNames(problems: Problems, p: TrafficAppProps): string {
  checkDnsLabel(problems, 'name', p.name, 63);
  const namespace = p.namespace ?? 'default';
  checkDnsLabel(problems, 'namespace', namespace);
  checkLabels(problems, 'selectorLabels', p.selectorLabels);
  checkLabels(problems, 'labels', p.labels);
  checkLabels(problems, 'podLabels', p.podLabels);
  checkAnnotationKeys(problems, 'annotations', p.annotations);
  checkAnnotationKeys(problems, 'podAnnotations', p.podAnnotations);
  if (p.names != null)
    for (const [k, v] of Object.entries(p.names)) if (v !== undefined) checkDnsLabel(problems, `names.${k}`, v);
  return namespace;
}

/** The selector labels, and labels that would contradict them. */
function resolveSelector(problems: Problems, p: TrafficAppProps): Record<string, string> {
  // Object.assign: a hidden class shared between apps (see `labels` in resolveApp).
  const selector: Record<string, string> = Object.assign({}, p.selectorLabels ?? { 'app.kubernetes.io/name': p.name });
  if (Object.keys(selector).length === 0) {
    problems.add(
      'selectorLabels',
      p.selectorLabels,
      'an empty selector matches every pod in the namespace',
      'leave it out, or give labels that identify this app, e.g. { app: "web" }',
    );
  }
  // Most apps give neither: no merged copy to walk.
  if (p.labels == null && p.podLabels == null) return selector;
  for (const [k, v] of Object.entries({ ...p.labels, ...p.podLabels })) {
    if (k in selector && selector[k] !== v) {
      problems.add(
        p.podLabels && k in p.podLabels ? `podLabels.${k}` : `labels.${k}`,
        v,
        `conflicts with the selector label ${k}=${selector[k]}: the Service and Deployment would stop selecting the pods`,
        'remove the label or change `selectorLabels`',
      );
    }
    if (k === DELIVERED_PODS_LABEL && v !== p.name && p.delivery?.controller === 'flagger')
      problems.add(
        p.podLabels && k in p.podLabels ? `podLabels.${k}` : `labels.${k}`,
        v,
        `is the label the library puts on the pods Flagger delivers ("${p.name}", which Flagger keeps on the primary pods): the selectors that take labels only (Istio's, a LoadBalancer Service's) select the pods by it`,
        `remove the label (the library writes ${k}: ${p.name})`,
      );
  }
  return selector;
}

type PodParts = Pick<WorkloadSpec, 'container' | 'initContainers' | 'sidecars' | 'volumes' | 'serviceAccount'>;

/** The pod's containers, volumes and ServiceAccount, with the names they share checked. */
function resolvePod(problems: Problems, p: TrafficAppProps): PodParts {
  const volumes = resolveVolumes(problems, 'volumes', p.volumes, p.name);
  const claimNames =
    p.stateful !== undefined && typeof p.stateful === 'object' && p.stateful
      ? Object.keys(p.stateful.volumeClaimTemplates ?? {})
      : [];
  const volumeNames = new Set<string>();
  // Indexed loops: no iterator per loop and app (this runs mostly before V8 optimizes it).
  for (let i = 0; i < volumes.length; i++) volumeNames.add(volumes[i].name);
  for (let i = 0; i < claimNames.length; i++) volumeNames.add(claimNames[i]);
  for (let i = 0; i < claimNames.length; i++) {
    const c = claimNames[i];
    if (p.volumes && c in p.volumes)
      problems.add(
        `stateful.volumeClaimTemplates.${c}`,
        c,
        'is also the name of a volume in `volumes`',
        'give the claim template and the volume different names',
      );
  }
  const container = resolveContainer(problems, p, volumeNames);
  const defaultClash = (w: { path: string }) =>
    p.writablePaths === undefined && container.volumeMounts.some((m) => m.path === w.path); // reported once, by resolveContainer
  for (let i = 0; i < container.writablePaths.length; i++) {
    const w = container.writablePaths[i];
    if (volumeNames.has(w.volume) && !defaultClash(w))
      problems.add(
        'writablePaths',
        p.writablePaths === undefined ? undefined : w.path,
        `${p.writablePaths === undefined ? `defaults to ["${w.path}"], whose` : 'its'} emptyDir volume "${w.volume}" has the name of a declared volume`,
        p.writablePaths === undefined
          ? `write \`writablePaths: []\` to leave the default out (mount your "${w.volume}" volume with \`volumeMounts\`), or rename the volume in \`volumes\``
          : 'rename the volume in `volumes`, or mount it with `volumeMounts` instead of `writablePaths`',
      );
  }
  const initContainers = resolveInitContainers(problems, p.initContainers, volumeNames);
  const sidecars = resolveSidecars(problems, p.sidecars, volumeNames);
  checkPodContainers(
    problems,
    container,
    p.containerName !== undefined ? 'containerName' : 'the app container',
    initContainers,
    sidecars,
  );
  const serviceAccount = resolveServiceAccount(problems, p.serviceAccount, p.name, p.names?.serviceAccount);
  return { container, initContainers, sidecars, volumes, serviceAccount };
}

/**
 * The claims the pods share (`checkClaimSharing`), the exposures (user code at an extension point that returns no spec is a problem naming its kind), the
 * deregistration they need covered, the dataplane, and the declared traffic settings a layer refuses.
 */
function resolveExposures(problems: Problems, p: TrafficAppProps, declared: WorkloadSpec): AppSpec {
  checkClaimSharing(problems, declared);
  const resolveAll = (found: Problems, w: WorkloadSpec): ExposureSpec[] =>
    // An app without exposures (most Kubernetes apps) gets an empty list without a `flatMap` and its closure.
    p.expose == null ? [] : p.expose.flatMap((e, i) => resolveExposure(found, `expose[${i}]`, e, w) ?? []);
  // A delivery chooses its router from the exposures, and the router's backends are then the controller's Services.
  const delivery =
    p.delivery && resolveDelivery(problems, 'delivery', p.delivery, declared, resolveAll(new Problems(), declared));
  const workload = delivery ? { ...declared, delivery } : declared;
  const exposures = yieldToController(resolveAll(problems, workload), delivery);
  const availability = coverDeregistration(
    problems,
    p.availability,
    workload.availability,
    workload.traffic,
    exposures,
  );
  let final: WorkloadSpec = availability === workload.availability ? workload : { ...workload, availability };
  const observe = p.observe && resolveObserve(problems, 'observe', p.observe, { ...final, exposures });
  if (observe) final = { ...final, podAnnotations: { ...final.podAnnotations, ...observe.podAnnotations } };
  const resolved = p.dataplane?.resolve(problems, 'dataplane', { ...final, exposures });
  const dataplane = resolved && observe ? admitScraper(resolved, observe) : resolved;
  const analysis = delivery && resolveDeliveryAnalysis(problems, 'delivery', p.delivery!, delivery, observe);
  if (delivery) final = { ...final, delivery: analysis ? { ...delivery, analysis } : delivery };
  const extra = { ...(dataplane ? { dataplane } : {}), ...(observe ? { observe } : {}) };
  // Starts with a property (`name`, the first of `final` too: same order), for a hidden class shared between apps (see
  // `labels` in resolveApp; Object.assign would leave this many properties in dictionary mode).
  const spec: AppSpec = { name: final.name, ...(final as Omit<WorkloadSpec, 'name'>), exposures, ...extra };
  // Refused cells of another id are the errors of their own rule (CT-TRAFFIC-070 for a default that cuts streams).
  for (const f of settingFindings(spec))
    if (f.cell.state === 'refused' && f.cell.id === REFUSED_SETTING)
      problems.add(
        f.field,
        f.layer,
        `${SETTING_FIELDS[f.setting]} is declared, but ${f.cell.why}`,
        f.cell.fix,
        f.cell.id,
      );
  return spec;
}
