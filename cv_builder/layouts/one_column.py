"""One column: the header across the page, then the sections, each date in a
right-aligned column beside its entry (the full, one-page and two-page looks),
or (``dates: inline``) after its text on the same line, as plain lines of text
(the ats look)."""

from __future__ import annotations


from reportlab.platypus import Flowable, Paragraph

from ..model import doc
from ..record import record
from ..render.flowables import Para
from ..render.inline import escape
from . import register
from .base import Layout, Options


@record
class OneColumnOptions(Options):
    """Where dates stand."""

    dates: str = doc("right: an entry's dates (a project's year, a place beside a role) in a right-aligned "
                     "column beside its text; inline: after the text on its line, joined by the look's "
                     "separator — plain lines, which every text extractor reads in the same order",
                     "right", enum=["right", "inline"])


@register
class OneColumn(Layout):
    name = "one-column"
    Options = OneColumnOptions

    def row(self, left, right, space_before: float = 0) -> Flowable:
        if self.opts.dates != "inline":
            return super().row(left, right, space_before)
        return self.run_in(left, right, space_before)

    def beside(self, left, right) -> Flowable:
        if self.opts.dates != "inline":
            return super().beside(left, right)
        return self.run_in(left, right)

    def run_in(self, left: Paragraph, right: Paragraph | None, space_before: float = 0) -> Flowable:
        """One paragraph: the left text, the separator, the right text in its own face, size and colour."""
        if right is None:
            para = left
        else:
            st = right.style
            color = "#" + st.textColor.hexval()[2:]
            # the separator in the right text's face: a bold organisation is followed by a plain mark
            tail = f'<font name="{st.fontName}" size="{st.fontSize:g}" color="{color}">' \
                   f'{escape(self.inline.separator)}{right.text}</font>'
            para = Para(left.text + tail, left.style)
        if space_before:
            para.spaceBefore = space_before
        return para
