#!/usr/bin/env bash
# The numbers of issue 9: the Kubernetes launcher at scale, against Metaflow's one-process-per-task design, and the
# time a real task spends in its pod before the user's method starts. Results go to docs/benchmarks.md
# ("Kubernetes launcher") by hand.
#
#   flowline-bench/scripts/kubernetes-launch.sh [--work DIR] [--only PARTS] [--tasks 1000] [--max-workers 100]
#       [--compare-tasks 200] [--compare-max-workers 20] [--compare-task-seconds 0] [--real-tasks 100]
#       [--real-max-workers 16] [--controller-qps 500] [--runtime-opts "JVM OPTIONS"] [--keep]
#
# PARTS, comma-separated (default scale,compare,real,hello):
#   scale    KubernetesLaunchBench: --tasks attempts of one step handed to the launcher, at most --max-workers at
#            once (as the run loop's --max-workers), in image mode with the test-only image flowline-bench/noop:1,
#            whose containers exit 0 at once; in a JVM with the runtime's options (bin/flowline's)
#   compare  the same Jobs (--compare-tasks, --compare-max-workers, each task lasting --compare-task-seconds)
#            launched by KubernetesLaunchBench and by PollingBaselineBench: one JVM per task that creates its Job and
#            polls the API every second until its pod ended (Metaflow's design)
#   real     bin/flowline KubernetesForeachFlow.java run --width --real-tasks --max-workers --real-max-workers: real
#            task JVMs on eclipse-temurin:17-jre (this machine's JDK), code package fetched from S3Mock; then 10 tasks
#            with --max-workers 1 (each pod alone on the machine); the time in the pod before the method starts
#            from PodStartReport
#   hello    bin/flowline HelloFlow run --with kubernetes --max-workers 1 (its three steps as Jobs, one at a time)
#
# --runtime-opts replaces the JVM options of the scale and compare parts (default bin/flowline's for the runtime JVM,
# -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m).
#
# Starts its own test cluster (bin/flowline-cluster up: 3 nodes of 64 CPUs, 256Gi, 500 pods; --controller-qps is
# the controller manager's client-side API limit, Kubernetes' default 20 when 0) and S3Mock, stops both at the end.
# Every part runs under /usr/bin/time -v (and tree-rusage.py for the bin/flowline parts); the 1-minute load average
# is printed before and after each, with the CPU seconds the cluster's own processes spent meanwhile. Everything
# (results.json, tasks.csv, outputs, time -v reports) stays in DIR (default /tmp/flowline-k8s-bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=/tmp/flowline-k8s-bench only=scale,compare,real,hello tasks=1000 max_workers=100
compare_tasks=200 compare_max_workers=20 compare_task_seconds=0 real_tasks=100 real_max_workers=16
controller_qps=500 keep=false runtime_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m"
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    --max-workers) max_workers="$2"; shift 2 ;;
    --compare-tasks) compare_tasks="$2"; shift 2 ;;
    --compare-max-workers) compare_max_workers="$2"; shift 2 ;;
    --compare-task-seconds) compare_task_seconds="$2"; shift 2 ;;
    --real-tasks) real_tasks="$2"; shift 2 ;;
    --real-max-workers) real_max_workers="$2"; shift 2 ;;
    --controller-qps) controller_qps="$2"; shift 2 ;;
    --runtime-opts) runtime_opts="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option '$1'; see the top of $0" >&2; exit 2 ;;
  esac
done
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
cd "$root"

kubectl="$(tools/cluster/build.sh --where k8s)/bin/kubectl --kubeconfig=$work/cluster/admin.kubeconfig"

echo "building flowline-bench..." >&2
./mvnw -q -B -DskipTests package dependency:build-classpath -pl flowline-bench -am \
  -Dmdep.outputFile="$work/cp.txt" -DincludeScope=runtime >&2
echo "-cp \"$root/flowline-bench/target/classes:$(cat "$work/cp.txt")\"" > "$work/cp.args"

pids=()
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  [ "$keep" = true ] || bin/flowline-cluster down --dir "$work/cluster" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$work/cluster"
qps_opt=""
[ "$controller_qps" -gt 0 ] && qps_opt="--controller-qps $controller_qps"
# shellcheck disable=SC2086
bin/flowline-cluster up --dir "$work/cluster" --nodes 3 --node-cpu 64 --node-memory 256Gi --node-pods 500 $qps_opt \
  --owner-pid $$ >&2
load() { cut -d' ' -f1 /proc/loadavg; }
cluster_cpu() { # "name=cpu_s ..." of the cluster's processes
  local name pid t
  t=$(getconf CLK_TCK)
  while read -r name pid _; do
    [ -r "/proc/$pid/stat" ] || continue
    # own CPU and that of its waited-for children (the node agent reaps the containers)
    awk -v n="$name" -v t="$t" '{printf "%s=%.1f ", n, ($14 + $15 + $16 + $17) / t}' "/proc/$pid/stat"
  done < "$work/cluster/pids"
}
cluster_delta() { # BEFORE AFTER: CPU seconds spent in between, per component
  python3 - "$1" "$2" <<'EOF'
import sys
a = dict(kv.split('=') for kv in sys.argv[1].split())
b = dict(kv.split('=') for kv in sys.argv[2].split())
print(' '.join('%s %.1f' % (k, float(b[k]) - float(a.get(k, 0))) for k in b))
EOF
}
summary_time() { # TIME_V_FILE: wall, CPU, peak RSS
  awk -F': ' '/Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    END {printf "time -v: wall %s, CPU %.2f s (user %s + sys %s), peak RSS of the largest process %d MB\n", w, u+s, u, s, m/1024}' "$1"
}
part() { # NAME COMMAND...: runs it under time -v with the load and the cluster's CPU around it
  local name="$1"; shift
  local l0 c0 l1 c1 rc=0
  l0=$(load); c0=$(cluster_cpu)
  echo "== $name: load $l0 at start" >&2
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  l1=$(load); c1=$(cluster_cpu)
  {
    echo "### $name (exit $rc): load average $l0 at start, $l1 at end"
    summary_time "$work/$name.time"
    echo "cluster CPU s meanwhile: $(cluster_delta "$c0" "$c1")"
  } | tee -a "$work/summary.txt"
  return 0
}
bench() { # NAME CLASS ARGS...: a benchmark main of flowline-bench in a JVM with the runtime's options (bin/flowline's,
  # without its class data sharing archive)
  local name="$1" class="$2"; shift 2
  # shellcheck disable=SC2086
  part "$name" java $runtime_opts "@$work/cp.args" "dev.flowline.bench.kubernetes.$class" \
    --kubeconfig "$work/cluster/admin.kubeconfig" --out "$work/$name" --namespace "bench-$name" "$@"
}
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)," \
  "commit $(git rev-parse --short HEAD), $(date -u +%FT%TZ)" | tee "$work/summary.txt"

if wants scale; then
  bench scale KubernetesLaunchBench --tasks "$tasks" --max-workers "$max_workers"
fi
if wants compare; then
  bench flowline KubernetesLaunchBench --tasks "$compare_tasks" --max-workers "$compare_max_workers" \
    --task-seconds "$compare_task_seconds"
  bench polling PollingBaselineBench --tasks "$compare_tasks" --max-workers "$compare_max_workers" \
    --task-seconds "$compare_task_seconds"
fi

if wants real || wants hello; then
  port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  s3mock_jar="$root/flowline-examples/target/tools/s3mock-exec.jar"
  if [ ! -f "$s3mock_jar" ]; then
    ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact=com.adobe.testing:s3mock:5.2.0:jar:exec -DoutputDirectory="$work" >&2
    s3mock_jar="$work/s3mock-5.2.0-exec.jar"
  fi
  s3_port=$(port)
  rm -rf "$work/s3"
  java -Xmx512m -XX:+UseSerialGC -jar "$s3mock_jar" --http.port="$s3_port" --server.port="$(port)" \
    --com.adobe.testing.s3mock.store.root="$work/s3" --com.adobe.testing.s3mock.store.initial-buckets=flowline \
    > "$work/s3mock.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.5; done
  $kubectl create namespace bench-real >/dev/null
  $kubectl -n bench-real create secret generic s3-credentials --from-literal=AWS_ACCESS_KEY_ID=bench \
    --from-literal=AWS_SECRET_ACCESS_KEY=bench --from-literal=AWS_REGION=us-east-1 >/dev/null
  while IFS= read -r k; do unset "$k"; done < <(env | sed -n 's/^\(METAFLOW_[A-Za-z0-9_]*\)=.*/\1/p')
  export METAFLOW_HOME="$work/home" METAFLOW_USER=bench
  export METAFLOW_DEFAULT_DATASTORE=s3 METAFLOW_DATASTORE_SYSROOT_S3=s3://flowline/k8s
  export METAFLOW_S3_ENDPOINT_URL="http://127.0.0.1:$s3_port"
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
  export KUBECONFIG="$work/cluster/admin.kubeconfig" METAFLOW_KUBERNETES_NAMESPACE=bench-real
  export METAFLOW_KUBERNETES_CONTAINER_IMAGE=eclipse-temurin:17-jre METAFLOW_KUBERNETES_SECRETS=s3-credentials
  export METAFLOW_KUBERNETES_CPU=0.5 METAFLOW_KUBERNETES_MEMORY=1024 METAFLOW_KUBERNETES_DISK=1024
  # run by the container script first: the moment the container started, in microseconds
  # shellcheck disable=SC2016
  export METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT='echo "flowline-bench: container started at $(date +%s%6N)"'
  flow="$root/flowline-bench/src/main/java/dev/flowline/bench/KubernetesForeachFlow.java"
  mkdir -p "$work/flows"
  # build bin/flowline's class path and the flow once, and upload the code package (warm-up: later runs upload
  # only the flow's classes, as a user's second run does)
  (cd "$work/flows" && "$root/bin/flowline" "$flow" run --width 2 > "$work/warmup.out" 2> "$work/warmup.err")
  report() { # NAME [--flow F --run ID]
    local name="$1"; shift
    java "@$work/cp.args" dev.flowline.bench.kubernetes.PodStartReport "$work/$name.out" "$work/$name.err" "$@" \
      > "$work/$name-pods.json"
  }
  flowline_part() { # NAME ARGS...: bin/flowline ARGS in $work/flows, under tree-rusage.py too
    local name="$1"; shift
    part "$name" python3 "$root/flowline-bench/tree-rusage.py" "$work/$name.tree" \
      bash -c 'cd "$0" && exec "$@"' "$work/flows" "$root/bin/flowline" "$@"
  }
  if wants real; then
    flowline_part real "$flow" run --width "$real_tasks" --max-num-splits "$real_tasks" \
      --max-workers "$real_max_workers"
    report real
    flowline_part alone "$flow" run --width 10 --max-workers 1
    report alone
  fi
  if wants hello; then
    flowline_part hello dev.flowline.examples.HelloFlow run --with kubernetes --max-workers 1
    run_id=$(sed -n 's/.*run-id \([0-9]*\).*/\1/p' "$work/hello.err" | head -1)
    report hello --flow HelloFlow --run "$run_id"
  fi
fi

python3 - "$work" <<'EOF' | tee -a "$work/summary.txt"
import json, os, sys
w = sys.argv[1]
def load(p):
    p = os.path.join(w, p)
    return json.load(open(p)) if os.path.exists(p) else None
def lat(d):
    return '%.0f / %.0f / %.0f' % (d['p50'], d['p90'], d['max']) if d and d['count'] else '-'
print('\n| run | tasks (at once) | tasks/s | CPU ms per task (run / incl. JVM start) | peak RSS MB | API requests per task | ready -> Job exists ms p50 / p90 / max |')
print('|---|---|---|---|---|---|---|')
for name in ('scale', 'flowline'):
    r = load(name + '/results.json')
    if r:
        o = r['options']
        print('| %s: KubernetesLaunchBench | %s (%s) | %.1f | %.1f / %.1f | %.0f (live heap %.0f) | %.2f | %s |' % (
            name, o['tasks'], o['max-workers'], r['tasksPerSecond'], r['cpu']['runMsPerTask'],
            r['cpu']['totalMsPerTask'], r['memory']['peakRssMb'], r['memory']['liveHeapAfterFullGcMb'],
            r['requests']['perTask'], lat(r['latency']['readyToJobCreatedMs'])))
r = load('polling/results.json')
if r:
    o = r['options']
    print('| polling: one JVM per task | %s (%s) | %.1f | %.0f (children + driver) | %.0f per process, %.0f summed | %.2f | %s |' % (
        o['tasks'], o['max-workers'], r['tasksPerSecond'], r['cpu']['msPerTaskChildrenAndDriver'],
        r['memory']['childPeakRssMb']['max'], r['memory']['peakSumOfChildrenRssMb'], r['requests']['perTask'],
        lat(r['latency']['readyToJobCreatedMs'])))
for name in ('real', 'alone', 'hello'):
    r = load(name + '-pods.json')
    if r:
        for step, ph in r.items():
            print('%s %s: container -> method (or attempt start) ms p50/p90/max %s; container -> task JVM %s;'
                  ' task JVM -> method %s; fetch (fetcher says) %s' % (
                      name, step, lat(ph['containerToMethodMs']), lat(ph['containerToJvmMs']),
                      lat(ph['jvmToMethodMs']), lat(ph['fetcherReportedMs'])))
EOF
echo "results in $work (summary.txt)" >&2
