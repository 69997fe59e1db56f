import { TrafficApp } from '../../lib';
import * as helpers from '../../lib/testing';
import {
  appObject,
  appObjects,
  definitionProblems,
  resourcesOf,
  synthApps,
  synthChart,
  synthStack,
  validateObjects,
  warningsOf,
} from '../../lib/testing';
import { base } from './support';

describe('cdk-traffic/testing helpers answer bad arguments with clear errors', () => {
  const { chart } = synthApps([TrafficApp.define(base)]);
  const u = undefined as any;
  test.each([
    [
      'appObjects(undefined, "web")',
      () => appObjects(u, 'web'),
      'appObjects: chart must be a TrafficChart (received undefined)',
    ],
    ['appObjects(chart, 3)', () => appObjects(chart, 3 as any), "appObjects: app must be an app's name (received 3)"],
    ['appObject(chart, "web", "x")', () => appObject(chart, 'web', 'x' as any), 'appObject: filter must be an object'],
    ['synthApps(undefined)', () => synthApps(u), 'synthApps: apps must be a list of TrafficApps'],
    [
      'synthApps([null])',
      () => synthApps([null as any]),
      'synthApps: apps must be a list of TrafficApps (received [null])',
    ],
    ['synthChart({})', () => synthChart({} as any), 'synthChart: chart must be a cdk8s Chart'],
    ['definitionProblems("x")', () => definitionProblems('x' as any), 'definitionProblems: build must be a function'],
    ['warningsOf(null)', () => warningsOf(null as any), 'warningsOf: scope must be a construct'],
    ['synthStack(undefined)', () => synthStack(u), 'synthStack: stack must be a TerraformStack of cdktf or cdktn'],
    [
      'resourcesOf(undefined, "aws_lb")',
      () => resourcesOf(u, 'aws_lb'),
      'resourcesOf: tf must be the synthesized Terraform JSON',
    ],
    [
      'validateObjects("x")',
      () => validateObjects('x' as any),
      'validateObjects: objects must be a list of Kubernetes objects',
    ],
  ])('%s', (_call, fn, message) => {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toMatch(/Fix: \S+/);
  });
});

describe('every cdk-traffic/testing helper, every argument, every wrong type: a clear Error, never a TypeError', () => {
  const { chart, objects } = synthApps([TrafficApp.define(base)]);
  const bad: readonly unknown[] = [undefined, null, 42, 'x', {}, [], [null], () => 1];
  // Each helper with good arguments; one at a time is replaced by a wrong value.
  const good: Record<string, readonly unknown[]> = {
    synthChart: [chart],
    synthApps: [[TrafficApp.define(base)], {}],
    appObjects: [chart, 'web', {}],
    appObject: [chart, 'web', { kind: 'Deployment' }],
    synthStack: [chart],
    resourcesOf: [{ resource: {} }, 'aws_lb'],
    definitionProblems: [() => synthApps([TrafficApp.define({ ...base, replicas: -1 })])],
    expectProblems: [chart],
    problemsIn: [chart],
    warningsOf: [chart],
    validateObjects: [objects, {}],
  };
  const cases = Object.entries(good).flatMap(([name, args]) =>
    args.flatMap((_, i) =>
      bad.map((v) => [`${name} argument ${i} = ${JSON.stringify(v) ?? String(v)}`, name, i, v] as const),
    ),
  );
  test.each(cases)('%s', (_label, name, i, v) => {
    const fn = (helpers as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    const args = [...good[name]];
    args[i] = v;
    let error: unknown;
    try {
      fn(...args);
    } catch (e) {
      error = e;
    }
    // A wrong value either works as a default would (an empty filter, props left out) or is a clear Error.
    if (error === undefined) return;
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(new RegExp(`^(${name}: |expected |chart |synthStack: |\\d+ problem)`));
  });
});
