"""The classifier's headline figures as Markdown tables, made from a model's metadata.

The README quotes these tables between ``<!-- figures:NAME -->`` and ``<!-- /figures:NAME -->``
markers; ``tests/test_readme_figures.py`` checks that what it quotes is what the shipped
model's ``metadata.json`` gives, so a retrained model cannot leave stale figures behind.
``python -m classifier.evaluation.figures`` prints every table.

Example::

    >>> from classifier.evaluation.figures import figure_tables
    >>> tables = figure_tables()              # doctest: +SKIP
    >>> print(tables["headline"])             # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any


def _row(label: str, part: dict[str, Any]) -> str:
    model, rules, majority = part["model"], part["keyword_rules"], part["majority"]
    review = part.get("review") or {}
    answered = review.get("answered_accuracy")
    return (f"| {label} | {part['rows']} | {len(part['folds'])} | **{model['accuracy']:.3f}** | {model['macro_f1']:.3f} | "
            f"{rules['accuracy']:.3f} | {majority['accuracy']:.3f} | {part['calibration']['ece']:.3f} | "
            + (f"{answered:.3f} at {review['coverage']:.0%} |" if answered is not None else "– |"))


def figure_tables(metadata: dict[str, Any] | None = None) -> dict[str, str]:
    """``{name: markdown table}`` from a model's metadata (default: the shipped model's):
    ``headline`` (leave one organisation out), ``fields`` (per field), ``secondary`` (the seed
    documents and the sets written by the project). Empty when the metadata holds no evaluation."""
    if metadata is None:
        from classifier.classification.persistence import read_metadata

        metadata = read_metadata()[1]
    evaluation = metadata.get("evaluation") or {}
    org = evaluation.get("leave_one_organisation_out")
    if not org:
        return {}
    cutoff = (org.get("review") or {}).get("cutoff")
    head = ("| rows held out | rows | organisations | accuracy | macro-F1 | keyword rules accuracy | majority accuracy | ECE | "
            f"accuracy when not marked needs_review (p ≥ {cutoff}) at coverage |\n|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    if org.get("real_tables"):
        lines.append(_row(f"real tables of {len(org['real_tables']['folds'])} other organisations", org["real_tables"]))
    if org.get("real_tables_test_split"):
        lines.append(_row("… of which the test split (chose nothing)", org["real_tables_test_split"]))
    seeds = len((evaluation.get("grouped_by_document") or {}).get("folds") or [])
    lines.append(_row(f"all organisations (real tables + {seeds} seed documents)", org))
    tables = {"headline": "\n".join(lines)}
    fields = (org.get("real_tables") or {}).get("per_field") or {}
    if fields:
        rows = ["| field | rows | organisations | accuracy | macro-F1 | keyword rules accuracy |", "|---|---|---|---|---|---|"]
        for name, m in sorted(fields.items(), key=lambda kv: -kv[1]["rows"]):
            rows.append(f"| {name} | {m['rows']} | {m['organisations']} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {m['keyword_rules_accuracy']:.3f} |")
        tables["fields"] = "\n".join(rows)
    secondary = ["| set (written by) | rows | accuracy | macro-F1 | keyword rules macro-F1 | ECE |", "|---|---|---|---|---|---|"]
    doc = evaluation.get("grouped_by_document")
    if doc:
        secondary.append(f"| seed documents, leave one out (5 real documents) | {doc['rows']} | {doc['model']['accuracy']:.3f} | "
                         f"{doc['model']['macro_f1']:.3f} | {doc['keyword_rules']['macro_f1']:.3f} | {doc['calibration']['ece']:.3f} |")
    typ = evaluation.get("held_out_project_type")
    if typ:
        secondary.append(f"| held-out project type (curated phrasings, the project) | {typ['rows']} | {typ['model']['accuracy']:.3f} | "
                         f"{typ['model']['macro_f1']:.3f} | {typ['keyword_rules']['macro_f1']:.3f} | {typ['calibration']['ece']:.3f} |")
    for tested in evaluation.get("test_files") or []:
        name = str(tested["path"]).rsplit("/", 1)[-1]
        secondary.append(f"| {name} (blind set, the project) | {tested['rows']} | {tested['model']['accuracy']:.3f} | "
                         f"{tested['model']['macro_f1']:.3f} | {tested['keyword_rules']['macro_f1']:.3f} | "
                         f"{(tested.get('calibration') or {}).get('ece', float('nan')):.3f} |")
    tables["secondary"] = "\n".join(secondary)
    audit = audit_table(metadata)
    if audit:
        tables["audit"] = audit
    return tables


def audit_table(metadata: dict[str, Any]) -> str:
    """R04 at the model's cut-off, on the real tables (leave one organisation out) and on the
    seed gold, from ``audit_cutoffs`` of the metadata ("" when it has none)."""
    chosen = metadata.get("audit_cutoffs") or {}
    real, seed = chosen.get("real_tables"), chosen.get("seed_gold")
    if not real or not seed:
        return ""

    def f(x: Any) -> str:
        return "–" if x is None else f"{x:.2f}"

    gold = real["gold"]
    return "\n".join([
        f"| R04 at cut-off {chosen['R04_probability']:g} (提示 from {chosen['R04_review_probability']:g}) | gold rows | flagged | "
        "precision | recall (clear) | recall (all) |",
        "|---|---|---|---|---|---|",
        f"| real tables of other organisations, leave one out | {gold['R04']} ({gold['R04_clear']} clear) | {real['flagged']} | "
        f"**{f(real['precision'])}** | **{f(real['recall_clear'])}** | {f(real['recall_all'])} |",
        f"| seed documents (corpus/audit_gold.csv), leave one out | {seed['tp'] + seed['fn']} | {seed['flagged']} | "
        f"{f(seed['precision'])} | – | {f(seed['recall'])} |",
    ])


def main() -> None:
    for name, table in figure_tables().items():
        print(f"<!-- figures:{name} -->\n{table}\n<!-- /figures:{name} -->\n")


if __name__ == "__main__":
    main()
