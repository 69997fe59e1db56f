export * from './delivery-props';
export * from './delivery-spec';
export { DEFAULT_PROMETHEUS_ADDRESS } from './resolve-delivery';
