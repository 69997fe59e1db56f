// Exposure kinds: Ingress (ALB typed), Gateway API routes, NLB Service, LB IPAM Service, the Istio mesh,
// the Terraform-managed load balancer.
export * from './exposure';
export * from '../aws/alb-ingress-options';
export * from './gateway';
export * from './gateway-route';
export * from './ingress';
export * from './istio-mesh';
export * from './istio-ambient';
export * from './istio-ingress';
export * from './linkerd-mesh';
export * from './lb-ipam-service';
export * from '../aws/nlb-service';
export * from './service-backend';
export * from '../aws/terraform-load-balancer';
