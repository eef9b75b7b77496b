"""`build --all-variants`: every variant and layout into build/applications/, in parallel; one failing
variant stops and spoils nothing else; and `diff`, what two variants' content differs in."""

import json
import multiprocessing
import re
import textwrap

import pytest
import yaml

from conftest import DATA, PDF, ROOT, cli

SEED = yaml.safe_load(DATA.read_text())


def test_all_variants_of_the_seed_cv(tmp_path):
    """Run from a fresh folder: the default output folder is build/applications/ under it."""
    layout = tmp_path / "compact.yaml"
    layout.write_text((ROOT / "layouts" / "full.yaml").read_text().replace("leading: 1.27", "leading: 1.15"))
    r = cli("build", str(DATA), "--all-variants", "--layout", str(layout), "--jobs", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "build" / "applications"
    # each variant in its own layout (no suffix for full), and in the one asked for
    own = {name: "" if v.get("layout", "full") == "full" else f"_{v['layout']}" for name, v in SEED["variants"].items()}
    assert own["applied"] == "_one-page" and own["research-scientist"] == ""
    names = {f"Dustin_Podell_CV_{v}{suffix}.pdf" for v in SEED["variants"] for suffix in (own[v], "_compact")}
    letters = {f"Dustin_Podell_Letter_{v}.pdf" for v in SEED["variants"]}  # each variant's, in its layout
    assert {p.name for p in folder.iterdir()} == names | letters  # nothing else, no temporary file left
    for name, v in SEED["variants"].items():
        for suffix in (own[name], "_compact"):
            pdf = PDF(folder / f"Dustin_Podell_CV_{name}{suffix}.pdf")
            assert pdf.text.startswith(f"Dustin Podell {v['headline']}")
            assert pdf.reader.metadata.subject == f"{v['headline']} (application: {v['role']})"
    assert len(PDF(folder / "Dustin_Podell_CV_applied_one-page.pdf").pages) == 1
    for name, v in SEED["variants"].items():
        letter = PDF(folder / f"Dustin_Podell_Letter_{name}.pdf")
        assert len(letter.pages) == 1 and f"the position of {v['role']}" in letter.text
    lines = r.stdout.splitlines()
    n = len(names) + len(letters)
    assert lines[0] == f"Building {n} files for {len(SEED['variants'])} variants into build/applications/ (2 processes)"
    progress = [l for l in lines if re.match(r"\[\d+/\d+\] ", l)]
    assert sorted(int(re.match(r"\[(\d+)/", l).group(1)) for l in progress) == list(range(1, n + 1))
    assert all(re.fullmatch(rf"\[\d/{n}\] built \S+ \((full|one-page|{re.escape(str(layout))})\): build/applications/"
                            r"Dustin_Podell_CV_\S+\.pdf, \d+ pages?, \d+ KB, \d+\.\d\d s(; .*)?", l)
               or re.fullmatch(rf"\[\d/{n}\] built \S+ letter \((full|one-page)\): build/applications/"
                               r"Dustin_Podell_Letter_\S+\.pdf, 1 page, \d+ KB, \d+\.\d\d s", l) for l in progress)
    table = lines[lines.index("") + 1:]
    assert table[0].split() == ["variant", "document", "layout", "result", "pages", "size", "file"]
    assert [row.split()[3] for row in table[1:n + 1]] == ["built"] * n
    # the table shows both: each variant's CVs, then its letter
    assert [row.split()[:3] for row in table[1:n + 1] if row.split()[1] == "letter"] == [
        [name, "letter", v.get("layout", "full")] for name, v in SEED["variants"].items()]
    assert re.fullmatch(rf"Built {n} of {n} files in \d+\.\d\d s", table[-1])


def test_variant_default_layout_and_file_names(tmp_path):
    """A variant's own layout is its default; `full` adds no suffix; --all-layouts adds every layout."""
    from cv_builder import batch, schema
    from cv_builder.layout import available

    data = tmp_path / "cv.yaml"
    data.write_text(CV.replace("  c:\n    include: [c]\n", "  c:\n    include: [c]\n    layout: full\n"))
    cv = schema.load(data)
    jobs = batch.plan(cv, ["compact.yaml"], tmp_path / "out")
    assert [(j.variant, j.layout, j.output.name) for j in jobs] == [
        ("a", "full", "Ada_Lovelace_CV_a.pdf"), ("a", "compact.yaml", "Ada_Lovelace_CV_a_compact.pdf"),
        ("b", "full", "Ada_Lovelace_CV_b.pdf"), ("b", "compact.yaml", "Ada_Lovelace_CV_b_compact.pdf"),
        ("c", "full", "Ada_Lovelace_CV_c.pdf"), ("c", "compact.yaml", "Ada_Lovelace_CV_c_compact.pdf"),
    ]
    every = batch.plan(cv, available(), tmp_path / "out")
    assert len(every) == 3 * len(available())
    assert {j.output.name for j in every} >= {"Ada_Lovelace_CV_a.pdf"}


CV = textwrap.dedent("""\
    name: Ada Lovelace
    headline: Analyst
    sections:
      experience:
        - {title: Common job, start: 2020}
        - {title: Job for A, start: 2021, tags: [a]}
        - {title: Job for B, start: 2022, tags: [b]}
        - {title: Job for C, start: 2023, tags: [c]}
    variants:
      a:
        include: [a]
        headline: Headline A
      b:
        include: [b]
        headline: Headline B
      c:
        include: [c]
    """)


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in a pool of workers
def test_a_failing_variant_stops_and_spoils_nothing_else(tmp_path, jobs):
    # b fails late (its layout file is invalid, found while rendering), d early (a tag on nothing)
    (tmp_path / "broken.yaml").write_text("paper: a5\n")
    text = CV.replace("    headline: Headline B\n", "    headline: Headline B\n    layout: broken.yaml\n")
    text += "  d:\n    include: [nothing-has-this]\n"
    (tmp_path / "cv.yaml").write_text(text)
    folder = tmp_path / "build" / "applications"
    folder.mkdir(parents=True)
    stale_b = folder / "Ada_Lovelace_CV_b_broken.pdf"
    stale_b.write_bytes(b"the previous PDF of b")
    r = cli("build", "cv.yaml", "--all-variants", "--jobs", jobs, "--report", "report.json", cwd=tmp_path)
    assert r.returncode == 1
    # the others are built, whole, with their own content
    for name, headline, job in (("a", "Headline A", "Job for A"), ("c", "Analyst", "Job for C")):
        pdf = PDF(folder / f"Ada_Lovelace_CV_{name}.pdf")
        assert pdf.text.startswith(f"Ada Lovelace {headline}")
        assert job in pdf.text and "Common job" in pdf.text
        assert [j for j in ("Job for A", "Job for B", "Job for C") if j in pdf.text] == [job]
    # the failed ones wrote nothing: the previous file is as it was, no temporary file is left
    assert stale_b.read_bytes() == b"the previous PDF of b"
    assert sorted(p.name for p in folder.iterdir()) == ["Ada_Lovelace_CV_a.pdf", "Ada_Lovelace_CV_b_broken.pdf",
                                                         "Ada_Lovelace_CV_c.pdf"]
    # the terminal says which failed, and why
    assert re.search(r"^\[\d/4\] FAILED b \(broken.yaml\): broken.yaml:1:\d+: paper: unknown value `a5`", r.stdout,
                     re.M)
    assert re.search(r"^\[\d/4\] FAILED d \(full\): cv.yaml:\d+:\d+: variants.d.include\[0\]: the tag "
                     r"`nothing-has-this` is on no section, item or bullet", r.stdout, re.M)
    rows = {line.split()[0]: line.split()[3] for line in r.stdout.split("\n\n", 1)[1].splitlines()[1:5]}
    assert rows == {"a": "built", "b": "FAILED", "c": "built", "d": "FAILED"}
    assert r.stdout.splitlines()[-1].endswith("; failed: b (broken.yaml), d (full)")
    assert r.stdout.splitlines()[-1].startswith("Built 2 of 4 files in ")
    assert "b (broken.yaml):\n  broken.yaml:1:" in r.stderr and "d (full):\n  cv.yaml:" in r.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert [("error" in entry, entry["variant"]) for entry in report] == [
        (False, "a"), (True, "b"), (False, "c"), (True, "d")]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the fault is planted in this process and reaches workers only when they are forked")
def test_a_worker_that_dies_takes_no_other_variant_with_it(tmp_path, monkeypatch):
    import os

    from cv_builder import batch, build, schema

    data = tmp_path / "cv.yaml"
    data.write_text(CV)
    cv = schema.load(data)
    real = build.build_cv

    def crashing(tailored, *args, **kw):
        if tailored.variant.name == "b":
            os._exit(1)  # the worker process dies, as on a segfault or the OOM killer
        return real(tailored, *args, **kw)

    monkeypatch.setattr(batch, "build_cv", crashing)
    jobs = batch.plan(cv, folder=tmp_path / "out")
    seen = []
    outcomes = batch.build_all(cv, jobs, workers=2, on_done=seen.append)
    assert [(o.job.variant, o.ok) for o in outcomes] == [("a", True), ("b", False), ("c", True)]
    assert sorted(o.job.variant for o in seen) == ["a", "b", "c"]  # each reported once
    assert "died unexpectedly" in outcomes[1].error
    assert PDF(tmp_path / "out" / "Ada_Lovelace_CV_a.pdf").text.startswith("Ada Lovelace Headline A")
    assert PDF(tmp_path / "out" / "Ada_Lovelace_CV_c.pdf").text.startswith("Ada Lovelace Analyst")
    assert not (tmp_path / "out" / "Ada_Lovelace_CV_b.pdf").exists()


def test_all_variants_of_a_cv_without_variants(tmp_path):
    (tmp_path / "cv.yaml").write_text(CV.partition("variants:")[0])
    r = cli("build", "cv.yaml", "--all-variants", cwd=tmp_path)
    assert r.returncode == 1
    assert "the data defines no variants, so there is nothing to build for applications" in r.stderr
    assert not (tmp_path / "build").exists()


# -- diff ----------------------------------------------------------------------------------------

def test_diff_of_the_seed_variants():
    r = cli("diff", str(DATA), "--variant", "research-scientist", "--variant", "applied")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[:2] == ["--- research-scientist", "+++ applied"]
    rs, ap = SEED["variants"]["research-scientist"], SEED["variants"]["applied"]
    assert out[2:9] == ["Header", f"- headline: {rs['headline']}", f"+ headline: {ap['headline']}",
                        f"- target: {rs['role']}", "- layout: full", f"+ target: {ap['role']}", "+ layout: one-page"]
    # a bullet that differs comes with its entry, unmarked
    i = out.index("  Stability AI · Applied Model Lead · Los Angeles / Remote · 2022 – 2024")
    assert out[i + 1] == ("-   • Contributed to Stable Video Diffusion and SD3 / Scaling Rectified Flow Transformers "
                          "(ICML 2024 Best Paper).")
    assert "- SD3 · Contributor · 2024" in out and "+ Klein · Contributor · 2025" in out
    assert "- Scaling Rectified Flow Transformers for High-Resolution Image Synthesis · ICML · 2024 · " \
           "Best Paper Award" in out
    # what both receive is not listed
    assert not [line for line in out if "SDXL · Lead author" in line or "Kontext · Project lead" in line]
    assert re.fullmatch(r"\d+ lines only in research-scientist, \d+ only in applied, \d+ in both\.", out[-1])


def test_diff_against_the_whole_cv_and_of_equal_variants(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(CV + "  a2:\n    include: [a]\n    headline: Headline A\n")
    r = cli("diff", str(data), "--variant", "a")
    assert r.returncode == 0, r.stderr
    assert r.stdout == textwrap.dedent("""\
        --- the whole CV (no variant)
        +++ a
        Header
        - headline: Analyst
        + headline: Headline A
        Experience
        - Job for B · 2022
        - Job for C · 2023
        3 lines only in the whole CV (no variant), 1 only in a, 3 in both.
        """)
    r = cli("diff", str(data), "--variant", "a", "--variant", "a2")
    assert r.returncode == 0
    assert r.stdout == "--- a\n+++ a2\nThe two have the same content.\n"


def test_diff_usage(tmp_path):
    assert cli("diff", str(DATA)).returncode == 2
    r = cli("diff", str(DATA), "--variant", "applied", "--variant", "applied", "--variant", "applied")
    assert r.returncode == 2 and "give --variant once or twice" in r.stderr
    r = cli("diff", str(DATA), "--variant", "aplied", "--variant", "applied")
    assert r.returncode == 1 and "unknown variant `aplied`" in r.stderr and "did you mean `applied`?" in r.stderr
