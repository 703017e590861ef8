"""Errors newsdesk raises. The CLI turns each into one line and its ``exit_code``.

Exit codes: one table, :data:`EXIT_CODES`, shown by ``newsdesk --help`` and in the README (a
test checks that both, and this list, match it):

- 0 success
- 1 internal error (please report it; ``NEWSDESK_DEBUG=1`` shows the traceback)
- 2 bad command-line usage: a missing argument, an unknown option, an option value out of
  range, options that do not go together
- 3 no usable input: a missing path, nothing readable (the message lists what was skipped)
- 5 unknown summarizer
- 6 a feature needs an optional extra that is not installed (the message says what to install)
- 7 the output cannot be written (disk full, no permission; ``-o FILE`` is left as it was)
- 8 ``newsdesk check``: some sentence of the draft is not supported by the sources (the report
  is written first)
- 130 interrupted (Ctrl-C); ``batch -o FILE`` continues with ``--resume``

(4, which once meant "an option out of range", is no longer used: such values are usage
errors, 2.)
"""

from __future__ import annotations

import logging
import re

#: Every exit code of the ``newsdesk`` command and what it means, in one table.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "success"),
    (1, "internal error (please report it; NEWSDESK_DEBUG=1 shows the traceback)"),
    (
        2,
        "bad command-line usage: a missing argument, an unknown option, an option value out "
        "of range, options that do not go together",
    ),
    (3, "no usable input: a missing path, nothing readable (the message lists what was skipped)"),
    (5, "unknown summarizer"),
    (
        6,
        "a feature needs an optional extra that is not installed (the message says what to "
        "install)",
    ),
    (7, "the output cannot be written (disk full, no permission; -o FILE is left as it was)"),
    (
        8,
        "newsdesk check: some sentence of the draft is not supported by the sources (the "
        "report is written first)",
    ),
    (130, "interrupted (Ctrl-C); batch -o FILE continues with --resume"),
)
USAGE_EXIT_CODE = 2
INTERRUPTED_EXIT_CODE = 130


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""

    exit_code = 1


class InputError(NewsdeskError):
    """The input cannot be read or holds no usable article."""

    exit_code = 3


class ConfigError(NewsdeskError, ValueError):
    """An option has a value outside what it accepts, or options that do not go together.

    At the command line this is a usage error (exit code 2, with the command's usage line).
    """

    exit_code = USAGE_EXIT_CODE

    def __init__(self, parameter: str, allowed: str, received: object) -> None:
        super().__init__(f"{parameter} must be {allowed}; got {received!r}")
        self.parameter = parameter
        self.allowed = allowed
        self.received = received


class MissingOptionError(ConfigError):
    """An option the input needs was not given (a JSONL file of several clusters and no
    ``--cluster``): a usage error as well, with a message that says what to give."""

    def __init__(self, parameter: str, message: str) -> None:
        NewsdeskError.__init__(self, message)
        self.parameter = parameter
        self.allowed = message
        self.received = None


class UnknownSummarizerError(NewsdeskError, KeyError):
    """No summarizer is registered under the requested name."""

    exit_code = 5

    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.available = available

    def __str__(self) -> str:
        return f"unknown summarizer {self.name!r}; available: {', '.join(self.available)}"


class MissingExtraError(NewsdeskError, ImportError):
    """A feature needs an optional extra that is not installed."""

    exit_code = 6

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional extra: pip install 'newsdesk[{extra}]'")
        self.extra = extra


class OutputError(NewsdeskError):
    """The output could not be written (disk full, no permission, ...)."""

    exit_code = 7

    def __init__(self, target: str, reason: OSError | str) -> None:
        if isinstance(reason, OSError):
            reason = reason.strerror or str(reason)
        super().__init__(f"cannot write {target}: {reason}")
        self.target = target
        self.reason = reason


class Interrupted(NewsdeskError):
    """The run was interrupted (Ctrl-C, SIGINT); the message says how to continue it."""

    exit_code = INTERRUPTED_EXIT_CODE


class UnsupportedDraftError(NewsdeskError):
    """``newsdesk check``: some sentence of the draft is not supported by the sources."""

    exit_code = 8

    def __init__(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        wrong = ", ".join(f"{n} {v}" for v, n in counts.items() if n and v != "supported")
        sentences = f"{total} sentence{'' if total == 1 else 's'}"
        super().__init__(f"the draft is not fully supported: {wrong} (of {sentences})")
        self.counts = counts


# -- secrets: never in a message, a log line or an HTTP answer --------------------------------

_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s/@:]*):[^\s/@]*@")
_PASSWORD_PARAMETER = re.compile(r"(?i)\b(password|passwd|pwd)=[^\s&;]*")


def mask_secrets(text: str) -> str:
    """``text`` with the password of every URL in it (``scheme://user:password@host``, any
    scheme) and every ``password=`` parameter replaced by ``***``."""
    return _PASSWORD_PARAMETER.sub(r"\1=***", _URL_PASSWORD.sub(r"\1:***@", text))


class MaskSecrets(logging.Filter):
    """A log handler's filter that masks passwords in every line it writes (see
    :func:`mask_secrets`): a store's URL may reach a log through a library's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            # A traceback's last line repeats the exception's message: format it here, masked.
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = mask_secrets(formatted), None
        return True
