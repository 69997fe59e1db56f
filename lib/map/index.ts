export * from './graph';
export * from './from-specs';
export * from './mermaid';
export * from './dot';
export * from './ascii';
export * from './svg';
export * from './summary';
