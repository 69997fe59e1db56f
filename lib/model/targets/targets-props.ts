/**
 * The versions the output must run on, declared once: on the App (`TrafficTargets.declare(app, {...})`, inherited
 * by every `TrafficChart` and Terraform stack of that App), overridden per chart or stack (`targets` on
 * `TrafficChartProps`, `LoadBalancerStackProps`, `AppLoadBalancersProps`). Every target is a version string,
 * `major.minor` or `major.minor.patch` (`'1.33'`, `'1.5.1'`); `'none'` says a target is not installed, and what
 * needs it is then refused. A target left out is the library's default (the newest version it knows), so the
 * output does not change until you declare one. The supported range of each is in docs/targets.md.
 *
 * @example
 * TrafficTargets.declare(app, {
 *   kubernetes: '1.33',
 *   gatewayApi: '1.5', gatewayApiChannel: 'standard',
 *   cilium: '1.18', istio: '1.28', linkerd: 'none',
 *   awsLoadBalancerController: '3.4', prometheusOperator: '0.80',
 * });
 * @see https://github.com/cdk-traffic/cdk-traffic/blob/main/docs/targets.md
 */
export interface TrafficTargetsProps {
  /**
   * The Kubernetes version of the clusters (`'1.33'`): the Service `trafficDistribution` value, kube-proxy's modes
   * and the pod features written follow it.
   * @default '1.35'
   */
  readonly kubernetes?: string;
  /**
   * The Gateway API CRDs installed (`'1.5'`, `'1.5.1'`), or `'none'`: HTTPRoute `retry` is standard from 1.7.
   * @default '1.6' (the CRDs the library's classes and checks are made from)
   */
  readonly gatewayApi?: string;
  /**
   * The Gateway API release channel installed. `'standard'` refuses an app that asks for experimental fields
   * (`traffic.gatewayApiChannel: 'experimental'`); `'experimental'` writes them for every app that does not say
   * `'standard'` itself.
   * @default undefined: each app's `traffic.gatewayApiChannel` (standard unless it says experimental)
   */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
  /**
   * The Cilium version (`'1.18'`, or the chart's exact `'1.18.12'`), or `'none'`: a `CiliumCluster` writes its Helm
   * values for it.
   * @default '1.20'
   */
  readonly cilium?: string;
  /**
   * The Istio version (`'1.28'`), or `'none'`.
   * @default '1.30'
   */
  readonly istio?: string;
  /**
   * The Linkerd version (`'2.18'`), or `'none'`.
   * @default '2.20'
   */
  readonly linkerd?: string;
  /**
   * The AWS Load Balancer Controller version (`'3.4'`), or `'none'`.
   * @default '3.5'
   */
  readonly awsLoadBalancerController?: string;
  /**
   * The Prometheus Operator version (`'0.80'`), or `'none'`.
   * @default '0.93'
   */
  readonly prometheusOperator?: string;
}
