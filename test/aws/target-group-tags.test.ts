import { TerraformStack, Testing } from 'cdktf';
import { AppLoadBalancers } from '../../lib/aws';
import { publicWebApps } from '../../apps/public-web';

/** The target groups' tags as written, in their order, for the given AppLoadBalancers tags. */
function targetGroupTags(tags: Record<string, string>): Record<string, string>[] {
  const tf = JSON.parse(
    Testing.synthScope((scope) => {
      new AppLoadBalancers(scope as TerraformStack, 'lbs', {
        apps: publicWebApps,
        network: {
          vpcId: 'vpc-0123456789abcdef0',
          publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
          podSecurityGroupId: 'sg-0eeeeeeeeeeeeeee5',
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        },
        tags,
      });
    }),
  ) as { resource: { aws_lb_target_group: Record<string, { tags: Record<string, string> }> } };
  return Object.values(tf.resource.aws_lb_target_group).map((tg) => tg.tags);
}

describe('GIVEN AppLoadBalancers with tags', () => {
  test('WHEN synthesized THEN each target group has the tags, then its own Name and health check source', () => {
    const all = targetGroupTags({ team: 'web', Name: 'overridden' });
    expect(all.length).toBeGreaterThan(0);
    for (const t of all) {
      expect(Object.keys(t).sort()).toEqual(['Name', 'cdk-traffic/health-check', 'team']);
      expect(t.team).toBe('web');
      expect(t.Name).not.toBe('overridden');
      expect(t['cdk-traffic/health-check']).toBe('readiness-probe');
    }
  });
});
