// The README's Testing example, run by the cdk8s template's own jest config (ts-jest), unchanged.
import { TrafficApp } from 'cdk-traffic';
import { appObject, definitionProblems, synthApps, validateObjects } from 'cdk-traffic/testing';
import { shop } from './shop';

test('the Deployment, valid against the schemas, no warnings', () => {
  const { chart, objects } = synthApps([shop]);
  expect(appObject(chart, 'shop', { kind: 'Deployment' }).spec.replicas).toBe(2);
  expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  expect(chart.warnings).toEqual([]);
});

test('a mistake is a problem with its path', () => {
  const problems = definitionProblems(() => synthApps([TrafficApp.define({ ...shop.props, replicas: -1 })]));
  expect(problems.map((p) => `${p.path} ${p.field}`)).toEqual(['test/shop replicas']);
});

test('the written objects, as a snapshot (reviewed when they change)', () => {
  expect(synthApps([shop]).objects).toMatchSnapshot();
});
