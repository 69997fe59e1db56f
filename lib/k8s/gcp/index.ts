export * from './service-annotations';
