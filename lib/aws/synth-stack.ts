import { TerraformStack, Testing } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * Whether a construct is a stack of the CDK this folder is built for (`cdktf` for `cdk-traffic/aws`, `cdktn` for
 * `cdk-traffic/aws-terrain`): `synthStack` of `cdk-traffic/testing` picks the build whose CDK made the stack.
 */
export function ownsStack(stack: IConstruct): boolean {
  return stack instanceof TerraformStack;
}

/**
 * A stack's Terraform JSON, with the CDK's validations. Every stack of its App is prepared first, as `app.synth()`
 * does, so references to another stack come out as written (a `terraform_remote_state` here, an output there).
 */
export function synthStackJson(stack: TerraformStack): string {
  for (const s of stack.node.root.node.findAll().filter((c) => TerraformStack.isStack(c)))
    (s as TerraformStack).prepareStack();
  return Testing.synth(stack, true);
}
