import { Aspects } from 'cdktf';
import type { IConstruct } from 'constructs';
import { builtProblemsOf, problemsOf, throwIfAny } from '../synth/synth-problems';

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
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope) return;
      const root = scope.node.root;
      throwIfAny(builtProblemsOf(root), () => problemsOf(root, { written: false }));
    },
  });
}
