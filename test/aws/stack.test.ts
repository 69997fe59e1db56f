import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { S3Backend, TerraformStack, Testing } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Certificate, HealthCheck, Probe, TerraformLoadBalancer, TrafficProfile } from '../../lib';
import { buildAws } from '../../apps/main-aws';
import { frontend, publicWebApps, webApi } from '../../apps/public-web';
import { NETWORK, resources, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** A fresh output folder for a real synth, removed after the tests. */
const outdirs: string[] = [];
const tmpOutdir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  outdirs.push(dir);
  return dir;
};
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('public-web example (shared ALB, two host rules, canary)', () => {
  // GIVEN the example's two apps, WHEN synthesized with network variables
  const { json, tf } = synthStack(publicWebApps, { network: {} });

  test('one internet-facing ALB with secure defaults', () => {
    expect(json).toHaveResourceWithProperties(Lb, {
      name: 'public-web',
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      idle_timeout: 60,
      subnets: '${var.public_subnet_ids}',
      access_logs: { bucket: 'acme-alb-logs', prefix: 'public-web', enabled: true },
    });
    expect(Object.keys(resources(tf, 'aws_lb'))).toHaveLength(1);
  });

  test('HTTPS 443 with the TLS 1.3 policy and the validated certificate; HTTP 80 redirects', () => {
    expect(json).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: '${aws_acm_certificate_validation.lb_public_web_cert_validated.certificate_arn}',
      default_action: [
        {
          type: 'fixed-response',
          fixed_response: { content_type: 'text/plain', status_code: '404', message_body: 'Not Found' },
        },
      ],
    });
    expect(json).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
    const cert = Object.values(resources(tf, 'aws_acm_certificate'));
    expect(cert).toHaveLength(1);
    expect(cert[0]).toMatchObject({
      domain_name: 'www.example.com',
      subject_alternative_names: ['api.example.com'],
      validation_method: 'DNS',
    });
  });

  test('two host rules; the canary host splits 90/10 between the version target groups', () => {
    expect(json).toHaveResourceWithProperties(LbListenerRule, {
      priority: 1,
      condition: [{ host_header: { values: ['www.example.com'] } }],
      action: [
        {
          type: 'forward',
          forward: {
            target_group: [
              { arn: '${aws_lb_target_group.tg_public_web_frontend_80_v1.arn}', weight: 90 },
              { arn: '${aws_lb_target_group.tg_public_web_frontend_80_v2.arn}', weight: 10 },
            ],
          },
        },
      ],
    });
    expect(json).toHaveResourceWithProperties(LbListenerRule, {
      priority: 2,
      condition: [{ host_header: { values: ['api.example.com'] } }],
      action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg_public_web_api_80.arn}' }],
    });
    expect(Object.keys(resources(tf, 'aws_lb_listener_rule'))).toHaveLength(2);
  });

  test('target groups: ip targets on the pod port, traffic policy applied, names <= 32', () => {
    const tgs = Object.values(resources(tf, 'aws_lb_target_group'));
    expect(tgs.map((t) => t.name).sort()).toEqual([
      'public-web-api-80',
      'public-web-frontend-80-v1',
      'public-web-frontend-80-v2',
    ]);
    for (const t of tgs) {
      expect(t.name.length).toBeLessThanOrEqual(32);
      expect(t).toMatchObject({
        target_type: 'ip',
        port: 8080,
        protocol: 'HTTP',
        protocol_version: 'HTTP1',
        load_balancing_algorithm_type: 'round_robin',
        vpc_id: '${var.vpc_id}',
      });
    }
    expect(json).toHaveResourceWithProperties(LbTargetGroup, { name: 'public-web-api-80', deregistration_delay: '20' });
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      name: 'public-web-frontend-80-v1',
      deregistration_delay: '30',
    });
  });

  test('security groups: clients on 443 and 80 only, load balancer to pods on 8080 only', () => {
    const ingress = Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule'));
    const clientRules = ingress.filter((r) => r.cidr_ipv4 !== undefined);
    expect(clientRules.map((r) => [r.from_port, r.to_port, r.cidr_ipv4, r.security_group_id])).toEqual([
      [443, 443, '0.0.0.0/0', '${aws_security_group.lb_public_web_sg.id}'],
      [80, 80, '0.0.0.0/0', '${aws_security_group.lb_public_web_sg.id}'],
    ]);
    const podRules = ingress.filter((r) => r.referenced_security_group_id !== undefined);
    expect(podRules).toEqual([
      expect.objectContaining({
        security_group_id: '${var.pod_security_group_id}',
        referenced_security_group_id: '${aws_security_group.lb_public_web_sg.id}',
        from_port: 8080,
        to_port: 8080,
        ip_protocol: 'tcp',
      }),
    ]);
    const egress = Object.values(resources(tf, 'aws_vpc_security_group_egress_rule'));
    expect(egress).toEqual([
      expect.objectContaining({
        security_group_id: '${aws_security_group.lb_public_web_sg.id}',
        referenced_security_group_id: '${var.pod_security_group_id}',
        from_port: 8080,
        to_port: 8080,
      }),
    ]);
    const sg = Object.values(resources(tf, 'aws_security_group'))[0];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test('replacements can create before destroying: the security group has a name prefix, target groups keep their names', () => {
    // a fixed security group name with create_before_destroy would make every replacement fail (duplicate name)
    const sg = Object.values(resources(tf, 'aws_security_group'))[0];
    expect(sg).toMatchObject({ name_prefix: 'public-web-lb-', lifecycle: { create_before_destroy: true } });
    expect(sg.name).toBeUndefined();
    // target groups: fixed names (the TargetGroupBindings name them); a renamed group is created before the old one is deleted
    for (const t of Object.values(resources(tf, 'aws_lb_target_group'))) {
      expect(t).toMatchObject({
        name: expect.stringMatching(/^public-web-/),
        lifecycle: { create_before_destroy: true },
      });
      expect(t.name_prefix).toBeUndefined();
    }
  });

  test('Route 53 alias records for both hosts, certificate validation records, outputs', () => {
    expect(json).toHaveResourceWithProperties(Route53Record, {
      name: 'www.example.com',
      type: 'A',
      zone_id: '${var.hosted_zone_id}',
      alias: {
        name: '${aws_lb.lb_public_web.dns_name}',
        zone_id: '${aws_lb.lb_public_web.zone_id}',
        evaluate_target_health: true,
      },
    });
    expect(json).toHaveResourceWithProperties(Route53Record, { name: 'api.example.com', type: 'A' });
    expect(Object.keys(tf.output ?? {}).sort()).toEqual([
      'lb_public_web_arn',
      'lb_public_web_dns_name',
      'lb_public_web_zone_id',
      'tg_public_web_api_80_arn',
      'tg_public_web_frontend_80_v1_arn',
      'tg_public_web_frontend_80_v2_arn',
    ]);
  });

  test('certificate validation records are keyed by the names the definition gives (known at plan time)', () => {
    // Keys taken from domain_validation_options (computed) are unknown until apply with 2+ names:
    // `terraform plan` fails with "Invalid for_each argument".
    const records = resources(tf, 'aws_route53_record').lb_public_web_cert_validation;
    expect(records.for_each).toBe('${toset(["www.example.com", "api.example.com"])}');
    const lookup = (attr: string) =>
      '${{ for key, val in toset(tolist(aws_acm_certificate.lb_public_web_cert.domain_validation_options)): val.domain_name => val }' +
      `[each.value].${attr}}`;
    expect(records).toMatchObject({
      name: lookup('resource_record_name'),
      type: lookup('resource_record_type'),
      records: [lookup('resource_record_value')],
      allow_overwrite: true,
    });
    expect(resources(tf, 'aws_acm_certificate_validation').lb_public_web_cert_validated.validation_record_fqdns).toBe(
      '${[ for key, val in aws_route53_record.lb_public_web_cert_validation: val.fqdn]}',
    );
  });

  test('inputs are Terraform variables; subnets validated to at least two', () => {
    expect(Object.keys(tf.variable ?? {}).sort()).toEqual([
      'hosted_zone_id',
      'pod_security_group_id',
      'public_subnet_ids',
      'vpc_id',
    ]);
    expect(tf.variable!.public_subnet_ids.validation[0].condition).toBe('${length(var.public_subnet_ids) >= 2}');
    expect(json).not.toMatch(/\d{12}/); // no account id anywhere
  });

  test('snapshot of cdk.tf.json', () => {
    expect(tf).toMatchSnapshot();
  });

  test('the same definitions give the same output', () => {
    expect(synthStack([frontend, webApi], { network: {} }).json).toBe(json);
  });
});

describe('LoadBalancerStack options', () => {
  test('given plain network values, no variable is declared', () => {
    const { tf } = synthStack([
      webApp({
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    expect(tf.variable).toBeUndefined();
    expect(Object.values(resources(tf, 'aws_lb'))[0].subnets).toEqual(NETWORK.publicSubnetIds);
  });

  test('an app without hosts or paths is the listener default action', () => {
    const { json } = synthStack([
      webApp({ expose: [TerraformLoadBalancer.alb({ certificate: Certificate.fromArn(CERT), dnsRecords: false })] }),
    ]);
    expect(json).toHaveResourceWithProperties(LbListener, {
      port: 443,
      certificate_arn: CERT,
      default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg_shop_web_80.arn}' }],
    });
  });

  test('host + path rules come before host-only rules', () => {
    const a = webApp({
      expose: [
        TerraformLoadBalancer.alb({
          loadBalancerName: 'shared',
          hosts: ['x.example.com'],
          certificate: Certificate.fromArn(CERT),
        }),
      ],
    });
    const b = webApp({
      name: 'api',
      expose: [
        TerraformLoadBalancer.alb({
          loadBalancerName: 'shared',
          hosts: ['x.example.com'],
          paths: ['/api/*'],
          certificate: Certificate.fromArn(CERT),
        }),
      ],
    });
    const { tf } = synthStack([a, b]);
    const rules = Object.values(resources(tf, 'aws_lb_listener_rule')).sort((x, y) => x.priority - y.priority);
    expect(rules.map((r) => r.condition)).toEqual([
      [{ host_header: { values: ['x.example.com'] } }, { path_pattern: { values: ['/api/*'] } }],
      [{ host_header: { values: ['x.example.com'] } }],
    ]);
    expect(rules[0].action[0].target_group_arn).toBe('${aws_lb_target_group.tg_shop_api_80.arn}');
  });

  test('streaming profile: least outstanding requests, idle timeout and deregistration delay from the stream length', () => {
    const { json } = synthStack([
      webApp({
        traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(15) },
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    expect(json).toHaveResourceWithProperties(Lb, { idle_timeout: 900 });
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      load_balancing_algorithm_type: 'least_outstanding_requests',
      deregistration_delay: '900',
      slow_start: 0,
    });
  });

  test('internal NLB with TLS: TLS listener with the TCP idle timeout, TCP target group, TCP health check from a tcpSocket probe', () => {
    const { json, tf } = synthStack([
      webApp({
        readiness: Probe.tcpSocket({ port: 'http', period: Duration.seconds(10) }),
        traffic: { idleTimeout: Duration.seconds(600) },
        expose: [
          TerraformLoadBalancer.nlb({
            internal: true,
            allowFrom: ['10.0.0.0/16'],
            listenerPort: 443,
            certificate: Certificate.fromArn(CERT),
          }),
        ],
      }),
    ]);
    expect(json).toHaveResourceWithProperties(Lb, {
      load_balancer_type: 'network',
      internal: true,
      enable_cross_zone_load_balancing: true,
      subnets: NETWORK.privateSubnetIds,
    });
    expect(json).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'TLS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERT,
      tcp_idle_timeout_seconds: 600,
    });
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      protocol: 'TCP',
      port: 8080,
      health_check: {
        enabled: true,
        protocol: 'TCP',
        port: 'traffic-port',
        interval: 10,
        timeout: 2,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
    });
    const tg = Object.values(resources(tf, 'aws_lb_target_group'))[0];
    expect(tg.health_check.matcher).toBeUndefined();
    expect(tg.slow_start).toBeUndefined();
    expect(tg.load_balancing_algorithm_type).toBeUndefined();
    expect(Object.values(resources(tf, 'aws_lb'))[0].drop_invalid_header_fields).toBeUndefined();
    const clients = Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4);
    expect(clients.map((r) => [r.from_port, r.cidr_ipv4])).toEqual([[443, '10.0.0.0/16']]);
  });

  test('gRPC pods behind an ALB: GRPC target group with a gRPC health check (matcher 0)', () => {
    const { tf } = synthStack([
      webApp({
        ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
        readiness: Probe.grpc({ port: 'grpc' }),
        service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
        expose: [TerraformLoadBalancer.alb({ hosts: ['grpc.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    // (the cdktf matcher compares nested blocks whole, so partial blocks are checked on the JSON)
    expect(Object.values(resources(tf, 'aws_lb_target_group'))[0]).toMatchObject({
      protocol_version: 'GRPC',
      health_check: { protocol: 'HTTP', path: '/grpc.health.v1.Health/Check', matcher: '0', port: 'traffic-port' },
    });
  });

  test("the target group's protocol version follows traffic.backendProtocol (grpc -> GRPC, http2 -> HTTP2), as on the other layers", () => {
    const tg = (backendProtocol: 'grpc' | 'http2', readiness: ReturnType<typeof Probe.grpc>) =>
      Object.values(
        resources(
          synthStack([
            webApp({
              readiness,
              traffic: { backendProtocol },
              expose: [
                TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) }),
              ],
            }),
          ]).tf,
          'aws_lb_target_group',
        ),
      )[0];
    // the Service port has no appProtocol: only the traffic policy says what the pods speak
    expect(tg('grpc', Probe.grpc({ port: 'http' }))).toMatchObject({
      protocol_version: 'GRPC',
      health_check: { path: '/grpc.health.v1.Health/Check', matcher: '0' },
    });
    expect(tg('http2', Probe.httpGet('/health', { port: 'http' }))).toMatchObject({
      protocol_version: 'HTTP2',
      health_check: { path: '/health', matcher: '200-399' },
    });
  });

  test("without traffic.backendProtocol, the exposed Service port's appProtocol decides (h2c and http2 -> HTTP2)", () => {
    for (const appProtocol of ['kubernetes.io/h2c', 'http2']) {
      const { tf } = synthStack([
        webApp({
          ports: [
            { name: 'metrics', port: 9100 },
            { name: 'h2', port: 8080, appProtocol },
          ],
          readiness: Probe.httpGet('/health', { port: 'h2' }),
          service: {
            ports: [
              { name: 'metrics', port: 9100, targetPort: 'metrics' },
              { name: 'h2', port: 80, targetPort: 'h2' },
            ],
          },
          expose: [
            TerraformLoadBalancer.alb({
              port: 'h2',
              hosts: ['web.example.com'],
              certificate: Certificate.fromArn(CERT),
            }),
          ],
        }),
      ]);
      expect(Object.values(resources(tf, 'aws_lb_target_group'))[0]).toMatchObject({
        port: 8080,
        protocol_version: 'HTTP2',
      });
    }
  });

  test('a load balancer named "sg-..." gets a security group prefix AWS accepts (names cannot start with "sg-")', () => {
    const { tf } = synthStack([
      webApp({
        expose: [
          TerraformLoadBalancer.alb({
            loadBalancerName: 'sg-web',
            hosts: ['web.example.com'],
            certificate: Certificate.fromArn(CERT),
          }),
        ],
      }),
    ]);
    expect(Object.values(resources(tf, 'aws_security_group'))[0].name_prefix).toBe('lb-sg-web-');
  });

  test('an existing load balancer security group: no group created, no pod-side rule (the controller opens it)', () => {
    const { tf } = synthStack([
      webApp({
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['web.example.com'],
            certificate: Certificate.fromArn(CERT),
            securityGroupId: 'sg-0123456789abcdef0',
          }),
        ],
      }),
    ]);
    expect(resources(tf, 'aws_security_group')).toEqual({});
    expect(Object.values(resources(tf, 'aws_lb'))[0].security_groups).toEqual(['sg-0123456789abcdef0']);
    const ingress = Object.values(resources(tf, 'aws_vpc_security_group_ingress_rule'));
    expect(ingress.every((r) => r.security_group_id === 'sg-0123456789abcdef0')).toBe(true);
  });

  test('a health check override with a reason replaces the probe (probe port differs from the traffic port)', () => {
    const { json, tf } = synthStack([
      webApp({
        ports: [
          { name: 'http', port: 8080 },
          { name: 'admin', port: 9000 },
        ],
        readiness: Probe.exec(['cat', '/tmp/ready']),
        service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['web.example.com'],
            certificate: Certificate.fromArn(CERT),
            healthCheck: HealthCheck.override({
              protocol: 'HTTP',
              path: '/healthz',
              port: 9000,
              reason: 'readiness is an exec probe',
            }),
          }),
        ],
      }),
    ]);
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      tags: { Name: 'shop-web-80', 'cdk-traffic/health-check': 'override' },
    });
    expect(Object.values(resources(tf, 'aws_lb_target_group'))[0].health_check).toMatchObject({
      path: '/healthz',
      port: '9000',
      matcher: '200-399',
    });
    // the load balancer may reach the health check port too
    const egress = Object.values(resources(tf, 'aws_vpc_security_group_egress_rule')).map((r) => r.from_port);
    expect(egress).toEqual([8080, 9000]);
  });
});

describe('every example stack of apps/main-aws.ts', () => {
  test('synthesizes with validations and matches its snapshot', () => {
    const app = buildAws(tmpOutdir('cdktf-'));
    app.synth();
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    expect(stacks.map((s) => s.node.id)).toContain('public-web');
    for (const s of stacks) {
      expect(JSON.parse(Testing.synth(s, true))).toMatchSnapshot(`${s.node.id}/cdk.tf.json`);
    }
  });
});

test("cdktf.json's aws provider constraint agrees with the version the stacks pin (@cdktf/provider-aws)", () => {
  const { tf } = synthStack([
    webApp({
      expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
    }),
  ]);
  const pinned: string = (tf as unknown as { terraform: { required_providers: { aws: { version: string } } } })
    .terraform.required_providers.aws.version;
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, '../../cdktf.json'), 'utf8')) as {
    terraformProviders: string[];
  };
  const aws = config.terraformProviders.find((p) => p.startsWith('aws@'));
  // `~> major.minor` of the pinned version: admits it, and `cdktf get` would not generate bindings older than the stacks'
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(aws).toBe(`aws@~> ${pinned.split('.').slice(0, 2).join('.')}`);
});

describe('Terraform state', () => {
  const synthTo = (outdir: string, extend?: (stack: TerraformStack) => void) => {
    const app = buildAws(outdir);
    if (extend) extend(app.node.findChild('public-web') as TerraformStack);
    app.synth();
    return (id: string) => fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8');
  };

  test('by default a local backend with a relative path: cdk.tf.json holds no absolute path and does not depend on the folder', () => {
    const a = tmpOutdir('cdktf-a-');
    const b = tmpOutdir('cdktf-b-');
    const [readA, readB] = [synthTo(a), synthTo(b)];
    for (const id of ['public-web', 'inference']) {
      const json = readA(id);
      expect(json).toBe(readB(id));
      for (const dir of [process.cwd(), a, os.tmpdir(), os.homedir()]) expect(json).not.toContain(dir);
      const backend = JSON.parse(json).terraform.backend;
      expect(backend).toEqual({ local: { path: `../../../terraform.${id}.tfstate` } });
      // Terraform runs in the stack's working directory: the state file lies beside the output folder, outside it.
      const manifest = JSON.parse(fs.readFileSync(path.join(a, 'manifest.json'), 'utf8'));
      expect(path.resolve(a, manifest.stacks[id].workingDirectory, backend.local.path)).toBe(
        path.join(path.dirname(a), `terraform.${id}.tfstate`),
      );
    }
  });

  test('a backend added to the stack replaces the local one', () => {
    const json = synthTo(tmpOutdir('cdktf-s3-'), (stack) => {
      new S3Backend(stack, { bucket: 'acme-tfstate', key: 'public-web.tfstate', region: 'eu-west-1' });
    })('public-web');
    expect(JSON.parse(json).terraform.backend).toEqual({
      s3: { bucket: 'acme-tfstate', key: 'public-web.tfstate', region: 'eu-west-1' },
    });
  });
});

describe('adjustments are printed as warnings, once per stack', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '0';
  });
  afterEach(() => {
    warn.mockRestore();
    process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '1';
  });

  test('to stderr, in the style of the traffic rules: [construct path] warning: field: message; also in the manifest', () => {
    const probe = Probe.httpGet('/health', { port: 'http', failureThreshold: 30 });
    const exposure = (host: string, lb: string) =>
      TerraformLoadBalancer.alb({
        loadBalancerName: lb,
        hosts: [host],
        targetGroupName: `web-${lb}`,
        certificate: Certificate.fromArn(CERT),
      });
    const nlb = webApp({
      name: 'tcp',
      readiness: Probe.tcpSocket({ port: 'http' }),
      traffic: { slowStart: Duration.seconds(30) },
      expose: [TerraformLoadBalancer.nlb()],
    });
    // the web app is on two load balancers: its note is printed once
    const { stack } = synthStack([
      webApp({ readiness: probe, expose: [exposure('a.example.com', 'lb-a'), exposure('b.example.com', 'lb-b')] }),
      nlb,
    ]);
    const lines = [
      '[test/web] [CT-AWS-105] warning: readiness.failureThreshold: unhealthy threshold 30 from the probe clamped to 10 (AWS range 2-10)',
      '[test/tcp] [CT-AWS-108] warning: traffic.slowStart: network load balancers have no slow start: it is not applied to the NLB',
    ];
    expect(stack.warnings.map((w) => [w.id, w.path, w.field])).toEqual([
      ['CT-AWS-105', 'test/web', 'readiness.failureThreshold'],
      ['CT-AWS-108', 'test/tcp', 'traffic.slowStart'],
    ]);
    expect(warn.mock.calls).toEqual(lines.map((l) => [l]));
    expect(stack.loadBalancers.get('lb-a')!.node.metadata.map((m) => m.data)).toEqual([
      'web: readiness.failureThreshold: unhealthy threshold 30 from the probe clamped to 10 (AWS range 2-10)',
    ]);
  });

  test("the health check values derived from Kubernetes' defaults are not warnings: the example stacks print nothing", () => {
    const app = buildAws(tmpOutdir('cdktf-'));
    app.synth();
    expect(warn).not.toHaveBeenCalled();
    const { tf } = synthStack(publicWebApps, { network: {} });
    // ... while the values are still derived: readiness successThreshold 1 -> healthy threshold 2, timeout 1 s -> 2 s
    for (const t of Object.values(resources(tf, 'aws_lb_target_group')))
      expect(t.health_check).toMatchObject({ healthy_threshold: 2 });
    expect(
      Object.values(
        resources(
          synthStack([
            webApp({
              expose: [
                TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) }),
              ],
            }),
          ]).tf,
          'aws_lb_target_group',
        ),
      )[0].health_check,
    ).toMatchObject({ timeout: 2, healthy_threshold: 2 });
    expect(warn).not.toHaveBeenCalled();
  });
});
