import type { IConstruct } from 'constructs';
import { checkArgument, isConstruct, isObject } from './arguments';

/** A synthesized cdktf stack (`cdk.tf.json`), as plain JSON. */
export interface TerraformJson {
  /** Resources by type, then by address name: `resource.aws_lb.lb_shop_web`. */
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly variable?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly output?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly [key: string]: unknown;
}

/** What `lib/aws/synth-stack.ts` exports, in each build of `lib/aws/` (cdktf, and cdktn for aws-terrain). */
interface StackSynth {
  ownsStack(stack: IConstruct): boolean;
  synthStackJson(stack: IConstruct): string;
}

/** The builds of `lib/aws/` (`cdk-traffic/aws`, `cdk-traffic/aws-terrain`): the one whose CDK made the stack synthesizes it. */
const STACK_SYNTHS = ['../aws/synth-stack', '../aws-terrain/synth-stack'];

/**
 * Synthesizes a Terraform stack (a `LoadBalancerStack`, or your own stack holding `AppLoadBalancers`) of CDK for
 * Terraform (`cdktf`) or CDK Terrain (`cdktn`) to its Terraform JSON, running the CDK's validations. Every stack
 * of its App is prepared first, as `app.synth()` does, so references to another stack of the App come out as
 * written (a `terraform_remote_state` here, an output in the other stack). The CDK is loaded here, on first use,
 * so `cdk-traffic/testing` works in Kubernetes-only projects.
 *
 * @example
 * const tf = synthStack(new LoadBalancerStack(new App(), 'shop', { apps: [shop], network }));
 * expect(Object.keys(resourcesOf(tf, 'aws_lb'))).toHaveLength(1);
 */
export function synthStack(stack: IConstruct): TerraformJson {
  checkArgument(
    'synthStack',
    'stack',
    stack,
    isConstruct(stack),
    'a TerraformStack of cdktf or cdktn',
    'pass the LoadBalancerStack or your stack',
  );
  for (const file of STACK_SYNTHS) {
    let synth: StackSynth;
    try {
      synth = require(file) as StackSynth; // eslint-disable-line @typescript-eslint/no-require-imports
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') continue; // that CDK is not installed
      throw e;
    }
    if (synth.ownsStack(stack)) return JSON.parse(synth.synthStackJson(stack)) as TerraformJson;
  }
  throw new Error(
    `synthStack: ${stack.node.path} is not a TerraformStack of an installed cdktf (cdk-traffic/aws) or cdktn (cdk-traffic/aws-terrain). Fix: pass the stack (a LoadBalancerStack, or your TerraformStack holding AppLoadBalancers)`,
  );
}

/**
 * The resources of one type (e.g. `aws_lb_target_group`), by address name; empty when there is none.
 *
 * @example
 * const groups = resourcesOf(synthStack(stack), 'aws_lb_target_group');
 * expect(Object.values(groups).map((g) => g.port)).toEqual([8080]);
 */
export function resourcesOf(
  tf: TerraformJson,
  type: string,
): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  checkArgument(
    'resourcesOf',
    'tf',
    tf,
    isObject(tf),
    'the synthesized Terraform JSON',
    'pass what synthStack(stack) returns',
  );
  checkArgument(
    'resourcesOf',
    'type',
    type,
    typeof type === 'string' && type !== '',
    'a resource type',
    "pass e.g. 'aws_lb'",
  );
  return tf.resource?.[type] ?? {};
}
