"""`cv-builder import` on what people really write in JSON Resume files (issue 17).

Each case has its own small file in tests/inputs/jsonresume/real/, written for
the case (the real files it stands for are not in the repository); each test
asserts what reaches the PDF's text layer and the import report's lines.
"""

from __future__ import annotations

import json

import pytest

from conftest import JSONRESUME, layouts

from cv_builder import schema
from cv_builder.interop import jsonresume

REAL = JSONRESUME / "real"


def report(result) -> list[str]:
    """The import report's lines, as the terminal and the YAML's comment show them."""
    return [jsonresume.note_text(n) for n in result.notes]


def built(build_pdf, tmp_path, result, layout="full"):
    data = tmp_path / "cv.yaml"
    data.write_text(result.text, encoding="utf-8")
    return build_pdf(data, layout)[0]


def test_entry_keywords_are_one_line_under_the_entry(build_pdf, tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text("name: Ann Example\nsections:\n  experience:\n"
                    "    - {organisation: Acme, title: Engineer, bullets: [Built the thing.], "
                    "keywords: [React, Docker, CI/CD]}\n"
                    "    - {organisation: Beta, title: Intern, keywords: [Go]}\n", encoding="utf-8")
    pdf, _ = build_pdf(data)
    assert pdf.contains_in_order("Acme", "Engineer", "• Built the thing.", "React · Docker · CI/CD",
                                 "Beta", "Intern", "Go")
    assert [e.keywords for e in schema.load(data).section("experience").items] == [["React", "Docker", "CI/CD"],
                                                                                   ["Go"]]
