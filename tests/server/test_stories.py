from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES
from fastapi.testclient import TestClient

from newsdesk.server import ServerConfig, create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    config = ServerConfig(workers=1, db=str(tmp_path / "desk.db"))
    with TestClient(create_app(config)) as client:
        yield client


def _articles() -> list[dict[str, str]]:
    return [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "source": p.stem}
        for p in sorted(EXAMPLE.glob("*.txt"))
    ]


def test_add_list_and_read_a_story(client: TestClient) -> None:
    articles = _articles()
    added = client.post("/v1/articles", json={"articles": articles})
    assert added.status_code == 200, added.text
    assert (added.json()["new"], added.json()["stories_created"]) == (5, 1)
    again = client.post("/v1/articles", json={"articles": articles[:2]})
    assert again.json()["already"] == 2

    listed = client.get("/v1/stories", params={"since": "1d", "ids": True}).json()["stories"]
    assert len(listed) == 1 and sorted(listed[0]["input_ids"]) == sorted(a["id"] for a in articles)

    story = client.get(f"/v1/stories/{listed[0]['id']}", params={"words": 60})
    assert story.status_code == 200, story.text
    body = story.json()
    assert body["words"] <= 60 and body["sentences"]
    assert len(body["story"]["articles"]) == 5
    assert body["comparison"] is None  # asked for only: it costs several times the brief
    compared = client.get(
        f"/v1/stories/{listed[0]['id']}", params={"words": 60, "compare": "true"}
    ).json()
    assert compared["comparison"]["timeline"]  # computed when asked (the example has dates)
    assert compared["sentences"] == body["sentences"]


def test_bad_requests(client: TestClient) -> None:
    assert client.get("/v1/stories/99").status_code == 404
    assert client.post("/v1/articles", json={"articles": []}).status_code == 422
    both = {"articles": [{"text": "a", "html": "<p>a</p>"}]}
    assert client.post("/v1/articles", json=both).status_code == 422
    assert client.get("/v1/stories", params={"since": "whenever"}).status_code == 422


def test_reading_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with TestClient(create_app(ServerConfig(workers=1, db=str(missing)))) as client:
        for path in ("/v1/stories", "/v1/stories/1"):
            answer = client.get(path)
            assert answer.status_code == 404
            assert answer.json()["detail"].startswith("there is no store of stories yet")
        assert not missing.exists()
        added = client.post("/v1/articles", json={"articles": _articles()[:1]})
        assert added.status_code == 200 and missing.exists()  # the first add creates it
        assert len(client.get("/v1/stories").json()["stories"]) == 1


def test_a_story_names_each_original_as_its_brief_cites_it_and_marks_copies(
    client: TestClient,
) -> None:
    articles = _articles()
    first = articles[0]["text"]
    copy = {"id": "copy.txt", "text": first[: len(first) * 4 // 5], "source": "Copy Outlet"}
    added = client.post("/v1/articles", json={"articles": [*articles, copy]}).json()
    assert (added["new"], added["copies"]) == (5, 1)
    body = client.get("/v1/stories/1").json()
    cited = {a["id"] for a in body["articles"]}
    listed = body["story"]["articles"]
    assert [a["article_id"] for a in listed if a["copy_of"] is None] == [
        a["id"] for a in body["articles"]
    ]
    (carried,) = [a for a in listed if a["copy_of"] is not None]
    assert carried["source"] == "Copy Outlet" and carried["article_id"] is None
    assert carried["id"] not in cited  # a copy is reach, not a source of the brief


def test_stories_are_listed_a_page_at_a_time(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from newsdesk.cli import main

    subjects = [
        "Fire crews fought a warehouse blaze near the Aldmoor rail yard through the night. ",
        "The Brenvik council voted to close the old bridge over the river after an inspection. ",
        "Castello beat Dunmere by three goals to one in the football cup final on Sunday. ",
    ]
    articles = [
        {"id": f"a{i}", "text": text * 3, "published": f"2020-03-0{i + 1}"}
        for i, text in enumerate(subjects)
    ]
    assert client.post("/v1/articles", json={"articles": articles}).status_code == 200
    whole = client.get("/v1/stories").json()
    assert (whole["total"], whole["offset"], whole["limit"], whole["next_offset"]) == (
        3,
        0,
        50,
        None,
    )
    first = client.get("/v1/stories", params={"limit": 2}).json()
    last = client.get("/v1/stories", params={"limit": 2, "offset": first["next_offset"]}).json()
    assert (first["total"], first["next_offset"], last["next_offset"]) == (3, 2, None)
    assert first["stories"] + last["stories"] == whole["stories"]  # latest published first
    assert [s["last_published"][:10] for s in whole["stories"]] == [
        "2020-03-03",
        "2020-03-02",
        "2020-03-01",
    ]

    # The CLI pages the same store alike and says where the next page starts.
    db = str(tmp_path / "desk.db")
    capsys.readouterr()
    assert main(["stories", "--db", db, "--limit", "2", "--offset", "1", "--format", "json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert (page["total"], page["offset"], page["next_offset"]) == (3, 1, None)
    assert [s["id"] for s in page["stories"]] == [s["id"] for s in whole["stories"][1:]]
    assert main(["stories", "--db", db, "--limit", "1"]) == 0
    assert "1-1 of 3 stories; the next page: --offset 1" in capsys.readouterr().err


QUAKE_TIMES = {  # the earthquake's articles (tests/fixtures/update), published a day apart
    "early.txt": "2019-11-26T08:00:00Z",
    "later.txt": "2019-11-27T09:00:00Z",
    "agency.txt": "2019-11-27T10:00:00Z",
}


def _quake() -> list[dict[str, str]]:
    return [
        {
            "id": p.name,
            "text": p.read_text(encoding="utf-8"),
            "source": f"quake {p.stem}",
            "published": QUAKE_TIMES[p.name],
        }
        for p in sorted((FIXTURES / "update").glob("*/*.txt"))
    ]


def test_a_story_since_a_time_tells_what_is_new_in_it(client: TestClient, tmp_path: Path) -> None:
    """Issue 26, item 11: ``GET /v1/stories/{id}?since=``: the articles before it are read
    (the brief's ``seen``), the brief is the library's update brief of the same story."""
    assert client.post("/v1/articles", json={"articles": _quake()}).json()["new"] == 3
    (story,) = client.get("/v1/stories", params={"ids": True}).json()["stories"]
    assert sorted(story["input_ids"]) == sorted(QUAKE_TIMES)
    whole = client.get(f"/v1/stories/{story['id']}").json()
    assert "since" not in whole["story"] and whole["focus"] is None

    answer = client.get(f"/v1/stories/{story['id']}", params={"since": "2019-11-27"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["story"]["since"] == "2019-11-27T00:00:00+00:00"
    assert sorted(a["id"] for a in body["articles"]) == ["agency.txt", "later.txt"]
    assert body["focus"]["seen_articles"] == 1
    read = {a["id"]: a["read"] for a in body["story"]["articles"]}
    assert read == {"early.txt": True, "later.txt": False, "agency.txt": False}
    # Cited by the ids the whole story gives them (the page finds each citation's article).
    named = {a["id"]: a["article_id"] for a in body["story"]["articles"]}
    cited = {e["article_id"] for s in body["sentences"] for e in s["evidence"]}
    assert body["sentences"] and cited <= {named["later.txt"], named["agency.txt"]}

    # The library's update brief of the same story: the same sentences.
    from newsdesk.desk import Desk

    with Desk(tmp_path / "desk.db") as desk:
        view = desk.story(story["id"], since="2019-11-27T00:00:00+00:00")
    assert view.brief is not None
    assert [s["text"] for s in body["sentences"]] == [s.text for s in view.brief.sentences]


def test_a_story_since_a_time_with_nothing_new_says_so(client: TestClient) -> None:
    assert client.post("/v1/articles", json={"articles": _quake()}).status_code == 200
    (story,) = client.get("/v1/stories").json()["stories"]
    body = client.get(f"/v1/stories/{story['id']}", params={"since": "2019-12-01"}).json()
    assert body["sentences"] == []
    assert body["story"]["no_brief"].startswith(f"nothing new in story {story['id']} since ")
    assert all(a["read"] for a in body["story"]["articles"])
    bad = client.get(f"/v1/stories/{story['id']}", params={"since": "whenever"})
    assert bad.status_code == 422 and "--since" in bad.json()["detail"]
    assert client.get("/v1/stories/99", params={"since": "1d"}).status_code == 404
