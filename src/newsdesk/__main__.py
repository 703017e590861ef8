"""``python -m newsdesk``: the same as the ``newsdesk`` command."""

from newsdesk.cli import entry_point

entry_point()
