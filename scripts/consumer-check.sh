#!/usr/bin/env bash
# The package as its users get it: pack, install the tarball into fresh consumer projects (from the npm
# registry), and use it as they do.
#  1. Kubernetes-only consumer: `npm install cdk-traffic cdk8s constructs` prints no warning (no
#     EBADENGINE on Node 20.19+) and installs no cdktf; a program type-checks under the tsconfig of cdk8s's
#     own project template (module CommonJS, default resolution, no skipLibCheck) and
#     `npx cdk8s synth --no-check-upgrade` writes its manifests; `npx cdk-traffic plan` compares two outputs.
#  2. cdktf consumer: the entry points resolve under node10, node16 and bundler resolution; a program whose
#     VPC comes from another stack of the same cdktf App synthesizes; a jest test written with
#     cdk-traffic/testing passes.
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
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false CHECKPOINT_DISABLE=1
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

# The cdktf consumer installs in the background while step 1 runs (npm spends most of it waiting on the
# registry). Its test tools come in a second install, after the checked one: kubernetes-models (a dev-only
# package of validateObjects) asks for Node >= 22 in its engines field, its own warning, not cdk-traffic's.
tf="$tmp/tf"
mkdir -p "$tf"
printf '{ "name": "tf-consumer", "version": "1.0.0", "private": true }\n' > "$tf/package.json"
aws_version="$(node -p "require('$root/node_modules/@cdktf/provider-aws/package.json').version")"
cdktf_version="$(node -p "require('$root/node_modules/cdktf/package.json').version")"
(
  cd "$tf"
  npm install "$tgz" "cdk8s@^$cdk8s_version" "constructs@^10" "cdktf@~$cdktf_version" "@cdktf/provider-aws@^$aws_version" >"$tmp/tf-install.log" 2>&1
  npm install --save-dev "typescript@$ts_version" "@types/node@^20" "@types/jest@^30" "jest@^30" "@swc/core@^1" "@swc/jest@^0" "kubernetes-models@^5" "ajv@^8" >"$tmp/tf-tools.log" 2>&1
) &
tf_install=$!

step "1. Kubernetes-only consumer (no cdktf)"
k8s="$tmp/k8s"
mkdir -p "$k8s" && cd "$k8s"
printf '{ "name": "k8s-consumer", "version": "1.0.0", "private": true }\n' > package.json
install_quiet "$tgz" "cdk8s@^$cdk8s_version" "constructs@^10"
step "   installed cdk-traffic and its peers"
for p in cdktf @cdktf/provider-aws kubernetes-models; do
  if [ -e "node_modules/$p" ]; then echo "FAIL: $p was installed for a Kubernetes-only consumer"; exit 1; fi
done
npm install --save-dev "cdk8s-cli@$cli_version" "typescript@$ts_version" "@types/node@^20" >/dev/null 2>&1
# cdk8s's own project template (cdk8s init typescript-app): its tsconfig, its cdk8s.yaml but with node
# running the compiled program (the template's ts-node adds nothing here).
step "   installed cdk8s-cli"
cp node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json tsconfig.json
cp "$src/k8s-main.ts" main.ts
npx tsc -p .
printf 'language: typescript\napp: node main.js\n' > cdk8s.yaml
npx cdk8s synth --no-check-upgrade >/dev/null
grep -q '^kind: Deployment' dist/shop.k8s.yaml || { echo "FAIL: no Deployment in dist/shop.k8s.yaml"; exit 1; }
echo "ok: $(grep -c '^kind:' dist/shop.k8s.yaml) objects in dist/shop.k8s.yaml"
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
echo "consumer check passed in $((SECONDS - started)) s"
