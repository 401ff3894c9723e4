#!/usr/bin/env bash
# flowline-bench/run-benchmarks.sh [-n RUNS] [-w WARMUPS] [--only hello,wide,large] [--keep]
#
# The speed and memory benchmarks of docs/benchmarks.md ("Flow runtime"). Builds once (through bin/flowline),
# then runs each benchmark WARMUPS times unmeasured and RUNS times measured, each run in a fresh temporary
# working directory (so a fresh local datastore), and prints a Markdown table of median and min/max figures
# plus the machine it ran on.
#
#   hello  bin/flowline dev.flowline.examples.HelloFlow run                 wall time
#   wide   bin/flowline .../dev/flowline/bench/WideForeachFlow.java run     wall, CPU (100 foreach tasks + join)
#   large  bin/flowline dev.flowline.examples.LargeArtifactFlow run         wall, peak RSS (200 MiB byte[])
#
# Measured with /usr/bin/time -v (GNU time; Debian package "time"):
#   wall      "Elapsed (wall clock) time"
#   CPU       "User time" + "System time": getrusage of bin/flowline's JVM plus every descendant that was
#             waited for (the warm worker JVMs, if the runtime reaps them)
#   peak RSS  "Maximum resident set size": the LARGEST SINGLE PROCESS's peak (the runtime or one worker JVM),
#             not the sum over processes.
# When python3 is available, each run is also wrapped in tree-rusage.py (a child subreaper): it counts the
# CPU of descendants nobody waited for (orphans) and samples the SUM of the RSS of all live processes. Those
# columns are a cross-check; without python3 they read "n/a".
#
# Needs: bash, GNU time at /usr/bin/time, a JDK 17+ (JAVA_HOME or java on PATH); optional: python3 (Linux).
# hyperfine is not needed.
set -euo pipefail

runs=5
warmups=1
only="hello,wide,large"
keep=0
usage() { sed -n '2,3p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="${2:?-n needs a number}"; shift 2 ;;
    -w) warmups="${2:?-w needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs a list}"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "run-benchmarks.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$runs$warmups" in *[!0-9]*) echo "run-benchmarks.sh: -n and -w take whole numbers" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] || { echo "run-benchmarks.sh: -n must be at least 1" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run-benchmarks.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

bench_dir="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench_dir/.." && pwd)"
flowline="$root/bin/flowline"
wide_flow="$bench_dir/src/main/java/dev/flowline/bench/WideForeachFlow.java"
tree=()
if command -v python3 >/dev/null 2>&1 && [ -r /proc/self/stat ]; then
  tree=(python3 "$bench_dir/tree-rusage.py")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/flowline-bench.XXXXXX")"
if [ "$keep" = 1 ]; then echo "run-benchmarks.sh: keeping run folders in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# A clean Flowline environment: no user METAFLOW_* settings (they could point the datastore at a cloud), a
# private config home and a private cache for the compiled WideForeachFlow.java.
while IFS='=' read -r name _; do
  case "$name" in METAFLOW_*) unset "$name" ;; esac
done < <(env)
export METAFLOW_HOME="$work/metaflow-home"
export FLOWLINE_CACHE_DIR="$work/cache"
mkdir -p "$METAFLOW_HOME"

java_cmd=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd="$JAVA_HOME/bin/java"; fi

echo "run-benchmarks.sh: building once and compiling WideForeachFlow.java (bin/flowline ... check)" >&2
(cd "$work" && "$flowline" dev.flowline.examples.HelloFlow check >/dev/null)
(cd "$work" && "$flowline" "$wide_flow" check >/dev/null)

# seconds from GNU time's "h:mm:ss" or "m:ss.ss"
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }
field() { sed -n "s/^[[:space:]]*$2: //p" "$1" | head -n1; }
kv() { if [ -f "$1" ]; then sed -n "s/^$2=//p" "$1"; else echo "n/a"; fi; }

# run_one NAME ARGS...: one measured run of bin/flowline ARGS in a fresh folder; appends a line to NAME.tsv:
# wall cpu maxrss_mb load1 tree_cpu orphans orphan_cpu sum_rss_mb linger
run_one() {
  local name="$1"; shift
  local dir; dir="$(mktemp -d "$work/$name.XXXXXX")"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local status=0
  (cd "$dir" && "${tree[@]}" ${tree:+"$dir/tree.txt"} /usr/bin/time -v -o "$dir/time.txt" \
      "$flowline" "$@" >"$dir/output.txt" 2>&1) || status=$?
  if [ "$status" != 0 ]; then
    echo "run-benchmarks.sh: $name failed (exit $status): bin/flowline $*" >&2
    tail -n 30 "$dir/output.txt" >&2
    keep=1; trap - EXIT
    echo "run-benchmarks.sh: run folder kept: $dir" >&2
    exit 1
  fi
  local wall user sys rss
  wall="$(to_seconds "$(field "$dir/time.txt" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')")"
  user="$(field "$dir/time.txt" 'User time (seconds)')"
  sys="$(field "$dir/time.txt" 'System time (seconds)')"
  rss="$(field "$dir/time.txt" 'Maximum resident set size (kbytes)')"
  local sum_rss; sum_rss="$(kv "$dir/tree.txt" sum_rss_peak_kb)"
  [ "$sum_rss" = n/a ] || sum_rss="$(awk -v k="$sum_rss" 'BEGIN { printf "%.0f", k / 1024 }')"
  printf '%s\t%.2f\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$load" "$(kv "$dir/tree.txt" tree_cpu_s)" \
    "$(kv "$dir/tree.txt" orphans)" "$(kv "$dir/tree.txt" orphan_cpu_s)" "$sum_rss" \
    "$(kv "$dir/tree.txt" linger_s)" >>"$work/$name.tsv"
  [ "$keep" = 1 ] || rm -rf "$dir"
}

# bench NAME ARGS...: warm-ups, then measured runs
bench() {
  local name="$1"; shift
  local i
  for ((i = 1; i <= warmups; i++)); do
    echo "run-benchmarks.sh: $name warm-up $i/$warmups" >&2
    run_one "$name" "$@"
  done
  rm -f "$work/$name.tsv"
  for ((i = 1; i <= runs; i++)); do
    echo "run-benchmarks.sh: $name run $i/$runs" >&2
    run_one "$name" "$@"
  done
}

# summary NAME COLUMN median|min|max [DECIMALS, default 2] (n/a when the column has no numbers)
summary() {
  cut -f"$2" "$work/$1.tsv" | grep -E '^[0-9.]+$' | sort -g | awk -v what="$3" -v decimals="${4:-2}" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "n/a"; exit }
      if (what == "min") x = v[1]; else if (what == "max") x = v[NR];
      else x = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "%." decimals "f", x
    }'
}

for b in ${only//,/ }; do
  case "$b" in
    hello) bench hello dev.flowline.examples.HelloFlow run ;;
    wide) bench wide "$wide_flow" run ;;
    large) bench large dev.flowline.examples.LargeArtifactFlow run ;;
    *) echo "run-benchmarks.sh: unknown benchmark '$b' (known: hello, wide, large)" >&2; exit 2 ;;
  esac
done

# ---- report -------------------------------------------------------------------------------------------------
mem_gib="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1024 / 1024 }' /proc/meminfo)"
model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
jdk="$("$java_cmd" -version 2>&1 | sed -n '2p')"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | head -n1)"

echo
echo "Machine: $(nproc) CPUs ($model), ${mem_gib} GiB RAM, $jdk, Linux $(uname -r)."
echo "Flowline commit $commit${dirty:+ (with local changes)}, $(date -u '+%Y-%m-%d %H:%M UTC'), $runs measured run(s) after $warmups warm-up(s) per benchmark."
echo
echo "| Benchmark | Target | Wall s, median (min) | CPU s user+sys, median (min) | Peak RSS MB, largest process, median (max) | Load avg 1 min during runs |"
echo "|---|---|---|---|---|---|"
row() {
  local name="$1" label="$2" target="$3"
  [ -f "$work/$name.tsv" ] || return 0
  printf '| %s | %s | %s (%s) | %s (%s) | %s (%s) | %s-%s |\n' "$label" "$target" \
    "$(summary "$name" 1 median)" "$(summary "$name" 1 min)" "$(summary "$name" 2 median)" "$(summary "$name" 2 min)" \
    "$(summary "$name" 3 median 0)" "$(summary "$name" 3 max 0)" "$(summary "$name" 4 min)" "$(summary "$name" 4 max)"
}
row hello "HelloFlow run" "<= 0.8 s wall"
row wide "WideForeachFlow run (100 tasks + join)" "<= 3 s wall"
row large "LargeArtifactFlow run (200 MiB byte[])" "<= 3 s wall, <= 300 MB RSS"
echo
echo "Cross-check over the whole process tree (tree-rusage.py, child subreaper; n/a without python3):"
echo
echo "| Benchmark | CPU s, whole tree, median | CPU s, processes not waited for by their parent, median (count) | They outlived bin/flowline by s, median | Peak sum of RSS of live processes MB (sampled every 50 ms), median (max) |"
echo "|---|---|---|---|---|"
check_row() {
  local name="$1" label="$2"
  [ -f "$work/$name.tsv" ] || return 0
  printf '| %s | %s | %s (%s) | %s | %s (%s) |\n' "$label" "$(summary "$name" 5 median)" "$(summary "$name" 7 median)" \
    "$(summary "$name" 6 median 0)" "$(summary "$name" 9 median)" "$(summary "$name" 8 median 0)" "$(summary "$name" 8 max 0)"
}
check_row hello "HelloFlow"
check_row wide "WideForeachFlow"
check_row large "LargeArtifactFlow"

# the CPU column is only right when the runtime waits for its workers: say so when the cross-check disagrees
for name in hello wide large; do
  [ -f "$work/$name.tsv" ] || continue
  awk -F'\t' -v name="$name" '
    $5 != "n/a" && ($6 > 0 || $5 - $2 > 0.05 || $2 - $5 > 0.05) {
      printf "WARNING: %s: /usr/bin/time counted %s CPU-s, the whole tree %s CPU-s, %s process(es) not waited for\n", name, $2, $5, $6
    }' "$work/$name.tsv" >&2
done
