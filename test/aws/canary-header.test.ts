import { Certificate, TerraformLoadBalancer } from '../../lib';
import { definitionError, problemsAt, resources, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const canary = {
  versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 5 } },
  traffic: { canaryHeader: { name: 'x-canary', value: 'true' } },
};

describe('the canary header on a Terraform ALB', () => {
  test('GIVEN hosts THEN a rule with the host and the header forwards to the canary target group, ahead of the weighted rule', () => {
    const { tf } = synthStack([
      webApp({
        ...canary,
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    const rules = Object.values(resources(tf, 'aws_lb_listener_rule')).sort((a, b) => a.priority - b.priority);
    expect(rules.map((r) => r.priority)).toEqual([1, 2]);
    expect(rules[0].condition).toEqual([
      { host_header: { values: ['web.example.com'] } },
      { http_header: { http_header_name: 'x-canary', values: ['true'] } },
    ]);
    expect(rules[0].action).toEqual([
      { type: 'forward', target_group_arn: '${aws_lb_target_group.tg_shop_web_80_v2.arn}' },
    ]);
    expect(rules[1].condition).toEqual([{ host_header: { values: ['web.example.com'] } }]);
    expect(rules[1].action[0].forward.target_group.map((t: { weight: number }) => t.weight)).toEqual([95, 5]);
  });

  test('GIVEN no hosts or paths (the default action) THEN a header-only rule, the default action stays weighted', () => {
    const { tf } = synthStack([
      webApp({ ...canary, expose: [TerraformLoadBalancer.alb({ certificate: Certificate.fromArn(CERT) })] }),
    ]);
    const rules = Object.values(resources(tf, 'aws_lb_listener_rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0].condition).toEqual([{ http_header: { http_header_name: 'x-canary', values: ['true'] } }]);
    const https = Object.values(resources(tf, 'aws_lb_listener')).find((l) => l.port === 443)!;
    expect(https.default_action[0].forward.target_group).toHaveLength(2);
  });

  test('GIVEN no canary header, or no canary THEN no header rule', () => {
    const { tf } = synthStack([
      webApp({
        versions: canary.versions,
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    expect(
      Object.values(resources(tf, 'aws_lb_listener_rule'))
        .flatMap((r) => r.condition)
        .filter((c) => c.http_header),
    ).toEqual([]);
  });

  test('a header value with ALB wildcards is refused', () => {
    const e = definitionError(() =>
      synthStack([
        webApp({
          ...canary,
          traffic: { canaryHeader: { name: 'x-canary', value: 'on?' } },
          expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
        }),
      ]),
    );
    const [p] = problemsAt(e, 'traffic.canaryHeader.value');
    expect(p).toMatchObject({ path: 'test/web', value: 'on?' });
    expect(p.message).toContain('wildcards');
  });
});
