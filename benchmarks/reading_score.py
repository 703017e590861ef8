"""Figures from marked reading sheets (shared/READING.md, issue 28).

A sheet is the ``blank.tsv`` that ``benchmarks/reading.py`` writes, filled by one reader
(``benchmarks/reading/TAG-READER.tsv``). Given one sheet this prints the reading's figures per
part (Multi-News, DUC, the example) and overall: the share of sentences that cannot run
(context, voice, furniture or fragment), each column's share, repeats, stale sentences,
citation precision and missed citations, leads, verdicts, and the share publishable. Given two
sheets of the same sample (two readers, blind to each other) it adds their agreement per column
(the share of items marked alike, and Cohen's kappa) and the items where they differ, to be
resolved; ``--to-resolve FILE`` writes a sheet with the agreed marks and the differing cells
empty, and ``--resolved FILE`` (that sheet, filled) gives the figures to report.

Beside the reading it prints what ``newsdesk evaluate``'s automatic columns (context, repeats;
:mod:`newsdesk.evaluate.reading`) give on the same briefs, written again by this checkout;
when the briefs are no longer those of the sheet (another commit, another summarizer), it says
so and stops (``--no-auto`` skips this part).

Kappa: Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
Measurement 20(1), 1960: (observed - chance agreement) / (1 - chance agreement), chance from
each reader's own marginal shares.

Usage:
  python benchmarks/reading_score.py SHEET [SHEET2] [--resolved FILE] [--to-resolve FILE]
                                     [--data ../shared/data] [--summarizer NAME] [--no-auto]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # reading.py, beside this file (appended: it shadows nothing)
    sys.path.append(HERE)

from reading import (  # noqa: E402 (after the path is set)
    BRIEF_MARKS,
    CITATION_MARKS,
    COLUMNS,
    CONTEXT_KINDS,
    DATA,
    FURNITURE_KINDS,
    KEYS_LINE,
    LEADS,
    NONE,
    PART_NAMES,
    SENTENCE_MARKS,
    SHEET_HELP,
    VERDICTS,
    Sampled,
    brief_of,
    draw_sample,
    keys_digest,
    write_sheet,
)

YES_NO = ("y", "n")
UNDECIDED = "?"  # a cell the resolution left for the readers to decide
# The columns that make a sentence unable to run (READING.md, "Figures").
CANNOT_RUN = ("context", "voice", "furniture", "fragment")


Marks = TypeVar("Marks", "SentenceMarks", "BriefMarks")


class SheetError(Exception):
    """A sheet that cannot be scored: the message says where and why."""


@dataclass(frozen=True)
class SentenceMarks:
    """One reader's marks on one brief sentence."""

    sample: str
    part: str
    words: int
    position: int
    article_id: str
    index: int
    article: int
    cited: tuple[int, ...]
    articles: int
    context: frozenset[str]
    voice: bool
    furniture: frozenset[str]
    fragment: bool
    repeat: bool
    stale: bool
    wrong: frozenset[int]
    missed: frozenset[int]
    note: str = ""
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, int, int, str, int]:
        return (self.sample, self.words, self.position, self.article_id, self.index)

    def marked(self, column: str) -> bool:
        """Whether the sentence has the fault of a mark column (a kind given, or ``y``)."""
        return bool(getattr(self, column))

    @property
    def cannot_run(self) -> bool:
        return any(self.marked(column) for column in CANNOT_RUN)


@dataclass(frozen=True)
class BriefMarks:
    """One reader's marks on one brief as a whole."""

    sample: str
    part: str
    words: int
    articles: int
    lead: str
    missing: str
    verdict: str
    note: str = ""
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.sample, self.words)


@dataclass(frozen=True)
class Reading:
    """A marked sheet: every sentence row and every brief row, in the sheet's order."""

    name: str
    sentences: tuple[SentenceMarks, ...]
    briefs: tuple[BriefMarks, ...]
    rows: tuple[dict[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def words(self) -> int:
        return self.briefs[0].words

    def part(self, part: str | None) -> Reading:
        """The rows of one part (``None``: all)."""
        if part is None:
            return self
        return Reading(
            f"{self.name} ({part})",
            tuple(s for s in self.sentences if s.part == part),
            tuple(b for b in self.briefs if b.part == part),
        )

    def of(self, sample: str) -> list[SentenceMarks]:
        return [s for s in self.sentences if s.sample == sample]


# --- reading a sheet --------------------------------------------------------------------------


def read_sheet(path: str | Path) -> Reading:
    """Parse and validate a marked sheet; :class:`SheetError` says what is wrong and where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}: cannot read it ({exc})") from exc
    return parse_sheet(text, str(path))


def parse_sheet(text: str, name: str) -> Reading:
    """Parse a sheet's text (``#`` lines are comments; the first other line is the header)."""
    header: list[str] | None = None
    digest: str | None = None
    sentences: list[SentenceMarks] = []
    briefs: list[BriefMarks] = []
    rows: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"# {KEYS_LINE}"):
            digest = line[len(f"# {KEYS_LINE}") :].split()[0]
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t"))
        if header is None:
            header = [cell.strip() for cell in cells]
            if tuple(header) != COLUMNS:
                missing = [c for c in COLUMNS if c not in header]
                extra = [c for c in header if c not in COLUMNS]
                raise SheetError(
                    f"{name}:{number}: the header is not the sheet's: expected the columns "
                    f"{', '.join(COLUMNS)} in this order"
                    + (f"; missing: {', '.join(missing)}" if missing else "")
                    + (f"; unknown: {', '.join(extra)}" if extra else "")
                )
            continue
        if len(cells) > len(COLUMNS):
            raise SheetError(f"{name}:{number}: {len(cells)} cells, the sheet has {len(COLUMNS)}")
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=False))
        row = {column: row.get(column, "") for column in COLUMNS}
        kind = row["kind"]
        which = f"sentence {row['position'] or '?'}" if kind == "sentence" else f"{kind} row"
        where = f"{name}:{number} (sample {row['sample'] or '?'}, {which})"
        undecided = [c for c, value in row.items() if value == UNDECIDED and c != "note"]
        if undecided:
            raise SheetError(f"{where}: {', '.join(undecided)} not decided yet ('?')")
        if kind == "sentence":
            sentences.append(_sentence(row, where, number))
        elif kind == "brief":
            briefs.append(_brief(row, where, number))
        else:
            raise SheetError(f"{where}: kind {kind!r} is neither 'sentence' nor 'brief'")
        rows.append(row)
    if header is None:
        raise SheetError(f"{name}: no header line (sample, part, words, ...)")
    if digest is not None and digest != keys_digest(rows):
        raise SheetError(
            f"{name}: its key columns (sample..articles) are not those it was written with "
            "(a key edited, or rows added or lost): copy the blank sheet again"
        )
    reading = Reading(Path(name).stem, tuple(sentences), tuple(briefs), tuple(rows))
    _check_structure(reading, name)
    return reading


def _integer(value: str, column: str, where: str, least: int) -> int:
    if not value.isdigit() or int(value) < least:
        raise SheetError(f"{where}: {column} {value!r} is not a whole number >= {least}")
    return int(value)


def _numbers(value: str, column: str, where: str) -> tuple[int, ...]:
    if value in ("", NONE):
        return ()
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isdigit() and int(part) >= 1 for part in parts):
        raise SheetError(
            f"{where}: {column} {value!r} is not source numbers separated by commas (e.g. 2,5), "
            f"nor {NONE} or empty for none"
        )
    return tuple(sorted({int(part) for part in parts}))


def _choice(value: str, column: str, where: str, allowed: Sequence[str]) -> str:
    folded = " ".join(value.lower().split())
    if folded not in allowed:
        shown = "empty (not marked)" if not value else repr(value)
        raise SheetError(f"{where}: {column} is {shown}; allowed: {' / '.join(allowed)}")
    return folded


def _kinds(value: str, column: str, where: str, kinds: Sequence[str]) -> frozenset[str]:
    folded = value.lower().replace(" ", "")
    if folded == "n":
        return frozenset()
    given = folded.split(",") if folded else []
    if not given or any(kind not in kinds for kind in given):
        shown = "empty (not marked)" if not value else repr(value)
        raise SheetError(
            f"{where}: {column} is {shown}; allowed: n, or one or more of {','.join(kinds)}"
        )
    return frozenset(given)


def _key_cells(row: Mapping[str, str], where: str) -> tuple[str, str, int, int]:
    if not row["sample"]:
        raise SheetError(f"{where}: no sample id")
    part = _choice(row["part"], "part", where, PART_NAMES)
    words = _integer(row["words"], "words", where, 1)
    articles = _integer(row["articles"], "articles", where, 1)
    return row["sample"], part, words, articles


def _sentence(row: Mapping[str, str], where: str, line: int) -> SentenceMarks:
    sample, part, words, articles = _key_cells(row, where)
    for column in BRIEF_MARKS:
        if row[column]:
            raise SheetError(f"{where}: {column} is for the brief row; leave it empty here")
    cited = _numbers(row["cited"], "cited", where)
    marks = SentenceMarks(
        sample=sample,
        part=part,
        words=words,
        position=_integer(row["position"], "position", where, 1),
        article_id=row["article_id"] or _missing("article_id", where),
        index=_integer(row["index"], "index", where, 0),
        article=_integer(row["article"], "article", where, 1),
        cited=cited,
        articles=articles,
        context=_kinds(row["context"], "context", where, CONTEXT_KINDS),
        voice=_choice(row["voice"], "voice", where, YES_NO) == "y",
        furniture=_kinds(row["furniture"], "furniture", where, FURNITURE_KINDS),
        fragment=_choice(row["fragment"], "fragment", where, YES_NO) == "y",
        repeat=_choice(row["repeat"], "repeat", where, YES_NO) == "y",
        stale=_choice(row["stale"], "stale", where, YES_NO) == "y",
        wrong=frozenset(_numbers(row["wrong"], "wrong", where)),
        missed=frozenset(_numbers(row["missed"], "missed", where)),
        note=row["note"],
        line=line,
    )
    if not marks.wrong <= set(cited):
        odd = ",".join(map(str, sorted(marks.wrong - set(cited))))
        raise SheetError(
            f"{where}: wrong names {odd}, which it does not cite (cited: {row['cited']})"
        )
    if marks.missed & set(cited):
        odd = ",".join(map(str, sorted(marks.missed & set(cited))))
        raise SheetError(f"{where}: missed names {odd}, which it cites already")
    if any(number > articles for number in marks.missed):
        raise SheetError(f"{where}: missed names a source over {articles}, the brief's last")
    return marks


def _missing(column: str, where: str) -> str:
    raise SheetError(f"{where}: no {column}")


def _brief(row: Mapping[str, str], where: str, line: int) -> BriefMarks:
    sample, part, words, articles = _key_cells(row, where)
    for column in ("position", "article_id", "index", "article", "cited"):
        if row[column]:
            raise SheetError(f"{where}: {column} is for sentence rows; a brief row has none")
    for column in (*SENTENCE_MARKS, *CITATION_MARKS):
        if row[column]:
            raise SheetError(f"{where}: {column} is for sentence rows; leave it empty here")
    return BriefMarks(
        sample=sample,
        part=part,
        words=words,
        articles=articles,
        lead=_choice(row["lead"], "lead", where, LEADS),
        missing="" if row["missing"] in ("", NONE) else row["missing"],
        verdict=_choice(row["verdict"], "verdict", where, VERDICTS),
        note=row["note"],
        line=line,
    )


def _check_structure(reading: Reading, name: str) -> None:
    """One word budget; one brief row a sample; its sentences numbered 1..n."""
    if not reading.briefs:
        raise SheetError(f"{name}: no brief row")
    budgets = sorted({b.words for b in reading.briefs} | {s.words for s in reading.sentences})
    if len(budgets) > 1:
        raise SheetError(f"{name}: several word budgets ({budgets}); one sheet reads one budget")
    counts = Counter(b.sample for b in reading.briefs)
    doubled = sorted(sample for sample, count in counts.items() if count > 1)
    if doubled:
        raise SheetError(f"{name}: samples with more than one brief row: {', '.join(doubled)}")
    part_of = {b.sample: b.part for b in reading.briefs}
    for sentence in reading.sentences:
        if sentence.sample not in part_of:
            raise SheetError(f"{name}:{sentence.line}: sample {sentence.sample} has no brief row")
        if sentence.part != part_of[sentence.sample]:
            raise SheetError(f"{name}:{sentence.line}: part {sentence.part} differs from its brief")
    for brief in reading.briefs:
        positions = [s.position for s in reading.of(brief.sample)]
        if positions != list(range(1, len(positions) + 1)):
            raise SheetError(
                f"{name}: the sentences of sample {brief.sample} are not positions 1..n in "
                f"order (found {positions})"
            )


def check_sample(reading: Reading, expected: Iterable[tuple[str, str]]) -> None:
    """The sheet reads exactly the fixed sample: ``(part, id)`` pairs."""
    wanted = set(expected)
    found = {(b.part, b.sample) for b in reading.briefs}
    if found != wanted:
        missing = ", ".join(f"{p} {i}" for p, i in sorted(wanted - found)) or "none"
        extra = ", ".join(f"{p} {i}" for p, i in sorted(found - wanted)) or "none"
        raise SheetError(
            f"{reading.name}: its briefs are not the fixed sample (seed 2026): "
            f"missing {missing}; not in the sample {extra}"
        )


def check_same_keys(first: Reading, second: Reading) -> None:
    """Two sheets of one sample: the same rows, keys and citations, in any order."""

    def keys(reading: Reading) -> set[tuple[object, ...]]:
        return {(*s.key, s.article, s.cited, s.articles) for s in reading.sentences} | {
            (*b.key, b.articles) for b in reading.briefs
        }

    only_first, only_second = keys(first) - keys(second), keys(second) - keys(first)
    if only_first or only_second:
        shown = sorted(map(str, only_first | only_second))[:3]
        raise SheetError(
            f"{first.name} and {second.name} do not mark the same briefs: "
            f"{len(only_first)} rows only in the first, {len(only_second)} only in the second "
            f"(e.g. {'; '.join(shown)})"
        )


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What READING.md asks to report, for one reading of some briefs."""

    briefs: int
    sentences: int
    cannot_run: int
    marked: Mapping[str, int]
    context_kinds: Mapping[str, int]
    furniture_kinds: Mapping[str, int]
    citations: int
    wrong: int
    missed: int
    sentences_missing_a_citation: int
    briefs_with_a_repeat: int
    leads: Mapping[str, int]
    verdicts: Mapping[str, int]

    @property
    def citation_precision(self) -> float | None:
        """Citations whose source states the sentence, of all citations."""
        return _share(self.citations - self.wrong, self.citations)

    @property
    def missed_share(self) -> float | None:
        """Sources stating a sentence that it does not cite, of all sources stating it (the
        rightly cited plus the missed): 1 - citation recall."""
        return _share(self.missed, self.citations - self.wrong + self.missed)

    @property
    def publishable(self) -> int:
        return self.verdicts["as is"] + self.verdicts["light"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def figures(reading: Reading) -> Figures:
    sentences = reading.sentences
    repeated = {s.sample for s in sentences if s.repeat}
    return Figures(
        briefs=len(reading.briefs),
        sentences=len(sentences),
        cannot_run=sum(s.cannot_run for s in sentences),
        marked={c: sum(s.marked(c) for s in sentences) for c in SENTENCE_MARKS},
        context_kinds=Counter(kind for s in sentences for kind in s.context),
        furniture_kinds=Counter(kind for s in sentences for kind in s.furniture),
        citations=sum(len(s.cited) for s in sentences),
        wrong=sum(len(s.wrong) for s in sentences),
        missed=sum(len(s.missed) for s in sentences),
        sentences_missing_a_citation=sum(bool(s.missed) for s in sentences),
        briefs_with_a_repeat=sum(b.sample in repeated for b in reading.briefs),
        leads=_counts(LEADS, (b.lead for b in reading.briefs)),
        verdicts=_counts(VERDICTS, (b.verdict for b in reading.briefs)),
    )


def _counts(values: Sequence[str], found: Iterable[str]) -> Counter[str]:
    counts = Counter({value: 0 for value in values})
    counts.update(found)
    return counts


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _of(part: int, whole: int) -> str:
    return f"{percent(_share(part, whole))} ({part}/{whole})"


def _expected(part: float, whole: int) -> str:
    return f"{percent(part / whole if whole else 0.0)} ({part:.1f}/{whole})"


def figures_table(reading: Reading) -> str:
    """The reading's figures, one column a part and one for all."""
    parts = [p for p in PART_NAMES if any(b.part == p for b in reading.briefs)]
    columns = [(p, figures(reading.part(p))) for p in parts] + [("all", figures(reading))]
    rows: list[tuple[str, Callable[[Figures], str]]] = [
        ("briefs", lambda f: str(f.briefs)),
        ("sentences", lambda f: str(f.sentences)),
        ("cannot run (context/voice/furniture/fragment)", lambda f: _of(f.cannot_run, f.sentences)),
        *((f"  {c}", lambda f, c=c: _of(f.marked[c], f.sentences)) for c in CANNOT_RUN),
        ("repeat", lambda f: _of(f.marked["repeat"], f.sentences)),
        ("stale", lambda f: _of(f.marked["stale"], f.sentences)),
        ("citation precision", lambda f: _of(f.citations - f.wrong, f.citations)),
        ("missed citations (of sources stating it)", lambda f: _share_cell(f)),
        (
            "sentences missing a citation",
            lambda f: _of(f.sentences_missing_a_citation, f.sentences),
        ),
        ("briefs with a repeat", lambda f: _of(f.briefs_with_a_repeat, f.briefs)),
        ("leads yes / partly / no", lambda f: " / ".join(str(f.leads[x]) for x in LEADS)),
        ("  leads carrying the news (yes)", lambda f: _of(f.leads["yes"], f.briefs)),
        ("verdicts as is / light / no", lambda f: " / ".join(str(f.verdicts[x]) for x in VERDICTS)),
        ("  publishable (as is or light)", lambda f: _of(f.publishable, f.briefs)),
        ("  publishable as is", lambda f: _of(f.verdicts["as is"], f.briefs)),
    ]
    lines = [f"reading {reading.name}: {reading.words} words", ""]
    lines += _table(
        ["", *(name for name, _ in columns)],
        [[label, *(cell(f) for _, f in columns)] for label, cell in rows],
    )
    every = figures(reading)
    for title, kinds in (("context", every.context_kinds), ("furniture", every.furniture_kinds)):
        if kinds:
            shown = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
            lines.append(f"{title} by kind (all parts; a sentence may have several): {shown}")
    return "\n".join(lines) + "\n"


def _share_cell(f: Figures) -> str:
    return _of(f.missed, f.citations - f.wrong + f.missed)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]


# --- agreement --------------------------------------------------------------------------------


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two readers' labels of the same items; None when chance agreement is
    1 (both gave every item one and the same label: kappa is undefined)."""
    if len(first) != len(second) or not first:
        raise ValueError("two non-empty label lists of the same length are needed")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    counts_first, counts_second = Counter(first), Counter(second)
    chance = sum(counts_first[label] * counts_second[label] for label in counts_first) / n**2
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


@dataclass(frozen=True)
class Agreement:
    column: str
    items: int
    alike: int
    kappa: float | None

    @property
    def share(self) -> float:
        return self.alike / self.items


# How each column is compared: the value per item whose equality is "marked alike".
SENTENCE_AGREEMENT: tuple[tuple[str, Callable[[SentenceMarks], Hashable]], ...] = (
    *((c, lambda s, c=c: s.marked(c)) for c in SENTENCE_MARKS),
    ("cannot run", lambda s: s.cannot_run),
    ("wrong (any)", lambda s: bool(s.wrong)),
    ("missed (any)", lambda s: bool(s.missed)),
)
BRIEF_AGREEMENT: tuple[tuple[str, Callable[[BriefMarks], Hashable]], ...] = (
    ("lead", lambda b: b.lead),
    ("verdict", lambda b: b.verdict),
    ("publishable", lambda b: b.verdict != "no"),
    ("missing (any)", lambda b: bool(b.missing)),
)


def agreement(first: Reading, second: Reading) -> list[Agreement]:
    """Per column, how many items the two readers marked alike, and Cohen's kappa. Context and
    furniture count as alike when both mark the fault (or neither), whatever the kinds."""
    check_same_keys(first, second)
    pairs_s = _paired(first.sentences, second.sentences)
    pairs_b = _paired(first.briefs, second.briefs)
    found = []
    for name, value_s in SENTENCE_AGREEMENT:
        found.append(_agree(name, [(value_s(a), value_s(b)) for a, b in pairs_s]))
    for column in ("context", "furniture"):
        both = [(a, b) for a, b in pairs_s if a.marked(column) and b.marked(column)]
        if both:
            kinds = [(getattr(a, column), getattr(b, column)) for a, b in both]
            found.append(_agree(f"{column} kind (both marked)", kinds))
    for name, value_b in BRIEF_AGREEMENT:
        found.append(_agree(name, [(value_b(a), value_b(b)) for a, b in pairs_b]))
    return found


def _agree(name: str, pairs: Sequence[tuple[Hashable, Hashable]]) -> Agreement:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    return Agreement(name, len(pairs), sum(a == b for a, b in pairs), cohen_kappa(first, second))


def _paired(first: Sequence[Marks], second: Sequence[Marks]) -> list[tuple[Marks, Marks]]:
    by_key = {item.key: item for item in second}
    return [(item, by_key[item.key]) for item in first]


def agreement_table(first: Reading, second: Reading) -> str:
    rows = [
        [
            a.column,
            str(a.items),
            f"{a.alike} ({percent(a.share)})",
            "n/a" if a.kappa is None else f"{a.kappa:.2f}",
        ]
        for a in agreement(first, second)
    ]
    lines = [f"agreement of {first.name} and {second.name} (kappa n/a: one label only)", ""]
    lines += _table(["column", "items", "alike", "kappa"], rows)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Difference:
    """A cell two readers filled differently."""

    sample: str
    position: int | None  # None: the brief row
    column: str
    first: str
    second: str


def _cell(marks: SentenceMarks | BriefMarks, column: str) -> str:
    value = getattr(marks, column)
    if isinstance(value, bool):
        return "y" if value else "n"
    if isinstance(value, frozenset):
        if column in ("wrong", "missed"):
            return ",".join(map(str, sorted(value))) or NONE
        return ",".join(sorted(value)) or "n"
    return str(value) or NONE


def differences(first: Reading, second: Reading) -> list[Difference]:
    """Every cell marked differently (kinds and source numbers included), in the first
    sheet's order; 'missing' differs only when one reader names something and the other not."""
    check_same_keys(first, second)
    found = []
    for a, b in _paired(first.sentences, second.sentences):
        for column in (*SENTENCE_MARKS, *CITATION_MARKS):
            if getattr(a, column) != getattr(b, column):
                found.append(
                    Difference(a.sample, a.position, column, _cell(a, column), _cell(b, column))
                )
    for x, y in _paired(first.briefs, second.briefs):
        for column in ("lead", "verdict"):
            if getattr(x, column) != getattr(y, column):
                found.append(Difference(x.sample, None, column, _cell(x, column), _cell(y, column)))
        if bool(x.missing) != bool(y.missing):
            found.append(
                Difference(x.sample, None, "missing", _cell(x, "missing"), _cell(y, "missing"))
            )
    return found


def differences_table(first: Reading, second: Reading) -> str:
    found = differences(first, second)
    lines = [f"{len(found)} cells to resolve ({first.name} / {second.name}):", ""]
    if found:
        rows = [
            [
                d.sample,
                "brief" if d.position is None else str(d.position),
                d.column,
                d.first,
                d.second,
            ]
            for d in found
        ]
        lines += _table(["sample", "position", "column", first.name, second.name], rows)
    return "\n".join(lines) + "\n"


def to_resolve(first: Reading, second: Reading) -> list[dict[str, str]]:
    """The first sheet's rows with every differing cell '?' (which the scorer refuses) and both
    readers' values and notes in the note: decide them, and score the result with --resolved."""
    found: dict[tuple[str, int | None], list[Difference]] = {}
    for d in differences(first, second):
        found.setdefault((d.sample, d.position), []).append(d)
    notes = {
        (r["sample"], int(r["position"]) if r["position"] else None): r["note"] for r in second.rows
    }
    rows = []
    for row in first.rows:
        position = int(row["position"]) if row["position"] else None
        here = found.get((row["sample"], position), [])
        resolved = dict(row)
        said = []
        for d in here:
            resolved[d.column] = UNDECIDED
            said.append(f"{d.column}: {first.name} {d.first}, {second.name} {d.second}")
        for reader, note in (
            (first.name, row["note"]),
            (second.name, notes[(row["sample"], position)]),
        ):
            if note:
                said.append(f"{reader}: {note}")
        resolved["note"] = " | ".join(said).replace("\t", " ")
        rows.append(resolved)
    return rows


# --- the automatic measures -------------------------------------------------------------------


@dataclass(frozen=True)
class Automatic:
    """``newsdesk evaluate``'s measures on one brief: per sentence, the chance that it cannot
    run where it stands (its context column is their mean) and whether it restates an earlier
    sentence; and how many restated pairs the brief has (its repeats column counts briefs with
    at least one)."""

    context: tuple[float, ...]
    repeat: tuple[bool, ...]
    pairs: int


def automatic(reading: Reading, sample: Sequence[Sampled], summarizer: str) -> dict[str, Automatic]:
    """The measures on the sample's briefs as this checkout writes them; :class:`SheetError`
    when those briefs are not the sheet's (another commit or summarizer)."""
    from newsdesk.evaluate.reading import context_risks, restated_pairs

    found = {}
    changed = []
    for item in sample:
        brief = brief_of(item, reading.words, summarizer, compare=False)
        keys = [s.sentence.key for s in brief.sentences]
        if keys != [(s.article_id, s.index) for s in reading.of(item.id)]:
            changed.append(item.id)
            continue
        pairs = restated_pairs([s.text for s in brief.sentences])
        later = {j for _, j in pairs}
        found[item.id] = Automatic(
            tuple(context_risks(brief)),
            tuple(j in later for j in range(len(keys))),
            len(pairs),
        )
    if changed:
        raise SheetError(
            f"{reading.name}: the briefs this checkout writes ({summarizer}, {reading.words} "
            f"words) differ from the sheet's for {len(changed)} of {len(sample)} samples "
            f"(first: {changed[0]}): the sheet was made at another commit or with another "
            "--summarizer. Give the right --summarizer, read the new briefs, or use --no-auto."
        )
    return found


def automatic_table(readings: Sequence[Reading], measured: Mapping[str, Automatic]) -> str:
    """The automatic measures beside each reading, per part: the points between them are what
    "within 5 points of the reading" is about."""
    first = readings[0]
    parts = [p for p in PART_NAMES if any(b.part == p for b in first.briefs)]
    rows: list[list[str]] = []
    for label, part in [*((p, p) for p in parts), ("all", None)]:
        briefs = first.part(part).briefs
        samples = [b.sample for b in briefs]
        flags = [(measured[s].context, measured[s].repeat) for s in samples]
        sentences = sum(len(c) for c, _ in flags)
        auto_context = sum(sum(c) for c, _ in flags)
        auto_repeat = sum(sum(r) for _, r in flags)
        auto_briefs = sum(measured[s].pairs > 0 for s in samples)
        rows.append(
            [
                label,
                "evaluate",
                _expected(auto_context, sentences),
                _of(auto_briefs, len(samples)),
                _of(auto_repeat, sentences),
            ]
        )
        for reading in readings:
            f = figures(reading.part(part))
            rows.append(
                [
                    "",
                    reading.name,
                    _of(f.marked["context"], f.sentences),
                    _of(f.briefs_with_a_repeat, f.briefs),
                    _of(f.marked["repeat"], f.sentences),
                ]
            )
    lines = [
        "newsdesk evaluate's automatic columns on the same briefs, beside the reading",
        "context: sentences (evaluate: the expected number, each sentence's chance that it leans",
        "on the sentence before it in its article when that one is not right before it);",
        "repeats: briefs with a repeat (evaluate's column: a pair restating each other), and",
        "sentences (evaluate: the later sentence of such a pair)",
        "",
        *_table(["part", "by", "context", "repeats (briefs)", "repeats (sentences)"], rows),
        "",
    ]
    for reading in readings:
        both = auto_only = read_only = 0
        for s in reading.sentences:
            auto = measured[s.sample].context[s.position - 1] >= 0.5
            both += auto and s.marked("context")
            auto_only += auto and not s.marked("context")
            read_only += s.marked("context") and not auto
        lines.append(
            f"context, sentence by sentence (evaluate: a chance of 0.5 or more), {reading.name}: "
            f"both {both}, evaluate only "
            f"{auto_only}, reading only {read_only}"
        )
    return "\n".join(lines) + "\n"


# --- the command ------------------------------------------------------------------------------


def write_resolution(path: Path, first: Reading, second: Reading) -> None:
    """The sheet to resolve (see :func:`to_resolve`); an existing file is never overwritten."""
    header = [
        f"resolution of {first.name} and {second.name}: where they differ the cell is '?' and",
        "both readers' values and notes are in the note. Decide each '?' (together), then",
        f"score it with --resolved {path.name}.",
        *SHEET_HELP.split("\n"),
    ]
    try:
        write_sheet(path, header, to_resolve(first, second), exclusive=True)
    except FileExistsError as exc:
        raise SheetError(f"{path} exists: not overwritten (give a new name)") from exc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sheets", nargs="+", type=Path, help="one or two marked sheets")
    parser.add_argument("--resolved", type=Path, help="the two readers' resolved sheet")
    parser.add_argument("--to-resolve", type=Path, help="write the sheet to resolve (two sheets)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the data files")
    parser.add_argument("--summarizer", default="newsdesk", help="what wrote the briefs")
    parser.add_argument("--no-auto", action="store_true", help="skip evaluate's measures")
    args = parser.parse_args(argv)
    if len(args.sheets) > 2:
        parser.error("one or two sheets")
    if (args.to_resolve or args.resolved) and len(args.sheets) != 2:
        parser.error("--to-resolve and --resolved need the two readers' sheets")
    try:
        readings = [read_sheet(path) for path in args.sheets]
        resolved = read_sheet(args.resolved) if args.resolved else None
        sample = draw_sample(args.data)
        expected = [(item.part, item.id) for item in sample]
        for reading in [*readings, *([resolved] if resolved else [])]:
            check_sample(reading, expected)
            check_same_keys(readings[0], reading)
        for reading in readings:
            print(figures_table(reading))
        if len(readings) == 2:
            print(agreement_table(*readings))
            print(differences_table(*readings))
            if args.to_resolve:
                write_resolution(args.to_resolve, *readings)
                print(f"sheet to resolve: {args.to_resolve}\n")
        if resolved:
            print(figures_table(resolved))
        if not args.no_auto:
            measured = automatic(readings[0], sample, args.summarizer)
            print(automatic_table([resolved] if resolved else readings, measured))
    except SheetError as exc:
        print(f"reading_score: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
