"""The `storyline` command: a thin shell that parses arguments, calls one library function, renders."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._version import __version__
from .briefing import DEFAULT_WORDS, brief
from .errors import InputError, StorylineError
from .eval import ENGINES
from .render import FORMATS, render
from .select import DEFAULT_SUMMARIZER, SUMMARIZERS, get_summarizer
from .sources.files import read_articles
from .validate import MAX_BRIEF_ARTICLES, MAX_ID, printable

if TYPE_CHECKING:  # the store, stream and batch modules load only for the commands that use them
    from .eval.batch import Engine, LineResult, Output
    from .stream.ingest import IngestReport
    from .stream.store import ArticleResult
    from .stream.stories import StoryBriefing
    from .types import Briefing


class _Group(click.Group):
    """The one error boundary: a StorylineError becomes one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as error:
            click.echo(printable(f"storyline: {error}"), err=True)
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
    """Write `text` to `path` through a temporary file renamed over it, so a failure never leaves half a file.
    A symbolic link is followed (the link stays); a device or a pipe (/dev/null, a FIFO) is written in place,
    as a shell's redirection would, since renaming over it would replace it with a regular file."""
    target = _check_writable(path)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_file():
        try:
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise InputError(path, f"cannot write: {error.strerror or error}") from None
        return
    import tempfile  # only this command's output needs it (with shutil, random, bz2 and lzma)

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
strict_option = click.option(
    "--strict", is_flag=True, help="Stop at the first unusable input (exit 1) instead of skipping it."
)


class _Skips:
    """Unusable inputs, each reported on one line of stderr as it is skipped (none collected with --strict)."""

    def __init__(self, strict: bool) -> None:
        self.count = 0
        self.on_error = None if strict else self._skip

    def _skip(self, error: InputError) -> None:
        self.count += 1
        click.echo(f"storyline: skipped {error}", err=True)

    def check_any(self, used: int) -> None:
        """Exit 1 when inputs were skipped and none was usable."""
        if self.count and not used:
            raise InputError("", f"none of the inputs was usable ({self.count} skipped)", "see the lines above")


db_option = click.option(
    "--db",
    help="The store: an SQLite file, or a postgresql:// URL (pip install 'storyline[postgres]'). Default: "
    "$STORYLINE_DB, else $XDG_DATA_HOME/storyline/storyline.db (~/.local/share/...).",
)
allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch from loopback and private network addresses (an intranet feed); refused by default, so a "
    "feed's links cannot reach services inside your network.",
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
@click.option(
    "--story",
    "story_id",
    type=click.IntRange(1, MAX_ID),
    help="Brief a stored story (ids: storyline stories) instead of PATHS.",
)
@click.option("--since-last", is_flag=True, help="With --story: only what is new since its last briefing.")
@strict_option
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
    strict: bool,
    db: str | None,
) -> None:
    """Brief one event from PATHS: article files (.txt .md .html .jsonl), directories, or - for stdin.
    Or brief a stored story with --story ID."""
    if output:
        _check_writable(output)
    if story_id is not None:
        if paths:
            raise click.UsageError("pass PATHS or --story, not both")
        from .render.changes import CHANGE_FORMATS

        if since_last and output_format not in CHANGE_FORMATS:
            raise click.UsageError(f"--since-last writes {', '.join(CHANGE_FORMATS)}, not {output_format}")
        from .stream.backends import open_store
        from .stream.stories import brief_story

        with open_store(db, create=False) as store:
            result = brief_story(store, story_id, since_last=since_last, words=words, summarizer=summarizer)
        rendered = _render_story_briefing(result, output_format, since_last=since_last, show_removed=show_removed)
    else:
        if since_last or db:
            raise click.UsageError("--since-last and --db go with --story")
        if not paths:
            if sys.stdin.isatty():
                raise click.UsageError("pass article files or directories, or pipe articles on stdin")
            paths = ("-",)
        skips = _Skips(strict)
        articles = read_articles(paths, on_error=skips.on_error, limit=MAX_BRIEF_ARTICLES)
        skips.check_any(len(articles))
        briefing = brief(articles, words=words, summarizer=summarizer)
        _warn_if_not_one_story(briefing)
        rendered = render(briefing, output_format, show_removed=show_removed)
    if output:
        _write_atomically(output, rendered if rendered.endswith("\n") else rendered + "\n")
    else:
        click.echo(rendered)


def _warn_if_not_one_story(briefing: Briefing) -> None:
    """Name the groups when the articles report several stories: a briefing mixes them."""
    from .stream.groups import briefing_story_groups

    groups = briefing_story_groups(briefing)
    if not groups:
        return
    shown = "; ".join(
        f"[{', '.join(str(p + 1) for p in group)}] {briefing.articles[group[0]].title or 'untitled'}"
        for group in groups[:_GROUPS_SHOWN]
    )
    more = f"; and {len(groups) - _GROUPS_SHOWN} more" if len(groups) > _GROUPS_SHOWN else ""
    click.echo(
        f"storyline: warning: these articles report {len(groups)} different stories, not one: {shown}{more}",
        err=True,
    )


_GROUPS_SHOWN = 5


def _render_story_briefing(result: StoryBriefing, output_format: str, *, since_last: bool, show_removed: bool) -> str:
    """The changes when there was an earlier briefing to compare with, else the whole briefing."""
    from .render.changes import render_changes

    if result.changes is not None:
        return render_changes(result.changes, output_format)
    if since_last:
        click.echo(f"storyline: story {result.story.id} was not briefed before: showing all of it", err=True)
    return render(result.briefing, output_format, show_removed=show_removed)


jobs_option = click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="process",
    show_default=True,
    help="Where clusters are briefed: worker processes on this machine, or Ray (pip install 'storyline[ray]').",
)
address_option = click.option(
    "--address", help="With --engine ray: the Ray cluster to join ('auto': the one started here). Default: a new one."
)


@cli.command("batch")
@click.argument("clusters")
@click.option(
    "-o",
    "--output",
    required=True,
    help="JSONL file to write, one line per cluster; or a directory (a name ending in /) of part-NNNNN.jsonl shards.",
)
@words_option
@summarizer_option
@jobs_option
@engine_option
@address_option
@click.option("--shard-size", type=click.IntRange(min=1), help="Clusters per shard (default 1000); writes shards.")
@click.option("--resume", is_flag=True, help="Carry on after the lines or shards an interrupted run wrote.")
def batch_command(
    clusters: str,
    output: str,
    words: int,
    summarizer: str,
    jobs: int | None,
    engine: str,
    address: str | None,
    shard_size: int | None,
    resume: bool,
) -> None:
    """Brief every cluster of a CLUSTERS JSONL file ({"id", "documents": [...]} per line), writing each line as
    soon as the ones before it are written. A cluster that cannot be briefed gets an "error" field in its line."""
    from .eval.batch import BatchSettings, check_readable, open_output, run_batch

    get_summarizer(summarizer)
    check_readable(clusters)
    target = open_output(output, shard_size=shard_size, resume=resume)
    settings = BatchSettings(words, summarizer)
    with _progress(clusters, skip=target.done) as show:
        report = run_batch(clusters, target, settings, _engine(engine, jobs, address, target), on_result=show)
    note = f" ({report.failed} failed: see their 'error' field)" if report.failed else ""
    resumed = f", after {report.resumed} from an earlier run" if report.resumed else ""
    noun = "briefing" if report.written == 1 else "briefings"
    click.echo(f"wrote {report.written} {noun} to {output}{resumed}{note}", err=True)


@cli.command("eval")
@click.argument("clusters")
@words_option
@summarizer_option
@jobs_option
@engine_option
@address_option
@click.option("--predictions", help="Also write the summaries as {id, summary} JSONL (for mds_eval.py score).")
def eval_command(
    clusters: str,
    words: int,
    summarizer: str,
    jobs: int | None,
    engine: str,
    address: str | None,
    predictions: str | None,
) -> None:
    """Brief every cluster and score against its reference summaries: ROUGE F1 and evidence checks."""
    from .eval.batch import evaluate

    get_summarizer(summarizer)
    with _progress(clusters) as show:
        scores = evaluate(
            clusters,
            words=words,
            summarizer=summarizer,
            predictions=predictions,
            jobs=jobs,
            engine=engine,
            address=address,
            on_result=show,
        )
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


def _engine(engine: str, jobs: int | None, address: str | None, target: Output) -> Engine:
    from .eval.batch import make_engine

    try:
        return make_engine(engine, jobs=jobs, address=address)
    except BaseException:
        target.abandon()
        raise


@contextlib.contextmanager
def _progress(clusters: str, *, skip: int = 0) -> Iterator[Callable[[LineResult], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs and pipes stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    from .eval.batch import count_clusters

    total = max(count_clusters(clusters) - skip, 0)
    with click.progressbar(length=total, label="briefing", file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield lambda _result: bar.update(1)


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
@click.option(
    "--queue",
    is_flag=True,
    help="With a postgresql:// store: only queue the articles, for `storyline work` processes to ingest.",
)
@allow_private_option
@strict_option
@db_option
def ingest_command(
    paths: tuple[str, ...],
    output_format: str,
    full_text: bool,
    queue: bool,
    allow_private: bool,
    strict: bool,
    db: str | None,
) -> None:
    """Add articles to the store and sort them into stories: files, directories, JSONL, RSS/Atom files, - for
    stdin, or the http(s) address of a feed or an article page (the only time storyline goes on the network).
    Ingesting an article again changes nothing; a changed article at the same URL is a revision."""
    from tqdm import tqdm

    from .sources.fetch import Fetcher
    from .stream.backends import open_store
    from .stream.ingest import ingest

    committed = 0
    skips = _Skips(strict)
    # On a terminal, a bar with the articles committed and their rate; nothing when stderr is a file or pipe.
    progress = tqdm(desc="ingest", unit=" articles", file=sys.stderr, disable=None, leave=False)

    def count(batch: Sequence[ArticleResult]) -> None:
        nonlocal committed
        committed += len(batch)
        progress.update(len(batch))

    with open_store(db) as store:
        if queue:
            from .stream.postgres import enqueue_paths

            queued = enqueue_paths(store, paths, full_text=full_text)
            click.echo(f"{queued} {_plural(queued, 'article')} queued")
            return
        try:
            report = ingest(
                store,
                paths,
                on_commit=count,
                keep_results=output_format == "json",
                full_text=full_text,
                fetcher=Fetcher(allow_private=allow_private),
                on_error=skips.on_error,
            )
        except Exception:  # a store error becomes one line when the store closes
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
    skips.check_any(report.total)
    _show_ingest_report(report, output_format)


def _show_ingest_report(report: IngestReport, output_format: str) -> None:
    if output_format == "json":
        from .stream.ingest import ingest_report_to_dict

        click.echo(json.dumps(ingest_report_to_dict(report), ensure_ascii=False))
        return
    total = report.total
    click.echo(
        f"{total} {_plural(total, 'article')}: {report.added} added, {report.revised} revised, "
        f"{report.unchanged} unchanged, in {report.stories} {_plural(report.stories, 'story', 'stories')}"
        + (f"; {report.skipped} skipped, with no article text after cleaning" if report.skipped else "")
    )


@cli.command("work")
@click.option("--batch", "batch_size", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--follow", is_flag=True, help="Wait for more articles when the queue is empty, until interrupted.")
@db_option
def work_command(batch_size: int, follow: bool, db: str | None) -> None:
    """Ingest the articles queued in a postgresql:// store (storyline ingest --queue), beside any number of
    other workers; stories are assigned in queue order."""
    from .stream.backends import open_store
    from .stream.postgres import work

    with open_store(db) as store:
        try:
            report = work(store, batch_size=batch_size, follow=follow)
        except KeyboardInterrupt:  # the batch in flight goes back to the queue
            click.echo("storyline: stopped", err=True)
            raise SystemExit(130) from None
    _show_ingest_report(report, "text")


@cli.command("migrate")
@click.option("--from", "source", required=True, help="The store to copy: an SQLite file or a postgresql:// URL.")
@click.option("--to", "target", required=True, help="An empty store to copy it into (made when missing).")
def migrate_command(source: str, target: str) -> None:
    """Copy a whole store (articles, revisions, stories, briefings, with their ids) into another, e.g. an SQLite
    file into PostgreSQL."""
    from .stream.backends import open_store
    from .stream.postgres import copy_store

    with open_store(source, create=False) as origin, open_store(target) as destination:
        copied = copy_store(origin, destination)
    click.echo(", ".join(f"{count} {table}" for table, count in copied.items()) + " copied")


@cli.command("stories")
@click.option("--since", help="Only stories seen since then: days (2d), weeks (1w) or a date (2026-11-20).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
def stories_command(since: str | None, output_format: str, db: str | None) -> None:
    """List the stories: id, first and last seen, article and outlet counts, title. The most recent first."""
    from .stream.backends import open_store
    from .stream.stories import UNKNOWN_DATE, list_stories, parse_since, stories_to_dict

    with open_store(db, create=False) as store:
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


@cli.command("delete")
@click.argument("article_id", type=click.IntRange(1, MAX_ID))
@db_option
def delete_command(article_id: int, db: str | None) -> None:
    """Remove one stored article for good (ids: storyline stories --format json). A story left with no
    article goes too; when the article was a revision, the version before it is current again."""
    from .stream.backends import open_store

    with open_store(db, create=False) as store:
        try:
            deleted = store.delete_article(article_id)
        except LookupError:
            raise InputError(f"article {article_id}", "no such article in the store") from None
    note = "; the story had no other article and is removed" if deleted.story_deleted else ""
    restored = f"; article {deleted.restored} is current again" if deleted.restored is not None else ""
    click.echo(f"deleted article {article_id} from story {deleted.story_id}{note}{restored}", err=True)


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
@allow_private_option
@db_option
def watch_command(
    sources: tuple[str, ...],
    interval: float,
    feed_interval: float,
    full_text: bool,
    once: bool,
    allow_private: bool,
    db: str | None,
) -> None:
    """Ingest the article files in each directory of SOURCES, then each new or changed one as it appears; and
    each feed or page address of SOURCES, asked again every --feed-interval seconds. Ctrl-C stops. Write files
    under a hidden name (.name.jsonl) and rename them, so none is read half-written."""
    from .sources.fetch import Fetcher
    from .stream.backends import open_store
    from .stream.watch import watch

    def show(source: Path | str, report: IngestReport) -> None:
        click.echo(f"{source}: {report.added} added, {report.revised} revised, {report.unchanged} unchanged")

    with open_store(db) as store:
        try:
            watch(
                store,
                sources,
                interval=interval,
                feed_interval=feed_interval,
                full_text=full_text,
                rounds=1 if once else None,
                on_ingest=show,
                fetcher=Fetcher(allow_private=allow_private),
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
    serve(host, port, token=token, db=db)


def _plural(count: int, singular: str, plural: str = "") -> str:
    return singular if count == 1 else (plural or singular + "s")


def _articles(count: int) -> str:
    return f"{count} {_plural(count, 'article')} {'was' if count == 1 else 'were'}"


def main() -> None:
    """Console entry point."""
    cli(prog_name="storyline")
