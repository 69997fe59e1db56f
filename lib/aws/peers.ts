/**
 * The packages `cdk-traffic/aws` loads (optional peer dependencies), checked before anything loads them: a
 * missing one is an error naming what to install, not a raw `Cannot find module`. The package names are module
 * names the build rewrites for `cdk-traffic/aws-terrain` (CDK Terrain: `cdktn`, `@cdktn/provider-aws`), so both
 * entry points come from this one folder (scripts/terrain.js).
 */
const ENTRY = 'cdk-traffic/aws';
/** The CDK this entry point is built for: `cdktf`, or `cdktn` in `cdk-traffic/aws-terrain`. */
export const CDK: string = 'cdktf';
const PROVIDER = '@cdktf/provider-aws';

/** What to install, per CDK (the peer ranges of package.json; CDK Terrain at the versions measured to install together). */
export const PEER_INSTALL: Readonly<Record<string, string>> = {
  cdktf: 'npm install cdktf@^0.21.0 @cdktf/provider-aws@^21.0.0',
  cdktn: 'npm install cdktn@0.24.0 @cdktn/provider-aws@25.7.0 constructs@10.7.0',
};

/** The entry point of the other CDK, for the error's hint. */
const OTHER: Readonly<Record<string, string>> = {
  cdktf: 'CDK Terrain (cdktn) users import cdk-traffic/aws-terrain instead',
  cdktn: 'CDK for Terraform (cdktf) users import cdk-traffic/aws instead',
};

/** The peers `resolve` cannot find (`require.resolve` by default), in the order they are loaded. */
export function missingPeers(resolve: (name: string) => string = require.resolve): string[] {
  return [CDK, `${PROVIDER}/lib/provider`].flatMap((name) => {
    try {
      resolve(name);
      return [];
    } catch {
      return [name === CDK ? CDK : PROVIDER];
    }
  });
}

/** The error for missing peers, or undefined when none is missing. */
export function peerError(missing: readonly string[]): Error | undefined {
  if (missing.length === 0) return undefined;
  return new Error(
    `${ENTRY} needs the package${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} (optional peer dependencies ` +
      `of cdk-traffic, not installed). Fix: ${PEER_INSTALL[CDK]} (${OTHER[CDK]})`,
  );
}

const error = peerError(missingPeers());
if (error) throw error;
