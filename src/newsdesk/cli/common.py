"""What the commands share: the command class, the options several commands take (written once),
and reading and writing files as every command does.

Imports only Click and light modules of newsdesk at the top: every command's module imports
this one, and ``newsdesk --help`` imports every command's module.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from newsdesk.errors import ConfigError, InputError, MaskSecrets, OutputError
from newsdesk.files import display_name, same_file, write_text
from newsdesk.render import FORMATS
from newsdesk.text import ShownFormatter


class Command(click.Command):
    """A newsdesk command: it takes ``-v``/``-q`` after its name as well as before (``newsdesk
    summarize x -v`` as ``newsdesk -v summarize x``), and its option errors found after
    parsing (a :class:`ConfigError`: a value out of range, options that do not go together)
    are usage errors, shown as Click shows its own: with the command's usage line, a pointer
    to its help, and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += [verbose_option(), quiet_option()]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from exc


def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Record ``-v`` or ``-q`` on the root context (where ``newsdesk -v`` records it) and set
    the log level from both."""
    if not value or param.name is None:
        return
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    root.obj[param.name] = True
    configure_logging(verbose=bool(root.obj.get("verbose")), quiet=bool(root.obj.get("quiet")))


def verbose_option(callback: Any = _verbosity) -> click.Option:
    return click.Option(
        ["-v", "--verbose"],
        is_flag=True,
        expose_value=False,
        callback=callback,
        help="Log what each stage did (articles read, furniture removed, sentences, selection, "
        "timings) to standard error.",
    )


def quiet_option(callback: Any = _verbosity) -> click.Option:
    return click.Option(
        ["-q", "--quiet"],
        is_flag=True,
        expose_value=False,
        callback=callback,
        help="Only errors on standard error: no progress, no warnings.",
    )


_LOG_HANDLER_NAME = "newsdesk-cli"


def configure_logging(*, verbose: bool = False, quiet: bool = False) -> None:
    """Send the library's log lines (``newsdesk.*``) to the current standard error, as
    ``newsdesk: message``: stage by stage with ``verbose``, errors only when ``quiet``
    (``-v`` wins when both are given), warnings otherwise. Other libraries' loggers are left
    as they are."""
    logger = logging.getLogger("newsdesk")
    for handler in list(logger.handlers):
        if handler.get_name() == _LOG_HANDLER_NAME:
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_LOG_HANDLER_NAME)
    handler.setFormatter(ShownFormatter("newsdesk: %(message)s"))
    handler.addFilter(MaskSecrets())  # a --db URL's password never reaches a log line
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING)


def is_quiet() -> bool:
    """Whether ``-q`` was given, before the command or after it (only errors on standard
    error: no progress bar, no tally)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and isinstance(ctx.find_root().obj, dict) and ctx.find_root().obj.get("quiet"))


def width_option(command: Callable[..., None]) -> Callable[..., None]:
    """--width, shared by the commands that print text a person reads."""
    return click.option(
        "--width",
        type=click.IntRange(min=0),
        metavar="N",
        help="Wrap text to N characters (default: the terminal's width on a terminal, no "
        "wrapping in a file or pipe; 0: no wrapping).",
    )(command)


def text_width(width: int | None, output: Path | None) -> int | None:
    """The width text wraps to: ``--width`` when given (0: none), else the terminal's when
    writing to one (``$COLUMNS`` first, as :func:`shutil.get_terminal_size` reads it), else
    none: a file or a pipe gets whole lines, for programs and for a reader's own wrapping."""
    if width is not None:
        return width or None
    if output is not None or not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def format_option(
    choices: Sequence[str] = FORMATS,
    help: str = "text for a terminal, markdown, or json for programs ('newsdesk schema "
    "COMMAND' prints its schema).",
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """-f/--format: ``text`` (the default) and the other forms a command writes."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help=help,
    )


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)


def story_options(command: Callable[..., None]) -> Callable[..., None]:
    """-f/--format, --cluster, --split, -o/--output and --width, shared by the commands that
    read one story."""
    command = width_option(command)
    command = output_option(command)
    command = click.option(
        "--split",
        is_flag=True,
        default=None,
        help="Split text on '|||||' into articles (Multi-News style; files named *.src are "
        "split without it).",
    )(command)
    command = click.option(
        "--cluster",
        metavar="ID|N",
        help="Which cluster of a JSONL file to read: its id, or its number (1 is the first) as "
        "'newsdesk clusters FILE' lists them.",
    )(command)
    return format_option()(command)


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


@contextlib.contextmanager
def progress_bar(unit: str, total: int | None = None, initial: int = 0) -> Iterator[Any]:
    """A tqdm bar on standard error for long work: the count done of ``total`` (with the
    rate and the time left, when the total is known), in ``unit`` (plural). None when
    standard error is not a terminal or ``-q`` was given: nothing in a log or a pipe."""
    if is_quiet() or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[misc]
        monitor_interval = 0  # no monitor thread: worker processes may be forked after this

    with Bar(total=total, initial=initial, unit=f" {unit}", file=sys.stderr, smoothing=0.1) as bar:
        yield bar
