import { Testing } from 'cdk8s';
import {
  Certificate,
  CiliumCluster,
  Dataplane,
  DefinitionError,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  Problems,
} from '../../lib';
import { checkCidr, parseCidr } from '../../lib/model/ip';
import { Chart } from 'cdk8s';
import { definitionError, synthStack } from '../aws/support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const base: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};

function problemsOf(
  props: TrafficAppProps,
  chartProps: { createNamespaces?: boolean } = {},
): DefinitionError['problems'] {
  try {
    new TrafficChart(Testing.app(), 'test', { ...chartProps, apps: [TrafficApp.define(props)] }).toJson();
  } catch (e) {
    expect(e).toBeInstanceOf(DefinitionError);
    return (e as DefinitionError).problems;
  }
  throw new Error('expected a DefinitionError');
}

/** The one problem on `field`, whose message matches. */
function one(problems: DefinitionError['problems'], field: string, message: RegExp) {
  const found = problems.filter((p) => p.field === field);
  if (found.length !== 1) throw new Error(`expected one problem on ${field}, got ${JSON.stringify(problems, null, 1)}`);
  expect(found[0].message).toMatch(message);
  expect(found[0].fix).toMatch(/\S/);
  return found[0];
}

describe('values Kubernetes would refuse or misread', () => {
  test('an app name starting with a digit names a Service (DNS-1035)', () => {
    one(problemsOf({ ...base, name: '9web' }), 'name', /must start with a letter \(DNS-1035\)/);
    // without a Service, or with its own name, it is fine
    expect(TrafficApp.define({ ...base, name: '9web', names: { service: 'web' } }).resolve().problems).toEqual([]);
  });

  test('kube-system would be written as a Namespace enforcing restricted', () => {
    one(problemsOf({ ...base, namespace: 'kube-system' }), 'namespace', /system namespace/);
    expect(() =>
      new TrafficChart(Testing.app(), 'test', {
        createNamespaces: false,
        apps: [TrafficApp.define({ ...base, namespace: 'kube-system' })],
      }).toJson(),
    ).not.toThrow();
  });

  test('annotation values that are not strings, and 300 KiB of annotations', () => {
    one(
      problemsOf({ ...base, annotations: { 'example.com/n': 5 as unknown as string } }),
      'annotations.example.com/n',
      /must be a string/,
    );
    one(
      problemsOf({ ...base, podAnnotations: { 'example.com/big': 'x'.repeat(300 * 1024) } }),
      'podAnnotations',
      /exceed 262144 bytes/,
    );
  });

  test('an appProtocol Kubernetes would refuse', () => {
    one(
      problemsOf({ ...base, ports: [{ name: 'http', port: 8080, appProtocol: 'not a protocol!' }] }),
      'ports[0].appProtocol',
      /not a valid appProtocol/,
    );
    expect(
      TrafficApp.define({ ...base, ports: [{ name: 'http', port: 8080, appProtocol: 'kubernetes.io/h2c' }] }).resolve()
        .problems,
    ).toEqual([]);
  });

  test("the user's version label would be replaced by the version's", () => {
    one(
      problemsOf({ ...base, podLabels: { version: 'blue' }, versions: { v2: { weight: 10 } } }),
      'podLabels.version',
      /would be replaced/,
    );
    expect(TrafficApp.define({ ...base, podLabels: { version: 'blue' } }).resolve().problems).toEqual([]);
  });
});

describe('values AWS would refuse or misread', () => {
  const label64 = `${'a'.repeat(64)}.example.com`;

  test('a 64-character DNS label in hosts and in a certificate', () => {
    one(
      problemsOf({ ...base, expose: [IngressExposure.alb({ hosts: [label64] })] }),
      'expose[0].hosts[0]',
      /DNS label of 64 characters/,
    );
    one(
      problemsOf({
        ...base,
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['www.example.com'],
            certificate: Certificate.dnsValidated({ alternativeNames: [label64] }),
          }),
        ],
      }),
      'expose[0].certificate.alternativeNames[0]',
      /DNS label of 64/,
    );
  });

  test('ALB paths over 128 characters', () => {
    const path = `/${'p'.repeat(128)}`;
    one(
      problemsOf({ ...base, expose: [IngressExposure.alb({ paths: [{ path }] })] }),
      'expose[0].paths[0].path',
      /at most 128/,
    );
    one(
      problemsOf({
        ...base,
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['www.example.com'],
            paths: [path],
            certificate: Certificate.fromArn(CERT),
          }),
        ],
      }),
      'expose[0].paths[0]',
      /at most 128/,
    );
  });

  test('aws: tag keys, on the ALB Ingress and on the stack', () => {
    one(
      problemsOf({ ...base, expose: [IngressExposure.alb({ tags: { 'aws:owner': 'me' } })] }),
      'expose[0].tags.aws:owner',
      /reserved for AWS/,
    );
    const e = definitionError(() => synthStack([TrafficApp.define(base)], { tags: { 'aws:cloudformation': 'x' } }));
    expect(e.problems.map((p) => p.field)).toEqual(['tags.aws:cloudformation']);
  });

  test('unknown TLS policy names', () => {
    one(
      problemsOf({
        ...base,
        expose: [IngressExposure.alb({ certificateArns: [CERT], sslPolicy: 'ELBSecurityPolicy-TLS13-9-9-2021-06' })],
      }),
      'expose[0].sslPolicy',
      /not a security policy AWS defines/,
    );
    one(
      problemsOf({
        ...base,
        expose: [
          LoadBalancerServiceExposure.nlb({ tls: { certificateArns: [CERT], policy: 'ELBSecurityPolicy-Made-Up' } }),
        ],
      }),
      'expose[0].tls.policy',
      /not a security policy AWS defines/,
    );
    expect(
      TrafficApp.define({
        ...base,
        expose: [
          IngressExposure.alb({ certificateArns: [CERT], sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09' }),
        ],
      }).resolve().problems,
    ).toEqual([]);
  });

  test('an explicit target group name that the version suffix would shorten', () => {
    const app = TrafficApp.define({
      ...base,
      versions: { v2: { weight: 10 } },
      expose: [
        TerraformLoadBalancer.alb({
          hosts: ['www.example.com'],
          certificate: Certificate.fromArn(CERT),
          targetGroupName: 'a'.repeat(30),
        }),
      ],
    });
    const p = app.resolve().problems.filter((x) => x.field === 'expose[0].targetGroupName');
    expect(p).toHaveLength(1);
    expect(p[0].message).toMatch(/would be shortened/);
  });

  test('two hosts whose Route 53 records would share one Terraform address', () => {
    const app = TrafficApp.define({
      ...base,
      expose: [
        TerraformLoadBalancer.alb({
          hosts: ['a.example.com', 'a-example.com'],
          certificate: Certificate.fromArn(CERT),
        }),
      ],
    });
    const e = definitionError(() => synthStack([app]));
    const p = e.problems.filter((x) => x.field === 'hosts');
    expect(p).toHaveLength(1);
    expect(p[0].value).toBe('a-example.com');
    expect(p[0].message).toContain('aws_route53_record.dns_a_example_com');
  });
});

describe('values written into comma- or equals-separated annotations', () => {
  test('an access log prefix that would add a load balancer attribute', () => {
    one(
      problemsOf({
        ...base,
        expose: [
          IngressExposure.alb({ accessLogs: { bucket: 'logs', prefix: 'logs,deletion_protection.enabled=true' } }),
        ],
      }),
      'expose[0].accessLogs.prefix',
      /would add other attributes/,
    );
  });

  test('a tag value that would add a tag', () => {
    one(
      problemsOf({ ...base, expose: [IngressExposure.alb({ tags: { team: 'a,owner=b' } })] }),
      'expose[0].tags.team',
      /would add other tags/,
    );
  });
});

describe('CIDRs and RE2 patterns, with real parsers', () => {
  test.each([
    ['999.1.1.1/99', /not a CIDR block/],
    ['10.0.0.1/8', /host bits set/],
    ['10.0.0.0/33', /prefix length/],
    ['010.0.0.0/8', /not a CIDR block/],
    ['fe80::1%eth0/64', /not a CIDR block/],
  ])('%s is refused', (cidr, message) => {
    const problems = new Problems();
    expect(checkCidr(problems, 'allowFrom[0]', cidr)).toBe(false);
    expect(problems.items[0].message).toMatch(message);
  });

  test('valid blocks of both families pass, with the network address suggested for host bits', () => {
    for (const c of ['10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '::/0', '192.168.10.240/28'])
      expect(checkCidr(new Problems(), 'x', c)).toBe(true);
    const problems = new Problems();
    checkCidr(problems, 'x', '10.0.0.1/8');
    expect(problems.items[0].fix).toContain('"10.0.0.0/8"');
    expect(parseCidr('2001:db8::1/32')).toMatchObject({ ok: true, hostBitsSet: true });
  });

  test('the NLB source ranges and Terraform allowFrom use them', () => {
    one(
      problemsOf({ ...base, expose: [LoadBalancerServiceExposure.nlb({ sourceRanges: ['10.0.0.1/8'] })] }),
      'expose[0].sourceRanges[0]',
      /host bits set/,
    );
    one(
      problemsOf({
        ...base,
        expose: [
          TerraformLoadBalancer.alb({
            allowFrom: ['999.1.1.1/99'],
            hosts: ['www.example.com'],
            certificate: Certificate.fromArn(CERT),
          }),
        ],
      }),
      'expose[0].allowFrom[0]',
      /not a CIDR block/,
    );
  });

  test("an L2 interface pattern Go's RE2 cannot compile (JavaScript would accept it)", () => {
    let error: unknown;
    try {
      const chart = new Chart(Testing.app(), 'cilium');
      new CiliumCluster(chart, 'cluster', {
        k8sServiceHost: 'auto',
        l2Announcements: { enabled: true },
        l2AnnouncementPolicies: [{ name: 'lan', interfaces: ['^eth(?!0)[0-9]+$'] }],
      });
      chart.toJson();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    one((error as DefinitionError).problems, 'l2AnnouncementPolicies[0].interfaces[0]', /RE2/);
  });
});

describe('every security opt-out needs a reason', () => {
  test.each([
    [
      'an ALB Ingress TLS 1.0 policy',
      { expose: [IngressExposure.alb({ certificateArns: [CERT], sslPolicy: 'ELBSecurityPolicy-TLS-1-0-2015-04' })] },
      'expose[0].sslPolicy',
      {
        expose: [
          IngressExposure.alb({
            certificateArns: [CERT],
            sslPolicy: 'ELBSecurityPolicy-TLS-1-0-2015-04',
            sslPolicyReason: 'point-of-sale terminals speak TLS 1.0 only',
          }),
        ],
      },
    ],
    [
      'an NLB TLS 1.2-only policy',
      {
        expose: [
          LoadBalancerServiceExposure.nlb({
            tls: { certificateArns: [CERT], policy: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
          }),
        ],
      },
      'expose[0].tls.policy',
      {
        expose: [
          LoadBalancerServiceExposure.nlb({
            tls: {
              certificateArns: [CERT],
              policy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
              policyReason: 'a partner stack without TLS 1.3 until Q3',
            },
          }),
        ],
      },
    ],
    [
      'a Terraform ALB 2016 policy',
      {
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['www.example.com'],
            certificate: Certificate.fromArn(CERT),
            sslPolicy: 'ELBSecurityPolicy-2016-08',
          }),
        ],
      },
      'expose[0].sslPolicy',
      {
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['www.example.com'],
            certificate: Certificate.fromArn(CERT),
            sslPolicy: 'ELBSecurityPolicy-2016-08',
            sslPolicyReason: 'legacy clients until the 2027 cutover',
          }),
        ],
      },
    ],
    [
      'dropInvalidHeaderFields: false',
      { expose: [IngressExposure.alb({ dropInvalidHeaderFields: false })] },
      'expose[0].dropInvalidHeaderFields',
      {
        expose: [
          IngressExposure.alb({
            dropInvalidHeaderFields: false,
            keepInvalidHeaderFieldsReason: 'a legacy client sends x_custom headers',
          }),
        ],
      },
    ],
    [
      'restrictEgress: false',
      { dataplane: Dataplane.cilium({ policy: { restrictEgress: false } }) },
      'dataplane.policy.restrictEgress',
      {
        dataplane: Dataplane.cilium({
          policy: { restrictEgress: false, openEgressReason: 'calls partner APIs whose addresses change daily' },
        }),
      },
    ],
  ])('%s', (_what, without, field, withReason) => {
    one(problemsOf({ ...base, ...without } as TrafficAppProps), field as string, /a security opt-out needs a reason/);
    expect(
      TrafficApp.define({ ...base, ...withReason } as TrafficAppProps)
        .resolve()
        .problems.filter((p) => p.field === field),
    ).toEqual([]);
  });
});
