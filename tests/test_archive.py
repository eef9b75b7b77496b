"""PDF/A (`build --pdfa 2b|3b`) and the CV's data inside its PDF (`--embed-data`, `import CV.pdf`).

PDF/A is held to what pikepdf (qpdf) reads in the file and, where the machine has it,
to Apache PDFBox's preflight (Debian's libpdfbox2-java; .ci/run installs it). Preflight 2
validates PDF/A-1b, the strictest level, whose rules PDF/A-2b and -3b keep but for
the claim itself (`pdfaid:part` 1) and attachments, which PDF/A-1 forbids: those
findings are the only ones allowed. veraPDF, the reference validator of PDF/A and
PDF/UA, is not packaged for this machine (see the README for running it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from conftest import DATA, cli
from tagged import Tree
from test_tagged_pdf import check_marked

JARS = Path("/usr/share/java")
PREFLIGHT = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]
# what preflight (PDF/A-1b) finds in a correct PDF/A-2b or -3b file: the claim, and attachments
NOT_PDFA1 = ("7.11.2 : Error on MetaData, part must be 1",
             "1.2.9 : Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary",
             "1.4.7 : Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cv_builder.build import build

    folder = tmp_path_factory.mktemp("archive")
    known = {}

    def make(layout=None, variant=None, pdfa=None, embed=False, data=DATA):
        key = (layout, variant, pdfa, embed, str(data))
        if key not in known:
            out = folder / f"cv-{len(known)}.pdf"
            known[key] = (out, build(data, layout, out, variant=variant, pdfa=pdfa, embed=embed))
        return known[key]

    return make


def xmp_matches_info(pdf: pikepdf.Pdf) -> None:
    meta = pdf.open_metadata()
    info = pdf.docinfo
    assert meta["dc:title"] == str(info.Title)
    assert meta["dc:creator"] == [str(info.Author)]
    assert meta["dc:description"] == str(info.Subject)
    assert meta["pdf:Keywords"] == str(info.Keywords)
    assert meta["pdf:Producer"] == str(info.Producer)
    assert meta["xmp:CreatorTool"] == str(info.Creator)
    assert str(info.CreationDate).startswith("D:" + meta["xmp:CreateDate"][:19].replace("-", "").replace("T", "")
                                             .replace(":", ""))


@pytest.mark.parametrize("level", ["2b", "3b"])
def test_pdfa_as_pikepdf_reads_it(built, level):
    path, result = built(pdfa=level)
    assert result.pdfa == level
    pdf = pikepdf.open(path)
    assert pdf.check_pdf_syntax() == []
    assert pdf.open_metadata().pdfa_status == level.upper()
    assert pdf.open_metadata()["pdfuaid:part"] == "1"
    xmp_matches_info(pdf)
    assert "/Filter" not in pdf.Root.Metadata  # (PDF/A: the metadata can be read without decoding)
    [intent] = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
    profile = intent.DestOutputProfile.read_bytes()
    assert profile[36:40] == b"acsp" and profile[8] == 2  # an ICC profile, version 2
    for page in pdf.pages:
        assert "/Trans" not in page
        for annot in page.get("/Annots", []):
            assert int(annot.F) & 4
        for font in page.Resources.Font.values():
            assert "/FontFile2" in font.FontDescriptor
    assert "/ObjStm" not in path.read_bytes().decode("latin-1")  # a classic cross-reference table
    check_marked(path)  # still tagged, every drawn thing in the tree or an artifact
    assert Tree(path).outline() == Tree(built()[0]).outline()


def preflight_jars():
    jars = [JARS / f"{name}.jar" for name in PREFLIGHT]
    missing = [j.name for j in jars if not j.exists()]
    return jars, missing


@pytest.mark.parametrize("level", ["2b", "3b"])
def test_pdfa_passes_pdfbox_preflight(built, level):
    jars, missing = preflight_jars()
    if not shutil.which("java") or missing:
        pytest.skip("PDFBox preflight is not installed (Debian: apt-get install libpdfbox2-java libactivation-java "
                    f"libjaxb-api-java default-jre-headless; missing: {', '.join(missing) or 'java'})")
    path, _ = built(pdfa=level, embed=level == "3b")
    r = subprocess.run(["java", "-cp", ":".join(map(str, jars)), "org.apache.pdfbox.preflight.Validator_A1b",
                        str(path)], capture_output=True, text=True, timeout=180)
    findings = [line.strip() for line in r.stdout.splitlines() if " : " in line]
    assert findings, f"preflight said nothing about the file: {r.stdout}{r.stderr}"
    unexpected = [f for f in findings if f not in NOT_PDFA1]
    assert not unexpected, "\n".join(unexpected)


def test_same_input_same_bytes(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    outs = []
    for n in range(2):
        out = tmp_path / f"cv{n}.pdf"
        r = subprocess.run([os.sys.executable, "-m", "cv_builder", "build", str(DATA), "--pdfa", "2b", "--embed-data",
                            "-o", str(out)], env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    pdf = pikepdf.open(tmp_path / "cv0.pdf")
    assert pdf.open_metadata()["xmp:CreateDate"] == "2023-11-14T22:13:20+00:00"  # (SOURCE_DATE_EPOCH's)


def embedded_json(path: Path) -> dict:
    pdf = pikepdf.open(path)
    [spec] = pdf.Root.AF
    assert spec.AFRelationship == "/Source" and str(spec.UF) == "resume.json"
    stream = spec.EF.F
    assert stream.Subtype == "/application#2Fjson" and "/ModDate" in stream.Params
    [key, named] = list(pdf.Root.Names.EmbeddedFiles.Names)
    assert str(key) == "resume.json" and named.objgen == spec.objgen
    return json.loads(stream.read_bytes())


def test_embedded_data_with_pdfa_is_pdfa_3(built):
    path, result = built(pdfa="2b", embed=True)
    assert result.pdfa == "3b"
    pdf = pikepdf.open(path)
    assert pdf.open_metadata().pdfa_status == "3B"
    doc = embedded_json(path)
    assert doc["basics"]["name"] == "Dustin Podell"


def test_the_data_round_trips_through_the_pdf(built, tmp_path):
    from cv_builder import schema
    from cv_builder.interop import jsonresume

    path, _ = built(embed=True)
    out = tmp_path / "cv.yaml"
    r = cli("import", str(path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "Imported" in r.stdout
    cv = schema.load(out)
    # imported, and exported again: the data the PDF carries, as it carries it
    doc, _ = jsonresume.export(cv)
    assert json.loads(jsonresume.dumps(doc)) == embedded_json(path)
    assert [s.id for s in cv.sections] == [s.id for s in schema.load(DATA).sections]


PRIVATE = """\
name: Robin Quill
email: robin@example.org
sections:
  about: Builds compilers and the tools around them, in the open.
  experience:
    - organisation: Open Tools Cooperative
      title: Compiler Engineer
      start: 2020-01
      end: present
      bullets:
        - Rewrote the register allocator of the reference compiler.
        - text: Evaluated an acquisition offer from Quantum Widgets Holding
          tags: [confidential]
    - organisation: Stealth Startup Incorporated
      title: Founding Engineer, nights and weekends
      start: 2023-05
      tags: [confidential]
  awards:
    - title: Employee of the Year at the Current Employer
      organisation: Present Employer Limited
      start: 2022
variants:
  public:
    exclude: [confidential]
    sections: [about, experience]
  other-application:
    description: For Quantum Widgets Holding only
    headline: Secret headline for another application
"""


def test_a_variant_embeds_nothing_it_leaves_out(built, tmp_path):
    from cv_builder import schema, variants

    data = tmp_path / "cv.yaml"
    data.write_text(PRIVATE, encoding="utf-8")
    path, _ = built(variant="public", embed=True, data=data)
    doc = embedded_json(path)
    raw = json.dumps(doc, ensure_ascii=False)
    for secret in ("Quantum Widgets", "acquisition offer", "Stealth Startup", "nights and weekends",
                   "Employee of the Year", "Present Employer", "Secret headline", "other-application",
                   "confidential", '"tags"', '"variants"'):
        assert secret not in raw, f"{secret!r} is in the attached data"
    tailored = variants.apply(schema.load(data), "public")
    assert {s["id"] for s in doc["meta"]["cvBuilder"]["sections"]} == {"about", "experience"}
    assert "Rewrote the register allocator" in raw and "Open Tools Cooperative" in raw
    assert doc["basics"]["name"] == tailored.name and doc["basics"]["email"] == "robin@example.org"


def test_the_data_is_what_the_page_shows(built):
    """One page: the sections the look leaves out, and the items the fitter leaves out, are not attached."""
    path, result = built(layout="one-page", embed=True)
    doc = embedded_json(path)
    ids = [s["id"] for s in doc["meta"]["cvBuilder"]["sections"]]
    assert "about" not in ids and "trajectory" not in ids  # (the one-page look leaves them out)
    raw = json.dumps(doc, ensure_ascii=False)
    for item in result.left_out:
        assert item["text"].rstrip("…") not in raw


def test_import_of_a_pdf_without_data(built, tmp_path):
    path, _ = built()
    r = cli("import", str(path), "-o", str(tmp_path / "cv.yaml"))
    assert r.returncode == 1
    assert "this PDF carries no CV data (no resume.json attached)" in r.stderr
    assert "--embed-data" in r.stderr and "Traceback" not in r.stderr


def test_without_pikepdf_the_options_say_what_to_install(tmp_path):
    code = ("import sys; sys.modules['pikepdf'] = None; sys.argv = ['cv-builder', 'build', %r, '--pdfa', '2b', "
            "'-o', %r]; from cv_builder.cli import run; run()" % (str(DATA), str(tmp_path / "cv.pdf")))
    r = subprocess.run([os.sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "--pdfa and --embed-data need pikepdf" in r.stderr and "cv-builder[pdfa]" in r.stderr
    assert not (tmp_path / "cv.pdf").exists()


def test_pdfa_goes_with_a_single_build():
    r = cli("build", str(DATA), "--all-variants", "--pdfa", "2b")
    assert r.returncode == 2
    assert "--pdfa and --embed-data go with a single build" in r.stderr


def test_an_attached_yaml_is_valid(built, tmp_path):
    path, _ = built(embed=True, data=Path(__file__).parent / "inputs" / "languages" / "ja.yaml")
    out = tmp_path / "ja.yaml"
    assert cli("import", str(path), "-o", str(out)).returncode == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["language"] == "ja" and data["name"] == "佐藤 美咲"
