"""What one build computed that the next can use: caches kept for the life of a process.

Two kinds: :class:`Recent` (what the last two builds used: parsed paragraphs and
broken lines) and :func:`remember` (the last so many entries of a small memo keyed
by exact bytes: compressed font subsets, formatted widths, parsed Unicode maps).

A watch loop rebuilds a CV of which one line changed; a fitter lays out the
same paragraphs at several scales; a batch builds the same facts for several
variants. Parsing markup and breaking lines depend only on the text, the style
and the width (see :class:`~cv_builder.render.flowables.Para`), so their
results are kept here.

A cache remembers what the current build and the one before it used, and
forgets the rest when the next build starts (:func:`new_build`, called once per
build): memory stays within about twice what one build needs, however long a
watch loop runs. :func:`clear` forgets everything (when a font file changes).
"""

from __future__ import annotations

import threading

_CACHES: list["Recent"] = []


class Recent:
    """A map of what the last two builds used."""

    def __init__(self, limit: int = 100_000):
        self.limit = limit  # a safety net for callers that never start a new build
        self.current: dict = {}
        self.previous: dict = {}
        _CACHES.append(self)

    def get(self, key):
        value = self.current.get(key)
        if value is None:
            value = self.previous.pop(key, None)
            if value is not None:
                self.current[key] = value
        return value

    def put(self, key, value) -> None:
        if len(self.current) >= self.limit:
            self.current.clear()
            self.previous.clear()
        self.current[key] = value

    def age(self) -> None:
        self.previous = self.current
        self.current = {}

    def clear(self) -> None:
        self.current.clear()
        self.previous.clear()

    def __len__(self) -> int:
        return len(self.current) + len(self.previous)


_REMEMBER = threading.Lock()


def remember(memo: dict, key, value, limit: int):
    """Put ``value`` in a memo that keeps the ``limit`` entries put in last; returns it.
    (Builds in several threads share the memos: two of them dropping the oldest entry
    at once must not both drop the same one.)"""
    with _REMEMBER:
        if len(memo) >= limit:
            memo.pop(next(iter(memo)), None)
        memo[key] = value
    return value


def new_build() -> None:
    """A build starts: what the build before last used and no later one did is forgotten."""
    for cache in _CACHES:
        cache.age()


def clear() -> None:
    for cache in _CACHES:
        cache.clear()
