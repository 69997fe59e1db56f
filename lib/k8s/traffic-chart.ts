import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { AppSpec } from '../model/app-spec';
import { TrafficApp } from '../model/app';
import { Problems, Warning, acknowledgeWarnings, printWarnings } from '../model/problems';
import { runRules } from '../rules/run-rules';
import { MANAGED_BY } from '../model/workload/resolve-workload';
import { addObject } from './api-object';
import { APP_RENDERERS } from './app-renderers';
import { checkApps } from './chart-checks';

/** Props of `TrafficChart`. */
export interface TrafficChartProps extends ChartProps {
  /** The apps rendered into this chart (one output file). */
  readonly apps: readonly TrafficApp[];
  /**
   * Write a Namespace object for each namespace the apps use (other than `default`), labelled with the
   * Pod Security Standards level the apps meet, so the API server enforces it.
   * @default true
   */
  readonly createNamespaces?: boolean;
  /**
   * Not supported (inherited from cdk8s `ChartProps`): every app has its own namespace, written on each of
   * its objects, so a chart-wide default would be ignored or contradict it. Giving it is an error; set
   * `namespace` on each app instead (`TrafficApp.define({ namespace: 'shop', ... })`).
   * @default none
   */
  readonly namespace?: undefined;
  /**
   * Warnings acknowledged for every app of the chart, by id, each with a reason (per app, use the app's
   * `traffic.acknowledge`). An acknowledged warning is printed with its reason; an id that no warning of
   * the chart carries is an error (it would acknowledge nothing).
   * @default none
   */
  readonly acknowledge?: Readonly<Record<string, string>>;
  /**
   * Print the warnings to stderr once, when the chart is built (they are always in `warnings`).
   * @default true, unless the environment variable CDK_TRAFFIC_SILENCE_WARNINGS is 1 or true
   */
  readonly printWarnings?: boolean;
}

/**
 * A cdk8s chart holding the Kubernetes side of one or more apps.
 *
 * Every app is resolved first; the problems of all apps (and of their combination, such as two apps
 * whose selectors overlap) are reported together in one `DefinitionError`, each prefixed with the
 * construct path of the app it belongs to.
 */
export class TrafficChart extends Chart {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /**
   * The rule findings of severity warning and the acknowledged findings of every app, each with its rule
   * id and the construct path of its app; printed once, when the chart is built, as
   * `[<chart>/<app>] [<id>] warning: <field>: <message>. Fix: <fix>`.
   */
  readonly warnings: readonly Warning[];
  private readonly namespaces = new Map<string, ApiObject>();

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    const { namespace, ...chartProps } = (props ?? {}) as TrafficChartProps & { namespace?: unknown };
    super(scope, id, chartProps);
    const problems = new Problems();
    const paths: string[] = [];
    if (namespace !== undefined) {
      paths.push(this.node.path);
      problems.add('namespace', namespace, 'TrafficChart does not take a chart-wide namespace: each app has its own, written on its objects',
        'remove it from the chart and set `namespace` on each app: TrafficApp.define({ namespace: ..., ... })');
    }
    if (!Array.isArray(props?.apps)) {
      paths.push(this.node.path);
      problems.add('apps', props?.apps, 'is not a list of apps', 'give `apps: [TrafficApp.define({...}), ...]`');
      throw problems.toError(this.node.path, paths);
    }
    const ids = appIds(props.apps);
    const specs = props.apps.map((app, i) => {
      const path = `${this.node.path}/${ids[i]}`;
      const r = app.resolve();
      for (const p of r.problems) {
        paths.push(path);
        problems.add(p.field, p.value, p.message, p.fix, p.ruleId);
      }
      return r.spec;
    });
    for (const c of checkApps(specs)) {
      paths.push(`${this.node.path}/${ids[c.app]}`);
      problems.add(c.problem.field, c.problem.value, c.problem.message, c.problem.fix, c.problem.ruleId);
    }
    const raised = specs.flatMap((app, i) => runRules(app)
      .filter((r) => r.severity === 'warning' || r.acknowledged !== undefined)
      .map((r): Warning => ({ id: r.ruleId, path: `${this.node.path}/${ids[i]}`, field: r.field, message: r.message, fix: r.fix, acknowledged: r.acknowledged })));
    const before = problems.size;
    this.warnings = acknowledgeWarnings(problems, raised, props.acknowledge);
    for (let i = before; i < problems.size; i++) paths.push(this.node.path);
    if (problems.size > 0) throw problems.toError(this.node.path, paths);
    this.specs = specs;
    printWarnings(this.warnings, props.printWarnings);

    if (props.createNamespaces ?? true) {
      for (const app of specs) this.namespaceObject(app);
    }
    for (const [i, app] of specs.entries()) {
      const scope = new Construct(this, ids[i]);
      for (const render of APP_RENDERERS) render(scope, app, this);
    }
  }

  /** The Namespace object of an app's namespace, created on first use (none for `default`). */
  namespaceObject(app: AppSpec): ApiObject | undefined {
    if (app.namespace === 'default') return undefined;
    let ns = this.namespaces.get(app.namespace);
    if (!ns) {
      const level = this.specs.filter((s) => s.namespace === app.namespace).some((s) => s.security.level !== 'restricted') ? 'baseline' : 'restricted';
      ns = addObject<INamespace>(this, `namespace-${app.namespace}`, {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: app.namespace, labels: { ...MANAGED_BY, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' } },
      });
      this.namespaces.set(app.namespace, ns);
    }
    return ns;
  }
}

/** Construct ids of the apps: the name, or `<namespace>-<name>` where two namespaces hold the same name. */
function appIds(apps: readonly TrafficApp[]): string[] {
  const count = new Map<string, number>();
  for (const a of apps) count.set(a.name, (count.get(a.name) ?? 0) + 1);
  return apps.map((a) => ((count.get(a.name) ?? 0) > 1 ? `${a.props.namespace ?? 'default'}-${a.name}` : a.name));
}
