import type { IConstruct } from 'constructs';
import { Problems } from '../model/problems';
import { TargetsSpec, resolveTargets } from '../model/targets/targets-spec';
import type { TrafficTargetsProps } from '../model/targets/targets-props';

/** The context key `TrafficTargets.declare` sets (also settable in `cdktf.json`'s `context`). */
export const TARGETS_CONTEXT = 'cdk-traffic:targets';

/**
 * The versions the output must run on, declared once on an App (cdk8s or cdktf), as AWS CDK's feature flags are:
 * every `TrafficChart`, `LoadBalancerStack`, `AppLoadBalancers`, `CiliumCluster` and `KubeProxyCluster` of the App
 * writes for them, and a chart or stack may override single targets with its own `targets`. A target left out is
 * the library's default (the newest version it knows), so nothing changes until you declare one; the supported
 * ranges are in docs/targets.md.
 * @see https://github.com/cdk-traffic/cdk-traffic/blob/main/docs/targets.md
 */
export class TrafficTargets {
  /**
   * Declares the targets of `scope` (an App, before any chart or stack is added to it) and of everything in it.
   * Problems with the values (not a version, outside the supported range, a broken combination) are reported by
   * each chart and stack, with its path.
   * @example
   * const app = new App();
   * TrafficTargets.declare(app, { kubernetes: '1.33', gatewayApi: '1.5', gatewayApiChannel: 'standard', istio: 'none' });
   * new TrafficChart(app, 'shop', { apps: [shop] });
   * @returns `scope`
   */
  static declare<T extends IConstruct>(scope: T, targets: TrafficTargetsProps): T {
    if (scope.node.children.length > 0)
      throw new Error(
        `TrafficTargets.declare(${scope.node.path || 'App'}): the targets must be declared before anything is added to it ` +
          '(a chart or stack reads them when it is built, and would be written for other targets). Fix: call it right ' +
          'after creating the App, or give a chart or stack its own `targets`',
      );
    scope.node.setContext(TARGETS_CONTEXT, targets);
    return scope;
  }

  /**
   * The targets `scope` is written for: the nearest declaration above it (`TrafficTargets.declare`, or the
   * `cdk-traffic:targets` context of `cdktf.json`), with `override` (a chart's or stack's `targets`) over it.
   * Problems are added to `problems`, at `targets.<field>` for the override and `TrafficTargets.<field>` for the
   * declaration.
   * @example
   * const problems = new Problems();
   * const targets = TrafficTargets.of(chart, problems, { gatewayApi: '1.7' });
   * targets.versions.kubernetes.text; // '1.33' when the App declared kubernetes: '1.33'
   */
  static of(scope: IConstruct, problems: Problems, override?: TrafficTargetsProps): TargetsSpec {
    const declared = scope.node.tryGetContext(TARGETS_CONTEXT) as TrafficTargetsProps | undefined;
    return resolveTargets(problems, [
      { field: 'TrafficTargets', props: declared },
      { field: 'targets', props: override },
    ]);
  }
}
