"""Which scenario the page offers first: the reference case, wherever one is chosen."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from politburo.scenario.loading import bundled_scenarios, load_scenario


def _reference() -> str:
    marked = [ident for ident, _ in bundled_scenarios() if load_scenario(ident).reference]
    assert len(marked) == 1, f"one bundled scenario is the reference, not {marked}"
    return marked[0]


def test_the_start_page_lists_the_reference_case_first_so_that_it_is_selected(
    client: TestClient,
) -> None:
    page = client.get("/").text
    select = page[page.index('<select name="scenario"') :]
    first = re.search(r'<option value="([^"]+)"', select)
    assert first is not None and first[1] == _reference()


def test_the_whatif_and_play_pages_open_on_the_reference_case(client: TestClient) -> None:
    title = load_scenario(_reference()).title
    assert f"<strong>{title}</strong>" in client.get("/whatif").text
    played = client.get("/play").text
    selected = re.search(r'<option value="([^"]+)" selected', played)
    assert selected is not None and selected[1] == _reference()
