"""The reading kit of benchmarks/ (issue 28): the fixed sample, the sheet, and the scorer's
figures and agreement on a tiny hand-made pair of sheets. Nothing here needs ../shared."""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT / "benchmarks"))  # appended: its scripts shadow no installed module

import reading  # noqa: E402
import reading_score  # noqa: E402
from reading_score import SheetError  # noqa: E402


def row(sample: str, part: str, kind: str, **cells: str) -> dict[str, str]:
    filled = {"sample": sample, "part": part, "words": "120", "kind": kind, **cells}
    return {column: filled.get(column, "") for column in reading.COLUMNS}


def sentence(
    sample: str, part: str, position: int, key: str, cited: str, articles: int, **marks: str
) -> dict[str, str]:
    article_id, index = key.split(":")
    plain = dict.fromkeys(("context", "voice", "furniture", "fragment", "repeat", "stale"), "n")
    return row(
        sample, part, "sentence", position=str(position), article_id=article_id, index=index,
        article=cited.split(",")[0], cited=cited, articles=str(articles), **{**plain, **marks},
    )  # fmt: skip


def brief(sample: str, part: str, articles: int, **marks: str) -> dict[str, str]:
    return row(sample, part, "brief", articles=str(articles), **marks)


# Reader A: a Multi-News brief of 3 sentences (3 sources) and the example's of 2 (2 sources).
READER_A = [
    sentence("mn1", "multinews", 1, "a1:0", "1,2", 3, wrong="-", missed="3"),
    sentence("mn1", "multinews", 2, "a2:4", "2", 3, context="description", wrong="2"),
    sentence("mn1", "multinews", 3, "a1:5", "1,3", 3, furniture="promo", repeat="y", stale="y"),
    brief("mn1", "multinews", 3, lead="partly", missing="the toll", verdict="light"),
    sentence("seed-cluster", "example", 1, "b1:2", "1", 2, voice="y"),
    sentence("seed-cluster", "example", 2, "b2:0", "1,2", 2, context="name,pronoun", wrong="1"),
    brief("seed-cluster", "example", 2, lead="no", missing="-", verdict="no"),
]
# Reader B differs on three cells: a context mark, a furniture kind, a lead.
READER_B = [dict(r) for r in READER_A]
READER_B[0]["context"] = "sequence"
READER_B[2]["furniture"] = "caption"
READER_B[6]["lead"] = "partly"
SAMPLE = [("multinews", "mn1"), ("example", "seed-cluster")]


def sheet(tmp_path: Path, name: str, rows: list[dict[str, str]]) -> reading_score.Reading:
    path = tmp_path / f"{name}.tsv"
    reading.write_sheet(path, ["a hand-made sheet"], rows)
    return reading_score.read_sheet(path)


def test_the_figures_of_one_reading(tmp_path: Path) -> None:
    every = reading_score.figures(sheet(tmp_path, "a", READER_A))
    assert (every.briefs, every.sentences) == (2, 5)
    assert every.cannot_run == 4  # context x2, furniture, voice
    assert dict(every.marked) == {
        "context": 2, "voice": 1, "furniture": 1, "fragment": 0, "repeat": 1, "stale": 1,
    }  # fmt: skip
    assert dict(every.context_kinds) == {"description": 1, "name": 1, "pronoun": 1}
    assert (every.citations, every.wrong, every.missed) == (8, 2, 1)
    assert every.citation_precision == pytest.approx(6 / 8)
    assert every.missed_share == pytest.approx(1 / 7)  # 1 missed of 6 rightly cited + 1
    assert every.sentences_missing_a_citation == 1
    assert every.briefs_with_a_repeat == 1
    assert dict(every.leads) == {"yes": 0, "partly": 1, "no": 1}
    assert dict(every.verdicts) == {"as is": 0, "light": 1, "no": 1}
    assert every.publishable == 1


def test_figures_per_part_and_the_table(tmp_path: Path) -> None:
    a = sheet(tmp_path, "a", READER_A)
    news = reading_score.figures(a.part("multinews"))
    assert (news.sentences, news.cannot_run, news.citations, news.wrong) == (3, 2, 5, 1)
    table = reading_score.figures_table(a)
    assert "66.7% (2/3)" in table  # Multi-News cannot run
    assert "80.0% (4/5)" in table  # all parts cannot run
    assert "75.0% (6/8)" in table  # citation precision
    assert "0 / 1 / 1" in table  # leads yes / partly / no, and verdicts as is / light / no


def test_cohen_kappa_of_a_textbook_table() -> None:
    # 50 items: both yes 20, yes/no 5, no/yes 10, both no 15: observed 0.7, chance 0.5.
    first = ["y"] * 25 + ["n"] * 25
    second = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert reading_score.cohen_kappa(first, second) == pytest.approx(0.4)
    assert reading_score.cohen_kappa(["n", "n"], ["n", "n"]) is None  # one label: undefined
    assert reading_score.cohen_kappa(["y", "n"], ["n", "y"]) == pytest.approx(-1.0)


def test_the_agreement_of_two_readers(tmp_path: Path) -> None:
    a, b = sheet(tmp_path, "a", READER_A), sheet(tmp_path, "b", READER_B)
    found = {x.column: x for x in reading_score.agreement(a, b)}
    context = found["context"]  # A marks sentences 2 and 5, B also sentence 1
    assert (context.items, context.alike) == (5, 4)
    assert context.kappa == pytest.approx((0.8 - 0.48) / 0.52)
    assert (found["furniture"].alike, found["furniture"].kappa) == (5, pytest.approx(1.0))
    assert found["fragment"].kappa is None  # nobody marked a fragment
    assert (found["furniture kind (both marked)"].alike, found["lead"].alike) == (0, 1)
    assert found["lead"].kappa == pytest.approx(0.0)
    assert found["verdict"].alike == 2
    differing = [(d.sample, d.position, d.column, d.first, d.second)
                 for d in reading_score.differences(a, b)]  # fmt: skip
    assert differing == [
        ("mn1", 1, "context", "n", "sequence"),
        ("mn1", 3, "furniture", "promo", "caption"),
        ("seed-cluster", None, "lead", "no", "partly"),
    ]


def test_the_sheet_to_resolve_waits_for_the_readers(tmp_path: Path) -> None:
    a, b = sheet(tmp_path, "a", READER_A), sheet(tmp_path, "b", READER_B)
    path = tmp_path / "resolved.tsv"
    reading_score.write_resolution(path, a, b)
    with pytest.raises(SheetError, match="not overwritten"):
        reading_score.write_resolution(path, a, b)
    with pytest.raises(SheetError, match=r"context not decided yet \('\?'\)"):
        reading_score.read_sheet(path)
    text = path.read_text(encoding="utf-8")
    assert "context: a n, b sequence" in text
    decided = text.replace("\t?\t", "\tn\t", 1).replace("\t?\t", "\tcaption\t", 1)
    decided = decided.replace("\t?\t", "\tpartly\t", 1)
    resolved = reading_score.parse_sheet(decided, "resolved.tsv")
    reading_score.check_same_keys(a, resolved)
    assert reading_score.figures(resolved).leads["partly"] == 2


@pytest.mark.parametrize(
    ("position", "column", "value", "message"),
    [
        (0, "voice", "maybe", "voice is 'maybe'; allowed: y / n"),
        (0, "context", "y", "context is 'y'; allowed: n, or one or more of description"),
        (0, "context", "", "context is empty (not marked)"),
        (1, "furniture", "advert", "furniture is 'advert'"),
        (0, "wrong", "3", "wrong names 3, which it does not cite"),
        (0, "missed", "2", "missed names 2, which it cites already"),
        (0, "missed", "9", "missed names a source over 3"),
        (0, "missed", "two", "not source numbers"),
        (0, "lead", "yes", "lead is for the brief row"),
        (3, "verdict", "publish", "verdict is 'publish'; allowed: as is / light / no"),
        (3, "lead", "", "lead is empty (not marked)"),
        (3, "context", "n", "context is for sentence rows"),
        (0, "kind", "sentences", "neither 'sentence' nor 'brief'"),
        (1, "position", "3", "not positions 1..n"),
        (0, "article_id", "zz", "are not those it was written with"),
    ],
)
def test_a_bad_cell_is_a_clear_error(
    tmp_path: Path, position: int, column: str, value: str, message: str
) -> None:
    path = tmp_path / "bad.tsv"
    reading.write_sheet(path, [], READER_A)
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1
    cells = lines[first + position].split("\t")
    cells[reading.COLUMNS.index(column)] = value
    lines[first + position] = "\t".join(cells)
    if column == "position":  # a sheet without its digest line: the structure is checked
        lines = [line for line in lines if not line.startswith(f"# {reading.KEYS_LINE}")]
    with pytest.raises(SheetError, match=re.escape(message)):
        reading_score.parse_sheet("\n".join(lines), "bad.tsv")


def test_sheets_that_do_not_match_the_sample_or_each_other(tmp_path: Path) -> None:
    a = sheet(tmp_path, "a", READER_A)
    reading_score.check_sample(a, SAMPLE)
    with pytest.raises(SheetError, match="missing duc d1; not in the sample none"):
        reading_score.check_sample(a, [*SAMPLE, ("duc", "d1")])
    shorter = sheet(tmp_path, "short", READER_A[3:])  # the first brief without sentences
    with pytest.raises(SheetError, match="do not mark the same briefs: 3 rows only in the first"):
        reading_score.agreement(a, shorter)
    with pytest.raises(SheetError, match="no header"):
        reading_score.parse_sheet("# only comments\n", "empty.tsv")
    with pytest.raises(SheetError, match="missing: note"):
        reading_score.parse_sheet("\t".join(reading.COLUMNS[:-1]) + "\n", "old.tsv")


def test_the_sample_is_drawn_with_the_seed_in_file_order(tmp_path: Path) -> None:
    for name, prefix, count in (("multinews-dev.jsonl", "m", 35), ("duc2003-task2.jsonl", "d", 12)):
        lines = [json.dumps({"id": f"{prefix}{i:02d}", "documents": ["x"], "summaries": ["y"]})
                 for i in range(count)]  # fmt: skip
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    sample = reading.draw_sample(tmp_path)
    expected = []
    for prefix, count, n in (("m", 35, 30), ("d", 12, 10)):
        ids = [f"{prefix}{i:02d}" for i in range(count)]
        drawn = set(random.Random(2026).sample(ids, n))
        expected += [i for i in ids if i in drawn]
    assert [item.id for item in sample] == [*expected, "seed-cluster"]
    assert [item.part for item in sample] == ["multinews"] * 30 + ["duc"] * 10 + ["example"]
    assert reading.draw_sample(tmp_path) == sample


@pytest.fixture(scope="module")
def example_brief() -> object:
    item = reading.Sampled("example", "seed-cluster", reading.EXAMPLE)
    return item, reading.brief_of(item, 120, "newsdesk")


def test_the_brief_read_is_the_one_summarize_prints(example_brief: tuple) -> None:
    from newsdesk.render import render

    _, written = example_brief
    printed = CliRunner().invoke(
        cli, ["summarize", str(reading.EXAMPLE), "--words", "120", "--format", "json"]
    )
    assert printed.exit_code == 0, printed.output
    assert render(written, "json") == printed.output


def test_the_packet_and_the_blank_rows_of_a_brief(example_brief: tuple, tmp_path: Path) -> None:
    item, written = example_brief
    rows = reading.sheet_rows(item, written, 120)
    assert [r["kind"] for r in rows] == ["sentence"] * len(written.sentences) + ["brief"]
    story = written.story
    text = reading.packet(41, 41, item, written, 120)
    for position, (r, s) in enumerate(zip(rows, written.sentences, strict=False), 1):
        assert (r["article_id"], r["index"]) == (s.sentence.article_id, str(s.sentence.index))
        cited = sorted(story.article_number(c.article_id) for c in s.citations)
        assert r["cited"] == ",".join(map(str, cited))
        assert f"key: article_id {r['article_id']} index {r['index']}" in text
        assert f"[>> brief {position}" in text
    for number, article in enumerate(story.articles, 1):
        assert f"[{number}] {article.source} | article_id {article.id}" in text
    assert "(none: the example has no reference summary)" in text
    # A blank sheet is refused until marked; marked with no fault, it scores.
    path = tmp_path / "blank.tsv"
    reading.write_sheet(path, ["blank"], rows)
    with pytest.raises(SheetError, match="not marked"):
        reading_score.read_sheet(path)
    for r in rows:
        if r["kind"] == "sentence":
            r.update(dict.fromkeys(reading.SENTENCE_MARKS, "n"))
        else:
            r.update(lead="yes", verdict="as is")
    marked = tmp_path / "marked.tsv"
    with open(marked, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, reading.COLUMNS, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    every = reading_score.figures(reading_score.read_sheet(marked))
    assert (every.cannot_run, every.publishable) == (0, 1)


def test_the_automatic_measures_are_of_the_sheets_briefs(example_brief: tuple) -> None:
    item, written = example_brief
    rows = reading.sheet_rows(item, written, 120)
    for r in rows:
        if r["kind"] == "sentence":
            r.update(dict.fromkeys(reading.SENTENCE_MARKS, "n"))
        else:
            r.update(lead="yes", verdict="as is")
    text = "\t".join(reading.COLUMNS) + "\n" + "\n".join("\t".join(r.values()) for r in rows)
    marked = reading_score.parse_sheet(text, "example.tsv")
    measured = reading_score.automatic(marked, [item], "newsdesk")
    assert len(measured["seed-cluster"].context) == len(written.sentences)
    table = reading_score.automatic_table([marked], measured)
    assert "evaluate" in table and "0.0% (0/1)" in table  # the reading marks no repeat
    with pytest.raises(SheetError, match="differ from the sheet's for 1 of 1 samples"):
        reading_score.automatic(marked, [item], "lead")


def news_data(folder: Path) -> Path:
    """A tiny data folder shaped like ../shared/data: short clusters, one reference each."""
    folder.mkdir()
    text = (
        "Officials in {city} opened a new bridge over the river on Monday, the mayor said. "
        "The bridge cost $12 million and took two years to build.\n\n"
        "Residents of {city} welcomed the bridge, which shortens the drive to the airport."
    )
    other = "The new bridge in {city} opened on Monday. It cost $12 million, the mayor said."
    for name, prefix, count in (("multinews-dev.jsonl", "m", 31), ("duc2003-task2.jsonl", "d", 10)):
        with open(folder / name, "w", encoding="utf-8") as handle:
            for i in range(count):
                city = f"Town{i}"
                record = {
                    "id": f"{prefix}{i}",
                    "documents": [text.format(city=city), other.format(city=city)],
                    "summaries": [f"{city} opened a bridge."],
                }
                handle.write(json.dumps(record) + "\n")
    return folder


def test_the_two_scripts_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, out = news_data(tmp_path / "data"), tmp_path / "out"
    assert reading.main(["--data", str(data), "--out", str(out), "--tag", "t"]) == 0
    printed = capsys.readouterr().out
    assert "total: 41 briefs" in printed
    assert len(list((out / "packets").glob("*.txt"))) == 41
    assert len(list((out / "briefs").glob("*.json"))) == 41
    assert "seed 2026" in (out / "sample.txt").read_text(encoding="utf-8")
    assert reading.main(["--data", str(data), "--out", str(out)]) == 2  # never overwritten
    lines = (out / "blank.tsv").read_text(encoding="utf-8").splitlines()
    filled = []
    for line in lines:
        cells = line.split("\t")
        if not line.startswith("#") and cells[3] == "sentence":
            cells[10:16] = ["n"] * 6
        elif not line.startswith("#") and cells[3] == "brief":
            cells[18], cells[20] = "yes", "light"
        filled.append("\t".join(cells))
    sheet_path = tmp_path / "t-reader.tsv"
    sheet_path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    assert reading_score.main([str(sheet_path), "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "publishable (as is or light)" in printed and "100.0% (41/41)" in printed
    assert "newsdesk evaluate's automatic columns" in printed
    assert reading_score.main([str(out / "blank.tsv"), "--data", str(data)]) == 2
    assert "not marked" in capsys.readouterr().err
