import { App as TfApp, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from '../../lib';
import { AppLoadBalancers, LoadBalancerStack } from '../../lib/aws';
import { expectProblems, problemsIn } from '../../lib/testing';
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

describe('load balancers in several Terraform stacks of one App', () => {
  /** An App with one AppLoadBalancers per entry, each in its own stack with a provider of the given settings. */
  function build(sets: [TrafficApp[], AwsProviderConfig][]): TfApp {
    const app = Testing.app();
    sets.forEach(([apps, provider], i) => {
      const s = new TerraformStack(app, `s${i}`);
      new AwsProvider(s, 'aws', provider);
      new AppLoadBalancers(s, 'lbs', { apps });
    });
    return app;
  }
  const synthLines = (sets: [TrafficApp[], AwsProviderConfig][]) => {
    const app = build(sets);
    return errorLines(() => app.synth());
  };

  test('GIVEN the same app in two stacks of one region THEN one problem on the later stack, naming the other', () => {
    const w = web();
    expect(
      synthLines([
        [[w], {}],
        [[w], {}],
      ]),
    ).toEqual([
      expect.stringMatching(
        /^\[s1\/lbs\/web\] apps: the app is also given to s0\/lbs \(stack s0\), which may deploy to the same AWS account and region: .*\(received "shop\/web"\)\. Fix: give each app to one stack per AWS account and region/,
      ),
    ]);
  });

  test('GIVEN a shared loadBalancerName in two stacks THEN refused on the exposure, once', () => {
    const l = synthLines([
      [[web('web', 'shared')], { region: 'eu-west-1' }],
      [[web('api', 'shared')], { region: 'eu-west-1' }],
    ]);
    expect(l).toEqual([
      expect.stringContaining(
        '[s1/lbs/api] expose[0].loadBalancerName: the load balancer name is also used by s0/lbs (stack s0)',
      ),
    ]);
    expect(l[0]).toContain('(received "shared")');
  });

  test('GIVEN a shared target group name in two stacks THEN refused on the exposure', () => {
    const tg = (name: string) =>
      TrafficApp.define({
        ...web(name).props,
        expose: [
          TerraformLoadBalancer.alb({
            hosts: [`${name}.example.com`],
            certificate: Certificate.dnsValidated(),
            targetGroupName: 'shop-tg',
          }),
        ],
      });
    expect(
      synthLines([
        [[tg('web')], {}],
        [[tg('api')], {}],
      ]),
    ).toEqual([
      expect.stringContaining(
        '[s1/lbs/api] expose[0].targetGroupName: the target group name is also used by s0/lbs (stack s0)',
      ),
    ]);
  });

  test('GIVEN the providers name different regions, or disjoint accounts THEN the same app in both is accepted', () => {
    const w = web();
    for (const [a, b] of [
      [{ region: 'eu-west-1' }, { region: 'us-east-1' }],
      [{ allowedAccountIds: ['111111111111'] }, { allowedAccountIds: ['222222222222'] }],
      [
        { assumeRole: [{ roleArn: 'arn:aws:iam::111111111111:role/deploy' }] },
        { assumeRole: [{ roleArn: 'arn:aws:iam::222222222222:role/deploy' }] },
      ],
    ] as [AwsProviderConfig, AwsProviderConfig][]) {
      const app = build([
        [[w], a],
        [[w], b],
      ]);
      expect(problemsIn(app)).toEqual([]);
      expect(() => app.synth()).not.toThrow();
    }
  });

  test('GIVEN one region given and the other left to the environment THEN still a clash (they may be the same)', () => {
    const w = web();
    expect(
      synthLines([
        [[w], { region: 'eu-west-1' }],
        [[w], {}],
      ]),
    ).toHaveLength(1);
  });

  test('GIVEN two LoadBalancerStacks with the same app and no region THEN refused', () => {
    const app = Testing.app();
    new LoadBalancerStack(app, 'one', { apps: [web()] });
    new LoadBalancerStack(app, 'two', { apps: [web()] });
    expect(expectProblems(app).map((p) => `${p.path} ${p.field}`)).toEqual(['two/web apps']);
  });
});
