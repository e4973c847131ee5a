"""Progress bars on standard error, and what Ctrl-C does to an experiment under way."""

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

from politburo.experiments.errors import EnsembleInterrupted
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

    def __init__(self, progress: Progress, label: str, total: int | None) -> None:
        self._progress = progress
        self._label = label
        self._total = total
        self._task: TaskID | None = None

    def report(self, done: int, total: int) -> None:
        """``done`` of ``total`` runs are done (the experiments' progress callback)."""
        if self._task is None:
            self._task = self._start(total, done)
        else:
            self._progress.update(self._task, completed=done, total=total)

    def advance(self) -> None:
        """One more run is done."""
        if self._task is None:
            self._task = self._start(self._total, 0)
        self._progress.advance(self._task)

    def _start(self, total: int | None, done: int) -> TaskID:
        self._progress.start()
        return self._progress.add_task(self._label, total=total, completed=done)


@contextmanager
def counting_runs(label: str, total: int | None = None, *, rate: bool = False) -> Iterator[RunsBar]:
    """A bar of runs while an experiment plays them.

    Ctrl-C stops the experiment with what is stored kept: the bar stops, the
    message says how many runs were kept, and the command exits with 130.
    """
    columns: list[ProgressColumn] = [
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
    ]
    columns += [RateColumn()] if rate else []
    progress = Progress(*columns, TimeRemainingColumn(), console=err, transient=True)
    try:
        yield RunsBar(progress, label, total)
    except EnsembleInterrupted as stopped:
        _stop(progress)
        err.print(escape(str(stopped)))
        raise typer.Exit(130) from None
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
    ) as progress:
        task = progress.add_task("trials", total=trials, best=0.0)
        yield lambda number, best: progress.update(task, completed=number + 1, best=best)
