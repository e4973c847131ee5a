"""Files the program writes for a user (an event log, a report, a chart, fitted parameters).

Every such file is written the same careful way:

- only a regular file is ever replaced: a path naming a folder, a FIFO, a
  device (``/dev/null``) or a socket is refused before anything is written,
  and checked again just before the file is put in place;
- a missing folder is never created on the user's behalf: the error names
  it (the program's own default places create their folders themselves);
- the file is written whole or not at all: into a temporary file beside it,
  named for this write, then renamed over it; a symbolic link to a regular
  file is followed, so the link stays and its file is replaced.

Errors are :class:`~politburo.scenario.errors.InputError` naming the option
that gave the path, so the command line prints one line and exits with 2.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from politburo.scenario.errors import InputError

__all__ = ["check_output", "write_output"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output(path: Path, option: str) -> Path:
    """Check that ``path`` can be written as a new file or over a regular file.

    Args:
        path: Where the file is to go.
        option: What named the path (``--events``): the problem's file.

    Returns:
        ``path``.

    Raises:
        InputError: It names something other than a regular file, or its
            folder does not exist.
    """
    path = Path(path)
    try:
        found = path.stat()
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise InputError.one(
                option, f"cannot write {path}: the folder {folder} {what}; create it first"
            ) from None
        return path
    except OSError as error:
        raise InputError.one(option, f"cannot write {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(found.st_mode):
        kind = next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")
        raise InputError.one(
            option, f"{path} is {kind}, not a regular file; only a regular file is written"
        )
    return path


def write_output(path: Path, option: str, write: Callable[[Path], object]) -> None:
    """Write a file through ``write``, which writes to the path it is given, then put it in place.

    Args:
        path: Where the file goes.
        option: What named the path (``--events``): the problem's file.
        write: Writes the whole file to the (temporary) path it is given.

    Raises:
        InputError: ``path`` cannot be written (see :func:`check_output`), or
            writing failed (a full disk, say); nothing is left behind.
    """
    target = Path(path)
    check_output(target, option)
    if target.is_symlink():
        target = target.resolve()
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        write(temporary)
        check_output(target, option)  # again: something may have taken its place meanwhile
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        raise InputError.one(option, f"cannot write {path}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)
