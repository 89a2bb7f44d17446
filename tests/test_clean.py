"""Cleaning: boilerplate, captions, headings and repeats go; what goes is recorded with a reason."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import make_raw
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import clean as cleaning
from storyline.clean import clean, clean_all, shared_noise
from storyline.types import Article

HEADLINE = "Flood waters force hundreds from Brenmoor valley"
LEAD = "Flood waters rose across the valley of Brenmoor on Sunday, forcing hundreds of families to leave their homes."
SECOND = "The river Brenn crested at nine metres in the afternoon, the highest level since records began in 1911."
THIRD = "Volunteers filled sandbags outside the town hall while the army sent four boats to help with rescues."


def _article(*lines: str, **fields: str) -> Article:
    return clean(make_raw("\n".join(lines) + "\n", **fields))


def _reasons(article: Article) -> dict[str, str]:
    return {removal.text: removal.reason for removal in article.removed}


def _paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n") if article.text else []


# --- known boilerplate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "noise",
    [
        "We use cookies to give you the best experience on our site. Click accept to continue.",
        "This website uses cookies to improve your experience, but you can opt-out if you wish.",
        "By continuing to browse the Brenmoor Bugle you agree to our cookie policy.",
    ],
    ids=["we-use-cookies", "website-uses-cookies", "continuing-to-browse"],
)
def test_cookie_notice_is_removed(noise: str) -> None:
    article = _article(HEADLINE, LEAD, noise, SECOND)
    assert "cookie" not in article.text
    assert _reasons(article)[noise] == "cookie or consent notice"


def test_skip_links_line_is_removed() -> None:
    article = _article("Skip links", HEADLINE, LEAD, SECOND)
    assert "Skip links" not in article.text
    assert _reasons(article)["Skip links"] == "navigation"


def test_skip_links_line_does_not_become_the_title() -> None:
    article = _article("Skip links", HEADLINE, LEAD, SECOND)
    assert article.title == HEADLINE


def test_read_more_at_line_is_removed() -> None:
    article = _article(HEADLINE, LEAD, SECOND, "Read more at BrenmoorBugle.example")
    assert "Read more" not in article.text
    assert _reasons(article)["Read more at BrenmoorBugle.example"] == "read-more link"


def test_read_more_at_names_the_source_when_there_is_no_metadata() -> None:
    article = _article(HEADLINE, LEAD, SECOND, "Read more at BrenmoorBugle.example")
    assert article.source == "BrenmoorBugle.example"


def test_read_more_at_does_not_override_metadata_source() -> None:
    article = _article(HEADLINE, LEAD, SECOND, "Read more at BrenmoorBugle.example", source="Valley Courier")
    assert article.source == "Valley Courier"


def test_alternate_addresses_footer_names_the_source() -> None:
    footer = "Valley Radio’s website can also be accessed at the following alternate addresses:"
    article = _article(HEADLINE, LEAD, SECOND, footer, "www.valleyradio.example")
    assert article.source == "Valley Radio"
    assert "alternate" not in article.text
    assert "valleyradio" not in article.text


@pytest.mark.parametrize("widget", ["SHARE THIS ARTICLE", "Share this story", "Share on Facebook"])
def test_share_widget_is_removed(widget: str) -> None:
    article = _article(HEADLINE, LEAD, widget, SECOND)
    assert widget not in article.text
    assert _reasons(article)[widget] == "share widget"


@pytest.mark.parametrize(
    "caption",
    [
        "Rescue crews wade through a flooded street in Brenmoor on Sunday. (AP Photo/Jana Example)",
        "FILE PHOTO: A footbridge over the river Brenn is seen in Brenmoor, March 3, 2019.",
        "A rescue boat moves along Mill Street in Brenmoor, April 5, 2021. REUTERS/Tomas Example",
        "Sandbags line the doorway of a bakery in Brenmoor on Sunday. (Photo via social media)",
    ],
    ids=["ap-photo", "file-photo", "reuters-credit", "photo-via"],
)
def test_photo_caption_is_removed(caption: str) -> None:
    article = _article(HEADLINE, LEAD, caption, SECOND)
    assert caption not in article.text
    assert _reasons(article)[caption] == "photo caption or credit"


@pytest.mark.parametrize(
    "caption",
    [
        "Rescue crews wade through a flooded street in Brenmoor on Sunday. (AP Photo/Jana Example)",
        "FILE PHOTO: A footbridge over the river Brenn is seen in Brenmoor, March 3, 2019.",
        "A rescue boat moves along Mill Street in Brenmoor, April 5, 2021. REUTERS/Tomas Example",
    ],
    ids=["ap-photo", "file-photo", "reuters-credit"],
)
def test_photo_caption_removal_keeps_the_story(caption: str) -> None:
    article = _article(HEADLINE, LEAD, caption, SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]


def test_trailing_pictured_caption_is_removed() -> None:
    line = f"{SECOND} Pictured: Residents carry their belongings through the water on Sunday"
    article = _article(HEADLINE, LEAD, line)
    assert "Pictured" not in article.text
    assert _reasons(article)["Pictured: Residents carry their belongings through the water on Sunday"] == (
        "photo caption"
    )


def test_trailing_pictured_caption_keeps_the_sentence_before() -> None:
    line = f"{SECOND} Pictured: Residents carry their belongings through the water on Sunday"
    article = _article(HEADLINE, LEAD, line)
    assert _paragraphs(article) == [LEAD, SECOND]


def test_breadcrumb_line_is_removed() -> None:
    article = _article("News   /   More", HEADLINE, LEAD, SECOND)
    assert "More" not in article.text
    assert _reasons(article)["News / More"] == "navigation breadcrumbs"
    assert article.title == HEADLINE


@pytest.mark.parametrize("byline", ["By Jana Example", "By Jana Example and Tomas Example, Valley Courier"])
def test_byline_is_removed(byline: str) -> None:
    article = _article(HEADLINE, byline, LEAD, SECOND)
    assert "Example" not in article.text
    assert _reasons(article)[byline] == "byline"


def test_sentence_starting_with_by_is_kept() -> None:
    line = "By Sunday evening the water had reached the steps of the town hall, officials said."
    article = _article(HEADLINE, LEAD, line)
    assert _paragraphs(article) == [LEAD, line]


def test_subscribe_newsletter_line_is_removed() -> None:
    noise = "Sign up for our free morning newsletter and get the valley news first."
    article = _article(HEADLINE, LEAD, noise, SECOND)
    assert noise not in article.text


def test_copyright_line_is_removed() -> None:
    article = _article(HEADLINE, LEAD, SECOND, "© 2024 Brenmoor Bugle. All rights reserved.")
    assert "rights reserved" not in article.text
    assert _reasons(article)["© 2024 Brenmoor Bugle. All rights reserved."] == "copyright notice"


def test_a_one_paragraph_story_ending_in_a_notice_keeps_its_news() -> None:
    notice = "© 2016 The Brenmoor Bugle. All rights reserved. This material may not be published or broadcast."
    article = _article(HEADLINE, f"{LEAD} {SECOND} {notice}")
    assert _paragraphs(article) == [f"{LEAD} {SECOND}"]
    assert _reasons(article)["© 2016 The Brenmoor Bugle."] == "copyright notice"


def test_a_paragraph_mentioning_copyright_keeps_its_other_sentences() -> None:
    article = _article(HEADLINE, f"{LEAD} Copyright 2024 Valley Press, all rights reserved. {THIRD}")
    assert _paragraphs(article) == [f"{LEAD} {THIRD}"]


def test_a_wire_credit_at_the_end_of_a_one_paragraph_story_goes_alone() -> None:
    article = _article(HEADLINE, f"{LEAD} Anna Berg in Dunmere contributed to this story.")
    assert _paragraphs(article) == [LEAD]
    assert _reasons(article)["Anna Berg in Dunmere contributed to this story."] == "credits line"


def test_a_credits_paragraph_is_removed_whole() -> None:
    article = _article(HEADLINE, LEAD, "(Reporting by Anna Berg; Editing by Tom Hale)")
    assert _paragraphs(article) == [LEAD]


@pytest.mark.parametrize(
    ("noise", "reason"),
    [
        ("This article originally appeared on The Valley Courier.", "reprint notice"),
        ("Already a subscriber? Subscribe now to read the full story.", "subscription or paywall prompt"),
        ("Flood Watch is a daily newsletter from the Bugle that delivers the news.", "subscription or paywall prompt"),
        ("Sign up to get the best stories of the week in your inbox.", "subscription or paywall prompt"),
        ("» Click here to search for this article within the archive.", "link prompt"),
    ],
)
def test_prompt_sentences_go_and_the_news_beside_them_stays(noise: str, reason: str) -> None:
    article = _article(HEADLINE, f"{LEAD} {noise}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]
    assert reason in _reasons(article).values()


@pytest.mark.parametrize(
    ("noise", "reason"),
    [
        ("This story first appeared on The Valley Courier.", "reprint notice"),
        ("Republished with permission of the Valley Courier.", "copyright notice"),
        ("Register now to read the rest of the story.", "subscription or paywall prompt"),
        ("You have reached your limit of free stories this month.", "subscription or paywall prompt"),
        ("You might also like our guide to the valley's walks.", "link prompt"),
    ],
)
def test_a_notice_goes_when_its_paragraph_holds_no_other_notice(noise: str, reason: str) -> None:
    article = _article(HEADLINE, f"{LEAD} {noise}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]
    assert _reasons(article)[noise] == reason


@pytest.mark.parametrize(
    "banner",
    [
        "Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet.",
        "En poursuivant votre navigation, vous acceptez l'utilisation de cookies pour vous proposer des services.",
        "Nous utilisons des cookies pour améliorer votre expérience sur notre site.",
    ],
)
def test_french_and_german_cookie_banners_are_removed(banner: str) -> None:
    assert _paragraphs(_article(HEADLINE, LEAD, banner)) == [LEAD]


def test_raw_link_markup_leaves_its_words() -> None:
    article = _article(
        HEADLINE, 'The council posted maps on <a href="http://maps.example" target="_blank">its site</a> today.'
    )
    assert _paragraphs(article) == ["The council posted maps on its site today."]
    assert _reasons(article)['<a href="http://maps.example" target="_blank">'] == "HTML markup"


def test_a_live_blog_time_stamp_is_taken_off_the_sentence_it_opens() -> None:
    article = _article(HEADLINE, f"16.06 {LEAD}", f"9:45am {SECOND}", "12.50 dollars a night was the price of a room.")
    assert _paragraphs(article) == [LEAD, SECOND, "12.50 dollars a night was the price of a room."]
    assert _reasons(article)["16.06"] == "live-blog time stamp"


def test_separator_line_is_removed() -> None:
    article = _article(HEADLINE, LEAD, "* * *", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]


# --- dates and datelines -------------------------------------------------------------------------------


def test_leading_date_line_sets_published() -> None:
    article = _article("date 2020-08-18", HEADLINE, LEAD)
    assert article.published == "2020-08-18"


def test_leading_date_glued_to_the_first_sentence_sets_published() -> None:
    article = clean(make_raw(f" date 2020-08-18 {LEAD}\n\n{SECOND}\n"))
    assert article.published == "2020-08-18"
    assert _paragraphs(article) == [LEAD, SECOND]


def test_a_date_line_after_the_headline_sets_published() -> None:
    article = _article(HEADLINE, "date 2024-03-10", "", LEAD)
    assert article.published == "2024-03-10"
    assert article.title == HEADLINE
    assert _paragraphs(article) == [LEAD]


def test_leading_date_line_is_not_left_in_the_text() -> None:
    article = _article("date 2020-08-18", HEADLINE, LEAD)
    assert "2020-08-18" not in article.text
    assert "2020-08-18" not in article.title


def test_leading_date_line_removal_is_recorded() -> None:
    article = _article("date 2020-08-18", HEADLINE, LEAD)
    assert any("2020-08-18" in removal.text for removal in article.removed)


def test_metadata_published_wins_over_date_line() -> None:
    article = _article("date 2020-08-18", HEADLINE, LEAD, published="2020-08-19")
    assert article.published == "2020-08-19"


def test_date_word_in_the_middle_of_a_text_is_not_a_date_line() -> None:
    line = "The date 2020-08-18 was set for the reopening of the valley road, the council said."
    article = _article(HEADLINE, LEAD, line)
    assert article.published == ""
    assert line in article.text


def test_reuters_dateline_is_stripped() -> None:
    article = _article(HEADLINE, f"BRENMOOR (Reuters) - {LEAD}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]


def test_reuters_dateline_is_recorded() -> None:
    article = _article(HEADLINE, f"BRENMOOR (Reuters) - {LEAD}", SECOND)
    assert _reasons(article)["BRENMOOR (Reuters) -"] == "dateline"


def test_reuters_dateline_names_the_source_when_there_is_no_metadata() -> None:
    article = _article(HEADLINE, f"BRENMOOR (Reuters) - {LEAD}", SECOND)
    assert article.source == "Reuters"


def test_dateline_does_not_override_metadata_source() -> None:
    article = _article(HEADLINE, f"BRENMOOR (Reuters) - {LEAD}", SECOND, source="Valley Courier")
    assert article.source == "Valley Courier"


@pytest.mark.parametrize(
    "dateline",
    [
        "BERLIN (AP) _",
        "NASHVILLE, Tenn. (AP) —",
        "(CNN) --",
        "PITTSFIELD —",
        "KABUL, Afghanistan (AP) --",
        "MERIDA, Brenland/OSTRAVEN (Reuters) -",
    ],
)
def test_wire_datelines_and_slugs_are_stripped(dateline: str) -> None:
    article = _article(HEADLINE, f"{dateline} {LEAD}")
    assert _paragraphs(article) == [LEAD]
    assert _reasons(article)[dateline] == "dateline"


@pytest.mark.parametrize("sentence", ["Paris — The city wakes to floods.", "NATO - the alliance met on Sunday."])
def test_a_sentence_opening_with_a_name_and_a_dash_is_no_dateline(sentence: str) -> None:
    assert _paragraphs(_article(HEADLINE, sentence)) == [sentence]


def test_hard_wrapped_text_is_read_as_paragraphs() -> None:
    import textwrap

    paragraphs = [
        f"{LEAD} {SECOND}",
        f"{THIRD} {LEAD.replace('Sunday', 'Monday')}",
        f"{SECOND.replace('nine', 'ten')} {THIRD.replace('four', 'six')}",
    ]
    wrapped = "\n\n".join(textwrap.fill(paragraph, 70) for paragraph in paragraphs)
    article = clean(make_raw(f"{HEADLINE}\n\n{wrapped}\n"))
    assert _paragraphs(article) == paragraphs


def test_a_word_broken_at_its_hyphen_by_the_wrapping_is_rejoined() -> None:
    lines = [
        "The council said on Monday that the flood defences had held and the sex-",
        "discrimination case against the water board would go ahead in the",
        "spring, and that repairs to the old stone bridge at Carrow would start",
        "in the summer once the water had gone down and engineers had looked at",
        "the bearings that carry the deck across the river Dun near the mill.",
    ]
    article = clean(make_raw(HEADLINE + "\n\n" + "\n".join(lines) + "\n"))
    assert "the sex-discrimination case" in article.text
    assert "\n" not in article.text


def test_text_with_one_paragraph_a_line_is_not_rejoined() -> None:
    lines = [LEAD, SECOND, THIRD, LEAD.replace("Sunday", "Monday"), SECOND.replace("nine", "ten"), "Short end."]
    assert _paragraphs(_article(HEADLINE, *lines)) == lines[:5]


def test_ap_dateline_with_em_dash_is_stripped() -> None:
    article = _article(HEADLINE, f"NORTH BRENMOOR (AP) — {LEAD}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]


# --- repeats -------------------------------------------------------------------------------------------


def test_repeated_paragraph_is_removed() -> None:
    article = _article(HEADLINE, LEAD, SECOND, LEAD, THIRD)
    assert _paragraphs(article) == [LEAD, SECOND, THIRD]
    assert _reasons(article)[LEAD] == "repeated paragraph"


def test_repeated_paragraph_differing_in_apostrophe_and_final_period_is_removed() -> None:
    first = (
        "Officials said the river’s level would fall by Tuesday. Schools in the valley would reopen on Wednesday."
        " The ferry across the Brenn would run again by the weekend."
    )
    again = first.replace("’", "'").removesuffix(".")
    article = _article(HEADLINE, LEAD, first, SECOND, again)
    assert _paragraphs(article) == [LEAD, first, SECOND]
    assert _reasons(article)[again] == "repeated paragraph"


def test_repeated_single_sentence_without_final_period_is_removed() -> None:
    again = LEAD.replace("’", "'").removesuffix(".")
    article = _article(HEADLINE, LEAD, SECOND, again)
    assert _paragraphs(article) == [LEAD, SECOND]


def test_paragraph_rejoining_earlier_sentences_is_removed() -> None:
    article = _article(HEADLINE, LEAD, SECOND, f"{LEAD} {SECOND}", THIRD)
    assert _paragraphs(article) == [LEAD, SECOND, THIRD]


def test_footer_repeated_across_articles_is_removed() -> None:
    footer = "Brenmoor Bugle — independent news for the Brenn valley since 1921"
    raws = [
        make_raw(f"{HEADLINE}\n{LEAD}\n{footer}\n", origin="bugle-1.txt"),
        make_raw(f"Army boats join Brenmoor rescue\n{THIRD}\n{footer}\n", origin="bugle-2.txt"),
    ]
    for article in clean_all(raws):
        assert "Bugle" not in article.text
        assert _reasons(article)[footer] == "repeated across articles"


def test_shared_headline_is_still_the_title_of_each_article() -> None:
    raws = [make_raw(f"{HEADLINE}\n{LEAD}\n", origin="one.txt"), make_raw(f"{HEADLINE}\n{SECOND}\n", origin="two.txt")]
    assert [article.title for article in clean_all(raws)] == [HEADLINE, HEADLINE]


def test_wire_sentence_shared_across_articles_is_kept() -> None:
    raws = [make_raw(f"{HEADLINE}\n{LEAD}\n{SECOND}\n", origin="one.txt"), make_raw(f"Other\n{LEAD}\n{THIRD}\n")]
    assert all(LEAD in article.text for article in clean_all(raws))


def test_identical_articles_get_distinct_ids() -> None:
    raws = [make_raw(f"{HEADLINE}\n{LEAD}\n", origin="one.txt"), make_raw(f"{HEADLINE}\n{LEAD}\n", origin="two.txt")]
    ids = [article.id for article in clean_all(raws)]
    assert len(set(ids)) == 2


# --- titles and bookkeeping ----------------------------------------------------------------------------


def test_first_non_sentence_line_becomes_the_title() -> None:
    article = _article(HEADLINE, LEAD, SECOND)
    assert article.title == HEADLINE
    assert _reasons(article)[HEADLINE] == "title"
    assert _paragraphs(article) == [LEAD, SECOND]


def test_article_opening_with_a_sentence_has_no_invented_title() -> None:
    article = _article(LEAD, SECOND)
    assert article.title == ""
    assert _paragraphs(article) == [LEAD, SECOND]


def test_metadata_title_repeated_in_the_text_is_removed() -> None:
    article = _article(HEADLINE, LEAD, title=HEADLINE)
    assert article.title == HEADLINE
    assert _paragraphs(article) == [LEAD]


def test_later_heading_is_removed() -> None:
    article = _article(HEADLINE, LEAD, "What happens next", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]
    assert _reasons(article)["What happens next"] == "no sentence end (heading, caption or widget)"


def test_paragraphs_are_joined_by_blank_lines_and_spaces_normalized() -> None:
    article = clean(make_raw(f"{HEADLINE}\r\n  {LEAD}  \r\n\r\n\t{SECOND.replace(' ', '  ', 3)}\r\n"))
    assert article.text == f"{LEAD}\n\n{SECOND}"


MESSY = [
    "Skip links",
    "News / More",
    HEADLINE,
    "By Jana Example",
    "Rescue crews wade through a flooded street in Brenmoor on Sunday. (AP Photo/Jana Example)",
    f"BRENMOOR (Reuters) - {LEAD}",
    f"{SECOND} Pictured: Residents carry their belongings through the water on Sunday",
    "SHARE THIS ARTICLE",
    THIRD,
    LEAD,
    "We use cookies to give you the best experience on our site.",
    "Read more at BrenmoorBugle.example",
]


def test_every_removed_word_is_recorded() -> None:
    article = _article(*MESSY)
    raw_words = Counter(" ".join(MESSY).split())
    kept_words = Counter(article.text.split()) + Counter(w for r in article.removed for w in r.text.split())
    assert kept_words == raw_words


def test_every_removal_has_a_reason() -> None:
    article = _article(*MESSY)
    assert article.removed
    assert all(removal.reason and removal.text for removal in article.removed)


def test_messy_article_keeps_exactly_the_story() -> None:
    assert _paragraphs(_article(*MESSY)) == [LEAD, SECOND, THIRD]


def test_paragraphs_without_ascii_letters_are_not_taken_for_repeats() -> None:
    article = clean(
        make_raw(
            "Заголовок новости\n\nПервый абзац о событии в городе сегодня утром.\n\n"
            "Второй абзац рассказывает о других подробностях дела.\n\nТретий абзац завершает рассказ."
        )
    )
    assert article.text.count("\n\n") == 2


def test_news_about_a_cookie_policy_is_kept() -> None:
    text = "Google said its new cookie policy would take effect in March, angering advertisers."
    assert clean(make_raw(text)).text == text


def test_archive_notices_tweet_widgets_and_error_pages_are_removed() -> None:
    text = (
        "Firefighters put out a blaze at the harbour depot on Saturday, officials said.\n\n"
        "These crawls are part of an effort to archive pages as they are created.\n\n"
        "When you tweet with a location, Twitter stores that location.\n\n"
        "Sorry, the page you requested was not found."
    )
    article = clean(make_raw(text))
    assert article.text == "Firefighters put out a blaze at the harbour depot on Saturday, officials said."
    assert {r.reason for r in article.removed} == {"web archive notice", "embedded tweet widget", "error page"}


def test_lines_of_a_list_are_not_rejoined_as_hard_wrapped_text() -> None:
    items = [
        f"- {subject} on the island of Tarnholm: what the strike means for you"
        for subject in ("Ferries", "Schools", "Post", "Shops", "Doctors", "Fuel", "Buses", "Tourists")
    ]
    article = _article(HEADLINE, f"{LEAD} {SECOND}", "Latest on the strike:", *items)
    assert _paragraphs(article)[0] == f"{LEAD} {SECOND}"


def test_a_script_notice_is_removed() -> None:
    notice = "JavaScript is disabled on your browser. Please enable JavaScript to read the Brenmoor Bugle."
    article = _article(HEADLINE, notice, LEAD)
    assert _paragraphs(article) == [LEAD]
    assert _reasons(article)[notice] == "script notice"


def test_a_japanese_paywall_prompt_goes_and_the_news_beside_it_stays() -> None:
    news = "港のフェリーは水曜日の朝から全便が運休した。"
    article = _article("フェリー運休", f"有料会員の方のみご利用になれます。{news}", "この記事は会員限定です。")
    assert _paragraphs(article) == [news]


@pytest.mark.parametrize(
    ("furniture", "reason"),
    [
        ("Your browser does not support frames.", "page furniture"),
        ("Video: the flooded valley 01:34 Loading...", "page furniture"),
        ("Use your browser's back button to return to the page that brought you here.", "page furniture"),
        ("Share this with all of your friends by clicking the Share button below.", "page furniture"),
        ("You can follow any responses to this entry through the RSS 2.0 feed.", "page furniture"),
        ("Please share your videos, pictures and stories with the Brenmoor Bugle.", "page furniture"),
        ("These quotes are provided for information purposes only and are not advice.", "disclaimer or archive note"),
        ("Contact the Bugle's Advertising Department for more marketing options.", "disclaimer or archive note"),
    ],
)
def test_page_furniture_sentences_go_and_the_news_beside_them_stays(furniture: str, reason: str) -> None:
    article = _article(HEADLINE, f"{LEAD} {furniture}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]
    assert _reasons(article)[furniture] == reason


def test_an_embedded_frame_tag_left_as_text_goes() -> None:
    article = _article(HEADLINE, f"<iframe width='670' src='https://video.example/embed/1'>{LEAD}</iframe>")
    assert _paragraphs(article) == [LEAD]


@pytest.mark.parametrize("marker", ["- ", "• ", "* "])
def test_a_list_items_marker_goes_and_its_words_stay(marker: str) -> None:
    article = _article(HEADLINE, f"{marker}{LEAD}", SECOND)
    assert _paragraphs(article) == [LEAD, SECOND]
    assert _reasons(article)[marker.strip()] == "list marker"


def test_a_japanese_wire_dateline_goes() -> None:
    news = "港のフェリーは水曜日の朝から全便が運休した。"
    article = _article("フェリー運休", f"【3月2日 AFP】{news}")
    assert _paragraphs(article) == [news]
    assert _reasons(article)["【3月2日 AFP】"] == "dateline"


@pytest.mark.parametrize(
    "prompt",
    [
        "Click through to see the flooded streets.",
        "You might also be interested in these stories.",
        "You can watch a video of the rescue here.",
    ],
)
def test_link_prompts_go(prompt: str) -> None:
    assert _paragraphs(_article(HEADLINE, f"{LEAD} {prompt}")) == [LEAD]


def test_a_dateline_in_a_script_without_capitals_goes() -> None:
    news = "أعلنت السلطات إغلاق الميناء يوم الأربعاء بسبب الإضراب."
    article = _article("إضراب العبارات", f"دمشق، سوريا (CNN) -- {news}")
    assert _paragraphs(article) == [news]
    assert _reasons(article)["دمشق، سوريا (CNN) --"] == "dateline"


def test_a_short_paragraph_said_again_without_its_trailing_caption_is_a_repeat() -> None:
    short = "Four army boats came."
    article = _article(HEADLINE, LEAD, f"{short} Pictured: A boat on the river Brenn.", short, SECOND)
    assert _paragraphs(article) == [LEAD, short, SECOND]
    assert _reasons(article)[short] == "repeated paragraph"


def test_a_reprint_cleans_as_its_original_under_its_own_origin_and_address() -> None:
    text = "Home | News\nTELVIK (Northwire) — A road bridge collapsed on Monday.\nShare this story"
    first = make_raw(text, origin="a.txt")
    reprint = make_raw(text, origin="b.txt")
    other = make_raw("Home | News\nThe ferry service resumed on Tuesday after the storm.", origin="c.txt")
    cleaned = clean_all([first, reprint, other])
    alone = clean(reprint, shared_noise=shared_noise([first, reprint, other]))
    assert cleaned[1].origin == "b.txt"
    assert (cleaned[1].text, cleaned[1].removed, cleaned[1].source) == (alone.text, alone.removed, alone.source)
    assert cleaned[0].text == cleaned[1].text
    assert len({article.id for article in cleaned}) == 3


# A break as first written: the spaces alone, after a full stop or closing quote and before a capital.
_SPACES_AT_BREAK = re.compile(r"\s(?<=[.!?’”\"]\s)\s*(?=[A-Z‘“\"])")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='aZA .!?’”"‘“\n\t-', max_size=60))
def test_a_paragraphs_pieces_have_the_keys_of_the_pieces_cut_at_the_spaces_alone(paragraph: str) -> None:
    pieces = [cleaning._key(piece) for piece in _SPACES_AT_BREAK.split(paragraph)]
    assert [cleaning._key(piece) for piece in cleaning._CHUNK_BREAK.split(paragraph)] == pieces


_START_AS_FIRST_WRITTEN = re.compile(
    "|".join(f"(?P<rule{i}>{pattern})" for i, (pattern, _) in enumerate(cleaning._BOILERPLATE_START)), re.IGNORECASE
)
_LINE_WORDS = ["Home", "/", "World", ">", "»", "|", "skip links", "read more", "share", "Video:", "x", "a b", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINE_WORDS), max_size=6).map(" ".join))
def test_the_first_start_rule_a_line_matches_is_the_one_all_rules_together_match(line: str) -> None:
    match = _START_AS_FIRST_WRITTEN.match(line)
    assert cleaning._start_rule(line) == (match.lastgroup if match else None)


_CAPTION_AS_FIRST_WRITTEN = re.compile(cleaning._CAPTION.pattern.removeprefix("(?=[(/APRFGS])"))
_CAPTION_WORDS = ["(AP Photo/John Doe)", "Photo:", "Photograph by", "REUTERS/", "/AFP", "Getty Images", "(Reuters)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_CAPTION_WORDS, "The", "x", "(", "s", "."]), max_size=6).map(" ".join))
def test_captions_are_found_where_the_plain_caption_pattern_finds_them(line: str) -> None:
    found, plain = cleaning._CAPTION.search(line), _CAPTION_AS_FIRST_WRITTEN.search(line)
    assert (found and found.span()) == (plain and plain.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='aZ09 .!?©"“‘»—-\t(', max_size=40))
def test_notice_pieces_are_those_the_wide_stop_pattern_cuts(paragraph: str) -> None:
    assert cleaning._NOTICE_PIECES.split(paragraph) == cleaning._WIDE_NOTICE_PIECES.split(paragraph)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["The ferry sank off the coast.", "Rescuers arrived", "x", "”", "."]), max_size=5))
def test_the_pieces_of_a_paragraph_have_the_keys_of_its_sentences(parts: list[str]) -> None:
    paragraph = " ".join(parts)
    keys = [cleaning._key(piece) for piece in cleaning._CHUNK_BREAK.split(paragraph)]
    assert cleaning._chunks(paragraph, cleaning._key(paragraph)) == [k for k in keys if len(k) >= 20]
