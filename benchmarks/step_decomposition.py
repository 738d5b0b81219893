"""Which step moved the blind-set figures: a configuration change, or curated batches?

Fits the model four ways — old / new configuration × without / with the curated rows whose
``note`` starts with a prefix (a batch) — and scores every blind test set (macro-F1 / ECE).
Run after the choices were made: it reads test sets, so it chooses nothing. Prints; asserts
nothing. About 1 minute.

    .venv/bin/python benchmarks/step_decomposition.py --batch-note judged: --old word_weight=1 --old temperature=0.8
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch-note", required=True, help="note prefix of the batch rows in corpus/curated_phrasings.csv")
    parser.add_argument("--old", action="append", default=[], metavar="PARAM=VALUE", help="the old configuration (repeatable)")
    args = parser.parse_args(argv)
    from classifier.evaluation.test_files import default_blind_paths, evaluate_file
    from classifier.vocabulary.segmentation import normalize_text
    from classifier.classification.training import CURATED_PATH, TrainingData, fit_model, load_training_data

    old = {}
    for item in args.old:
        key, _, value = item.partition("=")
        old[key] = float(value)
    with open(CURATED_PATH, encoding="utf-8", newline="") as fh:
        batch = {normalize_text(r["name"]) for r in csv.DictReader(fh) if r["note"].startswith(args.batch_note)}
    data = load_training_data()
    without = [e for e in data.examples if not (e.source == "curated" and normalize_text(e.name) in batch)]
    paths = default_blind_paths()
    print(f"batch rows (note {args.batch_note!r}): {len(data.examples) - len(without)}")
    print("| model | " + " | ".join(p.name for p in paths) + " |")
    print("|---|" + "---|" * len(paths))
    for label, examples, params in (("old configuration, without the batch", without, old), ("new configuration, without the batch", without, {}),
                                    ("old configuration, with the batch", data.examples, old), ("new configuration, with the batch", data.examples, {})):
        model = fit_model(examples, **params)
        training = TrainingData(examples=examples, files=data.files)
        cells = []
        for path in paths:
            summary = evaluate_file(path, model=model, training=training).summary()
            cells.append(f"{summary['model']['macro_f1']:.3f} / {summary['calibration']['ece']:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
