"""The CV's data inside its PDF: what ``build --embed-data`` attaches, and ``import CV.pdf`` reads.

The attachment is JSON Resume with cv-builder's own keys (``cvBuilder``, see
:mod:`.jsonresume`), so that any JSON Resume tool reads the common part and
``cv-builder import`` brings back the rest. It holds exactly what the PDF
shows (:attr:`Rendered.cv <cv_builder.render.document.Rendered>`: the variant's
view, as the look and the fitter left it):

- the sections the look shows, and of them the items and bullets shown (a
  variant, a look's ``max_bullet_priority`` or a fitter may leave some out);
  an item shown goes whole (a field a compact look does not print, such as a
  publication's authors on one page, is part of it, and the short form with the long);
- none of the variants (another application's tailoring is nobody else's
  business), and no ``tags`` (what variants select by, not what the CV says).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import CVError, Position, Problem
from ..model import CV

ATTACHMENT = "resume.json"


def _untagged(obj: Any) -> Any:
    """A section, item or bullet without its tags (and those of what it holds)."""
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "tags" and value:
            changes["tags"] = []
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            changes[f.name] = [_untagged(v) for v in value]
    return dataclasses.replace(obj, **changes) if changes else obj


def view(cv: CV) -> CV:
    """The CV a PDF carries: as drawn, without variants and tags."""
    return dataclasses.replace(cv, sections=[_untagged(s) for s in cv.sections], variants={}, variant=None)


def data(cv: CV) -> bytes:
    """The attachment's bytes: the CV drawn (:func:`view`), as JSON Resume."""
    from . import jsonresume  # 9 ms, and an import cycle (jsonresume imports this module)

    doc, _ = jsonresume.export(view(cv))
    return jsonresume.dumps(doc).encode("utf-8")


def attached(pdf: bytes, name: str) -> bytes:
    """The JSON Resume a PDF made with ``--embed-data`` carries (a CVError if it has none)."""
    try:
        # 7 ms where a build has not loaded the check: only to read a PDF's attachment
        from ..pdfcheck.reader import Document
        from ..pdfcheck.syntax import PDFError, Stream, text_string
    except ImportError:  # (until the check's package lands)
        from ..pdfread import Document, PDFError, Stream, text_string

    where = Position(name)
    try:
        doc = Document(pdf)
        names = doc.dict_of(doc.dict_of(doc.root.get("Names")).get("EmbeddedFiles"))
        entries = doc.resolve(names.get("Names")) or []
        specs = [doc.dict_of(spec) for key, spec in zip(entries[0::2], entries[1::2])
                 if text_string(doc.resolve(key)) == ATTACHMENT]
        specs += [doc.dict_of(spec) for spec in doc.resolve(doc.root.get("AF")) or []]
        for spec in specs:
            stream = doc.resolve(doc.dict_of(spec.get("EF")).get("F"))
            if isinstance(stream, Stream) and text_string(doc.resolve(spec.get("UF") or spec.get("F"))) == ATTACHMENT:
                return stream.decoded()
    except (PDFError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise CVError([Problem(f"this PDF cannot be read: {exc}", position=where)]) from None
    raise CVError([Problem("this PDF carries no CV data (no resume.json attached)", position=where,
                           hint="only a PDF built with `cv-builder build --embed-data` carries its data; "
                                "import the YAML or JSON Resume it was built from instead")])
