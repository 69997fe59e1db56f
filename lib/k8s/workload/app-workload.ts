import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { AppSpec, ServiceSpec, VersionSpec } from '../../model/app-spec';
import { addObject, nonEmpty } from '../api-object';
import { renderPodTemplate } from './pod-template';
import { withoutExternalPods } from '../../model/workload/versions';
import { EXTERNAL_VERSION_ANNOTATION } from '../written/workload-checks';
import { identityAnnotations } from './workload-identity';
import { primarySelector } from '../../model/delivery/primary-pods';

/** Props of `AppWorkload`. */
export interface AppWorkloadProps {
  /** The resolved app. */
  readonly spec: AppSpec;
}

/**
 * An app's workload: its ServiceAccount (unless an existing one is used), one Deployment per version (or
 * one StatefulSet and its headless governing Service), its Service (plus one Service per version when it
 * has several), its HorizontalPodAutoscaler and its PodDisruptionBudget.
 *
 * Construct ids do not depend on the versions: the stable version's object is `deployment` (or
 * `stateful-set`) whether or not the app has canaries, a canary's is `deployment-<version>`.
 * `TrafficChart.objectsOf(app)` returns these objects by role.
 */
export class AppWorkload extends Construct {
  /** The Deployment (or StatefulSet) of each version, by version label (`undefined` key: the stable one). */
  readonly workloads = new Map<string | undefined, ApiObject>();
  /** The app's Service. */
  readonly service?: ApiObject;
  /** The per-version Services, by version label (only when the app has several versions). */
  get versionServices(): Map<string, ApiObject> {
    return (this.byVersion ??= new Map());
  }
  /** Argo Rollouts' `stable` and `canary` Services, by role, when the app is delivered by Argo Rollouts. */
  get deliveryServices(): Map<string, ApiObject> {
    return (this.byRole ??= new Map());
  }
  /** The StatefulSet's governing headless Service, when the library writes it. */
  readonly governingService?: ApiObject;
  /** The ServiceAccount, unless the app runs under an existing one. */
  readonly serviceAccount?: ApiObject;
  /** The HorizontalPodAutoscaler. */
  readonly autoscaler?: ApiObject;
  /** The PodDisruptionBudget. */
  readonly disruptionBudget?: ApiObject;
  /** The PersistentVolumeClaims written beside the workload (`Volume.claim`), by volume name. */
  get claims(): Map<string, ApiObject> {
    return (this.byVolume ??= new Map());
  }
  // Created on first use: most apps have one version, no delivery controller and no claim (three maps less per app).
  private byVersion?: Map<string, ApiObject>;
  private byRole?: Map<string, ApiObject>;
  private byVolume?: Map<string, ApiObject>;

  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    const app = props.spec;
    const sa = app.serviceAccount;
    if (sa.create) {
      this.serviceAccount = addObject<IServiceAccount>(this, 'service-account', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: metaOf(
          app,
          sa.name,
          merged(app.labels, sa.labels),
          merged(app.annotations, sa.annotations, sa.identity && identityAnnotations(sa.identity)),
        ),
        automountServiceAccountToken: false,
      });
    }
    this.addClaims(app);
    // A version deployed elsewhere (`external`) has its Service here, not its workload.
    for (const v of app.versions)
      if (!v.external) this.workloads.set(v.stable ? undefined : v.version, this.addWorkload(app, v));
    // Flagger makes the app's Service itself (from the Canary); Argo Rollouts' canary and stable Services are ours.
    const delivery = app.delivery;
    if (app.service && delivery?.services) {
      // An ALB with instance targets (Argo Rollouts' ALB router) reaches the stable and canary Services by node ports.
      const clusterIp = {
        ...app.service,
        type: delivery.alb?.nodePorts ? ('NodePort' as const) : ('ClusterIP' as const),
        ports: app.service.ports.map((p) => ({ ...p, nodePort: undefined })),
      };
      for (const [role, name] of Object.entries(delivery.services))
        this.deliveryServices.set(role, this.addService(`service-${role}`, app, clusterIp, name, app.selector));
    }
    if (app.service && delivery?.controller !== 'flagger') {
      this.service = this.addService('service', app, app.service, app.service.name, app.selector);
      if (app.versions.length > 1) {
        for (const v of app.versions)
          this.versionServices.set(
            v.version!,
            this.addService(`service-${v.version}`, app, app.service, v.serviceName!, v.selector, v),
          );
      }
    }
    if (app.stateful?.writesGoverningService) this.governingService = this.addGoverningService(app, app.stateful);
    if (app.autoscaling) this.autoscaler = this.addAutoscaler(app, app.autoscaling);
    const pdb = app.availability.disruptionBudget;
    if (pdb) {
      this.disruptionBudget = addObject<IPodDisruptionBudget>(this, 'disruption-budget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: metaOf(app, app.name),
        spec: {
          // With Flagger, also the pods of `<name>-primary` (the stable ones, their selector label renamed).
          selector: withPrimary(app, withoutExternalPods(app)),
          maxUnavailable: pdb.maxUnavailable,
          minAvailable: pdb.minAvailable,
        },
      });
    }
  }

  /** The PersistentVolumeClaims of the `Volume.claim` volumes, with the app's labels and annotations. */
  private addClaims(app: AppSpec): void {
    for (const v of app.volumes)
      if (v.kind === 'persistentVolumeClaim' && v.claim)
        this.claims.set(
          v.name,
          addObject<IPersistentVolumeClaim>(this, `claim-${v.name}`, {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: metaOf(app, v.claimName),
            spec: {
              accessModes: [...v.claim.accessModes],
              storageClassName: v.claim.storageClassName,
              resources: { requests: { storage: v.claim.storage } },
            },
          }),
        );
  }

  /** The Deployment of one version, or the StatefulSet. */
  private addWorkload(app: AppSpec, v: VersionSpec): ApiObject {
    const metadata = metaOf(app, v.deploymentName, v.version ? { ...app.labels, version: v.version } : app.labels);
    // Argo Rollouts' Rollout runs the pods of this template (`workloadRef`): the Deployment itself runs none.
    const rolled = app.delivery?.controller === 'argo-rollouts';
    const replicas = rolled ? 0 : v.stable && app.autoscaling ? undefined : v.replicas;
    const st = app.stateful;
    if (!st)
      return addObject<IDeployment>(this, v.stable ? 'deployment' : `deployment-${v.version}`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas,
          selector: { matchLabels: v.selector },
          strategy:
            app.rollout.strategy === 'Recreate'
              ? { type: 'Recreate' }
              : {
                  type: 'RollingUpdate',
                  rollingUpdate: { maxSurge: app.rollout.maxSurge, maxUnavailable: app.rollout.maxUnavailable },
                },
          minReadySeconds: app.rollout.minReadySeconds || undefined,
          revisionHistoryLimit: app.rollout.revisionHistoryLimit,
          progressDeadlineSeconds: app.rollout.progressDeadlineSeconds,
          template: renderPodTemplate(app, v),
        },
      });
    return addObject<IStatefulSet>(this, 'stateful-set', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata,
      spec: {
        serviceName: st.serviceName,
        replicas,
        selector: { matchLabels: { ...v.selector } },
        podManagementPolicy: st.podManagementPolicy === 'OrderedReady' ? undefined : st.podManagementPolicy,
        updateStrategy:
          st.updateStrategy.type === 'RollingUpdate'
            ? {
                type: 'RollingUpdate',
                rollingUpdate:
                  st.updateStrategy.partition !== undefined ? { partition: st.updateStrategy.partition } : undefined,
              }
            : { type: 'OnDelete' },
        minReadySeconds: app.rollout.minReadySeconds || undefined,
        revisionHistoryLimit: app.rollout.revisionHistoryLimit,
        ordinals: st.ordinalsStart ? { start: st.ordinalsStart } : undefined,
        persistentVolumeClaimRetentionPolicy: st.claimRetention ? { ...st.claimRetention } : undefined,
        template: renderPodTemplate(app, v),
        volumeClaimTemplates: st.volumeClaimTemplates.length
          ? st.volumeClaimTemplates.map((c) => ({
              metadata: { name: c.name, labels: { ...app.labels } },
              spec: {
                accessModes: [...c.accessModes],
                storageClassName: c.storageClassName,
                resources: { requests: { storage: c.storage } },
              },
            }))
          : undefined,
      },
    });
  }

  /**
   * The governing Service gives each pod its DNS name; it lists pods before they are ready, so members of a
   * cluster can find each other while they start. It carries the app's labels and annotations and the Service's
   * labels (not the Service's annotations: those configure a load balancer, which a headless Service is not).
   */
  private addGoverningService(app: AppSpec, st: NonNullable<AppSpec['stateful']>): ApiObject {
    const ports =
      app.service?.ports ??
      app.container.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.name ?? p.port,
        protocol: p.protocol,
        appProtocol: p.appProtocol,
      }));
    return addObject<IService>(this, 'governing-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metaOf(app, st.serviceName, { ...app.labels, ...app.service?.labels }),
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: { ...app.selector },
        ports: ports.length
          ? ports.map((p) => ({
              name: p.name,
              protocol: p.protocol,
              port: p.port,
              targetPort: p.targetPort,
              appProtocol: p.appProtocol,
            }))
          : undefined,
      },
    });
  }

  /** The HorizontalPodAutoscaler of the stable version. */
  private addAutoscaler(app: AppSpec, hpa: NonNullable<AppSpec['autoscaling']>): ApiObject {
    const stable = app.versions[0];
    const metric = (name: 'cpu' | 'memory', utilization: number | undefined) =>
      utilization === undefined
        ? []
        : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } }];
    return addObject<IHorizontalPodAutoscaler>(this, 'autoscaler', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metaOf(app, stable.deploymentName),
      spec: {
        scaleTargetRef:
          app.delivery?.controller === 'argo-rollouts'
            ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: app.delivery.name }
            : { apiVersion: 'apps/v1', kind: app.workloadKind, name: stable.deploymentName },
        minReplicas: hpa.minReplicas,
        maxReplicas: hpa.maxReplicas,
        metrics: [...metric('cpu', hpa.cpuUtilization), ...metric('memory', hpa.memoryUtilization)],
        behavior:
          hpa.scaleDownStabilizationSeconds === undefined
            ? undefined
            : { scaleDown: { stabilizationWindowSeconds: hpa.scaleDownStabilizationSeconds } },
      },
    });
  }

  private addService(
    id: string,
    app: AppSpec,
    s: ServiceSpec,
    name: string,
    selector: Readonly<Record<string, string>>,
    version?: VersionSpec,
  ): ApiObject {
    return addObject<IService>(this, id, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: app.namespace,
        labels: version ? { ...app.labels, version: version.version!, ...s.labels } : merged(app.labels, s.labels),
        annotations: nonEmpty(
          merged(
            app.annotations,
            s.annotations,
            version?.external
              ? { [EXTERNAL_VERSION_ANNOTATION]: `pods of version ${version.version} are deployed elsewhere` }
              : undefined,
          ),
        ),
      },
      spec: {
        type: s.type,
        clusterIP: s.headless ? 'None' : undefined,
        selector,
        ports: s.ports.map((p) => ({
          name: p.name,
          protocol: p.protocol,
          port: p.port,
          targetPort: p.targetPort,
          nodePort: p.nodePort,
          appProtocol: p.appProtocol,
        })),
        sessionAffinity: s.sessionAffinity === 'None' ? undefined : s.sessionAffinity,
        sessionAffinityConfig:
          s.sessionAffinityTimeoutSeconds !== undefined
            ? { clientIP: { timeoutSeconds: s.sessionAffinityTimeoutSeconds } }
            : undefined,
        internalTrafficPolicy: s.internalTrafficPolicy,
        externalTrafficPolicy: s.externalTrafficPolicy,
        trafficDistribution: s.trafficDistribution,
      },
    });
  }
}

/**
 * Metadata in the app's namespace, with the app's labels and annotations unless others are given. The maps are the
 * resolved spec's own (frozen): cdk8s copies them into the object's metadata, which `addLabel` changes.
 */
function metaOf(
  app: AppSpec,
  name: string,
  labels: Readonly<Record<string, string>> = app.labels,
  annotations: Readonly<Record<string, string>> = app.annotations,
) {
  return { name, namespace: app.namespace, labels, annotations: nonEmpty(annotations) };
}

const nonEmptyList = <T>(l: T[]): T[] | undefined => (l.length > 0 ? l : undefined);

/** Whether a map has no key (no list built, unlike `Object.keys`). */
function isEmpty(o: Readonly<Record<string, string>> | undefined): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * The maps merged in order, later keys winning, as `{ ...a, ...b, ...c }`; `a` itself (the resolved spec's frozen map:
 * cdk8s copies metadata) when the others are empty, as for most apps: no map built per written object.
 */
function merged(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>> | undefined,
  c?: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  return isEmpty(b) && isEmpty(c) ? a : { ...a, ...b, ...c };
}

/** The app's pods (and Flagger's primary pods) as a label selector, with more requirements. */
function withPrimary(app: AppSpec, more: ReturnType<typeof withoutExternalPods>) {
  const s = primarySelector(app);
  // Most apps: the selector as it is (no version deployed elsewhere, no Flagger), no copy.
  if (more.length === 0 && s.matchExpressions === undefined) return s;
  return { ...s, matchExpressions: nonEmptyList([...(s.matchExpressions ?? []), ...more]) };
}
