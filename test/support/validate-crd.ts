// The CRD schema validation lives in lib/testing (published as cdk-traffic/testing); the tests use it from there.
export * from '../../lib/testing/crd-schema';
