import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { TrafficApp } from '../model/app';
import type { AppSpec } from '../model/app-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import { Problems, Warning, acknowledgeWarnings, printWarnings } from '../model/problems';
import { MANAGED_BY } from '../model/workload/resolve-workload';
import type { Rule } from '../rules/rule';
import { AppsResolution, resolveApps } from '../resolve/resolve-apps';
import { TrafficTargets } from '../synth/traffic-targets';
import type { TrafficTargetsProps } from '../model/targets/targets-props';
import { addObject } from './api-object';
import { renderDataplane } from './dataplane/render-dataplane';
import type { ExposureRendererEntry } from './expose/exposure-renderers';
import { registeredRenderers } from './expose/renderer-registration';
import { renderObserve } from './observe/render-observe';
import { acrossChartAppProblems } from './across-charts';
import { checkChartFlags } from './chart-flags';
import { renderDelivery, yieldExposureObjects } from './delivery/render-delivery';
import { registerTrafficMap } from './traffic-map-writer';
import { AppWorkload } from './workload/app-workload';
import { AppObjects, exposureId } from './app-objects';
import { ProblemAt, ProblemsAt, SynthProblems, problemsOf, throwIfAny } from '../synth/synth-problems';
import { checkWrittenObjects, writtenProblemsAt } from './written/written-checks';
import { WrittenCheckGate } from './written/written-gate';

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
   * @default true, unless CDK_TRAFFIC_QUIET or CDK_TRAFFIC_SILENCE_WARNINGS is 1 or true, or under jest or vitest
   */
  readonly printWarnings?: boolean;
  /**
   * Print the chart's apps in the summary `app.synth()` prints to stderr (the summary names `SUMMARY.md`).
   * @default true, unless CDK_TRAFFIC_QUIET is 1 or true, or under jest or vitest
   */
  readonly printSummary?: boolean;
  /**
   * Write the chart's traffic map (`<chart>.traffic.md` with Mermaid, `<chart>.traffic.svg`) and its apps'
   * part of `SUMMARY.md` into the App's outdir when the App synthesizes (see `traffic-map-writer.ts`).
   * @default true
   */
  readonly trafficMap?: boolean;
  /**
   * Targets of this chart over those declared on its App (`TrafficTargets.declare`): the versions the chart's
   * output must run on (Kubernetes, Gateway API and its channel, Cilium, Istio, Linkerd, ...). Fields, values and
   * channels are chosen from them, and what they cannot run is refused (CT-TARGET-*).
   * @default the App's declared targets, else the library's defaults (docs/targets.md)
   */
  readonly targets?: TrafficTargetsProps;
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
  /** The resolved apps, in the order given (none when the chart has problems, reported at synth). */
  readonly specs: readonly AppSpec[];
  /** The resolution the chart was built from (specs, load balancer plan, warnings, rules). */
  readonly resolution: AppsResolution;
  /** Rule warnings, acknowledgements and exposure adjustments (printed to stderr once, when the chart is built). */
  readonly warnings: readonly Warning[];
  /**
   * The chart's problems: its definition's (kept at construction), reported at synth with those of every other
   * chart, stack and cluster construct of the App, and those of the written objects (`checkWrittenObjects`).
   */
  readonly synthProblems: SynthProblems;
  private readonly namespaces = new Map<string, ApiObject>();
  private readonly namespaceLevels = new Map<string, 'baseline' | 'restricted'>();
  private readonly earlier: readonly TrafficChart[];
  private readonly exposureConstructs = new Map<ExposureSpec, Construct>();
  private readonly appObjects = new Map<TrafficApp | string, AppObjects>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's own signature (`Chart.toJson(): any[]`)
  private checked: any[] | undefined;

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    const { namespace, ...chartProps } = (props ?? {}) as TrafficChartProps & { namespace?: unknown };
    super(scope, id, chartProps);
    this.synthProblems = new SynthProblems(this, { written: () => this.writtenProblems() });
    // The App's synth checks every chart's written objects before writing the first file.
    WrittenCheckGate.of(this)?.register(this);
    const targetProblems = new Problems();
    const targets = TrafficTargets.of(this, targetProblems, props.targets);
    const r = resolveApps(props.apps, { path: this.node.path, rules: props.rules, targets });
    const registration = registeredRenderers(props.renderers);
    const renderers = registration.renderers;
    this.earlier = this.node.root.node
      .findAll()
      .filter(
        (c): c is TrafficChart =>
          c instanceof TrafficChart && c !== this && (c as TrafficChart).resolution !== undefined,
      );
    const found = new ProblemsAt();
    found.addAll(
      targetProblems.items,
      targetProblems.items.map(() => this.node.path),
    );
    found.addAll(r.problems, r.problemPaths);
    found.addAll(
      registration.problems,
      registration.problems.map(() => this.node.path),
    );
    if (props.createNamespaces ?? true) systemNamespaceProblems(found, r);
    if (namespace !== undefined) {
      found.add(this.node.path, {
        field: 'namespace',
        value: namespace,
        message: 'TrafficChart does not take a chart-wide namespace: each app has its own, written on its objects',
        fix: 'remove it from the chart and set `namespace` on each app: TrafficApp.define({ namespace: ..., ... })',
      });
    }
    checkChartFlags(found, this.node.path, props ?? {});
    rendererProblems(found, r, renderers);
    acrossChartProblems(found, r, this.earlier, props.createNamespaces ?? true, this.node.path);
    // The Terraform load balancers' adjustments are the stack's to report.
    const planned = new Set(r.plans.flatMap((p) => p.members.map((m) => m.exposure as ExposureSpec)));
    const acks = new Problems();
    const own = r.warnings
      .filter((w) => w.exposure === undefined || !planned.has(w.exposure))
      .map(({ exposure: _e, ...w }) => w);
    this.warnings = acknowledgeWarnings(acks, own, props.acknowledge);
    found.addAll(
      acks.items,
      acks.items.map(() => this.node.path),
    );
    this.resolution = r;
    if (found.items.length > 0) {
      // Reported at synth with every other chart's, stack's and cluster's problems; nothing is written.
      this.specs = [];
      this.synthProblems.add(found.items);
      return;
    }
    this.specs = r.specs;
    printWarnings(this.warnings, props.printWarnings);
    this.render(props, r, renderers);
  }

  /** Writes the Namespaces, then per app its workload, exposures, dataplane and escape hatches. */
  private render(
    props: TrafficChartProps,
    r: AppsResolution,
    renderers: Readonly<Record<string, ExposureRendererEntry>>,
  ): void {
    if (props.createNamespaces ?? true) {
      for (const app of r.specs) this.namespaceObject(app);
    }
    for (const [i, app] of r.specs.entries()) {
      const scope = new Construct(this, r.ids[i]);
      new AppWorkload(scope, 'workload', { spec: app });
      const ids = this.renderExposures(scope, app, renderers);
      yieldExposureObjects(scope, app);
      renderDataplane(scope, app);
      renderObserve(scope, app);
      renderDelivery(scope, app);
      const objects = new AppObjects(scope, app, ids);
      this.appObjects.set(props.apps[i], objects);
      this.appObjects.set(r.ids[i], objects);
    }
    if (props.trafficMap ?? true)
      registerTrafficMap(this, withChartAcknowledgements(r, props.acknowledge), props.printSummary);
  }

  /** Each exposure through its renderer (in the renderers' order), with distinct construct ids; returns them. */
  private renderExposures(
    scope: Construct,
    app: AppSpec,
    renderers: Readonly<Record<string, ExposureRendererEntry>>,
  ): Map<ExposureSpec, string> | undefined {
    // No map for an app without exposures (most of a large chart's): its `AppObjects` keeps what it is given.
    if (app.exposures.length === 0) return undefined;
    const ids = new Map<ExposureSpec, string>();
    const ordered = app.exposures
      .map((e, j) => ({ e, j, order: renderers[e.kind].order ?? 100 }))
      .sort((a, b) => a.order - b.order || a.j - b.j);
    const used = new Set<string>();
    for (const { e } of ordered) {
      let cid = exposureId(e);
      for (let n = 2; used.has(cid); n++) cid = `${exposureId(e)}-${n}`;
      used.add(cid);
      ids.set(e, cid);
      const c = renderers[e.kind].render(scope, cid, app, e);
      if (c) this.exposureConstructs.set(e, c);
      for (const [k, v] of Object.entries(e.traits.namespaceLabels)) this.namespaceObject(app)?.metadata.addLabel(k, v);
      for (const [k, v] of Object.entries(e.traits.namespaceAnnotations))
        this.namespaceObject(app)?.metadata.addAnnotation(k, v);
    }
    return ids;
  }

  /**
   * The chart's manifests, as cdk8s writes them (`app.synth()`, `Testing.synth`), once the written objects pass
   * their checks (`checkWrittenObjects`: the joins along the path and the API server's and CRDs' own rules, after
   * every patch). A problem there is reported with every other problem of the App, in one `DefinitionError`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's own signature (`Chart.toJson(): any[]`)
  override toJson(): any[] {
    // Within the App's synth, the gate has serialized and checked every chart before the first file was written.
    if (this.checkedJson) return this.checkedJson;
    const json = super.toJson();
    if (checkWrittenObjects(json, this).length > 0)
      throwIfAny(this.writtenProblems(), () => problemsOf(this.node.root));
    return json;
  }

  /**
   * The App's synth serializes every chart and checks its written objects before writing any file
   * (`WrittenCheckGate`); the JSON is kept for the write. Not for use outside cdk-traffic.
   * @internal
   */
  checkBeforeWriting(): boolean {
    const json = super.toJson();
    this.checked = json;
    return checkWrittenObjects(json, this).length > 0;
  }

  /** @internal The JSON the gate checked, while the App's synth writes it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's own signature (`Chart.toJson(): any[]`)
  get checkedJson(): any[] | undefined {
    return this.checked;
  }

  /** @internal Forgets the JSON the gate checked (the App's synth is over). */
  releaseChecked(): void {
    this.checked = undefined;
  }

  /** The problems of the written objects, each with the path of the app (or object) it belongs to. */
  private writtenProblems(): ProblemAt[] {
    const objects = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this);
    return writtenProblemsAt(objects, this, (o) => {
      const app = [...this.appObjects.values()].find((a) => o.node.path.startsWith(`${a.scope.node.path}/`));
      return app?.scope.node.path ?? o.node.path;
    });
  }

  /**
   * The generated objects of an app (given as the `TrafficApp` or its construct id, the app's name), by
   * role: `workload(version?)`, `service`, `serviceAccount`, `pdb`, `hpa`, `exposure(name)`, `networkPolicy`.
   * Construct ids do not depend on the order of `expose` nor on adding a version, and patches made through
   * them are checked at synth (`checkFinalObjects`). On a chart with mistakes (which writes nothing) it throws the
   * App's `DefinitionError`, as the synth would.
   */
  objectsOf(app: TrafficApp | string): AppObjects {
    const o = this.appObjects.get(app);
    // A chart with mistakes writes nothing: patching its objects is impossible, its mistakes say why.
    if (!o) throwIfAny(this.synthProblems.cheap(), () => problemsOf(this.node.root, { written: false }));
    if (!o)
      throw new Error(
        `chart ${this.node.path} does not render app ${typeof app === 'string' ? app : app.name} (apps: ${[...this.appObjects.keys()].filter((k) => typeof k === 'string').join(', ')})`,
      );
    return o;
  }

  /** The construct that holds an exposure's objects (for escape hatches such as `addJsonPatch`). */
  exposureConstruct(app: TrafficApp, exposureName: string, kind?: string): Construct | undefined {
    const spec = app.resolve(this.resolution.targets).spec;
    if (!this.specs.includes(spec)) return undefined;
    const e = spec.exposures.find((x) => x.name === exposureName && (kind === undefined || x.kind === kind));
    return e ? this.exposureConstructs.get(e) : undefined;
  }

  /** The Pod Security level this chart's Namespace object of `namespace` enforces, when it writes that object. */
  namespaceLevel(namespace: string): 'baseline' | 'restricted' | undefined {
    return this.namespaces.has(namespace) ? this.namespaceLevels.get(namespace) : undefined;
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
      const level = this.specs
        .filter((s) => s.namespace === app.namespace)
        .some((s) => s.security.level !== 'restricted')
        ? 'baseline'
        : 'restricted';
      this.namespaceLevels.set(app.namespace, level);
      // The id holds a ":" no app name can (app names are DNS labels), so an app named `namespace-shop` cannot clash.
      ns = addObject<INamespace>(this, `Namespace:${app.namespace}`, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: app.namespace,
          labels: {
            ...MANAGED_BY,
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
      this.namespaces.set(app.namespace, ns);
    }
    return ns;
  }
}

/** Namespaces of the cluster itself: never written as Namespace objects of an app. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** Apps in a system namespace, which the chart would write as a Namespace object. */
function systemNamespaceProblems(found: ProblemsAt, r: AppsResolution): void {
  r.specs.forEach((s, i) => {
    if (!SYSTEM_NAMESPACES.includes(s.namespace)) return;
    found.add(r.paths[i], {
      field: 'namespace',
      value: s.namespace,
      message:
        "the chart would write this system namespace as a Namespace object enforcing Pod Security for the app, relabelling what the cluster's own pods run under",
      fix: 'deploy the app into a namespace of its own, or set `createNamespaces: false` on the chart',
    });
  });
}

/** Exposures of a kind no renderer writes, and what each renderer checks against the form it writes. */
function rendererProblems(
  found: ProblemsAt,
  r: AppsResolution,
  renderers: Readonly<Record<string, ExposureRendererEntry>>,
): void {
  r.specs.forEach((app, i) =>
    app.exposures.forEach((e, j) => {
      if (renderers[e.kind]) return;
      found.add(r.paths[i], {
        field: `expose[${j}]`,
        value: e.kind,
        message: `is of a kind no renderer of this chart writes (known: ${Object.keys(renderers).sort().join(', ')}), so its objects would be missing`,
        fix: `register its renderer: new TrafficChart(scope, id, { apps, renderers: { '${e.kind}': { render: (scope, id, app, exposure) => ... } } })`,
      });
    }),
  );
  // What each renderer checks against the form it writes (escape-hatch annotations against its typed keys).
  // One list per app: a problem two exposures find (a Service annotation both read) is listed once.
  r.specs.forEach((app, i) => {
    const checked = new Problems();
    app.exposures.forEach((e, j) => renderers[e.kind]?.check?.(checked, `expose[${j}]`, app, e));
    found.addAll(
      checked.items,
      checked.items.map(() => r.paths[i]),
    );
  });
}

/**
 * The charts of one cdk8s App are one view: objects, selectors and namespaces are checked across them, and one
 * namespace has one Pod Security level.
 */
function acrossChartProblems(
  found: ProblemsAt,
  r: AppsResolution,
  earlier: readonly TrafficChart[],
  createNamespaces: boolean,
  chartPath: string,
): void {
  acrossChartAppProblems(
    found,
    { path: chartPath, specs: r.specs, paths: r.paths },
    earlier.map((c) => ({ path: c.node.path, specs: c.specs, paths: c.resolution.paths })),
  );
  if (!createNamespaces) return;
  r.specs.forEach((app, i) => {
    if (app.namespace === 'default') return;
    const owner = earlier.find((c) => c.namespaceLevel(app.namespace) !== undefined);
    const level = owner?.namespaceLevel(app.namespace);
    const mine = app.security.level === 'restricted' ? 'restricted' : 'baseline';
    if (!owner || level === undefined || level === mine) return;
    found.add(r.paths[i], {
      field: 'security',
      value: mine,
      message: `namespace ${app.namespace} is written by chart ${owner.node.path} with Pod Security "${level}" enforced (apps ${owner.specs
        .filter((x) => x.namespace === app.namespace)
        .map((x) => x.name)
        .join(', ')}): one namespace has one level`,
      fix: `give every app of namespace ${app.namespace} the same security level, or put this app in its own namespace`,
    });
  });
}

/**
 * The resolution as the summary shows it: the chart's acknowledgements (`acknowledge`) on the warnings they
 * acknowledge, as printed, except the Terraform load balancers' adjustments, which are the stack's to acknowledge.
 */
function withChartAcknowledgements(
  r: AppsResolution,
  acknowledge: Readonly<Record<string, string>> | undefined,
): AppsResolution {
  if (acknowledge === undefined || acknowledge === null || typeof acknowledge !== 'object') return r;
  const planned = new Set(r.plans.flatMap((p) => p.members.map((m) => m.exposure as ExposureSpec)));
  const warnings = r.warnings.map((w) => {
    const reason = acknowledge[w.id];
    const own = w.exposure === undefined || !planned.has(w.exposure);
    return own && w.acknowledged === undefined && typeof reason === 'string' ? { ...w, acknowledged: reason } : w;
  });
  return { ...r, warnings };
}
