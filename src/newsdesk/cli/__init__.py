"""The ``newsdesk`` command: a thin face over the library.

One module per group of commands, each importing at its top only Click and what its options
need (the library is imported when a command runs, so ``--help``, ``-V``, usage errors and shell
completion load none of it):

- :mod:`~newsdesk.cli.summarize`: ``summarize``, ``compare``, ``check`` (one story in);
- :mod:`~newsdesk.cli.batch`: ``batch``, ``evaluate`` (a JSONL file of clusters);
- :mod:`~newsdesk.cli.desk`: ``add``, ``stories``, ``story`` (the desk's store);
- :mod:`~newsdesk.cli.serve`: ``serve`` (the HTTP API and the page);
- :mod:`~newsdesk.cli.info`: ``clusters``, ``schema``, ``summarizers``;
- :mod:`~newsdesk.cli.common`: the options several commands share, and writing results.

This module holds the ``newsdesk`` group itself (``-v``, ``-q``, ``-V``) and :func:`main`.
Each command parses its options, builds a :class:`SummaryConfig`, makes one library call and
renders the result. Errors become one line on standard error (a usage error also shows the
command's usage and where to find help) and the exit code of the table in
:mod:`newsdesk.errors` (``newsdesk --help`` shows it); set ``NEWSDESK_DEBUG=1`` to see
tracebacks. Shell completion is Click's: ``eval "$(_NEWSDESK_COMPLETE=bash_source newsdesk)"``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from newsdesk import __version__
from newsdesk.cli import batch, desk, info, serve, summarize
from newsdesk.cli.common import configure_logging, quiet_option, verbose_option
from newsdesk.errors import EXIT_CODES, USAGE_EXIT_CODE, Interrupted, NewsdeskError, mask_secrets
from newsdesk.text import shown


def exit_code_table() -> str:
    """The exit codes of :data:`newsdesk.errors.EXIT_CODES` as ``newsdesk --help`` shows them."""
    return "\n".join(f"  {code:<5}{meaning}" for code, meaning in EXIT_CODES)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
    epilog="\b\nExit codes:\n" + exit_code_table() + "\n\n\b\nShell completion (bash; zsh, fish: "
    'zsh_source, fish_source):\n  eval "$(_NEWSDESK_COMPLETE=bash_source newsdesk)"',
)
@click.version_option(__version__, "-V", "--version", prog_name="newsdesk")
@click.option("-v", "--verbose", is_flag=True, help=verbose_option().help)
@click.option("-q", "--quiet", is_flag=True, help=quiet_option().help)
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Write one short, cited brief from several news articles about the same event."""
    configure_logging(verbose=verbose, quiet=quiet)
    ctx.obj = {"quiet": quiet, "verbose": verbose}
    if ctx.invoked_subcommand is None:  # bare `newsdesk`: the commands, and success
        click.echo(ctx.get_help())


for _module in (summarize, batch, desk, serve, info):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


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
        click.echo(f"newsdesk: error: {_said(exc.format_message())}", err=True)
        return USAGE_EXIT_CODE
    except click.ClickException as exc:
        click.echo(f"newsdesk: error: {_said(exc.format_message())}", err=True)
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("newsdesk: interrupted", err=True)
        return Interrupted.exit_code
    except NewsdeskError as exc:
        click.echo(f"newsdesk: error: {_said(str(exc))}", err=True)
        return exc.exit_code
    except OSError as exc:
        click.echo(
            _said(f"newsdesk: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")),
            err=True,
        )
        return 3
    except Exception as exc:
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        click.echo(
            f"newsdesk: internal error: {type(exc).__name__}: {_said(str(exc))} "
            "(please report it; NEWSDESK_DEBUG=1 shows the traceback)",
            err=True,
        )
        return 1
    return 0


def _said(text: str) -> str:
    """An error message fit to print: control characters escaped, a password masked (a --db
    URL may hold one)."""
    return shown(mask_secrets(text))


def entry_point() -> None:
    sys.exit(main())
