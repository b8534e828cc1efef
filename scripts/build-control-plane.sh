#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from Go modules
# into a cache outside the repository, keyed by version, and prints the folder that holds them.
# A second call finds the cache and returns at once. Safe to run concurrently (flock).
set -euo pipefail
K8S_VERSION="${KMETAL_K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${KMETAL_ETCD_VERSION:-v3.6.15}"
CACHE="${KMETAL_CACHE_DIR:-$HOME/.cache/kmetal}/kube-from-modules"
OUT="$CACHE/bin/$K8S_VERSION-etcd$ETCD_VERSION"
CMDS="kube-apiserver kube-controller-manager kube-scheduler kubectl"
export PATH="/usr/local/go/bin:$PATH"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod

complete() { for b in etcd $CMDS; do [[ -x "$OUT/$b" ]] || return 1; done; }
if complete; then echo "$OUT"; exit 0; fi
command -v go >/dev/null || {
  echo "kmetal: Go is not installed and KUBEBUILDER_ASSETS is not set; install Go 1.24+ or point KUBEBUILDER_ASSETS at a folder with etcd and kube-apiserver" >&2
  exit 3; }

mkdir -p "$CACHE/wrappers"
exec 9>"$CACHE/.build.lock"
echo "kmetal: building the control-plane binaries $K8S_VERSION + etcd $ETCD_VERSION into $OUT (first time only; about 6 min on 2 idle cores, more on a busy machine)" >&2
flock 9
if complete; then echo "$OUT"; exit 0; fi   # another process built it while we waited

TMP="$OUT.partial"; mkdir -p "$TMP"
MP="${K8S_VERSION#v1.}"; STAGING_VERSION="v0.$MP"; MINOR="${MP%%.*}"
log() { echo "kmetal-build: $*" >&2; }
t0=$(date +%s)

cd "$CACHE/wrappers"
UPMOD="$(GOFLAGS= go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": *"\([^"]*\)".*/\1/p')"
[[ -f "$UPMOD" ]] || { echo "kmetal: cannot download k8s.io/kubernetes@$K8S_VERSION from the Go module proxy" >&2; exit 1; }
STAGING="$(grep -oE 'k8s\.io/[A-Za-z0-9._-]+[[:space:]]+=>[[:space:]]+\./staging/' "$UPMOD" | awk '{print $1}' | sort -u)"
REQ00="$(grep -E '^[[:space:]]*(require[[:space:]]+)?k8s\.io/[A-Za-z0-9._-]+[[:space:]]+v0\.0\.0([[:space:]]|$)' "$UPMOD" \
         | sed -E 's/^[[:space:]]*(require[[:space:]]+)?//' | awk '{print $1}' | sort -u)"
MISSING="$(comm -23 <(printf '%s\n' "$REQ00") <(printf '%s\n' "$STAGING"))"
[[ -z "$MISSING" ]] || { echo "kmetal: v0.0.0 requirements without a staging replace: $MISSING" >&2; exit 1; }
GO_LINE="$(sed -n 's/^go \([0-9][0-9.]*\)[[:space:]]*$/\1/p' "$UPMOD" | head -1)"
GODEBUG_LINES="$(grep -E '^godebug[[:space:]]+[^(]' "$UPMOD" || true)"

K="$CACHE/wrappers/kube-$K8S_VERSION"
if [[ ! -f "$K/.ready" ]]; then
  rm -rf "$K"; mkdir -p "$K"; cd "$K"
  { printf 'module kubebins\n\ngo %s\n' "$GO_LINE"; [[ -z "$GODEBUG_LINES" ]] || printf '\n%s\n' "$GODEBUG_LINES"; } > go.mod
  for m in $STAGING; do go mod edit -replace="$m=$m@$STAGING_VERSION"; done
  tools=(); for c in $CMDS; do tools+=("k8s.io/kubernetes/cmd/$c@$K8S_VERSION"); done
  go get -tool "${tools[@]}"
  touch .ready
fi
cd "$K"
BUILD_DATE="$(date -u ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)"
LDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDF+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean -X $p.buildDate=$BUILD_DATE"
done
for c in $CMDS; do
  [[ -x "$TMP/$c" ]] && continue
  s=$(date +%s)
  go build -trimpath -buildvcs=false -tags selinux,notest -ldflags "$LDF" -o "$TMP/$c.tmp" "k8s.io/kubernetes/cmd/$c"
  mv "$TMP/$c.tmp" "$TMP/$c"
  log "$c built in $(( $(date +%s) - s ))s"
done

E="$CACHE/wrappers/etcd-$ETCD_VERSION"
if [[ ! -x "$TMP/etcd" ]]; then
  if [[ ! -f "$E/.ready" ]]; then
    rm -rf "$E"; mkdir -p "$E"; cd "$E"
    printf 'module etcdbin\n\ngo 1.24\n' > go.mod
    go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    touch .ready
  fi
  cd "$E"; s=$(date +%s)
  go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$TMP/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$TMP/etcd.tmp" "$TMP/etcd"
  log "etcd built in $(( $(date +%s) - s ))s"
fi

"$TMP/kube-apiserver" --version >&2
"$TMP/etcd" --version >&2 | head -1 || true
rm -rf "$OUT"; mv "$TMP" "$OUT"
log "all binaries ready in $(( $(date +%s) - t0 ))s"
echo "$OUT"
