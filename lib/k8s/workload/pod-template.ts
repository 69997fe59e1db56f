import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { AppSpec, VersionSpec } from '../../model/app-spec';
import { renderProbe } from './probe';

/** Annotation that records a waived readiness probe and its reason. */
export const READINESS_WAIVER_ANNOTATION = 'cdk-traffic.io/readiness-waiver';
/** Annotation that records an opt-out from the restricted pod security level and its reason. */
export const POD_SECURITY_ANNOTATION = 'cdk-traffic.io/pod-security-opt-out';

/** The container, with probes, resources, graceful shutdown and its security context. */
export function renderContainer(app: AppSpec, version: VersionSpec): IIoK8sApiCoreV1Container {
  const c = app.container;
  const restricted = app.security.level === 'restricted';
  return {
    name: c.name,
    image: version.image,
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    ports: c.ports.length
      ? c.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol === 'TCP' ? undefined : p.protocol }))
      : undefined,
    env: c.env.length
      ? c.env.map((e) =>
          e.value.kind === 'value'
            ? { name: e.name, value: e.value.value }
            : { name: e.name, valueFrom: e.value.kind === 'secret' ? { secretKeyRef: { name: e.value.name, key: e.value.key } } : { configMapKeyRef: { name: e.value.name, key: e.value.key } } },
        )
      : undefined,
    resources: { requests: { ...c.resources.requests }, limits: { ...c.resources.limits } },
    readinessProbe: c.readiness && renderProbe(c.readiness),
    livenessProbe: c.liveness && renderProbe(c.liveness),
    startupProbe: c.startup && renderProbe(c.startup),
    lifecycle: app.availability.drainSeconds > 0 ? { preStop: { sleep: { seconds: app.availability.drainSeconds } } } : undefined,
    securityContext: restricted
      ? { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true }
      : { allowPrivilegeEscalation: false },
    volumeMounts: c.writablePaths.length ? c.writablePaths.map((w) => ({ name: w.volume, mountPath: w.path })) : undefined,
  };
}

/** The pod template of one version. */
export function renderPodTemplate(app: AppSpec, version: VersionSpec): IIoK8sApiCoreV1PodTemplateSpec {
  const s = app.security;
  const annotations: Record<string, string> = { ...app.annotations, ...app.podAnnotations, ...Object.assign({}, ...app.exposures.map((e) => e.traits.podAnnotations)) };
  if (app.container.readinessWaiver) annotations[READINESS_WAIVER_ANNOTATION] = app.container.readinessWaiver;
  if (s.level !== 'restricted' && s.reason) annotations[POD_SECURITY_ANNOTATION] = `${s.level}: ${s.reason}`;
  return {
    metadata: { labels: { ...version.podLabels }, annotations: Object.keys(annotations).length ? annotations : undefined },
    spec: {
      serviceAccountName: app.serviceAccountName,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: app.availability.gracePeriodSeconds,
      securityContext:
        s.level === 'restricted'
          ? { runAsNonRoot: true, runAsUser: s.runAsUser, runAsGroup: s.runAsGroup, fsGroup: s.runAsGroup, seccompProfile: { type: 'RuntimeDefault' } }
          : { seccompProfile: { type: 'RuntimeDefault' } },
      topologySpreadConstraints: app.availability.spreadAcrossZones
        ? [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...version.selector } } }]
        : undefined,
      containers: [renderContainer(app, version)],
      volumes: app.container.writablePaths.length ? app.container.writablePaths.map((w) => ({ name: w.volume, emptyDir: {} })) : undefined,
    },
  };
}
