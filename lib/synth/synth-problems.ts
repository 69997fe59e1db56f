import type { IConstruct } from 'constructs';
import { DefinitionError, Problem } from '../model/problems';

/** A problem with the construct path it belongs to (`<chart or stack>/<app>`, a cluster construct, an object). */
export interface ProblemAt extends Problem {
  /** The construct path, e.g. `shop/web` or `shop/web/workload/service`. */
  readonly path: string;
}

/** The problems of a `DefinitionError`, each with its path. */
export function problemsAt(e: DefinitionError): ProblemAt[] {
  return e.problems.map((p, i) => ({ ...p, path: e.paths?.[i] ?? e.path }));
}

/** One `DefinitionError` listing problems found in several constructs, each with its own path. */
export function definitionErrorOf(problems: readonly ProblemAt[], path = 'synth'): DefinitionError {
  return new DefinitionError(
    path,
    problems.map(({ path: _p, ...p }) => p),
    problems.map((p) => p.path),
  );
}

/** The context key `collectProblems` sets on an App. */
export const COLLECT_PROBLEMS = 'cdk-traffic:collect-problems';

/**
 * Makes every chart, stack and cluster construct of `app` (a cdk8s or cdktf App, before anything is added to
 * it) keep its definition's problems for the synth instead of throwing them when it is built, so the synth (or
 * `synthAll`) reports every construct's problems in one `DefinitionError`. Without it, a construct throws its
 * definition's problems when it is built (the checks across constructs and of the written objects are
 * reported at synth either way). Returns `app`.
 *
 * @example
 * const app = collectProblems(new App());
 */
export function collectProblems<T extends IConstruct>(app: T): T {
  app.node.setContext(COLLECT_PROBLEMS, true);
  return app;
}

/** What a reporting construct finds beyond its construction problems. */
export interface SynthChecks {
  /** Checks that read other constructs of the tree (run at synth, when every construct exists); cheap. */
  readonly atSynth?: () => readonly ProblemAt[];
  /** Checks of the written form (manifests after every patch, Terraform after every override); costly. */
  readonly written?: () => readonly ProblemAt[];
}

/**
 * The problems of one construct of cdk-traffic (a `TrafficChart`, `LoadBalancerStack`, `AppLoadBalancers`,
 * `CiliumCluster`, `KubeProxyCluster`), reported at synth with those of every other one of the same tree, in one
 * `DefinitionError` (the pattern of cdk8s's validations: construction never throws a definition's mistakes,
 * so a second chart's mistakes are found too). The owner holds it as `synthProblems`; its construct tree is
 * the only state.
 * @see https://cdk8s.io/docs/latest/basics/constructs/#validation
 */
export class SynthProblems {
  private readonly found: ProblemAt[] = [];

  constructor(
    private readonly owner: IConstruct,
    private readonly checks: SynthChecks = {},
  ) {
    // The first construct with a problem throws every problem of the tree (cdk8s validates the whole App before
    // writing, cdktf each stack before writing it); without one, nothing more is read.
    owner.node.addValidation({
      validate: () => {
        throwIfAny(this.cheap(), () => problemsOf(owner.node.root));
        return [];
      },
    });
  }

  /**
   * Runs `build`; a `DefinitionError` it throws is kept for the synth instead of thrown. Returns whether
   * `build` finished (the owner writes nothing more when it did not).
   */
  build(build: () => void): boolean {
    try {
      build();
      return true;
    } catch (e) {
      if (!(e instanceof DefinitionError) || this.owner.node.tryGetContext(COLLECT_PROBLEMS) !== true) throw e;
      this.found.push(...problemsAt(e));
      return false;
    }
  }

  /** Keeps problems found while building for the synth (`collectProblems`), or throws them now. */
  add(problems: readonly ProblemAt[]): void {
    if (problems.length > 0 && this.owner.node.tryGetContext(COLLECT_PROBLEMS) !== true)
      throw definitionErrorOf(problems, this.owner.node.path);
    this.found.push(...problems);
  }

  /** Whether construction found problems (the owner then wrote nothing). */
  get failed(): boolean {
    return this.found.length > 0;
  }

  /** The construction problems and those of the checks at synth (no written form). */
  cheap(): ProblemAt[] {
    return [...this.found, ...(this.failed ? [] : (this.checks.atSynth?.() ?? []))];
  }

  /** Every problem, the written form's included. */
  all(): ProblemAt[] {
    return [...this.cheap(), ...(this.failed ? [] : (this.checks.written?.() ?? []))];
  }
}

function reportersOf(root: IConstruct): SynthProblems[] {
  return root.node.findAll().flatMap((c) => {
    const p = (c as { synthProblems?: unknown }).synthProblems;
    return p instanceof SynthProblems ? [p] : [];
  });
}

/**
 * Every problem of the cdk-traffic constructs under `roots` (cdk8s and cdktf Apps, charts, stacks): their
 * definitions, the checks across constructs, and (unless `written: false`) the written form's checks.
 */
export function problemsOf(
  roots: IConstruct | readonly IConstruct[],
  options: { written?: boolean } = {},
): ProblemAt[] {
  const list = Array.isArray(roots) ? (roots as readonly IConstruct[]) : [roots as IConstruct];
  return list.flatMap((root) => reportersOf(root).flatMap((r) => (options.written === false ? r.cheap() : r.all())));
}

/** Throws one `DefinitionError` when `found` is not empty, listing `complete()` (a fuller list) instead. */
export function throwIfAny(found: readonly ProblemAt[], complete: () => readonly ProblemAt[] = () => found): void {
  if (found.length === 0) return;
  const all = complete();
  throw definitionErrorOf(all.length > 0 ? all : found);
}

/** Something `synthAll` synthesizes: a cdk8s or cdktf App, or a step that synthesizes one and writes more files. */
export interface SynthStep {
  /** The construct tree the step writes (its problems are checked before anything is written). */
  readonly root: IConstruct;
  /** Writes the output. */
  readonly synth: () => void;
}

/**
 * Synthesizes several Apps (cdk8s and cdktf alike) as one synth: first every problem of every chart, stack and
 * cluster construct of all of them, in one `DefinitionError` with each construct's path; only when there is
 * none, each App's output, in order. A problem found only while writing (a check of the written form) is
 * reported with those of every App.
 *
 * @example
 * synthAll([k8sApp, tfApp]);
 * synthAll([{ root: k8sApp, synth: () => { k8sApp.synth(); writeCiliumValues(k8sApp); } }, tfApp]);
 */
export function synthAll(apps: readonly (SynthStep | (IConstruct & { synth(): unknown }))[]): void {
  const steps: SynthStep[] = apps.map((a) => ('root' in a && 'synth' in a ? (a as SynthStep) : toStep(a)));
  const roots = steps.map((s) => s.root);
  throwIfAny(problemsOf(roots, { written: false }), () => problemsOf(roots));
  for (const s of steps) {
    try {
      s.synth();
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      throwIfAny(problemsAt(e), () => problemsOf(roots));
    }
  }
}

function toStep(app: IConstruct & { synth(): unknown }): SynthStep {
  return { root: app, synth: () => void app.synth() };
}

/** A growing list of problems, each with its construct path. */
export class ProblemsAt {
  readonly items: ProblemAt[] = [];

  /** Adds a problem found at `path`. */
  add(path: string, problem: Problem): void {
    this.items.push({ ...problem, path });
  }

  /** Adds problems, each at the path of the same index. */
  addAll(problems: readonly Problem[], paths: readonly string[]): void {
    problems.forEach((p, i) => this.add(paths[i], p));
  }
}
