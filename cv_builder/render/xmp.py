"""The PDF's XMP metadata: what the document information says, as XMP, and what the file claims.

PDF/UA-1 asks for the title in the XMP metadata (``dc:title``) and for the
claim itself (``pdfuaid:part``); PDF/A asks that the XMP and the document
information dictionary say the same (title, author, subject, keywords, the
programs, the dates) and for its own claim (``pdfaid:part`` and
``pdfaid:conformance``), with an extension schema for any namespace it does not
know (``pdfuaid``). The packet is made from the document's own values, so two
builds of the same input make the same bytes.
"""

from __future__ import annotations

import re
from typing import Optional


def escape(text: str) -> str:
    """Text as XML character data: &, < and > as entities (what xml.sax.saxutils.escape does;
    importing that costs 15 ms of every build's start, through urllib.request)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PDFUA_SCHEMA = """<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def iso_date(ymdhms: tuple, dhh: int = 0, dmm: int = 0) -> str:
    """A time as XMP writes it: 2000-01-01T00:00:00+00:00."""
    sign = "-" if dhh < 0 else "+"
    return "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(ymdhms[:6]) + f"{sign}{abs(dhh):02d}:{abs(dmm):02d}"


def packet(title: str, author: str, subject: str, keywords: str, creator: str, producer: str, date: str,
           lang: Optional[str], pdfa: Optional[str] = None) -> bytes:
    """The XMP packet. ``pdfa``: the PDF/A part and conformance claimed (``2b``, ``3b``), if any."""
    e = escape
    claims = "<pdfuaid:part>1</pdfuaid:part>\n"
    if pdfa:
        claims += f"<pdfaid:part>{e(pdfa[0])}</pdfaid:part>\n<pdfaid:conformance>{e(pdfa[1:].upper())}" \
                  "</pdfaid:conformance>\n"
    language = f"<dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>\n" if lang else ""
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        + (' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"' if pdfa else "") + ">\n"
        "<dc:format>application/pdf</dc:format>\n"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>\n"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>\n'
        + language +
        f"<pdf:Keywords>{e(keywords)}</pdf:Keywords>\n"
        f"<pdf:Producer>{e(producer)}</pdf:Producer>\n"
        f"<xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{date}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        + claims +
        "</rdf:Description>\n"
        + (_PDFUA_SCHEMA if pdfa else "") +
        "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return text.encode("utf-8")


def of_document(doc, pdfa: Optional[str] = None) -> bytes:
    """The packet of a ReportLab document (``canvas._doc``): its information and language."""
    info = doc.info
    ts = doc._timeStamp
    lang = getattr(doc.Catalog, "Lang", None)
    lang = getattr(lang, "s", lang) if lang is not None else None
    return packet(str(info.title), str(info.author), str(info.subject), str(info.keywords), str(info.creator),
                  str(info.producer), iso_date(ts.YMDhms, ts.dhh, ts.dmm), str(lang) if lang else None, pdfa)


def from_pdf_date(value: str) -> str:
    """A PDF date (``D:20000101000000+00'00'``) as XMP writes it (``2000-01-01T00:00:00+00:00``)."""
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([+\-Z])?(\d\d)?'?(\d\d)?", value or "")
    if m is None:
        return "2000-01-01T00:00:00+00:00"
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (2000, 1, 1, 0, 0, 0))]
    sign, hh, mm = m.group(7) or "Z", int(m.group(8) or 0), int(m.group(9) or 0)
    return iso_date(tuple(parts), -hh if sign == "-" else hh, mm) if sign != "Z" else iso_date(tuple(parts))
