// Composition with the user's own cdktf code: AppLoadBalancers in any TerraformStack, cdktf references as
// network ids and certificate ARNs, cross-stack references. Written as a user would, with the package's
// entry points (mapped to the sources by jest.config.js).
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from 'cdk-traffic';
import { AppLoadBalancers, LoadBalancerStack } from 'cdk-traffic/aws';
import { definitionProblems, expectProblems, resourcesOf, synthStack } from 'cdk-traffic/testing';

const web = (certificate: Certificate = Certificate.dnsValidated()) =>
  TrafficApp.define({
    name: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [TerraformLoadBalancer.alb({ hosts: ['www.example.com'], certificate })],
  });

class NetworkStack extends TerraformStack {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
  readonly pods: SecurityGroup;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    this.vpc = new Vpc(this, 'vpc', { cidrBlock: '10.0.0.0/16' });
    this.subnets = ['a', 'b'].map(
      (z, i) =>
        new Subnet(this, `public-${z}`, {
          vpcId: this.vpc.id,
          cidrBlock: `10.0.${i}.0/24`,
          availabilityZone: `eu-west-1${z}`,
        }),
    );
    this.pods = new SecurityGroup(this, 'pods', { vpcId: this.vpc.id });
  }
}

describe('AppLoadBalancers in a stack of the user', () => {
  test("beside the user's own resources, with references to them; addresses as in LoadBalancerStack", () => {
    const tf = JSON.parse(
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
        const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
        const a = new Subnet(scope, 'a', { vpcId: vpc.id, cidrBlock: '10.0.0.0/24' });
        const b = new Subnet(scope, 'b', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
        const cert = new AcmCertificate(scope, 'cert', { domainName: 'www.example.com', validationMethod: 'DNS' });
        new AppLoadBalancers(scope, 'lbs', {
          apps: [web(Certificate.fromArn(cert.arn))],
          network: {
            vpcId: vpc.id,
            publicSubnetIds: [a.id, b.id],
            podSecurityGroupId: 'sg-0123456789abcdef0',
            hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          },
        });
      }),
    ) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const lb = Object.values(tf.resource.aws_lb)[0];
    expect(lb.subnets).toEqual(['${aws_subnet.a.id}', '${aws_subnet.b.id}']);
    expect(Object.values(tf.resource.aws_lb_target_group)[0].vpc_id).toBe('${aws_vpc.vpc.id}');
    expect(Object.values(tf.resource.aws_lb_listener).find((l) => l.port === 443)!.certificate_arn).toBe(
      '${aws_acm_certificate.cert.arn}',
    );
    // the same addresses LoadBalancerStack writes
    const inStack = synthStack(
      new LoadBalancerStack(Testing.app(), 's', {
        apps: [web(Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/abc'))],
        network: {
          vpcId: 'vpc-0123456789abcdef0',
          publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
        },
      }),
    );
    expect(Object.keys(tf.resource.aws_lb)).toEqual(Object.keys(resourcesOf(inStack, 'aws_lb')));
    expect(Object.keys(tf.resource.aws_lb_target_group)).toEqual(
      Object.keys(resourcesOf(inStack, 'aws_lb_target_group')),
    );
  });

  test('a VPC from another stack of the same App: cdktf writes the cross-stack output and remote state', () => {
    const app = Testing.app();
    const net = new NetworkStack(app, 'network');
    const edge = new TerraformStack(app, 'edge');
    new AwsProvider(edge, 'aws', { region: 'eu-west-1' });
    const lbs = new AppLoadBalancers(edge, 'lbs', {
      apps: [web()],
      network: { vpcId: net.vpc.id, publicSubnetIds: net.subnets.map((s) => s.id), podSecurityGroupId: net.pods.id },
    });
    expect([...lbs.loadBalancers.keys()]).toEqual(['shop-web']);
    const tf = synthStack(edge);
    const lb = Object.values(resourcesOf(tf, 'aws_lb'))[0];
    expect(lb.subnets).toEqual([
      expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\./),
      expect.stringMatching(/remote_state/),
    ]);
    expect(Object.keys(tf.data?.terraform_remote_state ?? {})).toEqual(['cross-stack-reference-input-network']);
    // the hosted zone was left out: one variable, on the user's stack
    expect(Object.keys(tf.variable ?? {})).toEqual(['hosted_zone_id']);
    const netTf = synthStack(net);
    expect(Object.keys(netTf.output ?? {}).length).toBe(4); // the VPC id, the two subnet ids, the pods' security group id
  });

  test('formats are still checked on literal strings; a reference passes', () => {
    const scope = new TerraformStack(Testing.app(), 'stack');
    const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
    new AppLoadBalancers(scope, 'lbs', {
      apps: [web(Certificate.fromArn('not-an-arn'))],
      network: { vpcId: vpc.id, publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'nope'], podSecurityGroupId: 'sg-x' },
    });
    const problems = expectProblems(scope);
    expect(problems.map((p) => `${p.path} ${p.field}`)).toEqual([
      'stack/lbs/web expose[0].certificate',
      'stack/lbs network.podSecurityGroupId',
      'stack/lbs network.publicSubnetIds[1]',
    ]);
  });

  test("an internal ALB open to the CIDR block of the user's VPC, by reference", () => {
    const tf = JSON.parse(
      Testing.synthScope((scope) => {
        const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
        const internal = TrafficApp.define({
          ...web().props,
          expose: [
            TerraformLoadBalancer.alb({
              internal: true,
              hosts: ['www.example.com'],
              allowFrom: [vpc.cidrBlock],
              certificate: Certificate.dnsValidated(),
            }),
          ],
        });
        new AppLoadBalancers(scope, 'lbs', { apps: [internal], network: { vpcId: vpc.id } });
      }),
    ) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const ingress = Object.values(tf.resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.filter((r) => r.cidr_ipv4 !== undefined).map((r) => [r.from_port, r.cidr_ipv4])).toEqual([
      [443, '${aws_vpc.vpc.cidr_block}'],
      [80, '${aws_vpc.vpc.cidr_block}'],
    ]);
    // a literal is still checked
    const bad = TrafficApp.define({
      ...web().props,
      expose: [
        TerraformLoadBalancer.alb({
          internal: true,
          allowFrom: ['10.0.0.0/33'],
          certificate: Certificate.dnsValidated(),
          hosts: ['a.example.com'],
        }),
      ],
    });
    expect(bad.resolve().problems.map((p) => [p.field, p.value])).toEqual([['expose[0].allowFrom[0]', '10.0.0.0/33']]);
  });

  test('LoadBalancerStack: warnings with ids, acknowledged on the stack with a reason', () => {
    const clamped = TrafficApp.define({
      ...web().props,
      readiness: Probe.httpGet('/health', { port: 'http', failureThreshold: 30 }),
    });
    const warned = new LoadBalancerStack(Testing.app(), 's', { apps: [clamped], printWarnings: false });
    expect(warned.warnings.map((w) => [w.id, w.path, w.field, w.acknowledged])).toEqual([
      ['CT-AWS-105', 's/web', 'readiness.failureThreshold', undefined],
    ]);
    const acked = new LoadBalancerStack(Testing.app(), 's', {
      apps: [clamped],
      printWarnings: false,
      acknowledge: { 'CT-AWS-105': 'the app recovers within ten checks' },
    });
    expect(acked.warnings[0].acknowledged).toBe('the app recovers within ten checks');
    expect(
      definitionProblems(
        () => new LoadBalancerStack(Testing.app(), 's', { apps: [clamped], acknowledge: 'all' as never }),
      ).map((p) => `${p.path} ${p.field}`),
    ).toEqual(['s acknowledge']);
  });

  test('two sets of load balancers in one stack share the network variables', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'two');
    new AwsProvider(stack, 'aws', {});
    const other = TrafficApp.define({
      ...web().props,
      name: 'api',
      expose: [TerraformLoadBalancer.alb({ hosts: ['api.example.com'], certificate: Certificate.dnsValidated() })],
    });
    new AppLoadBalancers(stack, 'a', { apps: [web()] });
    new AppLoadBalancers(stack, 'b', { apps: [other] });
    const tf = synthStack(stack);
    expect(Object.keys(tf.variable ?? {}).sort()).toEqual([
      'hosted_zone_id',
      'pod_security_group_id',
      'public_subnet_ids',
      'vpc_id',
    ]);
    expect(Object.keys(resourcesOf(tf, 'aws_lb')).sort()).toEqual(['lb_shop_api', 'lb_shop_web']);
    new TerraformOutput(stack, 'x', { value: 1 });
  });
});
