// A user's jest test written with cdk-traffic/testing.
import { Testing } from 'cdktf';
import { TrafficApp } from 'cdk-traffic';
import {
  appObject,
  appObjects,
  definitionProblems,
  resourcesOf,
  synthApps,
  synthStack,
  validateObjects,
} from 'cdk-traffic/testing';
import { EdgeStack, NetworkStack, web } from './aws-main';

test('the Kubernetes side: objects by kind and role, valid against the schemas', () => {
  const { chart, objects } = synthApps([web]);
  expect(appObject(chart, 'web', { kind: 'Deployment' }).metadata.name).toBe('web');
  expect(appObjects(chart, 'web', { kind: 'TargetGroupBinding' })).toHaveLength(1);
  expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
  expect(chart.warnings).toEqual([]);
});

test("the AWS side: the load balancer in the user's stack, the VPC from the network stack", () => {
  const app = Testing.app();
  const edge = new EdgeStack(app, 'edge', new NetworkStack(app, 'network'));
  const tf = synthStack(edge);
  expect(Object.keys(resourcesOf(tf, 'aws_lb'))).toEqual(['lb_shop_web']);
  expect(Object.keys(tf.data?.terraform_remote_state ?? {})).toHaveLength(1);
});

test('mistakes are problems with paths', () => {
  const problems = definitionProblems(() => synthApps([TrafficApp.define({ ...web.props, replicas: -1 })]));
  expect(problems.map((p) => `${p.path} ${p.field}`)).toEqual(['test/web replicas']);
});
