"""``newsdesk summarize``, ``compare`` and ``check``: one story in, one result out.

Each reads its PATHS as :mod:`newsdesk.ingest` does and makes one library call
(:func:`newsdesk.summarize`, :func:`newsdesk.compare.compare`, :func:`newsdesk.check`); the
library is imported when the command runs, not when ``newsdesk --help`` lists it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from newsdesk.cli.common import (
    Command,
    query_options,
    refuse_input_as_output,
    story_options,
    summarizer_option,
    text_width,
    write,
)
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError


@click.command("summarize", cls=Command)
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
@summarizer_option
@click.option(
    "--llm-url",
    metavar="URL",
    help="With --summarizer llm: an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 "
    "(default $NEWSDESK_LLM_URL; key from $NEWSDESK_LLM_API_KEY).",
)
@click.option("--llm-model", metavar="NAME", help="With --summarizer llm: the model's name.")
@click.option(
    "--llm-timeout",
    type=float,
    metavar="S",
    help="With --summarizer llm: seconds for the model's whole answer, then the extractive "
    "brief (default 120).",
)
@click.option(
    "--seen",
    multiple=True,
    metavar="PATH",
    help="Articles already read (repeatable): the brief tells what PATHS add to them.",
)
@query_options
@story_options
def summarize_command(
    paths: Sequence[str],
    words: int | None,
    sentences: int | None,
    summarizer: str,
    llm_url: str | None,
    llm_model: str | None,
    llm_timeout: float | None,
    seen: Sequence[str],
    query: str | None,
    no_query: bool,
    fmt: str,
    cluster: str | None,
    split: bool | None,
    output: Path | None,
    width: int | None,
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
        llm_timeout=llm_timeout,
    )
    refuse_input_as_output([*paths, *seen], output)
    # The library, once the options are known to be usable.
    from newsdesk.ingest import read_stdin
    from newsdesk.pipeline import summarize
    from newsdesk.render import render

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
    write(render(brief, fmt, text_width(width, output)), output)


@click.command("compare", cls=Command)
@click.argument("paths", nargs=-1, required=True)
@story_options
def compare_command(
    paths: Sequence[str],
    fmt: str,
    cluster: str | None,
    split: bool | None,
    output: Path | None,
    width: int | None,
) -> None:
    """What the sources of PATHS agree on, what one alone says, where they differ, and when."""
    from newsdesk.compare import compare  # its libraries load only for this command
    from newsdesk.ingest import read_stdin
    from newsdesk.render import render_comparison

    refuse_input_as_output(paths, output)
    stdin = read_stdin(sys.stdin.buffer) if "-" in paths else None
    comparison = compare(list(paths), stdin=stdin, cluster=cluster, split=split)
    write(render_comparison(comparison, fmt, text_width(width, output)), output)


@click.command("check", cls=Command)
@click.argument("draft")
@click.option(
    "--against",
    "against",
    multiple=True,
    required=True,
    metavar="PATH",
    help="The sources (files, folders, JSONL clusters); repeatable.",
)
@click.option(
    "--embeddings",
    is_flag=True,
    help="Also accept support worded differently (needs pip install 'newsdesk[embeddings]').",
)
@story_options
def check_command(
    draft: str,
    against: Sequence[str],
    embeddings: bool,
    fmt: str,
    cluster: str | None,
    split: bool | None,
    output: Path | None,
    width: int | None,
) -> None:
    """Check each sentence of DRAFT (a text file, or '-' for standard input) against the
    sources: supported, partly, unsupported or contradicted, with the evidence. Exits with 8
    when a sentence is not supported (after writing the report)."""
    refuse_input_as_output([draft, *against], output)
    if "-" in against:
        raise ConfigError("--against", "files or folders (the draft may be '-')", "-")
    from newsdesk.check import check, read_draft
    from newsdesk.errors import UnsupportedDraftError
    from newsdesk.render import render_check

    text = read_draft(sys.stdin.buffer if draft == "-" else draft)
    result = check(text, list(against), cluster=cluster, split=split, embeddings=embeddings)
    write(render_check(result, fmt, text_width(width, output)), output)
    if not result.supported:
        raise UnsupportedDraftError(result.counts())


COMMANDS = (summarize_command, compare_command, check_command)
