import { Duration } from 'cdk8s';
import { Certificate, HealthCheck, Probe, TerraformLoadBalancer } from '../../lib';
import { publicWebApps } from '../../apps/public-web';
import schema from './fixtures/aws-lb-schema.json';
import { synthStack, TfJson, webApp } from './support';

interface Block {
  attributes: Record<string, { type: unknown; required?: boolean; computedOnly?: boolean }>;
  blocks?: Record<string, { nesting: string; max?: number; block: Block }>;
}
const RESOURCES = (schema as unknown as { resources: Record<string, Block> }).resources;
// Not in the vendored schema file (it holds the load balancer resources); their attributes come from the
// provider's generated classes, which cdktf writes as they are.
const NOT_IN_SCHEMA = new Set([
  'aws_acm_certificate_validation',
  'aws_vpc_security_group_egress_rule',
  'aws_lb_listener_certificate',
]);
const META = new Set(['//', 'for_each', 'count', 'depends_on', 'lifecycle', 'provider']);

/** Every attribute and block written exists in the provider 6.x schema, none is computed-only, and required ones are set. */
function checkAgainstSchema(tf: TfJson): string[] {
  const errors: string[] = [];
  const walk = (obj: Record<string, unknown>, block: Block, at: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (META.has(k)) continue;
      const attr = block.attributes[k];
      const sub = block.blocks?.[k];
      if (attr) {
        if (attr.computedOnly) errors.push(`${at}.${k}: computed-only attribute`);
      } else if (sub) {
        const items = Array.isArray(v) ? v : [v];
        if (sub.max !== undefined && items.length > sub.max)
          errors.push(`${at}.${k}: ${items.length} blocks, at most ${sub.max}`);
        items.forEach((item, i) => walk(item as Record<string, unknown>, sub.block, `${at}.${k}[${i}]`));
      } else errors.push(`${at}.${k}: not in the schema`);
    }
    for (const [k, a] of Object.entries(block.attributes))
      if (a.required && !(k in obj)) errors.push(`${at}.${k}: required attribute missing`);
  };
  for (const [type, byName] of Object.entries(tf.resource)) {
    const block = RESOURCES[type];
    if (!block) {
      if (!NOT_IN_SCHEMA.has(type)) errors.push(`${type}: resource type not in the schema`);
      continue;
    }
    for (const [name, r] of Object.entries(byName)) walk(r, block, `${type}.${name}`);
  }
  return errors;
}

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

describe('every Terraform attribute exists in the AWS provider 6.x schema', () => {
  test('public-web example (ALB, ACM, Route 53, security groups)', () => {
    const { tf } = synthStack(publicWebApps, { network: {} });
    expect(Object.keys(tf.resource).length).toBeGreaterThanOrEqual(10);
    expect(checkAgainstSchema(tf)).toEqual([]);
  });

  test('NLB with TLS, IPv6 clients, an existing security group and a health check override', () => {
    const { tf } = synthStack([
      webApp({
        readiness: Probe.tcpSocket({ port: 'http' }),
        traffic: { idleTimeout: Duration.seconds(600) },
        expose: [
          TerraformLoadBalancer.nlb({
            listenerPort: 443,
            certificate: Certificate.fromArn(CERT),
            allowFrom: ['0.0.0.0/0', '::/0'],
            securityGroupId: 'sg-0123456789abcdef0',
            healthCheck: HealthCheck.override({
              protocol: 'HTTP',
              path: '/healthz',
              reason: 'the TCP probe says too little',
            }),
            deletionProtection: true,
          }),
        ],
      }),
    ]);
    expect(checkAgainstSchema(tf)).toEqual([]);
  });

  test('plain-HTTP ALB with client keep-alive and two ARN certificates is checked too', () => {
    const a = webApp({
      expose: [
        TerraformLoadBalancer.alb({
          loadBalancerName: 'shared',
          hosts: ['a.example.com'],
          certificate: Certificate.fromArn(CERT),
          clientKeepAlive: Duration.hours(1),
        }),
      ],
    });
    const b = webApp({
      name: 'b',
      expose: [
        TerraformLoadBalancer.alb({
          loadBalancerName: 'shared',
          hosts: ['b.example.com'],
          certificate: Certificate.fromArn(CERT.replace('0f1e', '1f1e')),
          clientKeepAlive: Duration.hours(1),
        }),
      ],
    });
    const { tf } = synthStack([a, b]);
    expect(Object.keys(tf.resource.aws_lb_listener_certificate ?? {})).toHaveLength(1);
    expect(checkAgainstSchema(tf)).toEqual([]);
    const c = webApp({
      expose: [
        TerraformLoadBalancer.alb({
          https: false,
          plainHttpReason: 'internal tooling behind a VPN',
          internal: true,
          allowFrom: ['10.0.0.0/8'],
        }),
      ],
    });
    expect(checkAgainstSchema(synthStack([c]).tf)).toEqual([]);
  });
});

test('the schema check finds unknown attributes, computed-only ones and missing required ones', () => {
  const { tf } = synthStack(publicWebApps, { network: {} });
  const lb = tf.resource.aws_lb.lb_public_web;
  lb.idle_timeout_seconds = 60;
  lb.dns_name = 'x';
  delete tf.resource.aws_lb_listener.lb_public_web_https.load_balancer_arn;
  expect(checkAgainstSchema(tf)).toEqual([
    'aws_lb.lb_public_web.idle_timeout_seconds: not in the schema',
    'aws_lb.lb_public_web.dns_name: computed-only attribute',
    'aws_lb_listener.lb_public_web_https.load_balancer_arn: required attribute missing',
  ]);
});
