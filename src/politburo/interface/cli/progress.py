"""Progress bars on standard error, and what Ctrl-C does to an experiment under way.

The bars are drawn only where standard error is a terminal; in a log or a
pipe they would be noise (and an empty line before an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from politburo.experiments.errors import EnsembleInterrupted, EnsembleLost
from politburo.interface.cli.group import INTERRUPTED, TERMINATED
from politburo.interface.cli.output import err


class RateColumn(ProgressColumn):
    """Runs per second."""

    def render(self, task: Task) -> Text:
        """The task's speed, or a dash before it is known."""
        speed = task.speed
        return Text("– runs/s" if speed is None else f"{speed:.1f} runs/s")


class RunsBar:
    """A bar counting runs, shown from the first run counted (not while the input is checked).

    The runs already done before the first report (a resumed ensemble) are
    not in its rate.
    """

    def __init__(self, progress: Progress, label: str) -> None:
        self._progress = progress
        self._label = label
        self._task: TaskID | None = None

    def report(self, done: int, total: int) -> None:
        """``done`` of ``total`` runs are done (the experiments' progress callback)."""
        if self._task is None:
            self._task = self._start(total, done)
        else:
            self._progress.update(self._task, completed=done, total=total)

    def _start(self, total: int, done: int) -> TaskID:
        self._progress.start()
        return self._progress.add_task(self._label, total=total, completed=done)


@contextmanager
def counting_runs(label: str) -> Iterator[RunsBar]:
    """A bar of runs while an experiment plays them: done, runs per second, time left.

    Ctrl-C (or SIGTERM) stops the experiment with what is stored kept: the
    bar stops, the message says how many runs were kept, and the command
    exits with 130 (143 for SIGTERM). A back end lost under it (a Dask
    scheduler killed) stops it the same way, with exit code 1.
    """
    columns: list[ProgressColumn] = [
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        RateColumn(),
    ]
    progress = Progress(
        *columns, TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal
    )
    try:
        yield RunsBar(progress, label)
    except EnsembleInterrupted as stopped:
        _stop(progress)
        err.print(escape(str(stopped)))
        if isinstance(stopped, EnsembleLost):
            raise typer.Exit(1) from None
        raise typer.Exit(TERMINATED if stopped.terminated else INTERRUPTED) from None
    finally:
        _stop(progress)


def _stop(progress: Progress) -> None:
    """Stop the bar if it was shown (stopping one never shown prints an empty line)."""
    if progress.live.is_started:
        progress.stop()


@contextmanager
def counting_trials(trials: int) -> Iterator[Callable[[int, float], None]]:
    """A bar of a calibration's trials with the best score so far; yields its ``on_trial``."""
    with Progress(
        TextColumn("calibrating"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} trials, best {task.fields[best]:.3f}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("trials", total=trials, best=0.0)
        yield lambda number, best: progress.update(task, completed=number + 1, best=best)
