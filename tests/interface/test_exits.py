"""Every way a command can fail or be stopped ends in one clear line and a known exit code.

Findings 2, 5 and 10 of issue 13: ``--events`` replaced a device node, made
missing folders and gave a traceback at a folder; ``run --seed -1``, a full
disk during an ensemble and Ctrl-C during ``run`` gave tracebacks; range
errors such as ``--runs 0`` printed a box of several lines.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner, Result

from politburo.experiments import store
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import Terminated
from politburo.experiments.queries import query
from politburo.interface.cli.app import app

runner = CliRunner()


def one_line_error(result: Result, *words: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr holding ``words``, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "╭" not in result.stderr
    for word in words:
        assert word in result.stderr
    return str(result.stderr)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "ussr-1924", "--seed", "-1"], ["--seed", "-1"]),
        (["ensemble", "ussr-1924", "--runs", "0", "--out", "x"], ["--runs", "0"]),
        (["ensemble", "ussr-1924", "--runs", "abc", "--out", "x"], ["--runs", "abc"]),
        (["ensemble", "ussr-1924", "--runs", "2", "--out", "x", "--workers", "0"], ["--workers"]),
        (["ensemble", "ussr-1924", "--runs", "2", "--out", "x", "--seed", "-3"], ["--seed"]),
        (["ensemble"], ["scenario"]),
        (["run", "ussr-1924", "--bogus"], ["--bogus"]),
        (["nosuch"], ["nosuch"]),
        (["whatif", "ussr-1924", "--lever", "army", "--runs", "1"], ["--runs"]),
        (["validate", "ussr-1924", "--seed", "-1"], ["--seed"]),
        (["calibrate", "ussr-1924", "--max-share", "2"], ["--max-share"]),
        (["calibrate", "ussr-1924", "--seed", "-1"], ["--seed", "'-1'"]),
        (["calibrate", "ussr-1924", "--seed", "99999999999"], ["--seed", "99999999999"]),
    ],
)
def test_a_bad_value_on_the_command_line_is_one_line_and_exit_2(
    args: list[str], words: list[str]
) -> None:
    line = one_line_error(runner.invoke(app, args), *words)
    assert "--help" in line  # where to read what the command takes


def test_more_runs_than_an_ensemble_may_hold_is_one_line_at_once(tmp_path: Path) -> None:
    args = ["ensemble", "ussr-1924", "--runs", str(10**12), "--out", str(tmp_path / "e")]
    one_line_error(runner.invoke(app, args), "runs", "from 1 to 10,000,000")
    assert not (tmp_path / "e").exists()


def test_a_month_option_is_named_once() -> None:
    result = runner.invoke(app, ["validate", "ussr-1924", "--runs", "1", "--from", "1800-01"])
    assert one_line_error(result).startswith("error: --from: 1800-01 lies outside the calendar")


def test_giving_no_command_still_shows_the_help() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2 and "Usage" in result.output


# --------------------------------------------------------------------------- output paths


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    yield path


def test_events_at_a_folder_a_fifo_or_a_device_is_refused_without_touching_it(
    tmp_path: Path, fifo: Path
) -> None:
    """As root, ``--events /dev/null`` used to replace the device with a regular file."""
    null = os.stat("/dev/null")
    for path, kind in ((tmp_path, "is a folder"), (fifo, "FIFO"), (Path("/dev/null"), "device")):
        one_line_error(
            runner.invoke(app, ["run", "ussr-1924", "--events", str(path)]), "--events", kind
        )
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (
        null.st_ino,
        null.st_rdev,
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_events_in_a_missing_folder_names_it_and_makes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "not" / "there" / "events.parquet"
    one_line_error(
        runner.invoke(app, ["run", "ussr-1924", "--events", str(path)]),
        f"the folder {path.parent} does not exist",
    )
    assert list(tmp_path.iterdir()) == []


def test_events_replace_a_regular_file_whole_and_follow_a_link(tmp_path: Path) -> None:
    target = tmp_path / "events.parquet"
    target.write_text("old")
    link = tmp_path / "latest.parquet"
    link.symlink_to(target)
    result = runner.invoke(app, ["run", "ussr-1924", "--events", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and pq.read_table(target).num_rows > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.parquet", "latest.parquet"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "ussr-1924", "--runs", "2", "--report", "{path}"],
        ["calibrate", "ussr-1924", "--trials", "1", "--runs", "1", "--out", "{path}"],
        ["explain", "ussr-1924", "--lever", "army", "--runs", "2", "--chart", "{path}"],
    ],
)
def test_every_file_option_refuses_a_fifo_before_any_run(
    tmp_path: Path, fifo: Path, args: list[str]
) -> None:
    stem = fifo.with_suffix("") if "--chart" in args else fifo
    if "--chart" in args:  # a chart is two files: the FIFO stands in for its .png
        fifo.rename(tmp_path / "chart.png")
        stem = tmp_path / "chart"
    filled = [a.format(path=stem) for a in args]
    one_line_error(runner.invoke(app, filled), "FIFO")
    assert not (tmp_path / "results").exists()


# --------------------------------------------------------------------------- stopped commands


def test_ctrl_c_during_a_run_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Configuration, "play", interrupted)
    result = runner.invoke(app, ["run", "ussr-1924"])
    assert result.exit_code == 130 and "Traceback" not in result.output


def test_ctrl_c_reported_by_a_library_as_a_system_error_exits_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:  # the context a library's SystemError carries
            raise SystemError("<built-in function> returned a result with an exception set")  # noqa: B904

    monkeypatch.setattr(Configuration, "play", interrupted)
    result = runner.invoke(app, ["run", "ussr-1924"])
    assert result.exit_code == 130 and "SystemError" not in result.output


def test_sigterm_during_a_run_exits_143_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def terminated(*args: object, **kwargs: object) -> None:
        raise Terminated

    monkeypatch.setattr(Configuration, "play", terminated)
    result = runner.invoke(app, ["run", "ussr-1924"])
    assert result.exit_code == 143 and result.stderr == "terminated\n"


def test_a_full_disk_during_an_ensemble_keeps_the_finished_runs_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store._write_atomic

    def disk_fills_up(path: Path, content: bytes, job: str) -> None:
        if path.name.startswith("part-"):  # the disk is full from the next shard on
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, content, job)

    folder = tmp_path / "out"
    args = ["ensemble", "ussr-1924", "--out", str(folder), "--workers", "1", "--runs"]
    assert runner.invoke(app, [*args, "2"]).exit_code == 0
    monkeypatch.setattr(store, "_write_atomic", disk_fills_up)
    line = one_line_error(runner.invoke(app, [*args, "6"]), "No space left on device")
    assert "2 of 6 runs kept" in line and "events/part-000002-000005.parquet" in line
    assert not list(folder.rglob("*.tmp"))
    monkeypatch.setattr(store, "_write_atomic", real)
    again = runner.invoke(app, [*args, "6"])
    assert again.exit_code == 0 and "(4 new)" in again.stdout
    [row] = query(folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs").to_pylist()
    assert (row["n"], row["d"]) == (6, 6)


def test_a_full_tmpfs_under_an_ensemble_gives_one_line_and_keeps_what_fitted(
    tmp_path: Path,
) -> None:
    """The same with a real full disk: a 256 KB tmpfs (only where this test may mount one)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        folder = disk / "out"
        args = ["ensemble", "ussr-1924", "--runs", "40", "--out", str(folder), "--workers", "2"]
        line = one_line_error(runner.invoke(app, args), "No space left on device", "runs kept")
        assert ".parquet" in line or "manifest.json" in line  # whichever filled the disk
        kept = int(line.split("; ")[1].split(" of ")[0])
        [row] = query(
            folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs"
        ).to_pylist()
        assert row["n"] == row["d"] == kept
        assert not list(folder.rglob("*.tmp"))
    finally:
        subprocess.run(["umount", str(disk)], check=False)
