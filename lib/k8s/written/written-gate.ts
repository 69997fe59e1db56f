import { App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { problemsOf, throwIfAny } from '../../synth/synth-problems';

/** A chart whose written objects the gate checks before the App writes any file (a `TrafficChart`). */
export interface GatedChart {
  /** Serializes the chart (after every patch), keeps the JSON for the write, and says whether its checks fail. */
  checkBeforeWriting(): boolean;
  /** The JSON kept by `checkBeforeWriting`, while the gate's synth writes it; undefined otherwise. */
  readonly checkedJson: unknown[] | undefined;
  /** Forgets the kept JSON (the synth is over). */
  releaseChecked(): void;
}

/** The id of the `WrittenCheckGate` under its App. */
const GATE_ID = 'cdk-traffic-written-checks';

/**
 * The App's gate before writing. cdk8s writes each chart as it serializes it (`App.synth`: `chart.toJson()`, then its
 * file), so a later chart whose written objects fail their checks would leave the earlier charts' files in the output
 * folder. The gate wraps the App's `synth` once: every chart is serialized and its written objects checked, and every
 * problem of the App reported, before the first file is written (as the Terraform side writes no stack while any has
 * problems); the synth then writes the JSON that was checked, serialized once. A construct under the App (it writes
 * no object), so its state lives and ends with its App.
 */
export class WrittenCheckGate extends Construct {
  /** The App's gate, added on first use; undefined when the tree's root is not a cdk8s App. */
  static of(scope: IConstruct): WrittenCheckGate | undefined {
    const app = scope.node.root;
    if (!(app instanceof App)) return undefined;
    const found = app.node.tryFindChild(GATE_ID);
    return found instanceof WrittenCheckGate ? found : new WrittenCheckGate(app);
  }

  private readonly charts: GatedChart[] = [];

  private constructor(app: App) {
    super(app, GATE_ID);
    const synth = app.synth.bind(app);
    app.synth = () => {
      try {
        // Every chart, not only up to the first that fails: each serialization is kept for the write.
        const failing = this.charts.map((c) => c.checkBeforeWriting()).some((f) => f);
        if (failing) throwIfAny(problemsOf(app));
        synth();
      } finally {
        for (const c of this.charts) c.releaseChecked();
      }
    };
  }

  /** Adds a chart whose written objects the App's synth checks before writing. */
  register(chart: GatedChart): void {
    this.charts.push(chart);
  }
}
