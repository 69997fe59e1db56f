import { App, Aspects } from 'cdktf';
import type { IConstruct } from 'constructs';
import { problemsOf, throwIfAny } from '../synth/synth-problems';

/**
 * Keeps a definition's problems from being dropped when the cdktf App skips its validations
 * (`new App({ skipValidation: true })`): the construct then reports every problem of the tree from an aspect,
 * which cdktf runs on each stack before writing it, whatever `skipValidation` says. A construct with problems
 * adds nothing, so without this the stack would be written without its load balancers and without a word.
 * With validations on (cdktf's default), the validation reports them and this does nothing.
 * @see https://developer.hashicorp.com/terraform/cdktf/concepts/aspects
 */
export function reportWithoutValidation(scope: IConstruct): void {
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope || !App.of(scope).skipValidation) return;
      const root = scope.node.root;
      throwIfAny(problemsOf(root, { written: false }), () => problemsOf(root));
    },
  });
}
