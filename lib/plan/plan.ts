import { diffFacts } from './diff';
import { kubernetesFacts } from './k8s-facts';
import { OutputIndex } from './output-index';
import { readSynthOutput, type SynthOutput } from './read-output';
import { terraformFacts } from './tf-facts';
import type { Fact, Plan } from './types';

/**
 * Every traffic fact of one synth output. The Kubernetes output tells which app a Terraform target group serves
 * (its TargetGroupBinding); with the Terraform output alone, its resources are reported per load balancer.
 */
export function outputFacts(output: SynthOutput): Fact[] {
  const index = new OutputIndex(output);
  return [...kubernetesFacts(output, index), ...terraformFacts(output, index)];
}

/**
 * The traffic plan between two synth output folders (each a cdk8s output folder, a cdktf output folder, or a
 * folder holding both).
 * @throws PlanInputError when a folder or a file in it cannot be read.
 * @example
 * const plan = planFolders('base/', 'head/');
 * console.log(renderPlan(plan, 'text'));
 */
export function planFolders(base: string, head: string): Plan {
  const b = readSynthOutput(base);
  const h = readSynthOutput(head);
  return diffFacts(base, head, outputFacts(b), outputFacts(h));
}
