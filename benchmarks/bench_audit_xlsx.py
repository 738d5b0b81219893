"""How the audit's report writers scale with the number of rows. Prints; asserts nothing.

    .venv/bin/python benchmarks/bench_audit_xlsx.py [--rows 10000] [--write-table big.csv]

A timing load, not data: the seed documents' projects repeated (renumbered) until the document
holds about ``--rows`` indicator rows. The audit runs once (rules only, no classifier); then the
JSON report and the .xlsx report are written, each timed, at the full size and at a tenth of it,
so the ratio shows whether writing grows linearly. ``--write-table`` also writes the timing load as
a CSV table, to time whole commands (``zhibiao audit big.csv --json`` against the same with
``--xlsx``) from outside the process.
"""
from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _document(rows: int):
    from classifier.reading.corpus import load_documents

    documents = load_documents()
    base = documents[0]
    projects = [p for d in documents for p in d.projects]
    out, n = [], 0
    while n < rows:
        for project in projects:
            clone = copy.deepcopy(project)
            clone.index = len(out) + 1
            out.append(clone)
            n += len(clone.indicators)
            if n >= rows:
                break
    doc = copy.copy(base)
    doc.projects = out
    return doc, n


def _time(rows: int) -> tuple[int, float, float]:
    from classifier.auditing.api import AuditRun, audit
    from classifier.auditing.report import to_json, write_xlsx

    doc, n = _document(rows)
    run = AuditRun(reports=[audit(doc, model=False)])
    start = time.perf_counter()
    to_json(run)
    t_json = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_xlsx(run, Path(tmp) / "audit.xlsx")
        t_xlsx = time.perf_counter() - start
    return n, t_json, t_xlsx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--write-table", metavar="CSV", help="also write the timing load as a CSV table")
    args = parser.parse_args()
    if args.write_table:
        from classifier.reading.table_export import write_csv

        doc, n = _document(args.rows)
        write_csv(doc, args.write_table)
        print(f"wrote {args.write_table}: {n} rows")
    for rows in (args.rows // 10, args.rows):
        n, t_json, t_xlsx = _time(rows)
        print(f"{n:>7} rows: json {t_json:6.2f} s, xlsx {t_xlsx:6.2f} s ({t_xlsx / t_json:.1f}× json)")


if __name__ == "__main__":
    main()
