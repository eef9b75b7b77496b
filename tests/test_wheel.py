"""cv-builder as a package: the wheel built from this checkout, installed into a fresh virtual
environment, used from a folder that has nothing to do with the repository.

Costs a few seconds (see the `measured` section at the end of a run): the wheel is built
without build isolation, by the test environment's setuptools (the `test` extra asks for the
version pyproject's build-system does), so that no build environment is downloaded; the fresh
environment gets no pip and no copies of the dependencies: pip runs from the test environment
(`pip --python`), and the fresh environment sees, through a .pth file, links to the installed
distributions that cv-builder's declared dependencies need -- and nothing else, so an
undeclared dependency still fails here.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import time
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from conftest import MEASURED, PDF, ROOT, layouts

SHARED = {"fonts": "*", "layouts": "*.yaml", "schema": "*.json"}  # folder: what of it the wheel carries
FONT = re.compile(r"\.(ttf|otf)$", re.I)
LICENCE = re.compile(r"(.*?)[-_.]?(LICEN[CS]E|OFL|COPYING)", re.I)
WARNING = re.compile(r"\w+Warning\b|deprecat", re.I)  # setuptools' and pip's warnings; not pip's "WARNING:"
TIMES: dict[str, float] = {}


def run(args, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    return r


def warnings_in(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if WARNING.search(line) and "WARNING: Location" not in line]


@pytest.fixture(scope="module", autouse=True)
def report_cost():
    """What this file costs, in the `measured` section at the end of the run."""
    start = time.perf_counter()
    yield
    if TIMES:
        parts = [f"{k} {v:.1f} s" for k, v in TIMES.items()]
        MEASURED.append(("wheel test", f"{time.perf_counter() - start:.1f} s in all: " + ", ".join(parts)))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(wheel path, pip's output). Built from a copy of the checkout: setuptools builds in the
    source folder's build/, where it would mix with the PDFs and keep files deleted since."""
    pytest.importorskip("setuptools", reason="the test extra installs setuptools, which builds the wheel")
    tmp = tmp_path_factory.mktemp("wheel")
    skip = {".git", ".venv", "build", "dist", "tests", "bench", "data"}
    src = tmp / "src"
    src.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in skip and not entry.name.endswith(".egg-info"):
            copy = shutil.copytree if entry.is_dir() else shutil.copy2
            copy(entry, src / entry.name, **({"ignore": shutil.ignore_patterns("__pycache__")} if entry.is_dir() else {}))
    start = time.perf_counter()
    r = run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index",
             "--wheel-dir", tmp / "dist", src])
    TIMES["build the wheel"] = time.perf_counter() - start
    (wheel,) = (tmp / "dist").glob("cv_builder-*.whl")
    return wheel, r.stdout + r.stderr


@pytest.fixture(scope="module")
def names(built) -> set[str]:
    with zipfile.ZipFile(built[0]) as z:
        return set(z.namelist())


def shipped(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob(SHARED[folder]) if p.is_file())


def test_the_build_warns_of_nothing(built):
    assert warnings_in(built[1]) == []


@pytest.mark.parametrize("folder", sorted(SHARED))
def test_the_wheel_carries_every_shared_file_as_it_is(built, names, folder):
    files = shipped(folder)
    assert files, f"nothing in {folder}/"
    with zipfile.ZipFile(built[0]) as z:
        for path in files:
            name = f"cv_builder/share/{path.relative_to(ROOT).as_posix()}"
            assert name in names, f"{path.relative_to(ROOT)} is not in the wheel"
            assert z.read(name) == path.read_bytes(), name


def test_every_font_with_its_licence(names):
    fonts = [n for n in names if n.startswith("cv_builder/share/fonts/") and FONT.search(n)]
    licences = {m.group(1): n for n in names if n.startswith("cv_builder/share/fonts/")
                for m in [LICENCE.match(Path(n).name)] if m and not FONT.search(n)}
    assert len(fonts) >= 3 and licences
    for font in fonts:  # DejaVuSans-Bold.ttf is under DejaVu-LICENSE.txt
        assert any(Path(font).name.startswith(prefix) for prefix in licences), f"{font} has no licence beside it"
    for family in (ROOT / "fonts").glob("*.yaml"):  # families as data: what each names is shipped
        data = yaml.safe_load(family.read_text(encoding="utf-8")) or {}
        for file in [data.get("licence") or data.get("license"), *(data.get("styles") or {}).values()]:
            if isinstance(file, str):
                assert f"cv_builder/share/fonts/{file}" in names, f"{family.name} names {file}, not in the wheel"


def test_every_module_and_the_metadata(built, names):
    """Every module of the source (a package missing from pyproject's list is missing here)."""
    for path in (ROOT / "cv_builder").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(ROOT).as_posix()
            assert name in names, f"{name} is not in the wheel: add its package to pyproject.toml's packages"
    with zipfile.ZipFile(built[0]) as z:
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(z.read(info).decode())
        points = z.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert meta["License-Expression"] == "MIT" and meta["License"] is None
    assert "cv-builder = cv_builder.cli:run" in points


def dependency_closure(wheel: Path) -> list[metadata.Distribution]:
    """The installed distributions the wheel's declared dependencies need, with their extras."""
    with zipfile.ZipFile(wheel) as z:
        info = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(z.read(info).decode())
    todo = [(Requirement(r), ()) for r in meta.get_all("Requires-Dist") or []]
    found: dict[str, metadata.Distribution] = {}
    seen = set()
    while todo:
        req, extras = todo.pop()  # extras: those asked of the distribution that requires it
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in ("", *extras)):
            continue
        dist = metadata.distribution(req.name)
        assert dist.version in req.specifier, f"the test environment has {req.name} {dist.version}, not {req}"
        key = (dist.metadata["Name"].lower(), tuple(sorted(req.extras)))
        if key not in seen:
            seen.add(key)
            found[key[0]] = dist
            todo += [(Requirement(r), tuple(req.extras)) for r in dist.requires or []]
    return list(found.values())


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed; returns its bin folder."""
    wheel = built[0]
    tmp = tmp_path_factory.mktemp("venv")
    start = time.perf_counter()
    env = tmp / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    deps = tmp / "deps"
    deps.mkdir()
    for dist in dependency_closure(wheel):
        site = Path(dist.locate_file(""))
        for top in {Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}:
            if not (deps / top).exists():
                (deps / top).symlink_to(site / top)
    (purelib / "dependencies-of-the-test-environment.pth").write_text(f"{deps}\n")
    r = run([sys.executable, "-m", "pip", "--python", python, "install", "--no-index", wheel])
    TIMES["make a fresh environment and install the wheel"] = time.perf_counter() - start
    assert warnings_in(r.stdout + r.stderr) == []
    where = run([python, "-c", "import cv_builder; print(cv_builder.__file__)"], cwd=tmp).stdout.strip()
    assert Path(where) == purelib / "cv_builder" / "__init__.py"  # the wheel's, not the checkout's
    return env / "bin"


@pytest.fixture(scope="module")
def user(installed, tmp_path_factory):
    """cv-builder run as a user of the installed package runs it, in a folder of their own."""
    folder = tmp_path_factory.mktemp("somewhere-else")
    env = {k: v for k, v in os.environ.items() if k not in ("CV_BUILDER_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["CV_BUILDER_CACHE"] = str(folder.parent / f"{folder.name}-cache")  # a fresh font cache too

    def cv_builder(*args, ok=True):
        r = subprocess.run([installed / "cv-builder", *args], cwd=folder, env=env, capture_output=True, text=True,
                           timeout=300)
        if ok:
            assert r.returncode == 0, f"cv-builder {' '.join(args)}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    cv_builder.folder = folder
    return cv_builder


def test_init_validate_layouts_and_build_every_layout(user, build_pdf):
    start = time.perf_counter()
    r = user("init")
    assert r.stdout.startswith("Wrote data/cv.yaml: a starter CV with one section of every kind")
    data = user.folder / "data" / "cv.yaml"
    assert data.read_text().splitlines()[0] == "# yaml-language-server: $schema=cv.schema.json"
    assert (user.folder / "data" / "cv.schema.json").read_text() == user("schema").stdout
    assert user("schema").stdout == (ROOT / "schema" / "cv.schema.json").read_text()
    # words in other scripts, and a star that only the fallback font (DejaVu Sans) has
    text = data.read_text()
    data.write_text(text.replace("location: Portland, OR", "location: Zoë’s Ångström café, Київ ★ Αθήνα"))
    assert data.read_text() != text

    assert user("validate", "data/cv.yaml").returncode == 0
    listed = user("layouts").stdout.splitlines()
    assert [line.split()[0] for line in listed] == layouts()
    assert not [line for line in listed if "(invalid" in line]

    used = set()
    for layout in layouts():
        r = user("build", "data/cv.yaml", "--layout", layout)
        m = re.search(r"^Built (\S+\.pdf): (\d+) pages?,", r.stdout, re.M)  # (after what a fit did)
        assert m, r.stdout
        pdf = PDF(user.folder / m.group(1))
        assert len(pdf.pages) == int(m.group(2)) >= 1
        assert pdf.text.startswith("Jane Doe Backend engineer who makes slow systems fast."), layout
        assert not pdf.missing("Zoë’s Ångström café, Київ ★ Αθήνα", "Example Corp", "tinyq", "Rust"), layout
        # the same bytes as the same build from the checkout: the same layouts, fonts and code
        assert pdf.path.read_bytes() == build_pdf(data, layout)[0].path.read_bytes(), layout
        used |= {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in pdf.fonts()}
    assert any(name.startswith("DejaVuSans") for name in used), used
    TIMES[f"init, validate, layouts and {len(layouts())} builds"] = time.perf_counter() - start


def test_what_is_not_there_is_said_in_the_installed_package_too(user):
    r = user("build", "data/cv.yaml", "--layout", "no-such-look", ok=False)
    assert r.returncode == 1
    assert "unknown layout `no-such-look`" in r.stderr
    assert f"layouts: {', '.join(layouts())}" in r.stderr

