"""One column: the header across the page, then the sections, each date in a
right-aligned column beside its entry (the full, one-page and two-page looks)."""

from . import register
from .base import Layout


@register
class OneColumn(Layout):
    name = "one-column"
