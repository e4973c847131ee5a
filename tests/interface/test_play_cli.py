"""``politburo play`` from a script: moves on standard input, to the end; ``replay-game``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from builders import assert_clean_error, flat, invoke

VERDICT = ("wins, in", "No winner by")


def test_play_as_trotsky_driven_from_a_script_plays_to_the_end(tmp_path: Path) -> None:
    saved = tmp_path / "game.json"
    # Every month: wait (1), attack Stalin (8) or take the model's pick (empty line).
    moves = "".join(["1\n", "8\n", "\n"] * 60)
    command = ["play", "ussr-1924", "--as", "trotsky", "--seed", "5", "--runs", "4"]
    files = ["--store", str(tmp_path / "store"), "--save", str(saved)]
    done = subprocess.run(
        [sys.executable, "-m", "politburo", *command, *files],
        input=moves,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    assert "Your move" in text and "the model's pick" in text
    assert any(v in text for v in VERDICT)
    assert "How Leon Trotsky ended, best first" in text and "as well as you or better" in text
    assert "end of input" not in done.stderr, "the script's moves lasted the whole game"
    game = json.loads(saved.read_text(encoding="utf-8"))
    assert game["actor"] == "trotsky" and len(game["choices"]) > 5


def test_at_the_end_of_input_the_model_plays_on_and_the_saved_game_replays(
    tmp_path: Path,
) -> None:
    saved, store = tmp_path / "game.json", str(tmp_path / "store")
    played = invoke(
        "play",
        "ussr-1924",
        "--as",
        "trotsky",
        "--runs",
        "2",
        "--store",
        store,
        "--save",
        str(saved),
    )
    assert played.exit_code == 0, played.output
    assert "end of input" in played.stderr
    replayed = invoke("replay-game", str(saved), "--runs", "2", "--store", store)
    assert replayed.exit_code == 0, replayed.output
    verdict = [line for line in played.stdout.splitlines() if any(v in line for v in VERDICT)]
    assert verdict and verdict[0] in replayed.stdout


def test_replay_game_refuses_a_file_that_is_no_game(tmp_path: Path) -> None:
    bad = tmp_path / "game.json"
    bad.write_text(json.dumps({"format": "politburo-game-1", "seed": -1}), encoding="utf-8")
    assert_clean_error(invoke("replay-game", str(bad)), "seed", "required field is missing")


def test_play_refuses_an_actor_who_is_no_contender(tmp_path: Path) -> None:
    assert_clean_error(invoke("play", "ussr-1924", "--as", "lenin"), "not a contender")
