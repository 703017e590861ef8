"""Decoding and limits: bytes to text whatever their encoding, text cleared of what no reader
should get, and the size limits every reader applies.

Text is decoded by its byte-order mark (UTF-8, UTF-16, UTF-32), else as UTF-8, else as UTF-8
mixed with cp1252 (text pasted from two sources), else in the encoding ``charset_normalizer``
detects (imported only then).
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import TYPE_CHECKING

from newsdesk.config import SummaryConfig
from newsdesk.types import Skipped

if TYPE_CHECKING:
    from newsdesk.ingest.story import Collected

logger = logging.getLogger(__name__)


# Byte-order marks, longest first (UTF-32's starts as UTF-16's does).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# A character of two to four bytes in UTF-8: found beside bytes that are not UTF-8, it says the
# file mixes UTF-8 with a single-byte encoding (text pasted together from two sources).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


MIXED_FALLBACK = "cp1252"


def decode(data: bytes, origin: str, collected: Collected) -> tuple[str, str] | None:
    """Text of ``data``: by its byte-order mark, else as UTF-8, else (bytes of UTF-8 mixed with
    others) UTF-8 with the others read as cp1252, else in the encoding detected."""
    if not data.strip():
        collected.skipped.append(Skipped(origin, "empty"))
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                collected.skipped.append(Skipped(origin, f"not valid {encoding} text"))
                return None
            if "\x00" in text:
                collected.skipped.append(Skipped(origin, "binary file (contains NUL), not text"))
                return None
            return text, encoding.removesuffix("-sig")
    if b"\x00" in data:
        collected.skipped.append(Skipped(origin, "binary file (contains NUL bytes), not text"))
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        logger.info("%s mixes UTF-8 and other bytes; read those as %s", origin, MIXED_FALLBACK)
        return data.decode("utf-8", errors=_MIXED_ERRORS), f"utf-8+{MIXED_FALLBACK}"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        collected.skipped.append(Skipped(origin, "not text in any known encoding"))
        return None
    encoding = str(best.encoding)
    # Single-byte Latin encodings are often indistinguishable by statistics; unlabelled Western
    # news text is overwhelmingly windows-1252 (which browsers also assume for latin-1).
    if encoding != "cp1252" and _decodes(data, "cp1252") and _single_byte(encoding):
        encoding = "cp1252"
    logger.info("%s is not UTF-8; decoded as %s", origin, encoding)
    return data.decode(encoding, errors="replace"), encoding


def _read_as_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 are read as cp1252 (its five unused
    bytes as U+FFFD)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode(MIXED_FALLBACK, errors="replace"), error.end


_MIXED_ERRORS = "newsdesk-mixed-utf8"


codecs.register_error(_MIXED_ERRORS, _read_as_fallback)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _single_byte(encoding: str) -> bool:
    return encoding.startswith(("cp125", "iso8859", "latin", "mac_", "cp437", "cp850"))


# Characters no reader sees that still split words for a machine (zero-width spaces and
# joiners, soft hyphens, a byte-order mark inside the text), and the controls of text
# direction, which can reorder or hide what is shown: removed.
_INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# Control characters but tab and line breaks: the escape that starts a terminal sequence, the
# carriage return and backspace that overwrite a line, the bell; also C1 controls (U+0080 to
# U+009F, CSI among them) and lone surrogates (from JSON escapes), which no UTF-8 writer takes.
_CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\f\v")


_REMOVED = str.maketrans(dict.fromkeys(_INVISIBLE + _BIDI_CONTROLS + _CONTROLS.replace("\r", "")))


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Text with what no reader should get from an article removed: invisible characters
    inside words, bidirectional controls, control characters (terminal escapes among them),
    and line ends made ``\\n``. Lone surrogates become U+FFFD. Text without them is unchanged.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_REMOVED)
    return _SURROGATE.sub("\ufffd", text)


def byte_limit(config: SummaryConfig) -> int:
    return config.max_article_chars * 4  # a UTF-8 character takes at most four bytes


def too_large(size: int, origin: str, config: SummaryConfig, collected: Collected) -> bool:
    """Skip, with the reason, a file too large to hold an article within the length limit."""
    limit = byte_limit(config)
    if size > limit:
        collected.skipped.append(Skipped(origin, f"file too large ({size} bytes > {limit})"))
    return size > limit
