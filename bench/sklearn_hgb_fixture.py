#!/usr/bin/env python3
"""Reference models for src/lib/core/boost, trained with scikit-learn's HistGradientBoostingClassifier.

Writes tests/fixtures/sklearn-hgb.json (the data, the parameters, scikit-learn's raw scores on
training and test rows, iterations and leaves per tree); boost/parity.test.ts trains the same
models and compares, so the tests never need Python. Features take values on a grid of at most
~60 values, so scikit-learn's bins (midpoints between distinct values) and ours (the distinct
values) split the rows the same way; some features have missing values. Run from the repository
root:

    OMP_NUM_THREADS=1 python3 bench/sklearn_hgb_fixture.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier

COMMAND = "OMP_NUM_THREADS=1 python3 bench/sklearn_hgb_fixture.py"
OUT = os.path.join("tests", "fixtures", "sklearn-hgb.json")


def make_data(rng, n, n_classes):
    p = 6
    X = np.round(rng.normal(size=(n, p)) * 6) / 4  # grid of quarters
    score = X[:, 0] - 0.8 * X[:, 1] + 0.5 * X[:, 2] * X[:, 3] + rng.normal(scale=0.8, size=n)
    if n_classes == 2:
        y = (score > 0.2).astype(np.int64)
    else:
        y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    # Missing values in two features, one of them informative.
    X[rng.random(n) < 0.08, 1] = np.nan
    X[rng.random(n) < 0.15, 4] = np.nan
    return X.astype(np.float32), y.astype(np.int64)


def nan_list(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


CASES = [
    ("binary defaults", 2, {}),
    ("binary l2, depth 3, leaf 5", 2, {"l2_regularization": 1.5, "max_depth": 3, "min_samples_leaf": 5}),
    ("binary balanced, 8 leaves, lr 0.3", 2, {"class_weight": "balanced", "max_leaf_nodes": 8, "learning_rate": 0.3}),
    ("three classes", 3, {"max_leaf_nodes": 15, "min_samples_leaf": 10}),
]


def main():
    rng = np.random.default_rng(20261202)
    cases = []
    for name, k, extra in CASES:
        X, y = make_data(rng, 700, k)
        n_train = 500
        params = dict(max_iter=30, early_stopping=False, random_state=0)
        params.update(extra)
        clf = HistGradientBoostingClassifier(**params).fit(X[:n_train], y[:n_train])
        leaves = [
            int(pred.get_n_leaf_nodes()) for preds in clf._predictors for pred in preds
        ]
        cases.append(
            {
                "name": name,
                "nClasses": k,
                "params": extra,
                "maxIter": 30,
                "nTrain": n_train,
                "nFeatures": X.shape[1],
                # Row-major, null = missing.
                "X": nan_list(X),
                "y": [int(v) for v in y],
                "nIter": int(clf.n_iter_),
                "leaves": leaves,
                "rawTrain": nan_list(clf.decision_function(X[:n_train])),
                "rawTest": nan_list(clf.decision_function(X[n_train:])),
            }
        )
    with open(OUT, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "command": COMMAND, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT} ({len(cases)} cases, scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
