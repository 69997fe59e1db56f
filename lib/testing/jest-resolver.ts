/**
 * A jest resolver, needed only with kubernetes-models 5 (`validateObjects` of cdk-traffic/testing; kubernetes-models
 * 4, the version the README installs, is CommonJS and needs nothing): kubernetes-models 5, @kubernetes-models/* and
 * some of their dependencies publish ES modules only (an `import` exports condition, no `require`), which jest's
 * default resolver cannot find. This one resolves them as jest does, and where that fails with `import`; jest must
 * then also transform them to CommonJS (docs/testing.md has the jest.config.js):
 *
 * ```js
 * resolver: 'cdk-traffic/testing/jest-resolver',
 * transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
 * ```
 */
interface ResolverOptions {
  readonly conditions?: readonly string[];
  defaultResolver(request: string, options: ResolverOptions): string;
  readonly [key: string]: unknown;
}

const ESM_ONLY = /^(@kubernetes-models\/|(kubernetes-models|is-cidr|cidr-regex|ip-regex)(\/|$))/;

function resolve(request: string, options: ResolverOptions): string {
  if (!ESM_ONLY.test(request)) return options.defaultResolver(request, options);
  try {
    return options.defaultResolver(request, options);
  } catch {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
  }
}

export = resolve;
