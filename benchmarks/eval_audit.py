"""Print the audit's evaluation: per-rule precision/recall against corpus/audit_gold.csv,
the R04 cut-off sweep and the random-flip experiment (out-of-fold probabilities).

Run from the checkout root:  python benchmarks/eval_audit.py [--json] [--errors]
"""
from __future__ import annotations

import argparse
import json
import time


def print_speed() -> None:
    """Read + audit the shipped raw corpus, without and with the default classifier."""
    from classifier.auditing.api import audit_paths
    from classifier.core.paths import raw_corpus_dir

    for label, model in (("rules only (model=False)", False), ("with the default model", None)):
        audit_paths([raw_corpus_dir()], model=model)  # warm-up: imports, model load, corpus norms
        start = time.perf_counter()
        run = audit_paths([raw_corpus_dir()], model=model)
        seconds = time.perf_counter() - start
        rows = run.summary["rows"]
        note = "; ".join(sorted({n for r in run.reports for n in r.notes})) or "all rules ran"
        print(f"speed, {label}: {len(run.reports)} documents, {rows} rows in {seconds:.2f} s "
              f"({rows / seconds:.0f} rows/s, read + audit, warm) — {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also list false positives and false negatives")
    args = parser.parse_args()

    from classifier.evaluation.audit_gold import evaluate_audit, format_evaluation

    start = time.perf_counter()
    ev = evaluate_audit()
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2))
        return
    print(format_evaluation(ev))
    print(f"\n(evaluation took {seconds:.1f} s)")
    print_speed()
    if args.errors:
        print("\nFalse positives (flagged, not in gold):")
        for fp in ev.false_positives:
            print("  ", fp["key"], fp["message"])
        print("\nFalse negatives (in gold, not flagged):")
        for fn in ev.false_negatives:
            print("  ", fn["key"], fn["name"], "—", fn["reason"])


if __name__ == "__main__":
    main()
