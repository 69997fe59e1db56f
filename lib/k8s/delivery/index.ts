export * from './analysis-queries';
export * from './argo-analysis-template';
export * from './argo-rollout';
export * from './delivery-metadata';
export * from './flagger-canary';
export * from './flagger-metric-template';
export * from './render-delivery';
