// Exposure kinds resolved by the model: Ingress (ALB typed), Gateway API routes, NLB Service.
export * from './alb-ingress-options';
export * from './aws-annotations';
export * from './gateway';
export * from './gateway-route';
export * from './health-check';
export * from './ingress';
export * from './load-balancer-service';
export * from './service-backend';
export * from './pod-readiness-gate';
