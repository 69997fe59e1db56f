// Everything Google Cloud in the model: health checks from the readiness probe, the GKE L4 Service part.
export * from './health-check';
export * from './l4-service';
export * from './backend-options';
