"""One self-contained HTML page: the summary, agreement and conflict, what each outlet alone reports, timeline,
actors, quotes, and the articles side by side with every evidence span marked.

Pointing at (or clicking) a summary sentence or any other item highlights its evidence in each article. Marks
carry `data-sentences="1 4 c2"`: the keys of the items they support (summary sentences by number, from 1; the
other items as html_sections.py describes). Summary sentences carry `data-sentence`, other items `data-item`.

Article text is data, never markup: every string taken from the input goes through html.escape. As a
second line of defence, a Content-Security-Policy lets only the page's own script run and nothing load.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Iterable

from ..types import Article, Briefing, SummarySentence
from .common import (
    PARTIAL_PREFIX,
    SAFE_URL,
    article_labels,
    briefing_counts,
    duplicate_phrase,
    empty_summary_phrase,
    one_line,
    partial_outlets,
    reporting_article_ids,
    sentence_case,
)
from .html_sections import escape, mark_title, outlet_links, reported, section_blocks, section_spans

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #fbfbfa;
       max-width: 110rem; margin: 0 auto; padding: 1rem 2rem 3rem; }
h1 { margin-bottom: 0; }
.counts, .outlets, .meta, .copies { color: #5b5b5f; }
ol.summary, ul.items, ol.items { padding-left: 2rem; }
.pointer { cursor: pointer; padding: .35rem .6rem; margin: .2rem 0; border-radius: .4rem; }
.pointer:hover, .pointer:focus, .pointer.active { background: #fff4c2; outline: none; }
.pointer.pinned { box-shadow: inset 3px 0 #d4a600; }
ol.items { list-style: none; }
.explanation, .disputed, .aliases { margin: .2rem 0; font-size: .9em; }
.disputed { color: #6b2a12; }
ul.values { margin: .2rem 0; font-size: .9em; }
p.outlets { margin: .2rem 0; }
li time { font-weight: 600; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; white-space: nowrap; font-size: .8em; padding: 0 .55em; border-radius: 1em;
         background: #dbe7f5; color: #16365c; }
.badge.single { background: #f6e0d8; color: #6b2a12; }
.outlets { font-size: .85em; }
.articles { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; align-items: start; }
article.source { background: #fff; border: 1px solid #d9d9de; border-radius: .5rem; padding: .4rem .9rem .8rem; }
article.source h3 { margin: .4rem 0 0; font-size: 1.05em; }
.meta { font-size: .85em; margin: .2rem 0 .5rem; }
.article-text { position: relative; white-space: pre-wrap; max-height: 65vh; overflow-y: auto; font-size: .92em; }
mark { background: transparent; color: inherit; border-bottom: 2px solid #e3c54a; }
mark.active { background: #ffd84d; }
details { margin-top: .6rem; font-size: .85em; }
details li { margin: .2rem 0; white-space: pre-wrap; }
.reason { font-style: italic; color: #5b5b5f; }
"""

SCRIPT = """
(function () {
  "use strict";
  var pinned = null;
  function keyOf(element) { return element.dataset.sentence || element.dataset.item; }
  function show(key) {
    document.querySelectorAll(".active").forEach(function (element) { element.classList.remove("active"); });
    if (key === null) { return; }
    var selector = 'mark[data-sentences~="' + key + '"], [data-sentence="' + key + '"], [data-item="' + key + '"]';
    document.querySelectorAll(selector).forEach(function (element) { element.classList.add("active"); });
  }
  // Scroll each article's own box to its first mark for the item; the page itself stays put.
  function reveal(key) {
    document.querySelectorAll(".article-text").forEach(function (box) {
      var mark = box.querySelector('mark[data-sentences~="' + key + '"]');
      if (mark) { box.scrollTop = mark.offsetTop - box.clientHeight / 3; }
    });
  }
  function pin(key) {
    pinned = pinned === key ? null : key;
    document.querySelectorAll(".pointer").forEach(function (item) {
      item.classList.toggle("pinned", keyOf(item) === pinned);
    });
    show(pinned);
    if (pinned !== null) { reveal(pinned); }
  }
  document.querySelectorAll(".pointer").forEach(function (item) {
    var key = keyOf(item);
    item.addEventListener("mouseenter", function () { show(key); reveal(key); });
    item.addEventListener("mouseleave", function () { show(pinned); });
    item.addEventListener("focus", function () { show(key); reveal(key); });
    item.addEventListener("blur", function () { show(pinned); });
    item.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      pin(key);
    });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pin(key); }
    });
  });
  document.querySelectorAll("mark").forEach(function (mark) {
    mark.addEventListener("click", function () { pin(mark.dataset.sentences.split(" ")[0]); });
  });
})();
"""


def render_html(briefing: Briefing, *, show_removed: bool = False) -> str:
    """The briefing as one HTML5 document with inline style and script."""
    counts = briefing_counts(briefing)
    body = [
        "<header>",
        "<h1>Briefing</h1>",
        f'<p class="counts">From {escape(counts)}, summarized by {escape(briefing.method)}. '
        "Point at or click a sentence or any item to highlight its evidence in the articles below.</p>",
        *(f'<p class="note">{escape(note)}</p>' for note in briefing.notes),
        "</header>",
        "<main>",
        '<section aria-labelledby="summary-heading">',
        '<h2 id="summary-heading">Summary</h2>',
        '<ol class="summary">',
        *summary_items(briefing),
        "</ol>",
        "</section>",
        *section_blocks(briefing),
        '<section aria-labelledby="sources-heading">',
        '<h2 id="sources-heading">Sources</h2>',
        *(
            f'<p class="copies">{escape(sentence_case(duplicate_phrase(briefing, g)))}.</p>'
            for g in briefing.duplicates
        ),
        '<div class="articles">',
        *article_blocks(briefing, show_removed=show_removed),
        "</div>",
        "</section>",
        "</main>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Briefing from {escape(counts)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
    )


def content_security_policy() -> str:
    """Nothing may load, and only SCRIPT (by its hash) may run: injected script or handlers would not."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
        "base-uri 'none'; form-action 'none'"
    )


def summary_items(briefing: Briefing) -> list[str]:
    """An <li> per summary sentence: its text, a badge counting outlets, and links to the reporting articles."""
    items = [
        f'<li class="sentence pointer" data-sentence="{number}" tabindex="0">'
        f"{escape(sentence.text)} {reported(briefing, reporting_article_ids(sentence))}"
        f"{partial_note(briefing, sentence)}</li>"
        for number, sentence in enumerate(briefing.summary, start=1)
    ]
    if not items:
        items.append(f"<li>{escape(empty_summary_phrase(briefing))}</li>")
    return items


def partial_note(briefing: Briefing, sentence: SummarySentence) -> str:
    """Who shares a figure of the sentence without making the whole statement, or "" when nobody does."""
    if not sentence.partial:
        return ""
    return (
        f' <span class="partial">{escape(PARTIAL_PREFIX)}: {outlet_links(partial_outlets(briefing, sentence))}</span>'
    )


def article_blocks(briefing: Briefing, *, show_removed: bool) -> list[str]:
    """An <article> per source: heading, metadata, the cleaned text with marks, and optionally the removals."""
    labels = article_labels(briefing)
    spans = evidence_by_article(briefing)
    blocks = []
    for number, article in enumerate(briefing.articles, start=1):
        blocks += [
            f'<article class="source" id="article-{number}">',
            f"<h3>[{number}] {escape(one_line(labels[article.id]))}</h3>",
            f'<p class="meta">{article_metadata(article)}</p>',
            f'<div class="article-text">{marked_text(article.text, spans.get(article.id, []))}</div>',
        ]
        if show_removed:
            blocks.append(removal_details(article))
        blocks.append("</article>")
    return blocks


def article_metadata(article: Article) -> str:
    """Title, date and a link to the original, as far as they are known."""
    parts = []
    if article.title:
        parts.append(escape(one_line(article.title)))
    if article.published:
        parts.append(f"<time>{escape(article.published)}</time>")
    if SAFE_URL.fullmatch(article.url):
        parts.append(f'<a href="{escape(article.url)}" rel="noreferrer">original</a>')
    return " · ".join(parts) or escape(article.origin)


def evidence_by_article(briefing: Briefing) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, item key) of every evidence span in it: summary sentences' and other items'."""
    spans = section_spans(briefing)
    for number, sentence in enumerate(briefing.summary, start=1):
        for item in sentence.evidence:
            spans.setdefault(item.span.article_id, []).append((item.span.start, item.span.end, str(number)))
    return spans


def marked_text(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` escaped, with <mark> around evidence; where spans overlap, a mark lists every item's key."""
    spans = list(spans)
    # Cutting the text at every span edge gives pieces that are each inside a fixed set of spans; neighbouring
    # pieces inside the same set are one mark (a date inside its event's sentence adds no edge to the page).
    cuts = sorted({0, len(text)} | {edge for start, end, _ in spans for edge in (start, end)})
    runs: list[tuple[list[str], str]] = []
    for start, end in itertools.pairwise(cuts):
        keys = sorted({key for first, last, key in spans if first <= start and end <= last}, key=key_order)
        if runs and runs[-1][0] == keys:
            runs[-1] = (keys, runs[-1][1] + text[start:end])
        else:
            runs.append((keys, text[start:end]))
    pieces = []
    for keys, piece in runs:
        if keys:
            title = escape(mark_title(keys))
            pieces.append(f'<mark data-sentences="{" ".join(keys)}" title="{title}">{escape(piece)}</mark>')
        else:
            pieces.append(escape(piece))
    return "".join(pieces)


def key_order(key: str) -> tuple[bool, int, str]:
    """Summary sentences first, by number; then the other items' keys."""
    return (not key.isdigit(), int(key) if key.isdigit() else 0, key)


def removal_details(article: Article) -> str:
    """A collapsed list of what cleaning removed from `article`, and why."""
    if not article.removed:
        return "<details><summary>Nothing removed while cleaning</summary></details>"
    items = "".join(
        f'<li><span class="reason">{escape(removal.reason)}:</span> {escape(removal.text)}</li>'
        for removal in article.removed
    )
    return f"<details><summary>Removed while cleaning ({len(article.removed)})</summary><ul>{items}</ul></details>"
