// LoadBalancerStack prepares and writes its Terraform JSON with fewer resolution passes than cdktf's TerraformStack
// (lib/aws/stack-json.ts). These tests compare every file of a synth with what cdktf's own methods write, on the
// example stacks and on a stack that holds every kind of token and references to another stack.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, Lazy, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { LoadBalancerStack } from '../../lib/aws';
import { ONE_PASS_SYNTH, prepareStackTokens } from '../../lib/aws/stack-json';
import { buildAws } from '../../apps/main-aws';
import { webApp } from './support';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Every file a synth writes, by path under the output folder. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** Synthesizes the App `build` makes, with the library's methods or with cdktf's own `prepareStack` and `toTerraform`. */
function synthFiles(build: (outdir: string) => App, methods: 'library' | 'cdktf'): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `stack-json-${methods}-`));
  outdirs.push(outdir);
  const spies =
    methods === 'cdktf'
      ? [
          jest.spyOn(LoadBalancerStack.prototype, 'prepareStack').mockImplementation(function (this: TerraformStack) {
            TerraformStack.prototype.prepareStack.call(this);
          }),
          jest.spyOn(LoadBalancerStack.prototype, 'toTerraform').mockImplementation(function (this: TerraformStack) {
            return TerraformStack.prototype.toTerraform.call(this) as Record<string, unknown>;
          }),
        ]
      : [];
  try {
    build(outdir).synth();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return readTree(outdir);
}

/** A user's network stack, and a load balancer stack that takes its VPC and subnets and outputs tokens of each kind. */
function crossStackApp(outdir: string, override = false): App {
  const app = new App({ outdir });
  const network = new TerraformStack(app, 'network');
  new AwsProvider(network, 'aws', { region: 'eu-west-1' });
  const vpc = new Vpc(network, 'vpc', { cidrBlock: '10.0.0.0/16' });
  const subnets = ['a', 'b'].map(
    (z, i) => new Subnet(network, `public-${z}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` }),
  );
  const stack = new LoadBalancerStack(app, 'edge', {
    apps: [webApp()],
    network: { vpcId: vpc.id, publicSubnetIds: subnets.map((s) => s.id), podSecurityGroupId: 'sg-0eeeeeeeeeeeeeee5' },
  });
  const outputs: Record<string, unknown> = {
    'string-token': vpc.arn,
    'list-token': Fn.join(',', [subnets[0].id, subnets[1].id]),
    'number-token': Token.asNumber(Fn.lengthOf([subnets[0].id, subnets[1].id])),
    'map-token': vpc.tagsAll,
    lazy: Lazy.stringValue({ produce: () => vpc.defaultRouteTableId }),
    literal: 'a ${literal} in text, 1e5 and a plain number',
    nested: { list: [vpc.id, 'plain'], deep: { number: Token.asNumber(vpc.id) } },
  };
  for (const [id, value] of Object.entries(outputs)) new TerraformOutput(stack, id, { value });
  if (override) stack.addOverride('terraform.required_version', '>= 1.5');
  return app;
}

test("the lighter path is taken with cdktf; cdk-traffic/aws-terrain (the build's rewrite) keeps cdktn's methods", () => {
  expect(ONE_PASS_SYNTH).toBe(true);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toTerrain } = require('../../scripts/terrain') as { toTerrain(text: string): string };
  const peers = fs.readFileSync(path.join(__dirname, '../../lib/aws/peers.ts'), 'utf8');
  expect(peers).toContain("export const CDK: string = 'cdktf';");
  expect(toTerrain(peers)).toContain("export const CDK: string = 'cdktn';");
});

test('the example stacks: every file the same as with cdktf own prepareStack and toTerraform', () => {
  const library = synthFiles((outdir) => buildAws(outdir), 'library');
  expect(Object.keys(library).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(3);
  expect(library).toEqual(synthFiles((outdir) => buildAws(outdir), 'cdktf'));
});

test('tokens of every kind and references to another stack: the same files, and the cross-stack outputs are made', () => {
  const library = synthFiles((outdir) => crossStackApp(outdir), 'library');
  expect(library).toEqual(synthFiles((outdir) => crossStackApp(outdir), 'cdktf'));
  // Not vacuous: the preparation registered the references (outputs in network, remote state in edge).
  const network = JSON.parse(library['stacks/network/cdk.tf.json']) as { output: Record<string, unknown> };
  const edge = JSON.parse(library['stacks/edge/cdk.tf.json']) as {
    data: { terraform_remote_state: Record<string, unknown> };
    output: Record<string, { value: unknown }>;
  };
  expect(Object.keys(network.output).filter((k) => k.startsWith('cross-stack-output-')).length).toBeGreaterThan(4);
  expect(Object.keys(edge.data.terraform_remote_state)).toHaveLength(1);
  expect(edge.output['number-token'].value).toMatch(/^\$\{length\(/);
  expect(edge.output.literal.value).toBe('a ${literal} in text, 1e5 and a plain number');
});

test("a stack with overrides: cdktf's own toTerraform, the override written", () => {
  const library = synthFiles((outdir) => crossStackApp(outdir, true), 'library');
  expect(library).toEqual(synthFiles((outdir) => crossStackApp(outdir, true), 'cdktf'));
  const edge = JSON.parse(library['stacks/edge/cdk.tf.json']) as { terraform: { required_version: string } };
  expect(edge.terraform.required_version).toBe('>= 1.5');
});

describe('prepareStackTokens refuses what the preparing pass of cdktf refuses, with its error', () => {
  const stackWith = (value: unknown) => {
    const stack = new LoadBalancerStack(new App({ outdir: os.tmpdir() }), 'edge', { apps: [webApp()] });
    new TerraformOutput(stack, 'bad', { value });
    return stack;
  };
  const cdktfError = (stack: TerraformStack) => {
    try {
      TerraformStack.prototype.prepareStack.call(stack);
    } catch (e) {
      return (e as Error).message.split('\n')[0];
    }
    throw new Error('cdktf accepted it');
  };
  test.each([
    ['a function', () => 'x'],
    ['a structure deeper than 200 levels', Array.from({ length: 250 }).reduce((inner) => ({ inner }), 'leaf')],
  ])('%s', (_, value) => {
    const first = cdktfError(stackWith(value))
      .replace(/ at .*/, '')
      .replace(/Path: .*/, '');
    expect(() => prepareStackTokens(stackWith(value))).toThrow(first);
  });
});
