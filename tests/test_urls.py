"""Links: one rule for the data and for the check of the PDF (cv_builder/urls.py).

A link the build accepts is one its own check accepts, and the other way round:
schemes in any case (RFC 3986), written in lower case; hosts with a dot; no
relative paths; no invisible characters that make an address read as another;
addresses outside ASCII written in ASCII in the PDF, as PDF asks.
"""

from __future__ import annotations

import io

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from conftest import PDF
from cv_builder import build as build_module
from cv_builder import urls
from cv_builder.cli import main
from cv_builder.errors import CVError
from cv_builder.pdfcheck import check_pdf
from cv_builder.schema import json_schema


def cv_with(tmp_path, about: str = "Text.", **top) -> str:
    data = {"name": "Ada Lovelace", **top, "sections": {"about": [about]}}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def validate(path: str):
    return CliRunner().invoke(main, ["validate", path])


def pdf_linking_to(uri: str) -> bytes:
    """A PDF with one link to uri, as another program may write it."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.drawString(72, 750, "Ada Lovelace")
    c.linkURL(uri, (72, 700, 200, 712), relative=0)
    c.showPage()
    c.save()
    return buf.getvalue()


def link_messages(uri: str) -> list[str]:
    return [p.message for p in check_pdf(pdf_linking_to(uri)).problems if "link" in p.message]


def test_schemes_in_capitals_are_links_and_pass_the_check(tmp_path):
    """Issue 19: `[site](HTTPS://EXAMPLE.ORG)` and `MAILTO:` were accepted by the build and
    rejected by its own check. A scheme is case-insensitive: the link is written in lower case."""
    path = cv_with(tmp_path, "See [my site](HTTPS://EXAMPLE.ORG/Ada) or [write](MAILTO:ada@example.org).",
                   website="Https://example.org", links=[{"label": "Code", "url": "HTTP://example.org/code"}])
    out = tmp_path / "cv.pdf"
    result = build_module.build(path, "full", out)
    assert [w.format() for w in result.warnings] == []
    assert sorted(PDF(out).uris()) == ["http://example.org/code", "https://EXAMPLE.ORG/Ada", "https://example.org",
                                       "mailto:ada@example.org"]
    assert link_messages("HTTPS://EXAMPLE.ORG") == [] and link_messages("MAILTO:ada@example.org") == []


@pytest.mark.parametrize("field", ["about", "website", "email"])
def test_an_address_holding_a_right_to_left_override_is_refused(tmp_path, field):
    """Issue 20: U+202E inside a URL was accepted: “example.org/‮fdp.exe” shows as
    “example.org/exe.pdf”. Every invisible control of text direction is refused."""
    rlo = "\u202e"
    top = {"about": f"My [cv](https://example.org/{rlo}fdp.exe).", "website": f"https://example.org/{rlo}x",
           "email": f"ada{rlo}@example.org"}
    about = top.pop("about") if field == "about" else "Text."
    path = cv_with(tmp_path, about, **({field: top[field]} if field != "about" else {}))
    result = validate(path)
    assert result.exit_code == 1, result.output
    assert "contains the invisible character U+202E, which an address may not hold" in result.stderr
    assert "Traceback" not in result.output
    assert "contains the invisible character U+202E" in " ".join(link_messages(f"https://example.org/{rlo}x"))


@pytest.mark.parametrize("address", ["https://localhost/cv", "https://intranet", "http://192.168.0.1/cv"])
def test_a_host_without_a_domain_is_not_a_web_link(tmp_path, address):
    """A host without a dot (or an IP number) is no address on the web: refused in the data,
    and by the check (which took localhost before)."""
    result = validate(cv_with(tmp_path, f"My [cv]({address})."))
    assert result.exit_code == 1
    assert "has no valid host name" in result.stderr
    assert any("has no valid host name" in m for m in link_messages(address))


@pytest.mark.parametrize("address", ["https:/cv.pdf", "http:cv.pdf", "https:///cv.pdf"])
def test_a_relative_path_is_not_a_web_link(tmp_path, address):
    result = validate(cv_with(tmp_path, f"My [cv]({address})."))
    assert result.exit_code == 1
    assert "has no host after the scheme" in result.stderr
    assert any(m.endswith("has no host after the scheme (a web address starts with https://)")
               or m.endswith("has no host after the scheme") for m in link_messages(address)), link_messages(address)


def test_addresses_outside_ascii_are_written_in_ascii(tmp_path):
    """An address in Japanese is a link (the check refused its host before); the PDF holds it
    in ASCII, as a URI action must be (before: UTF-16, which readers do not follow)."""
    path = cv_with(tmp_path, "Mein [Lebenslauf](https://例え.jp/パス?q=ü).", email="ada@bücher.de")
    out = tmp_path / "cv.pdf"
    result = build_module.build(path, "full", out)
    assert [w.format() for w in result.warnings] == []
    assert sorted(PDF(out).uris()) == ["https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%C3%BC",
                                       "mailto:ada@xn--bcher-kva.de"]
    assert any("is not written in ASCII" in m for m in link_messages("https://例え.jp/"))


def test_the_json_schema_takes_a_scheme_in_capitals():
    schema = json_schema()
    jsonschema.validate({"name": "Ada", "website": "HTTPS://example.org", "sections": {}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "Ada", "website": "ftp://example.org", "sections": {}}, schema)


PIECES = st.sampled_from(["https://", "HTTP://", "Https://", "mailto:", "MAILTO:", "ftp://", "https:/", "https:",
                          "example.org", "EXAMPLE.org", "localhost", "intranet", "例え.jp", "xn--r8jz45g.jp",
                          "a@", "ada@", "ada@example.org", "/path", "/", "?q=1", "#top", ":8080", "\u202e",
                          "\u200b", " ", "%20", ".", "-", "_", "..", "bücher", "(", ")", "\\", "\""])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, min_size=1, max_size=5).map("".join))
def test_the_build_and_its_check_agree_on_every_address(tmp_path, address):
    """Whatever the address: either the data refuses it, or the build's own check passes it."""
    if "\n" in address or "]" in address:
        return
    path = cv_with(tmp_path, f"A [link]({address}) and a [second](https://example.org).")
    try:
        result = build_module.build(path, "full", tmp_path / "cv.pdf")
    except CVError as exc:  # the data refuses it, for the reason the rule gives
        assert urls.problem(address.strip()) is not None, str(exc)
        return
    assert [w.message for w in result.warnings if "link" in w.message] == []
