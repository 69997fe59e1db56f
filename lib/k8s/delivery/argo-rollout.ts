import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { DeliverySpec, DeliveryStepSpec } from '../../model/delivery/delivery-spec';
import {
  Rollout,
  RolloutSpecStrategyCanaryMaxSurge,
  RolloutSpecStrategyCanaryMaxUnavailable,
  RolloutSpecStrategyCanarySteps,
  RolloutSpecStrategyCanaryTrafficRouting,
  RolloutSpecStrategyCanaryStepsPauseDuration,
} from '../imports/argo-rollouts';
import { promDuration } from '../observe/layer-queries';
import { CANARY_HASH_ARG, comparesWithStable, STABLE_HASH_ARG } from './analysis-queries';
import { deliveryMetadata } from './delivery-metadata';

/** The Argo Rollouts traffic router plugin for Gateway API routes (named in the controller's plugin ConfigMap). */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** Props of `ArgoRollout`. */
export interface ArgoRolloutProps {
  /** The resolved app (`app.delivery.controller` is `argo-rollouts`). */
  readonly app: AppSpec;
  /** Its delivery. */
  readonly delivery: DeliverySpec;
  /** The AnalysisTemplate of the background analysis, when there is one. */
  readonly backgroundTemplate?: string;
  /** The AnalysisTemplate of the analysis steps, when there are some. */
  readonly stepTemplate?: string;
}

/**
 * The app's `Rollout` (`argoproj.io/v1alpha1`). It runs the pods of the Deployment the library writes (`workloadRef`:
 * one pod template, checked like every other; the Deployment is written with 0 replicas, so only the Rollout's
 * ReplicaSets run pods), with the declared steps (weight, pause, analysis), the canary and stable Services, and the
 * traffic router: the Gateway API plugin with the routes it moves, the Istio VirtualService, the ALB Ingress, or none
 * (the pods' count splits).
 * @see https://argo-rollouts.readthedocs.io/en/stable/migrating/#reference-deployment-from-rollout
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/specification/
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/traffic-management/alb/
 */
export class ArgoRollout extends Construct {
  /** The Rollout. */
  readonly rollout: Rollout;

  constructor(scope: Construct, id: string, props: ArgoRolloutProps) {
    super(scope, id);
    const { app, delivery: d } = props;
    const stable = app.versions[0];
    const args = [
      { name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } },
      ...(comparesWithStable(d.analysis)
        ? [{ name: STABLE_HASH_ARG, valueFrom: { podTemplateHashValue: 'Stable' } }]
        : []),
    ];
    this.rollout = new Rollout(this, 'rollout', {
      metadata: deliveryMetadata(app, d.name),
      spec: {
        replicas: app.autoscaling ? undefined : stable.replicas,
        selector: { matchLabels: { ...stable.selector } },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: stable.deploymentName },
        minReadySeconds: app.rollout.minReadySeconds || undefined,
        strategy: {
          canary: {
            canaryService: d.services?.canary,
            stableService: d.services?.stable,
            maxSurge: surge(app.rollout.maxSurge),
            maxUnavailable: unavailable(app.rollout.maxUnavailable),
            steps: d.steps.flatMap((s) => steps(s, props.stepTemplate, args)),
            analysis: props.backgroundTemplate
              ? { templates: [{ templateName: props.backgroundTemplate }], startingStep: 1, args }
              : undefined,
            trafficRouting: trafficRouting(app, d),
          },
        },
      },
    });
  }
}

/**
 * The router Argo Rollouts moves: the Gateway API plugin's routes, the Istio VirtualService and subsets, the ALB
 * Ingress (Argo writes its forward action `alb.ingress.kubernetes.io/actions.<rootService>`), or none.
 */
function trafficRouting(app: AppSpec, d: DeliverySpec): RolloutSpecStrategyCanaryTrafficRouting | undefined {
  const vs = d.routes.find((r) => r.kind === 'VirtualService');
  const dr = d.routes.find((r) => r.kind === 'DestinationRule');
  if (d.router === 'istio' && vs && dr && d.subsets)
    return {
      istio: {
        virtualService: { name: vs.name, routes: ['default'] },
        destinationRule: { name: dr.name, stableSubsetName: d.subsets.stable, canarySubsetName: d.subsets.canary },
      },
    };
  if (d.router === 'alb' && d.alb)
    return {
      alb: { ingress: d.alb.ingress, servicePort: d.alb.servicePort, rootService: d.alb.rootService },
    };
  // Linkerd's HTTPRoute (on the app's Service) is moved by the same plugin: Linkerd 2.12+ routes by Gateway API.
  return d.router === 'gateway-api' || d.router === 'linkerd'
    ? {
        plugins: {
          [GATEWAY_API_PLUGIN]: {
            httpRoutes: d.routes.map((r) => ({ name: r.name })),
            namespace: app.namespace,
          },
        },
      }
    : undefined;
}

/** One declared step: the weight, then its pause, then its analysis. */
function steps(
  s: DeliveryStepSpec,
  template: string | undefined,
  args: { name: string; valueFrom: { podTemplateHashValue: string } }[],
): RolloutSpecStrategyCanarySteps[] {
  const out: RolloutSpecStrategyCanarySteps[] = [{ setWeight: s.weight }];
  if (s.manual) out.push({ pause: {} });
  else if (s.pauseSeconds !== undefined)
    out.push({
      pause: { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(promDuration(s.pauseSeconds)) },
    });
  if (s.analysis && template) out.push({ analysis: { templates: [{ templateName: template }], args } });
  return out;
}

function surge(v: number | string): RolloutSpecStrategyCanaryMaxSurge {
  return typeof v === 'number'
    ? RolloutSpecStrategyCanaryMaxSurge.fromNumber(v)
    : RolloutSpecStrategyCanaryMaxSurge.fromString(v);
}

function unavailable(v: number | string): RolloutSpecStrategyCanaryMaxUnavailable {
  return typeof v === 'number'
    ? RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(v)
    : RolloutSpecStrategyCanaryMaxUnavailable.fromString(v);
}
