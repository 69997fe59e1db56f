import { Certificate, TerraformLoadBalancer } from '../../lib';
import { definitionError, problemsAt, resources, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const alb = () => TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) });

describe('versions and balancing behind a Terraform ALB', () => {
  test('GIVEN a version deployed elsewhere THEN it gets a target group and a weight like the others', () => {
    const { tf, stack } = synthStack([
      webApp({
        versions: {
          v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 },
          v3: { weight: 20, external: { labels: { 'app.kubernetes.io/name': 'web', version: 'v3' } } },
        },
        expose: [alb()],
      }),
    ]);
    const tgs = stack.specs[0].exposures[0] as unknown as { targetGroups: { version?: string; serviceName: string }[] };
    expect(tgs.targetGroups.map((t) => [t.version, t.serviceName])).toEqual([
      ['v1', 'web-v1'],
      ['v2', 'web-v2'],
      ['v3', 'web-v3'],
    ]);
    expect(Object.values(resources(tf, 'aws_lb_target_group'))).toHaveLength(3);
    const rule = Object.values(resources(tf, 'aws_lb_listener_rule'))[0];
    const weights = (rule.action[0].forward.target_group as { weight: number }[]).map((t) => t.weight);
    expect(weights).toEqual([70, 10, 20]);
  });

  test("GIVEN loadBalancing 'random' THEN the target group algorithm is weighted_random", () => {
    const { tf } = synthStack([webApp({ traffic: { loadBalancing: 'random' }, expose: [alb()] })]);
    const tg = Object.values(resources(tf, 'aws_lb_target_group'))[0];
    expect(tg.load_balancing_algorithm_type).toBe('weighted_random');
  });

  test('GIVEN a consistent hash THEN the Terraform ALB refuses it by id (it has no hash; stickiness keeps a client)', () => {
    const e = definitionError(() =>
      synthStack([webApp({ traffic: { loadBalancing: { hashBy: 'cookie', name: 'session' } }, expose: [alb()] })]),
    );
    expect(problemsAt(e, 'expose[0]').map((p) => p.ruleId)).toEqual(['CT-TRAFFIC-033']);
    expect(e.problems).toHaveLength(1);
  });
});
