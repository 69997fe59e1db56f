import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1ContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1PodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1Affinity } from 'kubernetes-models/v1/Affinity';
import type { IIoK8sApiCoreV1NodeAffinity } from 'kubernetes-models/v1/NodeAffinity';
import type { IIoK8sApiCoreV1NodeSelectorRequirement } from 'kubernetes-models/v1/NodeSelectorRequirement';
import type { IIoK8sApiCoreV1PodAffinity } from 'kubernetes-models/v1/PodAffinity';
import type { IIoK8sApiCoreV1PodAffinityTerm } from 'kubernetes-models/v1/PodAffinityTerm';
import type { IIoK8sApiCoreV1PreferredSchedulingTerm } from 'kubernetes-models/v1/PreferredSchedulingTerm';
import type { IIoK8sApiCoreV1TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { IIoK8sApiCoreV1WeightedPodAffinityTerm } from 'kubernetes-models/v1/WeightedPodAffinityTerm';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { AppSpec, ContainerSpec, VersionSpec } from '../../model/app-spec';
import type { LabelRequirement, PodAffinityTermSpec } from '../../model/workload/scheduling';
import type { KeyToPath, VolumeSpec } from '../../model/workload/volumes';
import { renderProbe } from './probe';
import { exactList, mapList } from '../../model/lists';
import { NO_MEMORY_LIMIT_ANNOTATION } from '../../model/workload/resources';
import { withPrimaryPods } from '../../model/delivery/primary-pods';

/** Annotation that records a waived readiness probe and its reason. */
export const READINESS_WAIVER_ANNOTATION = 'cdk-traffic.io/readiness-waiver';
/** Annotation that records an opt-out from the restricted pod security level and its reason. */
export const POD_SECURITY_ANNOTATION = 'cdk-traffic.io/pod-security-opt-out';

/**
 * The keys whose value is defined, in their order (less for cdk8s to resolve and sanitize on every object). A copy,
 * not `delete`: deleting a key leaves the object in dictionary mode (a hash table per object, kept with the chart).
 */
function compact<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** What distinguishes the pod's containers when they are written: the app's own, an init container, a sidecar. */
type Role = 'app' | 'init' | 'sidecar';

/** The container's ports in their manifest form. */
function containerPort(p: ContainerSpec['ports'][number]): IIoK8sApiCoreV1ContainerPort {
  return { name: p.name, containerPort: p.port, protocol: p.protocol === 'TCP' ? undefined : p.protocol };
}

/** One variable of the container's environment in its manifest form. */
function envVar(e: ContainerSpec['env'][number]): IIoK8sApiCoreV1EnvVar {
  return e.value.kind === 'value'
    ? { name: e.name, value: e.value.value }
    : {
        name: e.name,
        valueFrom:
          e.value.kind === 'secret'
            ? { secretKeyRef: { name: e.value.name, key: e.value.key } }
            : { configMapKeyRef: { name: e.value.name, key: e.value.key } },
      };
}

/**
 * Any container of the pod (the app's, an init container, a sidecar): the same writer, so every container
 * gets the same restricted security context, resources and mounts. Only the app's container drains (preStop
 * sleep): Kubernetes stops native sidecars after it has exited.
 */
export function renderAnyContainer(
  app: AppSpec,
  c: ContainerSpec,
  image: string,
  role: Role,
): IIoK8sApiCoreV1Container {
  const restricted = app.security.level === 'restricted';
  const mounts: IIoK8sApiCoreV1VolumeMount[] = [];
  for (const w of c.writablePaths) mounts.push({ name: w.volume, mountPath: w.path });
  for (const m of c.volumeMounts)
    mounts.push({ name: m.volume, mountPath: m.path, readOnly: m.readOnly || undefined, subPath: m.subPath });
  return compact<IIoK8sApiCoreV1Container>({
    name: c.name,
    image,
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    // Lists with room for their items only (`mapList`, `exactList`): cdk8s keeps the props it is given until synth.
    ports: c.ports.length ? mapList(c.ports, containerPort) : undefined,
    env: c.env.length ? mapList(c.env, envVar) : undefined,
    // The resolved spec's own (frozen) maps: cdk8s copies every value it writes, nothing here is changed.
    resources: { requests: c.resources.requests, limits: c.resources.limits },
    readinessProbe: c.readiness && renderProbe(c.readiness),
    livenessProbe: c.liveness && renderProbe(c.liveness),
    startupProbe: c.startup && renderProbe(c.startup),
    lifecycle:
      role === 'app' && app.availability.drainSeconds > 0
        ? { preStop: { sleep: { seconds: app.availability.drainSeconds } } }
        : undefined,
    restartPolicy: role === 'sidecar' ? 'Always' : undefined,
    securityContext: restricted
      ? {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        }
      : { allowPrivilegeEscalation: false },
    volumeMounts: mounts.length ? exactList(mounts) : undefined,
  });
}

/** The app's container, with probes, resources, graceful shutdown and its security context. */
export function renderContainer(app: AppSpec, version: VersionSpec): IIoK8sApiCoreV1Container {
  return renderAnyContainer(app, version.container ?? app.container, version.image, 'app');
}

const items = (i: KeyToPath | undefined) => (i ? Object.entries(i).map(([key, path]) => ({ key, path })) : undefined);

/** A resolved volume in its manifest form. */
export function renderVolume(v: VolumeSpec): IIoK8sApiCoreV1Volume {
  switch (v.kind) {
    case 'configMap':
      return {
        name: v.name,
        configMap: { name: v.source, items: items(v.items), defaultMode: v.defaultMode, optional: v.optional },
      };
    case 'secret':
      return {
        name: v.name,
        secret: { secretName: v.source, items: items(v.items), defaultMode: v.defaultMode, optional: v.optional },
      };
    case 'emptyDir':
      return { name: v.name, emptyDir: { medium: v.medium, sizeLimit: v.sizeLimit } };
    case 'persistentVolumeClaim':
      return { name: v.name, persistentVolumeClaim: { claimName: v.claimName, readOnly: v.readOnly || undefined } };
    case 'projected':
      return {
        name: v.name,
        projected: {
          defaultMode: v.defaultMode,
          sources: v.sources.map((s) =>
            s.kind === 'serviceAccountToken'
              ? { serviceAccountToken: { audience: s.audience, path: s.path, expirationSeconds: s.expirationSeconds } }
              : { [s.kind]: { name: s.name, items: items(s.items), optional: s.optional } },
          ),
        },
      };
  }
}

/**
 * The labels of a scheduling term or spread constraint: with Flagger, a term on the app's own pods selects them by the
 * label its primary pods keep too (Flagger copies the pod spec to the primary and rewrites only `In` values equal to
 * the Deployment's name): the primary's pods then spread against every pod of the app, not only the canary's.
 */
const ownPods = withPrimaryPods;

/** One pod (anti-)affinity term in its manifest form. */
function podTerm(app: AppSpec, t: PodAffinityTermSpec): IIoK8sApiCoreV1PodAffinityTerm {
  return {
    labelSelector: { matchLabels: ownPods(app, t.labels) },
    topologyKey: t.topologyKey,
    namespaces: t.namespaces ? [...t.namespaces] : undefined,
  };
}

/**
 * Pod affinity or anti-affinity: the terms without a weight are required, the others preferred. Push loops, no
 * closure per call: this runs once per app, cold, and was the library's costliest function to compile
 * (docs/development.md, Benchmark).
 */
function podAffinity(app: AppSpec, terms: readonly PodAffinityTermSpec[]): IIoK8sApiCoreV1PodAffinity | undefined {
  if (terms.length === 0) return undefined;
  const required: IIoK8sApiCoreV1PodAffinityTerm[] = [];
  const preferred: IIoK8sApiCoreV1WeightedPodAffinityTerm[] = [];
  for (const t of terms) {
    if (t.weight === undefined) required.push(podTerm(app, t));
    else preferred.push({ weight: t.weight, podAffinityTerm: podTerm(app, t) });
  }
  return {
    requiredDuringSchedulingIgnoredDuringExecution: required.length ? exactList(required) : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length ? exactList(preferred) : undefined,
  };
}

/** Node selector requirements in their manifest form. */
function requirements(list: readonly LabelRequirement[]): IIoK8sApiCoreV1NodeSelectorRequirement[] {
  const out: IIoK8sApiCoreV1NodeSelectorRequirement[] = [];
  for (const r of list) out.push({ key: r.key, operator: r.operator, values: r.values ? [...r.values] : undefined });
  return exactList(out);
}

/** Node affinity in its manifest form. */
function nodeAffinity(n: NonNullable<AppSpec['scheduling']['nodeAffinity']>): IIoK8sApiCoreV1NodeAffinity {
  let preferred: IIoK8sApiCoreV1PreferredSchedulingTerm[] | undefined;
  if (n.preferred.length) {
    preferred = [];
    for (const p of n.preferred)
      preferred.push({ weight: p.weight, preference: { matchExpressions: requirements(p.match) } });
  }
  return {
    requiredDuringSchedulingIgnoredDuringExecution: n.required.length
      ? { nodeSelectorTerms: [{ matchExpressions: requirements(n.required) }] }
      : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred && exactList(preferred),
  };
}

function affinity(app: AppSpec): IIoK8sApiCoreV1Affinity | undefined {
  const s = app.scheduling;
  if (!s.nodeAffinity && s.podAffinity.length === 0 && s.podAntiAffinity.length === 0) return undefined;
  const out = {
    nodeAffinity: s.nodeAffinity && nodeAffinity(s.nodeAffinity),
    podAffinity: podAffinity(app, s.podAffinity),
    podAntiAffinity: podAffinity(app, s.podAntiAffinity),
  };
  return out.nodeAffinity || out.podAffinity || out.podAntiAffinity ? out : undefined;
}

/** The pod's topology spread constraints (the zone spread first, then the declared ones); undefined: none. */
function spreadConstraints(app: AppSpec, version: VersionSpec): IIoK8sApiCoreV1TopologySpreadConstraint[] | undefined {
  const declared = app.scheduling.topologySpread;
  if (!app.availability.spreadAcrossZones && declared.length === 0) return undefined;
  const out: IIoK8sApiCoreV1TopologySpreadConstraint[] = [];
  if (app.availability.spreadAcrossZones)
    out.push({
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: ownPods(app, version.selector) },
    });
  for (const t of declared)
    out.push({
      maxSkew: t.maxSkew,
      topologyKey: t.topologyKey,
      whenUnsatisfiable: t.whenUnsatisfiable,
      labelSelector: { matchLabels: ownPods(app, version.selector) },
    });
  return exactList(out);
}

/** The `cdk-traffic.io/no-memory-limit` annotation: each container without a memory limit, with its reason. */
function noMemoryLimits(app: AppSpec): string | undefined {
  const out: string[] = [];
  const add = (c: ContainerSpec) => {
    if (c.resources.noMemoryLimitReason) out.push(`${c.name}: ${c.resources.noMemoryLimitReason}`);
  };
  add(app.container);
  app.initContainers.forEach(add);
  app.sidecars.forEach(add);
  return out.length > 0 ? out.join('; ') : undefined;
}

/** The pod template of one version. */
export function renderPodTemplate(app: AppSpec, version: VersionSpec): IIoK8sApiCoreV1PodTemplateSpec {
  const s = app.security;
  const sch = app.scheduling;
  const annotations: Record<string, string> = { ...app.annotations, ...app.podAnnotations, ...version.podAnnotations };
  for (const e of app.exposures) Object.assign(annotations, e.traits.podAnnotations);
  if (app.container.readinessWaiver) annotations[READINESS_WAIVER_ANNOTATION] = app.container.readinessWaiver;
  if (s.level !== 'restricted' && s.reason) annotations[POD_SECURITY_ANNOTATION] = `${s.level}: ${s.reason}`;
  const unlimited = noMemoryLimits(app);
  if (unlimited !== undefined) annotations[NO_MEMORY_LIMIT_ANNOTATION] = unlimited;
  const init: IIoK8sApiCoreV1Container[] = [];
  for (const c of app.initContainers) init.push(renderAnyContainer(app, c, c.image, 'init'));
  for (const c of app.sidecars) init.push(renderAnyContainer(app, c, c.image, 'sidecar'));
  const volumes: IIoK8sApiCoreV1Volume[] = [];
  for (const w of app.container.writablePaths) volumes.push({ name: w.volume, emptyDir: {} });
  for (const v of version.volumes ?? app.volumes) volumes.push(renderVolume(v));
  return {
    metadata: {
      labels: version.podLabels,
      annotations: Object.keys(annotations).length ? annotations : undefined,
    },
    spec: compact<IIoK8sApiCoreV1PodSpec>({
      serviceAccountName: app.serviceAccountName,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: app.availability.gracePeriodSeconds,
      securityContext:
        s.level === 'restricted'
          ? {
              runAsNonRoot: true,
              runAsUser: s.runAsUser,
              runAsGroup: s.runAsGroup,
              fsGroup: s.runAsGroup,
              seccompProfile: { type: 'RuntimeDefault' },
            }
          : { seccompProfile: { type: 'RuntimeDefault' } },
      nodeSelector: Object.keys(sch.nodeSelector).length ? { ...sch.nodeSelector } : undefined,
      tolerations: sch.tolerations.length ? sch.tolerations.map((t) => ({ ...t })) : undefined,
      affinity: affinity(app),
      topologySpreadConstraints: spreadConstraints(app, version),
      priorityClassName: sch.priorityClassName,
      imagePullSecrets: sch.imagePullSecrets.length ? sch.imagePullSecrets.map((name) => ({ name })) : undefined,
      initContainers: init.length ? exactList(init) : undefined,
      containers: [renderContainer(app, version)],
      volumes: volumes.length ? exactList(volumes) : undefined,
    }),
  };
}
