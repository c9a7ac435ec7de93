#!/usr/bin/env bash
# Issue 12 benchmark: on each full public table with a numeric target (standardised: features and target to
# z-scores, population std), beta = 0.1, whole-process wall time and objective of
#   train --optimizer adam --width 50 --restarts 5 --seed 1      (train's defaults otherwise)
#   solve --beta 0.1                                             (no extra flags)
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
mkdir -p "$RUN/data" "$PNG"
# z-scored copies (until solve/train --standardize exist): population std, target z-scored too
python3 - "$DATA" "$RUN/data" "${TABLES[@]}" <<'PY'
import csv, math, sys
src, dst, tables = sys.argv[1], sys.argv[2], sys.argv[3:]
for t in tables:
    rows = list(csv.reader(open(f"{src}/{t}.csv")))
    head, data = rows[0], [[float(v) for v in r] for r in rows[1:] if r]
    stats = []
    for c in zip(*data):
        m = sum(c) / len(c)
        s = math.sqrt(sum((v - m) ** 2 for v in c) / len(c))
        stats.append((m, s if s > 0 else 1.0))
    with open(f"{dst}/{t}.csv", "w") as o:
        o.write(",".join(head) + "\n")
        for r in data:
            o.write(",".join(repr((v - m) / s) for v, (m, s) in zip(r, stats)) + "\n")
PY
timed() { # name, command...: wall seconds to $RUN/name.wall
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l > "$RUN/$name.wall"
}
for t in "${TABLES[@]}"; do
  z="$RUN/data/$t.csv"
  timed "$t.adam" sh -c "java -jar '$JAR' train '$z' --beta 0.1 --optimizer adam --width 50 --restarts 5 --seed 1 --json --out '$RUN/$t.adam.net' > '$RUN/$t.adam.json' 2> '$RUN/$t.adam.log'"
  timed "$t.solve" sh -c "java -jar '$JAR' solve '$z' --beta 0.1 --json --out '$RUN/$t.solve.net' > '$RUN/$t.solve.json' 2> '$RUN/$t.solve.log'"
  echo "$t: adam $(cat "$RUN/$t.adam.wall") s, solve $(cat "$RUN/$t.solve.wall") s" >&2
done
echo "run files: $RUN" >&2
java -cp "$JAR" org.cvxrelu.bench.RealTablesReport "$RUN" "$RUN/data" "$PNG" "${TABLES[@]}"
