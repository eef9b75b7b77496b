"""Where the project's own files are: fonts and layouts.

They live beside the package in the repository (``fonts/``, ``layouts/``); the
package is installed in editable mode by the Makefile, so they are found from
the package's own location. ``CV_BUILDER_HOME`` points elsewhere if needed.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def home() -> Path:
    env = os.environ.get("CV_BUILDER_HOME")
    return Path(env) if env else PACKAGE.parent


def fonts_dir() -> Path:
    return home() / "fonts"


def layouts_dirs() -> list[Path]:
    """Layout folders, searched in order: the working directory's, then the project's."""
    dirs = [Path.cwd() / "layouts", home() / "layouts"]
    out = []
    for d in dirs:
        if d.resolve() not in [o.resolve() for o in out]:
            out.append(d)
    return out
