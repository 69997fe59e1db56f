import type { Duration } from 'cdk8s';

/** One step of a progressive delivery: the canary's weight, then a pause or an analysis before the next step. */
export interface DeliveryStepProps {
  /**
   * The canary's share of the traffic at this step, in percent: a whole number from 1 to 100, each step above the
   * one before.
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/canary/ (Argo Rollouts `setWeight`)
   * @see https://docs.flagger.app/usage/how-it-works (Flagger `analysis.stepWeights`)
   */
  readonly weight: number;
  /**
   * How long the weight holds before the next step: a duration (at least 1 s, whole seconds), or `'manual'` to
   * wait until someone promotes the rollout (`kubectl argo rollouts promote`). Flagger holds every step for the
   * same time, its analysis `interval`: with Flagger every step's pause must be the same duration.
   * @default no pause (Argo Rollouts); the analysis interval (Flagger)
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/canary/ (Argo Rollouts `pause.duration`, or `pause: {}`)
   * @see https://docs.flagger.app/usage/how-it-works (Flagger `analysis.interval`)
   */
  readonly pause?: Duration | 'manual';
  /**
   * Runs the analysis of the app's objective at this step (Argo Rollouts: an `analysis` step after the weight;
   * the rollout aborts when it fails). Needs `observe.objective`. Flagger analyses at every step.
   * @default false
   */
  readonly analysis?: boolean;
}

/** The analysis that judges the canary against the app's objective (`observe.objective`). */
export interface DeliveryAnalysisProps {
  /**
   * The address of the Prometheus the analysis queries.
   * @default 'http://prometheus-operated.monitoring.svc:9090' (the Service the Prometheus Operator writes)
   */
  readonly prometheusAddress?: string;
  /**
   * How often the analysis measures, and the window of its rates (at least 30 s, whole seconds).
   * @default Duration.minutes(1)
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/ (Argo Rollouts metric `interval`)
   * @see https://docs.flagger.app/usage/how-it-works (Flagger `analysis.interval`)
   */
  readonly interval?: Duration;
  /**
   * Failed measurements tolerated before the rollout aborts (Argo `failureLimit`, Flagger `threshold`), 0 to 10.
   * @default 1 (Argo Rollouts), 2 (Flagger)
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/ (Argo Rollouts `failureLimit`)
   * @see https://docs.flagger.app/usage/how-it-works (Flagger `analysis.threshold`)
   */
  readonly failureLimit?: number;
  /**
   * Argo Rollouts: run the analysis in the background from the first step to the end (besides the steps that
   * say `analysis: true`).
   * @default true
   */
  readonly background?: boolean;
  /**
   * Also compares the canary with the stable version, on the same layer and window: the canary's 5xx ratio at most
   * the stable's plus `errorRatioMargin`, its latency quantile at most the stable's plus `latencyMargin`. The stable's
   * series: Argo Rollouts' stable pod template hash (`podTemplateHashValue: Stable`), Flagger's `<name>-primary` pods.
   * At least one margin.
   * @default none (the canary is judged by the objective's bounds alone)
   * @example
   * analysis: { comparedWithStable: { errorRatioMargin: 0.005, latencyMargin: Duration.millis(50) } }
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/#analysis-with-multiple-templates
   */
  readonly comparedWithStable?: DeliveryComparisonProps;
}

/** How much worse than the stable version the canary may be (`analysis.comparedWithStable`). */
export interface DeliveryComparisonProps {
  /**
   * The canary's 5xx ratio may exceed the stable's by this much (a ratio from 0 to 1: 0.005 is half a percentage point).
   * @default no comparison of the error ratio
   * @see https://argo-rollouts.readthedocs.io/en/stable/analysis/prometheus/ (the AnalysisTemplate's `successCondition`
   *   on the canary's and the stable's ratio; range 0 to 1)
   */
  readonly errorRatioMargin?: number;
  /**
   * The canary's latency quantile (the objective's percentile) may exceed the stable's by this much (0 or more, in
   * whole milliseconds). Needs `observe.objective.latency`. Range: at least 0 ms,
   * no upper limit.
   * @default no comparison of the latency
   * @see https://docs.flagger.app/usage/metrics#custom-metrics (the MetricTemplate's `thresholdRange.max`, at least 0)
   */
  readonly latencyMargin?: Duration;
}

/**
 * Progressive delivery: a controller moves the canary's weight step by step and rolls back when the analysis of the
 * app's objective fails. The app then declares no static `versions`: the controller makes the canary from the
 * next image (the app's `image` changed in a later commit).
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/canary/
 * @see https://docs.flagger.app/usage/how-it-works
 */
export interface DeliveryProps {
  /** The controller that moves the canary: Argo Rollouts (`argoproj.io/v1alpha1` Rollout) or Flagger (`flagger.app/v1beta1` Canary). */
  readonly controller: 'argo-rollouts' | 'flagger';
  /**
   * The steps, in order: weights that increase; the last is 100, or `promoteAfterLastStep` says the controller
   * promotes after it.
   */
  readonly steps: readonly DeliveryStepProps[];
  /**
   * The last step's weight is below 100 on purpose: after it the controller promotes the canary to 100% at once.
   * @default false (the last step must be 100)
   */
  readonly promoteAfterLastStep?: boolean;
  /**
   * The analysis of the app's objective (`observe.objective`): the canary's error ratio and latency quantile
   * measured on the layer the objective is observed on.
   * @default none (with Argo Rollouts, steps that say `analysis: true` still need `observe.objective`)
   */
  readonly analysis?: DeliveryAnalysisProps;
  /**
   * What moves the traffic: a Gateway API route of the app (`gateway-api`, Argo Rollouts' `argoproj-labs/gatewayAPI`
   * plugin), the Istio mesh (`istio`: Argo Rollouts' subsets, or Flagger's own VirtualService), the Linkerd mesh
   * (`linkerd`: its HTTPRoute on the app's Service, moved by Argo Rollouts' Gateway API plugin, or made by Flagger's
   * Gateway API provider), an ALB Ingress of the
   * AWS Load Balancer Controller (`alb`, Argo Rollouts: the Ingress's forward action, which Argo writes), or the pods'
   * count alone (`replicas`, Argo Rollouts: the split follows the replica ratio, warned as CT-DELIVERY-010).
   * A Terraform-managed ALB (`TerraformLoadBalancer`) is no router: its target group weights are Terraform's.
   * @default chosen from the app's exposures and mesh
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/traffic-management/alb/
   */
  readonly router?: 'gateway-api' | 'istio' | 'linkerd' | 'alb' | 'replicas';
}
