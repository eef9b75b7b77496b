"""Each page's text as four text extractors give it, for the reading-order tests.

The four are what resume parsers are commonly built on, each called the way a
parser calls it, with its defaults:

- ``pdfminer``: pdfminer.six ``extract_text`` (default layout analysis, LAParams()).
- ``pypdf``: ``PageObject.extract_text()`` (content-stream order).
- ``pdfplumber``: ``Page.extract_text()`` (lines by position, words left to right).
- ``pdftotext``: poppler-utils' ``pdftotext`` (its reading-order analysis, no ``-layout``).

pdftotext is a Debian package, not a Python one: ``.ci/run`` installs it where apt
is available; a test that needs it and cannot find it skips with the reason
(:func:`require`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXTRACTORS = ("pdfminer", "pypdf", "pdfplumber", "pdftotext")
PAGE_BREAK = "\f"


def pdftotext_missing() -> str | None:
    """Why pdftotext cannot be used here, or None when it can."""
    if shutil.which("pdftotext") is None:
        return ("pdftotext (Debian poppler-utils) is not installed; .ci/run installs it where apt-get "
                "is available, else `apt-get install poppler-utils`")
    return None


def require(name: str) -> None:
    """Skip the calling test, with the reason, when an extractor cannot run here."""
    if name == "pdftotext":
        reason = pdftotext_missing()
        if reason:
            pytest.skip(reason)


def pages(path: Path | str, name: str) -> list[str]:
    """The text of each page of a PDF as the extractor ``name`` gives it."""
    path = str(path)
    if name == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(path).split(PAGE_BREAK)[: _count(path)]
    if name == "pypdf":
        import pypdf

        return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]
    if name == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return [p.extract_text() or "" for p in pdf.pages]
    if name == "pdftotext":
        require(name)
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        return out.split(PAGE_BREAK)[: _count(path)]
    raise ValueError(f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}")


def _count(path: str) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def lines(text: str) -> list[str]:
    """The non-empty lines of a text, each with single spaces."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
