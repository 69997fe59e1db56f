import {
  DefaultTokenResolver,
  StringConcat,
  Tokenization,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  Token,
} from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CDK } from './peers';

/**
 * Whether `LoadBalancerStack` prepares and writes its JSON with the functions below: with cdktf, whose last release
 * line (0.21; the project is archived, CDK Terrain is its maintained fork) they follow and `test/aws/stack-json.test.ts`
 * compares them with. CDK Terrain still changes both methods (cdktn 0.24 keeps per-pass bookkeeping of the functions
 * and provider features a synth uses in `prepareStack`), so in `cdk-traffic/aws-terrain` cdktn's own methods run.
 */
export const ONE_PASS_SYNTH = CDK === 'cdktf';

/** A JSON object of the stack's configuration, as cdktf builds it. */
type Json = Record<string, unknown>;

/**
 * The stack's Terraform JSON as cdktf's `TerraformStack.toTerraform()` builds it, with one resolution pass less:
 * cdktf resolves each element's fragment, keeps every fragment until all are resolved, merges them, and then
 * resolves the whole merged configuration once more. Resolving resolved JSON gives the same JSON (every token was
 * resolved, recursively, in the first pass), so here each fragment is merged as soon as it is resolved and only
 * what was never resolved (the metadata block) is resolved at the end: neither all the fragments nor a second copy of
 * the configuration are kept while it is built. The caller uses cdktf's own method when the stack has overrides
 * (cdktf merges them unresolved). `test/aws/stack-json.test.ts` compares every file of a synth with cdktf's.
 * @see https://github.com/hashicorp/terraform-cdk/blob/main/packages/cdktf/lib/terraform-stack.ts
 */
export function stackJson(stack: TerraformStack): Json {
  const resolve = resolverIn(stack, false) as (value: unknown) => Json;
  const elements = terraformElements(stack, []);
  const metadata: Json = {
    version: stack.node.tryGetContext('cdktfVersion') as unknown,
    stackName: stack.node.id,
    backend: 'local',
    cloud: undefined,
  };
  for (const element of elements) mergeJson(metadata, resolve(element.toMetadata()));
  const outputs: Json = {};
  for (const element of elements) {
    if (TerraformOutput.isTerraformOutput(element)) mergeJson(outputs, outputPath(element));
  }
  const tf: Json = { '//': resolve({ metadata, outputs }) };
  for (const element of elements) mergeJson(tf, resolve(element.toTerraform()), true);
  return tf;
}

/**
 * cdktf's preparing pass (`TerraformStack.prepareStack`) with the same effects and less work: cdktf resolves every
 * element's whole configuration once with `preparing: true` and drops the result, for what resolving a token then
 * does (a reference to another stack's resource registers the cross-stack output and remote state). Resolving a value
 * without tokens does nothing, so here only the values that hold a token are resolved, in the same order, each as
 * cdktf would reach it (the contexts of the plain objects and lists above a value carry nothing).
 */
export function prepareStackTokens(stack: TerraformStack): void {
  const resolve = resolverIn(stack, true);
  for (const element of terraformElements(stack, [])) {
    const json = element.toTerraform();
    // What cdktf's resolution refuses: resolve the whole configuration as cdktf does, for its own error and path.
    if (!resolveTokensIn(json, resolve, 0)) resolve(json);
  }
}

/**
 * Resolves each part of `value` that holds a token (a string, number, list or map token, or a resolvable); false,
 * having stopped, at what cdktf's resolution refuses: a function, a construct, a structure deeper than its 200 levels
 * (e.g. one that holds itself).
 */
function resolveTokensIn(value: unknown, resolve: (value: unknown) => unknown, depth: number): boolean {
  if (typeof value === 'string' || typeof value === 'number') {
    if (mayHoldToken(value)) resolve(value);
    return true;
  }
  if (typeof value === 'function' || depth > 200) return false;
  if (Array.isArray(value)) {
    if (value.some(mayHoldToken)) resolve(value);
    else for (const item of value) if (!resolveTokensIn(item, resolve, depth + 1)) return false;
  } else if (typeof value === 'object' && value !== null) {
    if (Construct.isConstruct(value)) return false;
    if (Tokenization.isResolvable(value) || Object.keys(value).some(mayHoldToken)) resolve(value);
    else for (const item of Object.values(value)) if (!resolveTokensIn(item, resolve, depth + 1)) return false;
  }
  return true;
}

/**
 * Whether a string or number may hold a token: a token number, or a string with cdktf's token marker or a number in
 * exponent form (a token number concatenated into a string). A false positive only costs a resolution.
 */
function mayHoldToken(value: unknown): boolean {
  if (typeof value === 'number') return Token.isUnresolved(value);
  return typeof value === 'string' && (value.includes('TfToken[') || /\d[eE][-+]?\d/.test(value));
}

/** Resolves a value in the stack as cdktf's own `resolve(stack, value, preparing)` does (the same token resolver). */
function resolverIn(stack: TerraformStack, preparing: boolean): (value: unknown) => unknown {
  const resolver = new DefaultTokenResolver(new StringConcat());
  return (value) => Tokenization.resolve(value, { scope: stack, resolver, preparing }) as unknown;
}

/** `{ a: { b: { c: <friendly id> } } }` for the output at path `a/b/c`. */
function outputPath(output: TerraformOutput): Json {
  const parts = output.node.path.split('/');
  let inner: unknown = output.friendlyUniqueId;
  for (let i = parts.length - 1; i >= 0; i--) inner = { [parts[i]]: inner };
  return inner as Json;
}

/** The stack's Terraform elements in construct order, not descending into nested stacks. */
function terraformElements(node: IConstruct, into: TerraformElement[]): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

/**
 * Merges `source` into `target` as cdktf's `deepMerge` does: objects merged key by key, lists concatenated, an
 * `undefined` value deletes the key, a resolvable replaces what is there. With `adopt` (a source made for this merge,
 * such as a freshly resolved fragment), an object the target does not have yet is taken as it is instead of copied
 * into a new one: the same keys in the same order.
 */
function mergeJson(target: Json, source: Json, adopt = false): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const before = target[key];
      if (Tokenization.isResolvable(value)) target[key] = value;
      else if (typeof before === 'object' && before !== null) mergeJson(before as Json, value as Json, adopt);
      else if (adopt) target[key] = value;
      else mergeJson((target[key] = {}), value as Json);
    } else if (Array.isArray(value)) {
      const before = target[key];
      target[key] = Array.isArray(before) ? [...(before as unknown[]), ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}
