// Per-app dataplane: network policy (Cilium or Kubernetes) and the Cilium Service options of an app.
export * from './dataplane';
export * from './dataplane-props';
export * from './dataplane-spec';
export * from './exposure-sources';
export * from './http-ports';
export * from './cilium-service';
