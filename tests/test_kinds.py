"""Section kinds in one place (cv_builder.kinds).

Every registered kind shows in every output (the PDF, plain text, Markdown,
JSON Resume and back, the diff), a kind with a form missing is refused when it
is registered, renderers stay clear of ReportLab, and a new kind is one file:
tests/fixtures/kind_quotes.py, registered here and used like a built-in kind.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import json
import subprocess
import sys
import typing
from itertools import count

import jsonschema
import pytest

from conftest import JSONRESUME, PDF, ROOT

from cv_builder import compare, kinds, schema, variants
from cv_builder.build import build
from cv_builder.errors import CVError
from cv_builder.interop import jsonresume
from cv_builder.interop.export import markdown, plain_text
from cv_builder.interop.yamlout import cv_to_data, dump
from cv_builder.layouts import structures
from cv_builder.markup import Text
from cv_builder.model import Date

FIXTURE = ROOT / "tests" / "fixtures" / "kind_quotes.py"
VALIDATOR = jsonschema.Draft4Validator(json.loads((JSONRESUME / "schema.json").read_text()),
                                       format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def quotes_module():
    """tests/fixtures/kind_quotes.py, loaded afresh (it is no package of ours)."""
    spec = importlib.util.spec_from_file_location("kind_quotes", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass's annotations are read in its module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def quotes():
    """The quotes kind, registered for one test."""
    kind = kinds.register(quotes_module().KIND)
    yield kind
    kinds.unregister("quotes")
    assert "quotes" not in kinds.KIND_BY_ID


@pytest.fixture(params=[*kinds.KINDS, "quotes"])
def kind(request):
    """Each registered kind, and one registered by a test."""
    if request.param == "quotes":
        yield request.getfixturevalue("quotes")
    else:
        yield kinds.KINDS[request.param]


# -- a CV holding sections of one kind, every field of its items filled --------------
def _unwrap(tp):
    if typing.get_origin(tp) is typing.Union:
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    return tp


def sample(cls, words, years) -> tuple[dict, list[str]]:
    """An item of ``cls`` as data, each text field a new word; and the words and dates a
    reader should find (short forms, priorities, tags and addresses are not shown by design)."""
    data, shown = {}, []
    hints = schema.hints(cls)
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal") or f.name in ("short", "priority", "tags") or f.metadata.get("pattern"):
            continue
        tp = _unwrap(hints[f.name])
        if tp is Date:
            data[f.name] = year = next(years)
            shown.append(str(year))
        elif tp in (str, Text) and f.metadata.get("format") == "url":
            data[f.name] = f"https://example.org/{next(words)}"
        elif tp in (str, Text):
            data[f.name] = word = next(words)
            shown.append(word)
        elif typing.get_origin(tp) is list and typing.get_args(tp)[0] is str:
            data[f.name] = [next(words), next(words)]
            shown += data[f.name]
        elif typing.get_origin(tp) is list and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            item, more = sample(typing.get_args(tp)[0], words, years)
            data[f.name] = [item]
            shown += more
        else:  # pragma: no cover - a field type this test does not know yet: teach it here
            raise AssertionError(f"no sample for {cls.__name__}.{f.name} ({tp})")
    return data, shown


def words():
    """Qzaab, Qzaac, …: letters only, found nowhere else."""
    for n in count(1):
        yield "Qz" + "".join(chr(97 + n // 26 ** i % 26) for i in (2, 1, 0))


def sample_cv(kind: kinds.Kind) -> tuple[dict, dict[str, list[list[str]]]]:
    """A CV with a section of the kind under its first known id (if it has one) and one
    under an id of its own; section id -> the words of each item."""
    w, years = words(), count(1991)
    sections, shown = {}, {}
    for sid in ([kind.ids[0]] if kind.ids else []) + [f"own_{kind.name}"]:
        items = [sample(kind.item, w, years) for _ in range(2)]
        sections[sid] = {"title": f"Section {next(w)}", "kind": kind.name, "items": [i for i, _ in items]}
        shown[sid] = [s for _, s in items]
    return {"name": "Ada Lovelace", "sections": sections}, shown


def load(data: dict) -> object:
    return schema.loads(dump(data))


def no_repr(text: str, kind: kinds.Kind) -> bool:
    return f"{kind.item.__name__}(" not in text and " object at 0x" not in text


# -- every kind in every output ----------------------------------------------------------
def test_every_kind_shows_in_the_pdf(kind, tmp_path):
    data, shown = sample_cv(kind)
    path = tmp_path / "cv.yaml"
    path.write_text(dump(data), encoding="utf-8")
    pdf = PDF(build(path, "full", tmp_path / "cv.pdf").output)
    for sid, items in shown.items():
        assert pdf.missing(data["sections"][sid]["title"], *[w for item in items for w in item]) == []


@pytest.mark.parametrize("form", [markdown, plain_text], ids=["markdown", "text"])
def test_every_kind_shows_in_text_and_markdown(kind, form):
    data, shown = sample_cv(kind)
    text = form(load(data))
    for sid, items in shown.items():
        title = data["sections"][sid]["title"]
        assert (title if form is markdown else title.upper()) in text
        assert [w for item in items for w in item if w not in text] == []
    assert no_repr(text, kind)


def test_every_kind_goes_to_json_resume_and_back(kind, tmp_path):
    data, _ = sample_cv(kind)
    cv = load(data)
    doc, _ = jsonresume.export(cv)
    assert sorted(f"{'/'.join(map(str, e.path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)) == []
    path = tmp_path / "resume.json"
    path.write_text(jsonresume.dumps(doc), encoding="utf-8")
    result = jsonresume.import_file(path, tmp_path / "back.yaml")
    assert result.notes == []
    assert cv_to_data(result.cv) == cv_to_data(cv)
    placed = {s["id"]: s.get("from") for s in doc["meta"]["cvBuilder"]["sections"]}
    for sid in data["sections"]:  # a section of a known id goes where the kind's form says
        targets = [k for k, ids in kind.json_resume.sections.items() if sid in ids]
        assert placed[sid] == (targets[0] if targets else None)


def test_every_kind_has_a_diff_form(kind):
    data, shown = sample_cv(kind)
    a = load(data)
    fewer = json.loads(json.dumps(data))
    for body in fewer["sections"].values():
        body["items"].pop()
    d = compare.diff(a, load(fewer))
    removed = [text for mark, text in d.lines if mark == "-"]
    assert d.only_a == len(removed) and not d.only_b
    for items in shown.values():  # the last item of each section, by its first word
        assert any(items[-1][0] in text for text in removed), (items[-1], removed)
    assert all(no_repr(text, kind) for _, text in d.lines)
    assert compare.diff(a, load(data)).same


# -- registration ------------------------------------------------------------------------
@pytest.mark.parametrize("form", list(kinds.FORMS))
def test_a_kind_with_a_form_missing_is_refused(form):
    k = quotes_module().KIND
    incomplete = kinds.Kind(k.name, k.item, k.ids, **{f: None if f == form else getattr(k, f) for f in kinds.FORMS})
    with pytest.raises(kinds.KindError) as caught:
        kinds.register(incomplete)
    assert str(caught.value) == (f"section kind `quotes` has no {kinds.FORMS[form]}: "
                                 "every kind needs a form in every output")
    assert "quotes" not in kinds.KINDS and "quotes" not in kinds.KIND_BY_ID


def test_a_name_or_id_taken_is_refused(quotes):
    with pytest.raises(kinds.KindError, match="^section kind `quotes` is registered already$"):
        kinds.register(quotes)
    k = quotes_module().KIND
    other = kinds.Kind("sayings", k.item, ("sayings", "quotes", "skills"), render=k.render, write=k.write,
                       json_resume=k.json_resume, diff=k.diff)
    with pytest.raises(kinds.KindError) as caught:
        kinds.register(other)
    assert str(caught.value) == ("section kind `sayings`: section ids already known as other kinds: "
                                 "quotes (quotes), skills (tags)")
    assert "sayings" not in kinds.KINDS and kinds.KIND_BY_ID["skills"] == "tags"


def test_a_json_resume_form_needs_its_item_writer():
    k = quotes_module().KIND
    bad = kinds.Kind("quotes", k.item, render=k.render, write=k.write, diff=k.diff,
                     json_resume=kinds.JsonResume({"references": ("quotes",)}))
    with pytest.raises(kinds.KindError, match="must say how an item is written"):
        kinds.register(bad)


def test_the_kinds_layer_needs_no_reportlab():
    """Renderers only call the Context they are given: validating, exporting and diffing
    load no ReportLab (and none of the render package)."""
    for path in (ROOT / "cv_builder" / "kinds").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [("." * node.level) + (node.module or "")] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.startswith(("reportlab", "..render", "cv_builder.render"))], path
    code = ("import sys, cv_builder.kinds, cv_builder.schema, cv_builder.compare, cv_builder.interop.export, "
            "cv_builder.interop.jsonresume; "
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'cv_builder.render'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "[]", r.stderr


# -- a new kind is one file ----------------------------------------------------------------
QUOTES_CV = """\
name: Ada Lovelace
headline: Analyst and metaphysician
sections:
  quotes:
    - text: Ada saw *further* than any of us.
      attribution: Charles Babbage, Analytical Society
    - text: A most remarkable translator.
      attribution: Luigi Menabrea
      tags: [long]
  sayings:
    title: More sayings
    kind: quotes
    items:
      - text: Poetical science.
        attribution: Ada herself
  skills: [Mathematics, Poetry]
variants:
  short:
    exclude: [long]
  full:
    sections: [quotes, sayings, skills]
"""


def test_a_kind_in_one_file_works_in_every_output(quotes, tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(QUOTES_CV, encoding="utf-8")
    cv = schema.load(data)
    assert [(s.id, s.kind) for s in cv.sections] == [("quotes", "quotes"), ("sayings", "quotes"), ("skills", "tags")]

    pdf = PDF(build(data, "full", tmp_path / "cv.pdf").output)
    assert pdf.contains_in_order("Quotes", "“Ada saw further than any of us.”", "— Charles Babbage, Analytical Society",
                                 "“A most remarkable translator.”", "— Luigi Menabrea",
                                 "More sayings", "“Poetical science.”", "— Ada herself", "Skills")

    md = markdown(cv)
    assert "## Quotes\n\n> Ada saw *further* than any of us.\n>\n> — Charles Babbage, Analytical Society\n\n" in md
    assert "“Poetical science.” — Ada herself" in plain_text(cv)

    doc, notes = jsonresume.export(cv)
    assert [n.message.rsplit(": ", 1)[1] for n in notes] == ["quotes (quotes), sayings (quotes)"]
    (tmp_path / "resume.json").write_text(jsonresume.dumps(doc), encoding="utf-8")
    back = jsonresume.import_file(tmp_path / "resume.json", tmp_path / "back.yaml")
    assert cv_to_data(back.cv) == cv_to_data(cv)

    d = compare.diff(variants.apply(cv, "full"), variants.apply(cv, "short"))
    assert d.lines == [("#", "Quotes"), ("-", "A most remarkable translator. · Luigi Menabrea")]


@pytest.mark.parametrize("structure", sorted(structures()))
def test_a_kind_in_one_file_works_in_every_layout_class(quotes, tmp_path, structure):
    """Its rows and paragraphs go through the Context, so each layout class places them."""
    data = tmp_path / "cv.yaml"
    data.write_text(QUOTES_CV.replace("variants:", "  experience:\n    - {title: Analyst, organisation: "
                                      "Analytical Society, start: 1842, end: 1843}\nvariants:"), encoding="utf-8")
    look = tmp_path / "look.yaml"
    look.write_text(f"description: a test look\nextends: full\nstructure: {structure}\n", encoding="utf-8")
    pdf = PDF(build(data, str(look), tmp_path / "cv.pdf").output)
    assert pdf.missing("Ada saw further than any of us.", "— Charles Babbage, Analytical Society",
                       "Poetical science.", "— Ada herself", "Analytical Society", "1842 – 1843") == []


def test_without_its_registration_the_kind_is_unknown(tmp_path):
    """The fixture is the kind: not registered, the same data is refused, with the kinds there are."""
    assert "quotes" not in kinds.KINDS
    with pytest.raises(CVError) as caught:
        schema.loads(QUOTES_CV.replace("kind: quotes", "kind: quote"))
    text = str(caught.value)
    assert "`quotes` is not a known section, so its kind is unknown" in text
    assert "unknown section kind `quote`" in text
