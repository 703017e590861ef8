from __future__ import annotations

import pytest
from rouge_score import rouge_scorer

from newsdesk.evaluate.rouge import Rouge, cut_to_words, reference_lines

SUMMARY = "North Korea's leader wants a second summit.\nIt may be held in Vietnam in late February."
REFERENCE = (
    "Kim Jong Un wants to meet Trump again. The second summit could take place in Vietnam, "
    "possibly in late February."
)


def test_cut_keeps_line_breaks_and_counts_words() -> None:
    assert cut_to_words(SUMMARY, 9) == "North Korea's leader wants a second summit.\nIt may"
    assert cut_to_words(SUMMARY, 100) == SUMMARY
    assert cut_to_words(SUMMARY, 0) == ""


def test_reference_split_one_sentence_a_line() -> None:
    assert reference_lines(REFERENCE).split("\n") == [
        "Kim Jong Un wants to meet Trump again.",
        "The second summit could take place in Vietnam, possibly in late February.",
    ]


def test_scores_equal_rouge_score_with_its_own_stemming_tokenizer() -> None:
    ours = Rouge().score(SUMMARY, [REFERENCE])
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True).score(
        reference_lines(REFERENCE), SUMMARY
    )
    assert ours.rouge1 == pytest.approx(100 * theirs["rouge1"].fmeasure)
    assert ours.rouge2 == pytest.approx(100 * theirs["rouge2"].fmeasure)
    assert ours.rougeLsum == pytest.approx(100 * theirs["rougeLsum"].fmeasure)


def test_references_are_averaged_not_maximised() -> None:
    rouge = Rouge(recall=True)
    good = rouge.score(SUMMARY, [SUMMARY.replace("\n", " ")])
    unrelated = rouge.score(SUMMARY, ["Markets fell sharply on Tuesday."])
    both = rouge.score(SUMMARY, [SUMMARY.replace("\n", " "), "Markets fell sharply on Tuesday."])
    assert good.rouge1 == pytest.approx(100.0)
    assert both.rouge1 == pytest.approx((good.rouge1 + unrelated.rouge1) / 2)


def test_no_reference_is_an_error() -> None:
    with pytest.raises(ValueError, match="no reference"):
        Rouge().score(SUMMARY, [])
