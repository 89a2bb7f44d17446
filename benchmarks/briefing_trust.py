"""How far a reader can trust the briefings of a benchmark file: counts that agree and summaries that read.

    python benchmarks/briefing_trust.py [../shared/benchmarks/multinews-dev.jsonl] [--limit N] [--show]

Each cluster (a JSONL line with `documents`) is briefed in full and read as its JSON. Printed per 100 items:

- twice listed: statements (by text) listed more than once in one section, or in both the agreement table and
  an outlet's exclusives;
- count mismatches: statements listed in two sections (summary, agreement, exclusives, timeline) with
  different independent counts;
- weak links: evidence items of a statement (not a shared figure) whose content words barely overlap the
  statement's (IDF-weighted cosine under WEAK_LINK_COSINE), per 100 evidence links;
- unresolved openings: summary sentences that open on a reference the summary never resolves (a pronoun, "Mr
  X" or a lone surname not named before, "..., X said." with X unnamed), per 100 summary sentences;
- speakerless quotations: summary sentences that are a quotation with no one saying it, per 100.

It reads only the JSON schema, so an older checkout can be measured the same way (PYTHONPATH=that/checkout).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from storyline import brief, briefing_to_dict
from storyline.similarity import cosine, idf_vectors

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmarks" / "multinews-dev.jsonl"

# "Almost no shared content": topical neighbours that share one name score 0.1-0.2 in this measure.
WEAK_LINK_COSINE = 0.1

_PRONOUN_WORDS = "he she they it his her their its this that these those we i our him them such"
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())
# Openings that refer to nothing before them: "It was not clear who ...", "This week ...".
_NOT_REFERENCES = re.compile(
    r"^(?:It\s+(?:is|was|has been|had been|remains|seems|appears)\s+(?:not\s+)?(?:yet\s+|still\s+|also\s+)?"
    r"(?:clear|unclear|likely|unlikely|possible|impossible|expected|thought|believed|understood|known|unknown|"
    r"hoped|feared|estimated|reported|too|time|raining|snowing|important|necessary)\b|"
    r"(?:This|That)\s+(?:year|week|month|morning|afternoon|evening|night|weekend|summer|winter|spring|autumn|fall|"
    r"time)\b)"
)
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Capt|Gen|Col|Lt|Sgt|Sen|Rep|Gov|President|Judge|Prof|Rev)\.?"
_TITLED = re.compile(rf"^[\"“‘']?{_TITLES}\s+([A-Z][\w'’-]+)\s+[a-z(]")
_CREDIT = re.compile(r",[\"”’']?\s+(?:([A-Z][\w'’-]+)|(he|she|they))\s+(?:said|added|says|adds|told|wrote)\b[^,]*\.?$")
_QUOTE_OPEN = '"“‘«„`'
_SPEECH = re.compile(r"\b(?:said|says|told|added|adds|asked|wrote|according to|stated|tweeted)\b")


def unresolved(sentence: str, earlier: str) -> bool:
    """Whether `sentence` opens on (or credits) someone or something the summary before it never named."""
    opening = re.sub(r"^[\"“‘'(`]+", "", sentence)
    first = opening.split(maxsplit=1)
    if first and first[0].lower().strip(",") in _PRONOUNS and not _NOT_REFERENCES.match(opening):
        return True
    titled = _TITLED.match(sentence)
    if titled and re.sub(r"['’]s$", "", titled.group(1)) not in earlier:
        return True
    credit = _CREDIT.search(sentence)
    if credit:
        name = credit.group(1)
        if credit.group(2) or (name and name not in earlier and len(name.split()) == 1 and name not in sentence[:-40]):
            return True
    return False


def speakerless(sentence: str) -> bool:
    """A quotation with no one saying it."""
    return sentence.lstrip()[:1] in _QUOTE_OPEN and not _SPEECH.search(sentence)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def measure(data: dict[str, Any]) -> Counter[str]:
    """The counts of one briefing's JSON."""
    found: Counter[str] = Counter()
    sections: dict[str, list[tuple[str, int]]] = {"summary": [], "agreement": [], "exclusives": [], "timeline": []}
    for sentence in data["summary"]:
        sections["summary"].append((_key(sentence["text"]), sentence["reported_by"]["independent"]))
    statements = [c for c in data["claims"] if c.get("part", "statement") == "statement"]
    for claim in statements:
        sections["agreement"].append((_key(claim["text"]), claim["reported_by"]["independent"]))
    for exclusive in data["exclusives"]:
        for claim in exclusive["claims"] + exclusive.get("partly_shared", []):
            sections["exclusives"].append((_key(claim["text"]), claim["reported_by"]["independent"]))
    for event in data["timeline"]:
        sections["timeline"].append((_key(event["text"]), event["reported_by"]["independent"]))
    for name, listed in sections.items():
        counts = Counter(text for text, _ in listed)
        found["twice listed"] += sum(n - 1 for n in counts.values())
        found["statements"] += len(counts) if name != "timeline" else 0
    shared = {text for text, _ in sections["agreement"]} & {text for text, _ in sections["exclusives"]}
    found["twice listed"] += len(shared)
    per_text: dict[str, set[int]] = {}
    for listed in sections.values():
        for text, count in listed:
            per_text.setdefault(text, set()).add(count)
    found["count mismatches"] += sum(1 for counts in per_text.values() if len(counts) > 1)

    items = [*data["summary"], *statements, *data["timeline"]]
    texts = [e["text"] for item in items for e in item["evidence"]]
    vectors = dict(zip(texts, idf_vectors(texts), strict=True)) if texts else {}
    for item in items:
        first = item["evidence"][0]["text"]
        for other in item["evidence"][1:]:
            found["links"] += 1
            if cosine(vectors[first], vectors[other["text"]]) < WEAK_LINK_COSINE:
                found["weak links"] += 1
    earlier = ""
    previous: dict[str, Any] | None = None
    for sentence in data["summary"]:
        found["summary sentences"] += 1
        if not follows(sentence, previous, data):
            found["unresolved openings"] += unresolved(sentence["text"], earlier)
            found["speakerless quotations"] += speakerless(sentence["text"])
        earlier += " " + sentence["text"]
        previous = sentence
    return found


def follows(sentence: dict[str, Any], previous: dict[str, Any] | None, data: dict[str, Any]) -> bool:
    """Whether the summary sentence before `sentence` is the one before it in its article, which is what a
    reference at its opening points to."""
    if previous is None:
        return False
    here, there = sentence["evidence"][0], previous["evidence"][0]
    if here["article"] != there["article"] or there["end"] > here["start"]:
        return False
    return not data["articles"][here["article"]]["text"][there["end"] : here["start"]].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N clusters")
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--show", action="store_true", help="print each unresolved opening")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"{args.path} not found: pass a benchmark JSONL file")
    lines = args.path.read_text(encoding="utf-8").splitlines()
    if args.limit:
        lines = lines[: args.limit]
    total: Counter[str] = Counter()
    for line in lines:
        cluster = json.loads(line)
        data = briefing_to_dict(brief(cluster["documents"], words=args.words))
        total += measure(data)
        if args.show:
            earlier, previous = "", None
            for sentence in data["summary"]:
                if not follows(sentence, previous, data) and unresolved(sentence["text"], earlier):
                    print("unresolved:", sentence["text"][:140])
                earlier += " " + sentence["text"]
                previous = sentence

    def per_100(name: str, base: str) -> str:
        return f"{100 * total[name] / max(1, total[base]):.1f}"

    print(f"clusters: {len(lines)}")
    print(f"twice listed: {total['twice listed']} (of {total['statements']} listed statements)")
    print(f"count mismatches: {total['count mismatches']}")
    print(f"weak links: {total['weak links']} of {total['links']} ({per_100('weak links', 'links')} per 100)")
    for name in ("unresolved openings", "speakerless quotations"):
        print(f"{name}: {total[name]} of {total['summary sentences']} ({per_100(name, 'summary sentences')} per 100)")


if __name__ == "__main__":
    main()
