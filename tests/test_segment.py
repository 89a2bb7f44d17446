"""Segmentation: sentences with spans that index into the cleaned text exactly."""

from __future__ import annotations

import re

import pytest
from helpers import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import segment
from storyline.segment import split, statements
from storyline.types import Article, Sentence, Span

TEXT = (
    "Mr. Halvorsen reached the harbour of Port Ellery at dawn on Monday. He met the mayor at noon.\n\n"
    "“We will rebuild the pier,” the mayor said. Work starts in May!\n\n"
    "Nobody knows what it will cost? The council meets again on Friday."
)


def test_sentence_spans_index_into_the_article_text() -> None:
    article = make_article(TEXT)
    sentences = split(article)
    assert sentences
    for sentence in sentences:
        assert article.text[sentence.span.start : sentence.span.end] == sentence.text


def test_sentence_spans_name_the_article() -> None:
    assert {s.span.article_id for s in split(make_article(TEXT, article_id="a42"))} == {"a42"}


def test_sentences_have_no_surrounding_whitespace() -> None:
    for sentence in split(make_article("  Padded line here.   Another one follows.  \n\n   Third one.  ")):
        assert sentence.text == sentence.text.strip()
        assert sentence.text


def test_sentences_cover_every_word_of_the_text() -> None:
    article = make_article(TEXT)
    assert " ".join(s.text for s in split(article)).split() == article.text.split()


def test_sentences_are_numbered_in_order_with_their_paragraphs() -> None:
    sentences = split(make_article(TEXT))
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2, 2]


def test_sentences_end_at_sentence_marks() -> None:
    texts = [s.text for s in split(make_article(TEXT))]
    assert texts == [
        "Mr. Halvorsen reached the harbour of Port Ellery at dawn on Monday.",
        "He met the mayor at noon.",
        "“We will rebuild the pier,” the mayor said.",
        "Work starts in May!",
        "Nobody knows what it will cost?",
        "The council meets again on Friday.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Halvorsen arrived at the port on Monday.",
        "Gen. Ottoline Marsh told reporters the convoy would move at dawn.",
        "The U.S. embassy in Kerrow said it was monitoring the situation closely.",
        "The meeting began at 3 p.m. on Friday and lasted two hours.",
        "Dr. Ama Quist and Mrs. Ruth Vale of the St. Brigid clinic treated the injured.",
    ],
    ids=["Mr.", "Gen.", "U.S.", "p.m.", "Dr.-Mrs.-St."],
)
def test_abbreviation_does_not_split_a_sentence(sentence: str) -> None:
    article = make_article(f"{sentence} Nobody else was hurt.")
    assert [s.text for s in split(article)] == [sentence, "Nobody else was hurt."]


@pytest.mark.parametrize(
    "text",
    [
        "First line without a period\nSecond line also without one",
        "A sentence that does not end here and\ncontinues on the next line.",
        "Mr.\nHalvorsen arrived.",
    ],
    ids=["no-periods", "mid-sentence", "after-abbreviation"],
)
def test_newline_always_splits(text: str) -> None:
    sentences = split(make_article(text))
    assert [s.text for s in sentences] == text.split("\n")
    assert [s.paragraph for s in sentences] == [0, 1]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "“The fire is under control.” Crews stayed on site overnight."
    assert [s.text for s in split(make_article(text))] == [
        "“The fire is under control.”",
        "Crews stayed on site overnight.",
    ]


def test_empty_article_has_no_sentences() -> None:
    assert split(make_article("")) == ()


def test_blank_lines_give_no_sentences() -> None:
    assert [s.text for s in split(make_article("One line.\n\n   \n\nTwo lines."))] == ["One line.", "Two lines."]


@pytest.mark.parametrize(
    "text",
    [
        "The war crimes tribunal cleared Cmndr. Naser Oric of all charges on Friday.",
        "The case of United States vs. Halloran was cited by the judges.",
        '"We are ready," LAPD Cmdr. Andrew Smith told reporters on Monday.',
    ],
)
def test_a_sentence_is_not_cut_after_an_abbreviation(text: str) -> None:
    assert [s.text for s in split(make_article(text + " The hearing ended."))] == [text, "The hearing ended."]


@pytest.mark.parametrize(
    "quotation",
    [
        "“Allow us to vote. We will win.”",
        "``Allow us to vote. We will win.''",
        "« Allow us to vote. We will win. »",
        "„Allow us to vote. We will win.“",
        '"Allow us to vote. We will win."',
        "‘Allow us to vote. We will win.’",
    ],
)
def test_a_quotation_in_any_style_is_not_cut_inside(quotation: str) -> None:
    text = f"The senator said {quotation} The vote came later."
    sentences = [s.text for s in split(make_article(text))]
    assert sentences[0] == f"The senator said {quotation}"


def test_claims_compare_the_sentences_of_a_quotation_one_by_one() -> None:
    article = make_article("She said “Allow us to vote. We will win.” The vote came later.")
    assert [s.text for s in statements(article)] == [
        "She said “Allow us to vote.",
        "We will win.”",
        "The vote came later.",
    ]


# Paragraphs of words and marks (full stops, question and exclamation marks, an ellipsis, quotes and brackets),
# as cleaning leaves them or with spaces around.
_PARAGRAPHS = st.lists(
    st.sampled_from(["The", "ferry", "sank", "U.S.", "Dr.", "3.5", "it.", "now!", "why?", "so…", '"', "”", ")", "A"]),
    max_size=8,
).map(" ".join) | st.text(alphabet='aZ .?!…"”)\t', max_size=20)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS)
def test_a_paragraph_is_cut_where_the_splitter_cuts_it(paragraph: str) -> None:
    assert segment._splitter_spans.__wrapped__(paragraph) == tuple(segment._tokenizer().span_tokenize(paragraph))


def _plain_statements(article: Article) -> tuple[Sentence, ...]:
    """Statements as read without `split`'s answer: every paragraph split again, no quotation joined."""
    found: list[Sentence] = []
    for paragraph_index, match in enumerate(re.finditer(r"[^\n]+", article.text)):
        paragraph = match.group()
        script = not paragraph.isascii() and segment._OTHER_STOPS.search(paragraph)
        for start, end in segment._script_spans(paragraph) if script else segment._spans(paragraph, []):
            span = Span(article.id, match.start() + start, match.start() + end)
            found.append(Sentence(span, paragraph[start:end], len(found), paragraph_index))
    return tuple(found)


_QUOTED_PARAGRAPHS = st.lists(
    st.sampled_from(["She", "said", "“Go.", "We", "win.”", '"Stay.', 'Now."', "It", "fell.", "Dr.", "«Non.", "Oui.»"]),
    max_size=10,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        _QUOTED_PARAGRAPHS | st.sampled_from(["", "他说。我们走。", "他说“走。” 我们走。"]), min_size=1, max_size=5
    )
)
def test_statements_read_with_the_sentences_match_statements_read_alone(paragraphs: list[str]) -> None:
    article = make_article("\n".join(paragraphs))
    sentences = split(article)
    units = statements(article, sentences)
    assert units == statements(article) == _plain_statements(article)
    if units == sentences:
        assert units is sentences  # one reading, so comparing the two costs nothing


def test_every_opening_quotation_mark_is_a_quote_mark() -> None:
    assert all(segment._holds_quote_mark(f"said {opening}") for opening, _ in segment._QUOTE_PAIRS)
    assert not segment._holds_quote_mark("She said it’s over.")
