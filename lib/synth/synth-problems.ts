import type { IConstruct } from 'constructs';
import { DefinitionError, Problem } from '../model/problems';
import { registerReporter, registeredReporters } from './reporter-registry';

/** A problem with the construct path it belongs to (`<chart or stack>/<app>`, a cluster construct, an object). */
export interface ProblemAt extends Problem {
  /** The construct path, e.g. `shop/web` or `shop/web/workload/service`. */
  readonly path: string;
}

/** The problems of a `DefinitionError`, each with its path. */
export function problemsAt(e: DefinitionError): ProblemAt[] {
  return e.problems.map((p, i) => ({ ...p, path: e.paths?.[i] ?? e.path }));
}

/**
 * One `DefinitionError` listing problems found in several constructs, each with its own path; reported on `path`,
 * by default the construct path all of them share (`shop` for `shop/web` and `shop/api`), else `synth`.
 */
export function definitionErrorOf(problems: readonly ProblemAt[], path = commonPath(problems)): DefinitionError {
  return new DefinitionError(
    path,
    problems.map(({ path: _p, ...p }) => p),
    problems.map((p) => p.path),
  );
}

/** The longest construct path every problem's path starts with, or `synth` when they share none. */
function commonPath(problems: readonly ProblemAt[]): string {
  const [first = [], ...rest] = problems.map((p) => p.path.split('/'));
  let n = first.length;
  for (const r of rest) {
    let i = 0;
    while (i < n && r[i] === first[i]) i += 1;
    n = i;
  }
  return n > 0 && first[0] !== '' ? first.slice(0, n).join('/') : 'synth';
}

/**
 * Kept for compatibility: every chart, stack and cluster construct keeps its definition's problems for the synth
 * by default (construction never throws a definition's mistakes), and the first `app.synth()` (or `synthAll`)
 * reports those of every construct of the tree in one `DefinitionError`. It returns `app` unchanged; leave it out in new
 * code.
 *
 * @deprecated collecting is the default: `new App()` does what `collectProblems(new App())` did.
 * @example
 * const app = collectProblems(new App()); // the same as new App()
 */
export function collectProblems<T extends IConstruct>(app: T): T {
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
    owner: IConstruct,
    private readonly checks: SynthChecks = {},
  ) {
    // The tree's first reporting construct throws every problem of the tree found before writing (cdk8s validates
    // the whole App before writing, cdktf each stack before writing it, so a later stack's problems are reported
    // before the first stack is written); the others throw only when they find problems of their own.
    registerReporter(owner, this);
    owner.node.addValidation({
      validate: () => {
        const root = owner.node.root;
        const found = reportersOf(root)[0] === this ? problemsOf(root, { written: false }) : this.cheap();
        throwIfAny(found, () => problemsOf(root));
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
      if (!(e instanceof DefinitionError)) throw e;
      this.found.push(...problemsAt(e));
      return false;
    }
  }

  /** Keeps problems found while building for the synth. */
  add(problems: readonly ProblemAt[]): void {
    this.found.push(...problems);
  }

  /** The problems found while building (no check at synth). */
  built(): ProblemAt[] {
    return [...this.found];
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

/** The `synthProblems` of `c`, if it is a reporting construct. */
function reporterOf(c: IConstruct): SynthProblems | undefined {
  const p = (c as { synthProblems?: unknown }).synthProblems;
  return p instanceof SynthProblems ? p : undefined;
}

/** Every reporting construct of the tree, in pre-order (the order cdk8s runs validations). */
function reportersOf(root: IConstruct): SynthProblems[] {
  return registeredReporters(root, reporterOf);
}

/**
 * Every problem of the cdk-traffic constructs under `roots` (cdk8s and cdktf Apps, charts, stacks): their
 * definitions, the checks across constructs, and (unless `written: false`) the written form's checks.
 *
 * @example
 * problemsOf([k8sApp, tfApp]).map((p) => `[${p.path}] ${p.field}: ${p.message}`)
 */
export function problemsOf(
  roots: IConstruct | readonly IConstruct[],
  options: { written?: boolean } = {},
): ProblemAt[] {
  const list = Array.isArray(roots) ? (roots as readonly IConstruct[]) : [roots as IConstruct];
  return list.flatMap((root) => reportersOf(root).flatMap((r) => (options.written === false ? r.cheap() : r.all())));
}

/** The problems every cdk-traffic construct under `root` found while it was built (no check at synth). */
export function builtProblemsOf(root: IConstruct): ProblemAt[] {
  return reportersOf(root).flatMap((r) => r.built());
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
