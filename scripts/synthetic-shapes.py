#!/usr/bin/env python3
"""Seeded synthetic tables in shapes the shared datasets lack (BENCHMARKS section 26), for a held-out check of the
issue-12 benchmark: written to OUT (never into the repository), then

  DATA=OUT scripts/real-tables-bench.sh NAME ...      (the names printed)

First set (numpy seed 20261204): wide_60x100 (fewer rows than features), sonar_like (208 x 60, correlated
spectrum, 0/1 target), onehot_300 (two 3-level categoricals one-hot beside four Gaussian columns), levels_768
(2 to 12 levels per column), heavy_400 (lognormal features, Cauchy noise), tiny_12x2, tiny_8x5, constdup_150 (a
constant and a duplicated column), abalone_like (3,000 rows, a one-hot categorical, correlated sizes, integer
target). Second set (seed 7): c{d}_{n}, d = 1..4 Gaussian features of different scales and offsets, n = 50, 100,
200, 400, y a planted 4-neuron ReLU net + noise; and (seed 11) c1_800, c1_1500, one feature, many distinct values.
Measured with numpy 2.4.6 (other versions may draw other numbers).
"""
import os
import sys

import numpy as np


def write_exact(out, name, X, y):
    """Integers as integers, other values as Python's shortest repr (the first set)."""
    def fmt(v):
        v = float(v)
        return str(int(v)) if v.is_integer() else repr(v)
    with open(os.path.join(out, name + '.csv'), 'w') as f:
        f.write(','.join('x%d' % j for j in range(X.shape[1])) + ',target\n')
        for xi, yi in zip(X, y):
            f.write(','.join(fmt(v) for v in xi) + ',' + fmt(yi) + '\n')
    print(name)


def first(out):
    rng = np.random.default_rng(20261204)
    X = rng.normal(size=(60, 100))
    write_exact(out, 'wide_60x100', X, np.maximum(X[:, :3] @ [1., -0.5, 0.8], 0) + 0.1 * rng.normal(size=60))
    n, d = 208, 60
    Z = rng.normal(size=(n, d))
    X = np.zeros((n, d))
    X[:, 0] = Z[:, 0]
    for j in range(1, d):
        X[:, j] = 0.9 * X[:, j - 1] + np.sqrt(1 - 0.81) * Z[:, j]
    X = np.round(np.abs(X) / 4, 4)
    write_exact(out, 'sonar_like', X,
          (X[:, 10:20].sum(1) - X[:, 40:50].sum(1) + 0.3 * rng.normal(size=n) > 0).astype(int))
    n = 300
    cat = rng.integers(0, 3, size=(n, 2))
    oh = np.concatenate([np.eye(3)[cat[:, 0]], np.eye(3)[cat[:, 1]]], 1)
    C = rng.normal(size=(n, 4))
    y = 2 * oh[:, 0] - oh[:, 4] + np.abs(C[:, 0]) + np.maximum(C[:, 1] - C[:, 2], 0) + 0.2 * rng.normal(size=n)
    write_exact(out, 'onehot_300', np.concatenate([oh, C], 1), np.round(y, 3))
    n = 768
    levels = [12, 7, 7, 4, 2, 4, 4, 6]
    X = np.stack([rng.integers(0, L, size=n) * (1.0 + j) for j, L in enumerate(levels)], 1)
    y = 0.3 * X[:, 0] + np.maximum(X[:, 1] - 3, 0) * X[:, 3] / 4 + 0.5 * X[:, 4] + 0.05 * rng.normal(size=n)
    write_exact(out, 'levels_768', X, np.round(y, 2))
    n = 400
    X = np.exp(rng.normal(size=(n, 5)))
    write_exact(out, 'heavy_400', X, np.log1p(X[:, 0]) * X[:, 1] ** 0.3 + 0.1 * rng.standard_cauchy(size=n))
    X = rng.normal(size=(12, 2))
    write_exact(out, 'tiny_12x2', X, np.sin(X[:, 0]) + X[:, 1] ** 2)
    X = rng.normal(size=(8, 5))
    write_exact(out, 'tiny_8x5', X, rng.normal(size=8))
    n = 150
    A = rng.normal(size=(n, 2))
    X = np.concatenate([A, np.full((n, 1), 3.0), A[:, :1]], 1)
    write_exact(out, 'constdup_150', X, np.tanh(A[:, 0] * A[:, 1]) + 0.1 * rng.normal(size=n))
    n = 3000
    sex = np.eye(3)[rng.integers(0, 3, size=n)]
    L = rng.gamma(9, 0.06, size=n)
    sizes = np.stack([L, 0.8 * L + 0.02 * rng.normal(size=n), 0.3 * L + 0.02 * rng.normal(size=n),
                      L ** 3 * 2 + 0.05 * rng.normal(size=n), L ** 3 + 0.03 * rng.normal(size=n)], 1)
    y = np.round(4 + 10 * L + 2 * sex[:, 2] + rng.gamma(2, 1, size=n))
    write_exact(out, 'abalone_like', np.round(np.concatenate([sex, sizes], 1), 4), y)


def second(out):
    def write_6g(name, X, y):
        """Six significant digits (the second set; kept apart so that both sets stay as measured)."""
        with open(os.path.join(out, name + '.csv'), 'w') as f:
            f.write(','.join('x%d' % j for j in range(X.shape[1])) + ',target\n')
            for xi, yi in zip(X, y):
                f.write(','.join('%.6g' % v for v in xi) + ',%.6g\n' % yi)
        print(name)
    rng = np.random.default_rng(7)
    for d in (1, 2, 3, 4):
        for n in (50, 100, 200, 400):
            X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d) + rng.uniform(-2, 2, size=d)
            W = rng.normal(size=(d, 4))
            y = np.maximum(X @ W + rng.normal(size=4), 0) @ rng.normal(size=4) + 0.3 * rng.normal(size=n)
            write_6g('c%d_%d' % (d, n), X, y)
    rng = np.random.default_rng(11)
    for n in (800, 1500):
        x = rng.normal(size=n) * 2 + 1
        write_6g('c1_%d' % n, x[:, None], np.maximum(x, 0) - 0.7 * np.maximum(-x + 0.5, 0) + 0.2 * rng.normal(size=n))


if __name__ == '__main__':
    os.makedirs(sys.argv[1], exist_ok=True)
    first(sys.argv[1])
    second(sys.argv[1])
