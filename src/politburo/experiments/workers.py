"""The worker processes that play an ensemble's chunks: started fresh, and never outliving the job.

Workers are spawned (not forked), ignore Ctrl-C (the parent stops them
cleanly, letting the chunks under way finish), and die with their parent:
however the parent ends, even by ``kill -9``, no worker goes on playing runs
or waits forever for work. On Linux the kernel kills a worker when its parent
dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread in each worker polls
for its parent and ends the worker when it is gone. The pool's resource
tracker ends by itself once the last worker is gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

__all__ = ["worker_pool"]

#: ``PR_SET_PDEATHSIG`` from ``<linux/prctl.h>``: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: How often a worker without ``prctl`` looks for its parent, in seconds.
_POLL = 0.5


def worker_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of worker processes for ensembles (default: one per core)."""
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


def _start_worker(parent: int) -> None:
    """Leave Ctrl-C to the parent, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _killed_with_parent():
        threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the worker could ask to die with it
        os._exit(1)


def _killed_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent dies (Linux); whether it will."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """End the worker once its parent is gone (where the kernel cannot be asked to)."""
    while os.getppid() == parent:
        time.sleep(_POLL)
    os._exit(1)
