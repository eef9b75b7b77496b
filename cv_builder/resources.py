"""Where the project's own files are: fonts, layouts and the JSON Schema.

Their one copy lives at the top of the repository (``fonts/``, ``layouts/``,
``schema/``). A wheel carries them inside the package, as ``cv_builder/share/``
(pyproject.toml maps the folders there); a checkout, or the Makefile's editable
install of it, has them beside the package. ``home()`` is the folder that holds
the three, found in that order; ``CV_BUILDER_HOME`` points elsewhere if needed.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def home() -> Path:
    env = os.environ.get("CV_BUILDER_HOME")
    if env:
        return Path(env)
    installed = PACKAGE / "share"
    return installed if installed.is_dir() else PACKAGE.parent


def fonts_dir() -> Path:
    return home() / "fonts"


def schema_file() -> Path:
    """The JSON Schema of the data format, as shipped (``cv-builder schema`` prints the same)."""
    return home() / "schema" / "cv.schema.json"


_DIRS: dict[tuple, list] = {}  # (working directory, home) -> layouts_dirs()


def layouts_dirs() -> list[Path]:
    """Layout folders, searched in order: the working directory's, then the project's (once
    when they are the same folder). Worked out once for a working directory and home: a
    build looks for its look and its variants' looks about fifteen times, each time
    resolving both folders component by component (~60 file-system calls a build)."""
    key = (os.getcwd(), os.environ.get("CV_BUILDER_HOME"))
    known = _DIRS.get(key)
    if known is None:
        known = []
        for d in (Path(key[0]) / "layouts", home() / "layouts"):
            if d.resolve() not in [o.resolve() for o in known]:
                known.append(d)
        if len(_DIRS) > 16:
            _DIRS.clear()
        _DIRS[key] = known
    return list(known)
