/**
 * kubernetes-models, @kubernetes-models/* and a few of their dependencies (is-cidr, cidr-regex) publish
 * ES modules only (package "exports" with an "import" condition, no "require"). Jest resolves with the
 * "require" condition, so these packages are resolved with "import" here and transpiled to CommonJS by
 * @swc/jest (jest.config.js lets them through transformIgnorePatterns).
 */
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/|is-cidr|cidr-regex)/;
module.exports = (request, options) => {
  if (ESM_ONLY.test(request))
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
  return options.defaultResolver(request, options);
};
