"""Small streams of real articles for the desk's tests (the example cluster and copies of it)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE, FIXTURES


def example_texts() -> list[tuple[str, str]]:
    """The five example articles: (file name, text)."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLE.glob("*.txt"))]


def copy_of(text: str, outlet: str) -> str:
    """What an outlet running agency copy does to it: its own byline, the last paragraph cut."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return f"By {outlet} staff\n\n" + "\n\n".join(paragraphs[:-1] or paragraphs)


def write_stream(path: Path) -> list[str]:
    """A JSONL stream: the example articles, two outlets' copies of each, and one HTML page.
    Returns the ids in order."""
    records = []
    for name, text in example_texts():
        records.append({"id": name, "text": text, "source": name})
    for name, text in example_texts():
        for outlet in ("Daily Planet", "Gazette"):
            records.append(
                {"id": f"{outlet}:{name}", "text": copy_of(text, outlet), "source": outlet}
            )
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    records.append({"id": "article.html", "html": html, "source": "article.html"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [str(r["id"]) for r in records]
