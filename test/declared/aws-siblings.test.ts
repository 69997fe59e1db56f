import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from '../../lib';
import { AppLoadBalancers } from '../../lib/aws';
import { errorLines } from './support';

const web = (name = 'web', loadBalancerName?: string) =>
  TrafficApp.define({
    name,
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [
      TerraformLoadBalancer.alb({
        hosts: [`${name}.example.com`],
        certificate: Certificate.dnsValidated(),
        ...(loadBalancerName ? { loadBalancerName } : {}),
      }),
    ],
  });

/** A stack with the AWS provider, `before` adding the user's constructs, then two sets of load balancers. */
function lines(sets: TrafficApp[][], before: (s: TerraformStack) => void = () => undefined): string[] {
  return errorLines(() => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    new AwsProvider(s, 'aws', {});
    before(s);
    sets.forEach((apps, i) => new AppLoadBalancers(s, `lbs${i}`, { apps }));
    app.synth();
  });
}

describe('two AppLoadBalancers in one Terraform stack', () => {
  test('GIVEN the same app in both THEN one problem naming the other construct', () => {
    const w = web();
    expect(lines([[w], [w]])).toEqual([
      '[s/lbs1] apps: the app is also given to s/lbs0 in the same Terraform stack: its load balancers and target groups would be written twice (received "shop/web"). Fix: give each app to one AppLoadBalancers (or LoadBalancerStack) per stack',
    ]);
  });

  test('GIVEN a shared loadBalancerName across them THEN refused (their listener rules would merge)', () => {
    const l = lines([[web('web', 'shared')], [web('api', 'shared')]]);
    expect(l).toHaveLength(1);
    expect(l[0]).toContain('[s/lbs1] loadBalancerName: the load balancer is also planned by s/lbs0');
    expect(l[0]).toContain('(received "shared")');
    expect(l[0]).toContain('put the apps that share a load balancer into one AppLoadBalancers');
  });

  test('GIVEN different apps and names THEN both written', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    new AwsProvider(s, 'aws', {});
    new AppLoadBalancers(s, 'a', { apps: [web()] });
    new AppLoadBalancers(s, 'b', { apps: [web('api')] });
    expect(() => app.synth()).not.toThrow();
  });
});

describe("the user's constructs named like the load balancers' variables", () => {
  test('GIVEN a TerraformVariable vpc_id of type number THEN refused on network.vpcId', () => {
    const l = lines([[web()]], (s) => new TerraformVariable(s, 'vpc_id', { type: 'number' }));
    expect(l).toEqual([
      expect.stringContaining(
        "[s/lbs0] network.vpcId: is left out, so the load balancers read the Terraform variable vpc_id of type string, but the stack's variable vpc_id has type number",
      ),
    ]);
    expect(l[0]).toContain('Fix: pass `network: { vpcId: ... }`');
  });

  test('GIVEN another construct named vpc_id THEN a problem, not a construct-name crash', () => {
    const l = lines([[web()]], (s) => new TerraformOutput(s, 'vpc_id', { value: 'x' }));
    expect(l).toEqual([expect.stringContaining('already has a construct of that name (s/vpc_id)')]);
  });

  test('GIVEN a string variable vpc_id of the user THEN shared, and network.vpcId avoids it', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    new AwsProvider(s, 'aws', {});
    new TerraformVariable(s, 'vpc_id', { type: 'string' });
    new AppLoadBalancers(s, 'a', { apps: [web()] });
    expect(() => app.synth()).not.toThrow();
  });
});
