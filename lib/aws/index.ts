/**
 * cdk-traffic/aws: the AWS renderer (cdktf). The only entry point that loads cdktf and
 * @cdktf/provider-aws (optional peer dependencies: install them to use it), kept out of `cdk-traffic`
 * so Kubernetes-only programs don't need them. `cdk-traffic/aws-terrain` is the same folder built for
 * CDK Terrain (`cdktn`, `@cdktn/provider-aws`: scripts/terrain.js rewrites the module names).
 */
import './peers'; // first: a missing peer is an error naming what to install
export { AppLoadBalancers } from './app-load-balancers';
export type { AppLoadBalancersProps } from './app-load-balancers';
export { LoadBalancerStack } from './load-balancer-stack';
export type { LoadBalancerStackProps } from './load-balancer-stack';
export { ManagedLoadBalancer } from './managed-load-balancer';
export type { ManagedLoadBalancerProps } from './managed-load-balancer';
export type { AwsNetworkProps, NetworkInputs } from './aws-network';
export { LoadBalancerAlarms } from './load-balancer-alarms';
export type { LoadBalancerAlarmsProps } from './load-balancer-alarms';
