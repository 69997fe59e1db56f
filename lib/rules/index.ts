export * from './rule';
export * from './exposure-layers';
export * from './traffic-rules';
export * from './run-rules';
