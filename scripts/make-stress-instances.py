#!/usr/bin/env python3
"""Derives the numerical stress instances (instances/stress_*.csv) from instances/teacher_n12_d2.csv.

Each file is the planted-teacher instance changed in one way that strains the numerics; what the tool
answers for each is recorded in instances/stress.csv and checked by verify/verify.sh.
Run from the project root: python3 scripts/make-stress-instances.py
"""
import csv
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
src = os.path.join(root, "instances", "teacher_n12_d2.csv")
rows = list(csv.reader(open(src)))
data = [[float(v) for v in r] for r in rows[1:]]


def write(name, header, table):
    with open(os.path.join(root, "instances", name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in table:
            f.write(",".join(repr(v) for v in r) + "\n")


write("stress_features_x1e6.csv", ["x1", "x2", "target"], [[a * 1e6, b * 1e6, y] for a, b, y in data])
write("stress_features_x1e-6.csv", ["x1", "x2", "target"], [[a * 1e-6, b * 1e-6, y] for a, b, y in data])
write("stress_mixed_scales.csv", ["x1", "x2", "target"], [[a * 1e6, b * 1e-6, y] for a, b, y in data])
write("stress_duplicated_column.csv", ["x1", "x1_copy", "x2", "target"], [[a, a, b, y] for a, b, y in data])
write("stress_collinear_column.csv", ["x1", "x2", "x1_plus_2x2", "target"], [[a, b, a + 2 * b, y] for a, b, y in data])
write("stress_constant_column.csv", ["x1", "x2", "three", "target"], [[a, b, 3.0, y] for a, b, y in data])
write("stress_repeated_rows.csv", ["x1", "x2", "target"], data + [[a, b, y + 0.3] for a, b, y in data[:4]])
write("stress_constant_target.csv", ["x1", "x2", "target"], [[a, b, 0.7] for a, b, _ in data])
write("stress_zero_target.csv", ["x1", "x2", "target"], [[a, b, 0.0] for a, b, _ in data])
write("stress_targets_x1e6.csv", ["x1", "x2", "target"], [[a, b, y * 1e6] for a, b, y in data])
write("stress_n1.csv", ["x1", "x2", "target"], data[:1])
