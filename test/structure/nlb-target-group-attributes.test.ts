import { Testing } from 'cdk8s';
import {
  Dataplane,
  LoadBalancerServiceExposure,
  NlbServiceProps,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { one } from '../support/k8s';
import { Problems } from '../../lib/model/problems';
import { resolveTargetGroupAttributes } from '../../lib/model/aws/target-group-attributes';
import { resources, synthStack } from '../aws/support';
import { problemsOf, synth, web } from '../expose/support';

/**
 * The NLB-only target group attributes (connection termination, client IP preservation, PROXY protocol v2)
 * come from one model (`resolveTargetGroupAttributes`): the NLB Service and the Terraform NLB take the same
 * options, with the same defaults, and one input gets one verdict on both.
 */
type Attrs = Pick<NlbServiceProps, 'connectionTermination' | 'preserveClientIp' | 'proxyProtocolV2'>;

/** The NLB Service's target group attributes, from its annotation. */
function serviceAttributes(attrs: Attrs): Record<string, string> {
  const svc = one(synth({ ...web, expose: [LoadBalancerServiceExposure.nlb(attrs)] }), 'Service', 'web-nlb');
  const value = svc.metadata.annotations!['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'];
  return Object.fromEntries(value.split(',').map((kv: string) => kv.split('=')));
}

/** The Terraform NLB's target group, as written in cdk.tf.json. */
function terraformTargetGroup(attrs: Attrs): Record<string, unknown> {
  const { tf } = synthStack([
    TrafficApp.define({
      ...web,
      expose: [TerraformLoadBalancer.nlb({ allowFrom: ['10.0.0.0/16'], internal: true, ...attrs })],
    }),
  ]);
  const groups = Object.values(resources(tf, 'aws_lb_target_group'));
  expect(groups).toHaveLength(1);
  return groups[0];
}

const problemLines = (props: TrafficAppProps): string[] => problemsOf(props);

describe('one NLB target group attribute model: the NLB Service and the Terraform NLB', () => {
  const cases: Attrs[] = [
    {},
    { connectionTermination: false },
    { preserveClientIp: true },
    { preserveClientIp: false, proxyProtocolV2: true },
  ];
  test.each(cases)('the same options are the same written values on both: %p', (attrs) => {
    const s = serviceAttributes(attrs);
    const t = terraformTargetGroup(attrs);
    expect(s['deregistration_delay.connection_termination.enabled']).toBe(String(attrs.connectionTermination ?? true));
    expect(t.connection_termination).toBe(attrs.connectionTermination ?? true);
    // Client IP preservation is written only when given (AWS's default, off for ip targets, otherwise).
    expect(s['preserve_client_ip.enabled']).toBe(
      attrs.preserveClientIp === undefined ? undefined : String(attrs.preserveClientIp),
    );
    expect(t.preserve_client_ip).toBe(s['preserve_client_ip.enabled']);
    // PROXY protocol v2: off unless asked for (the provider's default is off, so Terraform writes it when on).
    expect(s['proxy_protocol_v2.enabled']).toBe(String(attrs.proxyProtocolV2 ?? false));
    expect(t.proxy_protocol_v2 ?? false).toBe(attrs.proxyProtocolV2 ?? false);
  });

  test('the Terraform target group is valid for the provider with every attribute set', () => {
    const { json } = synthStack([
      TrafficApp.define({
        ...web,
        expose: [
          TerraformLoadBalancer.nlb({
            allowFrom: ['10.0.0.0/16'],
            internal: true,
            connectionTermination: false,
            preserveClientIp: true,
            proxyProtocolV2: true,
          }),
        ],
      }),
    ]);
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      protocol: 'TCP',
      connection_termination: false,
      preserve_client_ip: 'true',
      proxy_protocol_v2: true,
    });
  });

  test('a bad value gets the same error on both', () => {
    const bad = 'yes' as unknown as boolean;
    const nlb = problemLines({
      ...web,
      expose: [LoadBalancerServiceExposure.nlb({ connectionTermination: bad, proxyProtocolV2: bad })],
    });
    const terraform = problemLines({
      ...web,
      expose: [TerraformLoadBalancer.nlb({ connectionTermination: bad, proxyProtocolV2: bad })],
    });
    expect(nlb).toHaveLength(2);
    expect(nlb[0]).toMatch(/^\[test\/web\] expose\[0\]\.connectionTermination: .*\(received "yes"\)\. Fix: \S+/);
    expect(terraform).toEqual(nlb);
  });

  test('client IP preservation behind a Terraform NLB: the network policy admits the clients (allowFrom), as behind an NLB Service (sourceRanges)', () => {
    const dataplane = Dataplane.cilium({ policy: { awsVpcCidrs: ['10.0.0.0/16'] } });
    const admitted = (expose: TrafficAppProps['expose']) => {
      const chart = new TrafficChart(Testing.app(), 'test', {
        apps: [TrafficApp.define({ ...web, expose, dataplane })],
      });
      return one(chart.toJson(), 'CiliumNetworkPolicy').spec.ingress.flatMap(
        (r: { fromCIDRSet?: { cidr: string }[] }) => (r.fromCIDRSet ?? []).map((c) => c.cidr),
      );
    };
    expect(admitted([TerraformLoadBalancer.nlb({ allowFrom: ['198.51.100.0/24'], preserveClientIp: true })])).toContain(
      '198.51.100.0/24',
    );
    expect(
      admitted([LoadBalancerServiceExposure.nlb({ sourceRanges: ['198.51.100.0/24'], preserveClientIp: true })]),
    ).toContain('198.51.100.0/24');
    // Without it the pods see the load balancer's addresses only.
    expect(admitted([TerraformLoadBalancer.nlb({ allowFrom: ['198.51.100.0/24'] })])).not.toContain('198.51.100.0/24');
  });

  test('client IP preservation with clients given as a Terraform reference: refused (the network policy cannot admit them)', () => {
    const lines = problemLines({
      ...web,
      expose: [
        TerraformLoadBalancer.nlb({ internal: true, allowFrom: ['${TfToken[TOKEN.12]}'], preserveClientIp: true }),
      ],
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("expose[0].preserveClientIp: the pods then see the clients' addresses");
    expect(lines[0]).toContain('Fix: list the client CIDR blocks in `allowFrom` as plain CIDRs');
  });

  test('NLB-only attributes on an ALB are refused', () => {
    const lines = problemLines({
      ...web,
      expose: [
        TerraformLoadBalancer.alb({
          https: false,
          plainHttpReason: 'internal test only',
          proxyProtocolV2: true,
        } as never),
      ],
    });
    expect(lines.filter((l) => l.includes('expose[0].proxyProtocolV2: is not a known field here'))).toHaveLength(1);
  });

  test('the model checks its values itself (for a resolution that skips the input check): one wording for every layer', () => {
    const traffic = TrafficApp.define(web).spec.traffic;
    const problems = new Problems();
    const nlb = resolveTargetGroupAttributes(
      problems,
      'expose[0]',
      { connectionTermination: 'yes' as never },
      traffic,
      'network',
      [],
      undefined,
    );
    expect(nlb.network).toEqual({ connectionTermination: true, proxyProtocolV2: false });
    resolveTargetGroupAttributes(
      problems,
      'expose[1]',
      { proxyProtocolV2: true },
      traffic,
      'application',
      [],
      undefined,
    );
    expect(problems.items.map((p) => [p.field, p.message])).toEqual([
      ['expose[0].connectionTermination', 'must be true or false'],
      ['expose[1].proxyProtocolV2', 'is an attribute of network load balancer target groups only'],
    ]);
  });
});
