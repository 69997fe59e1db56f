import { Duration } from 'cdk8s';
import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { Problems } from '../problems';

/** A HorizontalPodAutoscaler for the stable version's Deployment. */
export interface AutoscalingOptions {
  /**
   * The fewest replicas.
   * Range: 1-10000.
   * @default the app's `replicas`
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/ (`minReplicas`)
   */
  readonly minReplicas?: number;
  /**
   * The most replicas.
   * Range: 1-10000, at least `minReplicas`.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/ (`maxReplicas`)
   */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * Range: 1-1000 (percent of the request).
   * @default 70
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/ (`metrics[].resource.target.averageUtilization`)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * Range: 1-1000 (percent of the request).
   * @default none
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/ (`metrics[].resource.target.averageUtilization`)
   */
  readonly memoryUtilization?: number;
  /**
   * How long the load must stay low before replicas are removed.
   * Range: 0-3600 s.
   * @default Duration.minutes(5) (Kubernetes' default)
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#stabilization-window (`behavior.scaleDown.stabilizationWindowSeconds`, 0-3600 s)
   */
  readonly scaleDownStabilization?: Duration;
}

/** The resolved autoscaler. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuUtilization?: number;
  readonly memoryUtilization?: number;
  readonly scaleDownStabilizationSeconds?: number;
}

/** Resolves and checks the autoscaler. */
export function resolveAutoscaling(
  problems: Problems,
  a: AutoscalingOptions | undefined,
  replicas: number,
): AutoscalingSpec | undefined {
  if (a === undefined) return undefined;
  const minReplicas = checkInt(
    problems,
    'autoscaling.minReplicas',
    a.minReplicas,
    Math.max(1, replicas),
    1,
    10000,
    'set minReplicas from 1 (at least 2 for availability)',
  );
  const maxReplicas = checkInt(problems, 'autoscaling.maxReplicas', a.maxReplicas, minReplicas, 1, 10000);
  if (maxReplicas < minReplicas) {
    problems.add(
      'autoscaling.maxReplicas',
      a.maxReplicas,
      `is below minReplicas (${minReplicas})`,
      `set maxReplicas to ${minReplicas} or more`,
    );
  }
  const cpu = a.cpuUtilization === undefined && a.memoryUtilization === undefined ? 70 : a.cpuUtilization;
  const util = (k: 'cpuUtilization' | 'memoryUtilization', v: number | undefined) =>
    v === undefined
      ? undefined
      : checkInt(problems, `autoscaling.${k}`, v, 70, 1, 1000, `set ${k} to a percentage of the request, e.g. 70`);
  return {
    minReplicas,
    maxReplicas,
    cpuUtilization: util('cpuUtilization', cpu),
    memoryUtilization: util('memoryUtilization', a.memoryUtilization),
    scaleDownStabilizationSeconds:
      a.scaleDownStabilization === undefined
        ? undefined
        : wholeSeconds(problems, 'autoscaling.scaleDownStabilization', a.scaleDownStabilization, 300, {
            min: 0,
            max: 3600,
          }),
  };
}
