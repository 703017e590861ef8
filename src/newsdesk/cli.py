"""The ``newsdesk`` command: a thin face over the library.

Each command parses its options, builds a :class:`SummaryConfig`, makes one library call and
renders the result. Errors become one line on standard error and the exit code documented in
:mod:`newsdesk.errors`; set ``NEWSDESK_DEBUG=1`` to see tracebacks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from newsdesk import __version__, registry
from newsdesk.batch import (
    ENGINES,
    PARTIAL_SUFFIX,
    BatchOutput,
    Progress,
    count_clusters,
    open_output,
    run_batch,
)
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError, NewsdeskError, OutputError
from newsdesk.files import display_name, is_device, same_file, write_text
from newsdesk.ingest import read_stdin
from newsdesk.pipeline import summarize
from newsdesk.render import FORMATS, render, render_comparison
from newsdesk.server.config import ServerConfig


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does to standard error.")
def cli(verbose: bool) -> None:
    """Write one short, cited brief from several news articles about the same event."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="newsdesk: %(message)s",
    )


def _story_options(command: Callable[..., None]) -> Callable[..., None]:
    """--format, --cluster and -o/--output, shared by the commands that read one story."""
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of standard output.",
    )(command)
    command = click.option("--cluster", help="Which cluster of a JSONL file to read (its id).")(
        command
    )
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True
    )(command)


def _query_options(command: Callable[..., None]) -> Callable[..., None]:
    """--query and --no-query, shared by the commands that write briefs."""
    command = click.option(
        "--no-query",
        is_flag=True,
        help="Ignore the question a JSONL cluster carries ('query' or 'topic').",
    )(command)
    return click.option(
        "--query",
        metavar="QUESTION",
        help="A question for the brief to answer first (it says so when no source does).",
    )(command)


@cli.command("summarize")
@click.argument("paths", nargs=-1, required=True)
@click.option("--words", type=int, help="Word budget: the brief never exceeds it (default 120).")
@click.option("--sentences", type=int, help="Sentence budget (instead of, or with, --words).")
@click.option("--summarizer", default="newsdesk", show_default=True, help="Registered name.")
@click.option(
    "--llm-url",
    metavar="URL",
    help="With --summarizer llm: an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 "
    "(default $NEWSDESK_LLM_URL; key from $NEWSDESK_LLM_API_KEY).",
)
@click.option("--llm-model", metavar="NAME", help="With --summarizer llm: the model's name.")
@click.option(
    "--seen",
    multiple=True,
    metavar="PATH",
    help="Articles already read (repeatable): the brief tells what PATHS add to them.",
)
@_query_options
@_story_options
def summarize_command(
    paths: Sequence[str],
    words: int | None,
    sentences: int | None,
    summarizer: str,
    llm_url: str | None,
    llm_model: str | None,
    seen: Sequence[str],
    query: str | None,
    no_query: bool,
    fmt: str,
    cluster: str | None,
    output: Path | None,
) -> None:
    """Summarize PATHS: files, folders, JSONL clusters, or '-' for standard input."""
    config = SummaryConfig(
        words=words,
        sentences=sentences,
        summarizer=summarizer,
        query=query,
        no_query=no_query,
        llm_url=llm_url,
        llm_model=llm_model,
    )
    _refuse_input_as_output([*paths, *seen], output)
    stdin = read_stdin(sys.stdin.buffer, config) if "-" in paths else None
    # JSON carries the cross-source sections too; the text forms stay a brief.
    brief = summarize(
        list(paths),
        stdin=stdin,
        cluster=cluster,
        seen=list(seen),
        config=config,
        compare=fmt == "json",
    )
    _write(render(brief, fmt), output)


@cli.command("compare")
@click.argument("paths", nargs=-1, required=True)
@_story_options
def compare_command(
    paths: Sequence[str], fmt: str, cluster: str | None, output: Path | None
) -> None:
    """What the sources of PATHS agree on, what one alone says, where they differ, and when."""
    from newsdesk.compare import compare  # its libraries load only for this command

    _refuse_input_as_output(paths, output)
    stdin = read_stdin(sys.stdin.buffer) if "-" in paths else None
    comparison = compare(list(paths), stdin=stdin, cluster=cluster)
    _write(render_comparison(comparison, fmt), output)


@cli.command("check")
@click.argument("draft")
@click.option(
    "--against",
    "against",
    multiple=True,
    required=True,
    help="The sources (files, folders, JSONL clusters); repeatable.",
)
@click.option(
    "--embeddings",
    is_flag=True,
    help="Also accept support worded differently (needs pip install 'newsdesk[embeddings]').",
)
@_story_options
def check_command(
    draft: str,
    against: Sequence[str],
    embeddings: bool,
    fmt: str,
    cluster: str | None,
    output: Path | None,
) -> None:
    """Check each sentence of DRAFT (a text file, or '-' for standard input) against the
    sources: supported, partly, unsupported or contradicted, with the evidence. Exits with 8
    when a sentence is not supported (after writing the report)."""
    from newsdesk.check import check
    from newsdesk.errors import UnsupportedDraftError
    from newsdesk.render import render_check

    _refuse_input_as_output([draft, *against], output)
    if "-" in against:
        raise ConfigError("--against", "files or folders (the draft may be '-')", "-")
    text = _read_draft(draft)
    result = check(text, list(against), cluster=cluster, embeddings=embeddings)
    _write(render_check(result, fmt), output)
    if not result.supported:
        raise UnsupportedDraftError(result.counts())


def _read_draft(draft: str) -> str:
    from newsdesk.check import MAX_DRAFT_CHARS

    if draft == "-":
        data = sys.stdin.buffer.read(4 * MAX_DRAFT_CHARS + 1)
    else:
        path = Path(draft)
        if not path.is_file():
            raise InputError(f"no such draft file: {display_name(path)}")
        with path.open("rb") as handle:
            data = handle.read(4 * MAX_DRAFT_CHARS + 1)
    return data.decode("utf-8", errors="replace")


@cli.command("batch")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", type=int, help="Word budget of every summary (default 120).")
@click.option("--summarizer", default="newsdesk", show_default=True, help="Registered name.")
@click.option(
    "--no-query",
    is_flag=True,
    help="Ignore the questions clusters carry ('query' or 'topic'): generic briefs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON lines to this file instead of standard output.",
)
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Worker processes.")
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the clusters already in OUTPUT (from an interrupted run) and do the rest.",
)
@click.option(
    "--retry-errors",
    is_flag=True,
    help="With --resume: summarize again the clusters that ended in an error.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where clusters are summarized: here, or on a Dask cluster (newsdesk[dask]).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --jobs workers).",
)
def batch_command(
    data: Path,
    words: int | None,
    summarizer: str,
    no_query: bool,
    output: Path | None,
    jobs: int,
    resume: bool,
    retry_errors: bool,
    quiet: bool,
    engine: str,
    scheduler: str | None,
) -> None:
    """Summarize every cluster of a JSONL file: one JSON line a cluster, in input order.

    Each line is {"id", "summary"} (sentences separated by newlines), or {"id", "line",
    "error"} for a cluster that could not be summarized; the run goes on and reports how
    many failed. Exits with 3 only when every cluster failed (7 when OUTPUT cannot be
    written: the results so far stay in OUTPUT.partial, which --resume continues). The
    same input and options give the same file, whatever --jobs and --engine.
    """
    config = SummaryConfig(words=words, summarizer=summarizer, no_query=no_query)
    if is_device(data):
        raise InputError(f"{display_name(data)} is a device, not a file or pipe of clusters")
    if resume and output is None:
        raise ConfigError("--resume", "used with -o/--output (a file to continue)", "stdout")
    if retry_errors and not resume:
        raise ConfigError("--retry-errors", "used with --resume", "no --resume")
    with (
        _batch_output(data, output, config, resume, retry_errors) as target,
        _progress_bar(data, target.skip, quiet) as progress,
    ):
        report = run_batch(
            data,
            config,
            target.handle,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            skip=target.skip,
            previous=target.previous,
            progress=progress,
        )
    resumed = f" ({report.resumed} already done)" if report.resumed else ""
    click.echo(f"newsdesk: {report.clusters} clusters, {report.failed} failed{resumed}", err=True)
    if report.clusters and report.failed == report.clusters and not report.resumed:
        raise InputError(f"{display_name(data)}: every cluster failed")


@contextlib.contextmanager
def _batch_output(
    data: Path, output: Path | None, config: SummaryConfig, resume: bool, retry_errors: bool
) -> Iterator[BatchOutput]:
    if output is None:
        yield BatchOutput(sys.stdout)
        return
    try:
        with open_output(data, output, config, resume=resume, retry_errors=retry_errors) as target:
            yield target
    except OutputError as exc:
        partial = display_name(output) + PARTIAL_SUFFIX
        raise OutputError(
            exc.target, f"{exc.reason}; the results so far are in {partial} (--resume continues)"
        ) from None


@cli.command("evaluate")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", type=int, required=True, help="Cut every summary to this many words.")
@click.option("--recall", is_flag=True, help="Report recall instead of F1.")
@click.option(
    "--summarizer",
    "summarizers",
    multiple=True,
    help="Registered name; repeat it (or separate names by commas) to compare several.",
)
@click.option("--limit", type=int, help="Evaluate the first N clusters only.")
@click.option(
    "--no-query",
    is_flag=True,
    help="Ignore the questions clusters carry ('query' or 'topic'): generic briefs only.",
)
@click.option(
    "--per-cluster",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write per-cluster scores (default: DATA-NAME.WORDSw.scores.tsv here).",
)
def evaluate_command(
    data: Path,
    words: int,
    recall: bool,
    summarizers: Sequence[str],
    limit: int | None,
    no_query: bool,
    per_cluster: Path | None,
) -> None:
    """Score summarizers with ROUGE against the reference summaries of a JSONL file."""
    from newsdesk.evaluate import evaluate  # rouge-score is slow to import: only here

    names = [n.strip() for item in summarizers or ["newsdesk"] for n in item.split(",")]
    SummaryConfig(words=words)  # validate the budget before any work
    evaluation = evaluate(
        data,
        words=words,
        summarizers=[n for n in names if n],
        recall=recall,
        limit=limit,
        no_query=no_query,
    )
    per_cluster = per_cluster or Path(f"{data.stem}.{words}w.scores.tsv")
    evaluation.write_per_cluster(per_cluster)
    click.echo(evaluation.table(), nl=False)
    click.echo(f"per-cluster scores: {per_cluster}")


@cli.command("summarizers")
def summarizers_command() -> None:
    """List the registered summarizer names."""
    for name in registry.available():
        target = registry.resolve(name)
        click.echo(name if target == name else f"{name} -> {target}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=int, help="Processes writing briefs (default: one per core).")
@click.option(
    "--timeout",
    type=float,
    default=ServerConfig.timeout,
    show_default=True,
    help="Seconds a brief may take (504 after).",
)
@click.option(
    "--max-body-bytes",
    type=int,
    default=ServerConfig.max_body_bytes,
    show_default=True,
    help="Largest request body (413 above).",
)
@click.option("--max-articles", type=int, default=ServerConfig.max_articles, show_default=True)
@click.option(
    "--max-article-chars", type=int, default=ServerConfig.max_article_chars, show_default=True
)
@click.option(
    "--max-total-chars",
    type=int,
    default=ServerConfig.max_total_chars,
    show_default=True,
    help="Characters of all articles of a request together (less for slow baselines).",
)
@click.option("--max-words", type=int, default=ServerConfig.max_words, show_default=True)
@click.option(
    "--max-pending",
    type=int,
    default=ServerConfig.max_pending,
    show_default=True,
    help="Briefs queued or running before new ones get 503.",
)
@click.option(
    "--max-connections",
    type=int,
    default=ServerConfig.max_connections,
    show_default=True,
    help="Open connections at once (503 above).",
)
@click.option(
    "--keep-alive",
    type=int,
    default=ServerConfig.keep_alive,
    show_default=True,
    help="Seconds an idle kept-alive connection stays open.",
)
@click.option(
    "--header-timeout",
    type=float,
    default=ServerConfig.header_timeout,
    show_default=True,
    help="Seconds a connection has to begin its next request (closed after).",
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of this origin (https://example.org) call the API (CORS); repeatable. "
    "Default: none.",
)
def serve_command(host: str, port: int, workers: int | None, **limits: Any) -> None:
    """Serve the HTTP API and the page (needs the extra: pip install 'newsdesk[server]')."""
    from newsdesk.server import serve

    limits["allow_origins"] = tuple(limits["allow_origins"])
    if workers is not None:
        limits["workers"] = workers
    serve(host, port, ServerConfig(**limits))


@contextlib.contextmanager
def _progress_bar(data: Path, done: int, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar with rate and ETA on a terminal; nothing when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[misc]
        monitor_interval = 0  # no monitor thread: worker processes are forked after this

    with Bar(
        total=count_clusters(data),  # None (no total) for a pipe: it can be read only once
        initial=done,
        unit="cluster",
        file=sys.stderr,
        smoothing=0.1,
    ) as bar:
        yield bar


def _refuse_input_as_output(inputs: Sequence[str], output: Path | None) -> None:
    """An output that is one of the inputs (the same file, through any link) is refused
    before anything is read or written."""
    for path in inputs:
        if output is not None and path != "-" and same_file(path, output):
            raise ConfigError("-o/--output", "a file other than the input", display_name(output))


def _write(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` whole or not at all."""
    if output is None:
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except OSError as exc:
            raise OutputError("standard output", exc) from exc
        return
    write_text(output, text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising (never a traceback)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"newsdesk: error: {exc.format_message()}", err=True)
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("newsdesk: interrupted", err=True)
        return 130
    except NewsdeskError as exc:
        click.echo(f"newsdesk: error: {exc}", err=True)
        return exc.exit_code
    except OSError as exc:
        click.echo(
            f"newsdesk: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True
        )
        return 3
    except Exception as exc:
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        click.echo(
            f"newsdesk: internal error: {type(exc).__name__}: {exc} "
            "(please report it; NEWSDESK_DEBUG=1 shows the traceback)",
            err=True,
        )
        return 1
    return 0


def entry_point() -> None:
    sys.exit(main())
