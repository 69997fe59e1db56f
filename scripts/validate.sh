#!/usr/bin/env bash
# Strict check of what `npm run synth` wrote, against the upstream schemas in ../shared (development only:
# the project's tests do not need ../shared). Usage: scripts/validate.sh [path/to/validate.mjs]
set -euo pipefail
validator=${1:-../shared/validate/validate.mjs}
node "$validator" --gateway-channel experimental dist/*.k8s.yaml
# Helm values live in dist/helm/ (the top level of dist/ holds only Kubernetes objects).
for values in dist/helm/*values*.yaml; do
  [ -f "$values" ] || continue
  # ../shared holds the 1.20.0 values schema; every supported chart (1.18.12, 1.19.6, 1.20.0) is checked by
  # test/cilium/chart-versions.test.ts and, with the real charts, by ../shared/tools/helm-cilium.sh.
  node "$validator" --cilium-values "$values" --cilium-version 1.20.0
done
