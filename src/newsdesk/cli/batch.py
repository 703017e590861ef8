"""``newsdesk batch`` and ``evaluate``: every cluster of a JSONL file.

``batch`` writes one brief a cluster (:func:`newsdesk.batch.run_batch`), ``evaluate`` scores
summarizers with ROUGE against the file's reference summaries
(:func:`newsdesk.evaluate.evaluate`); the library is imported when the command runs.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsdesk.batch import BATCH_FORMATS, ENGINES
from newsdesk.cli.common import (
    Command,
    existing_file,
    is_quiet,
    no_query_option,
    progress_bar,
    summarizer_option,
)
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError, Interrupted, OutputError
from newsdesk.files import display_name, is_device

if TYPE_CHECKING:
    from newsdesk.batch import BatchOutput, Progress


@click.command("batch", cls=Command)
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-w", "--words", type=int, metavar="N", help="Word budget of every summary (default 120)."
)
@click.option(
    "-n", "--sentences", type=int, metavar="N", help="Sentence budget (instead of, or with, -w)."
)
@summarizer_option
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
@no_query_option
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
    sentences: int | None,
    summarizer: str,
    fmt: str,
    no_query: bool,
    output: Path | None,
    jobs: int,
    resume: bool,
    retry_errors: bool,
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
    from newsdesk.batch import PARTIAL_SUFFIX, run_batch

    config = SummaryConfig(
        words=words, sentences=sentences, summarizer=summarizer, no_query=no_query
    )
    if resume and output is None:
        raise ConfigError("--resume", "used with -o/--output (a file to continue)", "stdout")
    if retry_errors and not resume:
        raise ConfigError("--retry-errors", "used with --resume", "no --resume")
    existing_file(data)
    if is_device(data):
        raise InputError(f"{display_name(data)} is a device, not a file or pipe of clusters")
    try:
        with (
            _batch_output(data, output, config, resume, retry_errors, fmt) as target,
            _progress_bar(data, target.skip) as progress,
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
    if not is_quiet():
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
    from newsdesk.batch import PARTIAL_SUFFIX, BatchOutput, open_output

    if output is None:
        yield BatchOutput(sys.stdout)
        return
    try:
        with open_output(
            data, output, config, resume=resume, retry_errors=retry_errors, fmt=fmt
        ) as target:
            yield target
    except OutputError as exc:
        partial = output.with_name(output.name + PARTIAL_SUFFIX)
        if not partial.exists():  # nothing written yet: no results to point to
            raise
        raise OutputError(
            exc.target,
            f"{exc.reason}; the results so far are in {display_name(partial)} (--resume continues)",
        ) from None


@contextlib.contextmanager
def _progress_bar(data: Path, done: int) -> Iterator[Progress | None]:
    """The clusters done of the file's (none for a pipe: it can be read only once)."""
    from newsdesk.batch import count_clusters

    total = count_clusters(data) if not is_quiet() and sys.stderr.isatty() else None
    with progress_bar("clusters", total, initial=done) as bar:
        yield bar


@click.command("evaluate", cls=Command)
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-w",
    "--words",
    type=int,
    default=120,
    show_default=True,
    metavar="N",
    help="Word budget of every summary (each is cut to it before scoring).",
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
@no_query_option
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
    names = [n.strip() for item in summarizers or ["newsdesk"] for n in item.split(",")]
    SummaryConfig(words=words)  # validate the budget before any work
    if limit is not None and limit < 1:
        raise ConfigError("--limit", "a whole number of clusters, at least 1", limit)
    existing_file(data)
    from newsdesk.evaluate import evaluate  # rouge-score is slow to import: only here

    with progress_bar("clusters") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        evaluation = evaluate(
            data,
            words=words,
            summarizers=[n for n in names if n],
            recall=recall,
            limit=limit,
            no_query=no_query,
            progress=progress if bar is not None else None,
        )
    if per_cluster is not None:
        evaluation.write_per_cluster(per_cluster)
    click.echo(evaluation.table(), nl=False)
    if per_cluster is not None:
        click.echo(f"per-cluster scores: {per_cluster}")


COMMANDS = (batch_command, evaluate_command)
