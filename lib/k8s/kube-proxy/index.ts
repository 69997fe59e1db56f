export * from './kube-proxy-cluster';
export * from './kube-proxy-configuration';
export * from './write-kube-proxy-configs';
