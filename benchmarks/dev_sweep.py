"""Development-set sweeps behind the classifier's configuration choices. Prints; asserts nothing.

Run from the checkout root (about 3–4 minutes per value on the 2-core build machine):

    .venv/bin/python benchmarks/dev_sweep.py unit_weight 0 0.25 0.5 1
    .venv/bin/python benchmarks/dev_sweep.py word_weight 1 0.5 0
    .venv/bin/python benchmarks/dev_sweep.py head_weight 0 0.25 0.5 --fix rule_weight=0.25
    .venv/bin/python benchmarks/dev_sweep.py char_ngram_range 1,3 1,4
    .venv/bin/python benchmarks/dev_sweep.py --prior-correction 0 0.25 0.5 0.75 1
    .venv/bin/python benchmarks/dev_sweep.py --candidate-batch new_rows.csv
    .venv/bin/python benchmarks/dev_sweep.py --temperature-grid 0.4 0.5 0.6 0.7 0.8 0.9 1.0 1.1 1.2

Only the development set is used: the held-out-project-type cross-validation of
``zhibiao evaluate`` (each curated project type is the test set in turn; training never sees
it nor any example sharing a normalized name with it). The seed documents and the blind test
sets are not scored here, so a choice made from this output has not looked at a test figure.

``PARAM V1 V2 …`` sets one :class:`~classifier.classification.estimator.IndicatorClassifier` parameter to each
value (the other parameters stay at the shipped defaults) and prints development macro-F1
accuracy and ECE, plus macro-F1 / accuracy on the rows whose name carries a unit bracket
(``（人次）``). ``--fix PARAM=VALUE`` (repeatable) holds another parameter at a value for the
whole sweep, so a grid is one run per value of the second parameter.

``--prior-correction A1 A2 …`` is the experiment behind "Bayes prior correction" in the
README: the shipped model's out-of-fold probabilities are multiplied by ``prior ** alpha``
(prior: add-one-smoothed class frequencies of the labeled seed rows), and the development rows
are weighted so their class mix equals that prior (the mix of real tables), since the
development set itself is nearly class-balanced. It prints the weighted and the plain macro-F1.

``--temperature-grid T1 T2 …`` re-chooses the temperature (step 5's rule: lowest development
log-loss): one development run of the shipped configuration (with ``--fix``), whose out-of-fold
probabilities were made at the shipped temperature T0, is re-tempered exactly to each T
(softmax(log p · T0 / T) = softmax(logit / T)); it prints log-loss, ECE and mean confidence.

``--candidate-batch FILE`` is the merge test of a new curated batch (a CSV with the columns of
``corpus/curated_phrasings.csv``), step 4's rule: the *current* development rows are scored
twice on the same folds — trained without the batch, and trained with it (minus the batch rows
of the held-out project type, so the held-out type stays unseen, and minus any batch row
sharing a normalized name with the held-out rows). The development set itself is unchanged, so
the two figures are comparable, unlike the dev figure before and after a merge.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _dev_run(data, params: dict):
    from classifier.evaluation.cross_validation import cross_validate, project_type_folds

    return cross_validate(data.examples, project_type_folds(data.examples), "development", params)


def sweep(param: str, values: list[float], fixed: dict | None = None) -> list[dict]:
    """Development figures for ``param`` set to each of ``values``, in order (``fixed``: other
    parameters held at a value for every run)."""
    import numpy as np
    from sklearn.metrics import f1_score

    from classifier.evaluation.metrics import calibration
    from classifier.classification.features import _unit_tokens
    from classifier.classification.training import load_training_data

    data = load_training_data()
    out = []
    for value in values:
        result = _dev_run(data, {**(fixed or {}), param: value})
        y, pred = np.array(result.y_true), np.array(result.model_pred)
        with_unit = np.array([bool(_unit_tokens(name)) for name in result.names])
        row = {"value": value, "rows": len(y), "macro_f1": f1_score(y, pred, average="macro"), "accuracy": float((y == pred).mean()),
               "ece": calibration(result.y_true, result.proba, result.classes)["ece"], "unit_rows": int(with_unit.sum())}
        if with_unit.any():
            row["unit_macro_f1"] = f1_score(y[with_unit], pred[with_unit], average="macro")
            row["unit_accuracy"] = float((y[with_unit] == pred[with_unit]).mean())
        out.append(row)
        print(f"  {param}={value}: done", file=sys.stderr)
    return out


def prior_correction(alphas: list[float]) -> list[dict]:
    """Weighted and plain development macro-F1 of prior-corrected probabilities, per alpha."""
    import numpy as np
    from sklearn.metrics import f1_score

    from classifier.classification.training import load_training_data

    data = load_training_data()
    result = _dev_run(data, {})
    classes = result.classes
    counts = Counter(e.category for e in data.corpus)
    prior = np.array([counts.get(c, 0) + 1 for c in classes], dtype=float)
    prior /= prior.sum()
    y = np.array(result.y_true)
    dev_share = {c: n / len(y) for c, n in Counter(y).items()}
    weights = np.array([prior[classes.index(t)] / dev_share[t] for t in y])
    out = []
    for alpha in alphas:
        pred = np.array(classes)[np.argmax(result.proba * prior ** alpha, axis=1)]
        out.append({"alpha": alpha, "weighted_macro_f1": f1_score(y, pred, average="macro", sample_weight=weights),
                    "macro_f1": f1_score(y, pred, average="macro")})
    return out


def temperature_grid(temperatures: list[float], fixed: dict | None = None) -> list[dict]:
    """Development log-loss, ECE and mean confidence of the out-of-fold probabilities of one
    run, re-tempered to each of ``temperatures``."""
    import numpy as np
    from scipy.special import softmax
    from sklearn.metrics import log_loss

    from classifier.evaluation.metrics import calibration
    from classifier.classification.estimator import IndicatorClassifier
    from classifier.classification.training import load_training_data

    params = {**(fixed or {})}
    base_t = params.get("temperature", IndicatorClassifier().temperature)
    result = _dev_run(load_training_data(), params)
    log_p = np.log(np.clip(result.proba, 1e-300, None))
    out = []
    for t in temperatures:
        proba = softmax(log_p * base_t / t, axis=1)
        cal = calibration(result.y_true, proba, result.classes)
        out.append({"temperature": t, "log_loss": log_loss(result.y_true, proba, labels=list(result.classes)),
                    "ece": cal["ece"], "mean_confidence": cal["mean_confidence"],
                    "accuracy": float(np.mean(np.array(result.classes)[proba.argmax(axis=1)] == np.array(result.y_true)))})
    return out


def candidate_batch(path: str) -> dict:
    """Development macro-F1 / accuracy on the current dev rows, without and with the batch."""
    import numpy as np
    from sklearn.metrics import f1_score

    from classifier.evaluation.cross_validation import Fold, cross_validate, project_type_folds
    from classifier.vocabulary.segmentation import normalize_text
    from classifier.classification.training import load_curated, load_training_data

    data = load_training_data()
    batch = load_curated(path)
    known = {normalize_text(e.name) for e in data.examples}
    batch = [e for e in batch if normalize_text(e.name) not in known]
    base_folds = project_type_folds(data.examples)
    examples = data.examples + batch
    first_batch_row = len(data.examples)
    with_folds = []
    for fold in base_folds:
        test_names = {normalize_text(data.examples[i].name) for i in fold.test}
        extra = [first_batch_row + k for k, e in enumerate(batch)
                 if e.project_type != fold.name and normalize_text(e.name) not in test_names]
        with_folds.append(Fold(fold.name, fold.train + extra, fold.test))
    out = {"batch_rows": len(batch)}
    for key, run_examples, folds in (("without", data.examples, base_folds), ("with", examples, with_folds)):
        result = cross_validate(run_examples, folds, "development")
        y, pred = np.array(result.y_true), np.array(result.model_pred)
        out[key] = {"rows": len(y), "macro_f1": f1_score(y, pred, average="macro"), "accuracy": float((y == pred).mean()),
                    "per_class": dict(zip(sorted(set(y)), f1_score(y, pred, average=None, labels=sorted(set(y)))))}
        print(f"  {key} the batch: done", file=sys.stderr)
    return out


def _value(text: str) -> float | tuple[int, int]:
    """A parameter value from the command line: ``0.5`` → 0.5; ``1,4`` → (1, 4) (an n-gram range)."""
    if "," in text:
        low, _, high = text.partition(",")
        return (int(low), int(high))
    return float(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("param", nargs="?", help="an IndicatorClassifier parameter, e.g. unit_weight")
    parser.add_argument("values", nargs="*", type=_value, help="the values to try (a range such as 1,4 for an n-gram range)")
    parser.add_argument("--prior-correction", nargs="+", type=float, metavar="ALPHA", help="run the prior-correction experiment")
    parser.add_argument("--candidate-batch", metavar="FILE", help="score the current dev rows without / with a new curated batch")
    parser.add_argument("--temperature-grid", nargs="+", type=float, metavar="T", help="re-choose the temperature on dev log-loss")
    parser.add_argument("--fix", action="append", default=[], metavar="PARAM=VALUE",
                        help="hold another IndicatorClassifier parameter at VALUE for the whole sweep (repeatable)")
    args = parser.parse_args(argv)
    fixed = {}
    for item in args.fix:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--fix takes PARAM=VALUE, got {item!r}")
        fixed[key] = _value(value)
    if args.candidate_batch:
        result = candidate_batch(args.candidate_batch)
        print(f"batch rows (not already training names): {result['batch_rows']}")
        print("| training | dev rows | dev macro-F1 | dev accuracy |\n|---|---|---|---|")
        for key in ("without", "with"):
            row = result[key]
            print(f"| {key} the batch | {row['rows']} | {row['macro_f1']:.4f} | {row['accuracy']:.4f} |")
        print("\nper-class F1 (without → with): " + ", ".join(
            f"{c} {result['without']['per_class'][c]:.2f}→{result['with']['per_class'][c]:.2f}" for c in result["without"]["per_class"]))
        return 0
    if args.temperature_grid:
        if fixed:
            print("fixed: " + ", ".join(f"{k}={v}" for k, v in fixed.items()))
        print("| T | dev log-loss | dev ECE | dev mean confidence | dev accuracy |\n|---|---|---|---|---|")
        for row in temperature_grid(args.temperature_grid, fixed):
            print(f"| {row['temperature']} | {row['log_loss']:.4f} | {row['ece']:.4f} | {row['mean_confidence']:.4f} | {row['accuracy']:.4f} |")
        return 0
    if args.prior_correction:
        print("| alpha | dev macro-F1 weighted to the seed class mix | dev macro-F1 |\n|---|---|---|")
        for row in prior_correction(args.prior_correction):
            print(f"| {row['alpha']} | {row['weighted_macro_f1']:.4f} | {row['macro_f1']:.4f} |")
        return 0
    if not args.param or not args.values:
        parser.error("give a parameter and at least one value, or --prior-correction")
    if fixed:
        print("fixed: " + ", ".join(f"{k}={v}" for k, v in fixed.items()))
    print(f"| {args.param} | dev rows | dev macro-F1 | dev accuracy | dev ECE | unit-bracket rows | their macro-F1 | their accuracy |")
    print("|---|---|---|---|---|---|---|---|")
    for row in sweep(args.param, args.values, fixed):
        unit = (f"{row['unit_macro_f1']:.4f} | {row['unit_accuracy']:.4f}" if "unit_macro_f1" in row else "– | –")
        print(f"| {row['value']} | {row['rows']} | {row['macro_f1']:.4f} | {row['accuracy']:.4f} | {row['ece']:.4f} | {row['unit_rows']} | {unit} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
