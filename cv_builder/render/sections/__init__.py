"""A section's flowables, from the renderer of its kind (see :mod:`cv_builder.kinds`).

The renderers live with their kinds, and the :class:`Context` they are given in
:mod:`cv_builder.render.context`; this module only hands a section to its
kind's renderer, for :mod:`cv_builder.render.document`.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...kinds import KINDS
from ...model import Section
from ..context import Context

__all__ = ["Context", "render"]


def render(section: Section, index: int, ctx: Context) -> list[Flowable]:
    return KINDS[section.kind].render(section, index, ctx)
