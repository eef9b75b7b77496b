"""PDF/A, and the CV's data inside its PDF: the build's PDF, rewritten by pikepdf.

``cv-builder build --pdfa 2b`` (or ``3b``) makes the PDF an archival one
(ISO 19005-2/-3, level B: what is seen can be reproduced, forever):

- the sRGB output intent (the colours are sRGB): ``sRGB.icc`` beside this module, an
  ICC version 2 profile, which every PDF/A validator accepts (its origin and licence:
  ``sRGB.icc.txt``);
- XMP metadata that says what the document information says, with the PDF/A claim
  and an extension schema for the PDF/UA one (:mod:`.xmp`), not compressed;
- the file laid out as PDF/A asks (qpdf writes it: the end of line before
  ``endstream``, a classic cross-reference table, no empty page transitions);
- the same bytes for the same input: the dates are the build's
  (``SOURCE_DATE_EPOCH``) and the ``/ID`` a digest of the content.

``--embed-data`` attaches the data of what the PDF shows, as JSON Resume
(``resume.json``, ``/AFRelationship /Source``: the source the PDF was made from),
named in the catalog's ``/AF`` as PDF/A-3 asks; ``cv-builder import CV.pdf`` reads it
back. PDF/A-2 allows only PDF/A files as attachments, so the two together make
PDF/A-3.

pikepdf (qpdf) is an optional extra (``pip install 'cv-builder[pdfa]'``): it is
imported here only, when one of the two is asked for (it costs about 30 ms to import).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

from ..errors import CVError, Problem
from . import xmp

LEVELS = ("2b", "3b")
ATTACHMENT = "resume.json"
ICC = Path(__file__).with_name("sRGB.icc")


def _pikepdf():
    try:
        import pikepdf  # (about 30 ms; only for --pdfa and --embed-data)
    except ImportError:
        raise CVError([Problem("--pdfa and --embed-data need pikepdf, which is not installed",
                               hint="install it: pip install 'cv-builder[pdfa]' (or pip install pikepdf)")]) from None
    return pikepdf


def level_for(pdfa: Optional[str], embed: bool) -> Optional[str]:
    """The PDF/A level a build makes: as asked, but 3b when data is attached (PDF/A-2 may
    carry only PDF/A files, PDF/A-3 any)."""
    if pdfa and embed and pdfa.startswith("2"):
        return "3" + pdfa[1:]
    return pdfa


def finish(pdf: bytes, pdfa: Optional[str] = None, data: Optional[bytes] = None) -> bytes:
    """The PDF made archival (``pdfa``: "2b", "3b") and/or carrying ``data`` (JSON Resume)."""
    pikepdf = _pikepdf()
    doc = pikepdf.open(io.BytesIO(pdf))
    info = {k[1:]: str(v) for k, v in doc.docinfo.items()}
    stamp = info.get("ModDate") or info.get("CreationDate") or "D:20000101000000+00'00'"
    if data is not None:
        _attach(pikepdf, doc, data, stamp)
    if pdfa:
        _archival(pikepdf, doc, pdfa, info)
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=True,
             fix_metadata_version=False, linearize=False)
    return out.getvalue()


def _attach(pikepdf, doc, data: bytes, stamp: str) -> None:
    Name = pikepdf.Name
    stream = pikepdf.Stream(doc, data)
    stream.Type = Name.EmbeddedFile
    stream.Subtype = Name("/application#2Fjson")  # (application/json, '/' written as #2F)
    stream.Params = pikepdf.Dictionary(Size=len(data), ModDate=pikepdf.String(stamp))
    spec = doc.make_indirect(pikepdf.Dictionary(
        Type=Name.Filespec, F=pikepdf.String(ATTACHMENT), UF=pikepdf.String(ATTACHMENT),
        Desc=pikepdf.String("The CV as JSON Resume: the data of what this PDF shows (cv-builder import reads it)"),
        AFRelationship=Name.Source, EF=pikepdf.Dictionary(F=stream, UF=stream)))
    root = doc.Root
    names = root.get("/Names")
    if names is None:
        names = root.Names = pikepdf.Dictionary()
    names.EmbeddedFiles = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String(ATTACHMENT), spec]))
    root.AF = pikepdf.Array([spec])


def _archival(pikepdf, doc, pdfa: str, info: dict) -> None:
    Name = pikepdf.Name
    root = doc.Root
    profile = pikepdf.Stream(doc, ICC.read_bytes())
    profile.N = 3
    root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), RegistryName=pikepdf.String("http://www.color.org"),
        DestOutputProfile=profile)])
    lang = str(root.Lang) if "/Lang" in root else None
    packet = xmp.packet(info.get("Title", ""), info.get("Author", ""), info.get("Subject", ""),
                        info.get("Keywords", ""), info.get("Creator", ""), info.get("Producer", ""),
                        xmp.from_pdf_date(info.get("CreationDate", "")), lang, pdfa)
    meta = pikepdf.Stream(doc, packet)
    meta.Type, meta.Subtype = Name.Metadata, Name.XML
    root.Metadata = meta
    if "/Trapped" in doc.docinfo:  # (optional, and a property PDF/A-1's XMP schemas lack)
        del doc.docinfo["/Trapped"]
    for page in doc.pages:
        trans = page.obj.get("/Trans")
        if trans is not None and len(trans.keys()) == 0:
            del page.obj["/Trans"]
