from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE

from newsdesk.errors import InputError, UnknownSummarizerError
from newsdesk.evaluate import evaluate

# A reference written by hand from the five example articles.
REFERENCE = (
    "South Korea's president relayed to Donald Trump that Kim Jong Un wants to meet again soon. "
    "The second summit between the two leaders is expected in Vietnam, possibly in late "
    "February, after their first meeting in Singapore in June."
)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    lines = [
        {"id": "example", "documents": documents, "summaries": [REFERENCE]},
        {"id": "no-reference", "documents": documents[:2], "summaries": []},
        {"id": "empty", "documents": [""], "summaries": [REFERENCE]},
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_side_by_side_table_with_protocol_and_intervals(data: Path, tmp_path: Path) -> None:
    evaluation = evaluate(data, words=60, summarizers=["newsdesk", "lead"])
    assert [s.summarizer for s in evaluation.systems] == ["newsdesk.v4", "lead"]
    table = evaluation.table()
    assert "Porter stemming" in table and "cut to 60 words" in table and "seed 0" in table
    assert "skipped" in table and "no reference summaries" in table
    for system in evaluation.systems:
        assert system.clusters == 2 and system.failed == 1  # the empty cluster scores 0
        assert system.low.rouge1 <= system.mean.rouge1 <= system.high.rouge1
    best = max(c.scores.rouge1 for c in evaluation.clusters)
    assert best > 20  # the brief shares words with a reference written from the same articles
    per_cluster = tmp_path / "scores.tsv"
    evaluation.write_per_cluster(per_cluster)
    rows = per_cluster.read_text().splitlines()
    assert rows[0].startswith("summarizer\tid\tline\twords")
    assert len(rows) == 1 + 4
    assert all(int(row.split("\t")[3]) <= 60 for row in rows[1:])


def test_same_numbers_every_run(data: Path) -> None:
    first = evaluate(data, words=60).table()
    assert evaluate(data, words=60).table() == first


def test_unknown_summarizer_fails_before_any_work(data: Path) -> None:
    with pytest.raises(UnknownSummarizerError):
        evaluate(data, words=60, summarizers=["newsdesk", "nope"])


def test_nothing_to_evaluate_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text('{"id": "x", "documents": ["a"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no cluster with reference summaries"):
        evaluate(path, words=60)


def test_focused_clusters_are_scored_beside_their_generic_briefs(tmp_path: Path) -> None:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    record = {
        "id": "venue",
        "documents": documents[2:],
        "seen": documents[:2],
        "query": "Where will the summit be held?",
        "summaries": [REFERENCE],
    }
    path = tmp_path / "focused.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    evaluation = evaluate(path, words=50, recall=True)
    assert [s.summarizer for s in evaluation.systems] == ["newsdesk.v4", "newsdesk.v4 (generic)"]
    focused, generic = evaluation.systems
    assert focused.failed == generic.failed == 0
    assert focused.mean != generic.mean  # the question and what was read change the brief
    assert "newsdesk.v4 (generic)" in evaluation.table()
    # Ignoring the question leaves what was read: still an update, still beside the generic.
    labels = [s.summarizer for s in evaluate(path, words=50, no_query=True).systems]
    assert labels == ["newsdesk.v4", "newsdesk.v4 (generic)"]
