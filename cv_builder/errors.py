"""Problems found in a CV, as values.

Every check in the project reports a :class:`Problem` that knows where it was
found (file, line, column, field path), what was found, what was expected and
what to do about it. Problems are collected and raised together in one
:class:`CVError`, so a user fixes a whole file in one pass. Only the CLI turns
them into text and exit codes.
"""

from __future__ import annotations

from typing import Iterable, Optional

from .record import record


@record(frozen=True, slots=True)
class Position:
    """A place in a source file; line and column count from 1."""

    file: str
    line: Optional[int] = None
    column: Optional[int] = None

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


@record(frozen=True)
class Problem:
    """One thing wrong (or worth a warning), where it is, and what to do about it."""

    message: str
    position: Optional[Position] = None
    path: str = ""  # field path such as ``sections.experience[2].start``
    found: Optional[str] = None
    expected: Optional[str] = None
    hint: Optional[str] = None
    severity: str = "error"  # or "warning"

    def format(self) -> str:
        """One problem as text: ``file:line:col: path: message (found …; expected …)``."""
        head = f"{self.position}: " if self.position else ""
        where = f"{self.path}: " if self.path else ""
        label = "warning: " if self.severity == "warning" else ""
        text = f"{head}{label}{where}{self.message}"
        details = []
        if self.found is not None:
            details.append(f"found {self.found}")
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if details:
            text += " (" + "; ".join(details) + ")"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class CVError(Exception):
    """Raised with every problem found; the project's one error type.

    The problems are kept in the order of the file (a problem without a line
    first), so a user can work down the file once.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_file_order)
        super().__init__(self.format())

    def format(self) -> str:
        n = len(self.problems)
        lines = [p.format() for p in self.problems]
        if n > 1:
            lines.append(f"{n} problems found.")
        return "\n".join(lines)


def _file_order(problem: Problem) -> tuple:
    pos = problem.position
    if pos is None:
        return ("", 0, 0)
    return (pos.file, pos.line or 0, pos.column or 0)


class Problems:
    """A collector: add problems while checking, raise them all at the end."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def error(self, message: str, **kw) -> None:
        self.items.append(Problem(message, **kw))

    def warn(self, message: str, **kw) -> None:
        self.items.append(Problem(message, severity="warning", **kw))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise CVError(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    """A hint naming the closest known word, or None when nothing is close."""
    import difflib  # 1.4 ms: only when a word is unknown, not by every build

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def show(value: object, limit: int = 60) -> str:
    """A value as a user would write it in YAML, shortened for a message."""
    if value is None:
        text = "nothing (null)"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = getattr(value, "raw", None) or str(value)  # a number as it was written
    return text if len(text) <= limit else text[: limit - 1] + "…"
