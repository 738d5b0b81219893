"""Every public name of ``classifier`` keeps a numpy-style docstring that documents its parameters."""
from __future__ import annotations

import inspect
import re

import classifier

#: The sections each kind of public name must have (numpy docstring standard).
REQUIRED_SECTIONS = {
    "function": ("Parameters\n----------", "Returns\n-------"),
    "class": ("Parameters\n----------", "Attributes\n----------"),
}

_HEADER = re.compile(r"^(\S[^\n]*)\n(-+)$", re.M)


def section(doc: str, title: str) -> str:
    """The text of section ``title`` of a numpy docstring (up to the next section header)."""
    headers = [m for m in _HEADER.finditer(doc) if len(m.group(2)) == len(m.group(1).strip())]
    for i, header in enumerate(headers):
        if header.group(1).strip() == title:
            end = headers[i + 1].start() if i + 1 < len(headers) else len(doc)
            return doc[header.end():end]
    return ""


def test_every_public_name_has_a_numpy_docstring_naming_each_parameter():
    problems = []
    for name in classifier.__all__:
        if name == "__version__":
            continue
        obj = getattr(classifier, name)
        kind = "class" if inspect.isclass(obj) else "function"
        doc = inspect.getdoc(obj) or ""
        for header in REQUIRED_SECTIONS[kind]:
            if header not in doc:
                problems.append(f"{name}: docstring has no {header.splitlines()[0]!r} section")
        documented = section(doc, "Parameters").splitlines()
        for param in inspect.signature(obj).parameters:  # for a class: its constructor, without self
            if not any(line.strip().startswith(f"{param} :") for line in documented):
                problems.append(f"{name}: parameter {param!r} is missing from the Parameters section "
                                f"(expected a line '{param} : type')")
    assert not problems, "\n".join(problems)
