"""`cv-builder watch`: rebuilds on every save (in place or write-and-rename), keeps the
last good PDF when the data is broken, follows layouts and fonts, writes PNGs.

Each test runs the watcher in a thread that it stops itself; waits are bounded
polls. The issue asks for a rebuild "within a second": on a loaded machine that
is not a promise, so the tests wait up to WAIT seconds, assert that the rebuild
happened, and report the latencies at the end of the run (and warn above 1 s).
"""

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
import threading
import time
import warnings
from contextlib import contextmanager

import pytest

from conftest import MEASURED, PDF, ROOT

from cv_builder import watch
from cv_builder.starter import TEMPLATE

WAIT = 20.0  # seconds: generous, for a loaded 2-core machine


class Running:
    def __init__(self):
        self.events: queue.Queue = queue.Queue()
        self.ready = threading.Event()

    def on_build(self, event):
        self.events.put((time.monotonic(), event))

    def next(self, what: str):
        """The next build event, or fail after WAIT seconds."""
        try:
            return self.events.get(timeout=WAIT)
        except queue.Empty:
            pytest.fail(f"no build within {WAIT:.0f} s after {what}")


@contextmanager
def watching(data, **kw):
    run = Running()
    stop = threading.Event()
    errors = []

    def target():
        try:
            watch.run(data, on_build=run.on_build, stop=stop, on_ready=lambda folders: run.ready.set(), **kw)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            run.ready.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        assert run.ready.wait(WAIT), "the watcher did not start"
        assert not errors, errors
        _, first = run.next("starting")
        assert first.ok, first.error and first.error.format()
        yield run
    finally:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive(), "the watcher did not stop"
    assert not errors, errors


def measure(name: str, t0: float, event, done: float) -> None:
    picked = event.detected - t0
    MEASURED.append((f"watch: {name}", f"change seen after {picked * 1000:.0f} ms, "
                                       f"rebuilt after {(done - t0) * 1000:.0f} ms"))
    if picked > 1.0:
        warnings.warn(f"watch took {picked:.2f} s to see {name} (the issue asks for under a second)")


def _starter_pages() -> str:
    """'1 page' or 'N pages': what the starter file builds to in the full layout."""
    from cv_builder.build import build

    with tempfile.TemporaryDirectory() as d:
        n = build(TEMPLATE, "full", Path(d) / "cv.pdf").pages
    return f"{n} page" if n == 1 else f"{n} pages"


STARTER_PAGES = _starter_pages()


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(TEMPLATE.read_text())
    return path


def test_in_place_write_and_write_and_rename(tmp_path, data):
    out = tmp_path / "build" / "cv.pdf"
    with watching(data, output=out) as run:
        assert PDF(out).text.startswith("Jane Doe")

        t0 = time.monotonic()
        with open(data, "r+") as f:  # an editor that writes the file in place
            text = f.read().replace("name: Jane Doe", "name: Jane Q. Doe")
            f.seek(0)
            f.write(text)
            f.truncate()
        done, event = run.next("an in-place write")
        assert event.ok and event.changed == [data.resolve()]
        assert PDF(out).text.startswith("Jane Q. Doe")
        measure("in-place write", t0, event, done)

        t0 = time.monotonic()
        swap = tmp_path / ".cv.yaml.swp"  # an editor that writes a new file and renames it over the old one
        swap.write_text(text.replace("Jane Q. Doe", "Jane R. Doe"))
        os.replace(swap, data)
        done, event = run.next("a write-and-rename")
        assert event.ok and data.resolve() in event.changed
        assert PDF(out).text.startswith("Jane R. Doe")
        measure("write-and-rename", t0, event, done)

        (tmp_path / "notes.txt").write_text("unrelated")  # not the data: no build
        (tmp_path / "build" / "other.pdf").write_bytes(b"x")
        time.sleep(1.0)
        assert run.events.empty()


def test_broken_data_keeps_the_last_good_pdf(tmp_path, data):
    out = tmp_path / "cv.pdf"
    good = data.read_text()
    with watching(data, output=out) as run:
        before = out.read_bytes()
        assert "start: 2021-04" in good
        data.write_text(good.replace("start: 2021-04", "start: 2021-13"))
        _, event = run.next("breaking the data")
        assert not event.ok
        assert [p.message for p in event.error.problems] == ["month 13 does not exist"]
        assert re.fullmatch(rf"\d\d:\d\d:\d\d Not built: 1 problem; kept the last good {re.escape(str(out))}",
                            event.line())
        assert out.read_bytes() == before

        data.write_text(good)
        _, event = run.next("fixing the data")
        assert event.ok
        assert re.fullmatch(rf"\d\d:\d\d:\d\d Built {re.escape(str(out))}: {STARTER_PAGES}, \d+ KB, \d+\.\d\d s "
                            r"\(layout full\)", event.line())


def test_layout_and_font_changes_rebuild(tmp_path, data, monkeypatch):
    from cv_builder.render import fonts

    home = tmp_path / "home"
    (home / "layouts").mkdir(parents=True)
    shutil.copytree(ROOT / "fonts", home / "fonts")
    layout = home / "layouts" / "watched.yaml"
    layout.write_text((ROOT / "layouts" / "full.yaml").read_text())
    monkeypatch.setenv("CV_BUILDER_HOME", str(home))
    out = tmp_path / "cv.pdf"
    try:
        with watching(data, layout_name="watched", output=out) as run:
            assert round(float(PDF(out).pages[0].mediabox.width)) == 595  # A4

            t0 = time.monotonic()
            layout.write_text(layout.read_text().replace("paper: a4", "paper: letter"))
            done, event = run.next("a layout change")
            assert event.ok and event.changed == [layout.resolve()]
            assert round(float(PDF(out).pages[0].mediabox.width)) == 612  # Letter
            measure("layout change", t0, event, done)

            font = home / "fonts" / "SourceSans3-Regular.ttf"
            swap = home / "fonts" / ".new-font"
            shutil.copyfile(font, swap)
            t0 = time.monotonic()
            os.replace(swap, font)
            done, event = run.next("a font change")
            assert event.ok and font.resolve() in event.changed
            measure("font change", t0, event, done)
    finally:
        fonts.reset()  # the next test reads the repository's fonts again


def test_png_of_each_page(tmp_path, data):
    out = tmp_path / "cv.pdf"
    stale = [tmp_path / "cv-3.png", tmp_path / "cv-4.png", tmp_path / "cv-12.png"]  # from an earlier, longer build
    for path in stale:
        path.write_bytes(b"old")
    with watching(data, output=out, png=True) as run:
        pass
    pngs = sorted(tmp_path.glob("cv-*.png"))
    pages = len(PDF(out).pages)
    assert [p.name for p in pngs] == [f"cv-{i}.png" for i in range(1, pages + 1)]
    for p in pngs:
        assert p.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    from PIL import Image
    with Image.open(pngs[0]) as image:
        assert image.size == (827, 1170)  # A4 at 100 dpi


def test_cli_prints_a_line_per_build_and_stops_on_ctrl_c(tmp_path, data):
    out = tmp_path / "cv.pdf"
    proc = subprocess.Popen([sys.executable, "-m", "cv_builder", "watch", str(data), "-o", str(out)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=60)
        assert re.fullmatch(rf"\d\d:\d\d:\d\d Built {re.escape(str(out))}: {STARTER_PAGES}, \d+ KB, \d+\.\d\d s "
                            r"\(layout full\)\n", first)
        time.sleep(0.5)
        data.write_text(data.read_text().replace("Jane Doe", "Jane Q. Doe"))
        second = lines.get(timeout=60)
        assert " Built " in second
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0
    assert err.startswith(f"Watching {data}, the layout and the fonts for changes (Ctrl-C stops).\n")
    assert err.endswith("Stopped watching.\n")


def test_variant_and_its_file_beside_the_data(tmp_path, data):
    data.write_text(data.read_text() + "\nvariants: variants.yaml\n")
    variants = tmp_path / "variants.yaml"
    variants.write_text("short:\n  headline: One headline\n  layout: one-page\n")
    out = tmp_path / "cv.pdf"
    with watching(data, variant="short", output=out) as run:
        assert PDF(out).text.startswith("Jane Doe One headline")
        variants.write_text("short:\n  headline: Another headline\n  layout: one-page\n")
        _, event = run.next("a change to the variants file")
        assert event.ok and event.changed == [variants.resolve()] and event.result.layout == "one-page"
        assert PDF(out).text.startswith("Jane Doe Another headline")
