"""The server's bounds: every cap, every bad input and every path gets a clear refusal.

Each refusal is a page with its status code and a message, never a stack trace.
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from politburo import load_scenario, simulate
from politburo.analysis.standing import alliances_at, camps_at
from politburo.interface.web.app import create_app
from politburo.interface.web.settings import WebSettings
from politburo.model.result import RunResult

REPLAY = "/replay?scenario=ussr-1924-v1&seed=7"


def assert_refused(response: Response, status: int, *fragments: str) -> None:
    """The status, each fragment in the page, and no trace."""
    assert response.status_code == status, response.text[:500]
    assert "Traceback" not in response.text and 'File "' not in response.text
    for fragment in fragments:
        assert fragment in response.text, f"{fragment!r} not in the page"


def wait_for(client: TestClient, job: str, state: str = "done", seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if f'id="job-{state}"' in client.get(f"/whatif/jobs/{job}/progress").text:
            return
        time.sleep(0.2)
    raise AssertionError(f"job {job} not {state} after {seconds} s")


def start_whatif(client: TestClient, runs: int = 20, **fields: Any) -> Response:
    data = {"scenario": "ussr-1924-v1", "lever": "patronage", "runs": str(runs), "seed": "0"}
    return client.post("/whatif", data=data | fields)


# --------------------------------------------------------------------------- requests


def test_a_path_in_the_scenario_parameter_is_refused(client: TestClient) -> None:
    for path in ("../../etc/passwd", "/etc/passwd", "results/web/uploads/x.yaml"):
        assert_refused(client.get(f"/replay?scenario={path}&seed=1"), 422, "looks like a file path")


def test_a_scenario_the_server_does_not_offer_is_refused(client: TestClient) -> None:
    assert_refused(client.get("/replay?scenario=atlantis-v9"), 400, "not a scenario of this server")


def test_a_seed_out_of_range_and_a_month_out_of_the_run_are_refused(client: TestClient) -> None:
    assert_refused(client.get(REPLAY.replace("seed=7", "seed=-1")), 422, "seed")
    assert_refused(client.get(REPLAY + "&month=999"), 422, "not a month of this run")


def test_an_override_is_a_number_never_code(client: TestClient) -> None:
    bad = "__import__('os').system('x')=1"
    assert_refused(client.get(f"{REPLAY}&set={bad}"), 422, "overrides")
    assert_refused(client.get(f"{REPLAY}&set=stalin.patience=7"), 400, "stalin.patience")


def test_a_permalink_from_another_version_says_so(client: TestClient) -> None:
    response = client.get(REPLAY + "&v=0.0.0-other&p=0123456789")
    assert_refused(response, 409, "made by another version", "version 0.0.0-other")


def test_a_permalink_of_this_version_reproduces_the_run(client: TestClient) -> None:
    page = client.get(REPLAY + "&lever=patronage")
    assert page.status_code == 200
    link = page.text.split('id="permalink" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "lever=patronage" in link and "v=" in link and "p=" in link
    again = client.get(link)
    assert again.status_code == 200
    verdict = page.text.split('id="verdict">')[1].split("<")[0]
    assert verdict and verdict in again.text


def test_the_month_panel_shows_the_narrative_network_and_record(client: TestClient) -> None:
    panel = client.get(REPLAY + "&month=40")
    assert panel.status_code == 200
    for part in ("The story so far", 'class="network"', "Reputation", "The record beside the run"):
        assert part in panel.text


def test_the_network_draws_the_runs_alliances_and_camps_at_the_month(client: TestClient) -> None:
    run = simulate(load_scenario("ussr-1924"), seed=7)
    for month in (0, 12, 40):
        panel = client.get(f"/replay/month?scenario=ussr-1924-v1&seed=7&month={month}").text
        assert panel.count('class="alliance"') == len(alliances_at(run, month))
        camps = camps_at(run, month)
        assert 'id="camps"' in panel if camps else 'id="camps"' not in panel
        for leader, members in camps.items():
            assert ", ".join(_name(run, m) for m in members) in panel, leader


def _name(run: RunResult, actor: str) -> str:
    return next(a.name for a in load_scenario(run.scenario_id).actors if a.id == actor)


def test_the_typical_run_redirects_to_its_permalink(client: TestClient) -> None:
    response = client.get("/replay/typical?scenario=ussr-1924-v1&seed=0")
    assert response.status_code == 303 and "run=" in response.headers["location"]
    assert client.get(response.headers["location"]).status_code == 200


def test_pages_may_load_from_this_server_only(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy


# --------------------------------------------------------------------------- uploads


def test_an_uploaded_scenario_is_checked_kept_and_replayed(
    client: TestClient, minimal_scenario_dict: dict[str, Any]
) -> None:
    text = json.dumps(minimal_scenario_dict)  # JSON is YAML 1.2
    response = client.post("/scenarios", files={"file": ("tiny.yaml", text.encode())})
    assert response.status_code == 303
    ident = response.headers["location"].split("uploaded=")[1]
    assert ident.startswith("upload-")
    assert client.get(f"/replay?scenario={ident}&seed=3").status_code == 200


def test_an_invalid_uploaded_scenario_gets_the_command_lines_errors(
    client: TestClient, minimal_scenario_dict: dict[str, Any]
) -> None:
    minimal_scenario_dict["actors"][1]["traits"]["patience"] = 3
    text = json.dumps(minimal_scenario_dict, indent=1)
    response = client.post("/scenarios", files={"file": ("../../mine.yaml", text.encode())})
    assert_refused(response, 400, "mine.yaml:", "actors[1].traits.patience")
    assert "/tmp" not in response.text, "no server path in the message"


def test_an_uploaded_scenario_may_not_name_a_file_as_its_record(
    client: TestClient, minimal_scenario_dict: dict[str, Any]
) -> None:
    minimal_scenario_dict["record"] = "/etc/passwd"
    text = json.dumps(minimal_scenario_dict).encode()
    response = client.post("/scenarios", files={"file": ("t.yaml", text)})
    assert_refused(response, 400, "may name a bundled record")
    assert "root:" not in response.text


def test_an_uploaded_scenario_over_the_size_limit_is_refused(client: TestClient) -> None:
    big = b"# " + b"x" * (64 * 1024)
    assert_refused(client.post("/scenarios", files={"file": ("big.yaml", big)}), 413, "bytes")


def test_uploads_beyond_the_cap_are_refused(
    client: TestClient, minimal_scenario_dict: dict[str, Any]
) -> None:
    for number in range(3):
        minimal_scenario_dict["title"] = f"Tiny {number}"
        text = json.dumps(minimal_scenario_dict).encode()
        response = client.post("/scenarios", files={"file": ("t.yaml", text)})
    assert_refused(response, 429, "2 uploaded scenarios at most")


# --------------------------------------------------------------------------- what-ifs


def test_a_whatif_over_the_runs_cap_is_refused(client: TestClient) -> None:
    assert_refused(start_whatif(client, runs=101), 413, "would play 404 runs", "allows 400")
    assert_refused(start_whatif(client, runs=10**7), 422, "runs")


def test_a_bad_lever_is_refused_before_anything_is_played(client: TestClient) -> None:
    assert_refused(start_whatif(client, lever="patronge"), 400, "unknown lever", "patronage")


def test_a_slider_outside_its_range_is_refused(client: TestClient) -> None:
    response = start_whatif(client, **{"t.stalin.patience": "1.5"})
    assert_refused(response, 422, "t.stalin.patience", "outside")
    assert_refused(start_whatif(client, **{"p.nonsense": "1"}), 422, "not a trait or parameter")


def test_a_whatif_runs_in_the_background_and_reloads_from_the_store(client: TestClient) -> None:
    response = start_whatif(client, runs=20, **{"p.attack_cost": "0.2"})
    assert response.status_code == 303
    job = response.headers["location"]
    assert client.get(job).status_code == 200
    wait_for(client, job.rsplit("/", 1)[1])
    done = client.get(job).text
    assert "Outcome odds" in done and "Shapley" in done and "attack_cost=0.2000" in done
    again = start_whatif(client, runs=20, **{"p.attack_cost": "0.2"})
    assert again.headers["location"] == job, "the same what-if is the same job"


def test_jobs_beyond_the_running_cap_are_refused(client: TestClient) -> None:
    first = start_whatif(client, runs=100, lever="army")
    assert first.status_code == 303
    assert_refused(start_whatif(client, runs=20, lever="timing"), 429, "wait for one")
    typical = client.get("/replay/typical?scenario=ussr-1924-v1&seed=5")
    assert_refused(typical, 429, "the most this server allows at once")
    # the first job stops with the app, its shards kept


def test_a_job_survives_a_server_restart(settings: WebSettings) -> None:
    with TestClient(create_app(settings), follow_redirects=False) as before:
        job = start_whatif(before, runs=40, lever="timing").headers["location"]
        time.sleep(1.0)  # some chunks are stored; the rest stop with the server
    shards = list((settings.data).rglob("runs/part-*.parquet"))
    assert shards, "the interrupted job's shards are on disk"
    with TestClient(create_app(settings), follow_redirects=False) as after:
        assert after.get(job).status_code == 200
        wait_for(after, job.rsplit("/", 1)[1])


def test_an_unknown_job_is_not_found(client: TestClient) -> None:
    assert_refused(client.get("/whatif/jobs/0123456789abcdef"), 404, "no what-if")
    assert_refused(client.get("/whatif/jobs/..%2F..%2Fetc"), 404)


# --------------------------------------------------------------------------- games


def start_game(client: TestClient, actor: str = "trotsky") -> Response:
    return client.post("/play", data={"scenario": "ussr-1924-v1", "actor": actor, "seed": "3"})


def test_a_game_is_played_move_by_move_to_its_ending(client: TestClient) -> None:
    game = start_game(client).headers["location"]
    for _ in range(200):
        page = client.get(game).text
        if 'id="game-over"' in page:
            break
        assert client.post(game + "/move", data={"choice": "0"}).status_code == 303
    assert "best first" in page and "the record" in page and "as well as you or better" in page
    saved = client.get(game + "/game.json").json()
    assert saved["actor"] == "trotsky" and saved["choices"]
    assert_refused(client.post(game + "/move", data={"choice": "0"}), 409, "game is over")


def test_a_move_not_offered_is_refused(client: TestClient) -> None:
    game = start_game(client).headers["location"]
    assert_refused(client.post(game + "/move", data={"choice": "99"}), 422, "not one of")
    assert_refused(client.post(game + "/move", data={"choice": "-1"}), 422, "not one of")


def test_only_a_contender_can_be_played(client: TestClient) -> None:
    assert_refused(start_game(client, actor="lenin"), 400, "not a contender")


def test_saved_games_beyond_the_cap_are_refused(client: TestClient) -> None:
    assert start_game(client).status_code == 303
    assert start_game(client).status_code == 303
    assert_refused(start_game(client), 429, "2 saved games at most")


def test_an_unknown_game_is_not_found(client: TestClient) -> None:
    assert_refused(client.get("/play/0123456789abcdef"), 404, "no saved game")
    assert_refused(client.get("/play/..%2Fsecret"), 404)
