"""Print the audit's evaluation: per-rule precision/recall against corpus/audit_gold.csv,
the R04 cut-off sweep and the random-flip experiment (out-of-fold probabilities).

Run from the checkout root:  python benchmarks/eval_audit.py [--json] [--errors]
"""
from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also list false positives and false negatives")
    args = parser.parse_args()

    from classifier.audit_evaluation import evaluate_audit, format_evaluation

    start = time.perf_counter()
    ev = evaluate_audit()
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2))
        return
    print(format_evaluation(ev))
    print(f"\n(evaluation took {seconds:.1f} s)")
    if args.errors:
        print("\nFalse positives (flagged, not in gold):")
        for fp in ev.false_positives:
            print("  ", fp["key"], fp["message"])
        print("\nFalse negatives (in gold, not flagged):")
        for fn in ev.false_negatives:
            print("  ", fn["key"], fn["name"], "—", fn["reason"])


if __name__ == "__main__":
    main()
