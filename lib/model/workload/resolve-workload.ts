import type { ExposureSpec } from '../exposure/exposure';
import type { AvailabilityOptions, RolloutOptions, ServiceOptions, TrafficAppProps } from '../app-props';
import type { AvailabilitySpec, ContainerSpec, RolloutSpec, ServiceSpec } from '../app-spec';
import { AT_LEAST_0, UP_TO_AN_HOUR, wholeSeconds } from '../durations';
import { checkAnnotationKeys, checkDnsLabel, checkLabels, suggestName } from '../kubernetes-syntax';
import { ContainerPortSpec, resolveServicePorts } from './ports';
import { Probe, ReadinessWaiver } from './probe';
import { checkImage, resolveContainerInput } from './container';
import { resolveRolloutLimits } from './rollout';

export { checkImage };
import { Problems } from '../problems';
import { deepFreeze } from '../freeze';
import { exactList } from '../lists';
import type { TrafficSpec } from '../traffic/policy';

export { resolveVersions, VERSION_LABEL } from './versions';
/** The label every object of the library carries. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk-traffic' } as const;

/** Resolves the app's own container (its fields are the app's top-level props) through the shared container resolver. */
export function resolveContainer(
  problems: Problems,
  p: TrafficAppProps,
  volumes: ReadonlySet<string> = new Set(),
): ContainerSpec {
  const name = p.containerName ?? p.name;
  if (p.containerName !== undefined) checkDnsLabel(problems, 'containerName', p.containerName);
  const writablePaths =
    p.writablePaths === undefined ? DEFAULT_WRITABLE_PATHS : resolveWritablePaths(problems, p.writablePaths);
  // The volumes the mounts may name: only mounts read them, so an app without mounts builds no set.
  // Loops, not a spread of a mapped list: V8's inlined `map` left a spread of its result deoptimizing (docs/development.md).
  let known = volumes;
  if (p.volumeMounts !== undefined) {
    const withWritable = new Set(volumes);
    for (const w of writablePaths) withWritable.add(w.volume);
    known = withWritable;
  }
  const probe = p.readiness instanceof Probe ? p.readiness : undefined;
  const c = resolveContainerInput(
    problems,
    '',
    {
      name,
      image: p.image,
      command: p.command,
      args: p.args,
      env: p.env,
      ports: p.ports,
      resources: p.resources,
      readiness: probe,
      liveness: p.liveness,
      startup: p.startup,
      volumeMounts: p.volumeMounts,
    },
    known,
  );
  let readinessWaiver: string | undefined;
  if (p.readiness instanceof ReadinessWaiver) {
    readinessWaiver = p.readiness.reason;
    if (typeof readinessWaiver !== 'string' || readinessWaiver.trim().length < 10) {
      problems.add(
        'readiness',
        readinessWaiver,
        'waiving the readiness probe needs a reason of a few words',
        'give a Probe, or say why with ReadinessWaiver.because("...")',
      );
    }
  } else if (!probe) {
    problems.add(
      'readiness',
      p.readiness,
      'a readiness probe is required: without it traffic reaches pods before they can serve',
      'set `readiness: Probe.httpGet("/health", { port: "http" })`, or waive it with ReadinessWaiver.because("why")',
    );
  }
  checkWritableMounts(problems, p, c.volumeMounts, writablePaths);
  // Object.assign: a hidden class shared between apps (see `labels` in resolveApp).
  return Object.assign({}, c, { readinessWaiver, writablePaths });
}

/** A writable path that `volumeMounts` mounts too: two mounts of one path. */
function checkWritableMounts(
  problems: Problems,
  p: TrafficAppProps,
  mounts: ContainerSpec['volumeMounts'],
  writablePaths: ContainerSpec['writablePaths'],
): void {
  // Without mounts, no writable path can be mounted twice: no set to build (most apps).
  if (mounts.length === 0) return;
  const mounted = new Set(mounts.map((m) => m.path));
  writablePaths.forEach((w, i) => {
    if (!mounted.has(w.path)) return;
    if (p.writablePaths === undefined)
      problems.add(
        'writablePaths',
        undefined,
        `defaults to ["${w.path}"] (an emptyDir), and \`volumeMounts\` also mounts ${w.path}: two mounts of one path`,
        `write \`writablePaths: []\` to leave the default out (your own ${w.path} volume then serves as the writable directory)`,
      );
    else
      problems.add(`writablePaths[${i}]`, w.path, 'is also a path of `volumeMounts`', 'remove it from one of the two');
  });
}

function resolveWritablePaths(problems: Problems, paths: readonly string[]): ContainerSpec['writablePaths'] {
  const used = new Set<string>();
  // Pushed in a loop: a list made by `map` has another hidden class once V8 optimizes the `map` (holey, then packed
  // elements), which deoptimized every optimized reader of it (docs/development.md, Benchmark).
  const out: { volume: string; path: string }[] = [];
  paths.forEach((path, i) => {
    if (typeof path !== 'string' || !path.startsWith('/') || path === '/') {
      problems.add(
        `writablePaths[${i}]`,
        path,
        'must be an absolute directory other than "/"',
        'use a path such as "/tmp" or "/var/cache/app"',
      );
    }
    let volume = suggestName(String(path).replace(/^\/+/, ''), 63);
    for (let n = 2; used.has(volume); n++) volume = `${volume.slice(0, 60)}-${n}`;
    used.add(volume);
    out.push({ volume, path });
  });
  return exactList(out);
}

/** Resolves the main Service. */
export function resolveService(
  problems: Problems,
  p: TrafficAppProps,
  ports: readonly ContainerPortSpec[],
): ServiceSpec | undefined {
  // `ports`: the app container's and the exposed sidecars'.
  if (p.service === false) return undefined;
  const s: ServiceOptions = p.service ?? {};
  const name = p.names?.service ?? p.name;
  checkDnsLabel(problems, 'names.service', name);
  const type = s.type ?? 'ClusterIP';
  if (type !== 'ClusterIP' && type !== 'NodePort') {
    problems.add(
      'service.type',
      type,
      'must be ClusterIP or NodePort',
      'for a cloud load balancer add an exposure (e.g. a LoadBalancer Service exposure) instead',
    );
  }
  if (s.headless && type !== 'ClusterIP')
    problems.add(
      'service.headless',
      s.headless,
      'a headless Service must be of type ClusterIP',
      'remove `headless` or the type',
    );
  if (ports.length === 0 && s.ports === undefined) {
    problems.add(
      'service',
      s,
      'the app has a Service but the container declares no ports',
      'declare the container `ports`, or set `service: false`',
    );
  }
  const servicePorts = resolveServicePorts(problems, 'service.ports', s.ports, ports, type === 'NodePort');
  if (s.externalTrafficPolicy !== undefined && type === 'ClusterIP') {
    problems.add(
      'service.externalTrafficPolicy',
      s.externalTrafficPolicy,
      'applies only to NodePort and LoadBalancer Services',
      'remove it, or set it on a load balancer exposure',
    );
  }
  let timeout: number | undefined;
  if (s.sessionAffinityTimeout !== undefined) {
    if (s.sessionAffinity !== 'ClientIP')
      problems.add(
        'service.sessionAffinityTimeout',
        s.sessionAffinityTimeout,
        "applies only with sessionAffinity 'ClientIP'",
        "set sessionAffinity: 'ClientIP' or remove the timeout",
      );
    timeout = wholeSeconds(problems, 'service.sessionAffinityTimeout', s.sessionAffinityTimeout, 10800, {
      min: 1,
      max: 86400,
    });
  }
  checkLabels(problems, 'service.labels', s.labels);
  checkAnnotationKeys(problems, 'service.annotations', s.annotations);
  return {
    name,
    type,
    headless: s.headless ?? false,
    ports: servicePorts,
    sessionAffinity: s.sessionAffinity ?? 'None',
    sessionAffinityTimeoutSeconds: timeout,
    internalTrafficPolicy: s.internalTrafficPolicy,
    externalTrafficPolicy: s.externalTrafficPolicy,
    trafficDistribution: s.trafficDistribution,
    labels: s.labels ?? {},
    annotations: s.annotations ?? {},
  };
}

const INT_OR_PERCENT = (v: unknown) =>
  (typeof v === 'number' && Number.isInteger(v) && v >= 0) ||
  (typeof v === 'string' && /^([0-9]|[1-9][0-9]|100)%$/.test(v));

/** Resolves disruption budget, spread and shutdown timing. */
export function resolveAvailability(
  problems: Problems,
  a: AvailabilityOptions = {},
  replicas: number,
  traffic?: TrafficSpec,
  sidecarShutdownSeconds = 0,
): AvailabilitySpec {
  const disruptionBudget = resolveDisruptionBudget(problems, a.disruptionBudget, replicas);
  const drainSeconds = wholeSeconds(problems, 'availability.drain', a.drain, 10, UP_TO_AN_HOUR);
  // A streaming app needs its whole longest stream to finish after SIGTERM.
  const shutdownSeconds = wholeSeconds(
    problems,
    'availability.shutdown',
    a.shutdown,
    traffic?.maxStreamSeconds ?? 20,
    UP_TO_AN_HOUR,
  );
  // Sidecars stop after the app's container has exited: the grace period covers their shutdown too.
  const needed = drainSeconds + shutdownSeconds + sidecarShutdownSeconds;
  const gracePeriodSeconds = wholeSeconds(
    problems,
    'availability.terminationGracePeriod',
    a.terminationGracePeriod,
    needed,
    AT_LEAST_0,
  );
  if (a.terminationGracePeriod !== undefined && gracePeriodSeconds < needed) {
    const sidecars = sidecarShutdownSeconds > 0 ? ` + the sidecars' shutdown (${sidecarShutdownSeconds}s)` : '';
    problems.add(
      'availability.terminationGracePeriod',
      a.terminationGracePeriod,
      `is shorter than drain (${drainSeconds}s) + shutdown (${shutdownSeconds}s)${sidecars}; the pod would be killed mid-request`,
      `set it to at least Duration.seconds(${needed}), or leave it out (the default covers it)`,
      'CT-K8S-003',
    );
  }
  if (
    traffic?.maxStreamSeconds !== undefined &&
    a.shutdown !== undefined &&
    shutdownSeconds < traffic.maxStreamSeconds
  ) {
    problems.add(
      'availability.shutdown',
      a.shutdown,
      `is shorter than the longest stream (${traffic.maxStreamSeconds}s): streams in flight at SIGTERM would be cut`,
      `set it to at least Duration.seconds(${traffic.maxStreamSeconds}) or leave it out`,
      'CT-TRAFFIC-003',
    );
  }
  return {
    disruptionBudget,
    spreadAcrossZones: a.spreadAcrossZones ?? false,
    drainSeconds,
    shutdownSeconds,
    gracePeriodSeconds,
    gracePeriodExplicit: a.terminationGracePeriod !== undefined,
  };
}

/**
 * Raises the grace period to the traffic policy's deregistration delay when a load balancer targets the
 * pods (an exposure whose traits say `loadBalancerTargetsPods`: in-flight requests still reach a terminating
 * pod that long), or reports an explicit one that is
 * shorter (CT-K8S-003). An app without such a load balancer keeps the grace period its drain and shutdown need.
 */
export function coverDeregistration(
  problems: Problems,
  a: AvailabilityOptions = {},
  availability: AvailabilitySpec,
  traffic: TrafficSpec,
  exposures: readonly ExposureSpec[],
): AvailabilitySpec {
  const dereg = traffic.deregistrationDelaySeconds ?? 0;
  if (dereg <= availability.gracePeriodSeconds || !exposures.some((e) => e.traits.loadBalancerTargetsPods))
    return availability;
  if (!availability.gracePeriodExplicit) return { ...availability, gracePeriodSeconds: dereg };
  const own = availability.drainSeconds + availability.shutdownSeconds;
  if (availability.gracePeriodSeconds >= own) {
    problems.add(
      'availability.terminationGracePeriod',
      a.terminationGracePeriod,
      `is shorter than the deregistration delay (${dereg}s): load balancers still send in-flight requests to a terminating pod that long; the pod would be killed mid-request`,
      `set it to at least Duration.seconds(${dereg}), or leave it out (the default covers it)`,
      'CT-K8S-003',
    );
  }
  return availability;
}

/** Resolves the rolling update. */
export function resolveRollout(problems: Problems, r?: RolloutOptions, stateful = false): RolloutSpec {
  // Most apps declare no rollout: one frozen spec, resolved at load (docs/development.md, Benchmark).
  if (r === undefined && !stateful) return UNDECLARED_ROLLOUT;
  return resolveDeclaredRollout(problems, r ?? {}, stateful);
}

function resolveDeclaredRollout(problems: Problems, r: RolloutOptions, stateful: boolean): RolloutSpec {
  if (stateful) {
    for (const k of ['maxSurge', 'maxUnavailable'] as const) {
      if (r[k] !== undefined)
        problems.add(
          `rollout.${k}`,
          r[k],
          'a StatefulSet replaces its pods one at a time, with no surge (two pods of one ordinal would be two writers)',
          'remove it; use `stateful.updateStrategy` (partition, OnDelete) to control the update',
        );
    }
    return {
      maxSurge: 0,
      maxUnavailable: 1,
      minReadySeconds: wholeSeconds(problems, 'rollout.minReady', r.minReady, 0, AT_LEAST_0),
      ...resolveRolloutLimits(problems, r, true),
    };
  }
  const maxSurge = r.maxSurge ?? '25%';
  const maxUnavailable = r.maxUnavailable ?? 0;
  if (!INT_OR_PERCENT(maxSurge))
    problems.add('rollout.maxSurge', maxSurge, 'must be a whole number or a percentage', 'use e.g. 1 or "25%"');
  if (!INT_OR_PERCENT(maxUnavailable))
    problems.add(
      'rollout.maxUnavailable',
      maxUnavailable,
      'must be a whole number or a percentage',
      'use e.g. 0 or "25%"',
    );
  const zero = (v: number | string) => v === 0 || v === '0%';
  if (zero(maxSurge) && zero(maxUnavailable) && r.strategy !== 'Recreate')
    problems.add(
      'rollout',
      r,
      'maxSurge and maxUnavailable are both zero: the rollout could never progress',
      'allow a surge, e.g. maxSurge: 1',
    );
  return {
    maxSurge,
    maxUnavailable,
    minReadySeconds: wholeSeconds(problems, 'rollout.minReady', r.minReady, 0, AT_LEAST_0),
    ...resolveRolloutLimits(problems, r, false),
  };
}

/** The PodDisruptionBudget: one pod at a time by default (two replicas or more), exactly one of its two limits. */
function resolveDisruptionBudget(
  problems: Problems,
  given: AvailabilityOptions['disruptionBudget'],
  replicas: number,
): AvailabilitySpec['disruptionBudget'] {
  if (given === undefined) return replicas >= 2 ? { maxUnavailable: 1 } : undefined;
  if (given === false) return undefined;
  const b = given;
  if ((b.maxUnavailable === undefined) === (b.minAvailable === undefined)) {
    problems.add(
      'availability.disruptionBudget',
      b,
      'needs exactly one of maxUnavailable and minAvailable',
      'set one, e.g. { maxUnavailable: 1 }',
    );
  }
  for (const k of ['maxUnavailable', 'minAvailable'] as const) {
    if (b[k] !== undefined && !INT_OR_PERCENT(b[k]))
      problems.add(
        `availability.disruptionBudget.${k}`,
        b[k],
        'must be a whole number or a percentage such as "50%"',
        'use e.g. 1 or "25%"',
      );
  }
  if (typeof b.minAvailable === 'number' && b.minAvailable >= replicas && replicas > 0) {
    problems.add(
      'availability.disruptionBudget.minAvailable',
      b.minAvailable,
      `is not below the replicas (${replicas}): no pod could ever be evicted and node drains would hang`,
      'lower minAvailable or use maxUnavailable: 1',
    );
  }
  return b;
}

/** The rollout of a Deployment that declares none (no problems: every default is valid). */
const UNDECLARED_ROLLOUT: RolloutSpec = deepFreeze(resolveDeclaredRollout(new Problems(), {}, false));

/** The default writable directory (`/tmp`, an emptyDir), resolved once. */
const DEFAULT_WRITABLE_PATHS: ContainerSpec['writablePaths'] = deepFreeze(
  resolveWritablePaths(new Problems(), ['/tmp']),
);
