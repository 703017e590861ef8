"""What the commands share: the command class, the options several commands take (written once),
and reading and writing files as every command does.

Imports only Click and light modules of newsdesk at the top: every command's module imports
this one, and ``newsdesk --help`` imports every command's module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from newsdesk.errors import ConfigError, InputError, OutputError
from newsdesk.files import display_name, same_file, write_text
from newsdesk.render import FORMATS


class Command(click.Command):
    """A command whose option errors found after parsing (a :class:`ConfigError`: a value out
    of range, options that do not go together) are usage errors, shown as Click shows its own:
    with the command's usage line, a pointer to its help, and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from exc


def is_quiet() -> bool:
    """Whether ``newsdesk -q`` was given (only errors on standard error)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and isinstance(ctx.find_root().obj, dict) and ctx.find_root().obj.get("quiet"))


def story_options(command: Callable[..., None]) -> Callable[..., None]:
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


def summarizer_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "-s",
        "--summarizer",
        default="newsdesk",
        show_default=True,
        help="Registered name (see 'newsdesk summarizers').",
    )(command)


# summarize, batch and evaluate: the question a cluster carries may be ignored.
no_query_option = click.option(
    "--no-query",
    is_flag=True,
    help="Ignore the question a JSONL cluster carries ('query' or 'topic').",
)

# summarize and story: a question for the brief.
query_option = click.option(
    "--query",
    metavar="QUESTION",
    help="A question for the brief to answer first (it says so when no source does).",
)


def query_options(command: Callable[..., None]) -> Callable[..., None]:
    """--query and --no-query, shared by the commands that write one brief."""
    return query_option(no_query_option(command))


def existing_file(path: Path) -> None:
    """An input file that is missing is an input error (3), as in every command."""
    if not path.exists():
        raise InputError(f"no such file: {display_name(path)}")
    if path.is_dir():
        raise InputError(f"{display_name(path)} is a folder; a JSONL file of clusters is needed")


def refuse_input_as_output(inputs: Sequence[str], output: Path | None) -> None:
    """An output that is one of the inputs (the same file, through any link) is refused
    before anything is read or written."""
    for path in inputs:
        if output is not None and path != "-" and same_file(path, output):
            raise ConfigError("-o/--output", "a file other than the input", display_name(output))


def write(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` whole or not at all."""
    if output is None:
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except OSError as exc:
            raise OutputError("standard output", exc) from exc
        return
    write_text(output, text)
