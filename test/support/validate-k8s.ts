import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { K8sObject } from './k8s';

interface Validatable {
  validate(): void;
}

type ModelClass = new (data: never) => Validatable;
// The model classes' base type lives in an ESM-only package the compiler's CommonJS resolution can't see.
const m = (c: unknown) => c as ModelClass;

const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': m(Namespace),
  'v1/Service': m(Service),
  'v1/ServiceAccount': m(ServiceAccount),
  'apps/v1/Deployment': m(Deployment),
  'apps/v1/StatefulSet': m(StatefulSet),
  'policy/v1/PodDisruptionBudget': m(PodDisruptionBudget),
  'networking.k8s.io/v1/Ingress': m(Ingress),
  'networking.k8s.io/v1/NetworkPolicy': m(NetworkPolicy),
  'autoscaling/v2/HorizontalPodAutoscaler': m(HorizontalPodAutoscaler),
};

/**
 * Validates core Kubernetes objects against the Kubernetes OpenAPI schemas of kubernetes-models.
 * Returns the errors (empty when all are valid) and the kinds it had no schema for (CRDs are checked by
 * their own tests through the typed imports).
 */
export function validateCore(objects: readonly K8sObject[]): { errors: string[]; unchecked: string[] } {
  const errors: string[] = [];
  const unchecked: string[] = [];
  for (const o of objects) {
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Model) {
      unchecked.push(`${o.apiVersion}/${o.kind}`);
      continue;
    }
    try {
      new Model(o as never).validate();
    } catch (e) {
      errors.push(`${o.kind}/${o.metadata?.name}: ${(e as Error).message}`);
    }
  }
  return { errors, unchecked };
}
