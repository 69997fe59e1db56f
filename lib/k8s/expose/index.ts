export * from './app-gateway-route';
export * from './app-ingress';
export * from '../aws/nlb-service';
export * from './istio-routing';
export * from './lb-ipam-service';
export * from './route-rules';
export * from './exposure-renderers';
