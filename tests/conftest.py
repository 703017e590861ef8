from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.ingest import read_story
from newsdesk.pipeline import prepare
from newsdesk.types import Story

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "seed-cluster"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"
DEGRADED_FILE = "003_4d86d1b8de29251e.txt"
SCHEMA = ROOT / "src" / "newsdesk" / "schema" / "brief.schema.json"


def example_text(name: str) -> str:
    return (EXAMPLE / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_story() -> Story:
    return prepare(read_story([EXAMPLE]))


@pytest.fixture(scope="session")
def schema() -> dict[str, object]:
    return json.loads(SCHEMA.read_text())


def shared_file(name: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data is only beside the repo in CI and dev)")
    return path
