"""The exclusive lock on an ensemble folder, held by the one job that plays into it.

A job takes the lock before it reads or writes anything in the folder and
holds it to its end, so two jobs never play the same runs into one folder.
The lock is an advisory ``flock`` on the folder's ``.lock`` file: the
operating system releases it when its holder ends, however it ends (even
``kill -9``), so a lock is never left behind by a dead job on this machine.
The holder writes who it is into the file (process id, host, process start
time, when it took the lock, a job id), so that a second job can name the
job in its way, and so that a job taking the lock can tell that the last
holder ended without releasing it (it was killed) and what it may have left.

Where the file system cannot ``flock`` (some network and user-space file
systems), the record alone is the lock: a record naming a process that is
not running on this host (by its id and start time) is stale and is taken
over; one naming another host is respected, since its process cannot be
seen from here.

In a distributed job only the client, which writes the manifest, takes the
lock; workers on other machines write shards under unique temporary names
and send back what they wrote, which the client checks and lists.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["LOCK", "Holder", "StoreLock"]

#: The lock file's name inside an ensemble folder.
LOCK = ".lock"

_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}


def _process_start(pid: int) -> str:
    """When process ``pid`` started, in clock ticks since boot (Linux), or '' if unknown.

    Together with the process id it tells a live holder from a later process
    that was given the same id.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _running(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or held) a folder's lock.

    Attributes:
        pid: The holder's process id.
        host: The holder's host name.
        started: When it took the lock (UTC, ISO 8601 to the second).
        job: A random id of the job, which its temporary files carry.
        process_start: The process's start time on its host ('' if unknown).
    """

    pid: int
    host: str
    started: str
    job: str
    process_start: str = ""

    @classmethod
    def me(cls) -> Holder:
        """This process, taking a lock now for a new job."""
        pid = os.getpid()
        started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        return cls(pid, socket.gethostname(), started, secrets.token_hex(6), _process_start(pid))

    def alive(self) -> bool:
        """Whether the holder may still be running: always, if it is on another host."""
        if self.host != socket.gethostname():
            return True
        if not _running(self.pid):
            return False
        return not self.process_start or _process_start(self.pid) == self.process_start

    def describe(self) -> str:
        """The holder in words: ``pid 4242 on host1 since 2025-01-01 12:00:00 UTC``."""
        return f"pid {self.pid} on {self.host} since {self.started}"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """The holder a lock file records, or None if it records none (or cannot be read)."""
        try:
            data: Any = json.loads(text)
            return cls(**{k: data[k] for k in ("pid", "host", "started", "job", "process_start")})
        except (ValueError, TypeError, KeyError):
            return None


def _flock(fd: int) -> bool | None:
    """Whether this process now holds the flock on ``fd``; None where flock is not supported."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in _NO_FLOCK:
            return None
        raise
    return True


class StoreLock:
    """The exclusive lock on one folder, as a context manager.

    Attributes:
        path: The lock file.
        holder: This job, once the lock is held.
        previous: The holder recorded when the lock was taken: a job that
            ended without releasing it (it was killed), or None.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK
        self.holder = Holder.me()
        self.previous: Holder | None = None
        self._fd: int | None = None

    def acquire(self) -> Holder | None:
        """Take the lock, or say who holds it.

        Returns:
            None once the lock is held; the holder in the way otherwise.

        Raises:
            OSError: The lock file cannot be opened or written.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            held = _flock(fd)
            recorded = Holder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            if held is None:  # no flock here: the record alone is the lock
                held = recorded is None or not recorded.alive()
            if not held:
                os.close(fd)
                return recorded or Holder(0, "an unknown host", "an unknown time", "")
            self.previous = recorded
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(asdict(self.holder)).encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return None

    def release(self) -> None:
        """Clear the record and release the lock (closing the file releases the flock)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
