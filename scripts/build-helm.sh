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
# What helm's release Makefile sets: the version `helm version` reports, and the Kubernetes version that
# `helm template` and `helm lint` assume without a cluster (1.<minor> of the client-go it is built with;
# left unset it is 1.20, older than what charts such as ours require).
MOD="$(go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/.*"GoMod": *"\([^"]*\)".*/\1/p')"
K8S_MINOR="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$MOD" | head -1)"
[[ -n "$K8S_MINOR" ]] || { echo "kmetal: cannot read the client-go version of helm $HELM_VERSION" >&2; exit 1; }
V=helm.sh/helm/v3/internal/version
LDF="-s -w -X $V.version=$HELM_VERSION -X $V.gitTreeState=clean"
for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do LDF+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$K8S_MINOR"; done
GOBIN="$TMP" go install -trimpath -buildvcs=false -ldflags "$LDF" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
"$TMP/helm" version --short >&2
rm -rf "$OUT"; mv "$TMP" "$OUT"
echo "kmetal-build: helm built in $(( $(date +%s) - t0 ))s" >&2
echo "$OUT/helm"
