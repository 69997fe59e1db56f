// The Terraform-managed load balancer exposure (rendered by lib/aws and lib/k8s/aws).
export * from './aws-names';
export * from './terraform-certificate';
export * from './terraform-health-check';
export * from './terraform-load-balancer';
export * from './terraform-plan';
