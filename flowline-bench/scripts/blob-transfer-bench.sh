#!/usr/bin/env bash
# Upload and download of one large blob per datastore on this machine, beside a plain file copy on the same
# disk. Peak RSS of each client JVM comes from /usr/bin/time -v. Results go to docs/benchmarks.md by hand.
#
#   flowline-bench/scripts/blob-transfer-bench.sh [SIZE_MIB=1024] [WORK_DIR=/tmp/flowline-blob-bench]
#
# Starts S3Mock (exec jar, as copied by the flowline-examples build) and Azurite (.ci/tools) on random loopback
# ports with their data on WORK_DIR's disk, and stops them at the end. GCS is not measured: its only stand-in
# here, LocalStorageHelper, is an in-memory fake inside the client JVM.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size_mib="${1:-1024}"
work="${2:-/tmp/flowline-blob-bench}"
heap="${BENCH_HEAP:--Xmx256m}"
rm -rf "$work" && mkdir -p "$work"
cd "$root"

./mvnw -q -B -DskipTests package dependency:build-classpath -pl flowline-bench -am \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >&2
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
az_port=$(free_port)
mkdir -p "$work/azurite"
.ci/tools/node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$az_port" --location "$work/azurite" \
  --silent --disableTelemetry --skipApiVersionCheck > "$work/azurite.log" 2>&1 &
pids+=($!)
for i in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.5; done
az_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
az_cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$az_key;BlobEndpoint=http://127.0.0.1:$az_port/devstoreaccount1;"
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$az_port/" && break; sleep 0.5; done
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.flowline.bench.BlobContainer "$az_cs" bench >&2

head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/source.bin"
sync
bytes=$(stat -c %s "$work/source.bin")

measure() {  # label, command...
  local label="$1"; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/out.txt"
  local rss_kb secs
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
  local inner; inner=$(cat "$work/out.txt")
  printf '| %-28s | %8s MB/s | %6s MB | wall %s | %s\n' "$label" \
    "$(echo "$inner" | awk '{print $5}')" "$((rss_kb / 1024))" "$secs" "$inner"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1); blob $size_mib MiB; client heap $heap"
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/time.txt" cp "$work/source.bin" "$work/copy.bin"; sync
end=$(date +%s.%N)
printf '| %-28s | %8.1f MB/s | %6s MB | (cp + sync)\n' "file copy (cp)" \
  "$(echo "$bytes / 1000000 / ($end - $start)" | bc -l)" \
  "$(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt") / 1024 ))"
rm -f "$work/copy.bin"

run=(java $heap -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.flowline.bench.BlobTransferBench)
for store in "local:$work/local" "s3:http://127.0.0.1:$s3_port" "azure:$az_cs"; do
  name="${store%%:*}"
  measure "$name put-file" "${run[@]}" "$store" put-file "$work/source.bin"
  measure "$name get-file" "${run[@]}" "$store" get-file "$work/target.bin"
  cmp -s "$work/source.bin" "$work/target.bin" || { echo "$name get-file: content differs" >&2; exit 1; }
  rm -f "$work/target.bin"
  measure "$name put-stream" "${run[@]}" "$store" put-stream "$work/source.bin"
  measure "$name get-stream" "${run[@]}" "$store" get-stream "$work/target.bin"
  cmp -s "$work/source.bin" "$work/target.bin" || { echo "$name get-stream: content differs" >&2; exit 1; }
  rm -f "$work/target.bin"
done
