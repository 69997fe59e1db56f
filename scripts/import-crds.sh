#!/usr/bin/env bash
# Regenerates the typed CRD classes in lib/k8s/imports/ from the vendored upstream CRDs in
# ../shared/schemas (see ../shared/schemas/SOURCES.md). Developer tool only: CI and tests never run it.
#
# `cdk8s import` writes one file per API group and a second import of the same group overwrites the
# first, so all CRDs of a group are concatenated into one multi-document YAML and imported in one call.
# The generated TypeScript is then compiled to index.js + index.d.ts (see lib/k8s/imports/README.md).
#
# Usage: scripts/import-crds.sh [path/to/shared/schemas]   (default: ../shared/schemas)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMAS="$(cd "${1:-$ROOT/../shared/schemas}" && pwd)"
OUT="$ROOT/lib/k8s/imports"
TMP="$(mktemp -d)"
if [ -z "${IMPORT_CRDS_KEEP_TMP:-}" ]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP" >&2; fi
cd "$ROOT"

# import_group <folder under lib/k8s/imports> <crd file (relative to $SCHEMAS)>...
import_group() {
  local folder="$1"; shift
  local bundle="$TMP/$folder.yaml"
  : > "$bundle"
  for f in "$@"; do
    printf -- '---\n' >> "$bundle"
    cat "$SCHEMAS/$f" >> "$bundle"
    printf '\n' >> "$bundle"
  done
  if [ -n "${READ_AS_GO_YAML:-}" ]; then
    # Some upstream files continue a quoted string on lines indented no deeper than its key: Go's YAML parser (the
    # API server's) and js-yaml read one string, cdk8s import's YAML 1.2 parser splits it. Read with js-yaml, write JSON.
    node -e 'const fs = require("fs"), y = require("js-yaml"); const f = process.argv[1];
      fs.writeFileSync(f, y.loadAll(fs.readFileSync(f, "utf8")).filter(Boolean).map((d) => JSON.stringify(d)).join("\n---\n"));' "$bundle"
  fi
  rm -rf "$TMP/gen/$folder"
  # --no-save: do not append the temporary bundle path to cdk8s.yaml's `imports:`.
  npx --no-install cdk8s import --no-check-upgrade --no-save -l typescript -o "$TMP/gen/$folder" "$bundle" >/dev/null
  local generated
  generated="$(ls "$TMP/gen/$folder"/*.ts)"
  if [ "$(echo "$generated" | wc -l)" -ne 1 ]; then
    echo "expected one API group in $folder, got: $generated" >&2; exit 1
  fi
  mkdir -p "$TMP/src/$folder"
  cp "$generated" "$TMP/src/$folder/index.ts"
  SOURCES[$folder]="$*"
  echo "$folder <- $* ($(basename "$generated"))" >&2
}
declare -A SOURCES

GW=gateway-api
import_group gateway-api \
  $GW/standard/gateway.networking.k8s.io_gatewayclasses.yaml \
  $GW/standard/gateway.networking.k8s.io_gateways.yaml \
  $GW/standard/gateway.networking.k8s.io_httproutes.yaml \
  $GW/standard/gateway.networking.k8s.io_grpcroutes.yaml \
  $GW/standard/gateway.networking.k8s.io_referencegrants.yaml
import_group gateway-api-experimental \
  $GW/experimental/gateway.networking.k8s.io_httproutes.yaml \
  $GW/experimental/gateway.networking.k8s.io_grpcroutes.yaml
C=cilium/v1.18.3/crds
import_group cilium \
  $C/ciliumnetworkpolicies.yaml \
  $C/ciliumclusterwidenetworkpolicies.yaml \
  $C/ciliumloadbalancerippools.yaml \
  $C/ciliuml2announcementpolicies.yaml \
  $C/ciliumbgpclusterconfigs.yaml \
  $C/ciliumbgppeerconfigs.yaml \
  $C/ciliumbgpadvertisements.yaml
import_group aws-lbc \
  aws-load-balancer-controller/elbv2.k8s.aws_targetgroupbindings.yaml \
  aws-load-balancer-controller/elbv2.k8s.aws_ingressclassparams.yaml
import_group istio \
  istio/virtualservices.networking.istio.io.yaml \
  istio/destinationrules.networking.istio.io.yaml \
  istio/gateways.networking.istio.io.yaml
G=gke/gateway-policies
import_group gke \
  $G/networking.gke.io_healthcheckpolicies.yaml \
  $G/networking.gke.io_gcpbackendpolicies.yaml \
  $G/networking.gke.io_gcpgatewaypolicies.yaml
# Linkerd's policy CRDs (policy.linkerd.io). Linkerd's HTTPRoute is written with the gateway-api classes above
# (gateway.networking.k8s.io/v1, the group Linkerd 2.20 documents), holding only Gateway API 1.2.1 fields.
L=linkerd/version-2.20/crds
import_group linkerd \
  $L/server.yaml \
  $L/authorization-policy.yaml \
  $L/meshtls-authentication.yaml

# Istio's Telemetry (telemetry.istio.io: its own API group, so its own folder).
import_group istio-telemetry istio/telemetries.telemetry.istio.io.yaml
# Istio's AuthorizationPolicy (security.istio.io: its own API group, so its own folder).
import_group istio-security istio/authorizationpolicies.security.istio.io.yaml
# Prometheus Operator (monitoring.coreos.com): ServiceMonitor, PodMonitor, PrometheusRule.
P=prometheus-operator
import_group prometheus-operator \
  $P/monitoring.coreos.com_servicemonitors.yaml \
  $P/monitoring.coreos.com_podmonitors.yaml \
  $P/monitoring.coreos.com_prometheusrules.yaml

# Gateway API Inference Extension (inference.networking.k8s.io): InferencePool v1.
import_group gateway-api-inference \
  gateway-api-inference-extension/inference.networking.k8s.io_inferencepools.yaml
# AWS Load Balancer Controller's Gateway API CRDs (gateway.k8s.aws): LoadBalancerConfiguration, TargetGroupConfiguration,
# ListenerRuleConfiguration (use the v1 classes, `...V1Beta1` are the deprecated served version).
A=aws-load-balancer-controller/gateway
import_group aws-lbc-gateway \
  $A/gateway.k8s.aws_loadbalancerconfigurations.yaml \
  $A/gateway.k8s.aws_targetgroupconfigurations.yaml \
  $A/gateway.k8s.aws_listenerruleconfigurations.yaml
# Gateway API L4 routes (TCPRoute, UDPRoute, TLSRoute: standard channel, v1, since Gateway API v1.6).
import_group gateway-api-l4 \
  $GW/standard/gateway.networking.k8s.io_tcproutes.yaml \
  $GW/standard/gateway.networking.k8s.io_udproutes.yaml \
  $GW/standard/gateway.networking.k8s.io_tlsroutes.yaml
# Envoy Gateway's policies (gateway.envoyproxy.io/v1alpha1): BackendTrafficPolicy, ClientTrafficPolicy.
E=envoy-gateway
import_group envoy-gateway \
  $E/gateway.envoyproxy.io_backendtrafficpolicies.yaml \
  $E/gateway.envoyproxy.io_clienttrafficpolicies.yaml
# Argo Rollouts (argoproj.io): Rollout, AnalysisTemplate.
import_group argo-rollouts \
  argo-rollouts/rollout-crd.yaml \
  argo-rollouts/analysis-template-crd.yaml
# Flagger (flagger.app): Canary, MetricTemplate, AlertProvider.
READ_AS_GO_YAML=1 import_group flagger flagger/crd.yaml

# Compile to index.js (no comments) + index.d.ts (with the CRD docs as JSDoc), target ES2022 like the
# root tsconfig (ES5 breaks the generated classes). Committing these instead of the .ts sources keeps
# `tsc --noEmit` fast: with skipLibCheck the .d.ts files are parsed but not checked.
ln -s "$ROOT/node_modules" "$TMP/src/node_modules"
cat > "$TMP/src/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "commonjs", "strict": true, "skipLibCheck": true,
    "declaration": true, "rootDir": ".", "outDir": "../out", "types": []
  },
  "include": ["*/index.ts"]
}
JSON
npx --no-install tsc -p "$TMP/src/tsconfig.json" --removeComments
npx --no-install tsc -p "$TMP/src/tsconfig.json" --emitDeclarationOnly

CLI_VERSION="$(npx --no-install cdk8s --version)"
for folder in "${!SOURCES[@]}"; do
  mkdir -p "$OUT/$folder"
  rm -f "$OUT/$folder"/index.*
  header="// GENERATED by scripts/import-crds.sh (cdk8s-cli $CLI_VERSION \`cdk8s import\`) from ../shared/schemas: ${SOURCES[$folder]}. Do not edit."
  for ext in js d.ts; do
    { echo "$header"; cat "$TMP/out/$folder/index.$ext"; } > "$OUT/$folder/index.$ext"
  done
done
echo "wrote: $(cd "$ROOT" && ls -d lib/k8s/imports/*/ | tr '\n' ' ')" >&2
