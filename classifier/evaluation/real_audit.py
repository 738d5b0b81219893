"""How far R04 (and R05) can be trusted on tables written by other organisations.

Gold (``corpus/real_audit_gold.csv``, written by hand from the hand labels of the real tables,
without running the audit or the classifier; ``corpus/audit_gold_guide.md`` says how):
one line per real-table row whose hand category rules out the 二级 its publisher filed it
under — columns ``file, line, name, level1, level2, canonical_level2, category, rule,
clarity, expected_level2, reason``; ``rule`` is ``R04`` (misfiled) or ``R05`` (a budget-process
measure used as an indicator); ``clarity`` is ``clear`` or ``arguable``.

Fairness: every organisation's rows are classified by a model that never saw that
organisation, nor any example with a name that also occurs in it
(:func:`organisation_out_of_fold`, the folds of ``zhibiao evaluate``). The audit itself runs
unchanged on the real tables read as documents
(:func:`classifier.reading.real_tables.real_table_documents`), replaying those probabilities.

Scoring, as the gold guide asks: a clear gold row is a required finding; a flag on an
arguable row is neither right nor wrong (left out of precision); a flag on any other row is a
false alarm. ``precision`` = flags on clear rows / (flags − flags on arguable rows);
``recall_clear`` = clear rows flagged / clear rows; ``recall_all`` = gold rows flagged / gold
rows; ``precision_lenient`` counts a flag on an arguable row as right.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

from classifier.auditing.api import audit_documents
from classifier.core.errors import ZhibiaoError
from classifier.core.records import Document
from classifier.evaluation.audit_gold import DEFAULT_CUTOFFS, per_document_classifier

#: (file name, 1-based jsonl line, rule)
RealKey = tuple[str, int, str]
REAL_GOLD_COLUMNS = ("file", "line", "name", "level1", "level2", "canonical_level2", "category", "rule",
                     "clarity", "expected_level2", "reason")


class RealGoldError(ZhibiaoError):
    """The real-table audit gold is malformed (one line: ``path：第 N 行：problem``)."""


def load_real_gold(path: str | Path | None = None) -> dict[RealKey, dict[str, str]]:
    """``{(file, line, rule): row}`` from ``corpus/real_audit_gold.csv`` (or ``path``); ``{}``
    when the file does not exist. Raises :class:`RealGoldError` on a bad header, rule,
    clarity or line number, or a repeated key."""
    from classifier.core.paths import real_audit_gold_path

    path = Path(path) if path is not None else real_audit_gold_path()
    if not path.is_file():
        return {}
    out: dict[RealKey, dict[str, str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("file", "line", "name", "rule", "clarity") if c not in (reader.fieldnames or [])]
        if missing:
            raise RealGoldError(f"{path}：表头缺少 {'、'.join(missing)} 列")
        for k, row in enumerate(reader, start=2):
            rule, clarity = (row.get("rule") or "").strip(), (row.get("clarity") or "").strip()
            if rule not in ("R04", "R05"):
                raise RealGoldError(f"{path}：第 {k} 行：rule 应为 R04 或 R05，而不是“{rule}”")
            if clarity not in ("clear", "arguable"):
                raise RealGoldError(f"{path}：第 {k} 行：clarity 应为 clear 或 arguable，而不是“{clarity}”")
            try:
                key = ((row.get("file") or "").strip(), int(row.get("line") or ""), rule)
            except ValueError:
                raise RealGoldError(f"{path}：第 {k} 行：line 列应为数字，而不是“{row.get('line')}”") from None
            if key in out:
                raise RealGoldError(f"{path}：第 {k} 行：{key[0]} 第 {key[1]} 行的 {rule} 列了两次")
            out[key] = {c: (row.get(c) or "").strip() for c in REAL_GOLD_COLUMNS}
    return out


def _file_line(location: str) -> tuple[str, int]:
    file, _, line = location.rpartition(" line ")
    return file, int(line)


def organisation_out_of_fold(data: Any = None, *, params: dict[str, Any] | None = None, n_jobs: int | None = None,
                             progress: Any = None) -> dict[tuple[str, int], dict[str, float]]:
    """``{(file, line): {category: p}}`` for every labeled real-table row, each organisation's
    rows predicted by a model trained on everything else (seeds, the other real tables,
    curated phrasings) minus every example sharing a normalized name with it. ``data``
    defaults to :func:`~classifier.classification.training.load_training_data`; ``params``
    to the shipped configuration; ``progress(done, total)`` after each of the ~55 folds."""
    from classifier.classification.training import load_training_data
    from classifier.evaluation.cross_validation import folds_probabilities, organisation_folds

    data = data or load_training_data()
    examples = data.examples
    folds = [f for f in organisation_folds(examples) if f.name.startswith("real:")]
    classes = sorted({e.category for e in examples})
    probas = folds_probabilities(examples, folds, classes, params=params, n_jobs=n_jobs, progress=progress)
    out: dict[tuple[str, int], dict[str, float]] = {}
    for fold, proba in zip(folds, probas):
        for i, row in zip(fold.test, proba):
            out[_file_line(examples[i].location)] = {c: float(p) for c, p in zip(classes, row)}
    return out


def _categories(documents: Sequence[Document], probabilities: dict[tuple[str, int], dict[str, float]]
                ) -> dict[tuple[str, int, int], SimpleNamespace]:
    """The out-of-fold verdicts keyed as the audit keys rows: ``(doc_id, project_index, row)``."""
    out = {}
    for d in documents:
        for p, ind in d.iter_indicators():
            dist = probabilities.get((ind.location.path, ind.location.line_start))
            if dist is None:
                continue
            ranked = sorted(dist.items(), key=lambda kv: -kv[1])
            out[(d.doc_id, p.index, ind.row)] = SimpleNamespace(
                category=ranked[0][0], probability=ranked[0][1], alternatives=ranked[:3], probabilities=dist)
    return out


@dataclass
class RealAuditEvaluation:
    """Figures of :func:`evaluate_real_audit` (JSON-ready through :meth:`to_dict`).

    ``sweep``: one dict per R04 cut-off (``cutoff, flagged, right, precision, recall_clear,
    recall_all``); ``r05``: the same figures for R05 as the audit runs it; ``per_field``:
    ``{field: {rows, gold, gold_clear, flagged, right}}`` at ``cutoff``; ``misses`` and
    ``false_alarms``: the rows behind the figures at ``cutoff``."""

    organisations: int
    rows: int
    gold: dict[str, int]
    cutoff: float
    sweep: list[dict[str, Any]]
    r05: dict[str, Any]
    per_field: dict[str, dict[str, int]]
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def at(self, cutoff: float) -> dict[str, Any]:
        return next(row for row in self.sweep if abs(row["cutoff"] - cutoff) < 1e-9)

    def to_dict(self) -> dict[str, Any]:
        return {"organisations": self.organisations, "rows": self.rows, "gold": self.gold, "cutoff": self.cutoff,
                "sweep": self.sweep, "r05": self.r05, "per_field": self.per_field,
                "false_alarms": self.false_alarms, "misses": self.misses}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate_real_audit(probabilities: dict[tuple[str, int], dict[str, float]], *,
                        documents: Sequence[Document] | None = None, gold: dict[RealKey, Any] | None = None,
                        cutoff: float | None = None, cutoffs: Sequence[float] = DEFAULT_CUTOFFS) -> RealAuditEvaluation:
    """Score R04 (swept over ``cutoffs``) and R05 on the real tables against the gold.

    ``probabilities``: :func:`organisation_out_of_fold`. ``documents`` default to
    :func:`~classifier.reading.real_tables.real_table_documents`; ``gold`` to
    :func:`load_real_gold`; ``cutoff`` (the one per-field figures and the row lists are given
    at) to the audit's R04 cut-off."""
    from classifier.auditing.rules.base import rule_table
    from classifier.reading.real_tables import load_real_rows, real_table_documents

    rows = load_real_rows()
    field_of = {(r.file, r.line): r.field for r in rows}
    documents = real_table_documents(rows) if documents is None else list(documents)
    gold = load_real_gold() if gold is None else gold
    cutoff = float(rule_table()["cutoffs"]["R04_probability"]) if cutoff is None else float(cutoff)
    model = per_document_classifier(_categories(documents, probabilities))
    reports = audit_documents(documents, model=model, cutoffs={"R04_probability": 0.0, "R04_review_probability": 0.0})

    by_row = {(d.doc_id, p.index, ind.row): ind for d in documents for p, ind in d.iter_indicators()}

    def where(f: Any) -> tuple[str, int] | None:
        ind = by_row.get((f.doc_id, f.project_index, f.row))
        return (ind.location.path, ind.location.line_start) if ind is not None else None

    names = {(ind.location.path, ind.location.line_start): ind.name for ind in by_row.values()}
    r04: dict[tuple[str, int], tuple[float, Any]] = {}
    r05: dict[tuple[str, int], Any] = {}
    for report in reports:
        for f in report.findings:
            key = where(f) if f.rule in ("R04", "R05") else None
            if key is None:
                continue
            if f.rule == "R04":
                r04[key] = (float(f.evidence["misfiled_probability"]), f)
            else:
                r05[key] = f
    gold_r04 = {(k[0], k[1]): v for k, v in gold.items() if k[2] == "R04"}
    clear_r04 = {k for k, v in gold_r04.items() if v["clarity"] == "clear"}
    def figures(flagged: set, gold_all: set, clear: set) -> dict[str, Any]:
        arguable = gold_all - clear
        judged = flagged - arguable
        return {"flagged": len(flagged), "right": len(flagged & clear), "arguable": len(flagged & arguable),
                "false_alarms": len(judged - clear),
                "precision": _ratio(len(flagged & clear), len(judged)),
                "precision_lenient": _ratio(len(flagged & gold_all), len(flagged)),
                "recall_clear": _ratio(len(flagged & clear), len(clear)),
                "recall_all": _ratio(len(flagged & gold_all), len(gold_all))}

    sweep = []
    for c in sorted(set(cutoffs) | {cutoff}):
        flagged = {k for k, (p, _) in r04.items() if p >= c - 1e-12}
        sweep.append({"cutoff": c, **figures(flagged, set(gold_r04), clear_r04)})
    gold_r05 = {(k[0], k[1]): v for k, v in gold.items() if k[2] == "R05"}
    r05_figures = {"gold": len(gold_r05), **figures(set(r05), set(gold_r05),
                                                   {k for k, v in gold_r05.items() if v["clarity"] == "clear"})}
    at_cut = {k for k, (p, _) in r04.items() if p >= cutoff - 1e-12}
    per_field: dict[str, dict[str, int]] = {}
    for key, fld in field_of.items():
        s = per_field.setdefault(fld, {"rows": 0, "gold": 0, "gold_clear": 0, "flagged": 0, "right": 0,
                                       "false_alarms": 0})
        s["rows"] += 1
        s["gold"] += key in gold_r04
        s["gold_clear"] += key in clear_r04
        s["flagged"] += key in at_cut
        s["right"] += key in at_cut and key in clear_r04
        s["false_alarms"] += key in at_cut and key not in gold_r04
    false_alarms = [{"row": f"{k[0]} line {k[1]}", "name": names.get(k, ""),
                     "message": r04[k][1].message, "misfiled_probability": round(r04[k][0], 3)}
                    for k in sorted(at_cut - set(gold_r04))]
    false_alarms += [{"row": f"{k[0]} line {k[1]}", "name": names.get(k, ""), "message": "R05: " + r05[k].message,
                      "misfiled_probability": None} for k in sorted(set(r05) - set(gold_r05))]
    misses = [{"row": f"{k[0]} line {k[1]}", "name": gold_r04[k]["name"], "clarity": gold_r04[k]["clarity"],
               "misfiled_probability": round(r04[k][0], 3) if k in r04 else None, "reason": gold_r04[k].get("reason", "")}
              for k in sorted(set(gold_r04) - at_cut)]
    counts = {"R04": len(gold_r04), "R04_clear": len(clear_r04), "R05": len(gold_r05),
              "R05_clear": r05_figures["gold"] and sum(v["clarity"] == "clear" for v in gold_r05.values())}
    return RealAuditEvaluation(
        organisations=len(documents), rows=sum(d.indicator_count for d in documents), gold=counts, cutoff=cutoff,
        sweep=sweep, r05=r05_figures, per_field=dict(sorted(per_field.items())),
        false_alarms=false_alarms, misses=misses,
    )


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def format_real_evaluation(ev: RealAuditEvaluation) -> str:
    """The evaluation as text: gold counts, the R04 sweep, R05, per field at the cut-off."""
    lines = [
        f"Real tables of other organisations, leave one organisation out: {ev.organisations} organisations, "
        f"{ev.rows} rows; gold R04 {ev.gold['R04']} ({ev.gold['R04_clear']} clear), "
        f"R05 {ev.gold['R05']} ({ev.gold['R05_clear']} clear)",
        "precision = flags on clear rows / (flags − flags on arguable rows); lenient: arguable counted right",
        "",
        "R04 cut-off sweep (misfiled probability ≥ cut-off):",
        "  cut-off  flagged  clear  arguable  false  precision  lenient  recall(clear)  recall(all)",
    ]
    for row in ev.sweep:
        mark = "  ← audit" if abs(row["cutoff"] - ev.cutoff) < 1e-9 else ""
        lines.append(f"  {row['cutoff']:>7.2f}  {row['flagged']:>7}  {row['right']:>5}  {row['arguable']:>8}  "
                     f"{row['false_alarms']:>5}  {_fmt(row['precision']):>9}  {_fmt(row['precision_lenient']):>7}  "
                     f"{_fmt(row['recall_clear']):>13}  {_fmt(row['recall_all']):>11}{mark}")
    r05 = ev.r05
    lines += ["", f"R05 (as the audit runs it): flagged {r05['flagged']} (clear {r05['right']}, arguable "
              f"{r05['arguable']}, false {r05['false_alarms']}); precision {_fmt(r05['precision'])}, "
              f"recall(clear) {_fmt(r05['recall_clear'])}, recall(all) {_fmt(r05['recall_all'])}", "",
              f"R04 per field at cut-off {ev.cutoff:g} (rows, gold, clear, flagged, clear flagged, false alarms):"]
    for fld, s in ev.per_field.items():
        lines.append(f"  {fld:<14} {s['rows']:>4} {s['gold']:>4} {s['gold_clear']:>4} {s['flagged']:>4} {s['right']:>4} "
                     f"{s['false_alarms']:>4}")
    return "\n".join(lines)
