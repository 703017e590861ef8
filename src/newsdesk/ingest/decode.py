"""Decoding and limits: bytes to text whatever their encoding, text cleared of what no reader
should get (:func:`newsdesk.text.clean_text`, re-exported as :func:`normalise_text`), and the
size limits every reader applies.

Text is decoded by its byte-order mark (UTF-8, UTF-16, UTF-32), else as UTF-8, else as UTF-8
mixed with cp1252 (text pasted from two sources), else in the encoding ``charset_normalizer``
detects (imported only then).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from typing import Protocol

from newsdesk.config import SummaryConfig
from newsdesk.text import clean_text
from newsdesk.types import Skipped

logger = logging.getLogger(__name__)

# One cleaning for all that is shown (newsdesk.text), under the name the readers use.
normalise_text = clean_text


class Reports(Protocol):
    """Where a reader reports what it skipped (:class:`newsdesk.ingest.story.Collected`)."""

    @property
    def skipped(self) -> list[Skipped]: ...


@dataclass
class _Reports:
    """What :func:`decode_text` reports to (it collects no articles)."""

    skipped: list[Skipped] = field(default_factory=list)


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


def decode(data: bytes, origin: str, collected: Reports) -> tuple[str, str] | None:
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


def decode_text(data: bytes, origin: str) -> tuple[str, str] | Skipped:
    """``data`` read as an article file is (by :func:`decode`): its text and encoding, or why
    it is no text (empty, binary, undecodable). For other readers of text, such as a draft."""
    collected = _Reports()
    decoded = decode(data, origin, collected)
    return decoded if decoded is not None else collected.skipped[-1]


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


def byte_limit(config: SummaryConfig) -> int:
    return config.max_article_chars * 4  # a UTF-8 character takes at most four bytes


def too_large(size: int, origin: str, config: SummaryConfig, collected: Reports) -> bool:
    """Skip, with the reason, a file too large to hold an article within the length limit."""
    limit = byte_limit(config)
    if size > limit:
        collected.skipped.append(Skipped(origin, f"file too large ({size} bytes > {limit})"))
    return size > limit
