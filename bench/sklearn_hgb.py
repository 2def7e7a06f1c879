#!/usr/bin/env python3
"""Train scikit-learn's HistGradientBoostingClassifier on CSV data and print JSON results.

Reference peer for the boosted learner (bench/boost.ts). The CSV has numeric feature columns and
a last column `y` (integer class); empty cells are missing. Rows [0, --train-rows) train, the
rest test. Single thread: run with OMP_NUM_THREADS=1 (bench/boost.ts sets it). Early stopping
off, so both sides grow the same number of iterations.
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="CSV with header; last column is the label y")
    ap.add_argument("--train-rows", type=int, required=True)
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--learning-rate", type=float, default=0.1)
    ap.add_argument("--max-leaf-nodes", type=int, default=31)
    ap.add_argument("--min-samples-leaf", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3, help="fits timed; the median is reported")
    args = ap.parse_args()

    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier

    raw = np.genfromtxt(args.data, delimiter=",", skip_header=1, dtype=np.float64)
    X = raw[:, :-1].astype(np.float32)
    y = raw[:, -1].astype(np.int64)
    n_train = args.train_rows
    if not 0 < n_train < len(y):
        sys.exit(f"--train-rows must be between 1 and {len(y) - 1}")
    Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    fits = []
    for _ in range(args.repeats):
        clf = HistGradientBoostingClassifier(
            max_iter=args.max_iter,
            learning_rate=args.learning_rate,
            max_leaf_nodes=args.max_leaf_nodes,
            min_samples_leaf=args.min_samples_leaf,
            early_stopping=False,
            random_state=0,
        )
        c0 = time.process_time()
        t0 = time.perf_counter()
        clf.fit(Xtr, ytr)
        fits.append((time.perf_counter() - t0, time.process_time() - c0))
    fits.sort()
    fit_s, fit_cpu_s = fits[len(fits) // 2]
    pred = clf.predict(Xte)
    print(
        json.dumps(
            {
                "sklearn_version": sklearn.__version__,
                "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                "train_rows": n_train,
                "test_rows": int(len(yte)),
                "iterations": int(clf.n_iter_),
                "accuracy": float((pred == yte).mean()),
                "fit_s": fit_s,
                "fit_cpu_s": fit_cpu_s,
            }
        )
    )


if __name__ == "__main__":
    main()
