/**
 * `cdk-traffic/aws-terrain`: the compiled `lib/aws/` (build/aws, for CDK for Terraform) copied to build/aws-terrain
 * with its module names rewritten for CDK Terrain, the maintained fork: `cdktf` -> `cdktn`,
 * `@cdktf/provider-aws/...` -> `@cdktn/provider-aws/...` (same classes, same submodule paths), and the entry point's
 * own name in its messages. One source folder, two entry points: only whole string literals are rewritten (module
 * specifiers of `require`, `import` and `from`, and the constants of lib/aws/peers.ts), never prose.
 */
const fs = require('fs');
const path = require('path');

const RENAMES = [
  [/(["'])cdktf\1/g, '$1cdktn$1'],
  [/(["'])@cdktf\/provider-aws((?:\/[^"'\s]*)?)\1/g, '$1@cdktn/provider-aws$2$1'],
  [/(["'])cdk-traffic\/aws\1/g, '$1cdk-traffic/aws-terrain$1'],
];
/** A module reference to CDK for Terraform left in a rewritten file (the build fails on one). */
const LEFT = /(?:require\(|from |import\()\s*["'](?:cdktf|@cdktf\/)/;

/** The text of a compiled file of build/aws for build/aws-terrain. */
function toTerrain(text) {
  return RENAMES.reduce((t, [from, to]) => t.replace(from, to), text);
}

/** Writes `<out>/aws-terrain` from `<out>/aws`; returns the files written. Throws when a cdktf reference is left. */
function buildTerrain(out) {
  const from = path.join(out, 'aws');
  const to = path.join(out, 'aws-terrain');
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  const written = [];
  for (const f of fs.readdirSync(from).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
    const text = toTerrain(fs.readFileSync(path.join(from, f), 'utf8'));
    if (LEFT.test(text)) throw new Error(`terrain: build/aws-terrain/${f} still refers to cdktf after the rewrite`);
    fs.writeFileSync(path.join(to, f), text);
    written.push(path.join(to, f));
  }
  return written;
}

module.exports = { toTerrain, buildTerrain };
