from __future__ import annotations

import pytest

from newsdesk.config import DEFAULT_WORDS, SummaryConfig
from newsdesk.errors import ConfigError


def test_default_word_budget() -> None:
    assert SummaryConfig().word_budget == DEFAULT_WORDS
    assert SummaryConfig(sentences=3).word_budget is None
    assert SummaryConfig(words=50, sentences=3).word_budget == 50


@pytest.mark.parametrize("words", [0, -5, 10_001, 2.5, True, "120"])
def test_invalid_words_names_parameter_and_value(words: object) -> None:
    with pytest.raises(ConfigError, match=r"words must be a whole number from 1 to 10000"):
        SummaryConfig(words=words)  # type: ignore[arg-type]
