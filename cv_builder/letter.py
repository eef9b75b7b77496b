"""Cover letters: one per application, in the CV's look, built with the CV.

The data's ``letter:`` (:class:`~cv_builder.model.Letter`) is every letter's; a
variant's ``letter:`` changes it for that application, field by field (the
recipient's too). Text shared between letters is written once, in the top-level
letter, and reused:

- a paragraph may carry ``tags``, as CV items do: a variant's letter keeps the
  paragraphs its ``include``/``exclude`` keep (untagged ones are in every letter);
- ``{role}`` and ``{organisation}`` in the letter's text are the variant's ``role``
  and ``organisation`` (the organisation, else the letter's recipient's).

:func:`cv_builder.variants.tailor_letter` makes a variant's letter whole (model in,
model out: every build of the file checks it, as it checks the variant); :func:`render`
sets it in a look (:mod:`cv_builder.layouts.letter`) and fits it on one page
(:func:`cv_builder.fit.fit_without_leaving_out`); :func:`build_letter` checks and
writes it like a CV (:func:`cv_builder.build.written`); :func:`text` is its body as
plain text or Markdown, for a form.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from pathlib import Path
from typing import Optional

from .errors import CVError, Problem
from .model import CV, Letter, Recipient
from .variants import tailor_letter

#: what is left to fill in: a few words in angle brackets, <Name of the hiring manager>
PLACEHOLDER = re.compile(r"<(?=\S)[^<>\n]{0,80}[^\W\d_][^<>\n]{0,80}(?<=\S)>")


def texts(letter: Letter):
    """Every text of a letter, in the order it is read."""
    recipient = letter.recipient or Recipient()
    yield from (t for t in (recipient.name, recipient.organisation, *(recipient.address or []), letter.subject,
                            letter.salutation, *(p.text for p in letter.paragraphs or []), letter.closing,
                            letter.signature) if t is not None)


def placeholders(letter: Letter) -> list[Problem]:
    """A warning for each placeholder still in the letter (`<Organisation>`), where it is written."""
    out, seen = [], set()
    for text in texts(letter):
        for m in PLACEHOLDER.finditer(text.plain):
            if m.group(0) in seen:
                continue  # (one filled in elsewhere, as {organisation}: it is fixed where it is written)
            seen.add(m.group(0))
            position, path = text.origin if len(text.origin) == 2 else (None, None)
            out.append(Problem(f"the letter still has a placeholder: {m.group(0)}", position=position, path=path,
                               severity="warning", hint="write what it stands for before you send the letter"))
    return out


# -- the PDF ------------------------------------------------------------------------
def default_output(cv: CV, layout_name: str, folder: Path | str = "build") -> Path:
    """``<folder>/<Name>_Letter[_<variant>].pdf``; with the layout's name after it when it is
    not the CV's own (the variant's layout, else full)."""
    from .build import layout_for, slug

    stem = f"{slug(cv.name)}_Letter"
    if cv.variant:
        stem += f"_{slug(cv.variant.name)}"
    if layout_name != layout_for(cv):
        stem += "_" + slug(Path(layout_name).stem if layout_name.endswith((".yaml", ".yml")) else layout_name)
    return Path(folder) / f"{stem}.pdf"


def whole(cv: CV) -> tuple[CV, list[Problem]]:
    """The CV with its letter made whole for its variant (if it was tailored to one), and the
    warnings (placeholders left, fields not known); CVError if there is no letter, or it is broken."""
    letter, problems = tailor_letter(cv, None)
    if letter is None:
        what = f"the variant `{cv.variant.name}`" if cv.variant else (cv.source or "the data")
        raise CVError([Problem(f"{what} has no letter", hint="add `letter:` to the data, with its recipient, "
                                                             "subject and paragraphs (see the README)")])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CVError(errors)
    return dataclasses.replace(cv, letter=letter), problems + placeholders(letter)


def render(cv: CV, layout_name: str = "full", paper: Optional[str] = None):
    """The letter of a CV (made whole: :func:`whole`) in a look, on one page; returns the
    Rendered PDF (in memory). Too long for one page even at the look's one-page floors:
    CVError, saying by how much."""
    from . import fit, memo  # 1.8 ms: the fitter, which a CV's full build does not load

    memo.new_build()
    cv, warnings = whole(cv)
    spec = look(cv, layout_name)
    rendered, over = fit.fit_without_leaving_out(cv, spec, paper)
    if rendered is None:
        raise CVError([_too_long(cv, spec, paper, over)])
    rendered.warnings = warnings + rendered.warnings
    return rendered


def look(cv: CV, layout_name: str):
    """The look ``layout_name`` as a letter of ``cv`` is set in: the letter's structure over the
    look's own (:mod:`cv_builder.layouts.letter`), the fonts its text needs, one page at the
    floors of the look's one-page form, no running head."""
    from . import layout as looks
    from .build import drawn_words
    from .layouts.letter import LetterOptions  # 100 ms: ReportLab, where validate imports this module
    from .look import Fit

    spec = looks.load(layout_name)
    floors = looks.load(layout_name, 1).fit or Fit()  # the one-page CV's floors
    language = cv.language
    drawn = [*drawn_words(cv), language.letter, language.day((cv.letter.date or _today()).date())]
    spec = looks.for_scripts(spec, drawn)
    # the letter's text is set at the size of the look's running prose (its intro): a letter is
    # read as prose, not scanned as a CV is; fitted, it goes down to the same floor as body text
    sizes = dataclasses.replace(spec.sizes, body=max(spec.sizes.body, spec.sizes.intro))
    # nothing of a letter is smaller than its text's floor (the one-page CV's details go lower: 8 pt)
    fit = dataclasses.replace(floors, pages=1, min_size=max(floors.min_size, floors.min_body))
    return dataclasses.replace(spec, structure=LetterOptions(name="letter", grid=spec.structure), sizes=sizes,
                               fit=fit, running_head=False)


def glyph_problems(cv: CV, layout_name: str) -> list[Problem]:
    """The fields of the letter (made whole) whose text has characters no font of its look has
    (what a build of the letter fails on): :func:`cv_builder.build.glyph_problems` for a letter."""
    if cv.letter is None or all(t.plain.isascii() for t in texts(cv.letter)):
        return []
    from . import layouts  # 100 ms: ReportLab and the renderer, for validate's non-ASCII letters only
    from .render.inline import missing_glyphs

    cv, _ = whole(cv)
    layout = layouts.make(cv, look(cv, layout_name))
    layout.story()
    return missing_glyphs(cv.strings, layout.theme.fam, layout.inline.blank)


def _today():
    from .model import Day

    return Day(today=True)


def _too_long(cv: CV, spec, paper, over: float) -> Problem:
    """By how much a letter is too long for its page, in lines of its text (and words)."""
    from . import layouts  # 100 ms: ReportLab and the renderer, where validate imports this module
    from .render.flowables import Para

    f = spec.fit
    ts = min(1.0, f.min_body / spec.sizes.body)
    layout = layouts.make(cv, spec, paper, ts, f.min_spacing)
    t = layout.theme
    prose = t["body"]
    lines = max(1, math.ceil(over / prose.leading - 0.05))
    size = f"{prose.fontSize:g} pt"
    message = (f"the letter is too long for one page: {lines} line{'s' if lines != 1 else ''} too long "
               f"({over / 72 * 25.4:.0f} mm), even at the smallest type ({size} text) and the tightest spacing")
    hint = "shorten the letter"
    words = 0
    line_count = 0
    for region in layout.regions():
        for flowable in region.flowables:
            para = getattr(flowable, "inner", flowable)
            if isinstance(para, Para) and para.style is prose:
                para.wrap(region.width - getattr(flowable, "dx", 0), t.height)
                line_count += len(para.blPara.lines)
                words += len(para.text.split())
    if line_count and cv.language.line_breaking == "spaces":
        hint += f" by about {math.ceil(lines * words / line_count / 5) * 5} words"
    variant = cv.variant
    # (where the letter made whole is written: a variant's own `letter:`, else the data's)
    path = f"variants.{variant.name}.letter" if variant is not None and variant.letter is not None else "letter"
    return Problem(message, position=cv.letter.origin, path=path,
                   hint=hint + " (or leave out the subject, or a paragraph); nothing of a letter is left out "
                               "to make it fit")


def build_letter(cv: CV, layout_name: Optional[str] = None, output: Optional[Path | str] = None,
                 paper: Optional[str] = None, folder: Path | str = "build", started: Optional[float] = None):
    """Render the letter of a loaded (and perhaps tailored) CV in its look, check the PDF and
    write it atomically, as a CV is (:func:`cv_builder.build.written`)."""
    from .build import layout_for, written

    start = time.perf_counter() if started is None else started
    layout_name = layout_for(cv, layout_name)
    out = Path(output) if output else default_output(cv, layout_name, folder)
    return written(cv, render(cv, layout_name, paper), out, layout_name, start)


def build(data: Path | str = "data/cv.yaml", layout_name: Optional[str] = None, output: Optional[Path | str] = None,
          paper: Optional[str] = None, variant: Optional[str] = None, folder: Path | str = "build"):
    """Load and check the data (as a CV build does), tailor it to a variant (if named), and
    build its letter (:func:`build_letter`)."""
    from .build import loaded

    start = time.perf_counter()
    return build_letter(loaded(data, variant), layout_name, output, paper, folder, started=start)


# -- text -------------------------------------------------------------------------------
def text(cv: CV, markdown: bool = False) -> tuple[str, list[Problem]]:
    """The letter's body, from the salutation to the signature, as plain text (one paragraph a
    line, for a form's text box) or Markdown, and the warnings (placeholders left). The
    recipient, date and subject are left out: a form asks for them apart."""
    from .interop.export import PlainWriter, Writer  # 0.5 ms: only for `export --letter`

    cv, warnings = whole(cv)
    letter = cv.letter
    w = Writer() if markdown else PlainWriter()
    blocks = [w.text(letter.salutation) if letter.salutation else None,
              *(w.text(p.text) for p in letter.paragraphs or []),
              "\n".join(filter(None, [w.text(letter.closing) if letter.closing else None,
                                      w.text(letter.signature) if letter.signature else w.text(cv.name)]))]
    return "\n\n".join(b for b in blocks if b) + "\n", warnings
