#!/usr/bin/env bash
# The package as its users get it: pack, install the tarball into fresh consumer projects (from the npm
# registry), and use it as they do.
#  1. Kubernetes-only consumer: `npm install cdk-traffic cdk8s constructs` prints no warning (no
#     EBADENGINE on Node 20.19+) and installs no cdktf; a program type-checks under the tsconfig of cdk8s's
#     own project template (module CommonJS, default resolution, no skipLibCheck) and
#     `npx cdk8s synth --no-check-upgrade` writes its manifests; `npx cdk-traffic plan` compares two outputs; the README's Testing example (validateObjects
#     and a snapshot) passes under the template's own jest config (ts-jest), unchanged; cdk-traffic/aws and
#     cdk-traffic/aws-terrain without their peers fail with an error naming what to install.
#  2. cdktf consumer: the entry points resolve under node10, node16 and bundler resolution; a program whose
#     VPC comes from another stack of the same cdktf App synthesizes; a jest test written with
#     cdk-traffic/testing passes.
#  4. CDK Terrain consumer (cdktn, @cdktn/provider-aws, cdk-traffic/aws-terrain): the same program and test with
#     the module names of CDK Terrain write the same Terraform as cdktf; terraform validate accepts it.
# Usage: bash scripts/consumer-check.sh   (KEEP=1 keeps the temporary folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/consumer"
# In memory where there is a tmpfs: the two consumers hold ~630 MB in ~28k files (mostly
# @cdktf/provider-aws), and deleting them from a busy disk took longer than the whole check.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp="$(mktemp -d -p /dev/shm cdk-traffic-consumer.XXXXXX)"; else tmp="$(mktemp -d)"; fi
cleanup() {
  local jobs; jobs="$(jobs -p)"
  [ -z "$jobs" ] || kill $jobs 2>/dev/null || true
  [ "${KEEP:-}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT
# prefer-offline: packages already in npm's cache are not revalidated against the registry (most of the time here).
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_prefer_offline=true CHECKPOINT_DISABLE=1
started=$SECONDS
step() { echo "-- $1 (at $((SECONDS - started)) s)"; }

step "pack"
(cd "$root" && npm pack --pack-destination "$tmp" --silent >/dev/null)
tgz="$(ls "$tmp"/cdk-traffic-*.tgz)"
tar -tzf "$tgz" | awk 'END { print NR " files in the tarball" }'
# The licence travels with the package (npm adds LICENSE by name).
tar -tzf "$tgz" | grep -x 'package/LICENSE' >/dev/null || { echo "FAIL: the tarball has no LICENSE"; exit 1; }
cdk8s_version="$(node -p "require('$root/node_modules/cdk8s/package.json').version")"
cli_version="$(node -p "require('$root/node_modules/cdk8s-cli/package.json').version")"
ts_version="$(node -p "require('$root/node_modules/typescript/package.json').version")"

# The install must print nothing but progress: no warning of any kind about cdk-traffic or its peers.
check_quiet() {
  if grep -i "warn" "$1"; then echo "FAIL: $2 printed warnings (above)"; exit 1; fi
}
install_quiet() {
  local log="$tmp/install.log"
  npm install "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
  check_quiet "$log" "npm install $*"
}

# The cdktf and cdktn consumers install in the background while step 1 runs (npm spends most of it waiting on
# the registry). Their test tools come in a second install, after the checked one.
tf="$tmp/tf"
mkdir -p "$tf"
printf '{ "name": "tf-consumer", "version": "1.0.0", "private": true }\n' > "$tf/package.json"
aws_version="$(node -p "require('$root/node_modules/@cdktf/provider-aws/package.json').version")"
cdktf_version="$(node -p "require('$root/node_modules/cdktf/package.json').version")"
(
  cd "$tf"
  npm install "$tgz" "cdk8s@^$cdk8s_version" "constructs@^10" "cdktf@~$cdktf_version" "@cdktf/provider-aws@^$aws_version" >"$tmp/tf-install.log" 2>&1
  npm install --save-dev "typescript@$ts_version" "@types/node@^20" "@types/jest@^30" "jest@^30" "@swc/core@^1" "@swc/jest@^0" "kubernetes-models@^4.5.1" "ajv@^8" >"$tmp/tf-tools.log" 2>&1
) &
tf_install=$!
# The CDK Terrain consumer, at the versions measured to install together (README: Install).
tn="$tmp/tn"
mkdir -p "$tn"
printf '{ "name": "tn-consumer", "version": "1.0.0", "private": true }\n' > "$tn/package.json"
(
  cd "$tn"
  npm install "$tgz" "cdk8s@^$cdk8s_version" constructs@10.7.0 cdktn@0.24.0 @cdktn/provider-aws@25.7.0 >"$tmp/tn-install.log" 2>&1
  npm install --save-dev "typescript@$ts_version" "@types/node@^20" "@types/jest@^30" "jest@^30" "@swc/core@^1" "@swc/jest@^0" "kubernetes-models@^4.5.1" "ajv@^8" >"$tmp/tn-tools.log" 2>&1
) &
tn_install=$!

step "1. Kubernetes-only consumer (no cdktf)"
k8s="$tmp/k8s"
mkdir -p "$k8s" && cd "$k8s"
printf '{ "name": "k8s-consumer", "version": "1.0.0", "private": true }\n' > package.json
install_quiet "$tgz" "cdk8s@^$cdk8s_version" "constructs@^10"
step "   installed cdk-traffic and its peers"
for p in cdktf @cdktf/provider-aws kubernetes-models; do
  if [ -e "node_modules/$p" ]; then echo "FAIL: $p was installed for a Kubernetes-only consumer"; exit 1; fi
done
# The cdk8s template's own dev dependencies (jest 29 with ts-jest) and the test tools the README installs: no warning.
template="$root/node_modules/cdk8s-cli/templates/typescript-app"
template_dev="$(node -p "Object.entries(require('$template/package.json').devDependencies).filter(([n]) => /jest|@types/.test(n)).map(([n, v]) => n + '@' + v).join(' ')")"
# shellcheck disable=SC2086
install_quiet --save-dev "cdk8s-cli@$cli_version" "typescript@$ts_version" $template_dev kubernetes-models@^4.5.1 ajv@^8
step "   installed cdk8s-cli, the template's jest + ts-jest, kubernetes-models 4 and ajv (no warning)"
for entry in aws aws-terrain; do
  if out="$(node -e "require('cdk-traffic/$entry')" 2>&1)"; then echo "FAIL: cdk-traffic/$entry loaded without its peers"; exit 1; fi
  printf '%s\n' "$out" | grep -q "cdk-traffic/$entry needs the packages.*Fix: npm install" \
    || { printf '%s\n' "$out" | head -5; echo "FAIL: cdk-traffic/$entry without its peers does not say what to install"; exit 1; }
done
echo "ok: cdk-traffic/aws and cdk-traffic/aws-terrain without their peers name what to install"
# cdk8s's own project template (cdk8s init typescript-app): its tsconfig, its jest.config.js, its cdk8s.yaml but
# with node running the compiled program (the template's ts-node adds nothing here).
cp "$template/tsconfig.json" tsconfig.json
cp "$template/jest.config.js" jest.config.js
cp "$src/k8s-main.ts" main.ts
cp "$src/k8s-shop.ts" shop.ts
cp "$src/k8s-shop.test.ts" shop.test.ts
npx tsc -p .
printf 'language: typescript\napp: node main.js\n' > cdk8s.yaml
npx cdk8s synth --no-check-upgrade >/dev/null
grep -q '^kind: Deployment' dist/shop.k8s.yaml || { echo "FAIL: no Deployment in dist/shop.k8s.yaml"; exit 1; }
echo "ok: $(grep -c '^kind:' dist/shop.k8s.yaml) objects in dist/shop.k8s.yaml"
step "   jest with the template's config (ts-jest)"
# A fresh project writes its first snapshot; under CI=true jest would refuse to write it (--ci), so say it.
npx jest --ci=false 2>&1 | tail -6
grep -q '"kind": "Deployment"' __snapshots__/shop.test.ts.snap || { echo "FAIL: no snapshot written"; exit 1; }
# The floor of the peer ranges (package.json peerDependencies): the same program on the oldest versions allowed.
cdk8s_floor="$(node -p "require('$root/package.json').peerDependencies.cdk8s.replace(/^\\^/, '')")"
constructs_floor="$(node -p "require('$root/package.json').peerDependencies.constructs.replace(/^\\^/, '')")"
npm install "cdk8s@$cdk8s_floor" "constructs@$constructs_floor" >/dev/null 2>&1
npx tsc -p . && node main.js
grep -q '^kind: Deployment' dist/shop.k8s.yaml
echo "ok: also on the floor of the peer ranges, cdk8s $cdk8s_floor and constructs $constructs_floor"
# The traffic plan as a pull request runs it: the base's output, a changed definition, the head's output.
step "   npx cdk-traffic plan"
cp -r dist "$tmp/plan-base"
npx cdk-traffic plan "$tmp/plan-base" dist >"$tmp/plan.txt" || { cat "$tmp/plan.txt"; echo "FAIL: cdk-traffic plan of identical outputs"; exit 1; }
grep -qx 'no traffic changes' "$tmp/plan.txt" || { cat "$tmp/plan.txt"; echo "FAIL: identical outputs are not 'no traffic changes'"; exit 1; }
sed -i "s/  name: 'shop',/  name: 'shop',\n  replicas: 4,/" main.ts
npx tsc -p . && node main.js
rc=0; npx cdk-traffic plan "$tmp/plan-base" dist --format markdown >"$tmp/plan.md" || rc=$?
[ "$rc" = 2 ] && grep -q '| Kubernetes | Deployment shop/shop | replicas | `2` | `4` |' "$tmp/plan.md" || { cat "$tmp/plan.md"; echo "FAIL: cdk-traffic plan exited $rc without the replica change"; exit 1; }
npx cdk-traffic plan "$tmp/plan-base" dist --fail-on caution >/dev/null || { echo "FAIL: --fail-on caution exited non-zero for an info change"; exit 1; }
echo "ok: npx cdk-traffic plan: no traffic changes on the same output (exit 0), replicas 2 -> 4 (exit 2)"

step "2. cdktf consumer"
cd "$tf"
wait "$tf_install" || { cat "$tmp/tf-install.log"; echo "FAIL: installing the cdktf consumer"; exit 1; }
check_quiet "$tmp/tf-install.log" "npm install cdk-traffic with cdktf"
step "   installed (in the background, during step 1)"
# The template's tsconfig again (node10 resolution), with skipLibCheck as cdktf's own template has it: the
# provider's declarations are large, and step 1 already checked cdk-traffic's without it.
node -e "const t=require('$root/node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json'); t.compilerOptions.skipLibCheck=true; require('fs').writeFileSync('tsconfig.json', JSON.stringify(t, null, 2))"
cp "$src/aws-main.ts" "$src/consumer.test.ts" "$src/resolve.ts" "$src/jest.config.js" .
npx tsc -p .
for mode in "node16 node16" "esnext bundler"; do
  set -- $mode
  npx tsc --noEmit --skipLibCheck --strict --types node --module "$1" --moduleResolution "$2" resolve.ts || { echo "FAIL: entry points under $2 resolution"; exit 1; }
done
echo "ok: entry points resolve under node10 (the template tsconfig), node16 and bundler"
node aws-main.js >/dev/null
edge=cdktf.out/stacks/edge/cdk.tf.json
grep -q '"aws_lb"' "$edge" && grep -q 'terraform_remote_state' "$edge" || { echo "FAIL: $edge has no aws_lb or no remote state of the network stack"; exit 1; }
grep -q '"aws_lb"' cdktf.out/stacks/classic/cdk.tf.json
echo "ok: $edge has the load balancer, the VPC from the network stack"
step "   jest"
npx jest --ci 2>&1 | tail -5

step "3. the lowest cdktf and AWS provider the peer ranges allow"
# The same consumer at the floors of cdk-traffic's peer ranges: it must compile and write the same Terraform.
cdktf_floor="$(node -p "require('$root/package.json').peerDependencies.cdktf.replace(/^[\\^~]/, '')")"
aws_floor="$(node -p "require('$root/package.json').peerDependencies['@cdktf/provider-aws'].replace(/^[\\^~]/, '')")"
mv cdktf.out "$tmp/cdktf.out.current"
npm install "cdktf@$cdktf_floor" "@cdktf/provider-aws@$aws_floor" >/dev/null 2>&1 || { echo "FAIL: installing cdktf@$cdktf_floor @cdktf/provider-aws@$aws_floor"; exit 1; }
npx tsc -p .
node aws-main.js >/dev/null
# Each provider package pins its own hashicorp/aws version in required_providers: that line may differ.
pin='^ *"version": "[0-9.]*"$'
diff -r -I "$pin" "$tmp/cdktf.out.current/stacks" cdktf.out/stacks >/dev/null || { diff -r -I "$pin" "$tmp/cdktf.out.current/stacks" cdktf.out/stacks | head -20; echo "FAIL: cdktf@$cdktf_floor with @cdktf/provider-aws@$aws_floor writes other Terraform"; exit 1; }
npx cdk-traffic plan "$tmp/cdktf.out.current" cdktf.out >/dev/null || { npx cdk-traffic plan "$tmp/cdktf.out.current" cdktf.out; echo "FAIL: cdk-traffic plan sees traffic changes between the two provider versions' output"; exit 1; }
echo "ok: cdktf@$cdktf_floor with @cdktf/provider-aws@$aws_floor compiles and writes the same Terraform (but its provider pin, hashicorp/aws $(node -p "require('./cdktf.out/stacks/edge/cdk.tf.json').terraform.required_providers.aws.version"))"

step "4. CDK Terrain consumer (cdktn, cdk-traffic/aws-terrain)"
cd "$tn"
wait "$tn_install" || { cat "$tmp/tn-install.log"; echo "FAIL: installing the cdktn consumer"; exit 1; }
# @cdktn/provider-aws asks for Node >= 22.11 (its own EBADENGINE on Node 20); any other warning fails.
if grep -i warn "$tmp/tn-install.log" | grep -v "EBADENGINE" | grep .; then echo "FAIL: installing with cdktn printed warnings (above)"; exit 1; fi
others="$(grep -o "package: '[^']*'" "$tmp/tn-install.log" | grep -v "package: '@cdktn/provider-aws@" || true)"
[ -z "$others" ] || { echo "$others"; echo "FAIL: EBADENGINE from other packages than @cdktn/provider-aws"; exit 1; }
step "   installed (in the background)"
cp "$tf/tsconfig.json" "$tf/jest.config.js" .
# The cdktf consumer's sources with CDK Terrain's module names: the same program, the same test.
for f in aws-main.ts consumer.test.ts; do
  sed -e "s#'cdktf'#'cdktn'#g; s#'@cdktf/provider-aws/#'@cdktn/provider-aws/#g; s#'cdk-traffic/aws'#'cdk-traffic/aws-terrain'#g" "$src/$f" > "$f"
done
if grep -n "cdktf'\|@cdktf/" aws-main.ts consumer.test.ts; then echo "FAIL: the cdktn consumer still imports cdktf"; exit 1; fi
npx tsc -p .
node aws-main.js >/dev/null
# The same Terraform but for the provider's pin (cdktn writes its source as "hashicorp/aws", cdktf as "aws"), the
# CDK's own version in the metadata and the local state files' absolute paths (each consumer's folder).
node -e '
const fs = require("fs"); const [a, b, da, db] = process.argv.slice(1);
const norm = (dir, home) => Object.fromEntries(fs.readdirSync(dir).sort().map((s) => {
  const j = JSON.parse(fs.readFileSync(`${dir}/${s}/cdk.tf.json`, "utf8").split(home + "/").join(""));
  delete j.terraform.required_providers.aws; delete j["//"].metadata.version; return [s, j];
}));
const [x, y] = [norm(a, da), norm(b, db)];
if (JSON.stringify(x) !== JSON.stringify(y)) { console.error(JSON.stringify(x, null, 1).slice(0, 400), "\n---\n", JSON.stringify(y, null, 1).slice(0, 400)); process.exit(1); }
' "$tmp/cdktf.out.current/stacks" cdktf.out/stacks "$tf" "$tn" || { echo "FAIL: cdktn writes other Terraform than cdktf"; exit 1; }
echo "ok: cdktn writes the same Terraform as cdktf (but its provider pin, hashicorp/aws $(node -p "require('./cdktf.out/stacks/edge/cdk.tf.json').terraform.required_providers.aws.version"))"
step "   jest"
npx jest --ci 2>&1 | tail -5
tools="$root/../shared/tools"
if [ -x "$tools/terraform-check.sh" ] && command -v terraform >/dev/null 2>&1; then
  # Terraform validates the provider schema of the LoadBalancerStack "classic" (every resource kind the library
  # writes; one stack, as each takes ~80 s on a loaded machine; the plan of "edge" would need the network stack's
  # state, which a consumer without applying has not). The cdktf output is the same but for the pin (compared
  # above) and is validated and planned by .ci/run's terraform-check.sh over the project's own stacks.
  step "   terraform-check.sh on the cdktn output (stack classic)"
  mkdir -p "$tmp/tf-check/cdktf.out/stacks" && cp -r cdktf.out/stacks/classic "$tmp/tf-check/cdktf.out/stacks/"
  verdict="$(PROJECT="$tmp/tf-check" "$tools/terraform-check.sh" 2>&1 | grep '^VERDICT' | tail -1 || true)"
  echo "$verdict"
  echo "$verdict" | grep -Eq 'validate on [^:]*: 1/1 ok' || { echo "FAIL: terraform validate rejects the cdktn output"; exit 1; }
  echo "ok: terraform validate accepts the cdktn output"
else echo "skipped: terraform-check.sh (no terraform or no ../shared/tools)"; fi
echo "consumer check passed in $((SECONDS - started)) s"
