"""What do your own labeled rows buy? (``zhibiao train --add``)

A user in one field (a hospital, a school, …) labels k names of their field's tables and
retrains with ``zhibiao train --add``. This script measures what that buys, field by field,
for the six fields the classifier is judged on:

* the base model is the shipped configuration trained on the shipped data **without**
  curated batches 14–15 (the rows whose ``note`` starts with ``judged:``, written for exactly
  these six fields in step 6);
* for field F, k of F's batch rows (drawn at random, ``--draws`` times for each k < all) are
  added as a user's own rows (source ``added``, as ``--add`` does), and the model retrained;
* it is scored on F's rows of blind sets 3 and 4 (about 100 names per field), by accuracy.

The batch rows stand in for a user's labels: they are typical rows of those fields' tables,
written by this team, so the figures are what such rows buy on this team's blind names of
the same fields — an estimate of the shape of the curve, not a promise for real tables.
It reads test sets, so it chooses nothing. Prints; asserts nothing. About 10 minutes.

    .venv/bin/python benchmarks/adaptation_curve.py --sizes 10 25 --draws 3
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: curated project_type of batches 14–15 → the ``field`` value of blind sets 3 and 4
FIELDS = {"education": "school", "health": "hospital", "research_institute": "research",
          "agriculture": "agriculture", "inspection": "inspection", "social_security": "social_security"}
BLIND = ("blind_phrasings_3.csv", "blind_phrasings_4.csv")


def field_accuracy(model, training, paths) -> dict[str, tuple[int, int]]:
    """``{field: (right, rows)}`` over the blind files (training names left out)."""
    from classifier.evaluation.test_files import evaluate_file

    out: dict[str, list[int]] = {}
    for path in paths:
        tested = evaluate_file(path, model=model, training=training)
        for row, predicted in zip(tested.rows, tested.model_pred):
            right, total = out.setdefault(row.group, [0, 0])
            out[row.group] = [right + (predicted == row.category), total + 1]
    return {f: (r, t) for f, (r, t) in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25], help="k values below 'all' (default 10 25)")
    parser.add_argument("--draws", type=int, default=3, help="random draws per k below 'all' (default 3)")
    args = parser.parse_args(argv)
    from dataclasses import replace

    from classifier.classification.training import TrainingData, fit_model, load_training_data

    data = load_training_data()
    judged = judged_locations()
    batch = [e for e in data.examples if e.source == "curated" and e.location in judged]
    base = [e for e in data.examples if not (e.source == "curated" and e.location in judged)]
    paths = [ROOT / "corpus" / name for name in BLIND]
    start = time.perf_counter()

    def score(added: list) -> dict[str, tuple[int, int]]:
        examples = base + [replace(e, source="added", group="added:adaptation") for e in added]
        return field_accuracy(fit_model(examples), TrainingData(examples=examples, files=data.files), paths)

    zero = score([])
    sizes = sorted(set(args.sizes))
    table: dict[str, dict[str, list[float]]] = {}
    for project_type, field in FIELDS.items():
        pool = [e for e in batch if e.project_type == project_type]  # this field's batch rows
        right, total = zero[field]
        table[field] = {"0": [right / total], "rows": [total], "pool": [len(pool)]}
        for k in sizes:
            if k >= len(pool):
                continue
            accs = []
            for draw in range(args.draws):
                picked = random.Random(f"{field}:{k}:{draw}").sample(pool, k)
                right, total = score(picked)[field]
                accs.append(right / total)
            table[field][str(k)] = accs
        right, total = score(pool)[field]
        table[field]["all"] = [right / total]
        print(f"  {field}: done ({time.perf_counter() - start:.0f} s)", file=sys.stderr)

    columns = ["0"] + [str(k) for k in sizes] + ["all"]
    print(f"base: shipped data without batches 14–15 ({len(base)} examples); test: blind sets 3 + 4, rows of the field")
    print(f"accuracy, mean over {args.draws} draws for k < all (min–max in brackets)")
    print("| field | test rows | batch rows | " + " | ".join(f"k = {c}" for c in columns) + " |")
    print("|---|---|---|" + "---|" * len(columns))
    for field, cells in table.items():
        shown = []
        for c in columns:
            values = cells.get(c)
            if not values:
                shown.append("–")
            elif len(values) == 1:
                shown.append(f"{values[0]:.3f}")
            else:
                shown.append(f"{statistics.mean(values):.3f} ({min(values):.2f}–{max(values):.2f})")
        print(f"| {field} | {cells['rows'][0]} | {cells['pool'][0]} | " + " | ".join(shown) + " |")
    means = [statistics.mean(statistics.mean(cells[c]) for cells in table.values() if c in cells) for c in columns]
    print("| mean of the six | | | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    print(f"{time.perf_counter() - start:.0f} s in all", file=sys.stderr)
    return 0


def judged_locations() -> set[str]:
    """The ``location`` of every batch-14/15 row (its ``note`` starts with ``judged:``),
    numbered as :func:`classifier.classification.training.read_labeled_csv` numbers lines."""
    import csv

    from classifier.classification.training import CURATED_PATH

    with open(CURATED_PATH, encoding="utf-8-sig", newline="") as fh:
        return {f"{CURATED_PATH.name} line {line}" for line, row in enumerate(csv.DictReader(fh), start=2)
                if (row.get("note") or "").startswith("judged:")}


if __name__ == "__main__":
    raise SystemExit(main())
