"""Where an ensemble's store is, and where its shards are written: by the workers or by the client.

A store is a folder on the client's file system: the client holds its lock
(a POSIX lock on a file in it) and writes its manifest there. It is named by
a path or by a ``file://`` URL. Its shards are written either

- **by the workers** (``workers``, the default): each worker writes its
  chunks' shards straight into the store, so the cores play runs instead of
  waiting on the client. The workers must reach the store: on this machine,
  or on a file system every machine mounts. A store named by a URL is
  written through fsspec at that URL (``pip install 'politburo[distributed]'``);
- **by the client** (``client``): each worker sends its chunks' shards back
  as Parquet bytes, and the client writes them; the workers need no file
  system in common with the client.

Either way the client alone lists a chunk in the manifest, so the store's
guarantees (one job at a time, checksums, each run exactly once) are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from politburo.scenario.errors import InputError

__all__ = ["SHARDS", "Shards", "StoreLocation", "store_location"]

#: Who writes an ensemble's shards.
Shards = Literal["workers", "client"]
SHARDS: tuple[Shards, ...] = ("workers", "client")


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """A store: its folder on this machine, and the URL it was named by, if any.

    Attributes:
        folder: The folder the client locks, lists and reads.
        url: The ``file://`` URL workers write the shards through (fsspec),
            or None to write them to ``folder`` itself.
    """

    folder: Path
    url: str | None = None


def store_location(out: str | Path) -> StoreLocation:
    """The store named by ``out``: a folder's path, or a ``file://`` URL of one.

    Raises:
        InputError: ``out`` is a URL of another kind (the lock and the manifest
            must be on a file system the client mounts), or a ``file://`` URL
            of a relative path or of another host.
    """
    if isinstance(out, Path) or "://" not in out:
        return StoreLocation(Path(out))
    parsed = urlparse(out)
    if parsed.scheme != "file":
        raise InputError.one(
            out,
            f"a store must be a folder this machine mounts (a path or a file:// URL), "
            f"not a {parsed.scheme}:// URL: its lock and manifest are kept there",
        )
    if parsed.netloc not in ("", "localhost") or not parsed.path.startswith("/"):
        raise InputError.one(out, "a file:// URL must name an absolute path: file:///PATH")
    return StoreLocation(Path(unquote(parsed.path)), out)
