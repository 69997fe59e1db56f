// AWS renderer (cdktf): the only folder that imports cdktf and @cdktf/provider-aws (by submodule path).
// Kept out of lib/index.ts so Kubernetes-only programs don't load cdktf.
export * from './aws-network';
export * from './load-balancer-stack';
export * from './managed-load-balancer';
