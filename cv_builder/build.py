"""The library API: build a CV file into a PDF file.

The CLI calls these; so can a test or another program. Problems are raised as
:class:`~cv_builder.errors.CVError`; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import re
import time
import unicodedata
from dataclasses import field
from pathlib import Path
from typing import Optional

from . import layout as looks
from . import look, memo, schema, variants
from .errors import CVError, Problem
from .files import check_output, write_output
from .model import CV
from .record import record


@record
class BuildResult:
    """What a build made: the file, its pages and size, and what was done to fit it."""

    output: Path
    pages: int
    size: int
    seconds: float
    layout: str
    warnings: list = field(default_factory=list)
    type_scale: float = 1.0
    space_scale: float = 1.0
    left_out: list = field(default_factory=list)
    variant: Optional[str] = None
    check_seconds: float = 0.0  # what the self-check of the PDF took
    pdfa: Optional[str] = None  # the PDF/A level written ("2b", "3b"), if any
    embedded: bool = False  # the CV's data is attached (--embed-data)
    saved: Optional[tuple] = None  # (pages, fill of the last) of the design, when tightening saved its last page


def slug(name: str) -> str:
    """'Dustin Podell' -> 'Dustin_Podell', 'José Ñúñez' -> 'Jose_Nunez', 'one-page' stays:
    safe as a file name everywhere. A name with no Latin letters keeps its own
    ('Александр Пушкин' -> 'Александр_Пушкин'), rather than every such CV being CV_CV.pdf."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_).strip("_-")
    if not re.search(r"[A-Za-z]", out):
        out = re.sub(r"[^\w-]+", "_", unicodedata.normalize("NFC", name)).strip("_-")
    return out or "CV"


def default_output(cv: CV, layout_name: str, variant: Optional[str] = None, folder: Path = Path("build"),
                   pages: Optional[int] = None) -> Path:
    """``<folder>/<Name>_CV[_<variant>][_<layout>][_<n>-page(s)].pdf``: the layout is left out for
    `full`; a layout given as a path counts by its file's stem; hyphens in the parts stay; the
    page count is there when it was asked for (``--pages``)."""
    stem = f"{slug(cv.name)}_CV"
    if variant:
        stem += f"_{slug(variant)}"
    layout_part = Path(layout_name).stem if layout_name.endswith((".yaml", ".yml")) else layout_name
    if layout_part != "full":
        stem += f"_{slug(layout_part)}"
    if pages:
        stem += f"_{pages}-page" + ("s" if pages > 1 else "")
    return Path(folder) / f"{stem}.pdf"


def render_cv(cv: CV, layout_name: str = "full", paper: Optional[str] = None, pages: Optional[int] = None):
    """Lay out a loaded CV in a look (on ``pages`` pages, if given); returns the Rendered PDF (in memory)."""
    from . import fit  # 100 ms: the fitter, ReportLab and the renderer, which validate seldom needs

    memo.new_build()
    selected, spec = prepared(cv, layout_name, pages)
    if spec.sections and any(s.items for s in selected.sections) and not look.chosen(selected, spec.sections):
        ids = ", ".join(s.id for s in cv.sections if s.items)
        raise CVError([Problem(f"the layout `{spec.name}` shows none of this CV's sections ({ids})",
                               hint=f"it shows sections with the ids {', '.join(spec.sections)}: use those ids "
                                    "(with `kind:` for your own), or a layout that shows every section, "
                                    "such as full")])
    if spec.fit:  # (the fitter shows what select() hides, when there is room for it)
        return fit.fit(cv, spec, paper)

    def floors():  # the look on several pages: its floors, read only when a page is to be saved
        several = looks.for_scripts(looks.load(layout_name, 2), drawn_words(cv))
        return several if several.sections == spec.sections else dataclasses.replace(several, sections=spec.sections)

    # as many pages as it takes, ending a page sooner when the last would be nearly empty
    return fit.paginate(selected, spec, paper, floors)


def prepared(cv: CV, layout_name: str = "full", pages: Optional[int] = None):
    """(the CV, the look) as a build lays them out: the look on ``pages`` pages, the
    variant's section order, the sections the look shows."""
    spec = looks.load(layout_name, pages)
    if cv.variant and cv.variant.sections and spec.sections:
        # the variant's order wins; the layout can still leave sections out
        shown = {id(s) for s in look.chosen(cv, spec.sections)}
        spec = dataclasses.replace(spec, sections=[s.id for s in cv.sections if id(s) in shown])
    return look.select(cv, spec), looks.for_scripts(spec, drawn_words(cv))


def drawn_words(cv: CV):
    """The texts a build of the CV may draw: the data's, and its language's words (a CV
    in English words with ``language: ja`` has Japanese titles and running head)."""
    yield from (text for text, _, _ in cv.strings)
    if cv.lang != "en":
        language = cv.language
        yield from (language.running_head, language.present, language.contact)
        yield from (s.title for s in cv.sections)


def layout_for(cv: CV, layout_name: Optional[str] = None) -> str:
    """The layout to use: the one asked for, else the variant's default, else `full`."""
    return layout_name or (cv.variant.layout if cv.variant else None) or "full"


def self_check(rendered, where: Path) -> tuple[list[Problem], float]:
    """Check the PDF the build made against what it drew (the self-check); returns what it
    found, each with its severity: an error means a broken document (text a parser cannot
    read, the name missing, a font not embedded, …), which :func:`build_cv` does not write;
    the rest are warnings, printed with the PDF written."""
    from .pdfcheck import check_pdf  # 7 ms where validate imports this module (the renderer has it)

    report = check_pdf(rendered.pdf, rendered.expect, str(where))
    return list(report.problems), report.seconds


def broken(rendered_problems: list[Problem], checked: list[Problem]) -> list[Problem]:
    """What makes a build fail although it drew a PDF: the errors among what drawing noticed
    (characters no font has, which would print as blank boxes) and among what the
    self-check found in the PDF (which say so)."""
    out = [p for p in rendered_problems if p.severity == "error"]
    for p in checked:
        if p.severity == "error":
            out.append(dataclasses.replace(
                p, message=f"the PDF would be broken, so it was not written: {p.message}",
                hint=p.hint or "this is a bug in cv-builder; the previous PDF is as it was"))
    return out


def archival(rendered, pdfa: Optional[str] = None, embed: bool = False):
    """The rendered PDF made PDF/A (``pdfa``: "2b", "3b") and/or carrying the data of what it
    shows (``embed``; :mod:`cv_builder.interop.embedded`), through pikepdf
    (:mod:`cv_builder.render.archive`); with neither, as it is. Returns it and the PDF/A
    level written (3b where 2b was asked for with data: PDF/A-2 may carry only PDF/A files)."""
    if not pdfa and not embed:
        return rendered, None
    from .render import archive  # 0.25 ms: only for --pdfa and --embed-data

    data = None
    if embed:
        from .interop import embedded  # 0.35 ms: only for --embed-data
        data = embedded.data(rendered.cv)
    level = archive.level_for(pdfa, embed)
    return dataclasses.replace(rendered, pdf=archive.finish(rendered.pdf, level, data)), level


def build_cv(cv: CV, layout_name: Optional[str] = None, output: Optional[Path | str] = None,
             paper: Optional[str] = None, folder: Path | str = "build", started: Optional[float] = None,
             pages: Optional[int] = None, allow_unsupported_scripts: bool = False, *,
             pdfa: Optional[str] = None, embed: bool = False) -> BuildResult:
    """Render a loaded (and perhaps tailored, see :mod:`cv_builder.variants`) CV, check the PDF
    (:func:`self_check`) and write it atomically. A PDF that is broken (:func:`broken`) is
    not written: CVError, and the previous PDF stays as it was. Text that cannot be set
    correctly (characters no font has, a script that needs a shaping engine) is such an
    error, unless ``allow_unsupported_scripts``: then it is a warning, and the PDF is
    written with it as it comes out (blank boxes, letters unshaped). ``pdfa`` and ``embed``:
    see :func:`archival`."""
    start = time.perf_counter() if started is None else started
    layout_name = layout_for(cv, layout_name)
    variant = cv.variant.name if cv.variant else None
    out = Path(output) if output else default_output(cv, layout_name, variant, Path(folder), pages)
    rendered = render_cv(cv, layout_name, paper, pages)
    if allow_unsupported_scripts and rendered.unsupported:
        rendered.warnings = allowed(rendered.warnings, rendered.unsupported)
    rendered, level = archival(rendered, pdfa, embed)
    return written(cv, rendered, out, layout_name, start, level, embed)


def written(cv: CV, rendered, out: Path, layout_name: str, start: float, level: Optional[str] = None,
            embed: bool = False) -> BuildResult:
    """Check a rendered PDF (:func:`self_check`) and write it atomically to ``out``: what every
    build (a CV's, a letter's) does last. A PDF that is broken (:func:`broken`) is not written:
    CVError, and the previous PDF stays as it was. ``level`` and ``embed``: what :func:`archival`
    made of it."""
    check_output(out, Path(cv.source) if cv.source else None)  # after rendering: data and layout problems first
    problems, check_seconds = self_check(rendered, out)
    fatal = broken(rendered.warnings, problems)
    if fatal:
        raise CVError(fatal)
    write_output(out, rendered.pdf)  # (`-` is standard output)
    return BuildResult(out, rendered.pages, len(rendered.pdf), time.perf_counter() - start, layout_name,
                       rendered.warnings + problems, rendered.type_scale, rendered.space_scale, rendered.left_out,
                       cv.variant.name if cv.variant else None, check_seconds, level, embed,
                       getattr(rendered, "saved", None))


def allowed(problems: list[Problem], unsupported: list[Problem]) -> list[Problem]:
    """The problems, those of ``unsupported`` as warnings: what --allow-unsupported-scripts makes
    of text that cannot be set correctly."""
    return [dataclasses.replace(p, severity="warning", hint="drawn as it comes out, as "
                                "--allow-unsupported-scripts asks") if p in unsupported else p for p in problems]


def validate(data: Path | str = "data/cv.yaml", allow_unsupported_scripts: bool = False
             ) -> tuple[CV, list[Problem]]:
    """What ``cv-builder validate`` checks, with the rules a build holds the file to:
    the file (raises CVError), each of its variants (their tags, sections, layouts and
    letters), and the characters that no font has in the text a build draws (and the scripts
    that need a shaping engine): in the default look, and each variant (and its letter) in its
    own (warnings with ``allow_unsupported_scripts``, as a build with it). Returns the CV and
    every problem found, warnings and errors (``severity``)."""
    cv = schema.load(data)
    problems = list(cv.warnings) + variants.check(cv)
    if not any(p.severity == "error" for p in problems):
        from . import letter  # 0.5 ms: letters, which a CV's build does not set

        builds = [cv] + [variants.apply(cv, name) for name in cv.variants]
        found: dict[tuple, Problem] = {}
        for each in builds:
            for p in glyph_problems(each, layout_for(each)):
                found.setdefault((p.path, p.message), p)
            if each.variant is not None or not cv.variants:  # (the data's own letter is the variants')
                for p in letter.glyph_problems(each, layout_for(each)) + letter_placeholders(each):
                    found.setdefault((p.path, p.message), p)
        drawn = list(found.values())
        problems += allowed(drawn, drawn) if allow_unsupported_scripts else drawn
    return cv, problems


def letter_placeholders(cv: CV) -> list[Problem]:
    """The placeholders still in the CV's letter (made whole for its variant), as warnings where
    they are written: what `cv-builder letter` warns of, said by validate too. A letter that
    cannot be made whole is reported by :func:`cv_builder.variants.check`."""
    from . import letter  # 0.5 ms: letters, which a CV's build does not set

    if cv.letter is None:
        return []
    try:
        whole, _ = letter.whole(cv)
    except CVError:
        return []
    return letter.placeholders(whole.letter)


def glyph_problems(cv: CV, layout_name: str = "full") -> list[Problem]:
    """The fields whose text a build in this look draws with characters that no font of
    the look has (what the build reports, and fails on). The story is made, not drawn;
    a fitter may leave out more than this sees."""
    if all(text.isascii() for text, _, _ in cv.strings):
        return []  # every text font has ASCII (and ReportLab, ~70 ms to import, is not needed)
    from . import layouts  # 100 ms: ReportLab and the renderer
    from .render.inline import missing_glyphs, unsupported_scripts

    cv, spec = prepared(cv, layout_name)
    layout = layouts.make(cv, spec)
    layout.story()  # (converting the text to markup notes what no font has)
    return missing_glyphs(cv.strings, layout.theme.fam, layout.inline.blank) + \
        unsupported_scripts(cv.strings, layout.inline.unshaped)


def build(data: Path | str = "data/cv.yaml", layout_name: Optional[str] = None, output: Optional[Path | str] = None,
          paper: Optional[str] = None, variant: Optional[str] = None, pages: Optional[int] = None,
          folder: Path | str = "build", allow_unsupported_scripts: bool = False, *,
          pdfa: Optional[str] = None, embed: bool = False) -> BuildResult:
    """Load, validate, tailor to a variant (if named), render and write; returns what was built.

    ``layout_name`` defaults to the variant's layout, else `full`. ``output`` ``-`` is
    standard output; without ``output`` the file goes to ``folder`` under its default name.
    """
    start = time.perf_counter()
    cv = loaded(data, variant)
    return build_cv(cv, layout_name, output, paper, folder, started=start, pages=pages,
                    allow_unsupported_scripts=allow_unsupported_scripts, pdfa=pdfa, embed=embed)


def loaded(data: Path | str, variant: Optional[str] = None) -> CV:
    """The CV of a data file, checked as validate checks it (its variants and letters too:
    one set of rules for every build of the file), tailored to ``variant`` if one is named."""
    cv = schema.load(data)
    errors = [p for p in variants.check(cv) if p.severity == "error"]
    if errors:
        raise CVError(errors)
    if variant:
        cv = variants.apply(cv, variant)
    return cv
