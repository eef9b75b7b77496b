"""`cv-builder import`: JSON Resume documents, the official sample and messy ones."""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import JSONRESUME, ROOT, layouts

from cv_builder import schema
from cv_builder.errors import CVError
from cv_builder.interop import jsonresume

SAMPLE = JSONRESUME / "sample.resume.json"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def convert(doc, tmp_path, name="resume.json"):
    """Import a document given as a Python value; returns the ImportResult."""
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return jsonresume.import_file(path, tmp_path / "cv.yaml")


def notes(result):
    return [f"{n.path}: {n.message}" for n in result.notes]


@pytest.fixture(scope="module")
def sample_yaml(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    out = folder / "cv.yaml"
    result = jsonresume.import_file(SAMPLE, out)
    out.write_text(result.text, encoding="utf-8")
    return out


# -- the official sample ---------------------------------------------------------
@pytest.mark.parametrize("layout", layouts())
def test_sample_builds_in_every_layout_with_its_facts(build_pdf, sample_yaml, layout):
    pdf, result = build_pdf(sample_yaml, layout)
    assert result.pages >= 1
    assert pdf.text.startswith("Richard Hendriks Programmer")
    assert not pdf.missing(
        "Pied Piper", "CEO/President",                                   # work
        "University of Oklahoma", "Bachelor in Information Technology",  # education
        "Video compression for 3d media", "Hooli",                       # publications
        "Web Development (Master): HTML, CSS, Javascript",               # skills
        "Compression (Master): Mpeg, MP4, GIF")


def test_sample_every_section_in_the_full_pdf(build_pdf, sample_yaml):
    pdf, _ = build_pdf(sample_yaml, "full")
    assert pdf.contains_in_order(
        "Richard Hendriks", "Programmer",
        "San Francisco, California, US", "richard.hendriks@mail.com", "(912) 555-4321",
        "richardhendricks.example.com", "Twitter: neutralthoughts", "SoundCloud: dandymusicnl",
        "About", "Richard hails from Tulsa.", "a “length-limited” conversation!",  # six sentences: a section
        "Experience", "Pied Piper", "Dec 2013 – Dec 2014", "CEO/President", "Palo Alto, CA",
        "Awesome compression company", "fielded high Weisman Scores™",
        "Successfully won Techcrunch Disrupt",
        "Volunteering", "CoderDojo", "Jan 2012 – Jan 2013", "Teacher", "Awarded 'Teacher of the Month'",
        "Education", "University of Oklahoma", "Jun 2011 – Jan 2014", "Grade: 4.0", "DB1101 - Basic SQL",
        "Awards", "Techcrunch", "Nov 2014", "Digital Compression Pioneer Award", "There is no spoon.",
        "Publications", "Video compression for 3d media", "Oct 2014", "Hooli",
        "Innovative middle-out compression algorithm",
        "Skills", "Languages", "English (Native speaker)", "Interests", "Wildlife: Ferrets, Unicorns",
        "References", "Erlich Bachman", "It is my pleasure to recommend Richard",
        "Projects", "Miss Direction", "Aug 2016", "Team lead, Designer", "Smoogle",
        "A mapping engine that misguides you", "Won award at AIHacks 2016",
        "GoogleMaps · Chrome Extension · Javascript")  # keywords: one line under the entry
    assert "https://twitter.com/neutralthoughts" in pdf.uris()
    assert "https://missdirection.example.com" in pdf.uris()


def test_sample_reports_what_it_left_out_or_changed():
    result = jsonresume.import_file(SAMPLE)
    assert notes(result) == [
        "meta: document metadata (canonical, version, lastModified) is not part of the CV; left out",
        "basics.location: the street address is not printed on a CV; left out "
        "(add it to `location` by hand if you want it)",
        "basics.profiles[0]: the profile had no address; it was made from the user name",
        "projects[0].url: the address had no scheme; https:// was added",
        "projects[0].type: has no place in cv-builder's data; left out",
        ": dates are kept to the month: cv-builder prints months, not days",
    ]
    located = {n.path: n.position for n in result.notes}
    assert (located["projects[0].type"].line, located["projects[0].type"].column) == (153, 7)
    # and the same notes head the YAML, so they stay with the data
    assert "#   - projects[0].type: has no place in cv-builder's data; left out ('application')" in result.text
    assert "#   - basics.location: the street address is not printed on a CV; left out " \
           "(add it to `location` by hand if you want it) ('2712 Broadway St, CA 94115')" in result.text


def test_sample_yaml_is_for_people(sample_yaml):
    text = sample_yaml.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "\nname: Richard Hendriks\nheadline: Programmer\nemail: " in text
    assert "\nsections:\n  about:\n    title: About\n    items:\n      - text: >-\n" \
           "          Richard hails from Tulsa. He has earned" in text
    assert "  experience:\n    title: Experience\n    items:\n      - organisation: Pied Piper\n" \
           "        title: CEO/President\n        place: Palo Alto, CA\n        start: 2013-12\n" \
           "        end: 2014-12\n" in text
    assert "{" not in text.split("sections:", 1)[1]  # block style only
    assert "\n\n  education:\n" in text  # a blank line between sections
    cv = schema.load(sample_yaml)
    assert [s.id for s in cv.sections] == ["about", "experience", "volunteering", "education", "awards", "publications",
                                           "skills", "languages", "interests", "references", "projects"]
    assert cv.warnings == []


# -- the command -----------------------------------------------------------------
def test_cli_import_writes_the_file_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "data" / "cv.yaml"
    r = run("import", str(SAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    language, summary = r.stdout.strip().split("\n")
    assert language.startswith("Language: English (en), detected: common English words (")
    assert summary == f"Imported {SAMPLE} into {out}: 11 sections, 12 items; 6 notes above and at the top of the file."
    assert "warning: projects[0].url: the address had no scheme; https:// was added" in r.stderr
    assert schema.load(out).name == "Richard Hendriks"
    out.write_text("# mine\n")
    r = run("import", str(SAMPLE), "-o", str(out))
    assert r.returncode == 1
    assert r.stderr == (f"{out}: the file already exists; nothing was written\n"
                        "    hint: write to another path, or pass --force to replace it\n")
    assert out.read_text() == "# mine\n"
    r = run("import", str(SAMPLE), "-o", str(out), "--force")
    assert r.returncode == 0 and out.read_text().startswith("# yaml-language-server:")


def test_cli_import_to_stdout_and_default_path(tmp_path):
    r = run("import", str(SAMPLE), "-o", "-")
    assert r.returncode == 0
    assert "\nname: Richard Hendriks\n" in r.stdout
    r = run("import", str(SAMPLE), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "cv.yaml").is_file()


def test_cli_import_errors_exit_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "basics": {"name": "A",}\n}\n')
    r = run("import", str(bad), "-o", "-")
    assert r.returncode == 1
    assert r.stderr.startswith(f"{bad}:2:26: this is not valid JSON: Expecting property name enclosed in double quotes")
    r = run("import", str(tmp_path / "nope.json"), "-o", "-")
    assert r.returncode == 1
    assert f"{tmp_path / 'nope.json'}: the file does not exist" in r.stderr


# -- what JSON Resume allows -----------------------------------------------------
def test_dates_and_ongoing(tmp_path):
    doc = {"basics": {"name": "Ann Example"}, "work": [
        {"name": "A", "position": "One", "startDate": "2019"},                             # ongoing
        {"name": "B", "position": "Two", "startDate": "2015-03", "endDate": "2019-01-31"},
        {"name": "C", "position": "Three", "startDate": "2014-02-01", "endDate": "2014-02-28"},
        {"name": "D", "position": "Four", "startDate": 2012, "endDate": "present"},
    ]}
    result = convert(doc, tmp_path)
    items = result.data["sections"]["experience"]["items"]
    assert [(i.get("start"), i.get("end")) for i in items] == [
        (2019, "present"), ("2015-03", "2019-01"), ("2014-02", None), (2012, "present")]
    assert "2019 – Present" in result.text or "end: present" in result.text


def test_location_string_or_object(tmp_path):
    doc = {"basics": {"name": "Ann Example", "location": "Berlin, Germany"},
           "work": [{"name": "A", "position": "B", "location": {"city": "Paris", "countryCode": "FR"}}]}
    result = convert(doc, tmp_path)
    assert result.cv.header.location == "Berlin, Germany"
    assert result.cv.section("experience").items[0].place == "Paris, FR"


def test_minimal_document(tmp_path):
    result = convert({"basics": {"name": "Ann Example"}}, tmp_path)
    assert result.cv.name == "Ann Example" and result.cv.sections == []
    assert notes(result) == [": almost nothing was found: the CV has only a name"]


# -- messy documents -------------------------------------------------------------
MESSY = {
    "basics": {
        "name": "  Ann <b>Example</b> ", "label": "", "email": "not-an-email", "phone": 5551234,
        "url": "www.ann.example", "image": None, "summary": "I <b>build</b> things &amp; <a href=\"https://ann.example/x\">"
        "write</a> about them.<br/><script>alert(1)</script>", "location": None,
        "profiles": [{"network": "GitHub", "username": "ann", "url": ""}, {"network": "Blog"},
                     {"network": "Evil", "url": "javascript:alert(1)"}, "nonsense"],
        "nickname": "Annie",
    },
    "work": [
        None, {},
        {"name": "", "position": "Consultant", "startDate": "", "endDate": None, "highlights": ["", None, "Did it"]},
        {"company": "OldStyle Inc", "position": "Engineer", "website": "oldstyle.example", "startDate": "2013-13",
         "endDate": "2012", "summary": "<p>Line one</p><p>Line two</p>", "keywords": ["x"]},
        {"name": "Later Co", "position": "Lead", "startDate": "2020-05-01", "endDate": "2018"},
        {"summary": "nothing else here"},
    ],
    "education": [{"institution": "Uni", "studyType": "", "area": "Physics", "gpa": 3.9, "courses": "Optics"}],
    "skills": ["Python", {"name": "", "keywords": ["Go", None]}, {"level": "Expert"}],
    "publications": [{"name": "A [paper](javascript:alert(1))", "releaseDate": "circa 2019"}],
    "projects": [{"name": "Thing", "url": "ftp://files.example/thing", "startDate": "May 2021"}],
    "languages": None,
    "interests": [],
    "extras": {"anything": 1},
}


def test_messy_document_imports_with_every_change_reported(tmp_path):
    result = convert(MESSY, tmp_path)
    cv = result.cv
    h = cv.header
    assert h.name == "Ann Example"
    assert h.headline is None and h.email is None and h.phone == "5551234"
    assert h.website == "https://www.ann.example"
    assert str(h.intro) == "I build things & write about them."
    assert [s.text for s in h.intro.spans if s.bold] == ["build"]
    assert [s.href for s in h.intro.spans if s.href] == ["https://ann.example/x"]
    assert [(l.label, l.url) for l in h.links] == [("GitHub: ann", "https://github.com/ann")]
    work = cv.section("experience").items
    assert [(e.organisation, e.title) for e in work] == [(None, "Consultant"), ("OldStyle Inc", "Engineer"),
                                                         ("Later Co", "Lead")]
    assert [str(b.text) for b in work[0].bullets] == ["Did it"]
    assert work[0].start is None and work[0].end is None
    assert str(work[1].summary) == "Line one\n\nLine two" and work[1].links[0].url == "https://oldstyle.example"
    assert (work[2].start.iso, work[2].end) == ("2020-05", None)
    assert work[1].keywords == ["x"]  # work[].keywords: a line under the job
    edu = cv.section("education").items[0]
    assert (edu.organisation, edu.title, str(edu.note), [str(b.text) for b in edu.bullets]) == \
        ("Uni", "Physics", "Grade: 3.9", ["Optics"])
    assert [t.name for t in cv.section("skills").items] == ["Python", "Go", "(Expert)"]
    pub = cv.section("publications").items[0]
    assert str(pub.title) == "A [paper](javascript:alert(1))" and pub.year is None  # literal, not a link
    assert cv.section("projects").items[0].links == []
    assert set(notes(result)) == {
        "basics.name: HTML was turned into plain text",
        "basics.summary: HTML was turned into plain text and **bold**, *italic*, [links]",
        "basics.email: this is not an e-mail address; left out",
        "basics.url: the address had no scheme; https:// was added",
        "basics.profiles[0]: the profile had no address; it was made from the user name",
        "basics.profiles[1]: a profile without an address cannot be a link; left out",
        "basics.profiles[2].url: the address uses the scheme `javascript:`; only http, https and mailto links "
        "are allowed; left out",
        "basics.profiles[2]: a profile without an address cannot be a link; left out",
        "basics.profiles[3]: expected {network, username, url}; left out",
        "basics.nickname: has no place in cv-builder's data; left out",
        "extras: is not a JSON Resume section; left out",
        "work[3].website: the address had no scheme; https:// was added",
        "work[3].startDate: month 13 does not exist; left out",
        "work[3].summary: HTML was turned into plain text and **bold**, *italic*, [links]",
        "work[3].endDate: there is an end date but no start date, so the PDF shows this date alone",
        "work[4].endDate: the end (2018) is before the start (2020-05); the end was left out",
        "work[5]: an item needs a position or a company name; left out",
        "publications[0].releaseDate: this is not a date (write YYYY, YYYY-MM or YYYY-MM-DD); left out",
        "projects[0].url: the address uses the scheme `ftp:`; only http, https and mailto links are allowed; "
        "left out",
        ": dates are kept to the month: cv-builder prints months, not days",
    }


@pytest.mark.parametrize("layout", layouts())
def test_messy_document_builds_in_every_layout(tmp_path, build_pdf, layout):
    result = convert(MESSY, tmp_path)
    data = tmp_path / "cv.yaml"
    data.write_text(result.text)
    pdf, _ = build_pdf(data, layout)
    assert pdf.text.startswith("Ann Example")
    assert "Consultant" in pdf.text and "OldStyle Inc" in pdf.text


@pytest.mark.parametrize("doc,message", [
    ([], ": a JSON Resume is an object with `basics`, `work`, … (found a list)"),
    ("text", ": a JSON Resume is an object with `basics`, `work`, … (found 'text')"),
    ({}, "basics: there is no `basics`, so the CV has no name"),
    ({"basics": []}, "basics: expected an object with name, label, email, … (found a list)"),
    ({"basics": {"name": " "}}, "basics.name: the CV has no name"),
    ({"basics": {"name": None, "label": "x"}}, "basics.name: the CV has no name"),
    ({"basics": {"name": "A"}, "work": "B"}, "work: expected a list of items (found 'B')"),
    ({"basics": {"name": "A"}, "education": ["Uni"]}, "education[0]: expected an object (found 'Uni')"),
])
def test_documents_that_make_no_cv_fail_clearly(tmp_path, doc, message):
    with pytest.raises(CVError) as info:
        convert(doc, tmp_path)
    problems = info.value.problems
    assert [f"{p.path}: {p.message}" + (f" (found {p.found})" if p.found else "") for p in problems] == [message]
    assert all(p.position.file == str(tmp_path / "resume.json") for p in problems)


def test_not_json(tmp_path):
    for text, where in (("", ":1:1"), ("{\"basics\": NaN}", ""), ("\x00", ":1")):
        path = tmp_path / "r.json"
        path.write_text(text)
        with pytest.raises(CVError) as info:
            jsonresume.import_file(path)
        assert info.value.format().startswith(f"{path}{where}: "), info.value.format()


# generated messy documents: every one either imports (and then validates and
# renders) or fails with CVErrors that point into the JSON file
junk = st.one_of(st.none(), st.just(""), st.just("   "), st.booleans(), st.integers(-5, 3000),
                 st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
                 st.sampled_from(["<b>x</b>", "<i>y", "a &amp; b", "<a href='javascript:x'>z</a>", "**", "[a](b)",
                                  "\x07bell", "ünïcødé ✓", "👍", "x" * 300]),
                 st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=3), st.none(), max_size=1))
dates = st.one_of(junk, st.sampled_from(["2014", "2014-06", "2014-06-30", "2014-02-30", "2014-13", "1850", "present",
                                         "Jun 2014", "06/2014", "2014-06-01T10:00:00Z", "2099-12"]))
urls = st.one_of(junk, st.sampled_from(["example.org", "https://example.org/a b", "http://x.example/(y)",
                                        "javascript:alert(1)", "//cdn.example/x", "mailto:a@b.example", "/rel"]))


def mostly(good, bad, odds=8):
    """`good`, except one time in `odds` (st.one_of would weigh each branch of `bad` like `good`)."""
    return st.integers(0, odds - 1).flatmap(lambda n: bad if n == 0 else good)


def item(keys):
    return st.fixed_dictionaries({}, optional={k: (dates if "Date" in k or k == "date" else
                                                   urls if k == "url" else
                                                   st.one_of(junk, st.lists(junk, max_size=3))) for k in keys})


SECTION_KEYS = {
    "work": ["name", "position", "location", "description", "url", "startDate", "endDate", "summary", "highlights"],
    "volunteer": ["organization", "position", "url", "startDate", "endDate", "summary", "highlights"],
    "education": ["institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"],
    "awards": ["title", "date", "awarder", "summary"],
    "certificates": ["name", "date", "url", "issuer"],
    "publications": ["name", "publisher", "releaseDate", "url", "summary"],
    "skills": ["name", "level", "keywords"],
    "languages": ["language", "fluency"],
    "interests": ["name", "keywords"],
    "references": ["name", "reference"],
    "projects": ["name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles",
                 "entity", "type"],
}
documents = st.fixed_dictionaries(
    {"basics": mostly(st.fixed_dictionaries(
        {"name": mostly(st.just("Ann Example"), junk)},
        optional={"label": junk, "email": st.one_of(junk, st.just("a@b.example")), "phone": junk, "url": urls,
                  "summary": junk, "image": junk,
                  "location": st.one_of(junk, st.fixed_dictionaries({}, optional={
                      k: junk for k in ("address", "postalCode", "city", "countryCode", "region")})),
                  "profiles": st.one_of(junk, st.lists(item(["network", "username", "url"]), max_size=3))}),
        junk)},
    optional={key: mostly(st.lists(mostly(item(keys), junk, 12), max_size=3), junk, 12)
              for key, keys in SECTION_KEYS.items()})


@settings(max_examples=int(__import__("os").environ.get("MESSY_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents)
def test_generated_messy_documents_import_or_fail_clearly(tmp_path_factory, doc):
    from cv_builder.build import render_cv

    folder = tmp_path_factory.mktemp("messy")
    try:
        result = convert(doc, folder)
    except CVError as exc:
        event("refused")
        assert exc.problems
        for p in exc.problems:
            assert p.position is not None and p.position.file == str(folder / "resume.json")
            assert p.message and "after conversion" not in p.message and "internal" not in p.message
        return
    event(f"imported, {sum(len(s.items) for s in result.cv.sections)} items" if result.cv.sections else "imported")
    assert result.cv.name
    rendered = render_cv(result.cv, "full")
    assert rendered.pdf.startswith(b"%PDF-") and rendered.pages >= 1
