"""The development measure on real tables, behind the choices of model 0.2. Prints; asserts nothing.

Run from the checkout root (a few minutes per candidate on a 2-core machine):

    .venv/bin/python benchmarks/real_tables_dev.py --no-real --real-weight 1 2 4 8
    .venv/bin/python benchmarks/real_tables_dev.py --weak --real-weight 2
    .venv/bin/python benchmarks/real_tables_dev.py --review-cutoff --real-weight 2

Only the development split of ``corpus/real_tables`` is scored (``classifier.reading.real_tables.split_of``):
leave one development file out; training = seed rows, curated phrasings, taxonomy names and the
other development files, never a test-split file, minus every example sharing a normalized name
with the held-out file (``classifier.evaluation.cross_validation.organisation_folds(split="development")``). The
rule that decides is written in ``docs/classifier_history.md`` (model 0.2) before any run.

* ``--no-real``: the reference, the training data without real-table rows.
* ``--real-weight W …``: real rows weigh W against 1 for the other sources.
* ``--weak``: the development-training files' rows carry the weak label of their publisher's 二级
  (``classifier.vocabulary.weak_labels``) instead of their hand label; rows without one are left out, and
  rows a model trained without real rows contradicts (confident learning) weigh 0. Held-out rows
  are always scored against their hand labels.
* ``--review-cutoff``: for each W, the out-of-fold accuracy and coverage of the names answered at
  each probability cut-off, and the rule's cut-off (the smallest reaching accuracy ≥ 0.95).
* ``--param NAME=VALUE``: an estimator parameter for every candidate (``class_weight=none``,
  ``rule_weight=0.5``, ``C=10``).
* ``--errors``: list the development rows the model gets wrong.
* ``--embeddings FILE.npy --embedded-names FILE.txt``: blend the model's probabilities with a
  nearest-neighbour vote over sentence embeddings of the names (one row per line of the names
  file); ``--blend A …`` the vote's weights.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CUTOFFS = [round(0.30 + 0.05 * k, 2) for k in range(14)]


def _progress(label: str):
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r  {label}: fold {done}/{total} ({time.perf_counter() - start:.0f} s)", end="" if done < total else "\n",
              file=sys.stderr, flush=True)
    return report


def _summary(label: str, result) -> dict:
    from classifier.evaluation.metrics import calibration, scores

    s = scores(result.y_true, result.model_pred)
    cal = calibration(result.y_true, result.proba, result.classes)
    rules = scores(result.y_true, result.keyword_pred)
    out = {"candidate": label, "rows": s["rows"], "accuracy": s["accuracy"], "macro_f1": s["macro_f1"], "ece": cal["ece"],
           "rules_accuracy": rules["accuracy"]}
    print(f"{label:<28} rows {s['rows']:>4}  accuracy {s['accuracy']:.4f}  macro-F1 {s['macro_f1']:.4f}  "
          f"ECE {cal['ece']:.4f}  (keyword rules {rules['accuracy']:.4f})", flush=True)
    return out


def review_table(result) -> float | None:
    """Print accuracy/coverage of answered names per cut-off; return the rule's cut-off."""
    confidence = result.proba.max(axis=1)
    correct = np.array([t == p for t, p in zip(result.y_true, result.model_pred)])
    chosen = None
    for cut in CUTOFFS:
        answered = confidence >= cut
        acc = correct[answered].mean() if answered.any() else float("nan")
        print(f"    cut-off {cut:.2f}: coverage {answered.mean():.3f}  accuracy of answered {acc:.4f}")
        if chosen is None and answered.any() and acc >= 0.95:
            chosen = cut
    print(f"    rule's cut-off (smallest with accuracy ≥ 0.95): {chosen}")
    return chosen


def run(args) -> None:
    from classifier.evaluation.cross_validation import cross_validate, organisation_folds
    from classifier.classification.training import load_training_data

    params = {}
    for item in args.param:
        key, _, value = item.partition("=")
        params[key] = None if value.lower() == "none" else (float(value) if value.replace(".", "", 1).isdigit() else value)
    if params:
        print(f"parameters: {params}", flush=True)
    data = load_training_data()
    examples = data.examples
    folds = organisation_folds(examples, split="development")
    print(f"development split: {len(folds)} files, {sum(len(f.test) for f in folds)} rows", flush=True)
    if args.no_real:
        from classifier.evaluation.cross_validation import Fold

        no_real = [Fold(f.name, [i for i in f.train if examples[i].source != "real"], f.test) for f in folds]
        _summary("no real rows", cross_validate(examples, no_real, "dev", params, progress=_progress("no real")))
    for weight in args.real_weight or []:
        sw = {"real": weight}
        if args.weak:
            result = _weak_run(examples, folds, sw, params)
            _summary(f"weak 二级 labels, w={weight:g}", result)
            continue
        result = cross_validate(examples, folds, "dev", params, source_weights=sw, progress=_progress(f"w={weight:g}"))
        _summary(f"real rows, w={weight:g}", result)
        if args.review_cutoff:
            review_table(result)
        if args.errors:
            confidence = result.proba.max(axis=1)
            for n, t, pr, c, g in zip(result.names, result.y_true, result.model_pred, confidence, result.groups):
                if t != pr:
                    print(f"    wrong: {n}  label {t} → {pr} (p={c:.2f})  [{g}]")
        for path in args.embeddings or []:
            print(f"  nearest-neighbour vote over {Path(path).name}:")
            _blend(result, examples, folds, args, path)


def _weak_run(examples, folds, source_weights, params):
    """Development folds with weak 二级 labels on the training real rows (see the module docstring)."""
    from classifier.evaluation.cross_validation import Fold, cross_validate, _fit_and_predict
    from classifier.classification.training import TrainingExample
    from classifier.vocabulary.weak_labels import contradicted, weak_label

    base_train = [e for e in examples if e.source != "real"]
    classes = sorted({e.category for e in examples})
    test_idx = sorted({i for f in folds for i in f.test})
    weak = {i: weak_label(examples[i].level2) for i in test_idx}
    labeled = [i for i in test_idx if weak[i]]
    proba = _fit_and_predict(base_train, [examples[i] for i in labeled], classes, params, source_weights)
    flags = contradicted([weak[i] for i in labeled], proba, classes)
    hand_agrees = Counter((weak[i] == examples[i].category, bool(f)) for i, f in zip(labeled, flags))
    print(f"  weak labels: {len(labeled)} of {len(test_idx)} development rows have one; contradicted {int(flags.sum())}; "
          f"(weak = hand label, contradicted) counts {dict(hand_agrees)}", flush=True)
    extended = list(examples)
    copy_of = {}
    for i, flag in zip(labeled, flags):
        e = examples[i]
        copy_of[i] = len(extended)
        extended.append(TrainingExample(name=e.name, description=e.description, category=weak[i], source="real",
                                        group=e.group, weight=0.0 if flag else 1.0))
    weak_folds = []
    for f in folds:
        train = [i for i in f.train if examples[i].source != "real"]
        train += [copy_of[i] for i in f.train if i in copy_of and extended[copy_of[i]].weight > 0]
        weak_folds.append(Fold(f.name, train, f.test))
    return cross_validate(extended, weak_folds, "dev weak", params, source_weights=source_weights, progress=_progress("weak"))


def _blend(result, examples, folds, args, path) -> None:
    """Nearest-neighbour vote over embeddings, blended with the model's out-of-fold probabilities."""
    from classifier.evaluation.metrics import scores
    from classifier.vocabulary.segmentation import normalize_text

    names = [line.rstrip("\n") for line in open(args.embedded_names, encoding="utf-8")]
    matrix = np.load(path)
    row_of = {}
    for k, n in enumerate(names):
        row_of.setdefault(n, k)
        row_of.setdefault(" ".join(n.split()), k)
        row_of.setdefault(normalize_text(n), k)
    classes = result.classes
    col = {c: k for k, c in enumerate(classes)}
    def key(name):
        for k in (name, " ".join(name.split()), normalize_text(name)):
            if k in row_of:
                return row_of[k]
        return None

    votes, missing = [], 0
    for f in folds:
        train = [i for i in f.train if key(examples[i].name) is not None]
        T = matrix[[key(examples[i].name) for i in train]]
        ytr = np.array([col[examples[i].category] for i in train])
        for i in f.test:
            k = key(examples[i].name)
            v = np.zeros(len(classes))
            missing += k is None
            if k is not None:
                sims = T @ matrix[k]
                top = np.argsort(-sims)[: args.k]
                for j in top:
                    v[ytr[j]] += max(sims[j], 0.0)
                if v.sum() > 0:
                    v /= v.sum()
            votes.append(v)
    votes = np.array(votes)
    if missing:
        print(f"    ({missing} test names without an embedding: vote left empty)")
    for a in args.blend:
        mixed = (1 - a) * result.proba + a * votes
        pred = [classes[k] for k in mixed.argmax(axis=1)]
        s = scores(result.y_true, pred)
        print(f"    blend {a:.2f} (k={args.k}): accuracy {s['accuracy']:.4f}  macro-F1 {s['macro_f1']:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--real-weight", type=float, nargs="*")
    parser.add_argument("--weak", action="store_true")
    parser.add_argument("--review-cutoff", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list the development rows the model gets wrong")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="an IndicatorClassifier parameter for every candidate (repeatable), e.g. class_weight=none")
    parser.add_argument("--embeddings", nargs="*")
    parser.add_argument("--embedded-names")
    parser.add_argument("--blend", type=float, nargs="*", default=[0.1, 0.2, 0.3, 0.5])
    parser.add_argument("--k", type=int, default=10)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
