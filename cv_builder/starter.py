"""`cv-builder init`: a starter CV with one section of every kind, commented.

The text is a data file in the package (``templates/starter.yaml``); only the
first line, which points YAML editors at the project's JSON Schema, depends on
where the file goes.
"""

from __future__ import annotations

from pathlib import Path

from .files import named_file, write_new
from .interop.yamlout import schema_comment
from .resources import PACKAGE

TEMPLATE = PACKAGE / "templates" / "starter.yaml"


def text(target: Path | str) -> str:
    return schema_comment(Path(target)) + "\n" + TEMPLATE.read_text(encoding="utf-8")


def write(target: Path | str = "data/cv.yaml", force: bool = False) -> Path:
    """Write the starter file; an existing file is kept unless ``force``."""
    target = named_file(str(target), example="data/cv.yaml") if isinstance(target, str) else Path(target)
    write_new(target, text(target), force)
    return target
