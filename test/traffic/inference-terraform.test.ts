import { Testing } from 'cdktf';
import { inference } from '../../apps/inference';
import { LoadBalancerStack } from '../../lib/aws';
import { selects } from '../../lib/resolve/app-checks';
import { all, one, synthApps } from '../support/k8s';

type Resources = Record<string, Record<string, any>>;

describe('the inference example through the Terraform ALB', () => {
  // GIVEN the example app WHEN both trees are synthesized
  const app = Testing.app();
  const stack = new LoadBalancerStack(app, 'inference', { apps: [inference] });
  const tf = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Resources> };
  const targetGroups = Object.values(tf.resource.aws_lb_target_group ?? {});
  const objects = synthApps([inference]);
  const maxStream = inference.spec.traffic.maxStreamSeconds!;

  test('two target groups, one per version', () => {
    expect(targetGroups.map((t) => t.name).sort()).toEqual(['ai-inference-80-v1', 'ai-inference-80-v2']);
  });

  test('every target group bound to pods: grace period >= deregistration delay, with a preStop drain', () => {
    for (const tg of targetGroups) {
      const binding = one(
        objects.filter((o) => o.kind === 'TargetGroupBinding' && o.spec.targetGroupName === tg.name),
        'TargetGroupBinding',
      );
      expect(binding.spec.targetType).toBe('ip');
      const service = one(objects, 'Service', binding.spec.serviceRef.name);
      const pods = all(objects, 'Deployment').filter((d) =>
        selects(service.spec.selector, d.spec.template.metadata.labels),
      );
      expect(pods).toHaveLength(1);
      const pod = pods[0].spec.template.spec;
      expect(Number(tg.deregistration_delay)).toBe(maxStream);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Number(tg.deregistration_delay));
      expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
    }
  });

  test('streaming on the ALB: idle timeout covers the stream, least outstanding requests', () => {
    const lb = Object.values(tf.resource.aws_lb)[0];
    expect(lb.idle_timeout).toBeGreaterThanOrEqual(maxStream);
    for (const tg of targetGroups) expect(tg.load_balancing_algorithm_type).toBe('least_outstanding_requests');
  });

  test('the listener rule forwards exactly 99/1 to the v1 and v2 target groups', () => {
    const rules = Object.values(tf.resource.aws_lb_listener_rule ?? {});
    const forward = rules.flatMap((r) => r.action).find((a: any) => a.type === 'forward' && a.forward);
    const weights = forward.forward.target_group.map((t: any) => [t.arn, t.weight]);
    expect(weights).toEqual([
      ['${aws_lb_target_group.tg_ai_inference_80_v1.arn}', 99],
      ['${aws_lb_target_group.tg_ai_inference_80_v2.arn}', 1],
    ]);
  });
});
