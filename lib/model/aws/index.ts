// Everything AWS in the model: target group health checks, names, certificates, the load balancer plan.
export * from './lb-controller-annotations';
export * from './certificate';
export * from './health-check';
export * from './load-balancer-plan';
export * from './names';
export * from './pod-readiness-gate';
export * from './fronts';
export * from './forward-weights';
export * from './target-group-attributes';
