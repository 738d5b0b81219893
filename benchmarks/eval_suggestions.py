"""Print the suggestions' evaluation: leave-one-document-out drafting (category coverage and
precision) and typical values (share of rows equal to the suggested typical value), each
against its baseline in the same run, plus timings of suggest / check / draft.

Run from the checkout root:  python benchmarks/eval_suggestions.py [--json] [--projects] [--scale N]

``--scale N`` also times the calls on a *timing load*: the shipped documents repeated N times
under new doc ids (not data: every row is a copy of a real one; it only makes the corpus big).
"""
from __future__ import annotations

import argparse
import json
import resource
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--projects", action="store_true", help="also list every held-out project")
    parser.add_argument("--scale", type=int, default=0, help="also time on the documents repeated N times")
    args = parser.parse_args()

    from classifier.reading.corpus import load_documents
    from classifier.core.records import Document
    from classifier.suggestion.drafting import draft
    from classifier.evaluation.suggestions import evaluate_suggestions
    from classifier.suggestion.index import SuggestionCorpus
    from classifier.suggestion.suggest import suggest_thresholds
    from classifier.suggestion.check import check_threshold

    documents = load_documents()
    start = time.perf_counter()
    ev = evaluate_suggestions(documents)
    eval_seconds = time.perf_counter() - start

    def timed(docs):
        start = time.perf_counter()
        corpus = SuggestionCorpus.from_documents(docs)
        corpus.name_index(), corpus.project_index()
        build = time.perf_counter() - start
        timings = {}
        for label, call in (
            ("suggest", lambda: suggest_thresholds("服务对象满意度", corpus=corpus)),
            ("check", lambda: check_threshold("服务对象满意度", "≥60%", corpus=corpus)),
            ("draft", lambda: draft("招商引资专项经费", purpose="举办招商推介活动", budget=30, corpus=corpus)),
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
                copy = Document.from_dict(d.to_dict())
                copy.doc_id = f"{d.doc_id}#copy{k}"
                copies.append(copy)
        big, big_build, big_timings = timed(copies)
        scaled = {"copies": args.scale, "rows": len(big.rows), "projects": len(big.projects),
                  "build_seconds": big_build, "seconds": big_timings}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if args.json:
        print(json.dumps({"evaluation": ev.to_dict(), "build_seconds": build_seconds, "seconds": timings,
                          "scaled": scaled, "peak_rss_mb": peak_mb}, ensure_ascii=False, indent=2))
        return

    def per_call(t):
        return ", ".join(f"{k} {v['first'] * 1000:.0f} ms (again {v['again'] * 1000:.0f} ms)" for k, v in t.items())

    for line in ev.lines():
        print(line)
    print(f"suggestion corpus: {len(corpus.rows)} rows, {len(corpus.projects)} projects, "
          f"built with both similarity indexes in {build_seconds * 1000:.0f} ms")
    print("per call on the shipped corpus: " + per_call(timings))
    if scaled:
        print(f"timing load (shipped documents x{scaled['copies']}): {scaled['rows']} rows, {scaled['projects']} "
              f"projects, built in {scaled['build_seconds']:.1f} s; per call: " + per_call(scaled["seconds"]))
    print(f"peak memory {peak_mb:.0f} MB (whole process)")
    print(f"(evaluation took {eval_seconds:.1f} s)")
    if args.projects:
        print("\ndoc | project | actual categories | drafted (+ covered) | rows | value hits (baseline)")
        for p in ev.per_project:
            print(f"{p.doc_id[:3]} | {p.project} | {','.join(p.actual_categories)} | "
                  f"{','.join(p.draft_categories)} ({p.covered}) | {p.rows} | {p.value_hits} ({p.baseline_value_hits})")


if __name__ == "__main__":
    main()
