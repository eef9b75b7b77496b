"""`cv-builder ats PDF`: what an applicant-tracking system gets from a PDF.

From the PDF alone: the text as pdfminer.six extracts it (its default layout
analysis, the reading order many resume parsers start from), what a parser
would recognise in it (name, contact details, section headings, entries,
skills), and the problems it would have, each with its page and line.

Resume parsers differ, and commercial ones do not publish their rules: this is
a preview built on what they commonly share, not a promise of what any one of
them does. See the README's section on applicant-tracking systems.
"""

from __future__ import annotations

from dataclasses import dataclass

from .read import Document, read
from .recognise import Recognised, recognise
from .rules import ERROR, Finding, check


@dataclass
class Preview:
    document: Document
    recognised: Recognised
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Problems that would lose a job, a date or a contact."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def preview(path: str) -> Preview:
    """Read a PDF as a resume parser would; raises CVError for a file that is not a readable PDF."""
    doc = read(str(path))
    found = recognise(doc)
    return Preview(doc, found, check(doc, found))


__all__ = ["Preview", "preview", "Finding"]
