import type { IConstruct } from 'constructs';

/**
 * The key of a tree's registry of reporting constructs, a property of the tree's root (non-enumerable): the registry
 * lives and ends with its App, and the tree itself is unchanged (no construct added).
 */
const REGISTRY: unique symbol = Symbol.for('cdk-traffic.reporting-constructs');

/** A reporting construct and what it reports with. */
interface Registered {
  readonly owner: IConstruct;
  readonly reporter: unknown;
}

function isRegistry(v: unknown): v is Registered[] {
  return Array.isArray(v);
}

/** The root's registry; none (an empty list, nothing added to the root) before the first registration. */
function registryOf(root: IConstruct): readonly Registered[] {
  const found: unknown = Reflect.get(root, REGISTRY);
  return isRegistry(found) ? found : [];
}

/** Registers `owner` (a chart, stack or cluster construct) as reporting its problems with `reporter`. */
export function registerReporter(owner: IConstruct, reporter: unknown): void {
  const root = owner.node.root;
  const found: unknown = Reflect.get(root, REGISTRY);
  if (isRegistry(found)) found.push({ owner, reporter });
  else Object.defineProperty(root, REGISTRY, { value: [{ owner, reporter }] });
}

/**
 * The reporters registered under `scope` (the tree's root or any construct in it), in the pre-order of their owners
 * (the order cdk8s runs validations), as a walk of `scope` finds them: those whose owners are in its subtree and still
 * report with them (`current`). A registry instead of a walk: the walk ran twice per synth over every construct (N
 * apps: about 6N constructs).
 */
export function registeredReporters<T>(scope: IConstruct, current: (owner: IConstruct) => T | undefined): T[] {
  const positioned: { readonly at: readonly number[]; readonly reporter: T }[] = [];
  for (const r of registryOf(scope.node.root)) {
    const reporter = current(r.owner);
    const at = reporter === r.reporter ? positionOf(scope, r.owner) : undefined;
    if (reporter !== undefined && at) positioned.push({ at, reporter });
  }
  return positioned.sort((a, b) => compareAt(a.at, b.at)).map((p) => p.reporter);
}

/** The child indexes from `top` down to `c` (pre-order position); undefined when `c` is not (or no longer) under it. */
function positionOf(top: IConstruct, c: IConstruct): number[] | undefined {
  const at: number[] = [];
  let node = c;
  while (node !== top) {
    const scope = node.node.scope;
    if (!scope || scope.node.tryFindChild(node.node.id) !== node) return undefined;
    at.push(scope.node.children.indexOf(node));
    node = scope;
  }
  return at.reverse();
}

/** Pre-order: an ancestor before its descendants, then by child index. */
function compareAt(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
