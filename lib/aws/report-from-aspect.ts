import { Aspects, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { builtProblemsOf, problemsOf, throwIfAny } from '../synth/synth-problems';
import { stacksUnder } from './across-stacks';

/**
 * Reports the definition's mistakes of every construct of the tree from an aspect, which cdktf runs on each stack
 * before writing it whether or not it validates: `app.synth()` with `skipValidation: true`, and cdktf's
 * `Testing.synth(stack)` / `Testing.synthScope(...)`, which skip validations by default. A construct with mistakes
 * adds nothing, so without this such a stack would be written without its load balancers and without a word. Only
 * the mistakes found when the constructs were built are read here (no cost beyond a walk of the tree); the checks at
 * synth (target groups after overrides, names across stacks) run with the validations.
 * @see https://developer.hashicorp.com/terraform/cdktf/concepts/aspects
 */
export function reportFromAspect(scope: IConstruct): void {
  // On the construct's own stack and on every stack built before it (cdktf writes stacks in construct order, so a
  // stack of the user's made earlier would otherwise be written before the mistakes are reported).
  const own = TerraformStack.of(scope);
  const earlier = stacksUnder(scope.node.root).filter((s) => s !== own);
  for (const stack of [...earlier, own]) {
    Aspects.of(stack).add({
      visit: (node) => {
        if (node !== stack) return;
        const root = scope.node.root;
        throwIfAny(builtProblemsOf(root), () => problemsOf(root, { written: false }));
      },
    });
  }
}
