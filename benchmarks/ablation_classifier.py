"""Ablation of the indicator classifier's feature blocks. Prints a table; asserts nothing.

Run from the checkout root (about 1–4 minutes per variant on the 2-core build machine, 30 minutes in all):

    .venv/bin/python benchmarks/ablation_classifier.py            # all variants
    .venv/bin/python benchmarks/ablation_classifier.py --only shipped "no rule features"
    .venv/bin/python benchmarks/ablation_classifier.py --json      # the figures as JSON

For the shipped configuration (the defaults of ``IndicatorClassifier``) and for variants
with one feature block removed, or only one block kept, it runs both cross-validations of
``zhibiao evaluate`` (:func:`classifier.evaluation.cross_validation.evaluate`: grouped by seed document, and
held-out curated project type) on the same training data and folds, and prints macro-F1,
accuracy and the top-label calibration error (ECE) of each. The keyword-rule baseline
alone is printed once for comparison. A variant is the shipped parameters with a few
overridden (see ``VARIANTS``); "no rule features" tells what the keyword rules contribute
*inside* the model.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_NAME_BLOCKS_OFF = {"rule_weight": 0.0, "head_weight": 0.0, "unit_weight": 0.0, "description_weight": 0.0, "description_copies": 0.0}

#: variant label → parameter overrides of the shipped IndicatorClassifier.
VARIANTS: dict[str, dict[str, float]] = {
    "shipped": {},
    "no rule features": {"rule_weight": 0.0},
    "no head features": {"head_weight": 0.0},
    "no unit features": {"unit_weight": 0.0},
    "no description": {"description_weight": 0.0, "description_copies": 0.0},
    "no word n-grams": {"word_weight": 0.0},
    "no char n-grams": {"char_weight": 0.0},
    "char n-grams only": {"word_weight": 0.0, **_NAME_BLOCKS_OFF},
    "word n-grams only": {"char_weight": 0.0, **_NAME_BLOCKS_OFF},
}

_PARTS = (("grouped_by_document", "by document"), ("held_out_project_type", "held-out project type"))


def run(variants: list[str]) -> dict[str, dict]:
    """``{variant: evaluation summary}`` (see :meth:`EvaluationReport.summary`)."""
    from classifier.evaluation.cross_validation import evaluate
    from classifier.classification.training import load_training_data

    data = load_training_data()
    out = {}
    for label in variants:
        start = time.perf_counter()
        out[label] = evaluate(data, params=dict(VARIANTS[label])).summary()
        out[label]["seconds"] = round(time.perf_counter() - start, 1)
        print(f"  {label}: done in {out[label]['seconds']:.0f} s", file=sys.stderr)
    return out


def format_table(results: dict[str, dict]) -> str:
    """A Markdown table: one row per variant, macro-F1 / accuracy / ECE per cross-validation."""
    head = "| variant | " + " | ".join(f"{t} macro-F1 | {t} accuracy | {t} ECE" for _, t in _PARTS) + " |"
    lines = [head, "|---" * (1 + 3 * len(_PARTS)) + "|"]
    first = next(iter(results.values()))
    rules = [first[key]["keyword_rules"] if first.get(key) else None for key, _ in _PARTS]
    for label, summary in results.items():
        cells = []
        for key, _ in _PARTS:
            part = summary.get(key)
            if not part:
                cells += ["–"] * 3
                continue
            m = part["model"]
            cells += [f"{m['macro_f1']:.3f}", f"{m['accuracy']:.3f}", f"{part['calibration']['ece']:.3f}"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = []
    for r in rules:
        cells += [f"{r['macro_f1']:.3f}", f"{r['accuracy']:.3f}", "–"] if r else ["–"] * 3
    lines.append("| keyword rules alone (baseline) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(VARIANTS), help="run only these variants")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    args = parser.parse_args(argv)
    from classifier.classification.estimator import IndicatorClassifier

    params = IndicatorClassifier().get_params()
    print(f"shipped parameters: {json.dumps(params, ensure_ascii=False)}", file=sys.stderr)
    results = run(args.only or list(VARIANTS))
    if args.json:
        slim = {
            label: {key: {k: s[key][k] for k in ("model", "keyword_rules", "calibration")} if s.get(key) else None for key, _ in _PARTS}
            for label, s in results.items()
        }
        for label, s in slim.items():
            for part in s.values():
                if part:
                    part["model"] = {k: part["model"][k] for k in ("macro_f1", "accuracy")}
        print(json.dumps(slim, ensure_ascii=False, indent=2))
    else:
        print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
