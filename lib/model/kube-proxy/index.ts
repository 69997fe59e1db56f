export * from './kube-proxy-props';
export * from './kube-proxy-spec';
