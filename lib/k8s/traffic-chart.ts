import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { TrafficApp } from '../model/app';
import type { AppSpec } from '../model/app-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import { DefinitionError, Problem } from '../model/problems';
import { MANAGED_BY } from '../model/workload/resolve-workload';
import type { Rule } from '../rules/rule';
import { AppsResolution, formatWarning, resolveApps, TrafficWarning } from '../resolve/resolve-apps';
import { addObject } from './api-object';
import { renderDataplane } from './dataplane/render-dataplane';
import { BUILT_IN_EXPOSURE_RENDERERS, ExposureRendererEntry } from './expose/exposure-renderers';
import { checkApps } from '../resolve/app-checks';
import { registerTrafficMap } from './traffic-map-writer';
import { AppWorkload } from './workload/app-workload';

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
   * Rules run on every app besides the library's own (`TRAFFIC_RULES`): errors fail the synth, warnings
   * are printed, both acknowledgeable by id like the library's.
   * @default none
   */
  readonly rules?: readonly Rule[];
  /**
   * Renderers of exposure kinds, by kind: a user's own kind (an `IExposure` whose resolved spec declares
   * its traits), or a replacement of a built-in one. An exposure whose kind has no renderer is a synth error.
   * @default the built-in kinds' renderers only
   */
  readonly renderers?: Readonly<Record<string, ExposureRendererEntry>>;
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
 * The apps are resolved together (`resolveApps`, the same resolution `LoadBalancerStack` makes): the
 * problems of all apps, and of their combination (two apps whose selectors overlap, one object written
 * twice), are reported together in one `DefinitionError`, each prefixed with the construct path of the
 * app it belongs to. Every exposure is written by the renderer of its kind (`renderers`).
 */
export class TrafficChart extends Chart {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /** The resolution the chart was built from (specs, load balancer plan, warnings, rules). */
  readonly resolution: AppsResolution;
  /** Rule warnings, acknowledgements and exposure adjustments (printed to stderr once, when the chart is built). */
  readonly warnings: readonly TrafficWarning[];
  private readonly namespaces = new Map<string, ApiObject>();
  private readonly namespaceLevels = new Map<string, 'baseline' | 'restricted'>();
  private earlier: readonly TrafficChart[] = [];
  private readonly exposureConstructs = new Map<ExposureSpec, Construct>();

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    super(scope, id, props);
    const r = resolveApps(props.apps, { path: this.node.path, rules: props.rules });
    const renderers: Readonly<Record<string, ExposureRendererEntry>> = { ...BUILT_IN_EXPOSURE_RENDERERS, ...props.renderers };
    const problems: Problem[] = [...r.problems];
    const paths = [...r.problemPaths];
    r.specs.forEach((app, i) => app.exposures.forEach((e, j) => {
      if (renderers[e.kind]) return;
      problems.push({
        field: `expose[${j}]`, value: e.kind,
        message: `is of a kind no renderer of this chart writes (known: ${Object.keys(renderers).sort().join(', ')}), so its objects would be missing`,
        fix: `register its renderer: new TrafficChart(scope, id, { apps, renderers: { '${e.kind}': { render: (scope, id, app, exposure) => ... } } })`,
      });
      paths.push(r.paths[i]);
    }));
    // The charts of one cdk8s App are one view: objects, selectors and namespaces are checked across them.
    const earlier = this.node.root.node.findAll().filter((c): c is TrafficChart => c instanceof TrafficChart && c !== this && (c as TrafficChart).resolution !== undefined);
    const others = earlier.flatMap((c) => c.specs);
    if (others.length > 0) {
      for (const c of checkApps([...others, ...r.specs])) {
        if (c.app < others.length) continue;
        problems.push(c.problem);
        paths.push(r.paths[c.app - others.length]);
      }
    }
    r.specs.forEach((app, i) => {
      const owner = earlier.find((c) => c.namespaces.has(app.namespace));
      if (!owner || app.namespace === 'default') return;
      const level = owner.namespaceLevels.get(app.namespace);
      const mine = app.security.level === 'restricted' ? 'restricted' : 'baseline';
      if (level !== undefined && level !== mine && (props.createNamespaces ?? true)) {
        problems.push({
          field: 'security', value: mine,
          message: `namespace ${app.namespace} is written by chart ${owner.node.path} with Pod Security "${level}" enforced (apps ${owner.specs.filter((x) => x.namespace === app.namespace).map((x) => x.name).join(', ')}): one namespace has one level`,
          fix: `give every app of namespace ${app.namespace} the same security level, or put this app in its own namespace`,
        });
        paths.push(r.paths[i]);
      }
    });
    this.earlier = earlier;
    if (problems.length > 0) throw new DefinitionError(this.node.path, problems, paths);
    this.resolution = r;
    this.specs = r.specs;
    // The Terraform load balancers' adjustments are the stack's to print.
    const planned = new Set(r.plans.flatMap((p) => p.members.map((m) => m.exposure as ExposureSpec)));
    this.warnings = r.warnings.filter((w) => w.exposure === undefined || !planned.has(w.exposure));
    for (const w of this.warnings) console.warn(formatWarning(w));

    if (props.createNamespaces ?? true) {
      for (const app of r.specs) this.namespaceObject(app);
    }
    for (const [i, app] of r.specs.entries()) {
      const scope = new Construct(this, r.ids[i]);
      new AppWorkload(scope, 'workload', { spec: app });
      const ordered = app.exposures.map((e, j) => ({ e, j, order: renderers[e.kind].order ?? 100 })).sort((a, b) => a.order - b.order || a.j - b.j);
      const used = new Set<string>();
      for (const { e } of ordered) {
        let cid = `${e.kind}-${e.name}`;
        for (let n = 2; used.has(cid); n++) cid = `${e.kind}-${e.name}-${n}`;
        used.add(cid);
        const c = renderers[e.kind].render(scope, cid, app, e);
        if (c) this.exposureConstructs.set(e, c);
        for (const [k, v] of Object.entries(e.traits.namespaceLabels)) this.namespaceObject(app)?.metadata.addLabel(k, v);
        for (const [k, v] of Object.entries(e.traits.namespaceAnnotations)) this.namespaceObject(app)?.metadata.addAnnotation(k, v);
      }
      renderDataplane(scope, app);
    }
    if (props.trafficMap ?? true) registerTrafficMap(this, r);
  }

  /** The construct that holds an exposure's objects (for escape hatches such as `addJsonPatch`). */
  exposureConstruct(app: TrafficApp, exposureName: string, kind?: string): Construct | undefined {
    const spec = app.resolve().spec;
    if (!this.specs.includes(spec)) return undefined;
    const e = spec.exposures.find((x) => x.name === exposureName && (kind === undefined || x.kind === kind));
    return e ? this.exposureConstructs.get(e) : undefined;
  }

  /**
   * The Namespace object of an app's namespace, created on first use (none for `default`). When an earlier
   * chart of the same cdk8s App writes the namespace, that object (one per namespace across the App).
   */
  namespaceObject(app: AppSpec): ApiObject | undefined {
    if (app.namespace === 'default') return undefined;
    const owner = this.earlier.find((c) => c.namespaces.has(app.namespace));
    if (owner) return owner.namespaces.get(app.namespace);
    let ns = this.namespaces.get(app.namespace);
    if (!ns) {
      const level = this.specs.filter((s) => s.namespace === app.namespace).some((s) => s.security.level !== 'restricted') ? 'baseline' : 'restricted';
      this.namespaceLevels.set(app.namespace, level);
      ns = addObject<INamespace>(this, `namespace-${app.namespace}`, {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: app.namespace, labels: { ...MANAGED_BY, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' } },
      });
      this.namespaces.set(app.namespace, ns);
    }
    return ns;
  }
}
