from __future__ import annotations

import io
import json
from pathlib import Path

from conftest import EXAMPLE

from newsdesk.batch import run_batch, summarize_clusters
from newsdesk.config import SummaryConfig


def _data(tmp_path: Path) -> Path:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    lines = [
        json.dumps({"id": "first", "documents": documents}),
        json.dumps({"id": "empty", "documents": ["   "]}),
        "{not json",
        json.dumps({"id": 7, "documents": documents[:2]}),
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_line_per_cluster_in_input_order_and_errors_do_not_stop(tmp_path: Path) -> None:
    out = io.StringIO()
    report = run_batch(_data(tmp_path), SummaryConfig(words=60), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["first", "empty", None, "7"]
    assert (report.clusters, report.failed) == (4, 2)
    assert set(rows[0]) == {"id", "summary"} and set(rows[1]) == {"id", "line", "error"}
    assert "no usable article" in rows[1]["error"]
    assert rows[2]["line"] == 3 and "not a JSON object" in rows[2]["error"]
    summary = rows[0]["summary"]
    assert len(summary.split()) <= 60 and "\n" in summary  # sentences, one a line


def test_batch_summary_is_the_brief_text(tmp_path: Path) -> None:
    from newsdesk.pipeline import summarize

    first = next(summarize_clusters(_data(tmp_path), SummaryConfig(words=60)))
    brief = summarize([EXAMPLE], words=60)
    assert first.summary == brief.text
