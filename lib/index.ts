// Model: the definition a user writes, resolved and validated (no cdk8s or cdktf constructs).
export * from './model/app';
export * from './model/app-props';
export type { AppSpec, WorkloadSpec, ContainerSpec, VersionSpec, ServiceSpec, AvailabilitySpec, RolloutSpec, EnvValueSpec, ExposureSpecOf } from './model/app-spec';
export * from './model/autoscaling';
export * from './model/env';
export * from './model/exposure';
export * from './model/ports';
export * from './model/probe';
export * from './model/problems';
export * from './model/resources';
export * from './model/security';
export * from './model/traffic';
export * from './model/traffic/index';
export * from './model/mesh';
export * from './model/exposure/index';
export * from './model/exposure/terraform';

// Kubernetes renderer (cdk8s).
export * from './k8s/traffic-chart';
export * from './k8s/workload/app-workload';
export * from './k8s/mesh/istio-routing';
export * from './k8s/expose/index';
export * from './k8s/aws/target-group-bindings';

// Rules (checks with stable ids, run at synth).
export * from './rules';

// Cilium: cluster Helm values, LB IPAM, announcements, per-app network policy (model and renderer).
export * from './model/cilium/index';
export * from './k8s/cilium/index';
