"""The library API: build a CV file into a PDF file.

The CLI calls these; so can a test or another program. Problems are raised as
:class:`~cv_builder.errors.CVError`; nothing here prints.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import layout as layouts
from . import schema
from .errors import CVError, Position, Problem
from .model import CV


@dataclass
class BuildResult:
    output: Path
    pages: int
    size: int
    seconds: float
    layout: str
    warnings: list = field(default_factory=list)
    type_scale: float = 1.0
    space_scale: float = 1.0
    left_out: list = field(default_factory=list)


def slug(name: str) -> str:
    """'Dustin Podell' -> 'Dustin_Podell', 'one-page' stays; safe as a file name everywhere."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9-]+", "_", ascii_).strip("_-") or "CV"


def default_output(cv: CV, layout_name: str, variant: Optional[str] = None, folder: Path = Path("build")) -> Path:
    stem = f"{slug(cv.name)}_CV"
    if variant:
        stem += f"_{slug(variant)}"
    if layout_name != "full":
        stem += f"_{slug(layout_name)}"
    return folder / f"{stem}.pdf"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place:
    an interrupted or failed build leaves the previous file as it was."""
    folder = path.parent
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


def render_cv(cv: CV, layout_name: str = "full", paper: Optional[str] = None):
    """Lay out a loaded CV with a layout; returns the Rendered PDF (in memory)."""
    from .render import document

    spec = layouts.load(layout_name)
    if spec.fit:
        from . import fit
        return fit.fit(cv, spec, paper)
    return document.render(cv, spec, paper)


def build(data: Path | str = "data/cv.yaml", layout_name: str = "full", output: Optional[Path | str] = None,
          paper: Optional[str] = None) -> BuildResult:
    """Load, validate, render and write; returns what was built."""
    start = time.perf_counter()
    cv = schema.load(data)
    rendered = render_cv(cv, layout_name, paper)
    out = Path(output) if output else default_output(cv, layout_name)
    write_atomically(out, rendered.pdf)
    return BuildResult(out, rendered.pages, len(rendered.pdf), time.perf_counter() - start, layout_name,
                       rendered.warnings, rendered.type_scale, rendered.space_scale, rendered.left_out)
