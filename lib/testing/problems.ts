import type { IConstruct } from 'constructs';
import { DefinitionError, Problem, Warning } from '../model/problems';
import { checkArgument, isConstruct } from './arguments';
import { problemsOf } from '../synth/synth-problems';

/** A problem of a `DefinitionError`, with the construct path it was reported on. */
export interface ProblemAt extends Problem {
  /** The construct path, e.g. `test/web` (chart or stack, then app). */
  readonly path: string;
}

/**
 * Runs `build` (e.g. `() => new TrafficChart(app, 'c', { apps })`) and returns the problems of the
 * `DefinitionError` it throws, each with its path, or, when it returns a construct (a chart, stack, App, or an
 * object holding one, like `synthApps`'s), the problems the synth of its tree would report (charts, stacks and
 * cluster constructs keep their definition's problems for the synth). Throws when there is none, or on another error.
 *
 * @example
 * const problems = definitionProblems(() => synthApps([TrafficApp.define({ ...props, replicas: -1 })]));
 * expect(problems.map((p) => p.field)).toContain('replicas');
 */
export function definitionProblems(build: () => unknown): ProblemAt[] {
  checkArgument(
    'definitionProblems',
    'build',
    build,
    typeof build === 'function',
    'a function that builds',
    'pass e.g. () => synthApps([app])',
  );
  let built: unknown;
  try {
    built = build();
  } catch (e) {
    if (!(e instanceof DefinitionError)) throw e;
    return e.problems.map((p, i) => ({ ...p, path: e.paths?.[i] ?? e.path }));
  }
  const roots = constructsIn(built).map((c) => c.node.root);
  const found = roots.length > 0 ? problemsOf([...new Set(roots)]) : [];
  if (found.length > 0) return found;
  throw new Error('expected a DefinitionError, nothing was thrown and the synth would report no problem');
}

/**
 * The problems the synth of `scope`'s tree would report, each with its path: every chart, stack and cluster
 * construct of its App (`scope` may be the App, a chart, a stack or any construct in it) keeps its definition's
 * problems for the synth, and the written form's checks (objects after every patch, Terraform after every
 * override) are included. Nothing is written. Throws when there is none, naming the tree, so a test of a mistake
 * fails when the mistake is no longer found.
 *
 * @example
 * const app = new App();
 * new TrafficChart(app, 'shop', { apps: [TrafficApp.define({ ...web, replicas: -1 })] });
 * expect(expectProblems(app).map((p) => `${p.path} ${p.field}`)).toEqual(['shop/web replicas']);
 */
export function expectProblems(scope: IConstruct): ProblemAt[] {
  const found = treeProblems('expectProblems', scope);
  if (found.length > 0) return found;
  throw new Error(
    `expectProblems: the synth of ${scope.node.root.node.path || 'the App'} would report no problem (expected at least one)`,
  );
}

/**
 * The problems the synth of `scope`'s tree would report, as `expectProblems` finds them, or an empty list: for a
 * test that a definition is accepted (`expect(problemsIn(app)).toEqual([])`).
 *
 * @example
 * const app = Testing.app();
 * new TrafficChart(app, 'shop', { apps: [shop] });
 * expect(problemsIn(app)).toEqual([]);
 */
export function problemsIn(scope: IConstruct): ProblemAt[] {
  return treeProblems('problemsIn', scope);
}

/** The problems of `scope`'s tree, the argument checked for `helper`. */
function treeProblems(helper: string, scope: IConstruct): ProblemAt[] {
  checkArgument(
    helper,
    'scope',
    scope,
    isConstruct(scope),
    'a construct',
    'pass the cdk8s or cdktf App, a chart, a stack or a cluster construct',
  );
  return problemsOf(scope.node.root);
}

/** The construct `value` is, or those its properties hold (one level). */
function constructsIn(value: unknown): IConstruct[] {
  if (isConstruct(value)) return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).filter(isConstruct);
}

/**
 * Every warning of the cdk-traffic constructs in a construct tree (TrafficChart, LoadBalancerStack,
 * AppLoadBalancers): pass the cdk8s or cdktf App, a chart or a stack.
 *
 * @example
 * expect(warningsOf(app).map((w) => w.id)).not.toContain('CT-TRAFFIC-040');
 */
export function warningsOf(scope: IConstruct): Warning[] {
  checkArgument('warningsOf', 'scope', scope, isConstruct(scope), 'a construct', 'pass a chart, a stack or the App');
  return scope.node.findAll().flatMap((c) => (hasWarnings(c) ? c.warnings : []));
}

function hasWarnings(c: IConstruct): c is IConstruct & { readonly warnings: readonly Warning[] } {
  const w = (c as { warnings?: unknown }).warnings;
  return (
    Array.isArray(w) &&
    w.every(
      (x: unknown) =>
        typeof x === 'object' &&
        x !== null &&
        typeof (x as Warning).id === 'string' &&
        typeof (x as Warning).path === 'string',
    )
  );
}
