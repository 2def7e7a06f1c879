#!/usr/bin/env python3
"""Reference values for src/lib/core/pipeline/metrics*.ts, computed with scikit-learn.

Writes tests/fixtures/sklearn-metrics.json; metrics.sklearn.test.ts compares against it within
1e-9, so the tests never need Python. Run from the repository root:

    python3 bench/sklearn_metrics.py
"""
import json
import os
import re

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.dummy import DummyClassifier
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)
from sklearn.preprocessing import label_binarize

COMMAND = "python3 bench/sklearn_metrics.py"
rng = np.random.default_rng(20250101)


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=float).ravel()]


def ints(a):
    return [int(x) for x in np.asarray(a).ravel()]


def binary_case(name, n, pos_rate, decimals):
    y = (rng.random(n) < pos_rate).astype(int)
    p1 = np.clip(0.35 * y + 0.65 * rng.random(n), 0, 1).round(decimals)
    return name, y, np.column_stack([1.0 - p1, p1]), 5 if decimals > 1 else 3


def multiclass_case(name, n, k, grid):
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)  # every class present
    if grid:
        # Probabilities on a 0.1 grid: many ties, in scores and in the arg-max.
        counts = np.array([rng.multinomial(10, np.where(np.arange(k) == c, 0.4, 0.6 / (k - 1))) for c in y])
        proba = counts / 10.0
    else:
        alpha = np.ones((n, k)) + 2.0 * np.eye(k)[y]
        proba = np.array([rng.dirichlet(a) for a in alpha]).round(6)
        proba = proba / proba.sum(axis=1, keepdims=True)
    return name, y, proba, 3 if grid else 5


def reference(name, y, proba, n_bins, positive):
    n, k = proba.shape
    labels = list(range(k))
    pred = np.argmax(proba, axis=1)  # ties -> lowest index, as predictedClasses
    train_labels = rng.integers(0, k, 40)
    baseline = DummyClassifier(strategy="most_frequent").fit(np.zeros((40, 1)), train_labels)
    prec, rec, f1s, support = precision_recall_fscore_support(
        y, pred, labels=labels, zero_division=0
    )
    is_pos = (y == positive).astype(int)
    score = proba[:, positive]
    onehot = np.eye(k)[y]
    fpr, tpr, roc_thr = roc_curve(is_pos, score)
    pr_prec, pr_rec, pr_thr = precision_recall_curve(is_pos, score)
    edges = np.linspace(0, 1, n_bins + 1)[1:-1]
    # scikit-learn 1.2 bins edge values downwards; ours go upwards: the cases avoid edges.
    assert not np.isin(score, edges).any(), name
    prob_true, prob_pred = calibration_curve(is_pos, score, n_bins=n_bins, strategy="uniform")
    bin_counts = np.bincount(np.searchsorted(edges, score), minlength=n_bins)
    if k == 2:
        auc = roc_auc_score(y, proba[:, 1])
        ap = average_precision_score(y, proba[:, 1])
        brier = brier_score_loss(y, proba[:, 1])
    else:
        auc = roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)
        ap = average_precision_score(label_binarize(y, classes=labels), proba, average="macro")
        brier = float(np.mean(np.sum((proba - onehot) ** 2, axis=1)))
    return {
        "name": name,
        "nClasses": k,
        "yTrue": ints(y),
        "proba": floats(proba),
        "trainLabels": ints(train_labels),
        "positiveClass": positive,
        "calibrationBins": n_bins,
        "expected": {
            "accuracy": accuracy_score(y, pred),
            "baselineAccuracy": baseline.score(np.zeros((n, 1)), y),
            "balancedAccuracy": balanced_accuracy_score(y, pred),
            "macroF1": f1_score(y, pred, average="macro"),
            "precision": floats(prec),
            "recall": floats(rec),
            "f1": floats(f1s),
            "support": ints(support),
            "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
            "rocAuc": float(auc),
            "rocAucPositive": float(roc_auc_score(is_pos, score)),
            "averagePrecision": float(ap),
            "averagePrecisionPositive": float(average_precision_score(is_pos, score)),
            "brier": float(brier),
            # Brier's original sum-over-classes form, for every case (twice `brier` when binary).
            "brierSumOverClasses": float(np.mean(np.sum((proba - onehot) ** 2, axis=1))),
            # Clipped at 1e-15 like logLoss (scikit-learn 1.2 defaults to machine epsilon).
            "logLoss": float(log_loss(y, proba, eps=1e-15, labels=labels)),
            # roc_curve's first threshold is max+1 (an "infinite" cut-off): not compared.
            "rocCurve": {"fpr": floats(fpr), "tpr": floats(tpr), "threshold": floats(roc_thr[1:])},
            # precision_recall_curve goes from recall 1 down to the (recall 0, precision 1) end point.
            "prCurve": {"precision": floats(pr_prec), "recall": floats(pr_rec), "threshold": floats(pr_thr)},
            "calibration": {
                "observed": floats(prob_true),
                "meanPredicted": floats(prob_pred),
                "counts": ints(bin_counts),
            },
        },
    }


def main():
    cases = [
        (*binary_case("binary random scores", 60, 0.4, 6), 1),
        (*binary_case("binary heavy ties", 80, 0.5, 1), 1),
        (*binary_case("binary imbalanced", 100, 0.12, 4), 1),
        (*multiclass_case("three classes", 90, 3, False), 0),
        (*multiclass_case("four classes on a 0.1 grid", 70, 4, True), 2),
    ]
    out = {
        "command": COMMAND,
        "generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        "cases": [reference(*c) for c in cases],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "sklearn-metrics.json")
    text = json.dumps(out, indent=1)
    # One line per list of numbers, so the fixture stays readable.
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.normpath(path)}: {len(out['cases'])} cases")


if __name__ == "__main__":
    main()
