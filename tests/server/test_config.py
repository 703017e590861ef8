from __future__ import annotations

from typing import Any

import pytest

from newsdesk.errors import ConfigError
from newsdesk.server import ServerConfig


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_body_bytes", 10),
        ("max_articles", 0),
        ("max_words", True),
        ("workers", 1.5),
        ("timeout", 0),
        ("timeout", "30"),
        ("max_article_chars", 10**9),
    ],
)
def test_out_of_range_limit_names_itself(option: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=option):
        ServerConfig(**{option: value})


def test_defaults_allow_a_brief_of_the_library_defaults() -> None:
    config = ServerConfig()
    assert config.workers >= 1 and config.max_words >= 120
    assert config.as_dict()["max_body_bytes"] == 10 * 1024 * 1024
