// A cdktf program whose VPC comes from another stack of the same App; the load balancers go into the
// user's own stack with AppLoadBalancers.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from 'cdk-traffic';
import { AppLoadBalancers, LoadBalancerStack } from 'cdk-traffic/aws';

export const web = TrafficApp.define({
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [TerraformLoadBalancer.alb({ hosts: ['www.example.com'], certificate: Certificate.dnsValidated() })],
});

export class NetworkStack extends TerraformStack {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
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
  }
}

export class EdgeStack extends TerraformStack {
  constructor(scope: Construct, id: string, network: NetworkStack) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    new AppLoadBalancers(this, 'load-balancers', {
      apps: [web],
      network: { vpcId: network.vpc.id, publicSubnetIds: network.subnets.map((s) => s.id) },
    });
  }
}

if (require.main === module) {
  const app = new App();
  const network = new NetworkStack(app, 'network');
  new EdgeStack(app, 'edge', network);
  // The same app in a second region: its own load balancer, named like the first (each region has its own names).
  new LoadBalancerStack(app, 'classic', {
    apps: [web],
    region: 'us-east-1',
    network: { vpcId: 'vpc-0123456789abcdef0' },
  });
  app.synth();
}
