"""Safe output: every file the Python side of cchc writes goes through ``atomic_write``.

The text goes to a temporary file in the target's directory (the same file system, so the
rename is atomic), is flushed and fsync'ed, and only then replaces the target with
``os.replace``. A failure at any point removes the temporary file and leaves the old file as
it was: a reader never sees half a report. The C++ side does the same in
cchc/detail/atomic_file.hpp; docs/safe_output.md.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

from .i18n import N_


def _new_file_mode() -> int:
    # The mode open() would give a new file: 0o666 less the umask (mkstemp's 0o600 would leak
    # into the final file). Reading the umask means setting it; done once, at import.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _new_file_mode()


def _process_is_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive but not ours (EPERM)
        return False
    return False


def sweep_stale_temporaries(target: str | os.PathLike[str]) -> list[str]:
    """Removes temporaries of ``target`` left by a writer that was killed (SIGKILL, power
    loss): files named ``.<name>.tmp-<pid>-…`` beside it (the naming of this module and of
    cchc/detail/atomic_file.hpp) whose process no longer exists. Returns the removed paths.
    A temporary of a live process, or of another naming, is never touched."""
    path = os.fspath(target)
    directory = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(re.escape(f".{os.path.basename(path)}.tmp-") + r"(\d+)-")
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        match = pattern.match(name)
        if match is None or not _process_is_gone(int(match.group(1))):
            continue
        candidate = os.path.join(directory, name)
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(candidate).st_mode):
                os.unlink(candidate)
                removed.append(candidate)
    return removed


#: Writes in progress, as (directory, name prefix) with a count: the prefix holds this process's
#: id, so removing what matches it touches no one else's file (remove_live_temporaries).
_LIVE_WRITES: dict[tuple[str, str], int] = {}
_LIVE_LOCK = threading.Lock()


def _temporary_beside(target: str, suffix: str) -> tuple[int, str]:
    """A new temporary file in ``target``'s directory (same file system: the rename is atomic),
    named ``.<name>.tmp-<pid>-<random><suffix>`` so that a later run can tell a stale one."""
    sweep_stale_temporaries(target)
    directory = os.path.dirname(os.path.abspath(target))
    prefix = f".{os.path.basename(target)}.tmp-{os.getpid()}-"
    # Recorded before the file exists: Ctrl-C at any point after this finds it.
    with _LIVE_LOCK:
        _LIVE_WRITES[(directory, prefix)] = _LIVE_WRITES.get((directory, prefix), 0) + 1
    try:
        return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)
    except OSError as error:
        _forget(target)
        raise _naming_target(error, target, None) from None
    except BaseException:
        _forget(target)
        raise


def _forget(target: str) -> None:
    key = (os.path.dirname(os.path.abspath(target)), f".{os.path.basename(target)}.tmp-{os.getpid()}-")
    with _LIVE_LOCK:
        count = _LIVE_WRITES.get(key, 0) - 1
        if count > 0:
            _LIVE_WRITES[key] = count
        else:
            _LIVE_WRITES.pop(key, None)


def remove_live_temporaries() -> None:
    """Removes the temporary files of writes still in progress in this process: called by the
    command line when Ctrl-C or SIGTERM stops it, whatever point each write had reached."""
    with _LIVE_LOCK:
        writes = list(_LIVE_WRITES)
        _LIVE_WRITES.clear()
    for directory, prefix in writes:
        with contextlib.suppress(OSError):
            for name in os.listdir(directory):
                if name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(directory, name))


def _naming_target(error: OSError, target: str, temporary: str | None) -> OSError:
    """The error with the target as its file name: a full disk or a read-only folder is
    reported on the file the user asked for, not on the hidden temporary."""
    if error.filename not in (None, temporary) and temporary is not None:
        return error
    if error.errno is None:  # OSError("…") with a message only: keep it, after the target
        return type(error)(f"{target}: {error}")
    return type(error)(error.errno, error.strerror or os.strerror(error.errno), target)


class Terminated(BaseException):
    """Raised in the main thread by SIGTERM (install_signal_cleanup): unwinds like
    KeyboardInterrupt, so every ``atomic_write`` removes its temporary file."""


def install_signal_cleanup() -> None:
    """SIGTERM raises :class:`Terminated` in the main thread (the default would end the process
    at once and leave the temporary files of writes in progress). Installed by the ``cchc``
    command line; SIGINT already raises KeyboardInterrupt."""

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


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
        try:
            with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            _replace(temporary, target)
        except OSError as error:
            raise _naming_target(error, target, temporary) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        _forget(target)


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
        try:
            write(temporary)
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            _replace(temporary, target)
        except OSError as error:
            raise _naming_target(error, target, temporary) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        _forget(target)


#: The kinds of file check_input_file names (msgids, translated when shown).
_FILE_KINDS = {"file": N_("file"), ".xlsx file": N_(".xlsx file"),
               "Parquet file": N_("Parquet file")}

#: What the system says for the file errors people meet most, in the current language (the
#: operating system writes its own words in English under the C locale).
_SYSTEM_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EEXIST: N_("the file exists"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
}


def system_error_text(error: OSError) -> str:
    """Why the system refused, in the current language when cchc knows the error (the
    system's own words otherwise)."""
    from . import i18n

    known = _SYSTEM_ERRORS.get(error.errno or 0)
    if known is not None:
        return i18n.gettext(known)
    return str(error.strerror or error)


#: Largest text input (a plan's text, a values or receipts CSV) the command line reads.
MAX_TEXT_INPUT_BYTES = 64 * 1024 * 1024


def check_input_file(path: str | os.PathLike[str], limit: int, *, what: str = "file") -> str:
    """The path of a regular file of at most ``limit`` bytes, or a ``ParseError`` that says
    why not: missing, a directory, a device or FIFO (reading one could block or never end),
    or too large. Checked before the file is opened. ``what`` names the kind of file in
    English (``"file"``, ``".xlsx file"``, ``"Parquet file"``); the reason is written in the
    current language."""
    from .errors import ParseError
    from . import i18n
    from .i18n import _, format_number

    source = os.fspath(path)
    kind = i18n.gettext(_FILE_KINDS.get(what, what))
    try:
        status = os.stat(source)
    except FileNotFoundError:
        raise ParseError.at(source, 0, "", _("no such {what}").format(what=kind)) from None
    except OSError as error:
        raise ParseError.at(source, 0, "", _("cannot open ({reason})").format(
            reason=system_error_text(error))) from None
    if stat.S_ISDIR(status.st_mode):
        raise ParseError.at(source, 0, "", _("a folder, not a {what}").format(what=kind))
    if not stat.S_ISREG(status.st_mode):
        raise ParseError.at(source, 0, "", _("not a regular file (a device, FIFO or socket): "
                                             "not read"))
    if status.st_size > limit:
        raise ParseError.at(source, 0, "", _(
            "the {what} has {size} bytes, over the limit of {limit} bytes").format(
                what=kind, size=format_number(status.st_size), limit=format_number(limit)))
    return source
