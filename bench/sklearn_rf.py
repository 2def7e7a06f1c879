#!/usr/bin/env python3
"""Train scikit-learn's RandomForestClassifier on CSV data and print JSON results.

Reference peer for the Exoforest engine (bench/forest.ts and tests/fixtures/sklearn-parity.json).
The CSV has numeric feature columns and a last column `y` (integer class); empty cells are
missing. Rows [0, --train-rows) train, the rest test. Always n_jobs=1.

scikit-learn < 1.4 cannot take NaN: with --missing auto (default) such versions get a sentinel
(column minimum - 1), which makes every split send missing rows left, the nearest equivalent to
native missing-value support.
"""
import argparse
import gzip
import json
import pickle
import sys
import time

import numpy as np


def max_features_arg(v):
    if v in ("sqrt", "log2"):
        return v
    return float(v) if "." in v else int(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="CSV with header; last column is the label y")
    ap.add_argument("--train-rows", type=int, required=True)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--max-features", type=max_features_arg, default="sqrt")
    ap.add_argument("--min-samples-leaf", type=int, default=1)
    ap.add_argument("--max-depth", type=int, default=None)
    ap.add_argument("--criterion", default="gini", choices=["gini", "entropy"])
    ap.add_argument("--seeds", default="0", help="comma-separated random_state values")
    ap.add_argument("--missing", default="auto", choices=["auto", "native", "sentinel"])
    ap.add_argument(
        "--model-bytes", action="store_true", help="also report pickle and gzip(pickle) sizes"
    )
    ap.add_argument(
        "--proba-out",
        default=None,
        help="also write predict_proba of the test rows (first seed) as a JSON list of rows",
    )
    ap.add_argument(
        "--throughput-rows",
        type=int,
        default=0,
        help="also time predict_proba on this many rows (the test rows repeated)",
    )
    args = ap.parse_args()

    import sklearn
    from sklearn.ensemble import RandomForestClassifier

    raw = np.genfromtxt(args.data, delimiter=",", skip_header=1, dtype=np.float64)
    X = raw[:, :-1].astype(np.float32)
    y = raw[:, -1].astype(np.int64)
    n_train = args.train_rows
    if not 0 < n_train < len(y):
        sys.exit(f"--train-rows must be between 1 and {len(y) - 1}")

    version = tuple(int(p) for p in sklearn.__version__.split(".")[:2])
    missing = args.missing
    if missing == "auto":
        missing = "native" if version >= (1, 4) else "sentinel"
    if missing == "sentinel" and np.isnan(X).any():
        col_min = np.nanmin(X[:n_train], axis=0)
        col_min = np.where(np.isfinite(col_min), col_min, 0.0)
        X = np.where(np.isnan(X), (col_min - 1.0)[None, :], X).astype(np.float32)

    Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        clf = RandomForestClassifier(
            n_estimators=args.trees,
            max_features=args.max_features,
            min_samples_leaf=args.min_samples_leaf,
            max_depth=args.max_depth,
            criterion=args.criterion,
            n_jobs=1,
            random_state=seed,
        )
        c0 = time.process_time()
        t0 = time.perf_counter()
        clf.fit(Xtr, ytr)
        t1 = time.perf_counter()
        fit_cpu = time.process_time() - c0
        pred = clf.predict(Xte)
        t2 = time.perf_counter()
        if args.proba_out and not results:
            with open(args.proba_out, "w") as f:
                json.dump([[float(v) for v in row] for row in clf.predict_proba(Xte)], f)
        nodes = sum(e.tree_.node_count for e in clf.estimators_)
        row = {
            "seed": seed,
            "accuracy": float((pred == yte).mean()),
            "fit_s": t1 - t0,
            "fit_cpu_s": fit_cpu,
            "predict_s": t2 - t1,
            "nodes": int(nodes),
        }
        if args.throughput_rows > 0:
            reps = -(-args.throughput_rows // len(yte))
            big = np.tile(Xte, (reps, 1))[: args.throughput_rows]
            t3 = time.perf_counter()
            clf.predict_proba(big)
            row["throughput_predict_s"] = time.perf_counter() - t3
        if args.model_bytes:
            blob = pickle.dumps(clf, protocol=4)
            row["model_bytes"] = len(blob)
            row["model_gzip_bytes"] = len(gzip.compress(blob))
        results.append(row)
    print(
        json.dumps(
            {
                "sklearn_version": sklearn.__version__,
                "missing": missing,
                "train_rows": n_train,
                "test_rows": int(len(yte)),
                "results": results,
                "mean_accuracy": float(np.mean([r["accuracy"] for r in results])),
                "mean_fit_s": float(np.mean([r["fit_s"] for r in results])),
            }
        )
    )


if __name__ == "__main__":
    main()
