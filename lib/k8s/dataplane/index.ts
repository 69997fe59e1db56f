// Per-app network policies (CiliumNetworkPolicy or NetworkPolicy).
export * from './cilium-network-policy';
export * from './cilium-service-annotations';
export * from './kubernetes-network-policy';
export * from './render-dataplane';
