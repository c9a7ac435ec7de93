#!/usr/bin/env python3
"""Tables of many rows in few features (BENCHMARKS section 23): the shapes where an exact arrangement fits
although n is large (d = 1: about 2n' cells for n' distinct values) and larger synthetic regression tables.

  python3 scripts/many-rows.py OUT

writes to OUT (never into the repository):
  d1_2000.csv, d1_5000.csv, d1_20000.csv  x ~ N(0,1) rounded to 2 decimals (<= ~700 distinct values),
                                          y = relu(x) - 0.5 relu(-x - 0.3) + N(0, 0.1^2)   (one RNG, seed 7)
  d1c_20000.csv                           the same with x written to 6 decimals (20,000 distinct: too many cells for
                                          25,000 on z-scores, so generated patterns and branch and bound; seed 8)
  d1r3_20000.csv                          x to 3 decimals (4,497 distinct values, 8,990 cells; seed 9)
  syn_5000x8.csv, syn_10000x4.csv, syn_3000x11.csv
                                          correlated Gaussian features (x_j = z_j + 0.5 z_{j+1}), some columns
                                          integer-valued, y = a planted 12-neuron ReLU net + noise
"""
import math
import os
import random
import sys


def d1(out, name, n, rnd, decimals):
    with open(os.path.join(out, name), "w") as f:
        f.write("x,y\n")
        for _ in range(n):
            x = rnd.gauss(0, 1)
            if decimals is not None:
                x = round(x, decimals)
            y = max(0, x) - 0.5 * max(0, -x - 0.3) + rnd.gauss(0, 0.1)
            if decimals is None:
                f.write(f"{x:.6f},{y:.6f}\n")  # the target from the unrounded x
            else:
                f.write(f"{x},{y:.6f}\n")


def planted(out, name, n, d, seed, noise=0.3, intcols=()):
    rnd = random.Random(seed)
    w = [[rnd.gauss(0, 1) for _ in range(d + 1)] for _ in range(12)]
    a = [rnd.gauss(0, 1) for _ in range(12)]
    with open(os.path.join(out, name), "w") as f:
        f.write(",".join(f"x{j}" for j in range(d)) + ",y\n")
        for _ in range(n):
            z = [rnd.gauss(0, 1) for _ in range(d)]
            x = [z[j] + 0.5 * z[(j + 1) % d] for j in range(d)]
            for j in intcols:
                x[j] = float(round(2 * x[j] + 5))
            xs = [x[j] / 2.0 if j in intcols else x[j] for j in range(d)]
            y = sum(a[i] * max(0, sum(w[i][j] * xs[j] for j in range(d)) + w[i][d]) for i in range(12))
            y += noise * rnd.gauss(0, 1)
            f.write(",".join(f"{v:.5g}" for v in x) + f",{y:.5g}\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    for n in (2000, 5000, 20000):
        d1(out, f"d1_{n}.csv", n, rnd, 2)
    d1(out, "d1c_20000.csv", 20000, random.Random(8), None)
    d1(out, "d1r3_20000.csv", 20000, random.Random(9), 3)
    planted(out, "syn_5000x8.csv", 5000, 8, 1, intcols=(2, 5))
    planted(out, "syn_10000x4.csv", 10000, 4, 2)
    planted(out, "syn_3000x11.csv", 3000, 11, 3, noise=0.5, intcols=(0,))


if __name__ == "__main__":
    main()
