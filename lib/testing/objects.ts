import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { TrafficApp } from '../model/app';
import { checkArgument, isObject } from './arguments';
import { TrafficChart, TrafficChartProps } from '../k8s/traffic-chart';
import type { KindObjects } from './kinds';
import { problemsOf, throwIfAny } from '../synth/synth-problems';

/** A synthesized Kubernetes object, as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * Synthesizes a cdk8s chart (a `TrafficChart` or any other) to its objects, in output order.
 *
 * @example
 * const objects = synthChart(new TrafficChart(Testing.app(), 'shop', { apps: [shop] }));
 * expect(objects.map((o) => o.kind)).toContain('Deployment');
 */
export function synthChart(chart: Chart): KubeObject[] {
  checkArgument(
    'synthChart',
    'chart',
    chart,
    chart instanceof Chart,
    'a cdk8s Chart',
    'pass a TrafficChart or another Chart',
  );
  return Testing.synth(chart) as KubeObject[];
}

/**
 * Builds a `TrafficChart` of `apps` in a fresh cdk8s test app (output in a temporary folder) and returns it
 * with its objects. Warnings are not printed (they are in `chart.warnings`) unless `props.printWarnings`.
 *
 * @example
 * const { chart, objects } = synthApps([shop], { acknowledge: { 'CT-TRAFFIC-040': 'streams end within 60 s' } });
 * expect(objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
 */
export function synthApps(
  apps: readonly TrafficApp[],
  props: Partial<TrafficChartProps> = {},
): { readonly chart: TrafficChart; readonly objects: KubeObject[] } {
  checkArgument(
    'synthApps',
    'apps',
    apps,
    Array.isArray(apps) && apps.every((a) => a instanceof TrafficApp),
    'a list of TrafficApps',
    'pass e.g. [TrafficApp.define({...})]',
  );
  checkArgument(
    'synthApps',
    'props',
    props,
    isObject(props),
    'an object of TrafficChart props',
    'pass e.g. { acknowledge: {...} }, or leave it out',
  );
  const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, ...props, apps });
  return { chart, objects: synthChart(chart) };
}

/** What `appObjects` selects (every field optional; all given ones must match). */
export interface ObjectFilter {
  /** The object's kind, e.g. `Deployment`. */
  readonly kind?: string;
  /**
   * The object's role in the app: the construct id of the object or of a construct between the app and
   * it, e.g. `workload`, `deployment-v2`, `service`, `terraform-lb-<load balancer>` (`node.path` of the objects
   * shows them).
   */
  readonly role?: string;
  /** The object's `metadata.name`. */
  readonly name?: string;
}

/**
 * The objects one app of a `TrafficChart` renders (not the chart's Namespace objects), filtered by kind,
 * role and name. `app` is the app's name (or `<namespace>-<name>` where two namespaces hold that name).
 * Throws when the chart has no such app, listing the apps it has. With a `kind` of `KindObjects` (Deployment,
 * Service, ...) the objects are typed: `appObjects(chart, 'shop', { kind: 'Service' })[0].spec.ports`.
 *
 * @example
 * const { chart } = synthApps([shop]);
 * expect(appObjects(chart, 'shop', { kind: 'Service' }).map((s) => s.spec.selector)).toEqual([{ app: 'shop' }]);
 */
export function appObjects<K extends keyof KindObjects>(
  chart: TrafficChart,
  app: string,
  filter: ObjectFilter & { readonly kind: K },
): KindObjects[K][];
export function appObjects(chart: TrafficChart, app: string, filter?: ObjectFilter): KubeObject[];
export function appObjects(chart: TrafficChart, app: string, filter: ObjectFilter = {}): KubeObject[] {
  checkArguments('appObjects', chart, app, filter);
  const scope = chart.node.tryFindChild(app);
  // A chart with mistakes writes nothing: its mistakes say why, as the synth would.
  if (!scope) throwIfAny(chart.synthProblems.cheap(), () => problemsOf(chart.node.root, { written: false }));
  if (!scope) {
    const apps = chart.node.children.filter((c) => !(c instanceof ApiObject)).map((c) => c.node.id);
    throw new Error(`chart ${chart.node.path} has no app "${app}" (apps: ${apps.join(', ') || 'none'})`);
  }
  return scope.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .filter((o) => filter.kind === undefined || o.kind === filter.kind)
    .filter((o) => filter.name === undefined || o.name === filter.name)
    .filter((o) => filter.role === undefined || rolesOf(scope, o).includes(filter.role))
    .map((o) => o.toJson() as KubeObject);
}

/**
 * The one object of an app matching `filter`; throws when there is not exactly one, listing what there is.
 * Typed by `kind` as `appObjects` is.
 *
 * @example
 * const { chart } = synthApps([shop]);
 * expect(appObject(chart, 'shop', { kind: 'Deployment' }).spec.replicas).toBe(2);
 */
export function appObject<K extends keyof KindObjects>(
  chart: TrafficChart,
  app: string,
  filter: ObjectFilter & { readonly kind: K },
): KindObjects[K];
export function appObject(chart: TrafficChart, app: string, filter: ObjectFilter): KubeObject;
export function appObject(chart: TrafficChart, app: string, filter: ObjectFilter): KubeObject {
  checkArguments('appObject', chart, app, filter);
  const found = appObjects(chart, app, filter);
  if (found.length !== 1) {
    const all = appObjects(chart, app).map((o) => `${o.kind}/${o.metadata.name}`);
    throw new Error(
      `expected one object of app "${app}" matching ${JSON.stringify(filter)}, found ${found.length} (the app's objects: ${all.join(', ')})`,
    );
  }
  return found[0];
}

/** Construct ids from the app's scope (exclusive) to the object (inclusive). */
function rolesOf(appScope: Construct, o: IConstruct): string[] {
  const ids: string[] = [];
  for (let c: IConstruct | undefined = o; c && c !== appScope; c = c.node.scope) ids.push(c.node.id);
  return ids;
}

/** The arguments of `appObjects` and `appObject`. */
function checkArguments(helper: string, chart: unknown, app: unknown, filter: unknown): void {
  checkArgument(
    helper,
    'chart',
    chart,
    chart instanceof TrafficChart,
    'a TrafficChart',
    'pass the chart, e.g. synthApps([...]).chart',
  );
  checkArgument(helper, 'app', app, typeof app === 'string' && app !== '', "an app's name", "pass e.g. 'web'");
  checkArgument(
    helper,
    'filter',
    filter,
    isObject(filter) && Object.values(filter).every((v) => v === undefined || typeof v === 'string'),
    'an object of kind, role and name strings',
    "pass e.g. { kind: 'Deployment' }",
  );
}
