"""Which version made a result: the package's version and the parameters' short hash.

A permalink to a run and a saved game carry both, so that a link or file
from another version says so instead of showing a different run.
"""

from __future__ import annotations

from importlib import metadata

from politburo.scenario.loading import params_hash
from politburo.scenario.params import Params

__all__ = ["package_version", "params_tag"]


def package_version() -> str:
    """The installed package's version (``unknown`` when run from a bare source tree)."""
    try:
        return metadata.version(__name__.split(".")[0])  # this package's own name
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


def params_tag(params: Params) -> str:
    """The parameters' short hash: the first ten hex digits of their content hash."""
    return params_hash(params)[:10]
