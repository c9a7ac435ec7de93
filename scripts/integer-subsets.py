#!/usr/bin/env python3
"""Small tables with many repeated values, cut from ../shared/datasets at run time (never copied into the project):
a few integer-valued (or coarsely rounded) columns and a block of consecutive rows. Their exact arrangements fit
the pattern budget but are large (100,000 to 800,000 cells), which is where `solve` prices by branch and bound
instead of enumerating (docs/BENCHMARKS.md section 18; the d = 3 ones are issue 12's "integer columns, 100-150 rows").

Usage: scripts/integer-subsets.py OUT_DIR [DATA_DIR]    then
       java -jar target/cvxrelu.jar solve OUT_DIR/haberman_120.csv --beta 0.1 --standardize --json
"""
import csv
import os
import sys

out = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'datasets')
os.makedirs(out, exist_ok=True)

# name: (table, columns, first row, last row), rows counted from 1 after the header, inclusive
CASES = {
    'autompg_120': ('auto_mpg', ['cylinders', 'model_year', 'origin'], 1, 120),
    'autompg_150': ('auto_mpg', ['cylinders', 'model_year', 'origin'], 151, 300),
    'cryo_90': ('cryotherapy', ['sex', 'type', 'number_of_warts'], 1, 90),
    'diabetes_120': ('diabetes', ['age', 'sex', 's4_tch'], 1, 120),
    'diabetes_b120': ('diabetes', ['age', 'sex', 's4_tch'], 201, 320),
    'haberman_120': ('haberman', ['age', 'op_year', 'pos_nodes'], 1, 120),
    'haberman_b120': ('haberman', ['age', 'op_year', 'pos_nodes'], 151, 270),
    'haberman_80': ('haberman', ['age', 'op_year', 'pos_nodes'], 1, 80),
    'haberman_c100': ('haberman', ['age', 'op_year', 'pos_nodes'], 151, 250),
    'yacht4_60': ('yacht', ['lcb', 'prismatic', 'beam_draught', 'froude'], 1, 60),
    'autompg4_60': ('auto_mpg', ['cylinders', 'model_year', 'origin', 'acceleration'], 1, 60),
    'autompg4b_60': ('auto_mpg', ['cylinders', 'model_year', 'origin', 'horsepower'], 201, 260),
    'diabetes4_60': ('diabetes', ['age', 'sex', 's4_tch', 's6_glu'], 1, 60),
    # 150 rows (docs/BENCHMARKS.md sections 28 and 29)
    'haberman_150': ('haberman', ['age', 'op_year', 'pos_nodes'], 1, 150),
    'haberman_d150': ('haberman', ['age', 'op_year', 'pos_nodes'], 151, 300),
    'diabetes_150': ('diabetes', ['age', 'sex', 's4_tch'], 1, 150),
    'diabetes_c150': ('diabetes', ['age', 'sex', 's4_tch'], 251, 400),
}

for name, (table, columns, first, last) in CASES.items():
    with open(os.path.join(data, table + '.csv')) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    index = [header.index(c) for c in columns] + [len(header) - 1]
    with open(os.path.join(out, name + '.csv'), 'w') as f:
        f.write(','.join(columns + ['target']) + '\n')
        for row in body[first - 1:last]:
            f.write(','.join(row[i] for i in index) + '\n')
    print(name)
