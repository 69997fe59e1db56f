export * from './app-gateway-route';
export * from './app-ingress';
export * from './app-load-balancer-service';
export * from './exposure-conflicts';
export * from './render-exposures';
export * from './route-rules';
