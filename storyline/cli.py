"""The `storyline` command: a thin shell that parses arguments, calls one library function, renders."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._version import __version__
from .briefing import DEFAULT_WORDS, brief
from .errors import InputError, StorylineError
from .eval.evaluate import brief_clusters, score
from .render import FORMATS, render
from .render.changes import CHANGE_FORMATS
from .select import DEFAULT_SUMMARIZER, SUMMARIZERS, get_summarizer
from .sources.files import read_articles, read_clusters

if TYPE_CHECKING:  # the store and stream modules load only for the commands that use them
    from .stream.ingest import IngestReport
    from .stream.store import ArticleResult
    from .stream.stories import StoryBriefing


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
db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="The store. Default: $STORYLINE_DB, else $XDG_DATA_HOME/storyline/storyline.db (~/.local/share/...).",
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
@click.option("--story", "story_id", type=int, help="Brief a stored story (ids: storyline stories) instead of PATHS.")
@click.option("--since-last", is_flag=True, help="With --story: only what is new since its last briefing.")
@db_option
def brief_command(
    paths: tuple[str, ...],
    words: int,
    output_format: str,
    output: str | None,
    show_removed: bool,
    summarizer: str,
    story_id: int | None,
    since_last: bool,
    db: str | None,
) -> None:
    """Brief one event from PATHS: article files (.txt .md .html .jsonl), directories, or - for stdin.
    Or brief a stored story with --story ID."""
    if output:
        _check_writable(output)
    if story_id is not None:
        if paths:
            raise click.UsageError("pass PATHS or --story, not both")
        if since_last and output_format not in CHANGE_FORMATS:
            raise click.UsageError(f"--since-last writes {', '.join(CHANGE_FORMATS)}, not {output_format}")
        from .stream.store import Store
        from .stream.stories import brief_story

        with Store(db, create=False) as store:
            result = brief_story(store, story_id, since_last=since_last, words=words, summarizer=summarizer)
        rendered = _render_story_briefing(result, output_format, since_last=since_last, show_removed=show_removed)
    else:
        if since_last or db:
            raise click.UsageError("--since-last and --db go with --story")
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


def _render_story_briefing(result: StoryBriefing, output_format: str, *, since_last: bool, show_removed: bool) -> str:
    """The changes when there was an earlier briefing to compare with, else the whole briefing."""
    from .render.changes import render_changes

    if result.changes is not None:
        return render_changes(result.changes, output_format)
    if since_last:
        click.echo(f"storyline: story {result.story.id} was not briefed before: showing all of it", err=True)
    return render(result.briefing, output_format, show_removed=show_removed)


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


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--full-text",
    is_flag=True,
    help="For a feed (an address or a file): fetch the page each entry links to and keep its main text, not the "
    "feed's short summary (one request a second per site; pages already stored are not fetched again).",
)
@db_option
def ingest_command(paths: tuple[str, ...], output_format: str, full_text: bool, db: str | None) -> None:
    """Add articles to the store and sort them into stories: files, directories, JSONL, RSS/Atom files, - for
    stdin, or the http(s) address of a feed or an article page (the only time storyline goes on the network).
    Ingesting an article again changes nothing; a changed article at the same URL is a revision."""
    import sqlite3

    from tqdm import tqdm

    from .stream.ingest import ingest, ingest_report_to_dict
    from .stream.store import Store

    committed = 0
    # On a terminal, a bar with the articles committed and their rate; nothing when stderr is a file or pipe.
    progress = tqdm(desc="ingest", unit=" articles", file=sys.stderr, disable=None, leave=False)

    def count(batch: Sequence[ArticleResult]) -> None:
        nonlocal committed
        committed += len(batch)
        progress.update(len(batch))

    with Store(db) as store:
        try:
            report = ingest(store, paths, on_commit=count, keep_results=output_format == "json", full_text=full_text)
        except (StorylineError, sqlite3.Error):  # a store error becomes one line when the store closes
            progress.close()
            if committed:
                click.echo(f"storyline: {_articles(committed)} ingested before this error:", err=True)
            raise
        except KeyboardInterrupt:  # the batch in flight is rolled back; the committed ones stay
            progress.close()
            click.echo(f"storyline: interrupted; {_articles(committed)} ingested", err=True)
            raise SystemExit(130) from None
        finally:
            progress.close()
    if output_format == "json":
        click.echo(json.dumps(ingest_report_to_dict(report), ensure_ascii=False))
    else:
        total = report.total
        click.echo(
            f"{total} {_plural(total, 'article')}: {report.added} added, {report.revised} revised, "
            f"{report.unchanged} unchanged, in {report.stories} {_plural(report.stories, 'story', 'stories')}"
            + (f"; {report.skipped} skipped, with no article text after cleaning" if report.skipped else "")
        )


@cli.command("stories")
@click.option("--since", help="Only stories seen since then: days (2d), weeks (1w) or a date (2026-11-20).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
def stories_command(since: str | None, output_format: str, db: str | None) -> None:
    """List the stories: id, first and last seen, article and outlet counts, title. The most recent first."""
    from .stream.store import Store
    from .stream.stories import UNKNOWN_DATE, list_stories, parse_since, stories_to_dict

    with Store(db, create=False) as store:
        stories = list_stories(store, parse_since(since) if since else None)
    if output_format == "json":
        click.echo(json.dumps(stories_to_dict(stories), ensure_ascii=False, indent=2))
        return
    for story in stories:
        articles = f"{story.article_count} {_plural(story.article_count, 'article')}"
        outlets = f"{story.outlet_count} {_plural(story.outlet_count, 'outlet')}"
        seen = f"{story.first_seen}..{story.last_seen}" if story.first_seen != UNKNOWN_DATE else "date unknown"
        seen = f"{seen:<22}"
        click.echo(f"{story.id:>7}  {seen}  {articles:>12}  {outlets:>11}  {story.title}")
    if not stories:
        click.echo("no stories" + (f" seen since {since}" if since else ""), err=True)


@cli.command("watch")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True, help="Seconds between checks."
)
@click.option(
    "--feed-interval",
    type=click.FloatRange(min=60),
    default=600.0,
    show_default=True,
    help="Seconds between two requests for a feed or page address.",
)
@click.option("--full-text", is_flag=True, help="For feeds: keep the main text of each entry's page.")
@click.option("--once", is_flag=True, help="Ingest what is there now, then exit.")
@db_option
def watch_command(
    sources: tuple[str, ...], interval: float, feed_interval: float, full_text: bool, once: bool, db: str | None
) -> None:
    """Ingest the article files in each directory of SOURCES, then each new or changed one as it appears; and
    each feed or page address of SOURCES, asked again every --feed-interval seconds. Ctrl-C stops. Write files
    under a hidden name (.name.jsonl) and rename them, so none is read half-written."""
    from .stream.store import Store
    from .stream.watch import watch

    def show(source: Path | str, report: IngestReport) -> None:
        click.echo(f"{source}: {report.added} added, {report.revised} revised, {report.unchanged} unchanged")

    with Store(db) as store:
        try:
            watch(
                store,
                sources,
                interval=interval,
                feed_interval=feed_interval,
                full_text=full_text,
                rounds=1 if once else None,
                on_ingest=show,
            )
        except KeyboardInterrupt:
            click.echo("storyline: stopped", err=True)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="STORYLINE_TOKEN",
    help="Access token the API requires (Authorization: Bearer); needed to listen beyond 127.0.0.1.",
)
@db_option
def serve_command(host: str, port: int, token: str | None, db: str | None) -> None:
    """Serve the web page and the JSON API (/openapi.json) until interrupted."""
    from .web.app import check_bind, serve

    check_bind(host, token)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"storyline: serving http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    serve(host, port, token=token, db=Path(db) if db else None)


def _plural(count: int, singular: str, plural: str = "") -> str:
    return singular if count == 1 else (plural or singular + "s")


def _articles(count: int) -> str:
    return f"{count} {_plural(count, 'article')} {'was' if count == 1 else 'were'}"


def main() -> None:
    """Console entry point."""
    cli(prog_name="storyline")
