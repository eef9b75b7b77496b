"""Mutation harness: do `validate` and `build` agree on what a file is? (issue 19)

Each mutant is one random edit of the seed data (data/cv.yaml) or of a shipped look
(layouts/*.yaml): a line deleted, doubled or indented differently, a value replaced
(by an empty one, a wrong date, a number, a list, text in another script, markup, a
long text, …), a key misspelt, two lines swapped. Seeds are fixed, so a run is
reproducible. For each mutant of the data, `validate` and `build` (in-process, into a
scratch folder: a plain build, then a build of each variant, which validate answers for
too) must agree: a file that validates builds, and a file that builds validates. For each mutant of a look,
loading the look and building the seed with it must agree the same way. Neither may
crash (any exception but CVError).

    .venv/bin/python tests/mutants.py --data 2400 --layouts 800      # the full run
    .venv/bin/python tests/mutants.py --data 200 --seed 7 -v           # a shorter one

tests/test_validate_build_agree.py keeps the disagreements found, and runs a few
dozen mutants of each kind every time.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "cv.yaml"
LOOKS = sorted((ROOT / "layouts").glob("*.yaml"))

VALUES = [
    "", "~", "null", "[]", "{}", "0", "-1", "1e400", "99999999999999999999999", "yes", "no", "true",
    "2024-13", "2024-00", "1799", "2101", "present", "now", "Mar 2024", "03/2024", "2024-02-30", "2024.5",
    '"  "', "'#hash'", "*alias", "&anchor x", "!!python/object:os.system", "|", ">-",
    "**", "*", "***bold italic***", "[site](HTTPS://EXAMPLE.ORG)", "[x](javascript:alert(1))", "MAILTO:a@b.org",
    "<b>tag</b> & R&D", "\\u0000", '"\\u0007 bell"', "Müller-Lüdenscheidt", "Ελληνικά", "Пушкин",
    "中文简历", "日本語の履歴書", "한국어", "עברית", "العربية", "😀 emoji", "✓ → ★", "\u200b zero width",
    "x" * 300, "word " * 400, "A very long title " * 60, "https://example.org", "mailto:a@b.org",
    "ﬁnance", "Straße", "e\u0301", "\t", "a: b", "- item", "[a, b", "{a: 1", "@at", "`tick`", "%percent",
]
KEYS = ["name", "title", "text", "start", "end", "items", "kind", "tags", "priority", "short", "url", "links",
        "label", "value", "note", "bullets", "organisation", "year", "authors", "venue", "sections", "variants",
        "include", "exclude", "layout", "owner", "language", "lang", "sizes", "colors", "fonts", "extends",
        "structure", "body", "detail", "margins", "spacing", "styles", "options", "fit", "paper"]


@dataclass
class Mutant:
    kind: str  # "data" or "look"
    seed: int
    edit: str
    text: str
    look: str = ""  # the look's file name, for a look mutant


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One random edit of YAML text: (what was done, the new text)."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    i = rng.choice(body)
    line = lines[i]
    op = rng.randrange(8)
    if op == 0:
        del lines[i]
        return f"line {i + 1} deleted", "\n".join(lines)
    if op == 1:
        lines.insert(i, line)
        return f"line {i + 1} doubled", "\n".join(lines)
    if op == 2:
        delta = rng.choice([-4, -2, 2, 4])
        lines[i] = " " * max(0, len(line) - len(line.lstrip()) + delta) + line.lstrip()
        return f"line {i + 1} indented by {delta}", "\n".join(lines)
    if op == 3:
        j = rng.choice(body)
        lines[i], lines[j] = lines[j], lines[i]
        return f"lines {i + 1} and {j + 1} swapped", "\n".join(lines)
    if op == 4:
        m = re.match(r"(\s*(?:- )?)([A-Za-z_]\w*)(\s*:.*)", line)
        if m:
            key = m.group(2)
            new = rng.choice([key[:-1], key + "s", key.upper(), rng.choice(KEYS), key[1:] + key[0]])
            lines[i] = m.group(1) + new + m.group(3)
            return f"line {i + 1}: key {key!r} -> {new!r}", "\n".join(lines)
    if op == 5:
        m = re.match(r"(\s*(?:- )?)", line)
        indent = m.group(1) if m else ""
        extra = f"{' ' * len(indent)}{rng.choice(KEYS)}: {rng.choice(VALUES)}"
        lines.insert(i + 1, extra)
        return f"after line {i + 1}: {extra.strip()!r}", "\n".join(lines)
    m = re.match(r"(\s*(?:- )?(?:[A-Za-z_][\w-]*\s*:\s*)?)(.*)", line)
    head, value = (m.group(1), m.group(2)) if m else ("", line)
    new = rng.choice(VALUES)
    if op == 7 and value:  # a change inside the value
        cut = rng.randrange(len(value) + 1)
        new = value[:cut] + rng.choice(VALUES) + value[cut:]
    lines[i] = head + new
    return f"line {i + 1}: {value[:40]!r} -> {new[:40]!r}", "\n".join(lines)


def data_mutants(count: int, seed: int = 0):
    text = DATA.read_text(encoding="utf-8")
    for k in range(count):
        rng = random.Random(seed * 1_000_003 + k)
        edit, new = mutate(text, rng)
        yield Mutant("data", k, edit, new)


def look_mutants(count: int, seed: int = 0):
    for k in range(count):
        rng = random.Random(seed * 1_000_003 + k + 7_919)
        look = rng.choice(LOOKS)
        edit, new = mutate(look.read_text(encoding="utf-8"), rng)
        yield Mutant("look", k, edit, new, look.name)


def _outcome(fn) -> str:
    from cv_builder.errors import CVError

    try:
        fn()
        return "ok"
    except CVError as exc:
        return "error: " + exc.problems[0].format().splitlines()[0][:300] if exc.problems else "error"
    except RecursionError:
        return "crash: RecursionError"
    except Exception as exc:  # noqa: BLE001 - the harness reports it
        return f"crash: {type(exc).__name__}: {str(exc)[:200]}"


def validate(path: Path) -> str:
    """What `cv-builder validate PATH` decides."""
    from cv_builder.build import validate as run
    from cv_builder.errors import CVError

    def decide():
        errors = [p for p in run(path)[1] if p.severity == "error"]
        if errors:
            raise CVError(errors)

    return _outcome(decide)


def build(path: Path, look: str | None, out: Path, variants: bool = False) -> str:
    """What `cv-builder build PATH [--layout LOOK]` decides; with ``variants``, and then
    `cv-builder build PATH --variant NAME` and `cv-builder letter PATH --variant NAME` for
    each variant, as `build --all-variants` builds them (what `validate` answers for)."""
    from cv_builder import letter, schema
    from cv_builder.build import build as run
    from cv_builder.variants import has_letter

    said = _outcome(lambda: run(path, look, out))
    if said != "ok" or not variants:
        return said
    cv = schema.load(path)
    for name, variant in cv.variants.items():
        said = _outcome(lambda: run(path, look, out.with_name(f"{name}.pdf"), variant=name))
        if said == "ok" and has_letter(cv, variant):
            said = _outcome(lambda: letter.build(path, look, out.with_name(f"{name}-letter.pdf"), variant=name))
        if said != "ok":
            return f"variant {name}: {said}"
    if not cv.variants and cv.letter is not None:
        said = _outcome(lambda: letter.build(path, look, out.with_name("letter.pdf")))
        if said != "ok":
            return f"letter: {said}"
    return "ok"


def load_look(path: Path) -> str:
    from cv_builder import layout

    return _outcome(lambda: layout.load(str(path)))


def check(mutant: Mutant, folder: Path) -> tuple[str, str]:
    """(what the check said, what the build said) for one mutant."""
    if mutant.kind == "data":
        data = folder / "cv.yaml"
        data.write_text(mutant.text, encoding="utf-8")
        return validate(data), build(data, None, folder / "cv.pdf", variants=True)
    look = folder / mutant.look
    look.write_text(mutant.text, encoding="utf-8")
    return load_look(look), build(DATA, str(look), folder / "cv.pdf")


def disagree(said: tuple[str, str]) -> bool:
    checked, built = said
    return checked.startswith("crash") or built.startswith("crash") or \
        (checked == "ok") != (built == "ok")


def run(mutants, verbose: bool = False) -> list[tuple[Mutant, tuple[str, str]]]:
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for mutant in mutants:
            folder = Path(tmp) / f"{mutant.kind}-{mutant.seed}"
            folder.mkdir()
            said = check(mutant, folder)
            if disagree(said):
                found.append((mutant, said))
                if verbose:
                    print(f"{mutant.kind} {mutant.seed} ({mutant.look or 'cv.yaml'}: {mutant.edit})\n"
                          f"    check: {said[0]}\n    build: {said[1]}", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=int, default=400, help="mutants of data/cv.yaml")
    parser.add_argument("--layouts", type=int, default=100, help="mutants of the looks in layouts/")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    found = run(data_mutants(args.data, args.seed), args.verbose)
    found += run(look_mutants(args.layouts, args.seed), args.verbose)
    print(f"{len(found)} of {args.data + args.layouts} mutants: check and build disagree or crash "
          f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
