import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { DefinitionError, Probe, TrafficApp, TrafficAppProps } from '../../lib';
import { LoadBalancerStack, LoadBalancerStackProps } from '../../lib/aws';

Testing.setupJest();

/** A synthesized Terraform JSON document (cdk.tf.json). */
export interface TfJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  variable?: Record<string, Record<string, any>>;
  output?: Record<string, { value: string }>;
}

/** Real-looking network inputs (no variables). */
export const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  privateSubnetIds: ['subnet-0ccccccccccccccc3', 'subnet-0ddddddddddddddd4'],
  podSecurityGroupId: 'sg-0eeeeeeeeeeeeeee5',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
};

/** Builds a stack with the apps and synthesizes it with cdktf's validations on. */
export function synthStack(
  apps: readonly TrafficApp[],
  props: Partial<LoadBalancerStackProps> = {},
): { json: string; tf: TfJson; stack: LoadBalancerStack } {
  const app = Testing.app();
  const stack = new LoadBalancerStack(app, 'test', { network: NETWORK, ...props, apps });
  const json = Testing.synth(stack, true);
  return { json, tf: JSON.parse(json) as TfJson, stack };
}

/** The resources of one type, by Terraform name. */
export function resources(tf: TfJson, type: string): Record<string, Record<string, any>> {
  return tf.resource[type] ?? {};
}

/** A minimal valid web app; override anything. */
export function webApp(overrides: Partial<TrafficAppProps> = {}): TrafficApp {
  return TrafficApp.define({
    name: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    ...overrides,
  });
}

/** The DefinitionError thrown by `fn`, failing the test when there is none. */
export function definitionError(fn: () => unknown): DefinitionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DefinitionError) return e;
    throw e;
  }
  throw new Error('expected a DefinitionError, none was thrown');
}

/** The problems of an error that match a field, with their construct paths. */
export function problemsAt(
  e: DefinitionError,
  field: string,
): { path: string; value: unknown; message: string; fix: string; ruleId?: string }[] {
  return e.problems.map((p, i) => ({ ...p, path: e.paths?.[i] ?? e.path })).filter((p) => p.field === field);
}
