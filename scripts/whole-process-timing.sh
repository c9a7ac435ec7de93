#!/usr/bin/env bash
# Whole-process timing, hyperfine style: each command RUNS times (default 5), median/min/max wall seconds.
# Usage: scripts/whole-process-timing.sh [RUNS]   (needs target/cvxrelu.jar; writes Gaussian data to a temp dir)
set -euo pipefail
RUNS=${1:-5}
JAR=${JAR:-target/cvxrelu.jar}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
gauss() { # n d seed file: Gaussian features, target = 0
  python3 - "$@" <<'PY'
import random, sys
n, d, seed, f = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(seed)
with open(f, "w") as o:
    o.write(",".join(f"x{j+1}" for j in range(d)) + ",y\n")
    for _ in range(n):
        o.write(",".join(repr(random.gauss(0, 1)) for _ in range(d)) + ",0\n")
PY
}
gauss 40 3 1 "$TMP/g40x3.csv"
gauss 24 4 2 "$TMP/g24x4.csv"
time_cmd() { # label, command...
  local label=$1; shift
  local ts=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > "$TMP/out.txt"; t1=$(date +%s.%N)
    ts+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${ts[@]}" | sort -g | awk -v l="$label" -v runs="$RUNS" '{a[NR]=$1} END {printf "%-42s median %.3f s  min %.3f  max %.3f  (%d runs)\n", l, a[int((NR+1)/2)], a[1], a[NR], runs}'
  grep -o '"count":[0-9]*\|"objective":[0-9.eE+-]*' "$TMP/out.txt" | head -1 | sed 's/^/    /'
}
time_cmd "patterns gaussian n=40 d=3 (bias)" java -jar "$JAR" patterns "$TMP/g40x3.csv" --json -q
time_cmd "patterns gaussian n=24 d=4 (bias)" java -jar "$JAR" patterns "$TMP/g24x4.csv" --json -q
time_cmd "solve teacher_n30_d2 beta 0.1" java -jar "$JAR" solve instances/teacher_n30_d2.csv --beta 0.1 --json -q
time_cmd "solve teacher_n40_d3 beta 0.1" java -jar "$JAR" solve instances/teacher_n40_d3.csv --beta 0.1 --json -q
time_cmd "solve teacher_n30_d2 beta 0.1 (bin/cvxrelu)" env CVXRELU_JAR="$JAR" bin/cvxrelu solve instances/teacher_n30_d2.csv --beta 0.1 --json -q
time_cmd "solve teacher_n40_d3 beta 0.1 (bin/cvxrelu)" env CVXRELU_JAR="$JAR" bin/cvxrelu solve instances/teacher_n40_d3.csv --beta 0.1 --json -q
time_cmd "solve teacher_n24_d4 beta 0.1" java -jar "$JAR" solve instances/teacher_n24_d4.csv --beta 0.1 --json -q
time_cmd "solve teacher_n24_d4 beta 0.1 (bin/cvxrelu)" env CVXRELU_JAR="$JAR" bin/cvxrelu solve instances/teacher_n24_d4.csv --beta 0.1 --json -q
time_cmd "--version (JVM and CLI start-up)" java -jar "$JAR" --version
