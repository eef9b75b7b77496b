"""Shared test helpers: build PDFs once per session and read them as a user would."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "cv.yaml"
LAYOUTS = sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))  # every shipped layout


def normalise(text: str) -> str:
    """Text as a reader (or a parser) sees it: one space between words."""
    return re.sub(r"\s+", " ", text).strip()


class PDF:
    """A built PDF, read back with pypdf."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.reader = pypdf.PdfReader(str(self.path))
        self.pages = self.reader.pages
        self.page_texts = [p.extract_text() or "" for p in self.pages]
        self.text = normalise("\n".join(self.page_texts))

    def contains_in_order(self, *phrases: str) -> bool:
        pos = 0
        for phrase in phrases:
            found = self.text.find(normalise(phrase), pos)
            if found < 0:
                return False
            pos = found + len(normalise(phrase))
        return True

    def missing(self, *phrases: str) -> list[str]:
        return [p for p in phrases if normalise(p) not in self.text]

    def fonts(self) -> dict[str, dict]:
        """Every font used on any page: name -> its dictionary (resolved)."""
        out = {}

        def walk(resources):
            if not resources:
                return
            resources = resources.get_object()
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                out[str(font.get("/BaseFont"))] = font
            for xobj in (resources.get("/XObject") or {}).values():
                xobj = xobj.get_object()
                if xobj.get("/Subtype") == "/Form":
                    walk(xobj.get("/Resources"))

        for page in self.pages:
            walk(page.get("/Resources"))
        return out

    def uris(self) -> list[str]:
        out = []
        for page in self.pages:
            for annot in page.get("/Annots") or []:
                a = annot.get_object()
                action = a.get("/A")
                if action is not None and action.get_object().get("/URI") is not None:
                    out.append(str(action.get_object()["/URI"]))
        return out


@pytest.fixture(scope="session", autouse=True)
def font_cache(tmp_path_factory):
    """Parsed fonts are cached in a folder of the test session, not the user's ~/.cache."""
    import os

    old = os.environ.get("CV_BUILDER_CACHE")
    os.environ["CV_BUILDER_CACHE"] = str(tmp_path_factory.mktemp("font-cache"))
    yield Path(os.environ["CV_BUILDER_CACHE"])
    if old is None:
        del os.environ["CV_BUILDER_CACHE"]
    else:
        os.environ["CV_BUILDER_CACHE"] = old


@pytest.fixture(scope="session")
def build_pdf(tmp_path_factory):
    """build_pdf(data=DATA, layout=None, paper=None, variant=None, pages=None) -> (PDF, BuildResult),
    cached per arguments. The layout defaults to the variant's, else full."""
    from cv_builder.build import build

    cache = {}
    folder = tmp_path_factory.mktemp("pdf")

    def make(data=DATA, layout=None, paper=None, variant=None, pages=None):
        key = (str(data), layout, paper, variant, pages)
        if key not in cache:
            out = folder / f"cv-{len(cache)}.pdf"
            result = build(data, layout, out, paper, variant, pages)
            cache[key] = (PDF(out), result)
        return cache[key]

    return make


def cli(*args, cwd=ROOT):
    """Run `cv-builder ARGS` as a user would; returns the CompletedProcess (text output)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="session")
def full(build_pdf) -> PDF:
    return build_pdf()[0]


# -- interop and watch -----------------------------------------------------------
JSONRESUME = ROOT / "tests" / "inputs" / "jsonresume"


def layouts() -> list[str]:
    """Every layout in the repository's layouts/ (new ones are tested without listing them)."""
    return sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))


#: measurements that a test reports at the end of the run (name, text)
MEASURED: list[tuple[str, str]] = []


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.section("measured")
        for name, text in MEASURED:
            terminalreporter.write_line(f"{name}: {text}")
