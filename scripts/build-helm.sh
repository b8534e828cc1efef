#!/usr/bin/env bash
# Builds the helm command line from its Go module into a cache outside the repository, keyed by version,
# and prints its path. A second call finds the cache and returns at once. Safe to run concurrently (flock).
# Helm's go.mod has no replace directives, so `go install module@version` builds it as released.
set -euo pipefail
HELM_VERSION="${KMETAL_HELM_VERSION:-v3.22.0}"
CACHE="${KMETAL_CACHE_DIR:-$HOME/.cache/kmetal}/helm-from-modules"
OUT="$CACHE/bin/$HELM_VERSION"
export PATH="/usr/local/go/bin:$PATH"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=
# One compile job unless told otherwise: helm is built once, and the machine stays usable meanwhile.
export GOMAXPROCS="${GOMAXPROCS:-1}"

if [[ -x "$OUT/helm" ]]; then echo "$OUT/helm"; exit 0; fi
command -v go >/dev/null || { echo "kmetal: Go is not installed; install Go 1.26+ to build helm $HELM_VERSION once" >&2; exit 3; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
echo "kmetal: building helm $HELM_VERSION from Go modules into $OUT (first time only; a few minutes)" >&2
flock 9
if [[ -x "$OUT/helm" ]]; then echo "$OUT/helm"; exit 0; fi   # another process built it while we waited

TMP="$OUT.partial"; rm -rf "$TMP"; mkdir -p "$TMP"
t0=$(date +%s)
# The version helm reports (`helm version`) is set by its release Makefile through these variables.
V=helm.sh/helm/v3/internal/version
GOBIN="$TMP" go install -trimpath -buildvcs=false \
  -ldflags "-s -w -X $V.version=$HELM_VERSION -X $V.gitTreeState=clean" \
  "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
"$TMP/helm" version --short >&2
rm -rf "$OUT"; mv "$TMP" "$OUT"
echo "kmetal-build: helm built in $(( $(date +%s) - t0 ))s" >&2
echo "$OUT/helm"
