"""Reading speed and memory: the five seed documents as .txt exports and, written out by
table_export, as .docx, .xlsx and .csv; plus building and loading the JSON Lines corpus.

The seed files are read ``--repeat`` times (best run reported); peak memory is the
tracemalloc peak while reading the five files one after another. The per-table figures are
then projected to the national scale (~10^6 tables, ~10^7 indicator rows a year). These
are speed figures of this machine, not of the data: no document is invented.

Run from the checkout root:  python benchmarks/bench_reading.py [--repeat 5] [--json]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from pathlib import Path


def best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best is kept)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from classifier.reading.corpus import load_documents, write_corpus
    from classifier.core.paths import raw_corpus_dir
    from classifier.reading import read_document
    from classifier.reading.table_export import export_projects

    seeds = sorted(raw_corpus_dir().glob("*.txt"))
    docs = [read_document(p) for p in seeds]
    rows = sum(d.indicator_count for d in docs)
    projects = sum(len(d.projects) for d in docs)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="zhibiao-bench-") as tmp:
        folder = Path(tmp)
        files = {".txt": seeds}
        for suffix in (".docx", ".xlsx", ".csv"):
            files[suffix] = [export_projects(d, folder / f"{d.doc_id}{suffix}") for d in docs]
        for suffix, paths in files.items():
            seconds = best_time(lambda: [read_document(p) for p in paths], args.repeat)
            tracemalloc.start()
            for p in paths:
                read_document(p)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            figures[suffix] = {
                "seconds_all_5": seconds,
                "ms_per_table": 1000 * seconds / projects,
                "rows_per_second": rows / seconds,
                "peak_mib": peak / 2**20,
                "hours_for_10^6_tables": seconds / projects * 1e6 / 3600,
            }
        corpus = folder / "documents.jsonl"
        write_seconds = best_time(lambda: write_corpus(docs, corpus), args.repeat)
        load_seconds = best_time(lambda: load_documents(corpus), args.repeat)
        figures["jsonl"] = {
            "write_seconds": write_seconds,
            "load_seconds": load_seconds,
            "bytes_per_row": corpus.stat().st_size / rows,
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(docs)} documents, {projects} projects, {rows} indicator rows; best of {args.repeat} runs")
    print(f"{'format':8} {'all 5 (s)':>10} {'ms/table':>9} {'rows/s':>9} {'peak MiB':>9} {'h per 10^6 tables':>18}")
    for suffix in (".txt", ".docx", ".xlsx", ".csv"):
        f = figures[suffix]
        print(f"{suffix:8} {f['seconds_all_5']:10.3f} {f['ms_per_table']:9.2f} {f['rows_per_second']:9.0f} "
              f"{f['peak_mib']:9.2f} {f['hours_for_10^6_tables']:18.1f}")
    j = figures["jsonl"]
    print(f"jsonl corpus: write {j['write_seconds']:.3f} s, load {j['load_seconds']:.3f} s, "
          f"{j['bytes_per_row']:.0f} bytes per indicator row")


if __name__ == "__main__":
    main()
