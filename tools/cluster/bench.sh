#!/usr/bin/env bash
# tools/cluster/bench.sh [PODS]: the test cluster's numbers for docs/benchmarks.md: `up` to ready, memory of the
# idle control plane, pod created -> container started through the node agent (p50/p90 of 20 pods one after
# another), and PODS (default 200) pods created at once on two nodes of 16 CPUs, all reaching a final phase.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pods="${1:-200}"
dir="$(mktemp -d /tmp/flowline-bench-XXXX)"
kubectl="$("$root/tools/cluster/build.sh" --where k8s)/bin/kubectl --kubeconfig=$dir/admin.kubeconfig"
trap '"$root/bin/flowline-cluster" down --dir "$dir" >/dev/null 2>&1 || true' EXIT

start=$(date +%s.%N)
"$root/bin/flowline-cluster" up --dir "$dir" --nodes 2 --node-cpu 16 --node-memory 64Gi --node-pods 250 >/dev/null
echo "up to ready: $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
sleep 10
echo "idle RSS (MB):"
while read -r name pid _; do
  echo "  $name $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))"
done <"$dir/pids"

$kubectl create namespace bench >/dev/null
until $kubectl -n bench get serviceaccount default >/dev/null 2>&1; do sleep 0.2; done
lat=()
for i in $(seq 1 20); do
  $kubectl -n bench run "p$i" --image=busybox:1 --restart=Never --command -- true >/dev/null
  until $kubectl -n bench get pod "p$i" -o jsonpath='{.status.phase}' 2>/dev/null | grep -qE 'Succeeded|Failed'; do sleep 0.1; done
  created=$($kubectl -n bench get pod "p$i" -o jsonpath='{.metadata.creationTimestamp}')
  started=$($kubectl -n bench get pod "p$i" -o jsonpath='{.status.containerStatuses[0].state.terminated.startedAt}')
  lat+=($(( $(date -d "$started" +%s) - $(date -d "$created" +%s) )))
done
sorted=($(printf '%s\n' "${lat[@]}" | sort -n))
echo "pod created -> container started (s, 1 s resolution of the API timestamps): p50 ${sorted[9]}, p90 ${sorted[17]}, max ${sorted[19]}"

start=$(date +%s)
for i in $(seq 1 "$pods"); do
  printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: b%s}\nspec: {restartPolicy: Never, containers: [{name: main, image: busybox:1, command: [sh, -c, "sleep 1"], resources: {requests: {cpu: 100m}}}]}\n---\n' "$i"
done | $kubectl -n bench create -f - >/dev/null
while :; do
  done_count=$($kubectl -n bench get pods -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}' | awk '$1 ~ /^b/ && ($2 == "Succeeded" || $2 == "Failed")' | wc -l)
  [ "$done_count" -ge "$pods" ] && break
  [ $(( $(date +%s) - start )) -gt 600 ] && { echo "only $done_count of $pods pods finished in 600 s"; exit 1; }
  sleep 1
done
failed=$($kubectl -n bench get pods -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}' | awk '$1 ~ /^b/ && $2 == "Failed"' | wc -l)
echo "$pods pods at once on 2 nodes: all in a final phase after $(( $(date +%s) - start )) s ($failed Failed)"
