/**
 * A jest resolver for tests that call `validateObjects` (cdk-traffic/testing): kubernetes-models,
 * @kubernetes-models/* and some of their dependencies publish ES modules only (an `import` exports
 * condition, no `require`), which jest's default resolver cannot find. This one resolves them with
 * `import`; jest must also transform them to CommonJS (docs/testing.md has the jest.config.js):
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
  if (ESM_ONLY.test(request))
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
  return options.defaultResolver(request, options);
}

export = resolve;
