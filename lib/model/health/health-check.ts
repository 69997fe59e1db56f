import { Duration } from 'cdk8s';

/** Settings of a load balancer health check that replaces the one derived from the readiness probe. */
export interface HealthCheckOverrideProps {
  /** Why the load balancer must check something else than the readiness probe (required, shown in reviews). */
  readonly reason: string;
  /**
   * Protocol of the check (`TCP` where the health checker makes TCP checks: AWS NLB, GKE Gateway, Azure Load Balancer).
   * @default the readiness probe's scheme (HTTP/HTTPS), or TCP for a TCP probe
   */
  readonly protocol?: 'HTTP' | 'HTTPS' | 'TCP';
  /**
   * Path of an HTTP(S) check.
   * @default the readiness probe's path
   */
  readonly path?: string;
  /**
   * Pod port the check connects to.
   * Range: 1-65535.
   * @default the readiness probe's port
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html#health-check-settings (`HealthCheckPort`)
   */
  readonly port?: number;
  /**
   * Time between checks, within the health checker's range (AWS 5-300 s, Google Cloud 1-300 s).
   * @default the readiness probe's period
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html#health-check-settings (`HealthCheckIntervalSeconds`, 5-300 s)
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts#parameters (`checkIntervalSec`)
   */
  readonly interval?: Duration;
  /**
   * Time without a response that fails a check, within the health checker's range (AWS 2-120 s and shorter than
   * the interval; Google Cloud and Azure at most the interval).
   * @default the readiness probe's timeout, within the health checker's range
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html#health-check-settings (`HealthCheckTimeoutSeconds`, 2-120 s)
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts#parameters (`timeoutSec`)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes that make a target healthy (AWS 2-10, Google Cloud 1-10).
   * @default the readiness probe's successThreshold, within the health checker's range
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html#health-check-settings (`HealthyThresholdCount`, 2-10)
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts#parameters (`healthyThreshold`)
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures that make a target unhealthy (AWS 2-10, Google Cloud 1-10).
   * @default the readiness probe's failureThreshold, within the health checker's range
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html#health-check-settings (`UnhealthyThresholdCount`, 2-10)
   * @see https://cloud.google.com/load-balancing/docs/health-check-concepts#parameters (`unhealthyThreshold`)
   */
  readonly unhealthyThreshold?: number;
  /**
   * Success codes (HTTP: e.g. `200-399`; gRPC: e.g. `0`); AWS target groups only (other health checkers refuse it).
   * @default '200-399' (what a Kubernetes HTTP probe accepts), '0' for gRPC
   */
  readonly successCodes?: string;
}

/**
 * A load balancer health check, on every cloud (AWS target groups, GKE BackendConfig and HealthCheckPolicy,
 * Application Gateway for Containers HealthCheckPolicy). By default it is derived from the pods' readiness probe,
 * so the load balancer and Kubernetes agree on when a pod may receive traffic.
 *
 * ```ts
 * HealthCheck.fromReadiness()                                             // the default
 * HealthCheck.override({ path: '/lb-health', reason: 'the readiness path needs a header the ALB cannot send' })
 * ```
 */
export class HealthCheck {
  /**
   * The health check mirrors the readiness probe (path, port, interval, timeout, thresholds).
   * @example
   * TerraformLoadBalancer.alb({ hosts: ['www.example.com'], healthCheck: HealthCheck.fromReadiness() });
   */
  static fromReadiness(): HealthCheck {
    return new HealthCheck(undefined);
  }

  /**
   * A health check that differs from the readiness probe, on purpose: a reason is required. The same override
   * applies on every cloud (AWS target groups, GKE, Azure, AGC), each value checked against that checker's ranges.
   * @example
   * TerraformLoadBalancer.alb({
   *   hosts: ['www.example.com'],
   *   healthCheck: HealthCheck.override({ path: '/healthz', reason: 'the readiness probe checks the database too' }),
   * });
   */
  static override(props: HealthCheckOverrideProps): HealthCheck {
    return new HealthCheck(props);
  }

  private constructor(
    /** The override, or undefined to mirror the readiness probe. */
    public readonly override: HealthCheckOverrideProps | undefined,
  ) {}
}
