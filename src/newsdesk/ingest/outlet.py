"""An article's outlet, for its label: from its metadata, else from its text, else its name.

A reader wants "[1] CNN", not "[1] 000_d20ab8346781905e.txt". The label is, in order:

1. the metadata: a ``source`` given with the article (a JSONL field, a request's field), the
   page's site name (``og:site_name``, through trafilatura), the feed's title, the URL's host
   (a known outlet's name for its host: ``edition.cnn.com`` is CNN);
2. the text, where a dateline or a credit names an outlet plainly: ``WASHINGTON (AP) —``,
   ``Washington CNN —`` (CNN's dateline as extracted from its pages), ``SEOUL, Jan. 3
   (Yonhap) --``, ``By Jane Doe, Reuters``, ``Copyright 2019 The Associated Press. All rights
   reserved.``;
3. the file's name (or the name a request gives the article), else ``document N``.

Precision comes first: a wrong outlet is worse than a file name. An outlet the text only
quotes or credits is not its outlet: "CNN reports ...", "told Reuters", "according to
Bloomberg", a photo credit "(AP Photo/Evan Vucci)", a video's "Source: CNN" or "© Reuters /
Kim Hong-Ji" say where a piece of it came from, and many outlets print them. Only a dateline
(at the start of one of the first lines, where the article begins) and a byline or copyright
line that is nothing else are read, and only for the outlets of :data:`OUTLETS` (an unknown
name in parentheses may be a state, "SPRINGFIELD (Ill.) —"); the short names that are also
abbreviations of places ("HARRISBURG PA —") count only in parentheses. Lower-cased text is
not read for outlets.

The rules follow the AP Stylebook's dateline form (city in capitals, the service in
parentheses, a dash) and the forms the big services and CNN's pages use; the names are a
curated list, not mined.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

#: Known outlets: the label, then other names the text or a dateline uses for it.
OUTLETS: tuple[tuple[str, ...], ...] = (
    ("AP", "Associated Press", "The Associated Press"),
    ("Reuters", "Thomson Reuters"),
    ("AFP", "Agence France-Presse", "Agence France Presse"),
    ("CNN",),
    ("BBC", "BBC News"),
    ("Bloomberg", "Bloomberg News"),
    ("UPI", "United Press International"),
    ("VOA", "Voice of America"),
    ("NPR",),
    ("Xinhua", "Xinhua News Agency"),
    ("Yonhap", "Yonhap News Agency"),
    ("Kyodo", "Kyodo News"),
    ("KCNA", "Korean Central News Agency"),
    ("dpa", "DPA", "Deutsche Presse-Agentur"),
    ("ANI",),
    ("PTI", "Press Trust of India"),
    ("IANS",),
    ("EFE",),
    ("ANSA",),
    ("TASS",),
    ("Interfax",),
    ("Anadolu", "Anadolu Agency"),
    ("Bernama",),
    ("CP", "The Canadian Press", "Canadian Press"),
    ("AAP", "Australian Associated Press"),
    ("PA", "PA Media", "Press Association"),
    ("Al Jazeera",),
    ("CNBC",),
    ("Fox News",),
    ("ABC News",),
    ("CBS News",),
    ("NBC News",),
    ("Sky News",),
    ("The Guardian",),
    ("The New York Times", "New York Times"),
    ("The Washington Post", "Washington Post"),
    ("The Wall Street Journal", "Wall Street Journal"),
    ("USA Today", "USA TODAY"),
    ("Los Angeles Times",),
    ("Business Insider",),
    ("Politico", "POLITICO"),
    ("The Hill",),
    ("Axios",),
)

#: Hosts of known outlets (a host is its outlet's when it is this or ends in "." + this).
HOSTS: Mapping[str, str] = {
    "apnews.com": "AP",
    "ap.org": "AP",
    "reuters.com": "Reuters",
    "afp.com": "AFP",
    "cnn.com": "CNN",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "bloomberg.com": "Bloomberg",
    "upi.com": "UPI",
    "voanews.com": "VOA",
    "npr.org": "NPR",
    "xinhuanet.com": "Xinhua",
    "yna.co.kr": "Yonhap",
    "kyodonews.net": "Kyodo",
    "aljazeera.com": "Al Jazeera",
    "cnbc.com": "CNBC",
    "foxnews.com": "Fox News",
    "abcnews.go.com": "ABC News",
    "cbsnews.com": "CBS News",
    "nbcnews.com": "NBC News",
    "news.sky.com": "Sky News",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "businessinsider.com": "Business Insider",
    "politico.com": "Politico",
    "thehill.com": "The Hill",
    "axios.com": "Axios",
    "nydailynews.com": "New York Daily News",
    "nypost.com": "New York Post",
    "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph",
    "dailymail.co.uk": "Daily Mail",
    "time.com": "Time",
    "newsweek.com": "Newsweek",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
}

# Short names that are also abbreviations of places or words: in a dateline only as "(PA)".
PARENTHESES_ONLY = frozenset({"PA", "CP", "AAP", "ANI", "PTI", "IANS", "EFE", "ANSA", "dpa"})

_CANONICAL = {alias: names[0] for names in OUTLETS for alias in names}
# Longest first, so that "Associated Press" is tried before "AP" would match a prefix of it.
_KNOWN = "|".join(re.escape(a) for a in sorted(_CANONICAL, key=len, reverse=True))

# A dateline's place: one to four words, each capitalised ("Washington", "NEW YORK",
# "SEOUL, South Korea"); then an optional date ("Jan. 3", "3 January", "Jan 3, 2019").
_PLACE = r"(?P<place>[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,3})"
_DATE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?"
_DASH = r"\s*(?:—|–|--|-)(?=\s|$)"
_DATELINE = re.compile(
    rf"^\s*(?:{_PLACE}{_DATE}\s*)?"
    rf"(?:\((?P<paren>[A-Z][A-Za-z.&' -]{{1,38}})\)|(?P<bare>{_KNOWN}))"
    rf"{_DASH}"
)
# A byline that names only a person and an outlet, or an outlet alone.
_BYLINE = re.compile(
    rf"^\s*By\s+(?:(?:the\s+)?(?P<alone>{_KNOWN})(?:\s+[Ss]taff)?"
    rf"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}}\s*(?:,|\||—|–|-)\s*(?:the\s+)?"
    rf"(?P<after>{_KNOWN}))\s*\.?\s*$"
)
# A copyright line that is nothing else ("© Reuters / Kim Hong-Ji" is a photo's credit).
_COPYRIGHT = re.compile(
    rf"^\s*(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{{4}}\s+)?(?P<name>{_KNOWN})[.,]?"
    r"\s*(?:All rights reserved\b.*)?$"
)

# How far into the text a dateline or byline is looked for, and from its end a copyright line.
HEAD_LINES = 12
TAIL_LINES = 6


@dataclass(frozen=True)
class Label:
    """An article's label and where it came from: ``metadata``, ``site name``, ``feed``,
    ``url``, ``dateline``, ``credit``, ``file name`` or ``position`` (``document N``)."""

    text: str
    basis: str


def outlet_label(
    *,
    source: str | None = None,
    site_name: str | None = None,
    feed: str | None = None,
    url: str | None = None,
    text: str = "",
    name: str | None = None,
    unnamed: str = "document 1",
) -> Label:
    """The label of an article (see the module's documentation for the order): ``name`` is
    the name of its file, ``unnamed`` the label of an article with none (``document N``)."""
    fallback = name
    if source and "://" in source and not url:  # a URL given as the source: its host
        url = source
    if source and _looks_like_a_path(source):
        fallback = fallback or PurePosixPath(source.replace("\\", "/")).name or source
        source = None
    for value, basis in ((source, "metadata"), (site_name, "site name"), (feed, "feed")):
        if value and value.strip():
            return Label(" ".join(value.split()), basis)
    host = url_outlet(url) if url else None
    if host:
        return Label(host, "url")
    found = outlet_in_text(text)
    if found is not None:
        return found
    if fallback:
        return Label(fallback, "file name")
    return Label(unnamed, "position")


def url_outlet(url: str) -> str | None:
    """A known outlet's name for a URL's host, else the host without ``www.``."""
    match = re.match(r"^[a-z][a-z0-9+.-]*://(?:[^/@?#]*@)?([^/:?#]+)", url.strip(), re.I)
    if not match:
        return None
    host = match.group(1).lower().rstrip(".")
    for domain, outlet in HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return outlet
    return host.removeprefix("www.") or None


def outlet_in_text(text: str) -> Label | None:
    """The outlet a dateline, byline or copyright line of ``text`` names plainly, or None."""
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines[:HEAD_LINES]:
        match = _DATELINE.match(line)
        if match is not None:
            outlet = _dateline_outlet(match)
            if outlet is not None:
                return Label(outlet, "dateline")
        match = _BYLINE.match(line)
        if match is not None:
            return Label(_CANONICAL[match.group("alone") or match.group("after")], "credit")
    for line in lines[-TAIL_LINES:]:
        match = _COPYRIGHT.match(line)
        if match is not None:
            return Label(_CANONICAL[match.group("name")], "credit")
    return None


def _dateline_outlet(match: re.Match[str]) -> str | None:
    if match.group("bare"):
        bare = _CANONICAL[match.group("bare")]
        return None if bare in PARENTHESES_ONLY else bare
    name = " ".join(match.group("paren").split())
    for alias in sorted(_CANONICAL, key=len, reverse=True):  # "(CNN Business)" is CNN's
        if name == alias or name.startswith(alias + " "):
            return _CANONICAL[alias]
    return None


def _looks_like_a_path(value: str) -> bool:
    """A ``source`` that names a file or a record, not an outlet
    (``cltl/ECB-parser:ECB+/13/13_14ecbplus.xml``, ``C:\\news\\a.txt``)."""
    value = value.strip()
    return (
        "://" in value
        or value.count("/") >= 2
        or "\\" in value
        or re.search(r"\.(?:xml|txt|html?|json|jsonl|md|src|tgz|gz)$", value, re.I) is not None
    )
