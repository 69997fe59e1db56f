import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { LiteralApiObject } from './literal-api-object';

/** A Kubernetes object typed by its kubernetes-models (or generated) interface. */
export interface TypedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Adds a typed, plain-JSON Kubernetes object. Renderers build objects as typed literals (the
 * kubernetes-models interfaces check every field name at compile time) and cdk8s writes them as they
 * are: measured faster than cdk8s-plus-33's generated classes, which convert every field at synth.
 */
export function addObject<T extends TypedObject>(scope: Construct, id: string, object: T): ApiObject {
  // The literal itself, not a copy: cdk8s copies what it writes and puts apiVersion, kind and metadata first, and a
  // `{ apiVersion, kind, metadata, ...rest }` copy was one more object per written object, kept until synth with its
  // spread properties out of line (docs/development.md, Benchmark).
  return new LiteralApiObject(scope, id, object);
}

/** Drops keys whose value is an empty object, so optional maps don't render as `{}`. */
export function nonEmpty<T extends object>(o: T | undefined): T | undefined {
  return o && Object.keys(o).length > 0 ? o : undefined;
}
