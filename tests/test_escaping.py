"""Text is text: markup-like content prints literally, reads no file, and makes no unsafe link."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import PDF
from cv_builder.build import build
from cv_builder.cli import main

HOSTILE = r'''
name: R&D <b>Lovelace</b>
headline: 'a < b & c > d, "quoted" & <i>not italic</i>'
email: ada&co@example.org
sections:
  about:
    - 'Plain <b>bold tag</b>, R&D, a < b, &amp; &lt; &#65; <br/> <para>x</para> <font name="Courier">f</font>'
    - 'An image tag: <img src="{secret}"/> and a link tag: <a href="javascript:alert(1)">click</a>'
    - '**real bold** *real italic* [a real link](https://example.org/?a=1&b=2) \*no italic\*'
  experience:
    - organisation: '<i>Org</i> & Co'
      title: 'T<sup>2</sup> <strike>x</strike>'
      place: '<br/>'
      start: 2020
      bullets:
        - '<onDraw name="x"/> <seq id="a"/> <index item="x"/> %(name)s {name}'
  skills: ['C++ & <STL>', '<script>alert(1)</script>']
  publications:
    - title: 'On <x> & y'
      authors: ['A <&> B', 'R&D <Lovelace>']
      year: 2020
      url: 'https://example.org/paper?x=1&y=2'
'''

LITERALS = [
    "R&D <b>Lovelace</b>",
    'a < b & c > d, "quoted" & <i>not italic</i>',
    "Plain <b>bold tag</b>, R&D, a < b, &amp; &lt; &#65; <br/> <para>x</para> <font",
    "An image tag: <img src=",
    '<a href="javascript:alert(1)">click</a>',
    "real bold real italic a real link *no italic*",
    "<i>Org</i> & Co", "T<sup>2</sup> <strike>x</strike>", "<br/>",
    '<onDraw name="x"/> <seq id="a"/> <index item="x"/> %(name)s {name}',
    "C++ & <STL> · <script>alert(1)</script>",
    "On <x> & y", "A <&> B, R&D <Lovelace>",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    secret = folder / "secret.png"
    secret.write_bytes(b"not an image")
    data = folder / "cv.yaml"
    data.write_text(HOSTILE.replace("{secret}", str(secret)), encoding="utf-8")
    return data, secret, folder


def test_markup_like_text_comes_out_literally(hostile, monkeypatch):
    data, secret, folder = hostile
    opened = []
    import reportlab.lib.utils as rl_utils

    real = rl_utils.open_for_read

    def spy(name, *args, **kwargs):
        opened.append(str(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(rl_utils, "open_for_read", spy)
    out = folder / "cv.pdf"
    build(data, output=out)
    pdf = PDF(out)
    assert not pdf.missing(*LITERALS), pdf.missing(*LITERALS)
    assert pdf.contains_in_order(f'<img src="{secret}"/>')
    assert not [name for name in opened if "secret" in name]  # the image tag read no file
    for page in pdf.pages:  # and drew no image
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_only_http_https_mailto_uris(hostile):
    data, _, folder = hostile
    out = folder / "cv2.pdf"
    build(data, output=out)
    uris = PDF(out).uris()
    assert "https://example.org/?a=1&b=2" in uris
    assert "mailto:ada&co@example.org" in uris
    assert "https://example.org/paper?x=1&y=2" in uris
    assert all(u.split(":", 1)[0] in ("http", "https", "mailto") for u in uris), uris


def test_the_seed_cv_has_only_safe_uris(full):
    assert full.uris()
    assert all(u.split(":", 1)[0] in ("http", "https", "mailto") for u in full.uris())


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "ftp://example.org", "vbscript:x",
    "JAVASCRIPT:alert(1)", " javascript:alert(1)", "example.org",
])
def test_other_schemes_are_a_clear_error(link, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(
        f"name: A\nwebsite: 'https://ok.example.org'\nsections:\n  about: '[click]({link})'\n")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr.startswith("cv.yaml:4:3: sections.about[0].text: the link `")
    assert not (tmp_path / "cv.pdf").exists()


@pytest.mark.parametrize("written,spans,problems", [
    ("plain words, then **bold** and *italic*, \\*escaped\\* and a [link](https://example.org/a_(b)) end",
     [("plain words, then ", False, False, None), ("bold", True, False, None), (" and ", False, False, None),
      ("italic", False, True, None), (", *escaped* and a ", False, False, None),
      ("link", False, False, "https://example.org/a_(b)"), (" end", False, False, None)], 0),
    ("**unclosed bold and *nested [x](https://e.org) italic* here",
     [("**unclosed bold and ", False, False, None), ("nested ", False, True, None),
      ("x", False, True, "https://e.org"), (" italic", False, True, None), (" here", False, False, None)], 0),
    ("a\\\\b \\[not a link](x) * star * **", [("a\\b [not a link](x) * star * **", False, False, None)], 0),
    ("[bad link](javascript:alert(1)) and [sp ace](https://e.org/a b)",
     [("bad link and sp ace", False, False, None)], 2),
])
def test_markup_between_runs_of_plain_text(written, spans, problems):
    """Plain text is read in runs up to the next \\, * or [; what those start is read as before."""
    from cv_builder import markup
    text, found = markup.parse(written)
    assert [(s.text, s.bold, s.italic, s.href) for s in text.spans] == spans
    assert len(found) == problems


def test_arxiv_identifiers_old_and_new(tmp_path):
    """Identifiers from before 2007 (archive/YYMMNNN) are arXiv identifiers too."""
    from cv_builder import schema
    from cv_builder.errors import CVError

    for good in ("2307.01952", "2307.01952v2", "1501.0001", "hep-th/9901001", "math.GT/0309136v1", "cs/0112017"):
        cv = schema.loads(f"name: A\nsections:\n  publications:\n    - title: T\n      arxiv: {good}\n", "cv.yaml")
        assert cv.sections[0].items[0].arxiv == good
    for bad in ("1843", "hep-th/99", "HEP-TH/9901001", "arXiv:2307.01952"):
        with pytest.raises(CVError, match="this is not an arXiv identifier"):
            schema.loads(f"name: A\nsections:\n  publications:\n    - title: T\n      arxiv: '{bad}'\n", "cv.yaml")


def test_three_asterisks_are_bold_italic():
    """`***both***` printed as bold '*both*' (the markup Markdown export writes for bold italic)."""
    from cv_builder import markup

    text, problems = markup.parse("***both*** and **bold *it* x** and a *** b", None)
    assert not problems
    assert [(s.text, s.bold, s.italic) for s in text.spans] == [
        ("both", True, True), (" and ", False, False), ("bold ", True, False), ("it", True, True),
        (" x", True, False), (" and a *** b", False, False)]
