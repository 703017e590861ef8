"""Text fit for a terminal or a page: one cleaning for everything newsdesk shows.

Whatever comes from outside and is shown to a reader goes through :func:`clean_text`:
article text and titles (the readers), file names (:func:`newsdesk.files.display_name`),
drafts (``newsdesk check``), a model's drafts and its endpoint's answers (the ``llm`` writer),
and error and log messages (the command). What it removes or shows escaped:

- terminal control sequences, whole: CSI (``ESC [`` or U+009B: colours, cursor moves, erasing
  the screen), OSC (``ESC ]`` or U+009D up to BEL or ST: the window title, OSC 8 hyperlinks),
  DCS, SOS, PM and APC strings (``ESC P``, ``ESC X``, ``ESC ^``, ``ESC _`` or their C1 forms),
  and the other two- and three-character escapes (``ESC c`` resets the terminal);
- every other control character but tab and line breaks: C0 (the bell, backspace and carriage
  return that overwrite a line), DEL and the C1 controls U+0080 to U+009F;
- the controls of text direction (U+202A to U+202E, U+2066 to U+2069), which can reorder or
  hide what is shown (a "Trojan Source" draft reads one way and says another), and characters
  no reader sees that still split words for a machine (zero-width spaces and joiners, soft
  hyphens, a byte-order mark inside the text);
- lone surrogates (from JSON escapes or undecodable file names), which no UTF-8 writer takes:
  they become U+FFFD.

Sequences are recognised as ECMA-48 (5th edition, 1991) defines them, which is what
terminals act on. Text without any of these is returned unchanged.
"""

from __future__ import annotations

import logging
import re

# Characters no reader sees that still split words for a machine (zero-width spaces and
# joiners, soft hyphens, a byte-order mark inside the text) and the marks of text direction.
INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
# Embeddings, overrides and isolates of text direction: they can reorder or hide what is shown.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 controls but tab and line breaks, DEL, and the C1 controls (U+0080 to U+009F).
CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\f\v")

_C0_C1 = "\x00-\x1f\x7f-\x9f"
# ECMA-48 sequences, 7-bit (ESC ...) and 8-bit (C1) forms:
# - control strings: OSC, DCS, SOS, PM, APC, whose payload runs to BEL (OSC's other ending) or
#   ST (ESC \ or U+009C). The payload holds no control character, so that a search stops at
#   the next one: the work stays linear however many introducers a text holds.
# - CSI: parameter bytes, intermediate bytes, one final byte.
# - any other escape: intermediate bytes and one final byte (ESC c, ESC ( B, ESC 7).
_SEQUENCE = re.compile(
    rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^{_C0_C1}]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_REMOVED = str.maketrans(dict.fromkeys(INVISIBLE + BIDI_CONTROLS + CONTROLS.replace("\r", "")))
_SURROGATE = re.compile("[\ud800-\udfff]")
# Shown escaped (escape=True): every control (line breaks and tabs too: a name or a message is
# one line), the controls of text direction and the invisible characters, and lone surrogates.
_SHOWN_ESCAPED = re.compile(f"[{_C0_C1}{BIDI_CONTROLS}{INVISIBLE}\ud800-\udfff]")
# Any character that cleaning removes or replaces (a search for one is far cheaper than
# translating a text that holds none: most articles).
_CLEANED = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}{INVISIBLE}\ud800-\udfff]")


def clean_text(text: str, *, escape: bool = False) -> str:
    """``text`` as it may be shown in a terminal or a page (see the module's docstring).

    By default what a reader should not get is removed: terminal control sequences whole,
    every other control character but tab and line breaks, the controls of text direction and
    the invisible characters; line ends become ``\\n`` and lone surrogates U+FFFD. This is the
    cleaning of article text, titles and drafts.

    With ``escape=True`` nothing is removed: each such character is shown as an escape
    (``\\x1b``, ``\\u202e``), line breaks and tabs included, so the text stays recognisable and
    on one line. This is the form of file names and messages, where a reader needs to see
    what is there (``caf\\x1b[2J.txt`` names a real file).
    """
    if escape:
        return _SHOWN_ESCAPED.sub(_escaped, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CLEANED.search(text) is None:
        return text  # nothing to remove: every control but tab and line breaks is in the class
    if "\x1b" in text or _has_c1_introducer(text):
        text = _SEQUENCE.sub("", text)
    text = text.translate(_REMOVED)
    return _SURROGATE.sub("\ufffd", text)


def shown(text: str) -> str:
    """:func:`clean_text` with ``escape=True``: a file name or a message, fit to print."""
    return clean_text(text, escape=True)


class ShownFormatter(logging.Formatter):
    """A log formatter whose messages go through :func:`shown` (a traceback, when logged, is
    left as it is: it is ours)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return shown(super().formatMessage(record))


def _has_c1_introducer(text: str) -> bool:
    return any(c in text for c in "\x90\x98\x9b\x9d\x9e\x9f")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Nouns whose plural is not their singular with an "s": those newsdesk counts.
_PLURALS = {"copy": "copies", "story": "stories", "entry": "entries"}


def plural(count: int, noun: str) -> str:
    """``1 piece``, ``2 pieces``, ``1 story``, ``3 stories``: a count and its noun, as a
    person writes them (never ``1 stories``, nor a plural in brackets)."""
    if count == 1:
        return f"{count} {noun}"
    head, _, last = noun.rpartition(" ")
    many = _PLURALS.get(last, f"{last}s")
    return f"{count} {head + ' ' if head else ''}{many}"
