#!/usr/bin/env python3
"""Reference values for src/lib/core/pipeline/calibrate.ts, computed with scikit-learn.

Writes tests/fixtures/sklearn-calibration.json; calibrate.sklearn.test.ts compares against it,
so the tests never need Python. Run from the repository root:

    /usr/bin/python3 bench/sklearn_calibration.py

Platt: sklearn.calibration._sigmoid_calibration (P = 1 / (1 + exp(A f + B))). Isotonic:
IsotonicRegression(out_of_bounds='clip') fitted on Platt's regularised targets, which is what
fitIsotonic fits (see its comment).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

rng = np.random.default_rng(20261202)
cases = []
for name, n, sharp in [("small", 40, 3.0), ("medium", 400, 6.0), ("ties", 300, 4.0)]:
    y = (rng.random(n) < 0.4).astype(int)
    score = 1 / (1 + np.exp(-(sharp * (y - 0.5) + rng.normal(0, 1.5, n))))
    if name == "ties":
        score = np.round(score * 20) / 20  # forest-like probabilities: many equal values
    p = [float(v) for v in score]
    A, B = _sigmoid_calibration(np.array(p), y)
    n_pos = int(y.sum())
    hi = (n_pos + 1) / (n_pos + 2)
    lo = 1 / (n - n_pos + 2)
    t = np.where(y == 1, hi, lo)
    iso = IsotonicRegression(out_of_bounds="clip").fit(np.array(p), t)
    grid = [i / 100 for i in range(101)]
    cases.append(
        {
            "name": name,
            "p": p,
            "y": [int(v) for v in y],
            "platt": {"a": float(-A), "b": float(-B)},
            "grid": grid,
            "plattOnGrid": [float(1 / (1 + np.exp(A * g + B))) for g in grid],
            "isotonicOnGrid": [float(v) for v in iso.predict(np.array(grid))],
        }
    )

out = os.path.join("tests", "fixtures", "sklearn-calibration.json")
with open(out, "w") as f:
    json.dump(
        {
            "command": "/usr/bin/python3 bench/sklearn_calibration.py",
            "sklearn": sklearn.__version__,
            "cases": cases,
        },
        f,
    )
    f.write("\n")
print("wrote", out)
