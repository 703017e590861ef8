"""Select: summarizers, one module each, behind the :class:`Summarizer` interface."""

from newsdesk.select.base import Budget, Summarizer

__all__ = ["Budget", "Summarizer"]
