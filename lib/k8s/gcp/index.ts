export * from './service-annotations';
export * from './gke-gateway-route';
