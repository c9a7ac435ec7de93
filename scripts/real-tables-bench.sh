#!/usr/bin/env bash
# Issue 12 benchmark: on each full public table with a numeric target, standardised by the tools themselves
# (--standardize: features and target to z-scores, population std), beta = 0.1, whole-process wall time and
# objective of
#   train T.csv --beta 0.1 --standardize --optimizer adam --width 50 --restarts 5 --seed 1
#   solve T.csv --beta 0.1 --standardize                         (no other flags)
# run one after the other (never concurrently). Writes the run files to RUN_DIR (default a temp dir), the
# Markdown table to stdout and one PNG per table to PNG_DIR (default docs/bench).
# Usage: scripts/real-tables-bench.sh [TABLE...]     (needs target/cvxrelu.jar)
set -euo pipefail
JAR=${JAR:-target/cvxrelu.jar}
DATA=${DATA:-../shared/datasets}
RUN=${RUN_DIR:-$(mktemp -d)}
PNG=${PNG_DIR:-docs/bench}
TABLES=("$@")
if [ ${#TABLES[@]} -eq 0 ]; then
  TABLES=(yacht auto_mpg diabetes concrete airfoil linnerud banknote breast_cancer cryotherapy haberman iris_versicolor_virginica)
fi
mkdir -p "$RUN" "$PNG"
uptime > "$RUN/uptime.before"
timed() { # name, command...: wall seconds to $RUN/name.wall
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l > "$RUN/$name.wall"
}
for t in "${TABLES[@]}"; do
  z="$DATA/$t.csv"
  timed "$t.adam" sh -c "java -jar '$JAR' train '$z' --beta 0.1 --standardize --optimizer adam --width 50 --restarts 5 --seed 1 --json --out '$RUN/$t.adam.net' > '$RUN/$t.adam.json' 2> '$RUN/$t.adam.log'"
  timed "$t.solve" sh -c "java -jar '$JAR' solve '$z' --beta 0.1 --standardize --json --out '$RUN/$t.solve.net' > '$RUN/$t.solve.json' 2> '$RUN/$t.solve.log'"
  echo "$t: adam $(cat "$RUN/$t.adam.wall") s, solve $(cat "$RUN/$t.solve.wall") s, $(uptime)" | tee -a "$RUN/uptime.log" >&2
done
echo "run files: $RUN" >&2
java -cp "$JAR" org.cvxrelu.bench.RealTablesReport "$RUN" "$DATA" "$PNG" "${TABLES[@]}"
