"""The library API: build a CV file into a PDF file.

The CLI calls these; so can a test or another program. Problems are raised as
:class:`~cv_builder.errors.CVError`; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import layout as looks
from . import schema
from .errors import CVError, Position, Problem
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place:
    an interrupted or failed build leaves the previous file as it was."""
    folder = path.parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        what = "a file, not a folder" if blocker == folder else f"a file, so the folder `{folder}` cannot be made"
        raise CVError([Problem(f"`{blocker}` is {what}",
                               position=Position(str(path)), hint="choose another --output")])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CVError([Problem(f"the output folder cannot be created: {exc.strerror}",
                               position=Position(str(folder)), hint="choose another --output")]) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CVError([Problem(f"cannot write in the output folder: {exc.strerror}",
                               position=Position(str(folder)), hint="check its permissions, or choose another --output")]) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise CVError([Problem(f"the PDF cannot be written: {exc.strerror}", position=Position(str(path)))]) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def check_target(out: Path, starts: tuple[bytes, ...], thing: str = "PDF", label: str = "output",
                 option: str = "--output", example: str = "build/cv.pdf",
                 keep: tuple[Optional[Path], ...] = ()) -> None:
    """Refuse to replace what the file about to be written must not replace: a folder, a
    device or pipe (`-o /dev/null` would replace /dev/null itself, when run as root), a
    file in ``keep`` (the CV data, the PDF just built), or an existing file whose first
    bytes are not one of ``starts`` (so not an earlier file of this kind)."""
    for kept, name in zip(keep, ("the CV data itself", "the PDF this build writes")):
        if kept is not None and out.resolve() == kept.resolve():
            raise CVError([Problem(f"the {label} is {name}, which the {thing} would replace",
                                   position=Position(str(out)), hint=f"choose another {option}, e.g. {example}")])
    try:
        st = os.stat(out)
    except OSError:
        return  # nothing there (or it cannot be read): write_atomically says why if it fails
    if stat.S_ISDIR(st.st_mode):
        raise CVError([Problem(f"the {label} is a folder", position=Position(str(out)),
                               hint=f"give a file name, e.g. {option} {out / Path(example).name}")])
    if not stat.S_ISREG(st.st_mode):
        raise CVError([Problem(f"the {label} is not a regular file (a device or a pipe, which the {thing} "
                               "would replace)", position=Position(str(out)),
                               hint=f"give the path of a file, e.g. {option} {example}")])
    try:
        with open(out, "rb") as f:
            head = f.read(16).lstrip()
    except OSError:
        return  # write_atomically will say why it cannot be written
    if head and not head.startswith(starts):
        raise CVError([Problem(f"this file exists and is not a {thing}, so it is left as it is",
                               position=Position(str(out)), hint=f"choose another {option}, or remove the file")])


def check_output(out: Path, data: Optional[Path]) -> None:
    """Refuse to overwrite anything that is not a PDF (the CV data itself, above all)."""
    check_target(out, (b"%PDF-",), keep=(data,))


def render_cv(cv: CV, layout_name: str = "full", paper: Optional[str] = None, pages: Optional[int] = None):
    """Lay out a loaded CV in a look (on ``pages`` pages, if given); returns the Rendered PDF (in memory)."""
    from . import layouts, memo

    memo.new_build()
    spec = looks.load(layout_name, pages)
    if cv.variant and cv.variant.sections and spec.sections:
        # the variant's order wins; the layout can still leave sections out
        shown = {id(s) for s in looks.chosen(cv, spec.sections)}
        spec = dataclasses.replace(spec, sections=[s.id for s in cv.sections if id(s) in shown])
    cv = looks.select(cv, spec)
    if spec.sections and any(s.items for s in cv.sections) and not looks.chosen(cv, spec.sections):
        ids = ", ".join(s.id for s in cv.sections if s.items)
        raise CVError([Problem(f"the layout `{spec.name}` shows none of this CV's sections ({ids})",
                               hint=f"it shows sections with the ids {', '.join(spec.sections)}: use those ids "
                                    "(with `kind:` for your own), or a layout that shows every section, "
                                    "such as full")])
    if spec.fit:
        from . import fit
        return fit.fit(cv, spec, paper)
    return layouts.render(cv, spec, paper)


def layout_for(cv: CV, layout_name: Optional[str] = None) -> str:
    """The layout to use: the one asked for, else the variant's default, else `full`."""
    return layout_name or (cv.variant.layout if cv.variant else None) or "full"


def self_check(rendered, where: Path) -> tuple[list[Problem], float]:
    """Check the PDF the build made against what it drew (:mod:`cv_builder.pdfcheck`);
    what is wrong comes back as warnings: the PDF is still written, and the user told."""
    from .pdfcheck import check_pdf

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
    write_atomically(out, rendered.pdf)
    return BuildResult(out, rendered.pages, len(rendered.pdf), time.perf_counter() - start, layout_name,
                       rendered.warnings + problems, rendered.type_scale, rendered.space_scale, rendered.left_out,
                       variant, check_seconds)


def build(data: Path | str = "data/cv.yaml", layout_name: Optional[str] = None, output: Optional[Path | str] = None,
          paper: Optional[str] = None, variant: Optional[str] = None, pages: Optional[int] = None) -> BuildResult:
    """Load, validate, tailor to a variant (if named), render and write; returns what was built.

    ``layout_name`` defaults to the variant's layout, else `full`.
    """
    start = time.perf_counter()
    cv = schema.load(data)
    if variant:
        from . import variants
        cv = variants.apply(cv, variant)
    return build_cv(cv, layout_name, output, paper, started=start, pages=pages)
