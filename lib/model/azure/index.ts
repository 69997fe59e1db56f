// Everything Azure in the model: health probes from the readiness probe, the AKS L4 Service part.
export * from './health-probe';
export * from './l4-service';
