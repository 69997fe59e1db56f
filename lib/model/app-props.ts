import { Duration } from 'cdk8s';
import type { EnvValue } from './workload/env';
import type { IExposure } from './exposure/exposure';
import type { AutoscalingOptions } from './workload/autoscaling';
import type { ContainerPortProps, ServicePortProps } from './workload/ports';
import type { Probe, ReadinessWaiver } from './workload/probe';
import type { ResourcesProps } from './workload/resources';
import type { TrafficPolicyProps } from './traffic/policy';
import type { PodSecurity } from './workload/security';
import type { IDataplane } from './dataplane/dataplane';
import type { InitContainerProps, SidecarProps } from './workload/container';
import type { SchedulingOptions } from './workload/scheduling';
import type { ServiceAccount } from './workload/service-account';
import type { StatefulOptions } from './workload/stateful';
import type { Volume, VolumeMountProps } from './workload/volumes';
import type { ObserveProps } from './observe/observe-props';
import type { ServerOptions } from './workload/server';
import type { DeliveryProps } from './delivery/delivery-props';
import type { TrafficApp } from './app';
import type { CallProps } from './workload/calls';
import type { AppRuntime } from './workload/runtime';

/** Names of the generated objects, when the defaults (derived from the app's name) don't fit. */
export interface ObjectNames {
  /**
   * The Deployment's (or StatefulSet's) name (of the stable version, when there are several).
   * @default the app's name, or `<name>-<version>` when the app has versions
   */
  readonly deployment?: string;
  /**
   * The Service's name.
   * @default the app's name
   */
  readonly service?: string;
  /**
   * The name of the ServiceAccount written for the app (`serviceAccount: ServiceAccount.create({ name })` says the same).
   * @default the app's name
   */
  readonly serviceAccount?: string;
}

/** The app's ClusterIP (or NodePort) Service. Exposures such as load balancers add their own objects. */
export interface ServiceOptions {
  /**
   * Service type.
   * @default 'ClusterIP'
   */
  readonly type?: 'ClusterIP' | 'NodePort';
  /**
   * A headless Service (`clusterIP: None`): DNS returns the ready pods' addresses, no virtual IP.
   * @default false
   */
  readonly headless?: boolean;
  /**
   * The ports, each mapped to a container port by name or number.
   * @default every container port, on the same number
   */
  readonly ports?: readonly ServicePortProps[];
  /**
   * Session affinity by client IP.
   * @default 'None'
   */
  readonly sessionAffinity?: 'None' | 'ClientIP';
  /**
   * How long ClientIP affinity sticks (1 s to 24 h).
   * @default Duration.hours(3) (Kubernetes' default)
   * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec (`sessionAffinityConfig.clientIP.timeoutSeconds`, 1-86400 s)
   */
  readonly sessionAffinityTimeout?: Duration;
  /**
   * Whether in-cluster traffic may go to pods on other nodes.
   * @default Kubernetes' default ('Cluster')
   */
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * For NodePort Services: whether external traffic may go to pods on other nodes ('Local' keeps the client IP).
   * @default Kubernetes' default ('Cluster')
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Topology-aware routing: keep traffic in the client's zone when possible. Written as the Kubernetes target
   * understands it: `PreferSameZone` from 1.34 (where `PreferClose` is its deprecated alias), `PreferClose`
   * before; either name may be given.
   * @default none
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution
   */
  readonly trafficDistribution?: 'PreferClose' | 'PreferSameZone';
  /**
   * Extra labels of the Service.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations of the Service.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Disruption budget, spreading and graceful shutdown. */
export interface AvailabilityOptions {
  /**
   * The PodDisruptionBudget, or `false` for none.
   * @default `{ maxUnavailable: 1 }` when replicas >= 2, none otherwise
   */
  readonly disruptionBudget?:
    false | { readonly maxUnavailable?: number | string; readonly minAvailable?: number | string };
  /**
   * Spread pods across zones (`topology.kubernetes.io/zone`, max skew 1, schedule anyway when impossible).
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Time a terminating pod keeps serving (a preStop sleep) so Services and load balancers stop sending
   * to it before it gets SIGTERM. Zero disables the preStop hook.
   * Range: 0-3600 s.
   * @default Duration.seconds(10)
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/ (`lifecycle.preStop.sleep.seconds`)
   */
  readonly drain?: Duration;
  /**
   * Time the process needs after SIGTERM to finish in-flight requests.
   * Range: 0-3600 s.
   * @default Duration.seconds(20); the traffic policy's `maxStreamDuration` with the streaming profile
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
   */
  readonly shutdown?: Duration;
  /**
   * terminationGracePeriodSeconds. Must cover drain + shutdown, and the load balancers' deregistration
   * delay (in-flight requests still reach a terminating pod that long).
   * Range: at least 0 s, and at least drain + shutdown.
   * @default the larger of drain + shutdown and the traffic policy's deregistration delay
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#lifecycle (`terminationGracePeriodSeconds`)
   */
  readonly terminationGracePeriod?: Duration;
}

/** The rolling update. */
export interface RolloutOptions {
  /**
   * Extra pods during an update (number or percentage).
   * Range: at least 0, a whole number or a percentage (`'25%'`); not 0 together with `maxUnavailable` 0.
   * @default '25%'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge (`strategy.rollingUpdate.maxSurge`)
   */
  readonly maxSurge?: number | string;
  /**
   * Pods that may be unavailable during an update (number or percentage).
   * Range: at least 0, a whole number or a percentage (`'25%'`).
   * @default 0 (capacity never drops)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable (`strategy.rollingUpdate.maxUnavailable`)
   */
  readonly maxUnavailable?: number | string;
  /**
   * How long a new pod must be ready before it counts as available (`minReadySeconds`).
   * Range: at least 0 s.
   * @default Duration.seconds(0)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds (`minReadySeconds`)
   */
  readonly minReady?: Duration;
  /**
   * 'RollingUpdate' replaces pods a few at a time (`maxSurge`, `maxUnavailable`); 'Recreate' stops every old pod
   * before starting the new ones (downtime: for an app whose pods cannot run two revisions at once, e.g. one
   * `ReadWriteOnce` claim). Deployments only: a StatefulSet has `stateful.updateStrategy`.
   * @default 'RollingUpdate'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /**
   * How many old ReplicaSets (StatefulSet: ControllerRevisions) are kept for `kubectl rollout undo`
   * (`revisionHistoryLimit`, 0 to 1000).
   * @default Kubernetes' default (10)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#revision-history-limit
   */
  readonly revisionHistoryLimit?: number;
  /**
   * How long a rollout may make no progress before the Deployment reports `Progressing=False`
   * (`progressDeadlineSeconds`); must be longer than `minReady`. Deployments only.
   * Range: more than `minReady`, at most 2147483647 s.
   * @default Kubernetes' default (600 s)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds
   */
  readonly progressDeadline?: Duration;
}

/** Another version of the app deployed by someone else (another repository or team), selected by its labels. */
export interface ExternalVersionProps {
  /**
   * Labels that select the version's pods (and only those): they must include the app's selector labels (so the
   * app's Service and a mesh's subsets reach the pods) and must not also select the pods this app writes.
   * @example { 'app.kubernetes.io/name': 'reviews', version: 'v3' }
   */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Another version of the app (a canary), with its own Deployment and Service. Beside its image, replicas and weight
 * it may override the app's environment, command, arguments, resources, volumes (by name) and pod labels and
 * annotations (by key); what every version shares (the container and Service ports, the probes) cannot differ.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export interface VersionProps {
  /**
   * The version's image.
   * @default the app's image
   */
  readonly image?: string;
  /**
   * The version's replicas.
   * Range: 0-10000.
   * @default 1
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas (the version's Deployment `replicas`)
   */
  readonly replicas?: number;
  /**
   * Share of traffic in percent (0 to 100, decimals allowed, e.g. 1 for a 1% canary). The stable
   * version gets the rest.
   * @default 0
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref (`backendRefs[].weight`; each layer's integer split is derived from it exactly)
   */
  readonly weight?: number;
  /**
   * Environment variables of this version, merged over the app's `env` by name.
   * @default the app's
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * The container's entrypoint for this version (replaces the app's).
   * @default the app's `command`
   */
  readonly command?: readonly string[];
  /**
   * The entrypoint's arguments for this version (replaces the app's).
   * @default the app's `args`
   */
  readonly args?: readonly string[];
  /**
   * Requests and limits of this version, merged over the app's `resources` field by field.
   * @default the app's
   */
  readonly resources?: ResourcesProps;
  /**
   * Volumes of this version that replace the app's volumes of the same name (e.g. another ConfigMap); the app's
   * `volumeMounts` mount them.
   * @default the app's
   */
  readonly volumes?: Readonly<Record<string, Volume>>;
  /**
   * Labels of this version's pods, merged over the app's `podLabels` by key (e.g. a cost-centre or team label of the
   * canary). They may not change the labels the version is selected by (the app's selector labels and `version`).
   * @default the app's
   * @example { 'acme.io/experiment': 'stars' }
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of this version's pods, merged over the app's `podAnnotations` by key.
   * @default the app's
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * A version deployed elsewhere, selected by its labels: it is routed and split like the others (its own Service,
   * its mesh subset), but no workload is written for it, and nothing here probes it.
   * @default none: the version's Deployment is written
   */
  readonly external?: ExternalVersionProps;
}

/** One application: its workload, its Service and how traffic reaches it. */
export interface TrafficAppProps {
  /** The app's name: a DNS-1123 label, the base of every generated name. */
  readonly name: string;
  /**
   * The namespace.
   * @default 'default'
   */
  readonly namespace?: string;
  /** The container image, with a tag or digest. */
  readonly image: string;
  /**
   * Pod replicas (of the stable version).
   * Range: 0-10000.
   * @default 2
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas (`replicas`)
   */
  readonly replicas?: number;
  /**
   * The ports the container listens on.
   * @default none
   */
  readonly ports?: readonly ContainerPortProps[];
  /**
   * The container's entrypoint.
   * @default the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * The entrypoint's arguments.
   * @default the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Environment variables.
   * @default none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * What runs in the container, when it needs more memory than a small web server: `'jvm'` or
   * `'python-workers'` (gunicorn, uWSGI). A memory limit likely too small for it is a warning (CT-TRAFFIC-049).
   * @default none (no runtime-specific check)
   */
  readonly runtime?: AppRuntime;
  /**
   * Requests and limits.
   * @default requests 100m CPU / 512Mi memory, limits 1 CPU / 2Gi memory (memory as cdk8s-plus)
   */
  readonly resources?: ResourcesProps;
  /**
   * The readiness probe: traffic reaches a pod only while it passes. Required; waive it only with
   * `ReadinessWaiver.because(reason)`. Load balancer health checks are derived from it.
   */
  readonly readiness: Probe | ReadinessWaiver;
  /**
   * The liveness probe.
   * @default none
   */
  readonly liveness?: Probe;
  /**
   * The startup probe.
   * @default none
   */
  readonly startup?: Probe;
  /**
   * The container's name.
   * @default the app's name
   */
  readonly containerName?: string;
  /**
   * Labels that select the app's pods. They must identify this app alone.
   * @default `{ 'app.kubernetes.io/name': name }`
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /**
   * Labels on every object, merged over the library's (`app.kubernetes.io/managed-by` and the selector).
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations on every object.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Extra pod template labels.
   * @default none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Extra pod template annotations.
   * @default none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Names of the generated objects.
   * @default derived from `name`
   */
  readonly names?: ObjectNames;
  /**
   * The pod security level.
   * @default PodSecurity.restricted()
   */
  readonly security?: PodSecurity;
  /**
   * Writable directories (emptyDir volumes), since the root filesystem is read-only under "restricted".
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Where the app's container mounts the pod's `volumes` (and a StatefulSet's claims).
   * @default none
   */
  readonly volumeMounts?: readonly VolumeMountProps[];
  /**
   * The pod's volumes, keyed by name: `Volume.configMap(...)`, `.secret(...)`, `.emptyDir(...)`,
   * `.persistentVolumeClaim(...)`, `.projected(...)`. Any container mounts them with `volumeMounts`.
   * @default none (besides `writablePaths`)
   */
  readonly volumes?: Readonly<Record<string, Volume>>;
  /**
   * Containers run to completion, in order, before the app's container starts (e.g. a schema migration).
   * Same checks and restricted security context as the app's container.
   * @default none
   */
  readonly initContainers?: readonly InitContainerProps[];
  /**
   * Native sidecars (Kubernetes 1.29+: init containers with `restartPolicy: Always`), running beside the app's
   * container for the pod's whole life. Their ports join the Service and the network policy only when `exposed`.
   * @default none
   */
  readonly sidecars?: readonly SidecarProps[];
  /**
   * The ServiceAccount the pods run as: written with the app (labels, annotations, a cloud workload identity),
   * or `ServiceAccount.existing(name)` (not written).
   * @default ServiceAccount.create() named after the app, token automount off
   */
  readonly serviceAccount?: ServiceAccount;
  /**
   * Node selection, tolerations, affinity, topology spread, priority and image pull secrets.
   * @default none
   */
  readonly scheduling?: SchedulingOptions;
  /**
   * Make the app a StatefulSet (stable pod names and DNS, a claim per pod, ordered updates) with its headless
   * governing Service. Canary `versions` are not possible on a stateful app.
   * @default a Deployment
   */
  readonly stateful?: StatefulOptions;
  /**
   * The app's Service, or `false` for none.
   * @default a ClusterIP Service on every container port
   */
  readonly service?: ServiceOptions | false;
  /**
   * Disruption budget, spread and graceful shutdown.
   * @default PDB when replicas >= 2, 10 s drain, 20 s shutdown (the longest stream with the streaming profile), a grace period that covers them and the deregistration delay
   */
  readonly availability?: AvailabilityOptions;
  /**
   * The rolling update.
   * @default maxSurge 25%, maxUnavailable 0
   */
  readonly rollout?: RolloutOptions;
  /**
   * A HorizontalPodAutoscaler for the stable version. The Deployment then leaves `replicas` to it
   * (so re-applying the manifest doesn't reset the scale), and the disruption budget follows `minReplicas`.
   * @default none (fixed `replicas`)
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The stable version's label value (`version: <value>` on its pods; mesh subsets select by it). On an app with one
   * version it is written on the pod labels only, unless `versionInSelector` is true.
   * @default 'v1' when the app has `versions`, none otherwise
   */
  readonly version?: string;
  /**
   * Whether the Deployment's selector includes the `version` label on an app with one version. A Deployment's
   * selector is immutable: set it to what the selector of the Deployment running now holds (true when it
   * selects `version: v1`), so the Deployment is updated in place, not re-created. An app with `versions` always
   * selects by version.
   * @default false (pod labels only)
   */
  readonly versionInSelector?: boolean;
  /**
   * Other versions (canaries), keyed by their version label value.
   * @default none
   */
  readonly versions?: Readonly<Record<string, VersionProps>>;
  /**
   * How traffic reaches the app; several at once are allowed.
   * @default in-cluster only (the Service)
   */
  readonly expose?: readonly IExposure[];
  /**
   * Timeouts, retries, balancing and draining on every layer; `TrafficProfile.STREAMING` for long-lived streams.
   * @default TrafficProfile.STANDARD
   */
  readonly traffic?: TrafficPolicyProps;
  /**
   * The dataplane: `Dataplane.cilium({...})` for a CiliumNetworkPolicy (optional L7 allow-list) and Cilium's
   * Service annotations, `Dataplane.kubernetes({...})` for a plain NetworkPolicy.
   * @default none: no network policy is written
   */
  readonly dataplane?: IDataplane;
  /**
   * The other apps this app calls, by reference (`[api]`, or `[{ app: api, port: 'grpc' }]` for one Service port):
   * this app's egress admits the call, the called app's network policy gets an allowance for this app's pods
   * (written with this app; the called app's own L7 allow-list applies to it), a Linkerd callee that admits
   * listed clients gets a grant of this app's ServiceAccount, and the traffic map draws the edge.
   * @default none
   * @example
   * TrafficApp.define({ name: 'web', calls: [api], ... });
   */
  readonly calls?: readonly (TrafficApp | CallProps)[];
  /**
   * What is observed: an objective, the app's metrics, scraping (PodMonitor), alerts (PrometheusRule), AWS alarms,
   * tracing and access logs (Istio Telemetry), all from this definition.
   * @default nothing observed
   */
  readonly observe?: ObserveProps;
  /**
   * The app's own HTTP server: its keep-alive and what it does on SIGTERM, checked against the load balancers'
   * idle timeouts and the grace period (the streaming chain in `SUMMARY.md`).
   * @default not declared
   */
  readonly server?: ServerOptions;
  /**
   * Progressive delivery: Argo Rollouts or Flagger moves a canary of the next image through `steps`, judged by the
   * objective (`observe.objective`). Not with static `versions`.
   * @default none: a Deployment's rolling update
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/canary/
   */
  readonly delivery?: DeliveryProps;
}
