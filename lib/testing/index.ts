/**
 * cdk-traffic/testing: helpers for the tests of programs that use cdk-traffic (jest or any runner).
 * Validation loads `kubernetes-models` and `ajv` on first use (dev dependencies of your tests); synthStack
 * loads cdktf on first use.
 */
export { synthChart, synthApps, appObjects, appObject } from './objects';
export type { KubeObject, ObjectFilter } from './objects';
export type {
  KindObjects,
  DeploymentJson,
  StatefulSetJson,
  ServiceJson,
  IngressJson,
  PodDisruptionBudgetJson,
  PodTemplateJson,
  ContainerJson,
  ProbeJson,
  LabelSelectorJson,
} from './kinds';
export { synthStack, resourcesOf } from './terraform';
export type { TerraformJson } from './terraform';
export { definitionProblems, expectProblems, problemsIn, warningsOf } from './problems';
export type { ProblemAt } from './problems';
export { validateObjects } from './validate';
export type { ValidateOptions, ValidationResult } from './validate';
export type { GatewayApiChannel } from './crd-schema';
