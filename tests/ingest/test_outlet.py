"""Sources named by outlet (issue 26, item 2): from the article's metadata, else a dateline or
credit that names an outlet plainly, else the file's name; the same label however the article
arrived; never an outlet the article only quotes or credits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES, example_text

from newsdesk.ingest import read_files, read_story, story_from_cluster
from newsdesk.ingest.outlet import outlet_in_text, outlet_label, url_outlet
from newsdesk.ingest.stream import ArticleInput, read_inputs
from newsdesk.render import brief_to_dict

NAMES = sorted(p.name for p in EXAMPLE.glob("*.txt"))


def test_the_examples_first_article_is_cnns_and_no_other_takes_an_outlet_it_quotes() -> None:
    story = read_story([EXAMPLE])
    labels = [(a.source, a.source_from) for a in story.articles]
    # 1: "Washington CNN —" (its dateline). 2: "told Bloomberg", "told Reuters". 3: "CNN
    # reports ...", "CNN says ...". 4: lower-cased, no dateline. 5: "NEW YORK -" names no
    # outlet; "tells VOA" is a credit that another outlet could print as well.
    assert labels == [
        ("CNN", "dateline"),
        (NAMES[1], "file name"),
        (NAMES[2], "file name"),
        (NAMES[3], "file name"),
        (NAMES[4], "file name"),
    ]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("WASHINGTON (AP) — President Donald Trump said", "AP"),
        ("Washington CNN  — \n\nBangkok, Hanoi and Hawaii", "CNN"),
        ("(CNN) -- After days of pleading", "CNN"),
        ("Hong Kong (CNN Business) — Shares fell", "CNN"),
        ("SEOUL, Jan. 3 (Yonhap) -- North Korea said", "Yonhap"),
        ("LONDON, 3 January 2019 (Reuters) - Oil prices rose", "Reuters"),
        ("CHRISTCHURCH, New Zealand (Reuters) - U.S. Secretary", "Reuters"),
        ("Beijing (AFP) - A Chinese man who sued", "AFP"),
        ("A caption line\nAnother caption\nNASHVILLE, Tenn. (AP) — Vanderbilt said", "AP"),
        ("By Jane Doe, Reuters\nThe talks ended.", "Reuters"),
        ("By The Associated Press\nThe talks ended.", "AP"),
        ("The talks ended.\nCopyright 2019 The Associated Press. All rights reserved.", "AP"),
        ("The talks ended.\nCopyright © 2017 NPR. All rights reserved. Visit our", "NPR"),
    ],
)
def test_a_dateline_or_credit_that_names_an_outlet_plainly_labels_the_article(
    text: str, outlet: str
) -> None:
    found = outlet_in_text(text)
    assert found is not None and found.text == outlet


@pytest.mark.parametrize(
    "text",
    [
        "CNN reports the two leaders plan to meet in Vietnam.",  # a report credited
        "Officials told Reuters the city had been asked to prepare.",
        "According to Bloomberg, the summit will be in Hanoi.",
        "President Trump speaks at the White House. (AP Photo/Evan Vucci)",  # a photo's credit
        "Trump touts 'good relationship'\n02:57 - Source: CNN\nThe talks ended.",  # a video's
        "The talks ended.\n© Reuters / Kim Hong-Ji",  # a photo's credit
        "NEW YORK - South Korea's president relayed a message.",  # a place, no outlet
        '"Rewarding North Korea would be a mistake," Schaefer tells VOA.',
        "HARRISBURG PA — The governor said",  # PA: a state here, not the Press Association
        "SPRINGFIELD (Ill.) — The governor said",  # an unknown name in parentheses
        "washington ( ap ) — president donald trump said",  # lower-cased text is not read
        "The talks ended.\n" + "More text.\n" * 20 + "WASHINGTON (AP) — late in the text",
    ],
)
def test_an_outlet_the_text_only_quotes_or_credits_is_not_its_label(text: str) -> None:
    assert outlet_in_text(text) is None


def test_metadata_comes_first_then_the_text_then_the_name() -> None:
    cnn = "Washington CNN —\n\nThe talks ended."
    assert outlet_label(source="Valley Times", url="https://apnews.com/x", text=cnn).text == (
        "Valley Times"
    )
    assert outlet_label(site_name="The Herald", url="https://apnews.com/x").basis == "site name"
    assert outlet_label(feed="Example Wire", url="https://apnews.com/x").text == "Example Wire"
    assert outlet_label(url="https://edition.cnn.com/2019/x", text="x") == outlet_label(
        text=cnn
    ).__class__("CNN", "url")
    assert outlet_label(text=cnn, name="a.txt").text == "CNN"
    assert outlet_label(text="The talks ended.", name="a.txt").text == "a.txt"
    assert outlet_label(text="The talks ended.", unnamed="document 3").text == "document 3"
    # A source that is a path (a data set's record) is no outlet: the URL, else its name.
    path = "cltl/ECB-parser:ECB+/13/13_14ecbplus.xml"
    assert outlet_label(source=path, url="http://articles.latimes.com/2013/x").text == (
        "Los Angeles Times"
    )
    assert outlet_label(source=path, text="The talks ended.").text == "13_14ecbplus.xml"
    assert outlet_label(source="RFE/RL").text == "RFE/RL"  # one slash: a name


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.reuters.com/world/x", "Reuters"),
        ("http://articles.latimes.com/2013/may/03/x", "Los Angeles Times"),
        ("https://www.example.org/news/1", "example.org"),
        ("https://user@news.example.com:8080/x", "news.example.com"),
        ("not a url", None),
    ],
)
def test_a_urls_host_names_its_outlet(url: str, label: str | None) -> None:
    assert url_outlet(url) == label


def test_the_same_label_however_the_article_arrived(tmp_path: Path) -> None:
    """A file, standard input, an upload, a JSONL document and the desk's reader agree."""
    for name in (NAMES[0], "article.html"):
        path = EXAMPLE / name if name in NAMES else FIXTURES / name
        data = path.read_bytes()
        from_path = read_story([path]).articles[0].source
        from_stdin = read_story(["-"], stdin=data).articles[0].source
        from_upload = read_files([(path.name, data)]).articles[0].source
        kind = "html" if name.endswith(".html") else "text"
        record = {"documents": [{kind: data.decode("utf-8")}]}
        from_cluster = story_from_cluster(record).articles[0].source
        jsonl = tmp_path / "a.jsonl"
        jsonl.write_text(json.dumps({kind: data.decode("utf-8")}) + "\n", encoding="utf-8")
        streamed = [a for a in read_inputs([jsonl]) if isinstance(a, ArticleInput)]
        labels = {from_path, from_stdin, from_upload, from_cluster, streamed[0].source}
        assert labels == {"CNN" if name in NAMES else "news.example.com"}, labels


def test_the_json_keeps_the_label_where_it_came_from_and_where_it_was_read() -> None:
    from newsdesk import summarize

    brief = summarize(EXAMPLE, words=40)
    first, second = brief_to_dict(brief)["articles"][:2]
    assert (first["source"], first["source_from"]) == ("CNN", "dateline")
    assert first["origin"].endswith(NAMES[0])
    assert (second["source"], second["source_from"]) == (NAMES[1], "file name")


def test_a_feed_entry_is_labelled_by_its_feed(tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    body = example_text(NAMES[1]).replace("&", "&amp;").replace("<", "&lt;")
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        f"<item><title>Summit</title><description>{body}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    streamed = [a for a in read_inputs([feed]) if isinstance(a, ArticleInput)]
    assert [a.source for a in streamed] == ["Example Wire"]
