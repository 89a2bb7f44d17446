"""Properties that hold for any cluster built from invented sentences and boilerplate lines."""

from __future__ import annotations

from helpers import make_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline.segment import split
from storyline.types import Briefing, RawArticle

PROPERTY_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Reporting about an invented storm in an invented town; sentences overlap in words on purpose, so that
# selection has redundancy to avoid and attribution has support to find.
SENTENCES = [
    "A storm tore the roofs off dozens of houses in the coastal town of Talmoor on Tuesday night.",
    "Storm winds of up to 140 kilometres an hour ripped roofs from houses across Talmoor overnight.",
    "The storm that hit Talmoor on Tuesday damaged dozens of homes and cut power to 12,000 people.",
    "Power was cut to about 12,000 homes in and around Talmoor, the grid operator said.",
    "Engineers hoped to restore electricity to most homes by Thursday, the grid operator said.",
    "Mayor Rosa Feld said nobody had been killed but that four people were treated in hospital.",
    "Four people were taken to hospital with minor injuries, Mayor Rosa Feld told reporters.",
    "Mr. Feld's deputy, Jonas Krall, said the town would open two shelters at its schools.",
    "The weather service had warned on Monday that the storm would reach the coast within a day.",
    "Fishing boats were ordered to stay in port until the wind drops below gale force.",
    "“We have never seen waves like this in the harbour,” said fisherman Olaf Brun.",
    "The coast road between Talmoor and Vessel Bay remained closed because of fallen trees.",
    "Insurers said it was too early to estimate the cost of the damage.",
    "The U.S. weather agency said the storm was the strongest to hit the region since 1998.",
    "Schools in Talmoor will stay closed on Wednesday while the roofs are inspected.",
    "Volunteers spent the morning clearing broken tiles and branches from the streets.",
    "The storm moved north on Wednesday and was expected to weaken over the mountains.",
    "Residents said the wind began to rise at about 9 p.m. and peaked around midnight.",
    "Rail services along the coast were suspended while crews checked the overhead lines.",
    "The regional government promised emergency grants for families whose homes cannot be lived in.",
    "It was the third severe storm to hit Talmoor this winter.",
    "A ferry carrying 80 passengers waited out the storm at anchor off Vessel Bay.",
    "Gen. Ida Moen said soldiers would help clear roads if the town asked for them.",
    "Several streets near the harbour were flooded when the storm surge topped the sea wall.",
]

HEADLINES = [
    "Storm rips roofs off homes in Talmoor",
    "Talmoor counts the cost of overnight storm",
    "Thousands without power after coastal storm",
]

BOILERPLATE = [
    "Skip links",
    "News / More",
    "By Jana Example",
    "SHARE THIS ARTICLE",
    "Share on Facebook",
    "Read more at TalmoorTidings.example",
    "We use cookies to give you the best experience on our site.",
    "This website uses cookies to improve your experience, but you can opt-out if you wish.",
    "Waves crash over the sea wall in Talmoor on Tuesday. (AP Photo/Jana Example)",
    "FILE PHOTO: The harbour of Talmoor is seen on a calm day, June 3, 2019.",
    "A fallen tree blocks a road in Talmoor, January 9, 2024. REUTERS/Tomas Example",
    "Advertisement",
    "© 2024 Talmoor Tidings. All rights reserved.",
    "Related: Winter storms on the coast",
    "Talmoor Tidings — news for the northern coast since 1911",
]

CAPTION_TAILS = ["", "", "", " Pictured: A roof lies in the middle of a street in Talmoor on Wednesday"]
SUMMARIZER_NAMES = sorted(storyline.SUMMARIZERS)
DATELINES = ["", "", "", "TALMOOR (Reuters) - ", "TALMOOR (AP) — "]


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """One to three vocabulary sentences, sometimes with a dateline before or a caption glued after."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    dateline = draw(st.sampled_from(DATELINES))
    tail = draw(st.sampled_from(CAPTION_TAILS))
    return f"{dateline}{' '.join(sentences)}{tail}"


@st.composite
def raw_articles(draw: st.DrawFn) -> str:
    """An article text: maybe a headline, at least one paragraph, boilerplate lines anywhere."""
    lines = draw(st.lists(st.one_of(paragraphs(), paragraphs(), st.sampled_from(BOILERPLATE)), max_size=10))
    position = draw(st.integers(min_value=0, max_value=len(lines)))
    lines.insert(position, draw(paragraphs()))
    headline = draw(st.sampled_from(["", *HEADLINES]))
    if headline:
        lines.insert(0, headline)
    return "\n\n".join(lines) + "\n"


clusters = st.lists(raw_articles(), min_size=1, max_size=5).map(
    lambda texts: [RawArticle(text=text, origin=f"article-{i}.txt") for i, text in enumerate(texts)]
)


def _sentence_texts(briefing: Briefing) -> set[str]:
    return {sentence.text for sentence in briefing.summary}


@PROPERTY_SETTINGS
@given(text=raw_articles())
def test_every_sentence_span_indexes_its_text(text: str) -> None:
    article = make_article(text)
    for sentence in split(article):
        assert article.text[sentence.span.start : sentence.span.end] == sentence.text


@PROPERTY_SETTINGS
@given(text=raw_articles())
def test_every_sentence_span_indexes_the_cleaned_text(text: str) -> None:
    [article] = storyline.brief([RawArticle(text=text, origin="a.txt")], words=400).articles
    for sentence in split(article):
        assert article.text[sentence.span.start : sentence.span.end] == sentence.text


@PROPERTY_SETTINGS
@given(raws=clusters)
def test_every_evidence_span_is_verbatim_in_the_cleaned_article(raws: list[RawArticle]) -> None:
    briefing = storyline.brief(raws)
    articles = {article.id: article for article in briefing.articles}
    for summary in briefing.summary:
        quoted = summary.evidence[0].span
        assert articles[quoted.article_id].text[quoted.start : quoted.end] == summary.text
        for evidence in summary.evidence:
            article = articles[evidence.span.article_id]
            sentence_at = {s.span: s.text for s in split(article)}
            assert article.text[evidence.span.start : evidence.span.end] == sentence_at[evidence.span]


@PROPERTY_SETTINGS
@given(raws=clusters, words=st.integers(min_value=20, max_value=400))
def test_summary_word_count_is_within_the_budget(raws: list[RawArticle], words: int) -> None:
    briefing = storyline.brief(raws, words=words)
    assert sum(len(sentence.text.split()) for sentence in briefing.summary) <= words


@PROPERTY_SETTINGS
@given(
    raws=clusters, words=st.integers(min_value=20, max_value=400), name=st.sampled_from(sorted(storyline.SUMMARIZERS))
)
def test_every_summarizer_keeps_to_the_budget(raws: list[RawArticle], words: int, name: str) -> None:
    briefing = storyline.brief(raws, words=words, summarizer=name)
    assert sum(len(sentence.text.split()) for sentence in briefing.summary) <= words


@PROPERTY_SETTINGS
@given(raws=clusters)
def test_summary_contains_no_boilerplate(raws: list[RawArticle]) -> None:
    for sentence in storyline.brief(raws, words=400).summary:
        for marker in ("cookies", "Read more", "AP Photo", "Pictured:", "SHARE THIS", "REUTERS/", "(Reuters)"):
            assert marker not in sentence.text


@PROPERTY_SETTINGS
@given(data=st.data(), raws=clusters)
def test_shuffling_the_articles_does_not_change_the_summary(data: st.DataObject, raws: list[RawArticle]) -> None:
    shuffled = data.draw(st.permutations(raws), label="shuffled")
    assert _sentence_texts(storyline.brief(shuffled)) == _sentence_texts(storyline.brief(raws))
