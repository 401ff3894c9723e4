#!/usr/bin/env bash
# The numbers of issue 10 (Argo Workflows): `argo-workflows create` of a long flow, the time from `trigger` to the
# first task running, and a wide foreach through Argo. Results go to docs/benchmarks.md ("Argo Workflows") by hand.
#
#   flowline-bench/scripts/argo.sh [--work DIR] [--only PARTS] [--steps 50] [--creates 3] [--triggers 5]
#       [--width 200] [--parallelism 20] [--keep]
#
# PARTS, comma-separated (default create,trigger,wide):
#   create   a generated linear flow of --steps steps (start, s1 ... end; as WideFlowTest's): `create --only-json`
#            once (compiles the flow; the size of the WorkflowTemplate as printed, compact JSON), then --creates
#            times `argo-workflows create` against the cluster (the first uploads the code package and creates the
#            template, the others update it), each under /usr/bin/time -v; the size of the stored object
#            (`kubectl get -o json`, compact, with and without metadata.managedFields)
#   trigger  KubernetesForeachFlow deployed once, then --triggers runs of `trigger --width 1 --wait`, one after
#            the other; for each, from the moment the trigger command started: its Workflow created, the start
#            task's pod created and its main container started (Kubernetes' timestamps, whole seconds) and the
#            start task's attempt recorded in the datastore (milliseconds; after the code package fetch and the
#            task JVM's start, just before the step's method runs). ArgoRunReport prints them with their median
#            and max
#   wide     the same deployment triggered with --width 200 (a foreach of --width `work` tasks, then join, end),
#            every task a real JVM on eclipse-temurin:17-jre fetching the code package from S3Mock; the run's wall
#            time (trigger command, and the Workflow's startedAt -> finishedAt) and a check that each of the
#            --width tasks succeeded and that its artifact `item` loads from the datastore. The deployment's
#            spec.parallelism (Flowline writes 100, Metaflow's default) is patched to --parallelism before this
#            run: 100 task JVMs at once do not fit the memory of a shared 2-core machine (0 keeps 100)
#
# Starts its own test cluster (bin/flowline-cluster up --with argo: 3 nodes of 64 CPUs, 256Gi, 500 pods; the
# controller manager's client-side API limit at 500 requests/s) and S3Mock, stops both at the end. The Argo
# workflow controller runs with its defaults (client QPS 20, burst 30; 32 workflow workers). Every command runs
# under /usr/bin/time -v; the 1-minute load average is printed before and after each, with the CPU seconds the
# cluster's own processes spent meanwhile. Everything (summary.txt, reports, outputs, time -v files) stays in DIR
# (default /tmp/flowline-argo-bench); the pods' folders and S3Mock's data are removed at the end unless --keep
# (a 200-wide run leaves tens of GB: each pod has its own copy of the code package).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=/tmp/flowline-argo-bench only=create,trigger,wide steps=50 creates=3 triggers=5 width=200 parallelism=20
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --creates) creates="$2"; shift 2 ;;
    --triggers) triggers="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --parallelism) parallelism="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option '$1'; see the top of $0" >&2; exit 2 ;;
  esac
done
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
cd "$root"
ns=bench-argo
kubectl="$(tools/cluster/build.sh --where k8s)/bin/kubectl --kubeconfig=$work/cluster/admin.kubeconfig"

echo "building flowline-bench..." >&2
./mvnw -q -B -DskipTests package dependency:build-classpath -pl flowline-bench -am \
  -Dmdep.outputFile="$work/cp.txt" -DincludeScope=runtime >&2
echo "-cp \"$root/flowline-bench/target/classes:$(cat "$work/cp.txt")\"" > "$work/cp.args"

pids=()
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  if [ "$keep" != true ]; then
    bin/flowline-cluster down --dir "$work/cluster" >/dev/null 2>&1 || true
    # the pods' folders (each with its copy of the code package: 200 pods are 8 GB and more) and S3Mock's data
    rm -rf "$work/cluster/pods" "$work/s3"
  fi
}
trap cleanup EXIT

rm -rf "$work/cluster" "$work/summary.txt"
bin/flowline-cluster up --dir "$work/cluster" --nodes 3 --node-cpu 64 --node-memory 256Gi --node-pods 500 \
  --controller-qps 500 --with argo --owner-pid $$ >&2
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
  python3 - "$1" "$2" <<'PY'
import sys
a = dict(kv.split('=') for kv in sys.argv[1].split())
b = dict(kv.split('=') for kv in sys.argv[2].split())
print(' '.join('%s %.1f' % (k, float(b[k]) - float(a.get(k, 0))) for k in b))
PY
}
summary_time() { # TIME_V_FILE: wall, CPU, peak RSS
  awk -F': ' '/Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    END {printf "time -v: wall %s, CPU %.2f s (user %s + sys %s), peak RSS of the largest process %d MB\n", w, u+s, u, s, m/1024}' "$1"
}
part() { # NAME COMMAND...: runs it in $work/flows under time -v with the load and the cluster's CPU around it
  local name="$1"; shift
  local l0 c0 l1 c1 rc=0
  l0=$(load); c0=$(cluster_cpu)
  echo "== $name: load $l0 at start" >&2
  (cd "$work/flows" && /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err") || rc=$?
  l1=$(load); c1=$(cluster_cpu)
  {
    echo "### $name (exit $rc): load average $l0 at start, $l1 at end"
    summary_time "$work/$name.time"
    echo "cluster CPU s meanwhile: $(cluster_delta "$c0" "$c1")"
  } | tee -a "$work/summary.txt"
  return 0
}
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)," \
  "commit $(git rev-parse --short HEAD), $(date -u +%FT%TZ)" | tee -a "$work/summary.txt"

# S3Mock, the namespace, the pods' S3 credentials and Argo executor permissions
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
$kubectl create namespace $ns >/dev/null
$kubectl -n $ns create secret generic s3-credentials --from-literal=AWS_ACCESS_KEY_ID=bench \
  --from-literal=AWS_SECRET_ACCESS_KEY=bench --from-literal=AWS_REGION=us-east-1 >/dev/null
$kubectl -n $ns create role executor --verb=create,patch --resource=workflowtaskresults.argoproj.io >/dev/null
$kubectl -n $ns create rolebinding executor --role=executor --serviceaccount=$ns:default >/dev/null
# the runs' pending watchdog (docs/argo.md, "Pending timeout and time limit")
$kubectl -n $ns create role watchdog-pods --verb=get,list,watch,delete --resource=pods >/dev/null
$kubectl -n $ns create role watchdog-status --verb=patch --resource=pods/status >/dev/null
$kubectl -n $ns create role watchdog-events --verb=list --resource=events >/dev/null
for r in watchdog-pods watchdog-status watchdog-events; do
  $kubectl -n $ns create rolebinding $r --role=$r --serviceaccount=$ns:default >/dev/null
done
while IFS= read -r k; do unset "$k"; done < <(env | sed -n 's/^\(METAFLOW_[A-Za-z0-9_]*\)=.*/\1/p')
export METAFLOW_HOME="$work/home" METAFLOW_USER=bench
export METAFLOW_DEFAULT_DATASTORE=s3 METAFLOW_DATASTORE_SYSROOT_S3=s3://flowline/argo
export METAFLOW_S3_ENDPOINT_URL="http://127.0.0.1:$s3_port"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
export KUBECONFIG="$work/cluster/admin.kubeconfig" METAFLOW_KUBERNETES_NAMESPACE=$ns
export METAFLOW_KUBERNETES_CONTAINER_IMAGE=eclipse-temurin:17-jre METAFLOW_KUBERNETES_SECRETS=s3-credentials
export METAFLOW_KUBERNETES_CPU=0.5 METAFLOW_KUBERNETES_MEMORY=1024 METAFLOW_KUBERNETES_DISK=1024
rm -rf "$work/flows"
mkdir -p "$work/flows"
report() { # NAME ARGS...: ArgoRunReport into $work/NAME.json
  local name="$1"; shift
  # shellcheck disable=SC2086
  java "@$work/cp.args" dev.flowline.bench.argo.ArgoRunReport --kubeconfig "$KUBECONFIG" --namespace $ns "$@" \
    > "$work/$name.json"
}
sizes() { # KIND NAME: bytes of the stored object as compact JSON, with and without managedFields
  $kubectl -n $ns get "$1" "$2" -o json --show-managed-fields | python3 -c '
import json, sys
o = json.load(sys.stdin)
whole = len(json.dumps(o, separators=(",", ":")).encode())
o["metadata"].pop("managedFields", None)
print("%d bytes stored (compact JSON), %d without metadata.managedFields" % (whole, len(json.dumps(o, separators=(",", ":")).encode())))'
}

if wants create; then
  {
    echo "import dev.flowline.FlowSpec;"
    echo "import dev.flowline.Step;"
    echo "public class FiftySteps extends FlowSpec {"
    echo "  int x;"
    echo "  @Step void start() { next(this::s1); }"
    for i in $(seq 1 $((steps - 2))); do
      if [ "$i" -eq $((steps - 2)) ]; then nxt=end; else nxt="s$((i + 1))"; fi
      echo "  @Step void s$i() { x++; next(this::$nxt); }"
    done
    echo "  @Step void end() {}"
    echo "}"
  } > "$work/flows/FiftySteps.java"
  part create-only-json "$root/bin/flowline" FiftySteps.java argo-workflows create --only-json
  python3 -c '
import json, sys
o = json.JSONDecoder().raw_decode(open(sys.argv[1]).read())[0]  # the first object: the WorkflowTemplate
print("create --only-json: WorkflowTemplate %d templates, %d bytes as compact JSON" % (
    len(o["spec"]["templates"]), len(json.dumps(o, separators=(",", ":")).encode())))' "$work/create-only-json.out" \
    | tee -a "$work/summary.txt" || echo "(could not parse create-only-json.out)" | tee -a "$work/summary.txt"
  for i in $(seq 1 "$creates"); do
    part "create-$i" "$root/bin/flowline" FiftySteps.java argo-workflows create
  done
  echo "stored WorkflowTemplate fiftysteps: $(sizes workflowtemplate fiftysteps)" | tee -a "$work/summary.txt"
fi

flow="$root/flowline-bench/src/main/java/dev/flowline/bench/KubernetesForeachFlow.java"
if wants trigger || wants wide; then
  part deploy-foreach "$root/bin/flowline" "$flow" argo-workflows create
fi
if wants trigger; then
  : > "$work/trigger-runs.txt"
  for i in $(seq 1 "$triggers"); do
    t0=$(date +%s%3N)
    part "trigger-$i" "$root/bin/flowline" "$flow" argo-workflows trigger --width 1 \
      --run-id-file "$work/trigger-$i.id" --wait
    echo "$(cat "$work/trigger-$i.id") $t0" >> "$work/trigger-runs.txt"
  done
  report trigger --flow KubernetesForeachFlow --runs "$work/trigger-runs.txt"
fi
if wants wide; then
  if [ "$parallelism" -gt 0 ]; then
    $kubectl -n $ns patch workflowtemplate kubernetesforeachflow --type merge \
      -p "{\"spec\":{\"parallelism\":$parallelism}}" >/dev/null
  fi
  t0=$(date +%s%3N)
  # the most pods of the run at once, sampled every 2 s
  (while sleep 2; do
     $kubectl -n $ns get pods -l workflows.argoproj.io/workflow --no-headers 2>/dev/null \
       | awk '$3 == "Running" || $3 ~ /Init/ || $3 == "Pending" || $3 == "ContainerCreating" {n++} END {print n+0}'
   done > "$work/wide-pods.txt") &
  sampler=$!
  pids+=("$sampler")
  part wide "$root/bin/flowline" "$flow" argo-workflows trigger --width "$width" --run-id-file "$work/wide.id" --wait
  kill "$sampler" 2>/dev/null || true
  echo "$(cat "$work/wide.id") $t0" > "$work/wide-runs.txt"
  report wide --flow KubernetesForeachFlow --runs "$work/wide-runs.txt" --check work:item
  echo "wide: at most $(sort -n "$work/wide-pods.txt" | tail -1) unfinished pods at once (sampled every 2 s)," \
    "parallelism $([ "$parallelism" -gt 0 ] && echo "$parallelism (patched)" || echo "100 (as created)")" \
    | tee -a "$work/summary.txt"
fi

python3 - "$work" <<'PY' | tee -a "$work/summary.txt"
import json, os, sys
w = sys.argv[1]
def load(p):
    p = os.path.join(w, p)
    return json.load(open(p)) if os.path.exists(p) else None
r = load('trigger.json')
if r:
    print('\ntrigger -> ... seconds, over %d runs (median / max):' % len(r['runs']))
    for k, s in r['stats'].items():
        print('  %s: %s / %s (n=%s)' % (k, s['p50'], s['max'], s['count']))
    for run in r['runs']:
        print('  ' + json.dumps(run))
r = load('wide.json')
if r:
    for run in r['runs']:
        print('\nwide: ' + json.dumps(run))
PY
echo "results in $work (summary.txt)" >&2
