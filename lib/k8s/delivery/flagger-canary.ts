import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { DeliverySpec } from '../../model/delivery/delivery-spec';
import {
  Canary,
  CanarySpecAnalysisMetrics,
  CanarySpecProvider,
  CanarySpecService,
  CanarySpecServiceTrafficPolicy,
  CanarySpecServiceTrafficPolicyLoadBalancerSimple,
  CanarySpecServiceTrafficPolicyConnectionPoolHttpH2UpgradePolicy,
  CanarySpecTargetRefKind,
  CanarySpecAutoscalerRefKind,
} from '../imports/flagger';
import { istioRetryOn, seconds } from '../formats';
import { renderTrafficPolicy } from '../expose/istio-routing';
import { promDuration } from '../observe/layer-queries';
import { deliveryMetadata } from './delivery-metadata';
import { flaggerRouteFields } from './flagger-route-service';

/** Props of `FlaggerCanary`. */
export interface FlaggerCanaryProps {
  /** The resolved app (`app.delivery.controller` is `flagger`). */
  readonly app: AppSpec;
  /** Its delivery. */
  readonly delivery: DeliverySpec;
  /** The metrics of the analysis: each a MetricTemplate's name and the bound of its result. */
  readonly metrics: readonly { readonly name: string; readonly template: string; readonly max: number }[];
}

/**
 * The app's `Canary` (`flagger.app/v1beta1`): the Deployment the library writes is its target (Flagger copies it to
 * `<name>-primary` and scales it to 0 between rollouts), the Service port and target port, the Istio provider with
 * the mesh's hosts, the app's timeout, retries and DestinationRule policy (Flagger writes the VirtualService and
 * DestinationRules, so the library does not), or the Gateway API provider with a Linkerd mesh's Service or a Gateway
 * API route's parents, hosts, matches, filters and timeouts (Flagger then makes the HTTPRoute), and the analysis: `stepWeights` from the steps, the interval (the
 * steps' pause), the threshold (the analysis' failure limit) and a metric per MetricTemplate of the objective.
 * @see https://docs.flagger.app/usage/how-it-works
 * @see https://docs.flagger.app/tutorials/istio-progressive-delivery
 * @see https://docs.flagger.app/tutorials/linkerd-progressive-delivery
 * @see https://docs.flagger.app/tutorials/gatewayapi-progressive-delivery
 */
export class FlaggerCanary extends Construct {
  /** The Canary. */
  readonly canary: Canary;

  constructor(scope: Construct, id: string, props: FlaggerCanaryProps) {
    super(scope, id);
    const { app, delivery: d } = props;
    const a = d.analysis;
    const interval = promDuration(
      d.steps.find((s) => s.pauseSeconds !== undefined)?.pauseSeconds ?? a?.intervalSeconds ?? 60,
    );
    const weights = d.steps.map((s) => s.weight).filter((w) => w < 100);
    this.canary = new Canary(this, 'canary', {
      metadata: deliveryMetadata(app, d.name),
      spec: {
        provider: PROVIDERS[d.router],
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: d.name },
        autoscalerRef: app.autoscaling
          ? { apiVersion: 'autoscaling/v2', kind: CanarySpecAutoscalerRefKind.HORIZONTAL_POD_AUTOSCALER, name: d.name }
          : undefined,
        service: canaryService(app, d),
        analysis: {
          interval,
          threshold: a?.failureLimit ?? 2,
          stepWeights: weights.length > 0 ? weights : [100],
          metrics: props.metrics.map((m): CanarySpecAnalysisMetrics => ({
            name: m.name,
            templateRef: { name: m.template, namespace: app.namespace },
            thresholdRange: { max: m.max },
            interval,
          })),
        },
      },
    });
  }
}

/**
 * Flagger's provider per router: Istio's own, and for Linkerd the Gateway API provider (Flagger then makes an
 * HTTPRoute on the apex Service, which Linkerd 2.14+ routes by; Flagger's `linkerd` provider writes SMI TrafficSplits,
 * which Linkerd 2.12+ reads only with the deprecated linkerd-smi extension).
 * @see https://docs.flagger.app/tutorials/linkerd-progressive-delivery
 */
const PROVIDERS: Partial<Record<DeliverySpec['router'], CanarySpecProvider>> = {
  istio: CanarySpecProvider.ISTIO,
  linkerd: CanarySpecProvider.GATEWAYAPI_V1,
  'gateway-api': CanarySpecProvider.GATEWAYAPI_V1,
};

/**
 * The Service Flagger makes (`<service>`, `-primary`, `-canary`) and the Istio, Linkerd or Gateway API routing it
 * writes for it.
 */
function canaryService(app: AppSpec, d: DeliverySpec): CanarySpecService {
  const ports = app.service?.ports ?? [];
  // Over a Gateway API route: the Service port the route sends to (Flagger's HTTPRoute sends to `service.port`).
  const route = d.gatewayRoute;
  const port = route?.servicePort ?? ports[0];
  const mesh = d.routerIndex !== undefined ? app.exposures[d.routerIndex] : undefined;
  const common = {
    name: d.routerField ? app.service?.name : undefined,
    port: port?.port ?? 80,
    portName: port?.name,
    targetPort: port?.targetPort,
    portDiscovery: ports.length > 1 ? true : undefined,
  };
  if (route) return { ...common, ...flaggerRouteFields(app, route) };
  const delivered = mesh?.traits.mesh?.delivered;
  const parent = delivered?.parentService;
  if (parent) {
    // The mesh reads its annotations on the Service the route's parent is (Linkerd: Flagger's apex Service).
    return {
      ...common,
      gatewayRefs: [{ name: parent.name, namespace: app.namespace, group: 'core', kind: 'Service', port: parent.port }],
      apex: delivered.parentAnnotations ? { annotations: { ...delivered.parentAnnotations } } : undefined,
    };
  }
  const t = app.traffic;
  const gateways = delivered?.gateways;
  return {
    ...common,
    hosts: mesh ? mesh.traits.hosts.flatMap((h) => (h.host ? [h.host] : [])) : undefined,
    gateways: gateways ? [...gateways] : undefined,
    timeout: t.requestTimeoutSeconds !== undefined ? seconds(t.requestTimeoutSeconds) : undefined,
    retries: t.retry && {
      attempts: t.retry.attempts,
      perTryTimeout: t.retry.perTryTimeoutSeconds !== undefined ? seconds(t.retry.perTryTimeoutSeconds) : undefined,
      retryOn: istioRetryOn(t.retry.on),
    },
    trafficPolicy: d.router === 'istio' ? trafficPolicy(app) : undefined,
  };
}

/** The DestinationRule policy the Istio mesh would write, in the fields Flagger's Canary carries. */
function trafficPolicy(app: AppSpec): CanarySpecServiceTrafficPolicy {
  const p = renderTrafficPolicy(app);
  const o = p.outlierDetection;
  const http = p.connectionPool?.http;
  return {
    loadBalancer: {
      simple:
        app.traffic.loadBalancing === 'least-request'
          ? CanarySpecServiceTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST
          : CanarySpecServiceTrafficPolicyLoadBalancerSimple.ROUND_UNDERSCORE_ROBIN,
      warmupDurationSecs: p.loadBalancer?.warmup?.duration,
    },
    outlierDetection: o && {
      consecutive5XxErrors: o.consecutive5XxErrors,
      interval: o.interval,
      baseEjectionTime: o.baseEjectionTime,
      maxEjectionPercent: o.maxEjectionPercent,
    },
    connectionPool: http && {
      http: {
        idleTimeout: http.idleTimeout,
        http1MaxPendingRequests: http.http1MaxPendingRequests,
        http2MaxRequests: http.http2MaxRequests,
        maxRequestsPerConnection: http.maxRequestsPerConnection,
        h2UpgradePolicy: http.h2UpgradePolicy
          ? CanarySpecServiceTrafficPolicyConnectionPoolHttpH2UpgradePolicy.UPGRADE
          : undefined,
      },
    },
  };
}
