"""PDFs written byte by byte, and damaged copies of PDFs, for the tests of the check."""

from __future__ import annotations

import io
import random
import re
import zlib
from pathlib import Path

REGULAR = Path(__file__).resolve().parents[1] / "fonts" / "SourceSans3-Regular.ttf"


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these object bodies (object 1 first: the catalog), with a correct
    cross-reference table."""
    data = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return data


def stream(content: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), entries) + content + b"\nendstream"


def one_page(content: bytes, resources: bytes = b"<< >>", more: tuple = ()) -> bytes:
    """Catalog (1), pages (2), a page (3) drawing content (4); more objects from 5 on."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources %s >>"
                % resources, content, *more])


def zeros(mib: int) -> bytes:
    """zlib data that inflates to mib MiB of zero bytes, in about a KB per MiB: one
    compressed MiB, flushed to a byte boundary, repeated; the checksum of zeros is known."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    n = mib << 20
    return b"\x78\xda" + first + again * (mib - 1) + c.flush() + (((n % 65521) << 16) | 1).to_bytes(4, "big")


def one_cv_page(text: str = "Ada Lovelace", author: str = "Ada Lovelace") -> bytes:
    """A one-page PDF made with ReportLab as a CV's is (an embedded subset of Source Sans,
    author, outline, /Lang), which the check passes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    name = "test-craft-regular"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(REGULAR)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, lang="en", initialFontName=name)
    c.setAuthor(author)
    c.setFont(name, 12)
    c.drawString(72, 750, text)
    c.drawString(72, 720, "Experience")
    c.bookmarkPage("s0")
    c.addOutlineEntry("Experience", "s0")
    c.showPage()
    c.save()
    return buf.getvalue()


KEYWORDS = [b"endobj", b"endstream", b"obj", b"stream", b"/Length", b"xref", b"trailer", b"R", b">>", b"<<",
            b"[", b"]", b"/Kids", b"/Parent", b"/Root", b"/Type"]


def damaged(data: bytes, rng: random.Random, edits: int, keywords: bool = False) -> bytes:
    """data with edits random changes: bytes changed, cut or added, and (with keywords)
    PDF keywords dropped, swapped or doubled."""
    b = bytearray(data)
    for _ in range(edits):
        if keywords and rng.random() < 0.5:
            word = rng.choice(KEYWORDS)
            found = [m.start() for m in re.finditer(re.escape(word), bytes(b))]
            if found:
                pos = rng.choice(found)
                b[pos:pos + len(word)] = rng.choice([b"", rng.choice(KEYWORDS), word + b" " + word])
            continue
        pos = rng.randrange(len(b))
        op = rng.random()
        if op < 0.4:
            b[pos] = rng.randrange(256)
        elif op < 0.7:
            del b[pos:pos + rng.randint(1, 200)]
        else:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 30)))
    return bytes(b)
