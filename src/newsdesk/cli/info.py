"""``newsdesk clusters``, ``schema`` and ``summarizers``: what a file, the JSON output and the
registry hold."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.common import Command, existing_file
from newsdesk.errors import InputError
from newsdesk.files import display_name
from newsdesk.schemas import ALIASES, SCHEMAS
from newsdesk.text import plural, shown


@click.command("clusters", cls=Command)
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
def clusters_command(data: Path) -> None:
    """List the clusters of a JSONL file: number, id, articles, first headline (for
    --cluster N or --cluster ID), tab-separated."""
    from newsdesk.ingest import list_clusters

    existing_file(data)
    found = 0
    for info in list_clusters(data):
        found += 1
        click.echo(
            f"{found}\t{shown(info.id or f'(line {info.line}, no id)')}\t"
            f"{plural(info.articles, 'article')}\t{info.headline}"
        )
    if not found:
        raise InputError(
            f"{display_name(data)}: no cluster (one JSON object a line, with 'documents')"
        )


@click.command("schema", cls=Command)
@click.argument(
    "name",
    default="brief",
    type=click.Choice([*SCHEMAS, *ALIASES]),
)
def schema_command(name: str) -> None:
    """Print the JSON Schema of a command's JSON output: brief (summarize, the default),
    comparison (compare), check, story, stories or batch (one line)."""
    from newsdesk.schemas import schema_text

    click.echo(schema_text(name), nl=False)


@click.command("summarizers", cls=Command)
def summarizers_command() -> None:
    """List the registered summarizer names."""
    from newsdesk import registry

    for name in registry.available():
        target = registry.resolve(name)
        click.echo(name if target == name else f"{name} -> {target}")


COMMANDS = (clusters_command, schema_command, summarizers_command)
