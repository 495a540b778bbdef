"""Safe output: every file the Python side of cchc writes goes through ``atomic_write``.

The text goes to a temporary file in the target's directory (the same file system, so the
rename is atomic), is flushed and fsync'ed, and only then replaces the target with
``os.replace``. A failure at any point removes the temporary file and leaves the old file as
it was: a reader never sees half a report. The C++ side does the same in
cchc/detail/atomic_file.hpp; docs/safe_output.md.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from typing import IO


def _new_file_mode() -> int:
    # The mode open() would give a new file: 0o666 less the umask (mkstemp's 0o600 would leak
    # into the final file). Reading the umask means setting it; done once, at import.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _new_file_mode()


def _temporary_beside(target: str, suffix: str) -> tuple[int, str]:
    """A new temporary file in ``target``'s directory (same file system: the rename is atomic)."""
    return tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=suffix,
        dir=os.path.dirname(os.path.abspath(target)),
    )


def _replace(temporary: str, target: str) -> None:
    """Moves the complete, fsync'ed ``temporary`` over ``target``, keeping a replaced file's
    permissions (a new one gets ``0o666 & ~umask``)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    os.chmod(temporary, mode)
    os.replace(temporary, target)
    # The rename reaches the disk with the directory entry; failing to sync it leaves a
    # complete file in place, so it is not an error.
    with contextlib.suppress(OSError):
        directory_descriptor = os.open(os.path.dirname(os.path.abspath(target)), os.O_RDONLY)
        try:
            os.fsync(directory_descriptor)
        finally:
            os.close(directory_descriptor)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text stream whose contents replace ``path`` when the ``with`` block ends normally.

    If the block raises, ``path`` is untouched and no temporary file is left. A replaced file
    keeps its permissions; a new one gets the usual ``0o666 & ~umask``.
    """
    target = os.fspath(path)
    descriptor, temporary = _temporary_beside(target, ".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_text_atomically(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8"
) -> None:
    """Writes ``text`` to ``path`` with ``atomic_write``."""
    with atomic_write(path, encoding=encoding) as handle:
        handle.write(text)


def write_through_temporary(
    path: str | os.PathLike[str], write: Callable[[str], None]
) -> None:
    """For writers that take a path (openpyxl's ``Workbook.save``, matplotlib's ``savefig``):
    ``write(temporary path)`` fills a temporary file beside ``path``, which then replaces
    ``path`` as ``atomic_write`` does. If ``write`` raises, ``path`` is untouched and no
    temporary file is left."""
    target = os.fspath(path)
    descriptor, temporary = _temporary_beside(target, os.path.splitext(target)[1] or ".tmp")
    os.close(descriptor)
    try:
        write(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        _replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
