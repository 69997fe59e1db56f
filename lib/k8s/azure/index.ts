export * from './service-annotations';
export * from './alb-types';
export * from './agc-route';
