import { Duration } from 'cdk8s';
import { Certificate, TerraformLoadBalancer } from '../../lib';
import { tfId } from '../../lib/aws/managed-load-balancer';
import { billing } from '../../apps/observed';
import { NETWORK, resources, synthStack, webApp } from './support';

const ALARM = 'aws_cloudwatch_metric_alarm';

/** The app's target groups (by AWS name) and load balancer, as the TargetGroupBindings name them. */
const ref = (type: string, name: string) => `\${${type}.${name}.arn_suffix}`;

describe("each alarm's dimensions reference the app's own target group and load balancer", () => {
  const canary = webApp({
    versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 10 } },
    expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.dnsValidated() })],
    observe: {
      objective: { availability: 99.9, latency: { threshold: Duration.millis(400), percentile: 95 } },
      alarms: { createTopic: 'web-alarms' },
    },
  });
  const { tf, stack } = synthStack([canary, billing], { network: NETWORK });
  const alarms = resources(tf, ALARM);

  test('per target group: unhealthy hosts, 5xx ratio and response time, with the stack topic as action', () => {
    for (const plan of stack.plans)
      for (const { member, targetGroup } of plan.targetGroups) {
        const tg = ref('aws_lb_target_group', tfId('tg', targetGroup.name));
        const lb = ref('aws_lb', tfId('lb', plan.name));
        const own = Object.values(alarms).filter(
          (a) => (a.dimensions ?? a.metric_query?.[0]?.metric?.dimensions)?.TargetGroup === tg,
        );
        expect(own.map((a) => a.alarm_name).sort()).toEqual(
          ['5xx-ratio', 'response-time', 'unhealthy-hosts'].map((w) => `${targetGroup.name}-${w}`),
        );
        for (const a of own) {
          const dims = [a.dimensions, ...(a.metric_query ?? []).map((q: any) => q.metric?.dimensions)].filter(Boolean);
          for (const d of dims) expect(d).toEqual({ TargetGroup: tg, LoadBalancer: lb });
          expect(a.alarm_description).toContain(`${member.app.namespace}/${member.app.name}`);
        }
      }
    expect(Object.keys(alarms)).toHaveLength(9); // web v1, web v2, billing: 3 each
  });

  test('the thresholds come from the objective: the fast burn rate times the budget, the latency percentile', () => {
    const v2 = alarms[tfId('alarm', 'shop-web-80-v2', '5xx-ratio')];
    expect(v2.threshold).toBeCloseTo(13.44 * 0.001, 8);
    expect(v2.metric_query.map((q: any) => q.metric?.metric_name ?? q.expression)).toEqual([
      'HTTPCode_Target_5XX_Count',
      'RequestCount',
      'FILL(errors, 0) / requests',
    ]);
    const rt = alarms[tfId('alarm', 'shop-web-80-v2', 'response-time')];
    expect(rt).toMatchObject({ extended_statistic: 'p95', threshold: 0.4, metric_name: 'TargetResponseTime' });
  });

  test('alarm actions: the ARNs given and the topic the stack creates', () => {
    expect(resources(tf, 'aws_sns_topic')).toEqual({
      topic_web_alarms: expect.objectContaining({ name: 'web-alarms' }),
      topic_billing_alarms: expect.objectContaining({ name: 'billing-alarms' }),
    });
    const b = alarms[tfId('alarm', 'billing-billing-80', 'unhealthy-hosts')];
    expect(b.alarm_actions).toEqual([
      'arn:aws:sns:eu-west-1:123456789012:oncall',
      '${aws_sns_topic.topic_billing_alarms.arn}',
    ]);
    expect(b.ok_actions).toEqual(b.alarm_actions);
  });
});

test('an NLB: unhealthy hosts and target resets in AWS/NetworkELB', () => {
  const app = webApp({
    expose: [TerraformLoadBalancer.nlb()],
    observe: { objective: { availability: 99.9 }, metrics: { port: 'http' } },
  });
  const { tf } = synthStack([app], { network: NETWORK });
  const alarms = Object.values(resources(tf, ALARM));
  expect(alarms.map((a) => [a.metric_name, a.namespace]).sort()).toEqual([
    ['TCP_Target_Reset_Count', 'AWS/NetworkELB'],
    ['UnHealthyHostCount', 'AWS/NetworkELB'],
  ]);
  expect(alarms.every((a) => a.alarm_actions.length === 0)).toBe(true);
});

test('no alarm for an app that observes nothing', () => {
  const app = webApp({
    expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.dnsValidated() })],
  });
  expect(resources(synthStack([app], { network: NETWORK }).tf, ALARM)).toEqual({});
});
