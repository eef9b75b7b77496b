"""The import graph goes one way: cli -> application -> input -> layout -> render -> check.

Each module of the package belongs to a layer and imports only from its own layer and
those below it; what a layer needs from above comes in as a value (the check's
expectations come from what render returns). The vocabulary — the model and the kinds
(what a CV is), a look's settings, errors, markup, languages, files, memos — is imported
by every layer and imports no layer.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS = [  # top first
    ("cli", r"cli|__main__"),
    ("application", r"build|batch|watch|starter|compare|interop(\..*)?|letters?(\..*)?|ats(\..*)?"),
    ("input", r"source|schema|layout|variants"),
    ("layout", r"layouts(\..*)?|fit"),
    ("render", r"render(\..*)?"),
    ("check", r"check|pdfread|pdfcheck(\..*)?"),
]
VOCABULARY = r"__init__|errors|markup|model|record|kinds(\..*)?|look|lang(\..*)?|memo|resources|files|urls"


def modules(root: Path = ROOT) -> dict[str, Path]:
    out = {}
    for path in (root / "cv_builder").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imported(module: str, path: Path, known: dict) -> set[str]:
    """The package's modules that a module imports, at its top or inside functions."""
    out = set()
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                name = f"{target}.{alias.name}"
                out.add(name if name in known else target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("cv_builder") and m != module}


def layer(module: str) -> int | None:
    """The module's layer (0 is the top), or None for the vocabulary."""
    short = module.removeprefix("cv_builder").removeprefix(".")
    if re.fullmatch(VOCABULARY, short) or not short:
        return None
    for n, (_, pattern) in enumerate(LAYERS):
        if re.fullmatch(pattern, short):
            return n
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS or VOCABULARY in {__file__}")


def upward(known: dict[str, Path]) -> list[str]:
    out = []
    for module, path in sorted(known.items()):
        here = layer(module)
        for target in sorted(imported(module, path, known)):
            there = layer(target)
            if there is None:
                continue
            if here is None or there < here:
                what = "the vocabulary" if here is None else LAYERS[here][0]
                out.append(f"{module} ({what}) imports {target} ({LAYERS[there][0]})")
    return out


def test_every_import_points_down():
    found = upward(modules())
    assert not found, "imports that point up:\n  " + "\n  ".join(found)


def test_an_import_that_points_up_is_found(tmp_path):
    """Also inside a function, relative or absolute, from the vocabulary or from a layer."""
    for name, text in {"__init__.py": "", "schema.py": "", "model.py": "def f():\n    from . import build\n",
                       "render/__init__.py": "", "render/theme.py": "import cv_builder.schema\n",
                       "layouts/__init__.py": "from ..render import theme\n", "build.py": "from .layouts import x\n"}.items():
        (tmp_path / "cv_builder" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "cv_builder" / name).write_text(text)
    assert upward(modules(tmp_path)) == [
        "cv_builder.model (the vocabulary) imports cv_builder.build (application)",
        "cv_builder.render.theme (render) imports cv_builder.schema (input)"]
