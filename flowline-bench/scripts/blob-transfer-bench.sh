#!/usr/bin/env bash
# Upload and download of one large blob per datastore on this machine, beside a plain file copy on the same
# disk and beside curl moving the same file to the same test servers (the servers' own ceiling). Peak RSS and
# CPU seconds of each client process come from /usr/bin/time; the server's CPU seconds from /proc/PID/stat
# before and after each transfer. Results go to docs/benchmarks.md by hand.
#
#   flowline-bench/scripts/blob-transfer-bench.sh [SIZE_MIB=1024] [WORK_DIR=/tmp/flowline-blob-bench]
#
# The client JVM runs with a Flowline worker's options (a copy of JvmCommand.forCurrentProcess's: serial GC,
# C2 only for very hot code, -Xms16m, young generation <= 32m, no -Xmx); BENCH_JVM_OPTS replaces them.
#
# Starts S3Mock (exec jar, as copied by the flowline-examples build) and Azurite (.ci/tools) on random loopback
# ports with their data on WORK_DIR's disk, and stops them at the end. GCS is not measured: its only stand-in
# here, LocalStorageHelper, is an in-memory fake inside the client JVM.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size_mib="${1:-1024}"
work="${2:-/tmp/flowline-blob-bench}"
worker_opts="-XX:+UseSerialGC -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=100000"
worker_opts+=" -XX:Tier4CompileThreshold=100000 -XX:Tier4BackEdgeThreshold=1000000 -Xss1m -Xms16m -XX:MaxNewSize=32m"
jvm_opts="${BENCH_JVM_OPTS:-$worker_opts}"
rm -rf "$work" && mkdir -p "$work"
cd "$root"

./mvnw -q -B -DskipTests package dependency:build-classpath -pl flowline-bench -am \
  -Dmdep.outputFile="$work/cp.txt" -DincludeScope=runtime >&2
cp="$root/flowline-bench/target/classes:$(cat "$work/cp.txt")"
s3mock_jar="$root/flowline-examples/target/tools/s3mock-exec.jar"
if [ ! -f "$s3mock_jar" ]; then
  ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=com.adobe.testing:s3mock:5.2.0:jar:exec -DoutputDirectory="$work" >&2
  s3mock_jar="$work/s3mock-5.2.0-exec.jar"
fi
(cd .ci/tools && [ -x node_modules/.bin/azurite-blob ] || npm ci --no-audit --no-fund >&2)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

s3_port=$(free_port)
java -Xmx512m -jar "$s3mock_jar" --http.port="$s3_port" --server.port="$(free_port)" \
  --com.adobe.testing.s3mock.store.root="$work/s3mock" --com.adobe.testing.s3mock.store.initial-buckets=bench \
  > "$work/s3mock.log" 2>&1 &
pids+=($!)
s3_pid=$!
az_port=$(free_port)
mkdir -p "$work/azurite"
.ci/tools/node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$az_port" --location "$work/azurite" \
  --silent --disableTelemetry --skipApiVersionCheck > "$work/azurite.log" 2>&1 &
pids+=($!)
az_pid=$!
for i in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.5; done
az_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
az_cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$az_key;BlobEndpoint=http://127.0.0.1:$az_port/devstoreaccount1;"
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$az_port/" && break; sleep 0.5; done
az_sas=$(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.flowline.bench.BlobContainer "$az_cs" bench)

head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/source.bin"
sync
bytes=$(stat -c %s "$work/source.bin")

cpu_of() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }

measure() {  # label, server pid, command...  (the command prints "... MB/s" as its 5th word, or nothing)
  local label="$1" server="$2"; shift 2
  local s0 s1 t0 t1
  s0=$(cpu_of "$server"); t0=$(date +%s.%N)
  /usr/bin/time -f '%M %U %S' -o "$work/time.txt" "$@" > "$work/out.txt"
  t1=$(date +%s.%N); s1=$(cpu_of "$server")
  local rss_kb user sys inner mbs
  read -r rss_kb user sys < "$work/time.txt"
  inner=$(cat "$work/out.txt")
  mbs=$(echo "$inner" | awk '{print $5}')
  [ -n "$mbs" ] || mbs=$(echo "$bytes / 1000000 / ($t1 - $t0)" | bc -l | xargs printf '%.1f')
  printf '| %-24s | %8s | %6s MB | %6.2f | %6.2f |\n' "$label" "$mbs" "$((rss_kb / 1024))" \
    "$(echo "$user + $sys" | bc)" "$(echo "$s1 - $s0" | bc)"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1); blob $size_mib MiB"
echo "client JVM: $jvm_opts; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| transfer | MB/s | peak RSS | client CPU s | server CPU s |"
echo "|---|---:|---:|---:|---:|"
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/time.txt" cp "$work/source.bin" "$work/copy.bin"; sync
end=$(date +%s.%N)
printf '| %-24s | %8.1f | %6s MB | %6s | %6s |\n' "file copy (cp + sync)" \
  "$(echo "$bytes / 1000000 / ($end - $start)" | bc -l)" \
  "$(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt") / 1024 ))" - -
rm -f "$work/copy.bin"

# the servers on their own: curl streams the file in one request (S3Mock checks no signatures; Azurite gets a SAS)
az_base="${az_sas%%\?*}"; az_query="${az_sas#*\?}"
measure "curl s3mock PUT" "$s3_pid" curl -sf -o /dev/null -T "$work/source.bin" "http://127.0.0.1:$s3_port/bench/raw"
measure "curl s3mock GET" "$s3_pid" curl -sf -o "$work/target.bin" "http://127.0.0.1:$s3_port/bench/raw"
measure "curl azurite PUT" "$az_pid" curl -sf -o /dev/null -H 'x-ms-blob-type: BlockBlob' -T "$work/source.bin" \
  "$az_base/raw?$az_query"
measure "curl azurite GET" "$az_pid" curl -sf -o "$work/target.bin" "$az_base/raw?$az_query"
cmp -s "$work/source.bin" "$work/target.bin" || { echo "curl azurite GET: content differs" >&2; exit 1; }
rm -f "$work/target.bin"

read -r -a opts <<< "$jvm_opts"
run=(java "${opts[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.flowline.bench.BlobTransferBench)
for store in "local:$work/local:$$" "s3:http://127.0.0.1:$s3_port:$s3_pid" "azure:$az_cs:$az_pid"; do
  server="${store##*:}"; store="${store%:*}"
  name="${store%%:*}"
  measure "$name put-file" "$server" "${run[@]}" "$store" put-file "$work/source.bin"
  measure "$name get-file" "$server" "${run[@]}" "$store" get-file "$work/target.bin"
  cmp -s "$work/source.bin" "$work/target.bin" || { echo "$name get-file: content differs" >&2; exit 1; }
  rm -f "$work/target.bin"
  measure "$name put-stream" "$server" "${run[@]}" "$store" put-stream "$work/source.bin"
  measure "$name get-stream" "$server" "${run[@]}" "$store" get-stream "$work/target.bin"
  cmp -s "$work/source.bin" "$work/target.bin" || { echo "$name get-stream: content differs" >&2; exit 1; }
  rm -f "$work/target.bin"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
