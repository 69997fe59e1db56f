// Cilium cluster-wide setup rendered: Helm values, LB IPAM pools, L2 and BGP announcement objects.
export * from './cilium-bgp';
export * from './cilium-cluster';
export * from './cilium-values';
export * from './l2-announcement-policy';
export * from './load-balancer-ip-pool';
export * from './write-cilium-values';
