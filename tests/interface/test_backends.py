"""The back-end options: --workers, --cluster local:N, --scheduler tcp://HOST:PORT."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from politburo.experiments.backends import Backend
from politburo.interface.cli import backends
from politburo.interface.cli.app import app
from politburo.scenario.errors import InputError


def test_no_dask_option_means_local_processes() -> None:
    assert backends.backend_of(3, None, None) == Backend(workers=3)
    assert backends.backend_of(None, None, None, local=1) == Backend(workers=1)


def test_cluster_and_scheduler_name_their_back_ends() -> None:
    assert backends.backend_of(None, "local:2", None) == Backend.local_cluster(2)
    assert backends.backend_of(None, None, "tcp://127.0.0.1:8786") == Backend.scheduler(
        "tcp://127.0.0.1:8786"
    )


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ((2, "local:2", None), "--cluster", "not both"),
        ((None, "local:2", "tcp://h:1"), "--scheduler", "not both"),
        ((None, "local:0", None), "--cluster", "local:N"),
        ((None, "two", None), "--cluster", "local:N"),
        ((None, None, "localhost"), "--scheduler", "tcp://HOST:PORT"),
    ],
)
def test_a_bad_back_end_is_refused_naming_the_option(
    options: tuple[int | None, str | None, str | None], field: str, words: str
) -> None:
    with pytest.raises(InputError) as raised:
        backends.backend_of(*options)
    assert raised.value.problems[0].file == field
    assert words in str(raised.value)


def test_a_dask_option_without_dask_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(backends, "dask_available", lambda: False)
    result = CliRunner().invoke(
        app, ["ensemble", "ussr-1924", "--runs", "2", "--out", "x", "--cluster", "local:2"]
    )
    assert result.exit_code == 2
    assert "pip install 'politburo[distributed]'" in result.output


@pytest.mark.parametrize("command", ["ensemble", "whatif", "explain", "validate", "calibrate"])
def test_every_experiment_command_takes_the_back_end_options(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert "--cluster" in result.output and "--scheduler" in result.output
