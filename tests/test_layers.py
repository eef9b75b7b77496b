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


# -- imports inside functions ------------------------------------------------------------------
# An import belongs at the top of its module, unless importing it there would cost a start-up
# something measurable that it does not need (or would close an import cycle, or needs an optional
# package): then it goes inside the function that needs it, with the measured figure on its line,
# or in a comment just above it (one comment for a run of imports): "# 100 ms: ReportLab, only for
# building", "# import cycle: the model imports this package", "# 75 ms, and an optional package".
FIGURE = re.compile(r"#.*?(?:(?<![\d.])(?:[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)\s?ms\b"  # a figure, not 0 ms
                    r"|\bimport cycle\b|\boptional package\b)")

# Imports in modules their owners were editing when the others were sorted out: each costs nothing
# where it is used (its module is loaded by then), so it belongs at the top of its module (or is
# dead: pdfread is gone). Their owners move them, and take them off this list.
LEFT_TO_OWNERS = {
    "cv_builder/interop/embedded.py: from ..pdfread import Document, PDFError, Stream, text_string",
    "cv_builder/lang/__init__.py: import yaml",
    "cv_builder/lang/__init__.py: from ..errors import did_you_mean",
    "cv_builder/lang/__init__.py: import dataclasses",
    "cv_builder/lang/__init__.py: from ..errors import show",
    "cv_builder/lang/pdf.py: from reportlab.pdfbase.pdfmetrics import stringWidth",
    "cv_builder/layouts/letter.py: from ..render.document import metadata",
    "cv_builder/letter.py: from .build import layout_for, slug",
    "cv_builder/letter.py: from .model import Day",
    "cv_builder/letter.py: from .build import layout_for, written",
    "cv_builder/letter.py: from .build import loaded",
    "cv_builder/render/inline.py: from ..lang.scripts import NEEDS_SHAPING, script",
    "cv_builder/render/inline.py: from ..lang.scripts import NAMES, script",
    "cv_builder/render/inline.py: from ..lang.scripts import unsupported",
}


def unexplained_imports(path: Path, root: Path = ROOT) -> list[str]:
    """The imports inside the functions of a module without a figure (or a cycle) to explain them."""
    name = path.relative_to(root)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for fn in ast.walk(ast.parse(text)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for body in _bodies(fn):
            run: list[ast.stmt] = []
            for stmt in body + [None]:
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    run.append(stmt)
                    continue
                if run and not _explained(run, lines):
                    out += [(s.lineno, f"{name}:{s.lineno}: {lines[s.lineno - 1].strip()}") for s in run]
                run = []
    return [text for _, text in sorted(set(out))]


def _bodies(fn):
    """The statement lists of a function: its body, and those of the blocks in it (not of the
    functions and classes inside it, which ast.walk visits on their own)."""
    todo = [fn.body]
    while todo:
        body = todo.pop()
        yield body
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for name in ("body", "orelse", "finalbody"):
                if isinstance(getattr(stmt, name, None), list):
                    todo.append(getattr(stmt, name))
            for handler in getattr(stmt, "handlers", ()):
                todo.append(handler.body)
            for case in getattr(stmt, "cases", ()):
                todo.append(case.body)


def _explained(run: list, lines: list[str]) -> bool:
    """A figure on a line of the run of imports, or in the comment lines just above it."""
    first, last = run[0].lineno, run[-1].end_lineno
    above = first - 1
    while above >= 1 and lines[above - 1].strip().startswith("#"):
        above -= 1
    return any(FIGURE.search(line) for line in lines[above:last])


def test_an_import_inside_a_function_says_what_it_saves():
    found = [f for path in sorted((ROOT / "cv_builder").rglob("*.py")) for f in unexplained_imports(path)]
    unexplained = [f for f in found if _unnumbered(f) not in LEFT_TO_OWNERS]
    assert not unexplained, ("imports inside functions without the measured cost that keeps them there (move "
                             "them to the top of the module, or add '# N ms: why'):\n  " + "\n  ".join(unexplained))
    done = LEFT_TO_OWNERS - {_unnumbered(f) for f in found}
    assert not done, "moved or explained: take them off LEFT_TO_OWNERS:\n  " + "\n  ".join(sorted(done))


def _unnumbered(found: str) -> str:
    """'cv_builder/x.py:12: import y' -> 'cv_builder/x.py: import y'"""
    path, _, rest = found.split(":", 2)
    return f"{path}:{rest}"


def test_an_unexplained_import_inside_a_function_is_found(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\n\n"
        "def plain():\n    import json\n    return json\n\n\n"
        "def measured():\n    import json  # 1.7 ms: only for --report\n    from . import x\n    return json, x\n\n\n"
        "def above():\n    # 75 ms, and an optional package\n    import pdfminer\n    return pdfminer\n\n\n"
        "def cycle():\n    from .model import Date  # import cycle: the model imports this module\n\n\n"
        "def nested(flag):\n    if flag:\n        try:\n            import difflib\n        except ImportError:\n"
        "            import pdb  # 3 ms\n    return 1\n\n\n"
        "def later():\n    x = 1  # 5 ms\n    import csv\n    return csv, x\n\n\n"
        "def zero():\n    import re  # 0 ms: loaded anyway\n    return re\n\n\n"
        "def small():\n    import ast  # 0.25 ms\n    return ast\n")
    found = unexplained_imports(module, tmp_path)
    assert [f.split(": ", 1)[1] for f in found] == ["import json", "import difflib", "import csv",
                                                   "import re  # 0 ms: loaded anyway"]
    assert all(f.startswith("m.py:") for f in found)
