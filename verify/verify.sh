#!/usr/bin/env bash
# End-to-end verification: runs the built jar on every instance of instances/optima.csv and checks
#  - the exact pattern count,
#  - the objective against the recorded certified optimum (1e-6 relative, both ways: never below the
#    recorded lower bound, never above the recorded optimum by more than the gap),
#  - the certified relative gap (<= 1e-6) and lowerBound <= objective,
#  - that `certify` on the written net agrees (gap <= 1e-6, minimal) and `prune` keeps the objective.
# Then the numerical stress cases of instances/stress.csv (certified, or not converged with the reason),
# byte-identical net files across processes and thread counts, and three certified routes on one seeded table
# (scripts/route-crosscheck.py).
# Usage: verify/verify.sh [path/to/cvxrelu.jar]    Exit status: number of failures.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${1:-$root/target/cvxrelu.jar}
[[ -f $jar ]] || { echo "FAIL no jar at $jar (run mvn package first)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
while IFS=, read -r file beta flags patterns objective lower; do
  [[ $file == file ]] && continue
  name="$file beta=$beta ${flags:-}"
  # shellcheck disable=SC2086
  if ! java -jar "$jar" solve "$root/instances/$file" --beta "$beta" $flags --out "$tmp/net.json" --json -q >"$tmp/s.json" 2>"$tmp/s.err"; then
    echo "FAIL $name: solve exited $(tail -1 "$tmp/s.err")"; fails=$((fails + 1)); continue
  fi
  # shellcheck disable=SC2086
  java -jar "$jar" certify "$root/instances/$file" "$tmp/net.json" --beta "$beta" $flags --json -q >"$tmp/c.json" 2>/dev/null
  java -jar "$jar" prune "$root/instances/$file" "$tmp/net.json" --beta "$beta" --out "$tmp/p.json" --json -q >"$tmp/p.json.out" 2>/dev/null
  if python3 - "$tmp/s.json" "$tmp/c.json" "$tmp/p.json.out" "$patterns" "$objective" "$lower" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2])); p = json.load(open(sys.argv[3]))
patterns, opt, low, name = int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
bad = []
if s["patterns"] != patterns: bad.append(f"patterns {s['patterns']} != {patterns}")
if not s["exact"] or not s["certified"]: bad.append("not exact and certified")
if s["relativeGap"] > 1e-6: bad.append(f"gap {s['relativeGap']:.3g}")
if s["lowerBound"] > s["objective"] * (1 + 1e-12): bad.append("lowerBound above objective")
if s["objective"] < low * (1 - 1e-9): bad.append(f"objective {s['objective']:.12g} below the recorded lower bound {low:.12g}")
if abs(s["objective"] - opt) > 1e-6 * opt: bad.append(f"objective {s['objective']:.12g} vs recorded {opt:.12g}")
if c["relativeGap"] > 1e-6: bad.append(f"certify gap {c['relativeGap']:.3g}")
if not c["minimal"]: bad.append("certify: net not minimal")
if abs(p["objective"] - s["objective"]) > 1e-9 * max(1, s["objective"]) and p["objective"] > s["objective"]: bad.append("prune raised the objective")
if bad: print(f"FAIL {name}: " + "; ".join(bad)); sys.exit(1)
print(f"PASS {name}: objective {s['objective']:.10g}, gap {s['relativeGap']:.1e}, {s['neurons']} neurons, {s['seconds']:.2f} s")
PY
  then :; else fails=$((fails + 1)); fi
done < "$root/instances/optima.csv"

# Numerical stress (instances/stress.csv): each case either certifies the recorded optimum, or ends with
# converged=false and a reason naming the cause; never a bound above the objective, never a failure exit.
while IFS=, read -r file beta flags outcome objective lower reason; do
  [[ $file == file ]] && continue
  name="stress $file beta=$beta ${flags:-}"
  # shellcheck disable=SC2086
  if ! java -jar "$jar" solve "$root/instances/$file" --beta "$beta" $flags --json -q >"$tmp/s.json" 2>"$tmp/s.err"; then
    echo "FAIL $name: solve exited $(tail -1 "$tmp/s.err")"; fails=$((fails + 1)); continue
  fi
  # an independent upper bound: ordinary training (Adam, 3 restarts) never goes below a valid lower bound
  java -jar "$jar" train "$root/instances/$file" --beta "$beta" --width 16 --restarts 3 --seed 1 --optimizer adam --json -q >"$tmp/t.json" 2>/dev/null
  if python3 - "$tmp/s.json" "$tmp/s.err" "$outcome" "$objective" "$lower" "$reason" "$name" "$tmp/t.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); err = open(sys.argv[2]).read()
outcome, name, reason = sys.argv[3], sys.argv[7], sys.argv[6]
trained = json.load(open(sys.argv[8]))["objective"]
bad = []
if s["lowerBound"] > s["objective"] * (1 + 1e-12) + 1e-300: bad.append("lowerBound above objective")
if s["lowerBound"] > trained * (1 + 1e-12) + 1e-300: bad.append(f"lowerBound above a trained net's objective {trained:.12g}")
if outcome == "certified":
    opt, low = float(sys.argv[4]), float(sys.argv[5])
    if not s["converged"] or s["relativeGap"] > 1e-6: bad.append(f"not certified: gap {s['relativeGap']:.3g} {s.get('reason', '')}")
    if abs(s["objective"] - opt) > 1e-6 * opt: bad.append(f"objective {s['objective']:.12g} vs recorded {opt:.12g}")
    if s["objective"] < low * (1 - 1e-9): bad.append(f"objective below the recorded lower bound {low:.12g}")
    if s["lowerBound"] > opt * (1 + 1e-9): bad.append(f"lowerBound {s['lowerBound']:.12g} above the recorded optimum")
    what = f"objective {s['objective']:.10g}, gap {s['relativeGap']:.1e}"
else:
    if s["converged"]: bad.append("claims convergence")
    if reason not in s.get("reason", ""): bad.append(f"reason lacks '{reason}': {s.get('reason')}")
    if "warning: " + s.get("reason", "?") not in err: bad.append("no warning on stderr")
    what = f"not certified (gap {s['relativeGap']:.1e}): {reason}"
if bad: print(f"FAIL {name}: " + "; ".join(bad)); sys.exit(1)
print(f"PASS {name}: {what}, {s['seconds']:.2f} s")
PY
  then :; else fails=$((fails + 1)); fi
done < "$root/instances/stress.csv"

# Determinism across processes, thread counts and compilers: the same net file from three JVMs, one with a
# single-thread fork-join pool (pricing and enumeration run in parallel otherwise), one through bin/cvxrelu.
for args in "solve $root/instances/teacher_n40_d3.csv --beta 0.1" "solve $root/instances/teacher_n30_d2.csv --beta 0.1 --sample 300 --seed 7"; do
  # shellcheck disable=SC2086
  java -jar "$jar" $args --out "$tmp/d1.json" -q >/dev/null 2>&1
  # shellcheck disable=SC2086
  java -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 -jar "$jar" $args --out "$tmp/d2.json" -q >/dev/null 2>&1
  # shellcheck disable=SC2086
  CVXRELU_JAR=$jar "$root/bin/cvxrelu" $args --out "$tmp/d3.json" -q >/dev/null 2>&1   # the launcher: quick compiler only
  if [[ -s $tmp/d1.json ]] && cmp -s "$tmp/d1.json" "$tmp/d2.json" && cmp -s "$tmp/d1.json" "$tmp/d3.json"; then echo "PASS deterministic: ${args#"solve $root/instances/"}"
  else echo "FAIL deterministic: ${args#"solve $root/instances/"}: net files differ"; fails=$((fails + 1)); fi
done
# Three certified routes on one seeded table with repeated values (70 rows, d = 3, 96,656 cells): every cell listed,
# generated patterns priced by branch and bound (the default at this size), and a budgeted generated answer
# continued with --global-seconds; no certified lower bound may lie above any of the three objectives.
if JAR=$jar python3 "$root/scripts/route-crosscheck.py" "$tmp/cross" 3 1 >"$tmp/cross.out" 2>&1; then
  echo "PASS three certified routes agree: $(grep '^| 3 |' "$tmp/cross.out" | cut -d'|' -f5-7 | tr -s ' ')"
else echo "FAIL three certified routes: $(grep -m1 FAIL "$tmp/cross.out" || tail -1 "$tmp/cross.out")"; fails=$((fails + 1)); fi
echo "$fails failed"
exit $fails
