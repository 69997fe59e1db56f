// Type-checked under node10, node16 and bundler resolution: every entry point resolves with its types.
import { TrafficChart } from 'cdk-traffic';
import { AppLoadBalancers } from 'cdk-traffic/aws';
import { synthApps } from 'cdk-traffic/testing';
export const used = [TrafficChart, AppLoadBalancers, synthApps];
