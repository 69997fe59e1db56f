import type { AppRuntime } from './workload/runtime';
import type { CallSpec } from './workload/calls';
import type { AutoscalingSpec } from './workload/autoscaling';
import type { ExposureSpec } from './exposure/exposure';
import type { DataplaneSpec } from './dataplane/dataplane-spec';
import type { ContainerPortSpec, Protocol, ServicePortSpec } from './workload/ports';
import type { ProbeSpec } from './workload/probe';
import type { ResourcesSpec } from './workload/resources';
import type { SecuritySpec } from './workload/security';
import type { TrafficSpec } from './traffic/policy';
import type { SidecarSpec } from './workload/container';
import type { SchedulingSpec } from './workload/scheduling';
import type { ServiceAccountSpec } from './workload/service-account';
import type { StatefulSpec } from './workload/stateful';
import type { VolumeMountSpec, VolumeSpec } from './workload/volumes';
import type { ObserveSpec } from './observe/observe-spec';
import type { TargetsSpec } from './targets/targets-spec';
import type { ServerSpec } from './workload/server';
import type { DeliverySpec } from './delivery/delivery-spec';

/** An environment variable's value: a literal, or a key of a Secret or ConfigMap. */
export type EnvValueSpec =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'secret' | 'configMap'; readonly name: string; readonly key: string };

/** The container, with every default resolved. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: EnvValueSpec }[];
  readonly ports: readonly ContainerPortSpec[];
  readonly resources: ResourcesSpec;
  /** Undefined only when waived, see `readinessWaiver`. */
  readonly readiness?: ProbeSpec;
  readonly readinessWaiver?: string;
  readonly liveness?: ProbeSpec;
  readonly startup?: ProbeSpec;
  /** Writable directories, each an emptyDir volume (the root filesystem is read-only under "restricted"). */
  readonly writablePaths: readonly { readonly volume: string; readonly path: string }[];
  /** Mounts of the pod's volumes (and of a StatefulSet's claims). */
  readonly volumeMounts: readonly VolumeMountSpec[];
}

/** One version of the app: its own Deployment (and, when there are several versions, its own Service). */
export interface VersionSpec {
  /** The version label value, e.g. `v1`; undefined when the app declares no versions. */
  readonly version?: string;
  /** True for the stable version (the one the app's top-level props describe). */
  readonly stable: boolean;
  readonly deploymentName: string;
  /** The per-version Service, present only when the app has several versions. */
  readonly serviceName?: string;
  readonly image: string;
  readonly replicas: number;
  /** Share of traffic in percent (0-100, decimals allowed); the stable version gets the rest. */
  readonly weight: number;
  /** The Deployment's selector (the app selector plus the version label). */
  readonly selector: Readonly<Record<string, string>>;
  /** The pod template's labels: the selector plus the user's pod labels. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * True for a version deployed elsewhere (`versions.<v>.external`): no workload is written, `selector` is its
   * labels, and nothing here probes its pods.
   */
  readonly external?: boolean;
  /** The version's container, when it overrides the app's (env, command, args, resources); else the app's. */
  readonly container?: ContainerSpec;
  /** The pod's volumes, when the version replaces some of the app's; else the app's. */
  readonly volumes?: readonly VolumeSpec[];
  /** The version's own pod annotations (`versions.<v>.podAnnotations`), over the app's; absent: the app's only. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** The app's main Service. */
export interface ServiceSpec {
  readonly name: string;
  readonly type: 'ClusterIP' | 'NodePort';
  readonly headless: boolean;
  readonly ports: readonly ServicePortSpec[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds?: number;
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** As written, for the Kubernetes target: `PreferSameZone` from 1.34, `PreferClose` before. */
  readonly trafficDistribution?: 'PreferClose' | 'PreferSameZone';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Disruption budget, spread and graceful shutdown. */
export interface AvailabilitySpec {
  /** Undefined when no PodDisruptionBudget is written. */
  readonly disruptionBudget?: { readonly maxUnavailable?: number | string; readonly minAvailable?: number | string };
  readonly spreadAcrossZones: boolean;
  /** preStop sleep, so endpoints and load balancers stop sending before SIGTERM. */
  readonly drainSeconds: number;
  /** Time the process needs after SIGTERM to finish in-flight work. */
  readonly shutdownSeconds: number;
  /** terminationGracePeriodSeconds: at least drain + shutdown. */
  readonly gracePeriodSeconds: number;
  /** True when the user set the grace period (checks then report rather than raise it). */
  readonly gracePeriodExplicit: boolean;
}

/** The rolling update. */
export interface RolloutSpec {
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
  /** 'Recreate' (Deployments only) stops the old pods first; `maxSurge` and `maxUnavailable` then do not apply. */
  readonly strategy: 'RollingUpdate' | 'Recreate';
  /** Old revisions kept; undefined: Kubernetes' default (10). */
  readonly revisionHistoryLimit?: number;
  /** Deployments only; undefined: Kubernetes' default (600). */
  readonly progressDeadlineSeconds?: number;
}

/** Everything about the pods and their Service: what exposures resolve against. */
export interface WorkloadSpec {
  readonly name: string;
  /** The versions the output is written for (docs/targets.md): the chart's or stack's targets, else the defaults. */
  readonly targets: TargetsSpec;
  readonly namespace: string;
  /** Labels on every object of the app (the user's labels merged over the library's). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Labels that select every pod of the app, all versions. */
  readonly selector: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The ServiceAccount's name (`serviceAccount.name`). */
  readonly serviceAccountName: string;
  /** The ServiceAccount: written with the app, or an existing one (not written). */
  readonly serviceAccount: ServiceAccountSpec;
  /** The app's own container. */
  readonly container: ContainerSpec;
  /** Containers run to completion, in order, before the others start. */
  readonly initContainers: readonly ContainerSpec[];
  /** Native sidecars (init containers with `restartPolicy: Always`), started before the app's container, stopped after it. */
  readonly sidecars: readonly SidecarSpec[];
  /** The pod's volumes (besides the writable paths' emptyDirs). */
  readonly volumes: readonly VolumeSpec[];
  /** Node selection, tolerations, affinity, spread, priority and image pull secrets. */
  readonly scheduling: SchedulingSpec;
  /** The workload object's kind: a StatefulSet when the app sets `stateful`. */
  readonly workloadKind: 'Deployment' | 'StatefulSet';
  /** The StatefulSet options, when the app is stateful. */
  readonly stateful?: StatefulSpec;
  readonly versions: readonly VersionSpec[];
  readonly security: SecuritySpec;
  readonly service?: ServiceSpec;
  readonly availability: AvailabilitySpec;
  readonly rollout: RolloutSpec;
  /** The stable version's autoscaler, when the app has one. */
  readonly autoscaling?: AutoscalingSpec;
  /** Timeouts, retries, balancing and draining, for every layer. */
  readonly traffic: TrafficSpec;
  /** The app's own server (keep-alive, shutdown), when declared. */
  readonly server?: ServerSpec;
  /** The progressive delivery (Argo Rollouts or Flagger); undefined when the app sets no `delivery`. */
  readonly delivery?: DeliverySpec;
  /** What runs in the app's container (`runtime`), when declared. */
  readonly runtime?: AppRuntime;
}

/** An app with every default resolved: what the renderers read. */
export interface AppSpec extends WorkloadSpec {
  readonly exposures: readonly ExposureSpec[];
  /** The calls this app declares to other apps (`calls`); undefined or empty: none. */
  readonly calls?: readonly CallSpec[];
  /** The network policy and dataplane options; undefined when the app sets no `dataplane`. */
  readonly dataplane?: DataplaneSpec;
  /** What is observed (monitors, rules, alarms, tracing); undefined when the app sets no `observe`. */
  readonly observe?: ObserveSpec;
}

export type { Protocol };

/** A resolved exposure of a given kind (renderers narrow further with their own spec types). */
export type ExposureSpecOf<K extends string> = ExposureSpec & { readonly kind: K };
