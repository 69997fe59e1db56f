import { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { AppSpec, ServiceSpec, VersionSpec } from '../../model/app-spec';
import { addObject, nonEmpty } from '../api-object';
import { renderPodTemplate } from './pod-template';

/** Props of `AppWorkload`. */
export interface AppWorkloadProps {
  /** The resolved app. */
  readonly spec: AppSpec;
}

/**
 * An app's workload: its ServiceAccount, one Deployment per version, its Service (plus one Service
 * per version when it has several) and its PodDisruptionBudget.
 */
export class AppWorkload extends Construct {
  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    const app = props.spec;
    const meta = (name: string, labels: Readonly<Record<string, string>> = app.labels, annotations: Readonly<Record<string, string>> = app.annotations) => ({
      name, namespace: app.namespace, labels: { ...labels }, annotations: nonEmpty({ ...annotations }),
    });

    addObject<IServiceAccount>(this, 'service-account', {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(app.serviceAccountName), automountServiceAccountToken: false,
    });

    for (const v of app.versions) {
      addObject<IDeployment>(this, `deployment-${v.version ?? 'stable'}`, {
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: meta(v.deploymentName, v.version ? { ...app.labels, version: v.version } : app.labels),
        spec: {
          replicas: v.stable && app.autoscaling ? undefined : v.replicas,
          selector: { matchLabels: { ...v.selector } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: app.rollout.maxSurge, maxUnavailable: app.rollout.maxUnavailable } },
          minReadySeconds: app.rollout.minReadySeconds || undefined,
          template: renderPodTemplate(app, v),
        },
      });
    }

    if (app.service) {
      this.addService('service', app, app.service, app.service.name, app.selector);
      if (app.versions.length > 1) {
        for (const v of app.versions) this.addService(`service-${v.version}`, app, app.service, v.serviceName!, v.selector, v);
      }
    }

    const hpa = app.autoscaling;
    if (hpa) {
      const stable = app.versions[0];
      const metric = (name: 'cpu' | 'memory', utilization: number | undefined) =>
        utilization === undefined ? [] : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } }];
      addObject<IHorizontalPodAutoscaler>(this, 'autoscaler', {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta(stable.deploymentName),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: stable.deploymentName },
          minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas,
          metrics: [...metric('cpu', hpa.cpuUtilization), ...metric('memory', hpa.memoryUtilization)],
          behavior: hpa.scaleDownStabilizationSeconds === undefined ? undefined : { scaleDown: { stabilizationWindowSeconds: hpa.scaleDownStabilizationSeconds } },
        },
      });
    }

    const pdb = app.availability.disruptionBudget;
    if (pdb) {
      addObject<IPodDisruptionBudget>(this, 'disruption-budget', {
        apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(app.name),
        spec: { selector: { matchLabels: { ...app.selector } }, maxUnavailable: pdb.maxUnavailable, minAvailable: pdb.minAvailable },
      });
    }
  }

  private addService(id: string, app: AppSpec, s: ServiceSpec, name: string, selector: Readonly<Record<string, string>>, version?: VersionSpec): void {
    addObject<IService>(this, id, {
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        name, namespace: app.namespace,
        labels: { ...app.labels, ...(version ? { version: version.version! } : {}), ...s.labels },
        annotations: nonEmpty({ ...app.annotations, ...s.annotations }),
      },
      spec: {
        type: s.type,
        clusterIP: s.headless ? 'None' : undefined,
        selector: { ...selector },
        ports: s.ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort, appProtocol: p.appProtocol })),
        sessionAffinity: s.sessionAffinity === 'None' ? undefined : s.sessionAffinity,
        sessionAffinityConfig: s.sessionAffinityTimeoutSeconds !== undefined ? { clientIP: { timeoutSeconds: s.sessionAffinityTimeoutSeconds } } : undefined,
        internalTrafficPolicy: s.internalTrafficPolicy,
        externalTrafficPolicy: s.externalTrafficPolicy,
        trafficDistribution: s.trafficDistribution,
      },
    });
  }
}
