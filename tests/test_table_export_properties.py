"""Property: for generated tables, read(export(read(csv))) == read(csv) in every format.

Cell texts are drawn from an alphabet with the awkward characters (commas, quotes, line
breaks, spaces, full-width symbols) but without the characters of header labels, so
a generated cell cannot pose as a 项目名称 or 绩效目标 label by accident.
"""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.reading import read_document
from classifier.reading.table_export import export_projects

ALPHABET = "产出数量质效益满意度率人次个场天%≥≤＞＜0123456789.,，\"' \n（）/-"
text = st.text(alphabet=ALPHABET, min_size=0, max_size=12)
name = st.text(alphabet=ALPHABET, min_size=1, max_size=12).filter(lambda s: s.strip())
row = st.tuples(text, text, name, text, text, text)

HEADING = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def comparable(doc):
    out = []
    for project in doc.projects:
        p = project.to_dict()
        p.pop("location")
        for ind in p["indicators"]:
            ind.pop("location")
        out.append(p)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=8), project_name=name, budget=st.integers(0, 10**6))
def test_generated_tables_survive_every_format(tmp_path, rows, project_name, budget):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["项目名称", project_name])
    writer.writerow(["预算数", f"{budget / 100:.2f}", "其中：财政资金", "", "其他资金", ""])
    writer.writerow(HEADING)
    writer.writerows(rows)
    source = tmp_path / "generated.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    original = read_document(source)
    assert original.rows_read == original.indicator_count + len(original.skipped)
    assert original.projects[0].budget_total == budget / 100
    for suffix in (".csv", ".xlsx", ".docx"):
        back = read_document(export_projects(original, tmp_path / f"out{suffix}"))
        assert comparable(back) == comparable(original), suffix
