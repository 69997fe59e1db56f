import type { KubeObject } from './objects';
import { GatewayApiChannel, crdFixture, crdSchemaFile, isCustomResource, validateCrd } from './crd-schema';
import { requireDevPath } from './require-dev';
import * as fs from 'fs';
import * as path from 'path';
import { checkArgument, isObject } from './arguments';

/** Options of `validateObjects`. */
export interface ValidateOptions {
  /**
   * The Gateway API channel whose CRD schemas the Gateway API objects are checked against (per object:
   * a function), as installed in the cluster.
   * @default 'standard'
   */
  readonly gatewayApiChannel?: GatewayApiChannel | ((o: KubeObject) => GatewayApiChannel);
}

/** What `validateObjects` found. */
export interface ValidationResult {
  /** One line per error: `<Kind>/<name> ...: <what>`. Empty when every checked object is valid. */
  readonly errors: readonly string[];
  /** `<apiVersion> <kind>` of the objects no schema is known for (not checked). */
  readonly unchecked: readonly string[];
}

interface Validatable {
  validate(): void;
}

/**
 * Validates objects against the schemas the project tests itself with: Kubernetes' own kinds against the
 * Kubernetes OpenAPI schemas of `kubernetes-models`, custom resources (Gateway API, Cilium, Istio, AWS Load
 * Balancer Controller) against the CRD schemas shipped with cdk-traffic, with `ajv`, unknown fields being
 * errors as with the API server's strict field validation (CEL rules are not checked).
 *
 * `kubernetes-models` and `ajv` are loaded on first use and are dev dependencies of your tests:
 * `npm install --save-dev kubernetes-models@4 ajv` (kubernetes-models 4 is CommonJS for Node 14+ and runs under
 * jest as configured, ts-jest or swc; kubernetes-models 5 asks for Node 22 and publishes ES modules only, which
 * jest loads with `cdk-traffic/testing/jest-resolver` and a transform: docs/testing.md).
 *
 * @example
 * const { objects } = synthApps([shop]);
 * expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
 */
export function validateObjects(objects: readonly KubeObject[], options: ValidateOptions = {}): ValidationResult {
  checkArgument(
    'validateObjects',
    'objects',
    objects,
    Array.isArray(objects) && objects.every((o) => isObject(o) && typeof o.kind === 'string'),
    'a list of Kubernetes objects',
    'pass the objects synthApps(...) or synthChart(chart) returns',
  );
  checkArgument(
    'validateObjects',
    'options',
    options,
    isObject(options),
    'an object',
    "pass e.g. { gatewayApiChannel: 'experimental' }, or leave it out",
  );
  const channelOf =
    typeof options.gatewayApiChannel === 'function'
      ? options.gatewayApiChannel
      : () => (options.gatewayApiChannel as GatewayApiChannel | undefined) ?? 'standard';
  const errors: string[] = [];
  const unchecked: string[] = [];
  for (const o of objects) {
    if (isCustomResource(o)) {
      const channel = channelOf(o);
      if (!crdFixture(crdSchemaFile(o, channel))) unchecked.push(`${o.apiVersion} ${o.kind}`);
      else errors.push(...validateCrd(o, channel));
      continue;
    }
    const Model = coreModel(o);
    if (!Model) {
      unchecked.push(`${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      errors.push(`${o.kind}/${o.metadata?.name}: ${(e as Error).message}`);
    }
  }
  return { errors, unchecked: [...new Set(unchecked)] };
}

const models = new Map<string, (new (data: KubeObject) => Validatable) | undefined>();
let modelsDir: string | undefined;

/**
 * The kubernetes-models class of a core kind (`kubernetes-models/<apiVersion>/<Kind>.js`), if it has one.
 * kubernetes-models 5 publishes ES modules behind an `import`-only exports map: the file is required by its path,
 * which Node 20.19+ loads as an ES module (kubernetes-models 5) or as CommonJS (kubernetes-models 4); jest loads
 * kubernetes-models 5 through `cdk-traffic/testing/jest-resolver` and a transform (see docs/testing.md).
 */
function coreModel(o: KubeObject): (new (data: KubeObject) => Validatable) | undefined {
  const key = `${o.apiVersion}/${o.kind}`;
  if (!models.has(key)) {
    modelsDir ??= path.dirname(
      require.resolve(
        requireDevPath(
          'kubernetes-models/package.json',
          'to validate Kubernetes objects against the Kubernetes schemas',
        ),
      ),
    );
    const file = path.join(modelsDir, ...o.apiVersion.split('/'), `${o.kind}.js`);
    const Model =
      /^[A-Za-z0-9./-]+$/.test(key) && fs.existsSync(file)
        ? (require(file) as Record<string, new (data: KubeObject) => Validatable>)[o.kind] // eslint-disable-line @typescript-eslint/no-require-imports
        : undefined;
    models.set(key, Model);
  }
  return models.get(key);
}
