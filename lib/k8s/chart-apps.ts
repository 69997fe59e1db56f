import type { IConstruct } from 'constructs';
import type { AppSpec } from '../model/app-spec';

/** A construct that carries resolved apps: a `TrafficChart` (read by shape, without importing the chart's module). */
export interface ChartWithApps {
  readonly specs: readonly AppSpec[];
}

/** True for a construct with resolved apps (a `TrafficChart`; `instanceof` would tie this module to the chart's). */
export function hasApps(c: object): c is ChartWithApps {
  return 'specs' in c && Array.isArray(c.specs);
}

/** The resolved apps of every TrafficChart in the cdk8s App of `scope`, in construct order. */
export function appsInCharts(scope: IConstruct): AppSpec[] {
  return scope.node.root.node.findAll().flatMap((c) => (hasApps(c) ? [...c.specs] : []));
}
