import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { Construct } from 'constructs';
import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import { LoadBalancerAlarms } from './load-balancer-alarms';
import { ManagedLoadBalancer, tfId } from './managed-load-balancer';

/**
 * The CloudWatch alarms of the planned load balancers (`LoadBalancerAlarms`), with the SNS topics the apps ask the
 * stack to create (`observe.alarms.createTopic`: one `aws_sns_topic` per name, shared by the apps that name it).
 */
export function addAlarms(
  scope: Construct,
  plans: readonly LoadBalancerPlan[],
  loadBalancers: ReadonlyMap<string, ManagedLoadBalancer>,
  tags?: Readonly<Record<string, string>>,
): void {
  const topics = new Map<string, SnsTopic>();
  const actions = new Map<AppSpec, string[]>();
  for (const app of new Set(plans.flatMap((p) => p.members.map((m) => m.app)))) {
    const a = app.observe?.alarms;
    if (!a) continue;
    const list = [...a.actions];
    if (a.createTopic !== undefined) {
      let topic = topics.get(a.createTopic);
      if (!topic) {
        const id = tfId('topic', a.createTopic);
        topic = new SnsTopic(scope, id, { name: a.createTopic, ...(tags ? { tags: { ...tags } } : {}) });
        topic.overrideLogicalId(id);
        topics.set(a.createTopic, topic);
      }
      list.push(topic.arn);
    }
    actions.set(app, list);
  }
  for (const plan of plans) {
    const lb = loadBalancers.get(plan.name);
    if (!lb || !plan.members.some((m) => m.app.observe)) continue;
    new LoadBalancerAlarms(scope, `alarms:${plan.name}`, { plan, loadBalancer: lb, actions, tags });
  }
}
