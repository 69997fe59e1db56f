export * from './policy';
export * from './weights';
export * from './backend-protocol';
export * from './retry';
