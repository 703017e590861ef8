"""The ``newsdesk`` command: a thin face over the library.

Each command parses its options, builds a :class:`SummaryConfig`, makes one library call and
renders the result. Errors become one line on standard error (a usage error also shows the
command's usage and where to find help) and the exit code of the table in
:mod:`newsdesk.errors` (``newsdesk --help`` shows it); set ``NEWSDESK_DEBUG=1`` to see
tracebacks. Shell completion is Click's: ``eval "$(_NEWSDESK_COMPLETE=bash_source newsdesk)"``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from newsdesk import __version__, registry
from newsdesk.batch import (
    BATCH_FORMATS,
    ENGINES,
    PARTIAL_SUFFIX,
    BatchOutput,
    Progress,
    count_clusters,
    open_output,
    run_batch,
)
from newsdesk.config import SummaryConfig
from newsdesk.errors import (
    EXIT_CODES,
    USAGE_EXIT_CODE,
    ConfigError,
    InputError,
    Interrupted,
    MaskSecrets,
    NewsdeskError,
    OutputError,
    mask_secrets,
)
from newsdesk.files import display_name, is_device, same_file, write_text
from newsdesk.ingest import list_clusters, read_stdin
from newsdesk.pipeline import summarize
from newsdesk.render import FORMATS, render, render_comparison
from newsdesk.server.config import ServerConfig


def exit_code_table() -> str:
    """The exit codes of :data:`newsdesk.errors.EXIT_CODES` as ``newsdesk --help`` shows them."""
    return "\n".join(f"  {code:<5}{meaning}" for code, meaning in EXIT_CODES)


class _Command(click.Command):
    """A command whose option errors found after parsing (a :class:`ConfigError`: a value out
    of range, options that do not go together) are usage errors, shown as Click shows its own:
    with the command's usage line, a pointer to its help, and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from exc


class _Group(click.Group):
    command_class = _Command


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
    epilog="\b\nExit codes:\n" + exit_code_table() + "\n\n\b\nShell completion (bash; zsh, fish: "
    'zsh_source, fish_source):\n  eval "$(_NEWSDESK_COMPLETE=bash_source newsdesk)"',
)
@click.version_option(__version__, "-V", "--version", prog_name="newsdesk")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log what each stage did (articles read, furniture removed, sentences, selection, "
    "timings) to standard error.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Only errors on standard error: no progress, no warnings."
)
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Write one short, cited brief from several news articles about the same event."""
    _configure_logging(logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING)
    ctx.obj = {"quiet": quiet}
    if ctx.invoked_subcommand is None:  # bare `newsdesk`: the commands, and success
        click.echo(ctx.get_help())


_LOG_HANDLER_NAME = "newsdesk-cli"


def _configure_logging(level: int) -> None:
    """Send the library's log lines (``newsdesk.*``) at ``level`` to the current standard
    error, as ``newsdesk: message``. Other libraries' loggers are left as they are."""
    logger = logging.getLogger("newsdesk")
    for handler in list(logger.handlers):
        if handler.get_name() == _LOG_HANDLER_NAME:
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_LOG_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("newsdesk: %(message)s"))
    handler.addFilter(MaskSecrets())
    logger.addHandler(handler)
    logger.setLevel(level)


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and isinstance(ctx.find_root().obj, dict) and ctx.find_root().obj.get("quiet"))


def _story_options(command: Callable[..., None]) -> Callable[..., None]:
    """-f/--format, --cluster, --split and -o/--output, shared by the commands that read one
    story."""
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of standard output.",
    )(command)
    command = click.option(
        "--split",
        is_flag=True,
        default=None,
        help="Split text on '|||||' into articles (Multi-News style; files named *.src are "
        "split without it).",
    )(command)
    command = click.option(
        "--cluster",
        metavar="ID",
        help="Which cluster of a JSONL file to read (see 'newsdesk clusters FILE').",
    )(command)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="text for a terminal, markdown with footnotes, or json (brief.schema.json: "
        "citations, scores, removed, skipped, comparison).",
    )(command)


def _summarizer_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "-s",
        "--summarizer",
        default="newsdesk",
        show_default=True,
        help="Registered name (see 'newsdesk summarizers').",
    )(command)


# summarize, batch and evaluate: the question a cluster carries may be ignored.
_no_query_option = click.option(
    "--no-query",
    is_flag=True,
    help="Ignore the question a JSONL cluster carries ('query' or 'topic').",
)


def _query_options(command: Callable[..., None]) -> Callable[..., None]:
    """--query and --no-query, shared by the commands that write one brief."""
    return click.option(
        "--query",
        metavar="QUESTION",
        help="A question for the brief to answer first (it says so when no source does).",
    )(_no_query_option(command))


@cli.command("summarize")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-w",
    "--words",
    type=int,
    metavar="N",
    help="Word budget: the brief never exceeds it (default 120).",
)
@click.option(
    "-n",
    "--sentences",
    type=int,
    metavar="N",
    help="Sentence budget (instead of, or with, --words).",
)
@_summarizer_option
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
    split: bool | None,
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
        split=split,
    )
    _write(render(brief, fmt), output)


@cli.command("compare")
@click.argument("paths", nargs=-1, required=True)
@_story_options
def compare_command(
    paths: Sequence[str], fmt: str, cluster: str | None, split: bool | None, output: Path | None
) -> None:
    """What the sources of PATHS agree on, what one alone says, where they differ, and when."""
    from newsdesk.compare import compare  # its libraries load only for this command

    _refuse_input_as_output(paths, output)
    stdin = read_stdin(sys.stdin.buffer) if "-" in paths else None
    comparison = compare(list(paths), stdin=stdin, cluster=cluster, split=split)
    _write(render_comparison(comparison, fmt, width=_terminal_width(output)), output)


def _terminal_width(output: Path | None) -> int | None:
    """The width text tables wrap to: the terminal's when writing to one, else none (a file
    or pipe gets whole lines)."""
    if output is not None or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


@cli.command("clusters")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
def clusters_command(data: Path) -> None:
    """List the clusters of a JSONL file: id, articles, first headline (for --cluster ID)."""
    _existing_file(data)
    found = 0
    for info in list_clusters(data):
        found += 1
        noun = "article" if info.articles == 1 else "articles"
        click.echo(
            f"{info.id or f'(line {info.line}, no id)'}\t{info.articles} {noun}\t{info.headline}"
        )
    if not found:
        raise InputError(
            f"{display_name(data)}: no cluster (one JSON object a line, with 'documents')"
        )


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the brief (what summarize --format json writes)."""
    from newsdesk.render import brief_schema_text

    click.echo(brief_schema_text(), nl=False)


def _existing_file(path: Path) -> None:
    """An input file that is missing is an input error (3), as in every command."""
    if not path.exists():
        raise InputError(f"no such file: {display_name(path)}")
    if path.is_dir():
        raise InputError(f"{display_name(path)} is a folder; a JSONL file of clusters is needed")


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
    split: bool | None,
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
    result = check(text, list(against), cluster=cluster, split=split, embeddings=embeddings)
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
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-w", "--words", type=int, metavar="N", help="Word budget of every summary (default 120)."
)
@_summarizer_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(BATCH_FORMATS),
    default="summary",
    show_default=True,
    help="summary: {id, summary} a line (what evaluate scores); json: each cluster's whole "
    "brief a line, as summarize --format json writes it.",
)
@_no_query_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON lines to this file instead of standard output.",
)
@click.option(
    "-j", "--jobs", type=int, default=1, show_default=True, metavar="N", help="Worker processes."
)
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
    fmt: str,
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

    Each line is {"id", "summary"} (sentences separated by newlines; with --format json the
    whole brief), or {"id", "line", "error"} for a cluster that could not be summarized; the
    run goes on and reports how many failed. Exits with 3 only when every cluster failed (7
    when OUTPUT cannot be written, 130 when interrupted: the results so far stay in
    OUTPUT.partial, which --resume continues). The same input and options give the same
    file, whatever --jobs and --engine.
    """
    config = SummaryConfig(words=words, summarizer=summarizer, no_query=no_query)
    if resume and output is None:
        raise ConfigError("--resume", "used with -o/--output (a file to continue)", "stdout")
    if retry_errors and not resume:
        raise ConfigError("--retry-errors", "used with --resume", "no --resume")
    _existing_file(data)
    if is_device(data):
        raise InputError(f"{display_name(data)} is a device, not a file or pipe of clusters")
    try:
        with (
            _batch_output(data, output, config, resume, retry_errors, fmt) as target,
            _progress_bar(data, target.skip, quiet or _quiet()) as progress,
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
                fmt=fmt,
            )
    except KeyboardInterrupt:
        if output is None:
            raise Interrupted(
                "interrupted; to be able to continue a run, write it to a file "
                "(-o FILE) and run the same command again with --resume"
            ) from None
        partial = display_name(output) + PARTIAL_SUFFIX
        raise Interrupted(
            f"interrupted; the results so far are in {partial}: run the same command with "
            "--resume to pick up where it stopped"
        ) from None
    resumed = f" ({report.resumed} already done)" if report.resumed else ""
    if not _quiet():
        click.echo(
            f"newsdesk: {report.clusters} clusters, {report.failed} failed{resumed}", err=True
        )
    if report.clusters and report.failed == report.clusters and not report.resumed:
        raise InputError(f"{display_name(data)}: every cluster failed")


@contextlib.contextmanager
def _batch_output(
    data: Path,
    output: Path | None,
    config: SummaryConfig,
    resume: bool,
    retry_errors: bool,
    fmt: str = "summary",
) -> Iterator[BatchOutput]:
    if output is None:
        yield BatchOutput(sys.stdout)
        return
    try:
        with open_output(
            data, output, config, resume=resume, retry_errors=retry_errors, fmt=fmt
        ) as target:
            yield target
    except OutputError as exc:
        partial = display_name(output) + PARTIAL_SUFFIX
        raise OutputError(
            exc.target, f"{exc.reason}; the results so far are in {partial} (--resume continues)"
        ) from None


@cli.command("evaluate")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-w",
    "--words",
    type=int,
    required=True,
    metavar="N",
    help="Cut every summary to this many words.",
)
@click.option("--recall", is_flag=True, help="Report recall instead of F1.")
@click.option(
    "-s",
    "--summarizer",
    "summarizers",
    multiple=True,
    help="Registered name; repeat it (or separate names by commas) to compare several.",
)
@click.option("--limit", type=int, metavar="N", help="Evaluate the first N clusters only.")
@_no_query_option
@click.option(
    "--per-cluster",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write per-cluster scores to FILE (tab-separated). Without it, nothing is written.",
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
    if limit is not None and limit < 1:
        raise ConfigError("--limit", "a whole number of clusters, at least 1", limit)
    _existing_file(data)
    evaluation = evaluate(
        data,
        words=words,
        summarizers=[n for n in names if n],
        recall=recall,
        limit=limit,
        no_query=no_query,
    )
    if per_cluster is not None:
        evaluation.write_per_cluster(per_cluster)
    click.echo(evaluation.table(), nl=False)
    if per_cluster is not None:
        click.echo(f"per-cluster scores: {per_cluster}")


@cli.command("summarizers")
def summarizers_command() -> None:
    """List the registered summarizer names."""
    for name in registry.available():
        target = registry.resolve(name)
        click.echo(name if target == name else f"{name} -> {target}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
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
@click.option(
    "--max-articles",
    type=int,
    default=ServerConfig.max_articles,
    show_default=True,
    help="Articles in one request (422 above).",
)
@click.option(
    "--max-article-chars",
    type=int,
    default=ServerConfig.max_article_chars,
    show_default=True,
    help="Characters of one article's text or HTML, or bytes of an uploaded file (422 above).",
)
@click.option(
    "--max-total-chars",
    type=int,
    default=ServerConfig.max_total_chars,
    show_default=True,
    help="Characters of all articles of a request together (less for slow baselines).",
)
@click.option(
    "--max-words",
    type=int,
    default=ServerConfig.max_words,
    show_default=True,
    help="Largest word budget a request may ask for (422 above).",
)
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
@click.option(
    "--db",
    envvar="NEWSDESK_DB",
    metavar="PATH|URL",
    help="The desk's store for /v1/articles and /v1/stories (default ./newsdesk.db).",
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


def _register_desk_commands() -> None:
    from newsdesk.cli_desk import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register_desk_commands()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising (never a traceback).

    The program is named ``newsdesk`` however it is started (``python -m newsdesk`` too), so
    usage lines, help and shell completion are the same.
    """
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="newsdesk",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        # As Click shows it (usage line and where to find help), in our one-line error form.
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            help_option = exc.ctx.help_option_names[0]
            click.echo(f"Try '{exc.ctx.command_path} {help_option}' for help.\n", err=True)
        _error(f"newsdesk: error: {exc.format_message()}")
        return USAGE_EXIT_CODE
    except click.ClickException as exc:
        _error(f"newsdesk: error: {exc.format_message()}")
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("newsdesk: interrupted", err=True)
        return Interrupted.exit_code
    except NewsdeskError as exc:
        _error(f"newsdesk: error: {exc}")
        return exc.exit_code
    except OSError as exc:
        _error(f"newsdesk: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 3
    except Exception as exc:
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        _error(
            f"newsdesk: internal error: {type(exc).__name__}: {exc} "
            "(please report it; NEWSDESK_DEBUG=1 shows the traceback)"
        )
        return 1
    return 0


def _error(line: str) -> None:
    """An error line on standard error, a password in it masked (a --db URL may hold one)."""
    click.echo(mask_secrets(line), err=True)


def entry_point() -> None:
    sys.exit(main())
