"""Hostile or odd YAML: bounded work and memory, safe loading, values normalised as meant."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from cv_builder import schema, source
from cv_builder.errors import CVError

BAD = Path(__file__).resolve().parent / "inputs" / "bad"


def refuse(path, name=None) -> str:
    with pytest.raises(CVError) as info:
        schema.load(path, name)
    return info.value.format()


def test_alias_bomb_refused_within_a_second_and_small_memory():
    path = BAD / "alias-bomb.yaml"  # expands to 9**9 (387 million) strings if followed
    refuse(path)  # warm up imports, so that only the refusal is measured
    start = time.perf_counter()
    message = refuse(path)
    elapsed = time.perf_counter() - start
    assert "the alias `*e` repeats 66,430 values" in message
    assert elapsed < 1.0, f"took {elapsed:.2f} s"  # about a millisecond when measured; generous for a busy CI
    tracemalloc.start()
    try:
        refuse(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"  # about 20 KB when measured


def test_a_flood_of_values_is_refused_with_bounded_memory(tmp_path):
    """5 MB of `1,1,1,…` (2.6 million values): composing it first took 11 s and 820 MB.

    Measured in a fresh process (its peak resident memory), as a user's run would be."""
    import subprocess
    import sys

    path = tmp_path / "flood.yaml"
    n = (source.MAX_BYTES - 100) // 2
    path.write_text("name: A\nsections:\n  skills: [" + "1," * n + "1]\n")
    code = ("import sys\n"
            "from cv_builder import schema\n"
            "from cv_builder.errors import CVError\n"
            "try:\n    schema.load(sys.argv[1], 'flood.yaml')\n"
            "except CVError as e:\n    print(e.format())\n"
            # VmHWM, not ru_maxrss: after a fork and exec, ru_maxrss also counts the
            # parent's memory (here pytest's, which grows over the suite)
            "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("flood.yaml:3:"), out.stdout + out.stderr
    assert f"the document holds more than {source.MAX_NODES:,} values" in lines[0]
    peak_kb = int(lines[-1])
    assert peak_kb < 200 * 1024, f"peak {peak_kb / 1024:.0f} MB"  # about 60 MB when measured, 5 MB of it the text


def test_a_20_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.write(b"name: A\nsections:\n  about: |\n")
        line = b"    " + b"x" * 95 + b"\n"
        f.write(line * (20 * 1024 * 1024 // len(line)))
    message = refuse(path, "huge.yaml")
    assert message.splitlines()[0] == "huge.yaml: the file is too large for a CV (20.0 MB) (expected at most 5 MB)"
    assert "hint: is this the right file?" in message


def test_no_tag_can_construct_objects():
    for tag in ("!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!binary aGk=",
                "!!set {a, b}"):
        with pytest.raises(CVError) as info:
            source.parse(f"name: {tag}\nsections:\n  about: x\n", "t.yaml")
        assert "is not allowed" in info.value.format()


def test_merge_keys_and_used_anchors_still_work():
    cv = schema.loads(
        "name: Ada Lovelace\n"
        "sections:\n"
        "  experience:\n"
        "    - &job {title: Programmer, organisation: Analytical Society, start: 1842}\n"
        "    - <<: *job\n"
        "      title: Translator\n")
    jobs = cv.section("experience").items
    assert [(j.title, j.organisation) for j in jobs] == [("Programmer", "Analytical Society"),
                                                        ("Translator", "Analytical Society")]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_bytes("\ufeffname: Ada Lovelace\nsections:\n  about: x\n".encode("utf-8"))
    assert schema.load(path).name == "Ada Lovelace"


@pytest.mark.parametrize("written,shown", [
    ("2024", "2024"), ('"2024"', "2024"), ("2024-03", "Mar 2024"), ("2024/3", "Mar 2024"),
    ("03/2024", "Mar 2024"), ("Mar 2024", "Mar 2024"), ("March 2024", "Mar 2024"), ("sept. 2024", "Sep 2024"),
    ("2024-03-15", "Mar 2024"), ("present", "Present"), ("Now", "Now"), ("1842", "1842"),
])
def test_dates_accepted_and_normalised(written, shown):
    cv = schema.loads(f"name: A\nsections:\n  timeline:\n    - text: x\n      start: 1800\n      end: {written}\n")
    assert str(cv.section("timeline").items[0].end) == shown


def test_numbers_in_text_fields_keep_how_they_were_written():
    cv = schema.loads(
        "name: A\nsections:\n"
        "  figures:\n    - value: 1.10\n      label: 0x1F\n"
        "  publications:\n    - title: T\n      arxiv: 2307.10100\n")
    figure = cv.section("figures").items[0]
    assert (figure.value, figure.label) == ("1.10", "0x1F")
    assert cv.section("publications").items[0].arxiv == "2307.10100"  # a float would say 2307.101


def test_priority_as_text_or_float_when_unambiguous():
    cv = schema.loads("name: A\nsections:\n  about:\n    - text: x\n      priority: '3'\n"
                      "    - text: y\n      priority: 4.0\n")
    assert [p.priority for p in cv.section("about").items] == [3, 4]


def test_a_bare_address_is_a_link():
    cv = schema.loads("name: A\nlinks:\n  - https://example.org\n  - {url: 'mailto:a@example.org', label: Mail}\n"
                      "sections:\n  about: x\n")
    assert [(l.url, l.label) for l in cv.header.links] == [("https://example.org", None),
                                                          ("mailto:a@example.org", "Mail")]


def test_yaml_path_does_not_import_reportlab(tmp_path):
    """Reading and checking CV data is the input layer: it never needs ReportLab (a look's
    structure is a layout class, which draws with it: a CV whose variants name layouts
    loads them, and that costs the import; so does checking characters beyond ASCII
    against the look's fonts, which ReportLab reads)."""
    import subprocess
    import sys
    import unicodedata
    code = ("import sys\nfrom cv_builder.cli import main\n"
            "try:\n    main(['validate', sys.argv[1]], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(any(m.startswith('reportlab') for m in sys.modules))")
    seed = (Path(__file__).resolve().parents[1] / "data" / "cv.yaml").read_text()
    data = tmp_path / "cv.yaml"
    ascii_only = unicodedata.normalize("NFKD", seed.split("\nvariants:")[0]).encode("ascii", "ignore").decode()
    data.write_text(ascii_only + "\n")
    out = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr


def test_the_safe_loader_resolves_plain_scalars_by_their_first_character_only():
    """What source._plain_tag relies on to give the tags the loader's resolve() gives."""
    import yaml
    for loader in (yaml.SafeLoader, source._Loader):
        assert None not in loader.yaml_implicit_resolvers  # no resolver tried for every scalar
        assert not loader.yaml_path_resolvers


YAML_11_SCALARS = [
    "yes", "Yes", "YES", "no", "NO", "on", "On", "off", "OFF", "y", "n", "true", "False", "tRue", "nUll",
    "null", "Null", "~", "", "0x1F", "0o17", "017", "0b101", "1_000", "+12", "-0", "190:20:30", "1.10", ".5",
    "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "2024", "2024-03", "2024-03-05", "2001-12-14t21:59:43.10-05:00",
    "<<", "=", "present", "Mar 2024", "title", "Research Scientist", "0.", "+", "-", ".", "1,000", "2024.5",
]


@pytest.mark.parametrize("plain", YAML_11_SCALARS)
def test_plain_scalars_get_the_tags_pyyaml_gives_them(plain):
    import yaml
    assert source._plain_tag(plain) == yaml.SafeLoader("").resolve(yaml.ScalarNode, plain, (True, False))


@pytest.mark.parametrize("written,value", [
    ("yes", True), ("Off", False), ("~", None), ("null", None), ("", None), ("0x1F", 31), ("1_000", 1000),
    ("1.10", 1.1), ("'yes'", "yes"), ('"12"', "12"), ("! 12", 12), ("!!str 12", "12"), ("012", "012"),
    (".inf", ".inf"), ("2024-03-05", "2024-03-05"), ("nUll", "nUll"), ("1:30", "1:30"), ("=", "="),
])
def test_scalars_are_read_as_yaml_1_1_reads_them(written, value):
    read = source.parse(f"v: {written}\n", "t.yaml")["v"]
    assert read == value and type(read) in (type(value), source.YInt, source.YFloat)
    if isinstance(read, (source.YInt, source.YFloat)):
        assert read.raw == written.removeprefix("! ")  # a number as it was written (without the tag `!`)
