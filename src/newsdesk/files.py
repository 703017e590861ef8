"""Files as the real world has them: links, pipes, devices, full disks, odd names.

One place for what every reader and writer of newsdesk needs: whether two paths are the same
file, whether a path is a regular file, writing a file whole or not at all, and a file name
fit to print.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from newsdesk.errors import OutputError
from newsdesk.text import clean_text


def is_regular_file(path: str | Path) -> bool:
    """Whether ``path`` is a regular file (after links): not a pipe, device, socket or folder."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_device(path: str | Path) -> bool:
    """Whether ``path`` is a character or block device (``/dev/zero`` never ends)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name the same file (by device and inode: links count)."""
    try:
        one, two = os.stat(first), os.stat(second)
    except (OSError, ValueError):
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


@contextlib.contextmanager
def replaced_on_success(path: str | Path, mode: str = "w") -> Iterator[IO[str]]:
    """A text file that becomes ``path`` only when the block ends without an error.

    It is written beside ``path`` (same folder, so the final rename is atomic), synced to disk,
    then renamed over it; on any error it is removed and ``path`` is left as it was. A failure
    to write raises :class:`OutputError`.
    """
    path = Path(path)
    missing = missing_folder(path)
    if missing:
        raise OutputError(display_name(path), missing)
    try:
        # The folder as the system resolves it: tempfile would read "sub/.." as written.
        folder = os.path.realpath(path.parent)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    except OSError as exc:
        raise OutputError(display_name(path), exc) from exc
    try:
        handle = open(descriptor, mode, encoding="utf-8")  # noqa: SIM115
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(display_name(path), exc) from exc
        finally:
            with contextlib.suppress(OSError):  # its error, if any, is already raised
                handle.close()
        try:
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
        except OSError as exc:
            raise OutputError(display_name(path), exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def missing_folder(path: str | Path) -> str | None:
    """Why the folder a file at ``path`` would go in is not there (None: it is).

    The system walks a path as written, so ``sub/../x.jsonl`` needs a folder ``sub`` even
    though the file would land beside it: the first part of the path that is missing, or
    that is no folder, is named."""
    parent = Path(path).parent
    if parent.is_dir():
        return None
    walked = ""
    for part in parent.parts:
        walked = os.path.join(walked, part)
        if not os.path.isdir(walked):
            if os.path.lexists(walked):
                return f"{display_name(walked)} is not a folder"
            return f"the folder {display_name(walked)} does not exist"
    return None


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (see :func:`replaced_on_success`)."""
    with replaced_on_success(path) as handle:
        handle.write(text)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def display_name(path: str | Path) -> str:
    """A file name fit to print and to store as text.

    Bytes that are not UTF-8 (kept by Python as lone surrogates, which no UTF-8 writer
    accepts) become U+FFFD; control characters (terminal escapes among them), the controls of
    text direction and invisible characters are shown as escapes (``\\x1b``, ``\\u202e``):
    :func:`newsdesk.text.clean_text` with ``escape=True``.
    """
    name = os.fspath(path)
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(name, escape=True)


def read_bounded(source: str | Path | BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file or stream, whatever its size says: a device such
    as ``/dev/zero`` or a pipe never ends, and ``st_size`` of some files is 0. More than
    ``limit`` bytes back means the input is over the limit."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            return read_bounded(handle, limit)
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = source.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
