import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { AppSpec } from '../model/app-spec';
import type { TerraformTargetGroupSpec } from '../model/aws/terraform-load-balancer';
import { ManagedLoadBalancer, tfId } from './managed-load-balancer';

/** Props of `LoadBalancerAlarms`. */
export interface LoadBalancerAlarmsProps {
  /** The planned load balancer. */
  readonly plan: LoadBalancerPlan;
  /** Its rendered resources (the dimensions are their `arn_suffix`). */
  readonly loadBalancer: ManagedLoadBalancer;
  /** The alarm actions of each app (its `observe.alarms.actions` and the ARN of the topic it asked for), by app. */
  readonly actions: ReadonlyMap<AppSpec, readonly string[]>;
  /**
   * Tags on every alarm.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Five-minute periods: the short window of the SRE workbook's fast burn; three of them in a row fire. */
const PERIOD = 300;
const PERIODS = 3;

/**
 * CloudWatch alarms of one Terraform-managed load balancer, per target group of an app that sets `observe`
 * (so per version when the app has versions), dimensions the real resources' `arn_suffix`:
 * - unhealthy hosts above zero for 3 minutes (the readiness probe and the health check disagree, or pods are not ready);
 * - ALB: the target 5xx ratio (`HTTPCode_Target_5XX_Count / RequestCount`, metric math) above the fast burn rate of
 *   the availability objective for 15 minutes, and the target response time's percentile (`p99`) above the latency
 *   objective for 15 minutes;
 * - NLB: target resets (`TCP_Target_Reset_Count`) in 3 five-minute periods in a row.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html
 */
export class LoadBalancerAlarms extends Construct {
  /** The alarms, by Terraform name. */
  readonly alarms = new Map<string, CloudwatchMetricAlarm>();

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const { plan, loadBalancer } = props;
    const alb = plan.settings.type === 'application';
    for (const { member, targetGroup: tg } of plan.targetGroups) {
      const app = member.app;
      if (!app.observe) continue;
      const resource = loadBalancer.targetGroups.get(tg.name);
      if (!resource) continue;
      const dims = { TargetGroup: resource.arnSuffix, LoadBalancer: loadBalancer.loadBalancer.arnSuffix };
      const actions = [...(props.actions.get(app) ?? [])];
      const common = {
        namespace: alb ? 'AWS/ApplicationELB' : 'AWS/NetworkELB',
        alarmActions: actions,
        okActions: actions,
        treatMissingData: 'notBreaching',
        ...(props.tags ? { tags: { ...props.tags } } : {}),
      };
      const add = (what: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmName'>) => {
        const name = tfId('alarm', tg.name, what);
        const alarm = new CloudwatchMetricAlarm(this, name, { alarmName: `${tg.name}-${what}`, ...config });
        alarm.overrideLogicalId(name);
        this.alarms.set(name, alarm);
      };
      add('unhealthy-hosts', {
        ...common,
        alarmDescription: `${describe(app, tg)}: targets failing the health check (the readiness probe's) for 3 minutes`,
        metricName: 'UnHealthyHostCount',
        dimensions: dims,
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: 3,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
      });
      if (alb) this.albAlarms(app, tg, dims, common, add);
      else
        add('target-resets', {
          ...common,
          alarmDescription: `${describe(app, tg)}: targets reset TCP connections in 3 five-minute periods in a row`,
          metricName: 'TCP_Target_Reset_Count',
          dimensions: dims,
          statistic: 'Sum',
          period: PERIOD,
          evaluationPeriods: PERIODS,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: 0,
        });
    }
  }

  private albAlarms(
    app: AppSpec,
    tg: TerraformTargetGroupSpec,
    dims: Record<string, string>,
    common: { namespace: string; alarmActions: string[]; okActions: string[]; treatMissingData: string },
    add: (what: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmName'>) => void,
  ): void {
    const o = app.observe?.objective;
    const { namespace, ...rest } = common;
    if (o?.errorBudget !== undefined) {
      const factor = o.burnRates[0].factor;
      const metric = (id: string, metricName: string) => ({
        id,
        metric: { namespace, metricName, dimensions: dims, stat: 'Sum', period: PERIOD },
        returnData: false,
      });
      add('5xx-ratio', {
        ...rest,
        alarmDescription: `${describe(app, tg)}: target 5xx ratio above ${factor} x the error budget of the ${o.availability}% objective (fast burn) for 15 minutes`,
        metricQuery: [
          metric('errors', 'HTTPCode_Target_5XX_Count'),
          metric('requests', 'RequestCount'),
          { id: 'ratio', expression: 'FILL(errors, 0) / requests', label: '5xx ratio', returnData: true },
        ],
        evaluationPeriods: PERIODS,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: Math.round(factor * o.errorBudget * 1e8) / 1e8,
      });
    }
    if (o?.latency) {
      add('response-time', {
        ...common,
        alarmDescription: `${describe(app, tg)}: p${o.latency.percentile} target response time above ${o.latency.thresholdSeconds * 1000} ms for 15 minutes`,
        metricName: 'TargetResponseTime',
        dimensions: dims,
        extendedStatistic: `p${o.latency.percentile}`,
        period: PERIOD,
        evaluationPeriods: PERIODS,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: o.latency.thresholdSeconds,
      });
    }
  }
}

function describe(app: AppSpec, tg: TerraformTargetGroupSpec): string {
  return `${app.namespace}/${app.name}${tg.version ? ` version ${tg.version}` : ''} (target group ${tg.name})`;
}
