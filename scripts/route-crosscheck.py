#!/usr/bin/env python3
"""Soundness sweep of the certified answers on seeded random tables with repeated values (d = 3, integer columns):
the same table solved three ways, each with its own proof of a lower bound on P*,

  exact     solve T --beta 0.1 --standardize --enumerate        every cell listed and priced one by one
  route     solve T --beta 0.1 --standardize                    generated patterns priced by branch and bound
                                                                 when the arrangement is large (else = exact)
  continued solve T --beta 0.1 --standardize --max-patterns 2000 --global-seconds 60
                                                                 a budgeted answer over generated patterns,
                                                                 continued with branch-and-bound pricing

and each certified lower bound must lie below every answer's objective (a bound above an objective that a net
reaches is a wrong "certified"). It also checks that a certified gap is what the bound and objective say, and
prints the objectives' spread. Tables are written to OUT_DIR (never into the repository) and are reproducible
from the seed. Usage: scripts/route-crosscheck.py OUT_DIR [FIRST_SEED] [COUNT]   (needs target/cvxrelu.jar)
"""
import json
import os
import random
import subprocess
import sys
import time

out = sys.argv[1]
first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
count = int(sys.argv[3]) if len(sys.argv) > 3 else 12
jar = os.environ.get('JAR', 'target/cvxrelu.jar')
os.makedirs(out, exist_ok=True)


def table(seed):
    """n rows, three integer features over small ranges, a target from a random two-neuron net plus rounded noise."""
    rnd = random.Random(seed)
    n = rnd.choice([70, 90, 110])
    ranges = [rnd.randint(4, 12) for _ in range(3)]
    w = [[rnd.gauss(0, 1) for _ in range(3)] for _ in range(2)]
    rows = []
    for _ in range(n):
        x = [rnd.randint(0, m) for m in ranges]
        z = [max(0.0, sum(wi[j] * (x[j] - ranges[j] / 2) for j in range(3))) for wi in w]
        y = round(z[0] - 0.7 * z[1] + rnd.gauss(0, 1), 1)
        rows.append(x + [y])
    path = os.path.join(out, 'cross_%d.csv' % seed)
    with open(path, 'w') as f:
        f.write('a,b,c,target\n')
        for r in rows:
            f.write(','.join(str(v) for v in r) + '\n')
    return path, n


def solve(path, extra):
    t0 = time.time()
    p = subprocess.run(['java', '-jar', jar, 'solve', path, '--beta', '0.1', '--standardize', '--json', '-q']
                       + extra, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit('solve failed on %s %s: %s' % (path, extra, p.stderr[-2000:]))
    j = json.loads(p.stdout)
    j['_wall'] = time.time() - t0
    return j


failures = 0
print('| seed | n | cells (exact) | exact: objective, gap, s | route: objective, gap, scope, s | continued: objective, '
      'gap, settled, s | worst bound excess |')
print('|---|---|---|---|---|---|---|')
for seed in range(first, first + count):
    path, n = table(seed)
    runs = {
        'exact': solve(path, ['--enumerate']),
        'route': solve(path, []),
        'continued': solve(path, ['--max-patterns', '2000', '--global-seconds', '60']),
    }
    worst = -1.0
    for a, ra in runs.items():
        if ra.get('certified'):
            gap = max(0.0, (ra['objective'] - ra['lowerBound']) / ra['objective'])
            if abs(gap - ra['relativeGap']) > 1e-9 + 1e-6 * gap:
                print('FAIL seed %d %s: reported gap %g, bound and objective give %g' % (seed, a, ra['relativeGap'], gap))
                failures += 1
            for b, rb in runs.items():
                excess = (ra['lowerBound'] - rb['objective']) / rb['objective']
                worst = max(worst, excess)
                if excess > 1e-12:
                    print('FAIL seed %d: %s certified lower bound %.15g above the %s objective %.15g'
                          % (seed, a, ra['lowerBound'], b, rb['objective']))
                    failures += 1
    e, r, c = runs['exact'], runs['route'], runs['continued']
    print('| %d | %d | %s | %.10g, %.1e, %.1f | %.10g, %.1e, %s, %.1f | %.10g, %.1e, %s, %.1f | %.1e |' % (
        seed, n, e.get('patterns'), e['objective'], e['relativeGap'], e['_wall'],
        r['objective'], r['relativeGap'], r.get('lowerBoundScope'), r['_wall'],
        c['objective'], c['relativeGap'], c.get('globalSearchSettled', '-'), c['_wall'], worst), flush=True)
print('failures: %d' % failures)
sys.exit(1 if failures else 0)
