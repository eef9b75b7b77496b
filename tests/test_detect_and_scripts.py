"""Guessing a CV's language from its text (for import), and knowing each character's
script: which shipped font draws it, and which scripts cv-builder refuses."""

from __future__ import annotations

import pytest

from cv_builder import layout
from cv_builder.errors import Position
from cv_builder.lang import SUPPORTED_SCRIPTS, resolve
from cv_builder.lang.detect import detect
from cv_builder.lang.scripts import FAMILY, fallback_chain, script, scripts, unsupported

HEADER = ["Ada Lovelace", "ada@example.org", "https://example.org/ada", "Python, PyTorch, CUDA"]
TEXTS = {
    "en": "Software engineer with ten years of experience in distributed systems. Led the team that built the "
          "payments platform, and mentored four engineers.",
    "de": "Softwareentwicklerin mit zehn Jahren Erfahrung in verteilten Systemen. Leitung des Teams, das die "
          "Zahlungsplattform entwickelt hat, sowie Betreuung von Werkstudenten.",
    "fr": "Ingénieure logiciel avec dix ans d’expérience dans les systèmes distribués. J’ai dirigé l’équipe qui a "
          "conçu la plateforme de paiement.",
    "es": "Ingeniera de software con diez años de experiencia en sistemas distribuidos. Dirigí el equipo que "
          "desarrolló la plataforma de pagos.",
    "it": "Ingegnere del software con dieci anni di esperienza nei sistemi distribuiti. Ho guidato il gruppo che "
          "ha sviluppato la piattaforma dei pagamenti.",
    "pt": "Engenheira de software com dez anos de experiência em sistemas distribuídos. Liderei a equipe que "
          "desenvolveu a plataforma de pagamentos.",
    "nl": "Software-ingenieur met tien jaar ervaring in gedistribueerde systemen. Ik leidde het team dat het "
          "betalingsplatform heeft gebouwd.",
    "pl": "Inżynier oprogramowania z dziesięcioletnim doświadczeniem w systemach rozproszonych. Kierowałam "
          "zespołem, który zbudował platformę płatności.",
    "tr": "Dağıtık sistemlerde on yıllık deneyime sahip yazılım mühendisi. Ödeme platformunu geliştiren ekibe "
          "liderlik ettim.",
    "ru": "Инженер-программист с десятилетним опытом работы в распределённых системах. Руководила командой.",
    "uk": "Інженерка-програмістка з десятирічним досвідом роботи в розподілених системах. Очолювала команду.",
    "el": "Μηχανικός λογισμικού με δέκα χρόνια εμπειρίας σε κατανεμημένα συστήματα.",
    "zh-Hans": "软件工程师，拥有十年分布式系统开发经验。负责支付平台的设计与实现，使用Python和Go语言。",
    "zh-Hant": "軟體工程師，擁有十年分散式系統開發經驗。負責支付平台的設計與實現，使用Python和Go語言。",
    "ja": "分散システムの開発経験が十年あるソフトウェアエンジニアです。決済プラットフォームの設計を担当しました。",
    "ko": "분산 시스템 개발 경력 10년의 소프트웨어 엔지니어입니다. 결제 플랫폼의 설계와 구현을 담당했습니다.",
    "ar": "مهندسة برمجيات لديها عشر سنوات من الخبرة في الأنظمة الموزعة، وقادت فريق منصة الدفع.",
    "fa": "مهندس نرم‌افزار با ده سال تجربه در سیستم‌های توزیع‌شده. مدیریت گروه توسعه پلتفرم پرداخت.",
    "he": "מהנדסת תוכנה עם עשר שנות ניסיון במערכות מבוזרות. הובלתי את צוות פלטפורמת התשלומים.",
}


@pytest.mark.parametrize("tag", sorted(TEXTS))
def test_detect(tag):
    got, why = detect(HEADER + [TEXTS[tag]])
    assert got == tag, why
    assert why and resolve(got).tag == got


def test_detect_says_why():
    assert detect([TEXTS["ko"]])[1].startswith("Hangul letters (")
    assert "traditional forms" in detect([TEXTS["zh-Hant"]])[1]
    assert detect([TEXTS["de"]])[1].startswith("common German words (")
    assert "Ukrainian і, ї, є or ґ" in detect([TEXTS["uk"]])[1]


def test_a_few_foreign_characters_do_not_change_the_language():
    """An English CV with a Chinese co-author's name, or a German one with a Russian title."""
    assert detect([TEXTS["en"], "Co-authored with 张伟 and 李娜"])[0] == "en"
    assert detect([TEXTS["de"], "Vortrag: «Разработка»"])[0] == "de"
    assert detect([TEXTS["zh-Hans"], TEXTS["en"]])[0] == "zh-Hans"  # a Chinese CV with an English paragraph


def test_detect_with_nothing_to_go_by():
    assert detect([]) == ("en", "no letters to go by: English, the default")
    assert detect(["2019", "https://x.org", 3, None])[0] == "en"


def test_detect_reads_a_sample_only():
    import time

    huge = [TEXTS["fr"]] * 5000
    start = time.perf_counter()
    assert detect(huge)[0] == "fr"
    assert time.perf_counter() - start < 1.0  # generous: it reads 20,000 characters of 800,000


# -- scripts ---------------------------------------------------------------------
@pytest.mark.parametrize("char, expected", [
    ("a", "Latn"), ("é", "Latn"), ("ğ", "Latn"), ("ж", "Cyrl"), ("ї", "Cyrl"), ("λ", "Grek"), ("中", "Hani"),
    ("あ", "Hira"), ("カ", "Kana"), ("한", "Hang"), ("。", "Zcjk"), ("（", "Zcjk"), ("ب", "Arab"), ("ﺑ", "Arab"),
    ("ש", "Hebr"), ("क", "Deva"), ("ก", "Thai"), ("1", "Zyyy"), ("–", "Zyyy"), ("𠀀", "Hani"),
])
def test_script_of_a_character(char, expected):
    assert script(char) == expected


def test_every_language_s_words_are_in_scripts_it_sets():
    from cv_builder import lang

    for tag in lang.known_tags():
        entry = lang.words(tag)
        for text in [entry.get("present", ""), *(entry.get("titles") or {}).values()]:
            assert not unsupported([(text, None, tag)]), (tag, text)


def test_the_fallback_chain_adds_only_what_the_text_needs():
    look = ["dejavu-sans"]
    assert fallback_chain(["Ada Lovelace", "Zürich", "Москва", "Αθήνα"], look) == ["dejavu-sans"]
    assert fallback_chain(["北京大学", "東京", "서울"], look) == ["droid-sans-fallback", "dejavu-sans"]
    assert fallback_chain(["جامعة القاهرة", "אוניברסיטת תל אביב"], look) == \
        ["noto-sans-arabic", "noto-sans-hebrew", "dejavu-sans"]


@pytest.mark.parametrize("family", sorted(set(FAMILY.values())))
def test_each_script_family_is_shipped_with_its_licence_and_covers_its_script(family):
    from reportlab.pdfbase.ttfonts import TTFontFile

    fam = layout.family(family)
    assert (layout.fonts_dir() / fam.licence).is_file()
    faces = {style: TTFontFile(str(fam.path(style))) for style in fam.styles}  # refuses CFF outlines and
    assert len({f.name for f in faces.values()}) == len(faces)  # fonts that forbid embedding; names distinct
    cmap = faces["regular"].charToGlyph
    wanted = {"droid-sans-fallback": "北京大学東京あいうカタカナ서울한국어，。、（）「」",
              "noto-sans-arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "".join(map(chr, range(0xFE8D, 0xFEF5))),
              "noto-sans-hebrew": "אבגדהוזחטיכלמנסעפצקרשת"}[family]
    missing = [c for c in wanted if ord(c) not in cmap]
    assert not missing


def test_the_supported_scripts_are_the_ones_with_fonts():
    assert {"Latn", "Cyrl", "Grek", "Hans", "Hant", "Jpan", "Kore", "Arab", "Hebr"} <= SUPPORTED_SCRIPTS


def test_a_script_that_needs_shaping_is_an_error_naming_field_characters_and_script():
    strings = [("Ada", Position("cv.yaml", 1, 7), "name"),
               ("सॉफ्टवेयर इंजीनियर", Position("cv.yaml", 2, 11), "headline"),
               ("วิศวกรซอฟต์แวร์", Position("cv.yaml", 3, 8), "intro"),
               ("北京 · القاهرة · תל אביב", Position("cv.yaml", 4, 11), "location")]
    problems = unsupported(strings)
    assert [(p.path, str(p.position)) for p in problems] == [("headline", "cv.yaml:2:11"), ("intro", "cv.yaml:3:8")]
    assert problems[0].message.startswith("the text is in Devanagari (सॉफ्टवेयर")
    assert "Thai (วิศ" in problems[1].message
    assert all(p.severity == "error" for p in problems)
    bracketed = unsupported([("Priya Sharma (प्रिया शर्मा), engineer", None, "name")])[0].message
    assert "Devanagari (प्रिया शर्मा), which" in bracketed  # (the sample without the data's bracket)


def test_scripts_of_a_text():
    assert scripts("Ada") == {"Latn"}
    assert scripts("2019 – 2024") == set()
    assert scripts("日本語のテキスト") == {"Hani", "Hira", "Kana"}
