export * from './service-annotations';
export * from './gke-gateway-route';
export * from './ingress-config-types';
export * from './gke-ingress';
