"""`cv-builder init`: a starter CV with one section of every kind, commented.

The text is a data file in the package (``templates/starter.yaml``). Its first
line points YAML editors at ``cv.schema.json`` in the same folder, which init
writes there too: the reference holds wherever cv-builder is installed and
wherever the folder is moved, and the schema is the running version's.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import CVError, Position, Problem
from .files import check_new, named_file, write_atomically, write_new
from .interop.yamlout import schema_comment
from .resources import PACKAGE
from .schema import json_schema_text

TEMPLATE = PACKAGE / "templates" / "starter.yaml"
SCHEMA_NAME = "cv.schema.json"


def schema_path(target: Path | str) -> Path:
    """Where init writes the JSON Schema: beside the starter."""
    return Path(target).parent / SCHEMA_NAME


def text(target: Path | str) -> str:
    return schema_comment(Path(target), schema_path(target)) + "\n" + TEMPLATE.read_text(encoding="utf-8")


def write(target: Path | str = "data/cv.yaml", force: bool = False) -> Path:
    """Write the starter file, and the schema beside it; an existing starter is kept unless
    ``force``. The schema is written when it is missing or an older cv-builder schema, and
    never replaces another file of that name."""
    target = named_file(str(target), example="data/cv.yaml") if isinstance(target, str) else Path(target)
    schema, schema_text = schema_path(target), json_schema_text()
    if target.name == SCHEMA_NAME:
        raise CVError([Problem(f"`{SCHEMA_NAME}` is the name of the JSON Schema that init writes beside the CV",
                               position=Position(str(target)),
                               hint=f"give the CV another name, e.g. {target.parent / 'cv.yaml'}")])
    check_new(target, force)
    old = _schema_there(schema, json.loads(schema_text)["$id"])
    if old is False:
        raise CVError([Problem("this is not a JSON Schema of cv-builder's, and init writes its schema here; "
                               "nothing was written", position=Position(str(schema)),
                               hint="init into another folder, or move that file away")])
    write_new(target, text(target), force)
    if old != schema_text:
        write_atomically(schema, schema_text.encode("utf-8"))
    return target


def _schema_there(path: Path, schema_id: str) -> str | None | bool:
    """The text of the cv-builder schema (of any version: the same ``$id``) at ``path``; None
    if there is nothing, False if something else is there (a folder, a device, another file)."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        data = json.loads(old)
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return False
    return old if isinstance(data, dict) and data.get("$id") == schema_id else False
