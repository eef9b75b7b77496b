"""Every language a CV may be written in: its dates, its words, its titles, its tag.

What a user checks: "Sept. 2024 – heute" in a German CV, "2024年9月 – 至今" in a
Chinese one, "Sep 2024 – Present" exactly as before in an English one; `end: heute`
(or `en cours`, `至今`) understood as ongoing; the default section titles in the
CV's language; a language tag that is wrong named with its place and a hint.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from cv_builder import lang, schema
from cv_builder.errors import CVError
from cv_builder.kinds import KIND_BY_ID
from cv_builder.lang import LanguageError, resolve
from cv_builder.model import Date

LAYOUT_NAMES = sorted(p.stem for p in (lang.WORDS_FILE.parents[2] / "layouts").glob("*.yaml"))
#: the languages the issue lists, and Greek (the corpus has a Greek CV)
LISTED = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "zh-Hans", "zh-Hant", "ja", "ko",
          "ar", "he", "el"]
#: section ids whose default title is in words.yaml: the known ids, and those import makes
SECTION_IDS = sorted(set(KIND_BY_ID) | {"certificates", "references"})

# September's name, standing alone, as CLDR writes it: what a reader of each language expects
SEPTEMBER = {"en": "September", "de": "September", "fr": "septembre", "es": "septiembre", "it": "settembre",
             "pt": "setembro", "nl": "september", "pl": "wrzesień", "ru": "сентябрь", "uk": "вересень",
             "tr": "Eylül", "zh-Hans": "九月", "zh-Hant": "9月", "ja": "9月", "ko": "9월", "ar": "سبتمبر",
             "he": "ספטמבר", "el": "Σεπτέμβριος"}
# an ongoing job as each language writes it: the start, then the word for "present" (CLDR ties the
# Russian and Ukrainian year to its abbreviation with a narrow no-break space, U+202F)
ONGOING = {"en": "Sep 2024 – Present", "de": "Sept. 2024 – heute", "fr": "sept. 2024 – aujourd’hui",
           "es": "sept 2024 – actualidad", "it": "set 2024 – oggi", "pt": "set. de 2024 – atual",
           "nl": "sep 2024 – heden", "pl": "wrz 2024 – obecnie", "ru": "сент. 2024\u202fг. – настоящее время",
           "uk": "вер. 2024\u202fр. – теперішній час", "tr": "Eyl 2024 – günümüz", "zh-Hans": "2024年9月 – 至今",
           "zh-Hant": "2024年9月 – 至今", "ja": "2024年9月 – 現在", "ko": "2024년 9월 – 현재",
           "ar": "سبتمبر 2024 – حتى الآن", "he": "ספט׳ 2024 – היום", "el": "Σεπ 2024 – σήμερα"}
RUNNING_HEAD = {"en": "Curriculum Vitae", "de": "Lebenslauf", "fr": "Curriculum vitæ", "ja": "履歴書",
                "zh-Hans": "个人简历", "ko": "이력서", "ru": "Резюме", "ar": "السيرة الذاتية", "he": "קורות חיים"}
EXPERIENCE = {"en": "Experience", "de": "Berufserfahrung", "fr": "Expérience professionnelle",
              "es": "Experiencia profesional", "it": "Esperienza professionale", "pt": "Experiência profissional",
              "nl": "Werkervaring", "pl": "Doświadczenie zawodowe", "ru": "Опыт работы", "uk": "Досвід роботи",
              "tr": "İş deneyimi", "zh-Hans": "工作经历", "zh-Hant": "工作經歷", "ja": "職歴", "ko": "경력",
              "ar": "الخبرة المهنية", "he": "ניסיון תעסוקתי", "el": "Επαγγελματική εμπειρία"}


def load(text: str):
    return schema.loads(text, "cv.yaml")


# -- the table -------------------------------------------------------------------
def test_the_table_has_every_listed_language_with_every_word():
    english = lang.words("en")
    for tag in LISTED:
        entry = lang.words(tag)
        assert entry, f"words.yaml has no `{tag}`"
        missing = set(english) - set(entry)
        assert not missing, f"{tag} lacks {sorted(missing)}"
        assert set(entry["titles"]) == set(SECTION_IDS), f"{tag}: titles for {sorted(set(SECTION_IDS) ^ set(entry['titles']))}"
        assert all(isinstance(t, str) and t.strip() for t in entry["titles"].values()), tag
        assert "{degree}" in entry["degree"] and "{subject}" in entry["degree"], tag
        assert "{grade}" in entry["grade"], tag
        assert "{n}" in entry["page"] and "{total}" in entry["page"], tag
        assert entry["script"] in lang.SUPPORTED_SCRIPTS, tag


def test_the_file_read_one_language_at_a_time_is_the_file():
    """An English CV parses only its own block of words.yaml; the blocks are the whole file."""
    whole = yaml.safe_load(lang.WORDS_FILE.read_text(encoding="utf-8"))
    assert list(whole) == lang.known_tags()
    for tag in whole:
        assert lang.words(tag) == whole[tag]


def test_english_titles_are_the_ids_as_before():
    """English CVs keep the titles they had: the id, capitalised."""
    english = resolve("en")
    for sid in SECTION_IDS:
        assert english.title(sid) == sid.capitalize()


# -- dates -------------------------------------------------------------------------
@pytest.mark.parametrize("tag", LISTED)
def test_month_names(tag):
    assert resolve(tag).month(9, "wide") == SEPTEMBER[tag]


@pytest.mark.parametrize("tag", LISTED)
def test_an_ongoing_job(tag):
    language = resolve(tag)
    assert language.date_range(Date(2024, 9), Date(present=True, label="Present")) == ONGOING[tag]


def test_english_is_exactly_as_before():
    en = resolve("en")
    assert en.date_range(Date(2024, 9), Date(present=True, label="Present")) == "Sep 2024 – Present"
    assert en.date_range(Date(2019), Date(2023)) == "2019 – 2023"
    assert en.date_range(Date(2023), Date(2023)) == "2023"
    assert en.date(Date(present=True, label="Now")) == "Now"  # as written, as before
    assert en.date(Date(2024, 3)) == str(Date(2024, 3)) == "Mar 2024"


def test_years_and_words_of_other_languages():
    ja, de = resolve("ja"), resolve("de")
    assert ja.date_range(Date(2019), Date(2023)) == "2019年 – 2023年"
    assert de.date(Date(present=True, label="Now")) == "heute"  # an English word becomes the CV's own
    assert de.date(Date(present=True, label="bis heute")) == "bis heute"  # its own words as written
    assert resolve("fr").date(Date(present=True, label="En cours")) == "En cours"


def test_an_english_cv_does_not_import_babel():
    code = ("import sys; from cv_builder import schema; cv = schema.load('data/cv.yaml'); "
            "from cv_builder.model import Date; l = cv.language; "
            "print(l.date_range(Date(2024, 9), Date(present=True)), l.running_head, l.page(1, 2), "
            "'babel' in ' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(lang.WORDS_FILE.parents[2])).stdout.strip()
    assert out == "Sep 2024 – Present Curriculum Vitae 1 / 2 False"


def test_an_english_build_pays_for_no_other_language(tmp_path):
    """The seed CV, built in every layout: no Babel, no bidi or shaping library, no font
    for other scripts registered (the CJK font alone takes 70 ms to read)."""
    code = ("import sys; from cv_builder import build; from reportlab.pdfbase import pdfmetrics\n"
            f"for name in {LAYOUT_NAMES!r}:\n"
            f"    build.build('data/cv.yaml', name, {str(tmp_path)!r} + '/' + name + '.pdf')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('babel', 'bidi', 'arabic_reshaper')), "
            "sorted(n for n in pdfmetrics._fonts if 'droid' in n or 'noto' in n))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(lang.WORDS_FILE.parents[2]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[] []"


# -- words -------------------------------------------------------------------------
@pytest.mark.parametrize("tag", LISTED)
def test_titles(tag):
    assert resolve(tag).title("experience") == EXPERIENCE[tag]


def test_running_heads_and_pages():
    for tag, head in RUNNING_HEAD.items():
        assert resolve(tag).running_head == head
        assert resolve(tag).page(2, 3) == "2 / 3"


def test_degrees_follow_each_language_s_order():
    assert resolve("en").degree("Bachelor", "Physics") == "Bachelor in Physics"
    assert resolve("fr").degree("Licence", "physique") == "Licence en physique"
    assert resolve("zh-Hans").degree("学士", "物理学") == "物理学学士"
    assert resolve("tr").degree("Lisans", "Fizik") == "Fizik, Lisans"
    assert resolve("ja").degree("学士", "物理学") == "学士（物理学）"
    assert resolve("he").degree("תואר ראשון", "פיזיקה") == "תואר ראשון בפיזיקה"
    assert resolve("de").degree(None, "Physik") == "Physik"
    for tag in LISTED:
        language = resolve(tag)
        back = language.split_degree(language.degree("Bachelor", "X Y"))
        assert back == (None if tag.startswith("zh") else ("Bachelor", "X Y")), tag


def test_grades():
    assert resolve("en").grade("3.9/4") == "Grade: 3.9/4"
    assert resolve("fr").grade("15/20") == "Note\u00a0: 15/20"
    assert resolve("zh-Hans").grade("优秀") == "成绩：优秀"


# -- tags ------------------------------------------------------------------------------
@pytest.mark.parametrize("tag, normal, script, direction, breaking", [
    ("en", "en", "Latn", "ltr", "spaces"),
    ("de-CH", "de-CH", "Latn", "ltr", "spaces"),
    ("de_ch", "de-CH", "Latn", "ltr", "spaces"),
    ("pt-BR", "pt-BR", "Latn", "ltr", "spaces"),
    ("zh", "zh", "Hans", "ltr", "cjk"),
    ("zh-Hans", "zh-Hans", "Hans", "ltr", "cjk"),
    ("zh-TW", "zh-TW", "Hant", "ltr", "cjk"),
    ("zh-hant-hk", "zh-Hant-HK", "Hant", "ltr", "cjk"),
    ("ja", "ja", "Jpan", "ltr", "cjk"),
    ("ko", "ko", "Kore", "ltr", "korean"),
    ("ar", "ar", "Arab", "rtl", "spaces"),
    ("he", "he", "Hebr", "rtl", "spaces"),
    ("fa", "fa", "Arab", "rtl", "spaces"),
    ("ur", "ur", "Arab", "rtl", "spaces"),
    ("ru", "ru", "Cyrl", "ltr", "spaces"),
    ("el", "el", "Grek", "ltr", "spaces"),
])
def test_a_tag_resolves(tag, normal, script, direction, breaking):
    language = resolve(tag)
    assert (language.tag, language.script, language.direction, language.line_breaking) == \
        (normal, script, direction, breaking)
    assert language.word_wrap == ("CJK" if breaking == "cjk" else None)


def test_variants_of_a_language_share_or_override_words():
    assert resolve("zh-TW").title("projects") == "專案經歷"
    assert resolve("zh-CN").title("projects") == "项目经历"
    assert resolve("pt-PT").title("awards") == "Prémios"
    assert resolve("pt-PT").title("skills") == resolve("pt-BR").title("skills") == "Competências"
    assert resolve("de-AT").title("skills") == "Kenntnisse"


@pytest.mark.parametrize("tag, message, hint", [
    ("jp", "`jp` is not a language cv-builder knows", "did you mean `ja`?"),
    ("cn", "`cn` is not a language cv-builder knows", "did you mean `zh-Hans`?"),
    ("German", "this is not a language tag", "did you mean `de`?"),
    ("deu", "`deu` is not how BCP 47 writes German", "did you mean `de`?"),
    ("en-UK", "`en-UK` is not a language code", "did you mean `en-GB`?"),
    ("xx", "`xx` is not a language cv-builder knows", "languages with all their words: en, de, fr"),
    ("hi", "Hindi (`hi`) is written in Devanagari, which cv-builder cannot set correctly yet", "need shaping"),
    ("th", "Thai (`th`) is written in Thai, which cv-builder cannot set correctly yet", "scripts it sets"),
])
def test_an_unknown_or_unusable_language_is_a_clear_error(tag, message, hint):
    with pytest.raises(LanguageError) as info:
        resolve(tag)
    (problem,) = info.value.problems
    assert problem.message == message
    assert hint in problem.hint


def test_a_language_without_words_is_a_warning_and_keeps_its_months():
    cv = load("name: A\nlanguage: sv\nsections:\n  experience:\n    - {title: T, start: 2024-09, end: present}\n")
    (warning,) = [w for w in cv.warnings if w.path == "language"]
    assert "no words for Swedish (`sv`)" in warning.message
    assert str(warning.position) == "cv.yaml:2:1"
    assert cv.sections[0].title == "Experience"
    e = cv.sections[0].items[0]
    assert cv.language.date_range(e.start, e.end) == "sep. 2024 – Present"


# -- the data ------------------------------------------------------------------------------
CV = """\
name: Ada
{setting}
sections:
  experience:
    - title: Analyst
      start: 2020-01
      end: {end}
  education:
    title: Studium
    items:
      - {{title: Diplom, start: 2015, end: 2019}}
variants:
  english:
    language: en
  french:
    language: fr-CH
"""


def test_language_sets_the_tag_and_the_default_titles():
    cv = load(CV.format(setting="language: de-CH", end="heute"))
    assert cv.lang == "de-CH"
    assert cv.language.tag == "de-CH"
    assert [s.title for s in cv.sections] == ["Berufserfahrung", "Studium"]  # a given title stays
    end = cv.sections[0].items[0].end
    assert end.present and cv.language.date(end) == "heute"


def test_lang_is_still_read():
    cv = load(CV.format(setting="lang: fr", end="present"))
    assert cv.lang == "fr"
    assert cv.sections[0].title == "Expérience professionnelle"
    assert cv.language.date(cv.sections[0].items[0].end) == "aujourd’hui"


def test_a_variant_has_its_own_language():
    from cv_builder import variants

    cv = load(CV.format(setting="language: de", end="bis heute"))
    english = variants.apply(cv, "english")
    assert english.lang == "en"
    assert [s.title for s in english.sections] == ["Experience", "Studium"]
    french = variants.apply(cv, "french")
    assert french.lang == "fr-CH"
    assert french.sections[0].title == "Expérience professionnelle"
    assert french.language.date(french.sections[0].items[0].start) == "janv. 2020"
    assert cv.lang == "de" and cv.sections[0].title == "Berufserfahrung"  # the CV itself is unchanged


@pytest.mark.parametrize("word", ["heute", "Bis heute", "en cours", "aujourd'hui", "Actualidad", "oggi", "atual",
                                  "heden", "obecnie", "настоящее время", "по  настоящее время", "теперішній час",
                                  "günümüz", "Halen", "σήμερα", "至今", "現在", "현재", "حتى الآن", "היום"])
def test_every_language_s_word_for_present_is_a_date(word):
    cv = load(CV.format(setting="", end=f'"{word}"'))
    end = cv.sections[0].items[0].end
    assert end.present
    assert end.label == " ".join(word.split())


def test_a_word_that_is_not_present_is_still_an_error():
    with pytest.raises(CVError) as info:
        load(CV.format(setting="language: de", end="morgen"))
    assert info.value.problems[0].message == "this is not a date"


def test_export_and_import_keep_the_language(tmp_path):
    """The language goes into JSON Resume (under meta.cvBuilder) and comes back as `language:`."""
    from cv_builder.interop import jsonresume

    cv = load(CV.format(setting="language: ja", end="present"))
    doc, _ = jsonresume.export(cv)
    path = tmp_path / "resume.json"
    path.write_text(jsonresume.dumps(doc), encoding="utf-8")
    result = jsonresume.import_file(path, tmp_path / "back.yaml")
    assert result.cv.lang == "ja"
    assert "\nlanguage: ja\n" in result.text


# -- import ----------------------------------------------------------------------------------
def _import(tmp_path, doc: dict):
    import json

    from cv_builder.interop import jsonresume

    path = tmp_path / "resume.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return jsonresume.import_file(path, tmp_path / "cv.yaml")


GERMAN_RESUME = {
    "basics": {"name": "Jörg Schäfer", "label": "Softwareentwickler",
               "summary": "Ich entwickle seit zehn Jahren verteilte Systeme und leite ein Team mit fünf Personen."},
    "work": [{"name": "Nordlicht GmbH", "position": "Teamleiter", "startDate": "2020-01",
              "summary": "Entwicklung der Plattform für die Datenaufnahme und Betreuung von Werkstudenten."}],
    "education": [{"institution": "TU Berlin", "studyType": "Master", "area": "Informatik", "score": "1,3",
                   "startDate": "2012", "endDate": "2014"}],
}


def test_import_detects_the_language_and_writes_in_it(tmp_path):
    result = _import(tmp_path, GERMAN_RESUME)
    assert result.cv.lang == "de"
    assert result.language[0] == "de" and result.language[1].startswith("detected: common German words (")
    assert "# Language: German (de), detected: common German words (" in result.text
    assert "\nlanguage: de\n" in result.text
    assert [s.title for s in result.cv.sections] == ["Berufserfahrung", "Ausbildung"]
    (entry,) = result.cv.section("education").items
    assert entry.title == "Master in Informatik" and entry.note.plain == "Note: 1,3"
    work = result.cv.section("experience").items[0]
    assert work.end.present and result.cv.language.date(work.end) == "heute"  # no end date: ongoing, in German


@pytest.mark.parametrize("where", [("meta", "language"), ("basics", "language"), ("meta", "locale")])
def test_import_takes_the_language_a_field_gives(tmp_path, where):
    doc = {"basics": {"name": "Ada", "summary": "Ich entwickle verteilte Systeme und leite ein Team."},
           "education": [{"institution": "EPFL", "studyType": "Master", "area": "Informatique"}]}
    doc.setdefault(where[0], {})[where[1]] = "fr_CH"
    result = _import(tmp_path, doc)
    assert result.cv.lang == "fr-CH"
    assert result.language == ("fr-CH", f"from {'.'.join(where)}")
    assert result.cv.section("education").items[0].title == "Master en Informatique"


def test_import_of_a_field_that_names_no_language_falls_back_to_the_text(tmp_path):
    doc = {"meta": {"language": "Deutsch!"}, **GERMAN_RESUME}
    result = _import(tmp_path, doc)
    assert result.cv.lang == "de" and result.language[1].startswith("detected:")


def test_import_of_chinese_and_arabic(tmp_path):
    zh = _import(tmp_path, {"basics": {"name": "王晓明", "summary": "八年机器学习研发经验，负责推荐系统的召回与排序模型。"},
                            "education": [{"institution": "北京大学", "studyType": "硕士", "area": "计算机科学",
                                           "score": "专业前5%"}]})
    assert zh.cv.lang == "zh-Hans"
    assert [s.title for s in zh.cv.sections] == ["教育背景"]
    entry = zh.cv.section("education").items[0]
    assert entry.title == "计算机科学硕士" and entry.note.plain == "成绩：专业前5%"
    ar = _import(tmp_path, {"basics": {"name": "ليلى", "summary": "مهندسة برمجيات لديها عشر سنوات من الخبرة."},
                            "education": [{"institution": "جامعة القاهرة", "studyType": "بكالوريوس",
                                           "area": "علوم الحاسب"}]})
    assert ar.cv.lang == "ar" and ar.cv.sections[0].title == "التعليم"
    assert ar.cv.section("education").items[0].title == "بكالوريوس في علوم الحاسب"


def test_cv_builder_s_own_export_keeps_its_language_as_it_was(tmp_path):
    """An export of cv-builder (meta.cvBuilder) is read back as it was: no detection."""
    from cv_builder.interop import jsonresume

    cv = load(CV.format(setting="language: de", end="heute"))
    doc, _ = jsonresume.export(cv)
    result = _import(tmp_path, doc)
    assert result.language is None and result.cv.lang == "de"
    assert [s.title for s in result.cv.sections] == [s.title for s in cv.sections]
