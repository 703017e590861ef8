"""The desk's commands: ``newsdesk add``, ``newsdesk stories`` and ``newsdesk story``.

Thin, as the rest of the CLI: parse, make one :class:`~newsdesk.desk.Desk` call, render. The
store is ``--db`` (a file path or a ``postgresql://`` URL), else ``$NEWSDESK_DB``, else
``newsdesk.db`` in the current folder. The desk (and SQLAlchemy under it) is imported when a
command runs.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence

import click

from newsdesk.batch import ENGINES
from newsdesk.cli.common import query_option
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError

PAGE = 50  # stories a page lists unless told otherwise (the server's default too)


def _db_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--db",
        envvar="NEWSDESK_DB",
        metavar="PATH|URL",
        help="The store: a SQLite file (default ./newsdesk.db, or $NEWSDESK_DB) or a "
        "postgresql:// URL.",
    )(command)


@click.command("add")
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Worker processes for the per-article work.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where the per-article work runs: here, or on a Dask cluster (newsdesk[dask]).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def add_command(
    paths: Sequence[str],
    db: str | None,
    jobs: int,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Add the articles of PATHS to the store: files, folders, JSONL (articles or clusters),
    RSS/Atom feeds, or '-' for standard input. The same article added twice is stored once."""
    from newsdesk.desk import Desk
    from newsdesk.desk.render import render_add
    from newsdesk.ingest import read_stdin

    stdin = read_stdin(sys.stdin.buffer, SummaryConfig()) if "-" in paths else None
    with Desk(db) as desk, _progress(quiet) as progress:
        report = desk.add(
            list(paths),
            stdin=stdin,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            progress=progress,
        )
    click.echo(render_add(report), nl=False, err=True)


_format_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: for reading; json: for programs.",
)


@click.command("stories")
@_db_option
@click.option(
    "--since",
    metavar="T",
    help="Stories with an article published (else added) since T: an ISO date or time, or "
    "30m, 6h, 2d, 1w ago.",
)
@click.option(
    "--min-sources",
    type=int,
    default=1,
    show_default=True,
    help="Stories with at least N independent articles (copies do not count).",
)
@click.option(
    "--limit",
    type=int,
    default=PAGE,
    show_default=True,
    metavar="N",
    help="Stories on the page; 0: all of them.",
)
@click.option(
    "--offset", type=int, default=0, show_default=True, metavar="N", help="Stories skipped first."
)
@_format_option
def stories_command(
    db: str | None, since: str | None, min_sources: int, limit: int, offset: int, fmt: str
) -> None:
    """List the stories of the store, latest first (by publication time, else the time the
    articles were added), a page at a time."""
    from newsdesk.desk import Desk
    from newsdesk.desk.desk import parse_since
    from newsdesk.desk.render import render_stories

    start = parse_since(since)
    if limit < 0:
        raise ConfigError("--limit", "a whole number of at least 0 (0: all)", limit)
    with Desk(db, create=False) as desk:
        rows = desk.stories(
            since=start,
            min_sources=min_sources,
            limit=limit or None,
            offset=offset,
            ids=fmt == "json",  # (a text listing does not show them)
        )
        total = desk.count_stories(since=start, min_sources=min_sources)
    click.echo(render_stories(rows, fmt, total=total, offset=offset), nl=False)
    if fmt == "text" and offset + len(rows) < total:
        click.echo(
            f"newsdesk: {offset + 1}-{offset + len(rows)} of {total} stories; the next page: "
            f"--offset {offset + len(rows)}",
            err=True,
        )


@click.command("story")
@click.argument("story_id", type=int)
@_db_option
@click.option(
    "-w", "--words", type=int, metavar="N", help="Word budget of the brief (default 120)."
)
@_format_option
@click.option(
    "--since",
    metavar="TIME",
    help="Articles published (else added) before TIME (ISO date or time, or 30m, 6h, 2d, 1w "
    "ago) count as read: the brief tells what the later ones add.",
)
@query_option
@click.option(
    "--compare",
    is_flag=True,
    help="Also compare its sources: consensus, single source, differences, timeline.",
)
def story_command(
    story_id: int,
    db: str | None,
    words: int | None,
    fmt: str,
    since: str | None,
    query: str | None,
    compare: bool,
) -> None:
    """One story: its brief (over its original articles; with --compare, the comparison of
    its sources too), then its articles with copies marked."""
    from newsdesk.desk import Desk
    from newsdesk.desk.desk import parse_since
    from newsdesk.desk.render import render_story

    config = SummaryConfig(words=words, query=query)
    start = parse_since(since)
    with Desk(db, create=False) as desk:
        view = desk.story(story_id, config=config, since=start, compare=compare)
    click.echo(render_story(view, fmt), nl=False)


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar (articles done) on a terminal; nothing when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit="article", file=sys.stderr, smoothing=0.1) as bar:

        def update(done: int) -> None:
            bar.update(done - bar.n)

        yield update


COMMANDS = (add_command, stories_command, story_command)
