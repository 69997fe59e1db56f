import type { TrafficAppProps } from './app-props';
import type { AppSpec, ExposureSpecOf, WorkloadSpec } from './app-spec';
import type { ExposureSpec } from './exposure/exposure';
import { checkAppProps } from './input/check-input';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from './names';
import { Problem, Problems, showValue } from './problems';
import { MANAGED_BY, resolveAvailability, resolveContainer, resolveRollout, resolveService, resolveVersions } from './workload/resolve-workload';
import { resolveAutoscaling } from './workload/autoscaling';
import { PodSecurity } from './workload/security';
import { resolveTraffic } from './traffic/policy';

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
  /** Defines an app. Problems are reported when a chart or stack renders it (with its construct path). */
  static define(props: TrafficAppProps): TrafficApp {
    return new TrafficApp(props);
  }

  private cached?: Resolution;

  private constructor(
    /** The definition as written. */
    public readonly props: TrafficAppProps,
  ) {}

  /** The app's name. */
  get name(): string {
    const name = (this.props as Partial<TrafficAppProps> | null | undefined)?.name;
    return typeof name === 'string' ? name : showValue(name);
  }

  /** Resolves the definition (once; the result is frozen and shared by every renderer). */
  resolve(): Resolution {
    this.cached ??= resolveApp(this.props);
    return this.cached;
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

/** Resolves a definition into a spec and a list of problems. Pure: the same props give the same result. */
export function resolveApp(props: TrafficAppProps): Resolution {
  const problems = new Problems();
  const p = checkAppProps(problems, props);
  const inputProblems = problems.size;
  checkDnsLabel(problems, 'name', p.name, 63);
  const namespace = p.namespace ?? 'default';
  checkDnsLabel(problems, 'namespace', namespace);
  checkLabels(problems, 'selectorLabels', p.selectorLabels);
  checkLabels(problems, 'labels', p.labels);
  checkLabels(problems, 'podLabels', p.podLabels);
  checkAnnotationKeys(problems, 'annotations', p.annotations);
  checkAnnotationKeys(problems, 'podAnnotations', p.podAnnotations);
  for (const [k, v] of Object.entries(p.names ?? {})) if (v !== undefined) checkDnsLabel(problems, `names.${k}`, v);

  const selector: Record<string, string> = { ...(p.selectorLabels ?? { 'app.kubernetes.io/name': p.name }) };
  if (Object.keys(selector).length === 0) {
    problems.add('selectorLabels', p.selectorLabels, 'an empty selector matches every pod in the namespace', 'leave it out, or give labels that identify this app, e.g. { app: "web" }');
  }
  for (const [k, v] of Object.entries({ ...p.labels, ...p.podLabels })) {
    if (k in selector && selector[k] !== v) {
      problems.add(p.podLabels && k in p.podLabels ? `podLabels.${k}` : `labels.${k}`, v, `conflicts with the selector label ${k}=${selector[k]}: the Service and Deployment would stop selecting the pods`, 'remove the label or change `selectorLabels`');
    }
  }
  const labels = { ...MANAGED_BY, ...selector, ...p.labels };
  const container = resolveContainer(problems, p);
  const versions = resolveVersions(problems, p, selector, { ...MANAGED_BY, ...p.labels, ...p.podLabels });
  const security = (p.security ?? PodSecurity.restricted()).resolve(problems, 'security');
  const service = resolveService(problems, p, container.ports);
  const traffic = resolveTraffic(problems, p.traffic);
  const autoscaling = resolveAutoscaling(problems, p.autoscaling, versions[0].replicas);
  const availability = resolveAvailability(problems, p.availability, autoscaling?.minReplicas ?? versions[0].replicas, traffic);
  const rollout = resolveRollout(problems, p.rollout);
  const workload: WorkloadSpec = {
    name: p.name, namespace, labels, annotations: p.annotations ?? {}, selector,
    podAnnotations: p.podAnnotations ?? {},
    serviceAccountName: p.names?.serviceAccount ?? p.name,
    container, versions, security, service, availability, rollout, traffic, autoscaling,
  };
  const exposures: ExposureSpec[] = (p.expose ?? []).map((e, i) => e.resolve(problems, `expose[${i}]`, workload));
  const dataplane = p.dataplane?.resolve(problems, 'dataplane', { ...workload, exposures });
  problems.dropRepeatsOfFirst(inputProblems);
  return { spec: deepFreeze({ ...workload, exposures, ...(dataplane ? { dataplane } : {}) }), problems: problems.items };
}

/** Selects the resolved exposures of one kind. */
export function exposuresOf<K extends string>(spec: AppSpec, kind: K): ExposureSpecOf<K>[] {
  return spec.exposures.filter((e) => e.kind === kind) as ExposureSpecOf<K>[];
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
