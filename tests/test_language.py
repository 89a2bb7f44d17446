"""Languages: each article's language is detected, the English-only stages say what they left out, and text in
scripts with other full stops (or none) is split into sentences and summarized. Texts are invented."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline import language
from storyline.language import detect_language
from storyline.render import render
from storyline.types import RawArticle

FRENCH = (
    "Grève des ferries à Tarnholm\n\nLa grève des ferries à Tarnholm a pris fin mardi après deux jours de "
    "négociations, a indiqué le syndicat.\n\n« Nous sommes heureux que les bateaux circulent de nouveau », a "
    "déclaré la maire Anna Berg.\n\nLes traversées vers l'île reprennent mercredi matin avec des rotations "
    "supplémentaires.\n"
)
GERMAN = (
    "Fährstreik beendet\n\nDer Streik der Fähren nach Tarnholm ist am Dienstag nach zwei Tagen Verhandlungen zu "
    "Ende gegangen, teilte die Gewerkschaft mit.\n\nDie Verbindungen zur Insel werden am Mittwoch wieder "
    "aufgenommen, und es gibt zusätzliche Fahrten für 2 Mio Euro.\n"
)
ENGLISH = (
    "Ferry strike ends\n\nThe ferry strike at Tarnholm ended on Tuesday after two days of talks, the union said.\n\n"
    "«We are glad the boats are running again», said Mayor Anna Berg, who had called for the talks.\n"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        ("La huelga de los transbordadores terminó el martes, según el sindicato de la isla.", "es"),
        ("渡轮罢工周二结束，工会表示双方经过两天谈判达成协议。", "zh"),
        ("フェリーのストライキは火曜日に終わったと組合が発表した。", "ja"),
        ("การนัดหยุดงานของเรือข้ามฟากสิ้นสุดลงเมื่อวันอังคาร", "th"),
        ("नौका हड़ताल मंगलवार को समाप्त हो गई।", "hi"),
        ("فیری کی ہڑتال منگل کو ختم ہو گئی۔", "ur"),
        ("انتهى إضراب العبارات يوم الثلاثاء بعد يومين من المفاوضات مع الشركة.", "ar"),
        ("Забастовка паромов закончилась во вторник, и суда вышли в море.", "ru"),
        ("Loading weather data ... Turner Broadcasting System, Inc.", "en"),
        ("Страйк поромів закінчився у вівторок, повідомила профспілка.", "uk"),
    ],
)
def test_the_language_of_an_article_is_detected(text: str, language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.language._model_language", lambda text: "und")  # without the extra
    assert detect_language(text) == language


def test_english_only_stages_skip_other_languages_and_say_so() -> None:
    briefing = storyline.brief([RawArticle(text=ENGLISH, origin="en.txt"), RawArticle(text=GERMAN, origin="de.txt")])
    assert [article.language for article in briefing.articles] == ["en", "de"]
    assert not any("Euro" in actor.name for actor in briefing.actors)
    assert briefing.notes == ("Actors and quotations are found in English text only; not searched: article 2 (de).",)
    assert "Note: Actors and quotations are found in English text only" in render(briefing, "text")
    assert storyline.briefing_to_dict(briefing)["notes"] == list(briefing.notes)


def test_angle_quotes_are_found_with_their_speaker() -> None:
    briefing = storyline.brief([RawArticle(text=ENGLISH, origin="en.txt")])
    (group,) = briefing.quotes
    assert group.quotes[0].text == "We are glad the boats are running again"
    assert group.quotes[0].speaker == "Mayor Anna Berg"


@pytest.mark.parametrize(
    "text",
    [
        "渡轮罢工结束\n\n渡轮罢工周二结束，工会表示双方经过两天谈判达成协议。从周三早上起，前往岛上的渡轮将恢复运营，并增加班次。",
        "フェリーのストが終了\n\nフェリーのストライキは火曜日に終わったと組合が発表した。水曜日の朝から島への便が再開され、増便も予定されている。",
        "นัดหยุดงานเรือข้ามฟากสิ้นสุด\n\nการนัดหยุดงานของเรือข้ามฟากไปยังเกาะทาร์นโฮล์มสิ้นสุดลงเมื่อวันอังคารหลังการเจรจาสองวัน "
        "เรือจะกลับมาให้บริการตามปกติในเช้าวันพุธพร้อมเที่ยวพิเศษเพิ่มเติม",
        "فیری ہڑتال ختم\n\nتارن ہولم جانے والی فیری کی ہڑتال منگل کو دو دن کے مذاکرات کے بعد ختم ہو گئی۔ "
        "بدھ کی صبح سے جزیرے کے لیے کشتیاں دوبارہ چلیں گی اور اضافی چکر بھی لگیں گے۔",
        "नौका हड़ताल समाप्त\n\nतार्नहोम जाने वाली नौकाओं की हड़ताल मंगलवार को दो दिन की बातचीत के बाद समाप्त हो गई। बुधवार सुबह से "
        "द्वीप के लिए नौकाएँ फिर चलेंगी और अतिरिक्त फेरे भी होंगे।",
    ],
    ids=["zh", "ja", "th", "ur", "hi"],
)
def test_articles_in_scripts_with_other_full_stops_are_summarized(text: str) -> None:
    briefing = storyline.brief([RawArticle(text=text, origin="a.txt")])
    assert len(briefing.summary) >= 2
    assert all(sentence.text in briefing.articles[0].text for sentence in briefing.summary)


def test_latin_text_in_a_language_without_a_word_list_is_not_taken_for_another(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.language._model_language", lambda text: "und")  # without the extra
    polish = (
        "Strajk promów na wyspę Tarnholm zakończył się we wtorek po dwóch dniach rozmów między związkiem "
        "zawodowym a przewoźnikiem, a statki wrócą na trasę w środę rano z dodatkowymi kursami."
    )
    assert detect_language(polish) == "pl"
    swedish = "Färjestrejken till Tarnholm tog slut på tisdagen och båtarna går åter på onsdag morgon, säger facket."
    assert detect_language(swedish) == "und"


def test_a_feed_in_one_other_language_gets_a_short_language_note() -> None:
    texts = [
        f"Die Fähre nach Tarnholm fährt am {day} nicht, weil die Besatzung streikt und der Hafen geschlossen ist."
        for day in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    ]
    briefing = storyline.brief([f"Fähre {n}\n{text}\n" for n, text in enumerate(texts)])
    assert briefing.notes[-1] == (
        "Actors and quotations are found in English text only; not searched: the 7 articles (de)."
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="azéàöø÷×ÿßł中 .,'\n\t-İ\u212a", max_size=60))
def test_latin_words_are_the_runs_of_latin_letters(text: str) -> None:
    lowered = text.lower()
    assert language._latin_words(lowered) == re.findall(r"[a-zà-öø-ÿ]+", lowered)
