import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { AppSpec } from '../model/app-spec';
import { TrafficApp } from '../model/app';
import { Problems } from '../model/problems';
import { MANAGED_BY } from '../model/workload/resolve-workload';
import { addObject } from './api-object';
import { APP_RENDERERS } from './app-renderers';
import { checkApps } from './chart-checks';
import { registerTrafficMap } from './traffic-map-writer';

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
   * Write the chart's traffic map (`<chart>.traffic.md` with Mermaid, `<chart>.traffic.svg`) and its apps'
   * part of `SUMMARY.md` into the App's outdir when the App synthesizes (see `traffic-map-writer.ts`).
   * @default true
   */
  readonly trafficMap?: boolean;
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
  private readonly namespaces = new Map<string, ApiObject>();

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    super(scope, id, props);
    const problems = new Problems();
    const paths: string[] = [];
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
    if (problems.size > 0) throw problems.toError(this.node.path, paths);
    this.specs = specs;

    if (props.createNamespaces ?? true) {
      for (const app of specs) this.namespaceObject(app);
    }
    for (const [i, app] of specs.entries()) {
      const scope = new Construct(this, ids[i]);
      for (const render of APP_RENDERERS) render(scope, app, this);
    }
    if (props.trafficMap ?? true) registerTrafficMap(this, () => this.specs, ids);
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
