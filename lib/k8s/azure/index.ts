export * from './service-annotations';
export * from './agc-policy-types';
export * from './agc-route';
