"""What reading one PDF may cost: every limit of the reader, in one place.

`cv-builder check FILE` reads any file it is given, so every step that can grow
with the input is paid for from a :class:`Budget`: bytes decompressed (per
stream and in all), objects, tokens parsed, nesting, content-stream operations,
text extracted, Unicode-map entries, and CPU time. A file that would cost more
is refused with :class:`TooLarge`, which names the limit: whatever it holds, a
file is answered in 1.5 s of CPU (plus the command's start) and well under
200 MiB (tests/test_pdfcheck_hostile.py proves it on crafted files).

The limits are far above what a CV needs: the seed CV's three pages use about
1/1000 of each. (The check after every build pays from the same budget; a
counter and a comparison per object, per stream and per few thousand
operations, not per byte.)
"""

from __future__ import annotations

import time

MiB = 1 << 20


class Limits:
    """The most one check may spend of each kind (a plain class: tests make tighter ones)."""

    file_bytes = 16 * MiB  # the file itself (a CV is ~100 KB; a CV with photos a few MB)
    stream_bytes = 8 * MiB  # one stream decompressed and kept (content, Unicode map, object stream)
    decoded_bytes = 32 * MiB  # every stream decompressed and kept, in all
    verified_bytes = 256 * MiB  # decompressed only to see that it can be (font programs): never kept
    objects = 100_000
    tokens = 250_000  # objects' tokens parsed (each a Python object in memory, and a microsecond or two)
    depth = 64  # arrays and dictionaries in one another; page tree; outline; forms in forms
    operations = 250_000  # content-stream operations read for text, all pages and forms
    text_chars = 1_000_000  # characters of the text layer
    cmap_entries = 256_000  # entries of all Unicode maps (a full two-byte map has 65,536)
    seconds = 1.5  # of CPU time (process_time: a machine busy with other work does not make a file "too large")

    def __init__(self, **changes):
        for key, value in changes.items():
            if not hasattr(Limits, key):
                raise TypeError(f"no such limit: {key}")
            setattr(self, key, value)


DEFAULT = Limits()


class TooLarge(Exception):
    """Reading the file would cost more than a limit allows: it is refused, not read on.

    (Not a PDFError: the lenient paths that skip a damaged object must not swallow it.)
    """


def _size(n: int) -> str:
    return f"{n // MiB} MB" if n >= MiB else f"{n:,} bytes"


class Budget:
    """What one check has spent so far; each ``spend_*`` raises TooLarge past its limit."""

    __slots__ = ("limits", "deadline", "decoded", "verified", "tokens", "operations", "text_chars",
                 "cmap_entries", "_ticks")

    def __init__(self, limits: Limits = DEFAULT):
        self.limits = limits
        self.deadline = time.process_time() + limits.seconds
        self.decoded = 0
        self.verified = 0
        self.tokens = 0
        self.operations = 0
        self.text_chars = 0
        self.cmap_entries = 0
        self._ticks = 0

    def check_time(self) -> None:
        if time.process_time() > self.deadline:
            raise TooLarge(f"reading it takes more than {self.limits.seconds:g} s")

    def tick(self, n: int = 1) -> None:
        """A step done (n of them): the clock is looked at every 256 small steps, and after
        each large one. (Reading the CPU clock costs a few microseconds: the check after a
        build looks at it a few times, not at every object.)"""
        if n >= 4096:
            self.check_time()
            return
        self._ticks += 1
        if not self._ticks & 255:
            self.check_time()

    def spend_decoded(self, n: int, what: str) -> None:
        if n > self.limits.stream_bytes:
            raise TooLarge(f"{what} expands to more than {_size(self.limits.stream_bytes)}")
        self.decoded += n
        if self.decoded > self.limits.decoded_bytes:
            raise TooLarge(f"its streams expand to more than {_size(self.limits.decoded_bytes)} in all")
        self.tick(n >> 6)  # (decompressing is fast: a large stream only counts as a large step)

    def spend_verified(self, n: int) -> None:
        self.verified += n
        if self.verified > self.limits.verified_bytes:
            raise TooLarge(f"its font programs expand to more than {_size(self.limits.verified_bytes)} in all")
        self.tick(n >> 6)

    def spend_tokens(self, n: int) -> None:
        self.tokens += n
        if self.tokens > self.limits.tokens:
            raise TooLarge(f"its objects hold more than {self.limits.tokens:,} tokens")
        self.tick(n)

    def spend_operations(self, n: int) -> None:
        self.operations += n
        if self.operations > self.limits.operations:
            raise TooLarge(f"its pages draw more than {self.limits.operations:,} text operations")
        self.tick(n)

    def spend_text(self, n: int) -> None:
        self.text_chars += n
        if self.text_chars > self.limits.text_chars:
            raise TooLarge(f"its text layer is longer than {self.limits.text_chars:,} characters")

    def spend_cmap(self, n: int) -> None:
        self.cmap_entries += n
        if self.cmap_entries > self.limits.cmap_entries:
            raise TooLarge(f"its fonts' Unicode maps have more than {self.limits.cmap_entries:,} entries")
        self.tick(n)

    def count_objects(self, n: int) -> None:
        if n > self.limits.objects:
            raise TooLarge(f"it has more than {self.limits.objects:,} objects")

    def count_depth(self, depth: int, what: str) -> None:
        if depth > self.limits.depth:
            raise TooLarge(f"{what} nested more than {self.limits.depth} levels deep")
