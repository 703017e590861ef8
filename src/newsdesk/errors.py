"""Errors newsdesk raises. The CLI turns each into one line and its ``exit_code``.

Exit codes (also in the README): 0 success, 1 unexpected internal error, 2 bad command-line
usage, 3 no usable input, 4 invalid option value, 5 unknown summarizer, 6 missing optional extra,
7 the output could not be written (disk full, say), 8 a checked draft is not fully supported by
its sources (``newsdesk check``).
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""

    exit_code = 1


class InputError(NewsdeskError):
    """The input cannot be read or holds no usable article."""

    exit_code = 3


class ConfigError(NewsdeskError, ValueError):
    """An option has a value outside what it accepts."""

    exit_code = 4

    def __init__(self, parameter: str, allowed: str, received: object) -> None:
        super().__init__(f"{parameter} must be {allowed}; got {received!r}")
        self.parameter = parameter
        self.allowed = allowed
        self.received = received


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


class UnsupportedDraftError(NewsdeskError):
    """``newsdesk check``: some sentence of the draft is not supported by the sources."""

    exit_code = 8

    def __init__(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        wrong = ", ".join(f"{n} {v}" for v, n in counts.items() if n and v != "supported")
        super().__init__(f"the draft is not fully supported: {wrong} (of {total} sentences)")
        self.counts = counts
