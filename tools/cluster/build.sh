#!/usr/bin/env bash
# tools/cluster/build.sh [COMPONENT...]   (also: bin/flowline-cluster build [COMPONENT...])
#
# Builds the upstream binaries of the test cluster from the pinned Go tools modules next to this script into
# ~/.cache/flowline/cluster/<component>-<key>/bin (FLOWLINE_CLUSTER_CACHE overrides the parent folder). <key> is
# a hash of the component's tools module (go.mod + go.sum) and the Go version, so changing a pinned version
# builds into a new folder and an unchanged pin reuses what is there. Only missing components are built.
#
# Components (default: all): k8s (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl), etcd,
# argo (workflow-controller, argoexec), jobset, gcs (fake-gcs-server), argo-events (argo-events: controller, eventsource
# and sensor in one binary).
# `build.sh --where COMPONENT` prints the component's cache folder (binaries in bin/, manifests in manifests/)
# without building anything.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all=(k8s etcd argo jobset gcs argo-events)
where=false
if [ "${1:-}" = "--where" ]; then where=true; shift; fi
want=("$@")
[ ${#want[@]} -eq 0 ] && want=("${all[@]}")
for c in "${want[@]}"; do
  case " ${all[*]} " in *" $c "*) ;; *)
    echo "flowline-cluster build: unknown component '$c'; give some of: ${all[*]}" >&2; exit 2 ;;
  esac
done

if ! command -v go >/dev/null 2>&1; then
  echo "flowline-cluster build: no Go toolchain on PATH. The test cluster is built from Go modules and needs Go >= 1.26.0" >&2
  echo "  (https://go.dev/dl/ ; the module proxy must be reachable). Install it and run: tools/cluster/build.sh" >&2
  exit 1
fi
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-trimpath -buildvcs=false"
go_version="$(go env GOVERSION)"
platform="$go_version $(go env GOOS)/$(go env GOARCH)"
root="${FLOWLINE_CLUSTER_CACHE:-$HOME/.cache/flowline/cluster}"

# the cache folder of one component
cache_of() {
  echo "$root/$1-$( { echo "$platform"; cat "$here/$1"/*; } | sha256sum | cut -c1-12)"
}

if $where; then
  for c in "${want[@]}"; do cache_of "$c"; done
  exit 0
fi

# binaries each component produces
outputs() {
  case "$1" in
    k8s) echo "kube-apiserver kube-controller-manager kube-scheduler kubectl" ;;
    etcd) echo "etcd" ;;
    argo) echo "workflow-controller argoexec" ;;
    jobset) echo "jobset" ;;
    gcs) echo "fake-gcs-server" ;;
    argo-events) echo "argo-events" ;;
  esac
}

complete() {
  local b cache
  cache="$(cache_of "$1")"
  for b in $(outputs "$1"); do [ -x "$cache/bin/$b" ] || return 1; done
  [ -f "$cache/logs/$1.done" ]
}

# Argo's repository has workflow/executor/osspecific/signal_linux.go as a symbolic link to signal_darwin.go;
# module zips leave symbolic links out, so argoexec does not build for Linux from the module proxy
# ("undefined: Setpgid"). The build uses a copy of the module's source with the link's file put back,
# through a Go workspace in the cache folder (the module cache itself stays read-only, as Go wants it).
argo_workspace() {
  local cache="$1" dir src
  dir="$(cd "$here/argo" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-workflows/v3)"
  src="$cache/argo-workflows-src"
  if [ ! -f "$src/workflow/executor/osspecific/signal_linux.go" ]; then
    rm -rf "$src"
    cp -R "$dir" "$src"
    chmod -R u+w "$src"
    cp "$src/workflow/executor/osspecific/signal_darwin.go" "$src/workflow/executor/osspecific/signal_linux.go"
  fi
  printf 'go %s\n\nuse %s\n\nreplace github.com/argoproj/argo-workflows/v3 v3.7.18 => %s\n' \
    "$(go env GOVERSION | sed 's/^go//')" "$here/argo" "$src" >"$cache/go.work"
}

# Argo Events' metrics servers listen on ":7777" in every EventSource and Sensor pod; on the test cluster, whose
# pods share the machine's network, the second would find the port taken and exit. The build uses a copy of the
# module's source in which the metrics server listens on the pod's own address (argo-events/pod-address.go.txt,
# one changed line in pkg/metrics/metrics.go), through a Go workspace as for Argo Workflows.
argo_events_workspace() {
  local cache="$1" dir src
  dir="$(cd "$here/argo-events" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-events)"
  src="$cache/argo-events-src"
  if [ ! -f "$src/pkg/metrics/pod_address.go" ]; then
    rm -rf "$src"
    cp -R "$dir" "$src"
    chmod -R u+w "$src"
    grep -q 'http.ListenAndServe(addr, nil)' "$src/pkg/metrics/metrics.go" \
      || { echo "argo-events: pkg/metrics/metrics.go has no 'http.ListenAndServe(addr, nil)' to patch" >&2; return 1; }
    sed -i 's/http.ListenAndServe(addr, nil)/http.ListenAndServe(podAddress(addr), nil)/' "$src/pkg/metrics/metrics.go"
    cp "$here/argo-events/pod-address.go.txt" "$src/pkg/metrics/pod_address.go"
  fi
  printf 'go %s\n\nuse %s\n\nreplace github.com/argoproj/argo-events v1.9.11 => %s\n' \
    "$(go env GOVERSION | sed 's/^go//')" "$here/argo-events" "$src" >"$cache/go.work"
}

# the go build command line of one component (printed on failure so it can be run by hand)
build_cmd() {
  local k8s_ld cache
  cache="$(cache_of "$1")"
  case "$1" in
    k8s)
      k8s_ld="-s -w -X k8s.io/component-base/version.gitVersion=v1.36.3 -X k8s.io/component-base/version.gitMajor=1"
      k8s_ld="$k8s_ld -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/component-base/version.gitTreeState=clean"
      k8s_ld="$k8s_ld -X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z"
      k8s_ld="$k8s_ld -X k8s.io/client-go/pkg/version.gitVersion=v1.36.3 -X k8s.io/client-go/pkg/version.gitMajor=1"
      k8s_ld="$k8s_ld -X k8s.io/client-go/pkg/version.gitMinor=36"
      echo "go build -v -p 2 -ldflags '$k8s_ld' -o $cache/bin/ k8s.io/kubernetes/cmd/kube-apiserver" \
        "k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl" ;;
    etcd) echo "go build -v -p 2 -ldflags '-s -w' -o $cache/bin/etcd go.etcd.io/etcd/server/v3" ;;
    argo)
      argo_workspace "$cache"
      echo "env GOWORK=$cache/go.work go build -v -p 2" \
        "-ldflags '-s -w -X github.com/argoproj/argo-workflows/v3.version=v3.7.18' -o $cache/bin/" \
        "github.com/argoproj/argo-workflows/v3/cmd/workflow-controller github.com/argoproj/argo-workflows/v3/cmd/argoexec" ;;
    jobset) echo "go build -v -p 2 -ldflags '-s -w' -o $cache/bin/jobset sigs.k8s.io/jobset" ;;
    gcs) echo "go build -v -p 2 -ldflags '-s -w' -o $cache/bin/fake-gcs-server github.com/fsouza/fake-gcs-server" ;;
    argo-events)
      argo_events_workspace "$cache" || return 1
      echo "env GOWORK=$cache/go.work go build -v -p 2 -ldflags '-s -w -X github.com/argoproj/argo-events.version=v1.9.11'" \
      "-o $cache/bin/argo-events github.com/argoproj/argo-events/cmd" ;;
  esac
}

# manifests the cluster applies, copied from the downloaded module sources
copy_manifests() {
  local dir cache
  cache="$(cache_of "$1")"
  case "$1" in
    argo)
      dir="$(cd "$here/argo" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-workflows/v3)"
      mkdir -p "$cache/manifests/argo"
      cp "$dir"/manifests/base/crds/minimal/argoproj.io_*.yaml "$cache/manifests/argo/" ;;
    jobset)
      dir="$(cd "$here/jobset" && go list -m -f '{{.Dir}}' sigs.k8s.io/jobset)"
      mkdir -p "$cache/manifests/jobset"
      cp "$dir"/config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml "$cache/manifests/jobset/" ;;
    argo-events)
      # the CRDs (EventBus, EventSource, Sensor) and the controller's ConfigMap (the images and versions it gives
      # the event bus's StatefulSet) of the pinned release
      dir="$(cd "$here/argo-events" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-events)"
      mkdir -p "$cache/manifests/argo-events"
      cp "$dir"/manifests/base/crds/argoproj.io_*.yaml "$dir"/manifests/base/controller-manager/controller-config.yaml \
        "$cache/manifests/argo-events/" ;;
  esac
  [ -d "$cache/manifests" ] && chmod -R u+w "$cache/manifests"
  return 0
}

todo=()
for c in "${want[@]}"; do complete "$c" || todo+=("$c"); done
if [ ${#todo[@]} -eq 0 ]; then
  echo "flowline-cluster build: ${want[*]} already built under $root" >&2
  exit 0
fi
echo "flowline-cluster build: building ${todo[*]} with $go_version under $root (cold: tens of minutes on 2 cores)" >&2

n=0
for c in "${todo[@]}"; do
  n=$((n + 1))
  cache="$(cache_of "$c")"
  mkdir -p "$cache/bin" "$cache/logs"
  log="$cache/logs/$c.log"
  cmd="$(build_cmd "$c")"
  start=$(date +%s)
  echo "[$n/${#todo[@]}] $c: $(outputs "$c") (log: $log)" >&2
  (cd "$here/$c" && eval "nice -n 10 $cmd") >"$log" 2>&1 &
  pid=$!
  # progress: packages compiled so far (go build -v prints one line per package)
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && echo "    $c: $(grep -vc '^go: ' "$log" || true) packages, $(( $(date +%s) - start ))s" >&2
  done
  if ! wait "$pid"; then
    echo "flowline-cluster build: building $c FAILED after $(( $(date +%s) - start ))s. Last lines of $log:" >&2
    tail -n 25 "$log" | sed 's/^/    /' >&2
    echo "  To build it by hand: cd $here/$c && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-trimpath $cmd" >&2
    exit 1
  fi
  copy_manifests "$c"
  secs=$(( $(date +%s) - start ))
  echo "$secs" > "$cache/logs/$c.done"
  echo "    $c: done in ${secs}s" >&2
done
echo "flowline-cluster build: done; binaries: $(for c in "${want[@]}"; do du -sh "$(cache_of "$c")/bin" | cut -f1; done | tr '\n' ' ')" >&2
