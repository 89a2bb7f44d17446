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
from .errors import InputError, StorylineError
from .evaluate import brief_clusters, score
from .ingest import read_articles, read_clusters
from .render import FORMATS, render
from .select import DEFAULT_SUMMARIZER, SUMMARIZERS, get_summarizer


class _Group(click.Group):
    """The one error boundary: a StorylineError becomes one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as error:
            click.echo(f"storyline: {error}", err=True)
            ctx.exit(1)


def _check_writable(path: str) -> Path:
    """Fail before any work when `path` cannot be written: a directory, or in a missing directory."""
    target = Path(path)
    if target.is_dir():
        raise InputError(path, "is a directory", "name a file to write")
    if not target.parent.is_dir():
        raise InputError(path, f"the directory {target.parent} does not exist")
    return target


def _write_atomically(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file, so a failure never leaves half a file."""
    target = _check_writable(path)
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, delete=False, prefix=f".{target.name}.", suffix=".tmp"
        ) as handle:
            temporary = Path(handle.name)
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)  # NamedTemporaryFile makes 0600; a normal file respects the umask
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise InputError(path, f"cannot write: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


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
    # Only storyline's own messages reach the user; libraries (trafilatura) keep their debugging to themselves.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("storyline: %(message)s"))
    logger = logging.getLogger("storyline")
    logger.handlers = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


@cli.command("brief")
@click.argument("paths", nargs=-1)
@words_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
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
    if output:
        _check_writable(output)
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
    _check_writable(output)
    get_summarizer(summarizer)
    results = list(brief_clusters(read_clusters(clusters), words=words, summarizer=summarizer, jobs=jobs))
    _write_atomically(output, "".join(json.dumps(r.to_line(), ensure_ascii=False) + "\n" for r in results))
    failed = sum(1 for result in results if result.error)
    note = f" ({failed} failed: see their 'error' field)" if failed else ""
    noun = "briefing" if len(results) == 1 else "briefings"
    click.echo(f"wrote {len(results)} {noun} to {output}{note}", err=True)


@cli.command("eval")
@click.argument("clusters")
@words_option
@summarizer_option
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--predictions", help="Also write the summaries as {id, summary} JSONL (for mds_eval.py score).")
def eval_command(clusters: str, words: int, summarizer: str, jobs: int | None, predictions: str | None) -> None:
    """Brief every cluster and score against its reference summaries: ROUGE F1 and evidence checks."""
    if predictions:
        _check_writable(predictions)
    get_summarizer(summarizer)
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
