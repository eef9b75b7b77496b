"""`cv-builder watch`: rebuild whenever the data, a layout or a font changes.

Folders are watched, not files: an editor that saves by writing a new file and
renaming it over the old one replaces the file (and a watch on the old file
would go deaf), but the folder sees the new name appear. Builds run in this
process, so a rebuild costs only the layout and drawing (fonts and ReportLab
stay loaded). A build that fails writes nothing, so the last good PDF stays as
it was; the error is reported and watching goes on.

:func:`run` is the library API (the CLI and the tests call it); it stops when
``stop`` is set, or on Ctrl-C.
"""

from __future__ import annotations

import glob
import io
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Optional

from .build import build
from .errors import CVError, Position, Problem
from .files import write_atomically
from .layout import find
from .render import fonts
from .resources import fonts_dir, layouts_dirs

FONT_SUFFIXES = (".ttf", ".otf")


@dataclass
class BuildEvent:
    """One build: when, why, and what came of it."""

    at: datetime
    changed: list[Path]  # what triggered it (empty for the first build)
    result: Optional[object] = None  # a BuildResult when it built
    error: Optional[CVError] = None  # why it did not
    kept: Optional[Path] = None  # the last good PDF, when this one failed
    pngs: list[Path] = field(default_factory=list)
    detected: float = 0.0  # time.monotonic() when the change was seen

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        """One line for the terminal, with the time of day."""
        stamp = self.at.strftime("%H:%M:%S")
        if self.ok:
            r = self.result
            text = (f"{stamp} Built {r.output}: {r.pages} page{'s' if r.pages != 1 else ''}, "
                    f"{r.size / 1024:.0f} KB, {r.seconds:.2f} s (layout {r.layout})")
            if self.pngs:
                text += f", {len(self.pngs)} PNG{'s' if len(self.pngs) != 1 else ''}"
            return text
        kept = f"; kept the last good {self.kept}" if self.kept else ""
        n = len(self.error.problems)
        return f"{stamp} Not built: {n} problem{'s' if n != 1 else ''}{kept}"


class Watcher:
    """What to watch for one data file and layout, and how to rebuild."""

    def __init__(self, data: Path | str, layout_name: Optional[str] = None, output: Optional[Path | str] = None,
                 paper: Optional[str] = None, png: bool = False, variant: Optional[str] = None):
        self.source = Path(data)  # as given, for messages
        self.data = self.source.resolve()
        self.layout_name = layout_name  # None: the variant's layout, else full
        self.variant = variant
        self.layout_used = layout_name or "full"  # what the last build used
        self.output = Path(output) if output else None
        self.paper = paper
        self.png = png
        self.last_good: Optional[Path] = None

    # -- what counts as a change -------------------------------------------
    def layout_file(self) -> Optional[Path]:
        try:
            return find(self.layout_used).resolve()
        except CVError:
            return None

    def folders(self) -> list[Path]:
        dirs = [self.data.parent, fonts_dir(), *layouts_dirs()]
        layout = self.layout_file()
        if layout:
            dirs.append(layout.parent)
        out: list[Path] = []
        for d in dirs:
            d = Path(d).resolve()
            if d.is_dir() and d not in out:
                out.append(d)
        return out

    def relevant(self, path: Path) -> bool:
        path = Path(path)
        if path == self.data:
            return True
        if path.parent == self.data.parent and path.suffix in (".yaml", ".yml") and not path.name.startswith("."):
            return True  # e.g. the variants file that the data names
        if path.parent == fonts_dir().resolve() and path.suffix.lower() in FONT_SUFFIXES:
            return True
        if path.suffix in (".yaml", ".yml"):
            layout = self.layout_file()
            if layout is not None and path == layout:
                return True
            # a layout of that name appearing in a folder searched earlier
            return path.stem == self.layout_used and path.parent in [d.resolve() for d in layouts_dirs()]
        return False

    # -- building ---------------------------------------------------------
    def build(self, changed: Iterable[Path] = (), detected: float = 0.0) -> BuildEvent:
        changed = list(changed)
        if any(p.suffix.lower() in FONT_SUFFIXES for p in changed):
            fonts.reset()
        event = BuildEvent(datetime.now(), changed, detected=detected or time.monotonic())
        try:
            result = build(self.source, self.layout_name, self.output, self.paper, self.variant)
        except CVError as exc:
            event.error, event.kept = exc, self.last_good
            return event
        except Exception as exc:  # a bug must not end the watch; say what it was
            event.error = CVError([Problem(f"internal error: {type(exc).__name__}: {exc}",
                                           position=Position(str(self.data)),
                                           hint="this is a bug in cv-builder; run `cv-builder --debug build` "
                                                "for the details")])
            event.kept = self.last_good
            return event
        event.result = result
        self.last_good = result.output
        self.layout_used = result.layout
        if self.png:
            try:
                event.pngs = write_pngs(result.output)
            except CVError as exc:
                event.error = exc
        return event


def write_pngs(pdf: Path, dpi: int = 100) -> list[Path]:
    """Each page as ``NAME-1.png``, ``NAME-2.png``, … beside the PDF; PNGs of
    pages that no longer exist are removed."""
    try:
        import pypdfium2 as pdfium  # 26 ms, and a package that may not be there: only for --png
    except ImportError:
        raise CVError([Problem("--png needs pypdfium2, which is not installed",
                               hint="pip install 'cv-builder[preview]' (or `make watch`)")]) from None
    pdf = Path(pdf)
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, format="PNG", optimize=False)
            path = pdf.with_name(f"{pdf.stem}-{i + 1}.png")
            write_atomically(path, buf.getvalue())
            out.append(path)
    finally:
        doc.close()
    for stale in pdf.parent.glob(f"{glob.escape(pdf.stem)}-*.png"):
        number = stale.stem[len(pdf.stem) + 1:]
        if number.isdigit() and int(number) > len(out):
            stale.unlink()
    return out


def run(data: Path | str, layout_name: Optional[str] = None, output: Optional[Path | str] = None,
        paper: Optional[str] = None, png: bool = False, *, variant: Optional[str] = None, on_build: Callable[[BuildEvent], None] = print,
        stop: Optional[threading.Event] = None, on_ready: Optional[Callable[[list[Path]], None]] = None) -> None:
    """Build once, then again after every relevant change, until ``stop`` is set."""
    try:
        from watchfiles import watch  # 20 ms; here, so that a missing package is a message
    except ImportError:  # pragma: no cover - a core dependency
        raise CVError([Problem("watching needs the watchfiles package, which is not installed",
                               hint="pip install watchfiles")]) from None
    watcher = Watcher(data, layout_name, output, paper, png, variant)
    if not watcher.data.parent.is_dir():
        raise CVError([Problem("the folder of the data file does not exist", position=Position(str(data)))])
    stop = stop or threading.Event()
    folders = watcher.folders()
    started = False
    # The first (empty) yield comes once the watch is in place: build then, so
    # that no change made during or after the first build can be missed.
    for changes in watch(*folders, recursive=False, step=30, debounce=300, rust_timeout=100,
                         yield_on_timeout=True, stop_event=stop, watch_filter=None):
        detected = time.monotonic()
        if not started:
            started = True
            on_build(watcher.build())
            if on_ready:
                on_ready(folders)
        changed = sorted({Path(p).resolve() for _, p in changes if watcher.relevant(Path(p).resolve())})
        if changed:
            on_build(watcher.build(changed, detected))
