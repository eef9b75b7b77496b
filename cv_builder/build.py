"""The library API: build a CV file into a PDF file.

The CLI calls these; so can a test or another program. Problems are raised as
:class:`~cv_builder.errors.CVError`; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import layout as looks
from . import schema
from .errors import CVError, Problem
from .files import check_output, write_output
from .model import CV


@dataclass
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
    from . import memo

    memo.new_build()
    spec = looks.load(layout_name, pages)
    if cv.variant and cv.variant.sections and spec.sections:
        # the variant's order wins; the layout can still leave sections out
        shown = {id(s) for s in looks.chosen(cv, spec.sections)}
        spec = dataclasses.replace(spec, sections=[s.id for s in cv.sections if id(s) in shown])
    selected = looks.select(cv, spec)
    if spec.sections and any(s.items for s in selected.sections) and not looks.chosen(selected, spec.sections):
        ids = ", ".join(s.id for s in cv.sections if s.items)
        raise CVError([Problem(f"the layout `{spec.name}` shows none of this CV's sections ({ids})",
                               hint=f"it shows sections with the ids {', '.join(spec.sections)}: use those ids "
                                    "(with `kind:` for your own), or a layout that shows every section, "
                                    "such as full")])
    from . import fit

    if spec.fit:  # (the fitter shows what select() hides, when there is room for it)
        return fit.fit(cv, spec, paper)
    def floors():  # the look on several pages: its floors, read only when a page is to be saved
        several = looks.load(layout_name, 2)
        return several if several.sections == spec.sections else dataclasses.replace(several, sections=spec.sections)

    # as many pages as it takes, ending a page sooner when the last would be nearly empty
    return fit.paginate(selected, spec, paper, floors)


def layout_for(cv: CV, layout_name: Optional[str] = None) -> str:
    """The layout to use: the one asked for, else the variant's default, else `full`."""
    return layout_name or (cv.variant.layout if cv.variant else None) or "full"


def self_check(rendered, where: Path) -> tuple[list[Problem], float]:
    """Check the PDF the build made against what it drew (:mod:`cv_builder.check`);
    what is wrong comes back as warnings: the PDF is still written, and the user told."""
    from .check import check_pdf

    report = check_pdf(rendered.pdf, rendered.expect, str(where))
    return [dataclasses.replace(p, severity="warning") for p in report.problems], report.seconds


def build_cv(cv: CV, layout_name: Optional[str] = None, output: Optional[Path | str] = None,
             paper: Optional[str] = None, folder: Path | str = "build", started: Optional[float] = None,
             pages: Optional[int] = None) -> BuildResult:
    """Render a loaded (and perhaps tailored, see :mod:`cv_builder.variants`) CV, check the PDF
    (:func:`self_check`) and write it atomically."""
    start = time.perf_counter() if started is None else started
    layout_name = layout_for(cv, layout_name)
    variant = cv.variant.name if cv.variant else None
    out = Path(output) if output else default_output(cv, layout_name, variant, Path(folder), pages)
    rendered = render_cv(cv, layout_name, paper, pages)
    check_output(out, Path(cv.source) if cv.source else None)  # after rendering: data and layout problems first
    problems, check_seconds = self_check(rendered, out)
    write_output(out, rendered.pdf)  # (`-` is standard output)
    return BuildResult(out, rendered.pages, len(rendered.pdf), time.perf_counter() - start, layout_name,
                       rendered.warnings + problems, rendered.type_scale, rendered.space_scale, rendered.left_out,
                       variant, check_seconds, rendered.saved)


def build(data: Path | str = "data/cv.yaml", layout_name: Optional[str] = None, output: Optional[Path | str] = None,
          paper: Optional[str] = None, variant: Optional[str] = None, pages: Optional[int] = None,
          folder: Path | str = "build") -> BuildResult:
    """Load, validate, tailor to a variant (if named), render and write; returns what was built.

    ``layout_name`` defaults to the variant's layout, else `full`. ``output`` ``-`` is
    standard output; without ``output`` the file goes to ``folder`` under its default name.
    """
    start = time.perf_counter()
    cv = schema.load(data)
    if variant:
        from . import variants
        cv = variants.apply(cv, variant)
    return build_cv(cv, layout_name, output, paper, folder, started=start, pages=pages)
