"""Markdown: a Markdown article as plain text (headings' marks, links and emphasis removed)."""

from __future__ import annotations

import bisect
import re

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)


_MD_DELIMITERS = ("**", "__", "*", "_")  # tried in this order at each position


def markdown_to_text(text: str) -> str:
    """Markdown as plain text: headings' marks, links (their text kept) and emphasis removed.

    Linear in the length of the text, whatever it holds: the links and emphasis are found
    by one pass each with precomputed positions, where regular expressions rescan the rest of
    the line from every opener that has no closer (``'*a ' * 33000`` took 53 s).
    """
    text = _MD_HEADING.sub("", text)
    return _strip_emphasis(_strip_links(text))


def _strip_links(text: str) -> str:
    """``[label](target)`` and ``![alt](target)`` become their label: what
    ``!?\\[([^\\]]*)\\]\\([^)]*\\)`` replaces with its group, in one pass."""
    if "](" not in text:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    position = 0
    while (start := text.find("[", position)) != -1:
        close = text.find("]", start + 1)
        if close == -1:
            break  # no "]" after this "[", so none after any later one
        if not text.startswith("(", close + 1):
            position = close + 1  # a "[" before this "]" closes here too, and fails too
            continue
        end = text.find(")", close + 2)
        if end == -1:
            break  # no ")" after this one, so none after any later one
        opening = start - 1 if start > done and text[start - 1] == "!" else start
        out.append(text[done:opening])
        out.append(text[start + 1 : close])
        done = position = end + 1
    out.append(text[done:])
    return "".join(out)


def _strip_emphasis(text: str) -> str:
    """Emphasis marks removed, as ``(\\*\\*|__|\\*|_)(?=\\S)(.+?)(?<=\\S)\\1`` replaced with
    its second group would, but in linear time: each opener looks up its nearest closer on
    the line (a delimiter preceded by a non-space) in a sorted list, instead of rescanning."""
    if "*" not in text and "_" not in text:
        return text
    closers = {d: _closer_positions(text, d) for d in _MD_DELIMITERS}
    out: list[str] = []
    done = 0  # text[:done] is in out, and no match starts before it
    line_end = -1
    for match in _MD_MARK.finditer(text):
        position = match.start()
        if position < done:
            continue
        if position > line_end:
            line_end = text.find("\n", position)
            line_end = len(text) if line_end == -1 else line_end
        for delimiter in _MD_DELIMITERS:
            inner = position + len(delimiter)
            if not text.startswith(delimiter, position) or inner >= len(text):
                continue
            if text[inner].isspace():
                continue
            candidates = closers[delimiter]
            index = bisect.bisect_left(candidates, inner + 1)
            if index < len(candidates) and candidates[index] < line_end:
                close = candidates[index]
                out.append(text[done:position])
                out.append(text[inner:close])
                done = close + len(delimiter)
                break
    out.append(text[done:])
    return "".join(out)


_MD_MARK = re.compile(r"[*_]")


def _closer_positions(text: str, delimiter: str) -> list[int]:
    """Where ``delimiter`` starts right after a non-space: where emphasis may close."""
    positions = []
    start = text.find(delimiter, 1)
    while start != -1:
        if not text[start - 1].isspace():
            positions.append(start)
        start = text.find(delimiter, start + 1)
    return positions
