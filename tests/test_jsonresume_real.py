"""`cv-builder import` on what people really write in JSON Resume files (issue 17).

Each case has its own small file in tests/inputs/jsonresume/real/, written for
the case (the real files it stands for are not in the repository); each test
asserts what reaches the PDF's text layer and the import report's lines.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import JSONRESUME, MEASURED, PDF, normalise

from cv_builder import schema
from cv_builder.errors import CVError
from cv_builder.interop import jsonresume
from cv_builder.model import Date

REAL = JSONRESUME / "real"


def report(result) -> list[str]:
    """The import report's lines, as the terminal and the YAML's comment show them."""
    return [jsonresume.note_text(n) for n in result.notes]


def built(build_pdf, tmp_path, result, layout="full"):
    data = tmp_path / "cv.yaml"
    data.write_text(result.text, encoding="utf-8")
    return build_pdf(data, layout)[0]


def test_entry_keywords_are_one_line_under_the_entry(build_pdf, tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text("name: Ann Example\nsections:\n  experience:\n"
                    "    - {organisation: Acme, title: Engineer, bullets: [Built the thing.], "
                    "keywords: [React, Docker, CI/CD]}\n"
                    "    - {organisation: Beta, title: Intern, keywords: [Go]}\n", encoding="utf-8")
    pdf, _ = build_pdf(data)
    assert pdf.contains_in_order("Acme", "Engineer", "• Built the thing.", "React · Docker · CI/CD",
                                 "Beta", "Intern", "Go")
    assert [e.keywords for e in schema.load(data).section("experience").items] == [["React", "Docker", "CI/CD"],
                                                                                   ["Go"]]


def imported(name, tmp_path):
    return jsonresume.import_file(REAL / name, tmp_path / "cv.yaml")


# -- keywords --------------------------------------------------------------------
def test_keyword_highlights_and_job_keywords_are_one_line_under_the_job(build_pdf, tmp_path):
    result = imported("keywords.json", tmp_path)
    assert report(result) == [
        "work[0].highlights: these highlights are keywords, so they are printed as one line (·), not as bullets"]
    pdf = built(build_pdf, tmp_path, result)
    assert pdf.contains_in_order(
        "Nube Sistemas", "Desarrolladora",
        "React · Docker · CI/CD · Node.js · Kubernetes · TypeScript · PostgreSQL",  # Docker once
        "Datos Abiertos", "Becaria", "• Migré la API de pagos a GraphQL", "• Mentoría de dos becarios",
        "Python · Django · Celery",  # `technologies`, a text, split at its commas
        "Projects", "Mapa Verde", "Un mapa de zonas verdes.", "Leaflet · PostGIS")
    assert "• React" not in pdf.text


# -- structure in text -------------------------------------------------------------
def test_a_long_summary_is_an_about_section_in_paragraphs_and_bullets(build_pdf, tmp_path):
    result = imported("structure.json", tmp_path)
    assert report(result) == []
    about = result.cv.section("about")
    assert [(str(p.text), p.priority) for p in about.items] == [
        ("I keep large systems boring.", 2),
        ("For ten years I have run the platforms that payment companies depend on.", 3),
        ("• Cut paging noise by 80 %", 4), ("• Wrote the incident playbook", 4),
        ("• Trained 40 on-call engineers", 4), ("I like small teams and written decisions.", 3)]
    assert result.cv.header.intro is None
    pdf = built(build_pdf, tmp_path, result)
    text = "\n".join(line.strip() for line in "\n".join(pdf.page_texts).splitlines())  # (indented: a column)
    for line in ("I keep large systems boring.", "• Cut paging noise by 80 %", "• Wrote the incident playbook",
                 "• Trained 40 on-call engineers", "I like small teams and written decisions."):
        assert f"\n{line}\n" in text  # a line of its own, not run on
    # the job's summary: its paragraphs kept, its "- " lines bullets, in the order written
    assert pdf.contains_in_order("Ledgerline", "Staff SRE", "Owned the payment platform's reliability.",
                                 "What I did:", "• Moved 300 services to one deploy pipeline",
                                 "• Halved the cost of the logging cluster", "• Left for a smaller team.",
                                 "• Ran the 2022 disaster-recovery exercise end to end")
    assert "\nWhat I did:\n" in text and " - Moved" not in pdf.text


def test_a_fitted_layout_shortens_a_long_summary_by_priority(build_pdf, tmp_path):
    """The about section's later paragraphs go first when a page is short of room (two-page here:
    one-page shows no about section at all)."""
    doc = json.loads((REAL / "structure.json").read_text())
    doc["basics"]["summary"] = "First sentence here. Second one. Third one. Fourth one.\n\n" + \
        "\n\n".join(f"Paragraph {i} says something long enough to take a line or two of the page." for i in range(150))
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    result = jsonresume.import_file(path, tmp_path / "cv.yaml")
    first = result.cv.section("about").items[0]
    assert (first.priority, str(first.short)) == (2, "First sentence here. Second one.")
    assert {p.priority for p in result.cv.section("about").items[1:]} == {3}
    data = tmp_path / "cv.yaml"
    data.write_text(result.text.replace("  experience:", "  experience:\n    priority: 1", 1))
    pdf, build = build_pdf(data, "two-page")
    assert len(pdf.pages) <= 2 and "Paragraph 0 says" in pdf.text and "Paragraph 149 says" not in pdf.text
    assert "Ledgerline" in pdf.text


# -- synonyms --------------------------------------------------------------------
def test_synonyms_real_files_use_are_kept(build_pdf, tmp_path):
    result = imported("synonyms.json", tmp_path)
    assert report(result) == [
        "basics.profiles[0]: a profile without an address cannot be a link; kept as text "
        "('Mastodon: @mira@fosstodon.example')",
        "basics.profiles[1]: the profile had no address; it was made from the user name "
        "('https://github.com/mirak')"]
    pdf = built(build_pdf, tmp_path, result)
    assert pdf.contains_in_order(
        "Mira Kovač", "GitHub: mirak",
        "Orbit Labs", "Lead engineer", "• Platform: Designed the job scheduler", "• Shipped the plugin API",
        "• People: Hired five engineers",                         # highlightGroups
        "Volunteering", "Code Club Zagreb", "Mentor",             # volunteer[].name
        "Education", "University of Zagreb", "MSc in Computer Science",  # qualification
        "Publications", "Scheduling at the edge", "Ivo Horvat, Ana Perić", "EdgeSys",  # coauthors
        "Projects", "tinyq", "Source · https://tinyq.example.org",  # links
        "Awards", "EdgeConf", "Best demo", "Video",
        "Languages", "Croatian (Native)", "English (C2)",         # languages[].level
        "Profiles", "Mastodon: @mira@fosstodon.example")          # a username with no address
    assert {"https://code.example.org/tinyq", "https://tinyq.example.org", "https://video.example.org/demo",
            "https://github.com/mirak"} <= set(pdf.uris())


def test_a_look_alike_format_is_read_and_said_to_be_one(build_pdf, tmp_path):
    result = imported("lookalike.json", tmp_path)
    assert report(result) == [
        "this file is not JSON Resume but looks like it; read as JSON Resume: works → work, "
        "educations → education, contacts → basics, name → basics.name"]
    pdf = built(build_pdf, tmp_path, result)
    assert pdf.contains_in_order("Jonas Berg", "jonas@berg.example", "+46 70 123 45 67", "berg.example",
                                 "GitHub: jberg", "Experience", "Fjord AB", "Backend developer",
                                 "Education", "KTH", "BSc in Computer Engineering")
    assert result.cv.header.website == "https://berg.example"


def test_a_file_that_is_not_json_resume_says_so(tmp_path):
    with pytest.raises(CVError) as info:
        imported("not-jsonresume.json", tmp_path)
    assert info.value.format() == (
        f"{REAL / 'not-jsonresume.json'}: this file is not JSON Resume: it has no `basics`, and none of its keys "
        "is a JSON Resume section (found 'firstName, lastName, jobHistory')\n"
        '    hint: a JSON Resume starts {"basics": {"name": …}, "work": […], …} (jsonresume.org/schema)')


# -- odd values ------------------------------------------------------------------
def test_odd_values_are_kept_as_text_and_reported(build_pdf, tmp_path):
    result = imported("odd-values.json", tmp_path)
    assert report(result) == [
        "basics.label: this is a site generator's label, not text; left out ('translation::fr')",
        "basics.url: this is a file name (a relative path), not a web address; kept as text, not a link "
        "('index-fr.html')",
        "work[0].url: this has no dot in its host, so it is not a web address; kept as text, not a link "
        "('http://intranet/team')",
        "work[1].endDate: there is an end date but no start date, so the PDF shows this date alone",
        "work[2].summary: HTML was turned into plain text and **bold**, *italic*, [links]"]
    pdf = built(build_pdf, tmp_path, result)
    assert pdf.contains_in_order(
        "Élise Martin", "Replace <SUMMARY> with a few words; mail me at <firstname>@martin.example.",
        "Atelier Nord", "Sep 2022 – En cours",  # another language's "present", as written "Développeuse", "http://intranet/team",
        "Studio Sud", "Jun 2022", "Stagiaire",
        "Agence Est", "Sep 2019 – Aujourd'hui", "Alternante", "Sites for twelve clients; the <client> list is private.",
        "Profiles", "index-fr.html")
    assert "translation::fr" not in pdf.text
    assert not any("index-fr" in u or "intranet" in u for u in pdf.uris())


@pytest.mark.parametrize("text,html", [
    ("<SUMMARY>", False), ("a <name> b", False), ("x < y > z", False), ("a <i>y", False),
    ("<b>x</b>", True), ("<B>x</B>", True), ("x<br>y", True), ("x<br/>y", True), ("R&amp;D", True),
    ("<p>one</p>", True), ('<a href="https://x.example">z</a>', True)])
def test_only_real_html_tags_are_markup(text, html):
    assert jsonresume.looks_like_html(text) is html
    if not html:
        assert jsonresume.html_to_markup(text, True) == text


@pytest.mark.parametrize("text,ongoing", [
    ("En cours", True), ("en cours", True), ("Aujourd'hui", True), ("heute", True), ("Actualidad", True),
    ("至今", True), ("по настоящее время", True), ("present", True), ("2020-03", False), ("Encore", False)])
def test_localized_ongoing_words(text, ongoing):
    assert jsonresume.ongoing(text) is ongoing


# -- silent drops, an empty template, degrees ------------------------------------
def test_what_was_dropped_silently_is_kept(build_pdf, tmp_path):
    result = imported("silent-drops.json", tmp_path)
    assert report(result) == []
    pdf = built(build_pdf, tmp_path, result)
    assert pdf.contains_in_order("Volunteering", "Open Maps", "Mapper",
                                 "https://openmaps.example.org · https://priya.openmaps.example.org",  # url, website
                                 "Projects", "Flood atlas", "City of Chennai · Chennai, India")  # entity and location
    assert {"https://openmaps.example.org", "https://priya.openmaps.example.org"} <= set(pdf.uris())


def test_two_different_values_for_one_field_are_reported(tmp_path):
    doc = {"basics": {"name": "A"}, "education": [{"institution": "U", "score": "3.9", "gpa": "4.0"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc))
    result = jsonresume.import_file(path)
    assert report(result) == ["education[0].gpa: left out: `score` gives the same field and was used ('4.0')"]


def test_an_empty_template_warns_that_almost_nothing_was_found(tmp_path):
    result = imported("empty-template.json", tmp_path)
    assert report(result) == [
        "work[0]: an item needs a position or a company name; left out ('highlights')",
        "almost nothing was found: the CV has only a name; these fields are empty: basics.label, basics.email, "
        "basics.summary, basics.location.city, basics.profiles, work[0].name, work[0].position, "
        "work[0].startDate, work[0].highlights[0], education, skills[0].name, skills[0].keywords"]
    assert result.notes[-1].hint.startswith("fill in the JSON Resume")


def test_a_degree_is_not_joined_to_a_subject_it_already_names(build_pdf, tmp_path):
    result = imported("degree.json", tmp_path)
    pdf = built(build_pdf, tmp_path, result)
    assert result.cv.lang == "pt"  # detected from its words (Universidade do Porto): joined in Portuguese
    assert [e.title for e in result.cv.section("education").items] == [
        "Formation GraphQL", "Licenciatura em Engenharia Informática", "Machine Learning Certificate"]
    assert "GraphQL in GraphQL" not in pdf.text and "Formation GraphQL" in pdf.text


# -- nothing is lost silently: a property ---------------------------------------
WORDS = ["Ada", "Lovelace", "engine", "Zürich", "café", "naïve", "Москва", "Ελλάδα", "Kraków", "São", "Paulo",
         "data", "pipeline", "React", "GraphQL", "CI/CD", "Node.js", "R&D", "C++", "50 %", "2019", "v2"]
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(lambda w: " ".join(w) + ".")
odd = st.sampled_from(["a <word> b", "<SUMMARY>", "translation::fr", "<b>Bold</b> move", "x < y", "En cours"])
text = st.one_of(phrase, phrase, phrase, sentence, odd)
structured = st.lists(st.one_of(sentence, sentence.map(lambda s: "- " + s), st.just("")), min_size=1, max_size=5) \
    .map("\n".join)
date = st.sampled_from(["2014", "2014-06", "2016-02-29", "2020-11", "En cours", "present", "Aujourd'hui"])
address = st.sampled_from(["https://ada.example.org", "ada.example.org/x", "index-fr.html", "http://intranet/x",
                           "/cv.pdf", "https://example.org/a(b)"])
texts = st.lists(text, max_size=4)


def fields(spec: dict):
    return st.fixed_dictionaries({}, optional=spec)


ENTRY = {"startDate": date, "endDate": date, "summary": st.one_of(text, structured), "highlights": texts,
         "url": address, "location": text, "description": text}
SECTIONS = {
    "work": {**ENTRY, "name": text, "position": text, "keywords": texts, "technologies": texts,
             "highlightGroups": st.lists(fields({"title": text, "highlights": texts}), max_size=2)},
    "volunteer": {**ENTRY, "organization": text, "name": text, "position": text, "website": address},
    "education": {"institution": text, "area": text, "studyType": text, "qualification": text, "score": text,
                  "courses": texts, "startDate": date, "endDate": date, "url": address},
    "awards": {"title": text, "date": date, "awarder": text, "summary": text, "links": st.lists(address, max_size=2)},
    "certificates": {"name": text, "date": date, "issuer": text, "url": address},
    "publications": {"name": text, "publisher": text, "releaseDate": date, "url": address, "summary": text,
                     "coauthors": texts},
    "skills": {"name": text, "level": text, "keywords": texts},
    "languages": {"language": text, "fluency": text, "level": text},
    "interests": {"name": text, "keywords": texts},
    "references": {"name": text, "reference": st.one_of(text, structured)},
    "projects": {"name": text, "description": st.one_of(text, structured), "highlights": texts, "keywords": texts,
                 "startDate": date, "endDate": date, "url": address, "roles": texts, "entity": text,
                 "location": text, "type": text, "links": st.lists(address, max_size=2)},
}
generated = st.fixed_dictionaries(
    {"basics": st.fixed_dictionaries({"name": phrase}, optional={
        "label": text, "summary": st.one_of(text, structured), "email": st.just("ada@example.org"), "phone": text,
        "url": address, "image": address, "location": fields({"city": text, "region": text, "address": text}),
        "profiles": st.lists(fields({"network": st.sampled_from(["GitHub", "Mastodon", "Blog"]), "username": phrase,
                                     "url": address}), max_size=3)})},
    optional={key: st.lists(fields(spec), max_size=2) for key, spec in SECTIONS.items()})


def string_fields(value, path=""):
    """(path, text) of every non-blank string in a JSON value."""
    if isinstance(value, str):
        if value.strip():
            yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from string_fields(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_fields(v, f"{path}[{i}]")


def shown(path: str, value: str, pdf, text: str, language=None) -> bool:
    """Whether a field's value reaches the PDF: its text (line by line, as bullets and paragraphs),
    a date as printed (in the CV's language, which import may detect from the text), an address
    as a link or as text."""
    last = path.rsplit(".", 1)[-1]
    if last in ("startDate", "endDate", "date", "releaseDate"):
        if jsonresume.ongoing(value):
            return normalise(value) in text or "Present" in text or (language and language.present in text)
        parsed, _, _ = jsonresume.parse_date(value)
        year, _, month = str(parsed).partition("-")
        if language is not None and not language.english:
            return normalise(language.date(Date(int(year), int(month) if month else None))) in text
        return (f"{Date.MONTHS[int(month) - 1]} {year}" if month else year) in text
    if re.search(r"(url|website|links\[\d+\])$", path):
        return any(u.rstrip("/").endswith(value.rstrip("/")) for u in pdf.uris()) or value in text
    parts = [b for _, b in jsonresume.blocks(value)]
    return all(normalise(p) in text for p in parts)


@settings(max_examples=int(os.environ.get("NOTHING_LOST_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(doc=generated)
def test_every_string_reaches_the_pdf_or_is_named_in_the_report(tmp_path_factory, doc):
    from cv_builder.build import render_cv

    folder = tmp_path_factory.mktemp("lost")
    path = folder / "resume.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = jsonresume.import_file(path, folder / "cv.yaml")
    named = [n.path for n in result.notes if n.path]
    out = folder / "cv.pdf"
    out.write_bytes(render_cv(result.cv, "full").pdf)
    pdf = PDF(out)
    name = result.cv.name
    # a paragraph split across pages has the running head (name, "n / N") inside it
    text = normalise(" ".join(re.sub(rf"^\s*{re.escape(name)}\s*\d+ / \d+\s*", " ", t) for t in pdf.page_texts))
    values = dict(string_fields(doc))

    def reported(p, v):  # the field, or what holds it, is named; or a synonym beside it with the same value
        return any(p == n or p.startswith((n + ".", n + "[")) or
                   (values.get(n) == v and n.rsplit(".", 1)[0] == p.rsplit(".", 1)[0]) for n in named)

    lost = [(p, v) for p, v in values.items()
            if not reported(p, v) and not shown(p, v, pdf, text, result.cv.language)]
    assert not lost, f"neither in the PDF nor in the report: {lost}\nreport: {[jsonresume.note_text(n) for n in result.notes]}"


# -- speed -----------------------------------------------------------------------
def large_document(jobs: int = 80) -> dict:
    """A long CV as real files write it: paragraphs, "- " lines, HTML, keywords, many jobs and papers."""
    para = "Led the migration of the <b>billing</b> platform to event sourcing. Cut month-end close from five days to one."
    return {
        "basics": {"name": "Ada Example", "label": "Engineer", "summary": "\n\n".join([para] * 6),
                   "profiles": [{"network": "GitHub", "username": "ada"}, {"network": "Blog", "url": "ada.example"}]},
        "work": [{"name": f"Company {i}", "position": "Engineer", "startDate": "2010-01", "endDate": "2012-06-30",
                  "summary": f"{para}\n- {para}\n- {para}", "highlights": [para] * 5 if i % 2 else ["Go", "SQL", "CI/CD"],
                  "keywords": ["Go", "Rust", "SQL"], "url": f"https://c{i}.example.org"} for i in range(jobs)],
        "education": [{"institution": f"University {i}", "studyType": "MSc", "area": "Physics", "endDate": "2010"}
                      for i in range(jobs // 5)],
        "publications": [{"name": f"Paper {i}", "publisher": "Conference", "releaseDate": "2019-05",
                          "url": f"https://doi.org/10.1000/x{i}", "coauthors": ["B. One", "C. Two"], "summary": para}
                         for i in range(jobs)],
        "skills": [{"name": f"Skill {i}", "level": "Expert", "keywords": ["a", "b", "c"]} for i in range(jobs // 2)],
        "projects": [{"name": f"Project {i}", "description": para, "highlights": ["React", "Docker"],
                      "url": "p.example.org"} for i in range(jobs // 2)]}


def test_a_large_file_imports_quickly(tmp_path):
    """Measured as a ratio to its floor in the same run (never as a wall-clock bound): reading the
    JSON (with the positions messages need) and reading back the YAML written, which import does
    too; the rest is converting and writing the YAML."""
    import time

    path = tmp_path / "large.json"
    path.write_text(json.dumps(large_document()), encoding="utf-8")
    result = jsonresume.import_file(path)
    assert len(result.cv.section("experience").items) == 80

    def best(fn, runs=5):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    seconds = best(lambda: jsonresume.import_file(path))
    floor = best(lambda: (jsonresume.read_document(path), schema.loads(result.text)))
    MEASURED.append(("import of a large JSON Resume", f"{path.stat().st_size / 1024:.0f} KB in {seconds * 1000:.0f} ms, "
                     f"{seconds / floor:.1f} × reading the JSON and the YAML it writes ({floor * 1000:.0f} ms)"))
    assert seconds / floor < 6
