import { Duration } from 'cdk8s';
import { Certificate, Probe, Problems, TerraformLoadBalancer, TerraformLoadBalancerSpec } from '../../lib';
import { awsName } from '../../lib/model/aws/names';
import { planLoadBalancers } from '../../lib/model/aws/load-balancer-plan';
import { terraformExposures } from '../../lib/model/aws/terraform-load-balancer';
import { healthCheckFromProbe } from '../../lib/model/aws/health-check';
import type { ProbeSpec } from '../../lib/model/workload/probe';
import { resources, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

describe('AWS names', () => {
  test('short names are kept, lower-cased and cleaned', () => {
    expect(awsName(['shop', 'web'], ['80'])).toBe('shop-web-80');
    expect(awsName(['Shop_Team', 'web'])).toBe('shop-team-web');
  });

  test('long names are cut to 32 characters, the longest part first, keeping port and version whole', () => {
    const n = awsName(['commerce-production', 'checkout-service-frontend'], ['8080', 'canary']);
    expect(n).toBe('commerce-checkout-s-8080-canary');
    expect(n.length).toBeLessThanOrEqual(32);
    expect(awsName(['a'.repeat(60)])).toHaveLength(32);
    expect(awsName(['x', 'y'.repeat(40)], ['80'])).toMatch(/^x-y+-80$/);
  });

  test('deterministic, no hash, never ends with "-", never starts with "internal-"', () => {
    expect(awsName(['team-a-very-long-namespace-name-here', 'app'])).toBe(
      awsName(['team-a-very-long-namespace-name-here', 'app']),
    );
    for (const n of [awsName(['abc-', '-def-'.repeat(9)]), awsName(['internal', 'tools'])]) {
      expect(n).not.toMatch(/-$/);
      expect(n).not.toMatch(/^internal-/);
      expect(n.length).toBeLessThanOrEqual(32);
    }
  });
});

describe('health check derived from the readiness probe', () => {
  const probe = (p: Partial<ProbeSpec>): ProbeSpec => ({
    action: { kind: 'httpGet', path: '/ready', port: 'http', scheme: 'HTTP', headers: {} },
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
    portNumber: 8080,
    portName: 'http',
    ...p,
  });
  const alb = { type: 'application' as const, protocolVersion: 'HTTP1' as const, targetPort: 8080 };

  test('path, port, interval, unhealthy threshold as in the probe; matcher 200-399 like Kubernetes', () => {
    const problems = new Problems();
    const hc = healthCheckFromProbe(
      problems,
      'readiness',
      probe({ periodSeconds: 15, timeoutSeconds: 4, failureThreshold: 5, successThreshold: 3 }),
      alb,
    )!;
    expect(problems.items).toEqual([]);
    expect(hc).toMatchObject({
      protocol: 'HTTP',
      path: '/ready',
      port: 'traffic-port',
      portNumber: 8080,
      intervalSeconds: 15,
      timeoutSeconds: 4,
      healthyThreshold: 3,
      unhealthyThreshold: 5,
      matcher: '200-399',
      notes: [],
    });
  });

  test("Kubernetes' defaults below AWS's minimums (timeout 1 s, success threshold 1) are raised as a derivation, not a warning", () => {
    const hc = healthCheckFromProbe(new Problems(), 'readiness', probe({}), alb)!;
    expect(hc).toMatchObject({ timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 });
    expect(hc.notes).toEqual([]);
  });

  test('a timeout not below the interval is lowered; thresholds outside 2-10 are clamped; each is noted on its field', () => {
    const hc = healthCheckFromProbe(
      new Problems(),
      'readiness',
      probe({ periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 30, successThreshold: 12 }),
      alb,
    )!;
    expect(hc).toMatchObject({ intervalSeconds: 5, timeoutSeconds: 4, healthyThreshold: 10, unhealthyThreshold: 10 });
    expect(hc.notes).toEqual([
      {
        id: 'CT-AWS-104',
        field: 'readiness.timeout',
        message:
          "health check timeout lowered from the probe's 5s to 4s (AWS needs it below the interval and at most 120s)",
      },
      {
        id: 'CT-AWS-105',
        field: 'readiness.successThreshold',
        message: 'healthy threshold 12 from the probe clamped to 10 (AWS range 2-10)',
      },
      {
        id: 'CT-AWS-105',
        field: 'readiness.failureThreshold',
        message: 'unhealthy threshold 30 from the probe clamped to 10 (AWS range 2-10)',
      },
    ]);
    expect(healthCheckFromProbe(new Problems(), 'readiness', probe({ failureThreshold: 1 }), alb)!.notes).toEqual([
      {
        id: 'CT-AWS-105',
        field: 'readiness.failureThreshold',
        message: 'unhealthy threshold 1 from the probe clamped to 2 (AWS range 2-10)',
      },
    ]);
  });

  test('HTTPS probes and probes on another port', () => {
    const hc = healthCheckFromProbe(
      new Problems(),
      'readiness',
      probe({ action: { kind: 'httpGet', path: '/h', scheme: 'HTTPS', headers: { 'x-a': '1' } }, portNumber: 9000 }),
      alb,
    )!;
    expect(hc).toMatchObject({ protocol: 'HTTPS', port: '9000', portNumber: 9000 });
    expect(hc.notes).toEqual([
      { id: 'CT-AWS-101', field: 'readiness.headers', message: expect.stringMatching(/headers \(x-a\) are not sent/) },
    ]);
  });

  test('tcpSocket -> TCP on an NLB; grpc -> gRPC call with matcher 0 on a GRPC target group', () => {
    const tcp = healthCheckFromProbe(
      new Problems(),
      'readiness',
      probe({ action: { kind: 'tcpSocket', port: 'http' } }),
      { type: 'network', targetPort: 8080 },
    )!;
    expect(tcp).toMatchObject({ protocol: 'TCP', path: undefined, matcher: undefined });
    const grpc = healthCheckFromProbe(new Problems(), 'readiness', probe({ action: { kind: 'grpc', port: 'http' } }), {
      ...alb,
      protocolVersion: 'GRPC',
    })!;
    expect(grpc).toMatchObject({ protocol: 'HTTP', path: '/grpc.health.v1.Health/Check', matcher: '0' });
  });

  test('grpc on an NLB is a TCP connect check on its port, with a note (as for NLB Services)', () => {
    const problems = new Problems();
    const hc = healthCheckFromProbe(problems, 'readiness', probe({ action: { kind: 'grpc', port: 'http' } }), {
      type: 'network',
      targetPort: 8080,
    })!;
    expect(problems.items).toEqual([]);
    expect({ protocol: hc.protocol, path: hc.path, matcher: hc.matcher, port: hc.port }).toEqual({
      protocol: 'TCP',
      path: undefined,
      matcher: undefined,
      port: 'traffic-port',
    });
    expect(hc.notes).toEqual([
      { id: 'CT-AWS-102', field: 'readiness', message: expect.stringContaining('TCP connect check') },
    ]);
  });

  test('grpc on a non-gRPC ALB target group and a waived probe are problems with a fix', () => {
    const problems = new Problems();
    expect(
      healthCheckFromProbe(problems, 'readiness', probe({ action: { kind: 'grpc', port: 'http' } }), alb),
    ).toBeUndefined();
    expect(healthCheckFromProbe(problems, 'readiness', undefined, alb)).toBeUndefined();
    expect(problems.items.map((p) => [p.field, p.value])).toEqual([
      ['readiness', 'grpc'],
      ['readiness', undefined],
    ]);
    expect(problems.items.every((p) => /HealthCheck\.override/.test(p.fix))).toBe(true);
  });
});

describe('resolved exposure', () => {
  const spec = (e: TerraformLoadBalancer, over = {}): TerraformLoadBalancerSpec => {
    const r = webApp({ expose: [e], ...over }).resolve();
    expect(r.problems).toEqual([]);
    return terraformExposures(r.spec)[0];
  };

  test('ALB defaults: internet-facing, open to the world on 443/80 only, TLS 1.3 policy, redirect, records for hosts', () => {
    expect(
      spec(TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })),
    ).toMatchObject({
      kind: 'terraform-lb',
      loadBalancerName: 'shop-web',
      type: 'application',
      internal: false,
      allowFrom: ['0.0.0.0/0'],
      listenerProtocol: 'HTTPS',
      listenerPort: 443,
      redirectHttp: true,
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate: { kind: 'arn', arn: CERT },
      dnsRecords: true,
      idleTimeoutSeconds: 60,
      podReadinessGate: true,
      targetGroups: [
        {
          name: 'shop-web-80',
          port: 8080,
          protocol: 'HTTP',
          protocolVersion: 'HTTP1',
          share: 100,
          serviceName: 'web',
          servicePort: 80,
          deregistrationDelaySeconds: 30,
          slowStartSeconds: 0,
          algorithm: 'round_robin',
        },
      ],
    });
  });

  test('a DNS-validated certificate covers the hosts', () => {
    expect(
      spec(
        TerraformLoadBalancer.alb({
          hosts: ['a.example.com', 'b.example.com'],
          certificate: Certificate.dnsValidated(),
        }),
      ).certificate,
    ).toEqual({ kind: 'acm-dns', domainName: 'a.example.com', alternativeNames: ['b.example.com'] });
  });

  test('NLB: listener on the Service port, TCP idle timeout from the traffic policy raised to the NLB minimum, noted', () => {
    const s = spec(TerraformLoadBalancer.nlb(), {
      readiness: Probe.tcpSocket({ port: 'http' }),
      traffic: { idleTimeout: Duration.seconds(30) },
    });
    expect(s).toMatchObject({
      type: 'network',
      listenerProtocol: 'TCP',
      listenerPort: 80,
      tcpIdleTimeoutSeconds: 60,
      crossZone: true,
    });
    expect(s.notes).toEqual([
      { id: 'CT-AWS-107', field: 'traffic.idleTimeout', message: expect.stringMatching(/TCP idle timeout is 60s/) },
    ]);
    expect(s.targetGroups[0]).toMatchObject({ protocol: 'TCP', algorithm: undefined, slowStartSeconds: 0 });
  });

  test('canaries: a target group per version, bound to the version Services, with their declared shares', () => {
    const s = spec(TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) }), {
      versions: { v2: { weight: 1.5 } },
    });
    expect(s.targetGroups.map((t) => [t.name, t.serviceName, t.share])).toEqual([
      ['shop-web-80-v1', 'web-v1', 98.5],
      ['shop-web-80-v2', 'web-v2', 1.5],
    ]);
    expect(s.targetGroups[0]).not.toHaveProperty('forwardWeight');
  });

  test('forward weights as written are exact integers of at most 999: whole percentages out of 100, decimals out of 1000', () => {
    const alb = () => TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) });
    const weights = (versions: Record<string, { weight: number }>) => {
      const withImages = Object.fromEntries(
        Object.entries(versions).map(([k, v], i) => [k, { ...v, image: `ghcr.io/acme/web:1.${i + 1}.0` }]),
      );
      const { tf } = synthStack([webApp({ versions: withImages, expose: [alb()] })]);
      const rules = Object.values(resources(tf, 'aws_lb_listener_rule'));
      expect(rules).toHaveLength(1);
      return rules[0].action[0].forward.target_group.map((t: { weight: number }) => t.weight);
    };
    expect(weights({ v2: { weight: 10 } })).toEqual([90, 10]);
    expect(weights({ v2: { weight: 1 } })).toEqual([99, 1]);
    expect(weights({ v2: { weight: 0.5 } })).toEqual([995, 5]);
    expect(weights({ v2: { weight: 0.1 } })).toEqual([999, 1]);
    expect(weights({ v2: { weight: 12.5 } })).toEqual([875, 125]);
    expect(weights({ v2: { weight: 0.5 }, v3: { weight: 2.5 } })).toEqual([970, 5, 25]);
    // One version: the share is 100 and the action forwards to its one target group, without weights.
    expect(spec(alb()).targetGroups.map((t) => t.share)).toEqual([100]);
    const [rule] = Object.values(resources(synthStack([webApp({ expose: [alb()] })]).tf, 'aws_lb_listener_rule'));
    expect(rule.action).toEqual([{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg_shop_web_80.arn}' }]);
  });
});

describe('load balancer plan', () => {
  test("an app's notes are listed once per load balancer, however many of its exposures share it", () => {
    const exposure = (host: string, targetGroupName: string) =>
      TerraformLoadBalancer.alb({
        loadBalancerName: 'shared',
        hosts: [host],
        targetGroupName,
        certificate: Certificate.fromArn(CERT),
      });
    const probe = Probe.httpGet('/health', { port: 'http', failureThreshold: 30 });
    const web = webApp({
      readiness: probe,
      expose: [exposure('a.example.com', 'web-a'), exposure('b.example.com', 'web-b')],
    }).resolve();
    const api = webApp({ name: 'api', readiness: probe, expose: [exposure('api.example.com', 'api')] }).resolve();
    expect([web.problems, api.problems]).toEqual([[], []]);
    const { plans, problems } = planLoadBalancers([web.spec, api.spec]);
    expect(problems).toEqual([]);
    expect(plans[0].notes).toEqual([
      {
        app: 'web',
        id: 'CT-AWS-105',
        field: 'readiness.failureThreshold',
        message: 'unhealthy threshold 30 from the probe clamped to 10 (AWS range 2-10)',
      },
      {
        app: 'api',
        id: 'CT-AWS-105',
        field: 'readiness.failureThreshold',
        message: 'unhealthy threshold 30 from the probe clamped to 10 (AWS range 2-10)',
      },
    ]);
  });
});
