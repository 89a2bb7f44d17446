"""The `storyline` command: a thin shell that parses arguments, calls one library function, renders."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from . import __version__
from .briefing import DEFAULT_WORDS, brief
from .errors import StorylineError
from .evaluate import brief_clusters, score
from .ingest import read_articles, read_clusters
from .select import DEFAULT_SUMMARIZER, SUMMARIZERS


class _Group(click.Group):
    """The one error boundary: a StorylineError becomes a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as error:
            raise click.ClickException(str(error)) from None


def _write_atomically(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file, so a failure never leaves half a file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise click.ClickException(f"{path}: the directory {directory} does not exist")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, delete=False, suffix=".tmp") as handle:
        handle.write(text)
        temporary = handle.name
    os.replace(temporary, target)


words_option = click.option(
    "--words", type=click.IntRange(min=1), default=DEFAULT_WORDS, show_default=True, help="Summary length budget."
)
summarizer_option = click.option(
    "--summarizer",
    default=DEFAULT_SUMMARIZER,
    show_default=True,
    envvar="STORYLINE_SUMMARIZER",
    help=f"Sentence selection method: {', '.join(sorted(SUMMARIZERS))}.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and warnings to stderr.")
def cli(verbose: bool) -> None:
    """Turn many news reports of one event into one briefing a reader can trust."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="storyline: %(message)s")


@cli.command("brief")
@click.argument("paths", nargs=-1)
@words_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option("-o", "--output", help="Write to this file instead of stdout.")
@click.option("--show-removed", is_flag=True, help="List what cleaning removed from each article, and why.")
@summarizer_option
def brief_command(
    paths: tuple[str, ...], words: int, output_format: str, output: str | None, show_removed: bool, summarizer: str
) -> None:
    """Brief one event from PATHS: article files (.txt .md .html .jsonl), directories, or - for stdin."""
    from .render import render

    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("pass article files or directories, or pipe articles on stdin")
        paths = ("-",)
    briefing = brief(read_articles(paths), words=words, summarizer=summarizer)
    rendered = render(briefing, output_format, show_removed=show_removed)
    if output:
        _write_atomically(output, rendered if rendered.endswith("\n") else rendered + "\n")
    else:
        click.echo(rendered)


@cli.command("batch")
@click.argument("clusters")
@click.option("-o", "--output", required=True, help="JSONL file to write, one line per cluster.")
@words_option
@summarizer_option
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
def batch_command(clusters: str, output: str, words: int, summarizer: str, jobs: int | None) -> None:
    """Brief every cluster of a CLUSTERS JSONL file ({"id", "documents": [...]} per line)."""
    results = brief_clusters(read_clusters(clusters), words=words, summarizer=summarizer, jobs=jobs)
    lines = [json.dumps(result.to_line(), ensure_ascii=False) for result in results]
    _write_atomically(output, "".join(line + "\n" for line in lines))
    failed = sum(1 for line in lines if '"error":' in line)
    note = f" ({failed} failed: see their 'error' field)" if failed else ""
    click.echo(f"wrote {len(lines)} briefings to {output}{note}", err=True)


@cli.command("eval")
@click.argument("clusters")
@words_option
@summarizer_option
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--predictions", help="Also write the summaries as {id, summary} JSONL (for mds_eval.py score).")
def eval_command(clusters: str, words: int, summarizer: str, jobs: int | None, predictions: str | None) -> None:
    """Brief every cluster and score against its reference summaries: ROUGE F1 and evidence checks."""
    cluster_list = list(read_clusters(clusters))
    results = list(brief_clusters(cluster_list, words=words, summarizer=summarizer, jobs=jobs))
    scores = score(results, cluster_list, words=words)
    if predictions:
        text = "".join(json.dumps({"id": r.id, "summary": r.summary}, ensure_ascii=False) + "\n" for r in results)
        _write_atomically(predictions, text)
    click.echo(
        json.dumps(
            {
                "rouge1": scores.rouge1,
                "rouge2": scores.rouge2,
                "rougeLsum": scores.rougeL,
                "clusters": scores.clusters,
                "summary_sentences": scores.sentences,
                "evidence_verbatim_percent": scores.evidence_verbatim,
                "failed_clusters": scores.failed,
                "words": words,
                "summarizer": summarizer,
            }
        )
    )


@cli.command("summarizers")
def summarizers_command() -> None:
    """List the sentence selection methods."""
    for name in sorted(SUMMARIZERS):
        doc = (SUMMARIZERS[name].__doc__ or "").strip().splitlines()[0]
        marker = " (default)" if name == DEFAULT_SUMMARIZER else ""
        click.echo(f"{name}{marker}: {doc}")


def main() -> None:
    """Console entry point."""
    cli(prog_name="storyline")
