// Cilium cluster-wide setup: Helm values, LB IPAM pools, L2 and BGP announcements.
export * from './bgp';
export * from './chart-versions';
export * from './cluster-props';
export * from './cluster-spec';
export * from './helm-values';
export * from './l2-announcement';
export * from './lb-ipam';
export * from './resolve-values';
export * from './selector';
