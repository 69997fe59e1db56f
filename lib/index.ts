// Model: the definition a user writes, resolved and validated (no cdk8s or cdktf constructs).
export * from './model/app';
export * from './model/app-props';
export type { AppSpec, WorkloadSpec, ContainerSpec, VersionSpec, ServiceSpec, AvailabilitySpec, RolloutSpec, EnvValueSpec, ExposureSpecOf } from './model/app-spec';
export * from './model/workload/autoscaling';
export * from './model/workload/env';
export * from './model/workload/ports';
export * from './model/workload/probe';
export * from './model/problems';
export * from './model/workload/resources';
export * from './model/workload/security';
export * from './model/traffic/index';
export * from './model/exposure/index';
export * from './model/aws';

// Kubernetes renderer (cdk8s).
export * from './k8s/traffic-chart';
export * from './k8s/workload/app-workload';
export * from './k8s/expose/index';
export * from './k8s/aws/target-group-bindings';

// Rules (checks with stable ids, run at synth).
export * from './rules';

// Cilium: cluster Helm values, LB IPAM, announcements, per-app network policy (model and renderer).
export * from './model/ip';
export * from './model/cilium/index';
export * from './k8s/cilium/index';
export * from './model/dataplane/index';
export * from './k8s/dataplane/index';
export * from './model/exposure/traits';
export * from './model/aws/forward-weights';
export * from './resolve/index';

// kube-proxy: the cluster's proxy mode and settings, for clusters without a kube-proxy replacement.
export * from './model/kube-proxy/index';
export * from './k8s/kube-proxy/index';
export * from './rules/proxy-rules';
