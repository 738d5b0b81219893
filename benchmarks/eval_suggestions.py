"""Print the suggestions' evaluation, leave one organisation out, and the timings of suggest /
check / draft.

Run from the checkout root:  python benchmarks/eval_suggestions.py [--json] [--rows] [--scale N] [--save]

``--save`` stores the figures (no rows) in benchmarks/results/eval_suggestions.json, which the
README's and docs/suggestions.md's table of figures must match (tests/test_readme_figures.py;
the table is printed by ``--table``).

For each organisation (a real-table file, or a seed document) in turn, the suggestion corpus is
rebuilt from the other organisations' files only, and the organisation's rows and tables are
checked against it (classifier.evaluation.suggestions_by_organisation): (a) the real value in
the proposed typical range / equal to the proposed value, against the baseline "most common
value of the category"; (b) the share of approved values `check` calls typical or stricter,
and its false alarms; (c) drafts: the share of the table's 二级 and categories covered, against
the corpus-vote-only draft. Two corpora: `seeds` (the other seed documents only: the corpus
shipped before the real tables joined it) and `all` (seeds + real tables of other bodies).

Development and test: the real-table organisations are split by the sha256 of their file name
(``classifier.reading.real_tables.split_of``, the split the classifier's development runs use:
25 development, 30 test organisations), written down before any suggestion figure was split.
Choices about how a value and its typical range are proposed are made by looking at the
development rows only (``--rows`` lists them; ``--rows-split test`` the test rows); the test
rows are reported beside them and choose nothing. Every held-out organisation is still judged
against all the others, test organisations included, as a user's corpus would hold them.

(a) is reported with what it rests on: the share of rows given a value, the share given a
typical range (a proposal from another indicator's count, amount or text has none and counts
as a miss), the hit rate among those, and for rates the median span of the range in points.

``--scale N`` also times the calls on a *timing load*: the shipped documents repeated N times
under new doc ids (not data: every row is a copy of a real one; it only makes the corpus big).
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "eval_suggestions.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--rows", action="store_true", help="also list the held-out real rows (corpus = all)")
    parser.add_argument("--rows-split", choices=("development", "test", "both"), default="development",
                        help="which rows --rows lists (default: the development split)")
    parser.add_argument("--scale", type=int, default=0, help="also time on the documents repeated N times")
    parser.add_argument("--save", action="store_true", help="store the figures in " + str(RESULTS))
    parser.add_argument("--table", action="store_true", help="print the README's table of figures and stop")
    args = parser.parse_args()

    from classifier.core.records import Document
    from classifier.evaluation.suggestions_by_organisation import evaluate_by_organisation, figures_table, stored_figures
    from classifier.reading.suggestion_sources import SourcedDocument, shipped_suggestion_documents
    from classifier.suggestion.check import check_threshold
    from classifier.suggestion.drafting import draft
    from classifier.suggestion.index import SuggestionCorpus
    from classifier.suggestion.suggest import suggest_thresholds

    documents = shipped_suggestion_documents()
    runs, seconds = {}, {}
    for training in ("seeds", "all"):
        start = time.perf_counter()
        runs[training] = evaluate_by_organisation(documents, training=training)
        seconds[training] = time.perf_counter() - start
    if args.save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(stored_figures(runs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.table:
        print(figures_table(stored_figures(runs)))
        return

    def timed(docs):
        start = time.perf_counter()
        corpus = SuggestionCorpus.from_documents(docs)
        corpus.name_index(), corpus.project_index()
        build = time.perf_counter() - start
        timings = {}
        for label, call in (
            ("suggest", lambda: suggest_thresholds("服务对象满意度", corpus=corpus)),
            ("check", lambda: check_threshold("服务对象满意度", "≥60%", corpus=corpus)),
            ("draft", lambda: draft("干部培训经费", purpose="组织业务培训", budget=30, corpus=corpus)),
        ):
            start = time.perf_counter()
            call()
            first = time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(3):
                call()
            timings[label] = {"first": first, "again": (time.perf_counter() - start) / 3}
        return corpus, build, timings

    corpus, build_seconds, timings = timed(documents)
    scaled = None
    if args.scale > 1:
        copies = []
        for k in range(args.scale):
            for d in documents:
                copy = Document.from_dict(d.document.to_dict())
                copy.doc_id = f"{d.document.doc_id}#copy{k}"
                copies.append(SourcedDocument(copy, d.sources, d.origin))
        big, big_build, big_timings = timed(copies)
        scaled = {"copies": args.scale, "rows": len(big.rows), "projects": len(big.projects),
                  "build_seconds": big_build, "seconds": big_timings}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if args.json:
        print(json.dumps({"evaluation": {k: v.to_dict() for k, v in runs.items()}, "evaluation_seconds": seconds,
                          "build_seconds": build_seconds, "seconds": timings, "scaled": scaled,
                          "peak_rss_mb": peak_mb}, ensure_ascii=False, indent=2))
        return

    def per_call(t):
        return ", ".join(f"{k} {v['first'] * 1000:.0f} ms (again {v['again'] * 1000:.0f} ms)" for k, v in t.items())

    for training, run in runs.items():
        for line in run.lines():
            print(line)
        print(f"(took {seconds[training]:.1f} s)\n")
    print(f"suggestion corpus: {len(corpus.rows)} rows, {len(corpus.projects)} tables, "
          f"built with both similarity indexes in {build_seconds * 1000:.0f} ms")
    print("per call on the shipped corpus: " + per_call(timings))
    if scaled:
        print(f"timing load (shipped documents x{scaled['copies']}): {scaled['rows']} rows, {scaled['projects']} "
              f"tables, built in {scaled['build_seconds']:.1f} s; per call: " + per_call(scaled["seconds"]))
    print(f"peak memory {peak_mb:.0f} MB (whole process)")
    if args.rows:
        print("\norganisation | split | name | real value | proposed (scope) | typical range | in range | baseline | check")
        for r in runs["all"].rows:
            if r.origin == "real" and args.rows_split in (r.split, "both"):
                print(f"{r.group[:40]} | {r.split} | {r.name} | {r.value} | {r.proposed} ({r.proposal_scope}) | "
                      f"{r.typical_range or '-'} | {'yes' if r.in_range else 'no'} | {r.baseline} | {r.verdict}")


if __name__ == "__main__":
    main()
