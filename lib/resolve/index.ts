// One resolution of a set of apps, shared by TrafficChart and LoadBalancerStack.
export * from './resolve-apps';
