import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from '../lib';
import { LoadBalancerStack } from '../lib/aws';

/**
 * The Terraform side of the benchmark: one shared ALB with N apps, each a target group (health check
 * from its readiness probe) and a host rule, through the library (define, resolve, plan, render, synth),
 * and the same resources written as raw cdktf provider resources. `bench/run.ts` checks that both write
 * the same cdk.tf.json before it times them.
 */

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  podSecurityGroupId: 'sg-0eeeeeeeeeeeeeee5',
};

function define(i: number): TrafficApp {
  return TrafficApp.define({
    name: `svc-${i}`,
    namespace: 'bench',
    image: 'ghcr.io/acme/svc:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [
      TerraformLoadBalancer.alb({
        loadBalancerName: 'bench',
        hosts: [`svc-${i}.example.com`],
        certificate: Certificate.fromArn(CERT),
        dnsRecords: false,
      }),
    ],
  });
}

/** N target groups with rules through the library. */
export function runLibrary(n: number, outdir: string): void {
  const app = new App({ outdir });
  new LoadBalancerStack(app, 'bench', { apps: Array.from({ length: n }, (_, i) => define(i)), network: NETWORK });
  app.synth();
}

/** The same resources as raw cdktf. */
export function runRaw(n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new LocalBackend(stack, { path: '../../../terraform.bench.tfstate' });
  new AwsProvider(stack, 'aws', { defaultTags: [{ tags: { 'managed-by': 'cdk-traffic' } }] });
  const scope = new Construct(stack, 'bench');
  const tags = { Name: 'bench' };
  const sg = new SecurityGroup(scope, 'security-group', {
    namePrefix: 'bench-lb-',
    description: 'Load balancer bench (cdk-traffic)',
    vpcId: NETWORK.vpcId,
    tags,
    lifecycle: { createBeforeDestroy: true },
  });
  sg.overrideLogicalId('lb_bench_sg');
  for (const port of [443, 80]) {
    new VpcSecurityGroupIngressRule(scope, `in-${port}-0`, {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrIpv4: '0.0.0.0/0',
      description: `clients to listener ${port}`,
      tags,
    }).overrideLogicalId(`lb_bench_in_${port}_0`);
  }
  new VpcSecurityGroupEgressRule(scope, 'out-8080', {
    securityGroupId: sg.id,
    referencedSecurityGroupId: NETWORK.podSecurityGroupId,
    ipProtocol: 'tcp',
    fromPort: 8080,
    toPort: 8080,
    description: 'load balancer to pods on 8080',
    tags,
  }).overrideLogicalId('lb_bench_to_pods_8080');
  new VpcSecurityGroupIngressRule(scope, 'pods-in-8080', {
    securityGroupId: NETWORK.podSecurityGroupId,
    referencedSecurityGroupId: sg.id,
    ipProtocol: 'tcp',
    fromPort: 8080,
    toPort: 8080,
    description: 'pods from load balancer bench on 8080',
    tags,
  }).overrideLogicalId('lb_bench_pods_from_lb_8080');
  const lb = new Lb(scope, 'lb', {
    name: 'bench',
    loadBalancerType: 'application',
    internal: false,
    subnets: NETWORK.publicSubnetIds,
    securityGroups: [sg.id],
    dropInvalidHeaderFields: true,
    idleTimeout: 60,
    enableDeletionProtection: false,
    tags,
  });
  lb.overrideLogicalId('lb_bench');
  const tgs: LbTargetGroup[] = [];
  for (let i = 0; i < n; i++) {
    const name = `bench-svc-${i}-80`;
    const tg = new LbTargetGroup(scope, `tg-${name}`, {
      name,
      port: 8080,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      targetType: 'ip',
      vpcId: NETWORK.vpcId,
      deregistrationDelay: '30',
      slowStart: 0,
      loadBalancingAlgorithmType: 'round_robin',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        path: '/health',
        port: 'traffic-port',
        interval: 5,
        timeout: 2,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
        matcher: '200-399',
      },
      tags: { Name: name, 'cdk-traffic/health-check': 'readiness-probe' },
      lifecycle: { createBeforeDestroy: true },
    });
    tg.overrideLogicalId(`tg_bench_svc_${i}_80`);
    tgs.push(tg);
  }
  const listener = new LbListener(scope, 'https', {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    certificateArn: CERT,
    defaultAction: [
      {
        type: 'fixed-response',
        fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not Found' },
      },
    ],
    tags,
  });
  listener.overrideLogicalId('lb_bench_https');
  new LbListener(scope, 'http-redirect', {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    tags,
  }).overrideLogicalId('lb_bench_http_redirect');
  tgs.forEach((tg, i) => {
    new LbListenerRule(scope, `rule-${i + 1}`, {
      listenerArn: listener.arn,
      priority: i + 1,
      action: [{ type: 'forward', targetGroupArn: tg.arn }],
      condition: [{ hostHeader: { values: [`svc-${i}.example.com`] } }],
      tags,
    }).overrideLogicalId(`lb_bench_rule_${i + 1}`);
  });
  new TerraformOutput(scope, 'dns-name', {
    value: lb.dnsName,
    description: 'DNS name of load balancer bench',
  }).overrideLogicalId('lb_bench_dns_name');
  new TerraformOutput(scope, 'arn', { value: lb.arn, description: 'ARN of load balancer bench' }).overrideLogicalId(
    'lb_bench_arn',
  );
  new TerraformOutput(scope, 'zone-id', {
    value: lb.zoneId,
    description: 'Route 53 zone of load balancer bench',
  }).overrideLogicalId('lb_bench_zone_id');
  tgs.forEach((tg, i) => {
    new TerraformOutput(scope, `tg-arn-bench-svc-${i}-80`, {
      value: tg.arn,
      description: `ARN of target group bench-svc-${i}-80`,
    }).overrideLogicalId(`tg_bench_svc_${i}_80_arn`);
  });
  app.synth();
}
