#!/usr/bin/env bash
# Strict check of what `npm run synth` wrote, against the upstream schemas in ../shared (development only:
# the project's tests do not need ../shared). Usage: scripts/validate.sh [path/to/validate.mjs]
set -euo pipefail
validator=${1:-../shared/validate/validate.mjs}
node "$validator" --gateway-channel experimental dist/*.k8s.yaml
for values in dist/*values*.yaml; do
  [ -f "$values" ] || continue
  for version in 1.18.3 1.20.0; do node "$validator" --cilium-values "$values" --cilium-version "$version"; done
done
