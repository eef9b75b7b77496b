"""`cv-builder export --format markdown|text`: the CV for web profiles and for application forms."""

import re
import subprocess
import sys

import pytest

from conftest import DATA, ROOT, normalise

from cv_builder import schema
from cv_builder.interop.export import markdown, plain_text


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def cv():
    return schema.load(DATA)


def in_order(text: str, *phrases: str) -> bool:
    text, pos = normalise(text), 0
    for phrase in phrases:
        found = text.find(normalise(phrase), pos)
        if found < 0:
            return False
        pos = found + len(normalise(phrase))
    return True


def test_markdown(cv):
    md = markdown(cv)
    assert md.startswith("# Dustin Podell\n\n**Builds generative models that actually ship.**\n\n")
    assert [line for line in md.splitlines() if line.startswith("## ")] == [
        "## About", "## At a glance", "## Experience", "## Shipped models", "## Publications",
        "## Technical focus", "## Trajectory"]
    assert "### Black Forest Labs — Co-Founder & Research Scientist\n\n*San Francisco / Freiburg · 2024 – Present*  \n" \
           "$300M Series B at $3.25B valuation\n" in md
    assert "- Project lead on **Kontext** — in-context image editing" in md
    assert "- **12+** Models shipped (to production)" in md
    assert "- **SDXL** · Lead author · 2023 — Dual text encoders" in md
    assert ("- **SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis** (2024). "
            "**Dustin Podell**, Zion English,") in md
    assert "*ICLR* · Spotlight · Lead author · [arXiv:2307.01952](https://arxiv.org/abs/2307.01952)." in md
    assert "Diffusion & flow matching · MM-DiT / DiT architectures · Rectified flow" in md
    assert "- **2024 – Now**: Co-founded Black Forest Labs." in md


def test_markdown_escapes_what_is_not_markup(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text("name: A_B *C*\nsections:\n  skills: ['C#', '# not a heading', 'a [b](c)', '<b>']\n"
                    "  about: 'Real **bold** and a [link](https://example.org/a_b)'\n"
                    "links: [{url: 'https://example.org/wiki/A_(b)'}]\n")
    md = markdown(schema.load(data))
    assert md.startswith("# A\\_B \\*C\\*\n")
    assert "C# · \\# not a heading · a \\[b\\](c) · \\<b\\>" in md
    assert "Real **bold** and a [link](https://example.org/a_b)" in md
    assert "[example.org/wiki/A\\_(b)](https://example.org/wiki/A_%28b%29)" in md


def test_plain_text(cv):
    text = plain_text(cv)
    assert text.startswith("Dustin Podell\n\nBuilds generative models that actually ship.\n\n")
    for marker in ("**", "](", "<", "#"):
        assert marker not in text
    assert in_order(text, "ABOUT", "AT A GLANCE", "EXPERIENCE", "SHIPPED MODELS", "PUBLICATIONS",
                    "TECHNICAL FOCUS", "TRAJECTORY")
    assert "Black Forest Labs — Co-Founder & Research Scientist\nSan Francisco / Freiburg · 2024 – Present\n" in text
    assert "\n- Project lead on Kontext — in-context image editing via sequence concatenation on a 12B Flux " \
           "transformer. Core R&D team of 2 people, ~2 months. Introduced KontextBench (1,026 pairs, 5 task " \
           "categories).\n" in text  # one paragraph per line: a form wraps it itself
    assert "ICLR · Spotlight · Lead author · arXiv:2307.01952 (https://arxiv.org/abs/2307.01952)." in text


def test_plain_text_spells_out_links(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text("name: Ann Example\nemail: ann@example.org\nlinks: [{label: Code, url: 'https://x.example/c'}]\n"
                    "sections:\n  about: 'See [my site](https://ann.example) or https://ann.example'\n")
    text = plain_text(schema.load(data))
    assert "ann@example.org · Code (https://x.example/c)" in text
    assert "See my site (https://ann.example) or https://ann.example" in text


def test_every_fact_of_the_pdf_is_in_the_text(cv, full):
    """What a recruiter reads in the PDF, a form gets as text: same words, same order."""
    text = normalise(plain_text(cv))
    def words(s):
        return [w.rstrip(".,") for w in re.findall(r"[A-Za-z0-9$][\w$.,+%-]*", s)]

    pdf_words = [w for w in words(full.text) if w not in ("Curriculum", "Vitae")]  # the running head
    text_words = {w.lower() for w in words(text)}
    missing = [w for w in pdf_words if w.lower() not in text_words and not re.fullmatch(r"\d+", w)]
    assert missing == []


@pytest.mark.parametrize("fmt,start", [("markdown", "# Dustin Podell\n"), ("text", "Dustin Podell\n")])
def test_cli(tmp_path, fmt, start):
    r = run("export", str(DATA), "-f", fmt)
    assert r.returncode == 0 and r.stdout.startswith(start) and r.stderr == ""
    out = tmp_path / "cv.out"
    r = run("export", str(DATA), "--format", fmt, "-o", str(out))
    assert r.returncode == 0 and r.stdout == f"Wrote {out} ({fmt}).\n"
    assert out.read_text().startswith(start)


def test_cli_export_of_invalid_data_exit_1(tmp_path):
    bad = tmp_path / "cv.yaml"
    bad.write_text("name: A\nsections:\n  experience:\n    - title: X\n      start: 2024-13\n")
    r = run("export", str(bad), "-f", "text")
    assert r.returncode == 1
    assert r.stderr.startswith(f"{bad}:5:7: sections.experience[0].start: month 13 does not exist")
    assert r.stdout == ""
