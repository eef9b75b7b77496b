"""What a variant does, on a small CV written here: tags on sections, items and bullets,
exclude over include, replacements, section order, the target; and the clear messages."""

import textwrap

import pytest

from conftest import PDF, ROOT, cli

CV = textwrap.dedent("""\
    name: Ada Lovelace
    headline: Analyst and metaphysician
    intro: The original intro.
    sections:
      about:
        - A common paragraph.
        - {text: A research paragraph., tags: [research]}
      experience:
        - organisation: Analytical Society
          title: Programmer
          start: 2019
          bullets:
            - A common bullet.
            - {text: A research bullet., tags: [research]}
            - {text: A product bullet., tags: [product]}
            - {text: A private research bullet., tags: [research, private]}
        - organisation: Product Works
          title: Product Manager
          start: 2021
          tags: [product]
      talks:
        title: Invited talks
        kind: entries
        tags: [research]
        items:
          - {title: Talk at the Royal Society, start: 2021}
      skills: [Mathematics, {name: Poetry, tags: [product]}]
    variants:
      research:
        description: For a research lab
        include: [research]
        exclude: [private]
        headline: A research headline
        intro: A research intro.
        summary: A research summary.
        sections: [experience, talks, about, skills]
        organisation: Example Lab
        role: Research Scientist
      product:
        include: [product]
    """)


def write(folder, text=CV, name="cv.yaml"):
    path = folder / name
    path.write_text(text)
    return path


def line_of(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, column) of the nth occurrence of needle, counted from 1, as messages give them."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write(tmp_path_factory.mktemp("rules"))


def outline(pdf):
    return [o.title for o in pdf.reader.outline]


def test_research_variant(build_pdf, data):
    pdf, result = build_pdf(data, variant="research")
    assert pdf.text.startswith("Ada Lovelace A research headline A research intro.")
    assert outline(pdf) == ["Experience", "Invited talks", "About", "Skills"]  # the variant's order
    # summary replaces the text section's paragraphs
    assert "A research summary." in pdf.text
    assert not pdf.missing("A common bullet.", "A research bullet.", "Talk at the Royal Society", "Mathematics")
    assert pdf.missing("A common paragraph.", "A research paragraph.", "A product bullet.", "Product Works",
                       "Poetry") == ["A common paragraph.", "A research paragraph.", "A product bullet.",
                                     "Product Works", "Poetry"]
    assert "A private research bullet." not in pdf.text  # exclude wins over include
    assert "The original intro." not in pdf.text and "Analyst and metaphysician" not in pdf.text
    assert pdf.reader.metadata.subject == "A research headline (application: Research Scientist at Example Lab)"
    assert result.output.name.endswith(".pdf")


def test_product_variant(build_pdf, data):
    pdf, _ = build_pdf(data, variant="product")
    assert pdf.text.startswith("Ada Lovelace Analyst and metaphysician The original intro.")
    assert outline(pdf) == ["About", "Experience", "Skills"]  # talks is a research section
    assert not pdf.missing("A common paragraph.", "A common bullet.", "A product bullet.", "Product Works",
                           "Mathematics", "Poetry")
    for absent in ("A research paragraph.", "A research bullet.", "A private research bullet.", "Invited talks",
                   "Talk at the Royal Society"):
        assert absent not in pdf.text
    assert pdf.reader.metadata.subject == "Analyst and metaphysician"  # no target, no application


def test_without_variant_everything_is_shown(build_pdf, data):
    pdf, _ = build_pdf(data)
    assert not pdf.missing("A research paragraph.", "A private research bullet.", "A product bullet.",
                           "Product Works", "Talk at the Royal Society", "Poetry")
    assert "A research headline" not in pdf.text


def test_apply_leaves_the_cv_as_it_was(data):
    from cv_builder import schema, variants

    cv = schema.load(data)
    before = repr(cv.sections), repr(cv.header)
    tailored = variants.apply(cv, "research")
    assert (repr(cv.sections), repr(cv.header)) == before
    assert tailored.variant.name == "research" and cv.variant is None
    assert tailored.target == "Research Scientist at Example Lab" and cv.target is None


def test_variants_in_a_file_beside_the_data(tmp_path):
    head, _, body = CV.partition("variants:\n")
    (tmp_path / "cv-variants.yaml").write_text(textwrap.dedent(body))
    data = write(tmp_path, head + "variants: cv-variants.yaml\n")
    out = tmp_path / "out.pdf"
    r = cli("build", str(data), "--variant", "research", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert PDF(out).text.startswith("Ada Lovelace A research headline")
    # messages point into the variants file
    (tmp_path / "cv-variants.yaml").write_text(textwrap.dedent(body).replace("[private]", "[privat]"))
    r = cli("build", str(data), "--variant", "research", "-o", str(out))
    assert r.returncode == 1
    line, col = line_of(textwrap.dedent(body), "private]")
    assert r.stderr.startswith(f"{tmp_path / 'cv-variants.yaml'}:{line}:{col}: variants.research.exclude[0]: "
                               "the tag `privat` is on no section, item or bullet\n"
                               "    hint: did you mean `private`?")


def test_missing_variants_file(tmp_path):
    data = write(tmp_path, CV.partition("variants:\n")[0] + "variants: nope.yaml\n")
    r = cli("validate", str(data))
    assert r.returncode == 1
    assert f"{tmp_path / 'nope.yaml'}: the file does not exist" in r.stderr
    assert f"`variants:` at {data}:{line_of(CV, 'variants:')[0]}:1 names this file" in r.stderr


def test_layout_can_leave_sections_out_but_the_variant_orders_them(tmp_path, data):
    from cv_builder.build import build

    layout = tmp_path / "short.yaml"
    layout.write_text((ROOT / "layouts" / "full.yaml").read_text() + "sections: [skills, about, experience]\n")
    out = tmp_path / "short.pdf"
    build(data, str(layout), out, variant="research")
    assert outline(PDF(out)) == ["Experience", "About", "Skills"]


# -- the clear messages ------------------------------------------------------------------------

def test_unknown_variant(data):
    r = cli("build", str(data), "--variant", "reserch")
    assert r.returncode == 1
    assert r.stderr == (f"{data}: unknown variant `reserch`\n"
                        "    hint: did you mean `research`? variants: research, product\n")


def test_variant_of_a_cv_without_variants(tmp_path):
    data = write(tmp_path, CV.partition("variants:\n")[0])
    r = cli("build", str(data), "--variant", "research")
    assert r.returncode == 1
    assert f"{data}: unknown variant `research`" in r.stderr
    assert "defines no variants: add them under `variants:`" in r.stderr


def test_tag_on_no_entry_is_an_error(tmp_path):
    text = CV.replace("include: [product]", "include: [produkt]")
    data = write(tmp_path, text)
    r = cli("build", str(data), "--variant", "product", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 1
    line, col = line_of(text, "produkt")
    assert r.stderr == (f"{data}:{line}:{col}: variants.product.include[0]: the tag `produkt` is on no section, "
                        "item or bullet\n    hint: did you mean `product`?\n")
    assert not (tmp_path / "x.pdf").exists()


def test_tag_on_no_entry_without_any_tags(tmp_path):
    text = "name: Ada\nsections:\n  skills: [Mathematics]\nvariants:\n  lab:\n    exclude: [poetry]\n"
    r = cli("build", str(write(tmp_path, text)), "--variant", "lab")
    assert r.returncode == 1
    assert "variants.lab.exclude[0]: the tag `poetry` is on no section, item or bullet" in r.stderr
    assert "no section, item or bullet carries a tag yet" in r.stderr


def test_variant_that_empties_a_section_warns_and_builds(tmp_path):
    text = CV.replace("  skills: [Mathematics, {name: Poetry, tags: [product]}]",
                      "  skills: [{name: Mathematics, tags: [research]}, {name: Poetry, tags: [research]}]")
    data = write(tmp_path, text)
    out = tmp_path / "p.pdf"
    r = cli("build", str(data), "--variant", "product", "-o", str(out))
    assert r.returncode == 0, r.stderr
    line, col = line_of(text, "product:", 1)
    assert r.stderr.startswith(f"{data}:{line}:{col}: warning: variants.product: the variant leaves the section "
                               "`skills` (Skills) empty, so it is not shown\n    hint: every item in it carries a tag")
    assert "Skills" not in [o.title for o in PDF(out).reader.outline]


def test_variant_that_empties_a_listed_section_points_at_the_list(tmp_path):
    text = CV.replace("include: [research]\n", "include: [product]\n", 1)
    data = write(tmp_path, text)
    r = cli("validate", str(data))
    # research now includes product: `talks` (research-tagged section) is left out on purpose, no warning;
    # no item of `about` carries `product`, but the summary replaces it, so no warning either
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr
    text = text.replace("    summary: A research summary.\n", "")
    text = text.replace("- A common paragraph.\n", "- {text: A common paragraph., tags: [research]}\n")
    r = cli("validate", str(write(tmp_path, text)))
    line, col = line_of(text, "about, skills]")
    assert f"{line}:{col}: warning: variants.research.sections[2]: the variant leaves the section `about` (About) " \
           "empty, so it is not shown" in r.stderr


def test_unknown_section_in_a_variant(tmp_path):
    text = CV.replace("about, skills]", "about, skils]")
    data = write(tmp_path, text)
    r = cli("build", str(data), "--variant", "research")
    assert r.returncode == 1
    line, col = line_of(text, "skils]")
    assert r.stderr == (f"{data}:{line}:{col}: variants.research.sections[3]: there is no section `skils`\n"
                        "    hint: did you mean `skills`?\n")


def test_unknown_layout_in_a_variant(tmp_path):
    text = CV.replace("    include: [product]\n", "    include: [product]\n    layout: one-pgae\n")
    data = write(tmp_path, text)
    r = cli("build", str(data), "--variant", "product")
    assert r.returncode == 1
    line, col = line_of(text, "layout: one-pgae")
    first, hint = r.stderr.splitlines()
    assert first == f"{data}:{line}:{col}: variants.product.layout: unknown layout `one-pgae`"
    assert hint.startswith("    hint: ") and "layouts: " in hint and "full" in hint


def test_summary_without_a_text_section(tmp_path):
    text = CV.replace("sections: [experience, talks, about, skills]", "sections: [experience, skills]")
    data = write(tmp_path, text)
    r = cli("build", str(data), "--variant", "research")
    assert r.returncode == 1
    line, col = line_of(text, "summary: A research summary.")
    assert r.stderr.startswith(f"{data}:{line}:{col}: variants.research.summary: the variant has a `summary` but "
                               "shows no text section for it to replace\n")


def test_variant_name_must_suit_a_file_name(tmp_path):
    text = CV.replace("  product:\n", "  'product/2':\n")
    data = write(tmp_path, text)
    r = cli("validate", str(data))
    assert r.returncode == 1
    line, col = line_of(text, "'product/2'")
    assert f"{data}:{line}:{col}: variants.product/2: `product/2` cannot be a variant's name: it becomes part " \
           "of file names" in r.stderr


def test_unknown_field_in_a_variant(tmp_path):
    text = CV.replace("    include: [product]\n", "    includes: [product]\n")
    r = cli("validate", str(write(tmp_path, text)))
    assert r.returncode == 1
    assert "variants.product.includes: unknown field `includes`" in r.stderr
    assert "did you mean `include`?" in r.stderr


def test_validate_checks_every_variant(tmp_path, data):
    r = cli("validate", str(data))
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{data} is valid: 4 sections, 7 items, 2 variants (research, product).\n"
    text = CV.replace("include: [product]", "include: [produkt]").replace("exclude: [private]", "exclude: [privat]")
    r = cli("validate", str(write(tmp_path, text)))
    assert r.returncode == 1
    assert "variants.research.exclude[0]: the tag `privat`" in r.stderr
    assert "variants.product.include[0]: the tag `produkt`" in r.stderr
    assert "2 problems found." in r.stderr


def test_variants_command_lists_them(data):
    r = cli("variants", str(data))
    assert r.returncode == 0
    assert r.stdout == ("research  For a research lab (for Research Scientist at Example Lab)\n"
                        "product\n")


@pytest.mark.parametrize("args,message", [
    (["--variant", "research", "--all-variants"], "--variant and --all-variants exclude each other"),
    (["--layout", "full", "--layout", "full"], "give one --layout (several go with --all-variants)"),
    (["--all-layouts"], "--all-layouts goes with --all-variants"),
    (["--all-variants", "-o", "x.pdf"], "with --all-variants use --output-dir"),
])
def test_usage_errors_exit_2(data, args, message):
    r = cli("build", str(data), *args)
    assert r.returncode == 2
    assert message in r.stderr
