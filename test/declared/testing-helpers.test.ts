import { TrafficApp } from '../../lib';
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
