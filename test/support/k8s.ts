import { Testing } from 'cdk8s';
import { TrafficApp, TrafficAppProps, TrafficChart, TrafficChartProps } from '../../lib';

/** A synthesized Kubernetes object, as plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

/** Synthesizes apps in one TrafficChart and returns its objects. */
export function synthApps(apps: readonly TrafficApp[], props: Partial<TrafficChartProps> = {}): K8sObject[] {
  const chart = new TrafficChart(Testing.app(), 'test', { ...props, apps });
  return chart.toJson() as K8sObject[];
}

/** Synthesizes one app defined from props. */
export function synthApp(props: TrafficAppProps): K8sObject[] {
  return synthApps([TrafficApp.define(props)]);
}

/** The one object of a kind (and name), failing the test when there isn't exactly one. */
export function one(objects: readonly K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1)
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found[0];
}

/** All objects of a kind. */
export function all(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The error thrown by `fn` (a DefinitionError), failing the test when nothing is thrown. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}
