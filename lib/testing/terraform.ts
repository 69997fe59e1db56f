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

/**
 * Synthesizes a cdktf `TerraformStack` (a `LoadBalancerStack`, or your own stack holding `AppLoadBalancers`)
 * to its Terraform JSON, running cdktf's validations. Every stack of its App is prepared first, as
 * `app.synth()` does, so references to another stack of the App come out as cdktf writes them (a
 * `terraform_remote_state` here, an output in the other stack). cdktf is loaded here, on first use, so
 * `cdk-traffic/testing` works in Kubernetes-only projects.
 */
export function synthStack(stack: IConstruct): TerraformJson {
  checkArgument(
    'synthStack',
    'stack',
    stack,
    isConstruct(stack),
    'a cdktf TerraformStack',
    'pass the LoadBalancerStack or your stack',
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Testing, TerraformStack } = require('cdktf') as typeof import('cdktf');
  if (!TerraformStack.isStack(stack)) throw new Error(`synthStack: ${stack.node.path} is not a cdktf TerraformStack`);
  for (const s of stack.node.root.node.findAll().filter((c) => TerraformStack.isStack(c)))
    (s as InstanceType<typeof TerraformStack>).prepareStack();
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/** The resources of one type (e.g. `aws_lb_target_group`), by address name; empty when there is none. */
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
