"""Print the audit's evaluation: R04/R05 on the real tables of other organisations (leave one
organisation out, against corpus/real_audit_gold.csv), then per-rule precision/recall against the
seed gold corpus/audit_gold.csv, the R04 cut-off sweep and the random-flip experiment.

Run from the checkout root:
  python benchmarks/eval_audit.py [--json] [--errors] [--oof-cache FILE] [--write-cutoffs]

--oof-cache FILE keeps the real tables' out-of-fold probabilities (about 55 fits, minutes on two
cores) in FILE and reuses them while the model's training data and parameters are unchanged.
--write-cutoffs stores the R04 cut-off chosen by the rule (lowest swept cut-off >= 0.5 with
precision >= 0.9 on the real-table gold, the seed gold and the flip experiment) and the review
cut-off in models/metadata.json (audit_cutoffs), where the audit reads them.
"""
from __future__ import annotations

import argparse
import json
import sys
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


def real_probabilities(cache: str | None):
    """Out-of-fold probabilities of the real-table rows, from ``cache`` when it was made for
    the same training data and parameters."""
    from classifier.classification.persistence import read_metadata
    from classifier.evaluation.real_audit import organisation_out_of_fold

    _, meta = read_metadata()
    stamp = {"training_files": meta.get("training_data", {}).get("files"), "params": meta.get("params")}
    if cache:
        try:
            with open(cache, encoding="utf-8") as fh:
                saved = json.load(fh)
            if saved.get("stamp") == stamp:
                return {(f, int(line)): dist for f, line, dist in saved["rows"]}
        except (OSError, ValueError, KeyError):
            pass
    probabilities = organisation_out_of_fold(progress=lambda done, total: print(
        f"\rreal tables, leave one organisation out: fold {done}/{total}", end="\n" if done == total else "",
        file=sys.stderr, flush=True))
    if cache:
        with open(cache, "w", encoding="utf-8") as fh:
            json.dump({"stamp": stamp, "rows": [[f, line, d] for (f, line), d in sorted(probabilities.items())]}, fh)
    return probabilities


def write_cutoffs(cutoff: float, review: float, real, seed, *, met: bool) -> None:
    import datetime

    from classifier.core.paths import default_model_dir

    path = default_model_dir() / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    at = real.at(cutoff)
    meta["audit_cutoffs"] = {
        "R04_probability": cutoff, "R04_review_probability": review,
        "chosen_on": datetime.date.today().isoformat(),
        "rule": "lowest swept cut-off >= 0.5 with R04 precision >= 0.9 on the real-table gold (leave one "
                "organisation out), the seed gold and the flip experiment; review band from 0.5",
        "rule_met": met,
        "note": "" if met else "no swept cut-off meets the rule: the rule table's value is kept",
        "real_tables": {"precision": at["precision"], "recall_clear": at["recall_clear"], "recall_all": at["recall_all"],
                        "flagged": at["flagged"], "gold": real.gold},
        "seed_gold": next(r for r in seed.r04_sweep if abs(r["cutoff"] - cutoff) < 1e-9),
    }
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote audit_cutoffs to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also list false positives and false negatives")
    parser.add_argument("--oof-cache", help="keep the real tables' out-of-fold probabilities in this JSON file")
    parser.add_argument("--write-cutoffs", action="store_true", help="store the chosen cut-offs in models/metadata.json")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed figures")
    args = parser.parse_args()

    from classifier.evaluation.audit_gold import choose_cutoff, evaluate_audit, format_evaluation
    from classifier.evaluation.real_audit import evaluate_real_audit, format_real_evaluation

    start = time.perf_counter()
    real = evaluate_real_audit(real_probabilities(args.oof_cache))
    ev = evaluate_audit()
    seconds = time.perf_counter() - start
    chosen = choose_cutoff(ev, real=real)
    if args.json:
        print(json.dumps({"real_tables": real.to_dict(), "seed_gold": ev.to_dict(), "chosen_cutoff": chosen},
                         ensure_ascii=False, indent=2))
        return
    print(format_real_evaluation(real))
    print(f"\nchosen R04 cut-off by the rule: {chosen if chosen is not None else 'none meets it'}\n")
    print("Seed documents (corpus/audit_gold.csv), out-of-fold by document:")
    print(format_evaluation(ev))
    if args.write_cutoffs:
        write_cutoffs(chosen if chosen is not None else ev.cutoff, 0.5, real, ev, met=chosen is not None)
    print(f"\n(evaluation took {seconds:.1f} s)")
    if not args.no_speed:
        print_speed()
    if args.errors:
        print("\nReal tables, false alarms at the audit's cut-off:")
        for fa in real.false_alarms:
            print("  ", fa["row"], fa["name"], fa["misfiled_probability"], "—", fa["message"])
        print("\nReal tables, gold misfilings not flagged:")
        for miss in real.misses:
            print("  ", miss["row"], miss["name"], miss["clarity"], miss["misfiled_probability"], "—", miss["reason"])
        print("\nFalse positives (flagged, not in gold):")
        for fp in ev.false_positives:
            print("  ", fp["key"], fp["message"])
        print("\nFalse negatives (in gold, not flagged):")
        for fn in ev.false_negatives:
            print("  ", fn["key"], fn["name"], "—", fn["reason"])


if __name__ == "__main__":
    main()
