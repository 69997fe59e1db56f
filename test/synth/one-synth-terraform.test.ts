import * as fs from 'fs';
import * as path from 'path';
import { App as TfApp, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Certificate, DefinitionError, Probe, TerraformLoadBalancer, TrafficApp } from '../../lib';
import { AppLoadBalancers, LoadBalancerStack } from '../../lib/aws';
import { expectProblems, problemsIn } from '../../lib/testing';
import { errorOf } from '../support/k8s';

const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  podSecurityGroupId: 'sg-0eeeeeeeeeeeeeee5',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
};

const app = (name: string, replicas = 2) =>
  TrafficApp.define({
    name,
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    replicas,
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [TerraformLoadBalancer.alb({ hosts: [`${name}.example.com`], certificate: Certificate.dnsValidated() })],
  });

/** The `[path] field` of every problem of the one error `fn` throws. */
function problemLines(fn: () => unknown): string[] {
  const e = errorOf(fn);
  expect(e).toBeInstanceOf(DefinitionError);
  const d = e as DefinitionError;
  return d.problems.map((p, i) => `[${d.paths?.[i] ?? d.path}] ${p.field}`);
}

/** The files under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe('GIVEN a cdktf App with several stacks WHEN synthesized THEN one error lists every stack’s problems', () => {
  test('two LoadBalancerStacks with one mistake each: both reported, no stack written', () => {
    const tf = Testing.app();
    new LoadBalancerStack(tf, 'one', { apps: [app('web', -1)], network: NETWORK });
    new LoadBalancerStack(tf, 'two', { apps: [app('api', -1)], network: NETWORK });
    expect(problemLines(() => tf.synth())).toEqual(['[one/web] replicas', '[two/api] replicas']);
    expect(filesUnder(path.join(tf.outdir, 'stacks'))).toEqual([]);
  });

  test('a correct first stack is not written when a later stack has a mistake', () => {
    const tf = Testing.app();
    new LoadBalancerStack(tf, 'one', { apps: [app('web')], network: NETWORK });
    new LoadBalancerStack(tf, 'two', { apps: [app('api', -1)], network: NETWORK });
    expect(problemLines(() => tf.synth())).toEqual(['[two/api] replicas']);
    expect(filesUnder(path.join(tf.outdir, 'stacks'))).toEqual([]);
  });

  test("AppLoadBalancers in the user's stacks: every stack's problems, each with its path", () => {
    const tf = Testing.app();
    for (const [id, name] of [
      ['edge', 'web'],
      ['internal', 'api'],
    ]) {
      const s = new TerraformStack(tf, id);
      new AwsProvider(s, 'aws', {});
      new AppLoadBalancers(s, 'lbs', { apps: [app(name, -1)], network: NETWORK });
    }
    expect(problemLines(() => tf.synth())).toEqual(['[edge/lbs/web] replicas', '[internal/lbs/api] replicas']);
  });

  test('construction keeps what it can: a stack with a mistake adds no load balancer, the others are complete', () => {
    const tf = Testing.app();
    const good = new LoadBalancerStack(tf, 'one', { apps: [app('web')], network: NETWORK });
    const failed = new LoadBalancerStack(tf, 'two', { apps: [app('api', -1)], network: NETWORK });
    expect([...good.loadBalancers.keys()]).toEqual(['shop-web']);
    expect([...failed.loadBalancers.keys()]).toEqual([]);
    expect(expectProblems(failed).map((p) => `${p.path} ${p.field}`)).toEqual(['two/api replicas']);
    expect(problemsIn(good)).toEqual(expectProblems(tf));
  });

  test('the stacks without a mistake synthesize', () => {
    const tf = Testing.app();
    new LoadBalancerStack(tf, 'one', { apps: [app('web')], network: NETWORK });
    new LoadBalancerStack(tf, 'two', { apps: [app('api')], network: NETWORK });
    expect(problemsIn(tf)).toEqual([]);
    tf.synth();
    expect(filesUnder(path.join(tf.outdir, 'stacks')).filter((f) => f.endsWith('cdk.tf.json'))).toEqual([
      'one/cdk.tf.json',
      'two/cdk.tf.json',
    ]);
  });
});

describe('GIVEN a cdktf synth that skips validations WHEN a stack has a mistake THEN it is still reported', () => {
  test('skipValidation: true reports the problems of every stack and writes no stack', () => {
    const tf = new TfApp({ outdir: Testing.app().outdir, skipValidation: true });
    new LoadBalancerStack(tf, 'one', { apps: [app('web')], network: NETWORK });
    const s = new TerraformStack(tf, 'two');
    new AwsProvider(s, 'aws', {});
    new AppLoadBalancers(s, 'lbs', { apps: [app('api', -1)], network: NETWORK });
    expect(problemLines(() => tf.synth())).toEqual(['[two/lbs/api] replicas']);
    expect(filesUnder(path.join(tf.outdir, 'stacks'))).toEqual([]);
  });

  test("cdktf's Testing.synth(stack) and Testing.synthScope, which skip validations, report the mistakes", () => {
    const stack = new LoadBalancerStack(Testing.app(), 'one', { apps: [app('web', -1)], network: NETWORK });
    expect(problemLines(() => Testing.synth(stack))).toEqual(['[one/web] replicas']);
    const scoped = () =>
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', {});
        new AppLoadBalancers(scope, 'lbs', { apps: [app('api', -1)], network: NETWORK });
      });
    expect(problemLines(scoped)).toEqual(['[stack/lbs/api] replicas']);
  });

  test("a stack of the user's built before the one with a mistake is not written either", () => {
    const tf = Testing.app();
    const mine = new TerraformStack(tf, 'network');
    new AwsProvider(mine, 'aws', {});
    new TerraformOutput(mine, 'vpc', { value: 'vpc-0123456789abcdef0' });
    new LoadBalancerStack(tf, 'lbs', { apps: [app('api', -1)], network: NETWORK });
    expect(problemLines(() => tf.synth())).toEqual(['[lbs/api] replicas']);
    expect(filesUnder(path.join(tf.outdir, 'stacks'))).toEqual([]);
  });

  test('skipValidation: true without a mistake writes every stack', () => {
    const tf = new TfApp({ outdir: Testing.app().outdir, skipValidation: true });
    new LoadBalancerStack(tf, 'one', { apps: [app('web')], network: NETWORK });
    tf.synth();
    expect(filesUnder(path.join(tf.outdir, 'stacks'))).toContain('one/cdk.tf.json');
  });
});
