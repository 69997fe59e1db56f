/**
 * Loads a package that only `cdk-traffic/testing`'s validation needs (ajv, kubernetes-models): a dev
 * dependency of the user's tests, not of the library. Loaded on first use, so importing
 * `cdk-traffic/testing` without them works; a missing one is an error saying what to install.
 */
export function requireDev<T>(name: string, purpose: string): T {
  try {
    return require(name) as T; // eslint-disable-line @typescript-eslint/no-require-imports
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${name}`)) {
      throw new Error(`cdk-traffic/testing needs the package "${name}" ${purpose}: npm install --save-dev ${name}`);
    }
    throw e;
  }
}

/** The resolved path of a file of a dev-only package (see `requireDev`). */
export function requireDevPath(name: string, purpose: string): string {
  try {
    return require.resolve(name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
      throw new Error(`cdk-traffic/testing needs the package "${pkg}" ${purpose}: npm install --save-dev ${pkg}`);
    }
    throw e;
  }
}
