import { Duration } from 'cdk8s';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from '../../lib';
import { definitionError, problemsAt, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const alb = (props: Parameters<typeof TerraformLoadBalancer.alb>[0] = {}) =>
  TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT), ...props });

/** Asserts one problem at `field` with the construct path, the value received and a fix containing `fix`. */
function expectProblem(
  fn: () => unknown,
  expected: { path: string; field: string; value: unknown; message: RegExp; fix: RegExp; ruleId?: string },
) {
  const e = definitionError(fn);
  const found = problemsAt(e, expected.field);
  expect(found).toHaveLength(1);
  expect(found[0].path).toBe(expected.path);
  expect(found[0].value).toEqual(expected.value);
  expect(found[0].message).toMatch(expected.message);
  expect(found[0].fix).toMatch(expected.fix);
  if (expected.ruleId) expect(found[0].ruleId).toBe(expected.ruleId);
  // The error text names the path, the field, the value and the fix.
  expect(e.message).toContain(`[${expected.path}] ${expected.ruleId ? `[${expected.ruleId}] ` : ''}${expected.field}:`);
  expect(e.message).toContain('Fix:');
  return e;
}

describe('bad input: each is reported with construct path, field, value and fix', () => {
  test('an ALB with fewer than two subnets', () => {
    expectProblem(
      () => synthStack([webApp({ expose: [alb()] })], { network: { publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'] } }),
      {
        path: 'test',
        field: 'network.publicSubnetIds',
        value: ['subnet-0aaaaaaaaaaaaaaa1'],
        message: /at least two availability zones/,
        fix: /at least two subnets/,
      },
    );
  });

  test('HTTPS without a certificate (ALB)', () => {
    expectProblem(() => synthStack([webApp({ expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'] })] })]), {
      path: 'test/web',
      field: 'expose[0].certificate',
      value: undefined,
      message: /HTTPS listener needs a certificate/,
      fix: /Certificate\.fromArn.*Certificate\.dnsValidated\(\)/,
    });
  });

  test('TLS without a certificate (NLB)', () => {
    expectProblem(
      () =>
        synthStack([
          webApp({ readiness: Probe.tcpSocket({ port: 'http' }), expose: [TerraformLoadBalancer.nlb({ tls: true })] }),
        ]),
      {
        path: 'test/web',
        field: 'expose[0].certificate',
        value: undefined,
        message: /TLS listener needs a certificate/,
        fix: /tls: false/,
      },
    );
  });

  test('a load balancer name over 32 characters', () => {
    const name = 'storefront-production-eu-west-1-public';
    expectProblem(() => synthStack([webApp({ expose: [alb({ loadBalancerName: name })] })]), {
      path: 'test/web',
      field: 'expose[0].loadBalancerName',
      value: name,
      message: /1 to 32 .*\(38 characters given\)/,
      fix: /"storefront-production-eu-west-1"/,
    });
  });

  test('a target group name over 32 characters', () => {
    const name = 'a-very-long-target-group-name-for-web';
    expectProblem(() => synthStack([webApp({ expose: [alb({ targetGroupName: name })] })]), {
      path: 'test/web',
      field: 'expose[0].targetGroupName',
      value: name,
      message: /1 to 32/,
      fix: /use a name such as/,
    });
  });

  test('a health-check interval AWS rejects (readiness period 2 s)', () => {
    expectProblem(
      () =>
        synthStack([
          webApp({
            readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(2) }),
            expose: [alb()],
          }),
        ]),
      {
        path: 'test/web',
        field: 'readiness.period',
        value: 2,
        message: /from 5 s to 300 s/,
        fix: /Duration\.seconds\(5\).*HealthCheck\.override/,
      },
    );
  });

  test('a health-check interval AWS rejects (readiness period 400 s)', () => {
    expectProblem(
      () =>
        synthStack([
          webApp({
            readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(400) }),
            expose: [alb()],
          }),
        ]),
      {
        path: 'test/web',
        field: 'readiness.period',
        value: 400,
        message: /from 5 s to 300 s/,
        fix: /Duration\.seconds\(300\)/,
      },
    );
  });

  test('an exec readiness probe cannot become a health check', () => {
    expectProblem(() => synthStack([webApp({ readiness: Probe.exec(['cat', '/tmp/ready']), expose: [alb()] })]), {
      path: 'test/web',
      field: 'readiness',
      value: 'exec',
      message: /runs a command/,
      fix: /HealthCheck\.override/,
    });
  });

  test('a TCP readiness probe behind an ALB', () => {
    expectProblem(() => synthStack([webApp({ readiness: Probe.tcpSocket({ port: 'http' }), expose: [alb()] })]), {
      path: 'test/web',
      field: 'readiness',
      value: 'tcpSocket',
      message: /check targets over HTTP only/,
      fix: /httpGet readiness probe/,
    });
  });

  test('two apps claiming the same host on one load balancer', () => {
    const a = webApp({ expose: [alb({ loadBalancerName: 'shared' })] });
    const b = webApp({ name: 'web2', expose: [alb({ loadBalancerName: 'shared' })] });
    expectProblem(() => synthStack([a, b]), {
      path: 'test/web2',
      field: 'expose[0].hosts',
      value: 'web.example.com',
      message:
        /host web\.example\.com with path \(any\) on listener 443 of load balancer "shared" is already routed to app "web"/,
      fix: /route each host and path to one app/,
    });
  });

  test('two apps claiming the same NLB listener port', () => {
    const nlb = () => TerraformLoadBalancer.nlb({ loadBalancerName: 'tcp', listenerPort: 5432 });
    const a = webApp({ readiness: Probe.tcpSocket({ port: 'http' }), expose: [nlb()] });
    const b = webApp({ name: 'db', readiness: Probe.tcpSocket({ port: 'http' }), expose: [nlb()] });
    expectProblem(() => synthStack([a, b]), {
      path: 'test/db',
      field: 'expose[0].listenerPort',
      value: 5432,
      message: /already used by app "web"/,
      fix: /another `listenerPort`/,
    });
  });

  test('two apps whose derived load balancer names collide', () => {
    const a = webApp({ expose: [alb()] });
    const b = webApp({ name: 'api', expose: [alb({ loadBalancerName: 'shop-web', hosts: ['api.example.com'] })] });
    expectProblem(() => synthStack([a, b]), {
      path: 'test/api',
      field: 'expose[0].loadBalancerName',
      value: 'shop-web',
      message: /shared by accident/,
      fix: /explicit `loadBalancerName`/,
    });
  });

  test('a shared load balancer whose settings disagree', () => {
    const a = webApp({ expose: [alb({ loadBalancerName: 'shared' })] });
    const b = webApp({
      name: 'api',
      expose: [alb({ loadBalancerName: 'shared', hosts: ['api.example.com'], allowFrom: ['10.0.0.0/8'] })],
    });
    expectProblem(() => synthStack([a, b]), {
      path: 'test/api',
      field: 'expose[0].allowFrom',
      value: ['10.0.0.0/8'],
      message: /shared with app "web".*allowFrom \["0\.0\.0\.0\/0"\]/,
      fix: /same allowFrom/,
    });
  });

  test('two exposures derive the same target group name after truncation', () => {
    const a = webApp({
      name: 'checkout-service-frontend-a',
      namespace: 'commerce-production',
      expose: [alb({ loadBalancerName: 'lb-a' })],
    });
    const b = webApp({
      name: 'checkout-service-frontend-b',
      namespace: 'commerce-production',
      selectorLabels: { app: 'b' },
      expose: [alb({ loadBalancerName: 'lb-b' })],
    });
    const e = expectProblem(() => synthStack([a, b]), {
      path: 'test/checkout-service-frontend-b',
      field: 'expose[0].targetGroupName',
      value: 'commerce-produ-checkout-servi-80',
      message: /also derived for app "checkout-service-frontend-a"/,
      fix: /distinct `targetGroupName`/,
    });
    expect(e.problems).toHaveLength(1);
  });

  test('an internal load balancer without client CIDRs', () => {
    expectProblem(() => synthStack([webApp({ expose: [alb({ internal: true })] })]), {
      path: 'test/web',
      field: 'expose[0].allowFrom',
      value: undefined,
      message: /nothing is open by default/,
      fix: /allowFrom: \["10\.0\.0\.0\/16"\]/,
    });
  });

  test('plain HTTP without a reason', () => {
    expectProblem(() => synthStack([webApp({ expose: [TerraformLoadBalancer.alb({ https: false })] })]), {
      path: 'test/web',
      field: 'expose[0].https',
      value: false,
      message: /needs a reason/,
      fix: /plainHttpReason/,
    });
  });

  test('the readiness gate in the default namespace', () => {
    expectProblem(() => synthStack([webApp({ namespace: undefined, expose: [alb()] })]), {
      path: 'test/web',
      field: 'expose[0].podReadinessGate',
      value: true,
      message: /does not manage the `default` namespace/,
      fix: /own namespace.*podReadinessGate: false/,
    });
  });

  test('no preStop drain with a target group (CT-TRAFFIC-042)', () => {
    expectProblem(() => synthStack([webApp({ availability: { drain: Duration.seconds(0) }, expose: [alb()] })]), {
      path: 'test/web',
      field: 'availability.drain',
      value: 0,
      message: /still send it new requests/,
      fix: /Duration\.seconds\(5\)/,
      ruleId: 'CT-TRAFFIC-042',
    });
  });

  test('a grace period shorter than the deregistration delay', () => {
    expectProblem(
      () =>
        synthStack([
          webApp({
            traffic: { deregistrationDelay: Duration.seconds(120) },
            availability: { terminationGracePeriod: Duration.seconds(60) },
            expose: [alb()],
          }),
        ]),
      {
        path: 'test/web',
        field: 'availability.terminationGracePeriod',
        value: Duration.seconds(60),
        message: /deregistration delay \(120s\)/,
        fix: /Duration\.seconds\(120\)/,
        ruleId: 'CT-K8S-003',
      },
    );
    // Reported once: the target group's delay is the traffic policy's, already covered by CT-K8S-003.
    const e = definitionError(() =>
      synthStack([
        webApp({
          traffic: { deregistrationDelay: Duration.seconds(120) },
          availability: { terminationGracePeriod: Duration.seconds(60) },
          expose: [alb()],
        }),
      ]),
    );
    expect(e.problems).toHaveLength(1);
  });

  test('a canary behind an NLB', () => {
    expectProblem(
      () =>
        synthStack([
          webApp({
            readiness: Probe.tcpSocket({ port: 'http' }),
            versions: { v2: { weight: 5 } },
            expose: [TerraformLoadBalancer.nlb()],
          }),
        ]),
      {
        path: 'test/web',
        field: 'expose[0]',
        value: 'Terraform NLB "shop-web"',
        message: /versions\.\*\.weight is declared, but .*cannot split traffic by weight/,
        fix: /TerraformLoadBalancer\.alb/,
        ruleId: 'CT-TRAFFIC-033',
      },
    );
  });

  test('a Service port that does not exist', () => {
    expectProblem(() => synthStack([webApp({ expose: [alb({ port: 'metrics' })] })]), {
      path: 'test/web',
      field: 'expose[0].port',
      value: 'metrics',
      message: /is not a port of the Service \(ports: http\)/,
      fix: /name one of the Service ports/,
    });
  });

  test('every problem at once, across apps and the stack', () => {
    const a = webApp({ expose: [TerraformLoadBalancer.alb({ loadBalancerName: 'x'.repeat(40) })] });
    const b = TrafficApp.define({
      name: 'b',
      namespace: 'shop',
      image: 'ghcr.io/acme/b:1.0.0',
      ports: [{ port: 8080 }],
      readiness: Probe.exec(['true']),
      expose: [alb()],
    });
    const e = definitionError(() => synthStack([a, b], { network: { vpcId: 'vpc-1', privateSubnetIds: [] } }));
    expect(e.problems.map((p, i) => `${e.paths![i]} ${p.field}`)).toEqual([
      'test/web expose[0].loadBalancerName',
      'test/web expose[0].certificate',
      'test/b readiness',
      'test network.vpcId',
    ]);
  });
});
