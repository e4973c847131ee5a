"""The historical record: loading, row checks, and the winner rule applied to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import record_row
from politburo.analysis.record import (
    COLUMNS,
    KINDS,
    alliance_pairs,
    bundled_records,
    load_record,
    record_winner,
)
from politburo.scenario.errors import InputError, Problem

CONTENDERS = ("stalin", "trotsky", "zinoviev", "kamenev", "bukharin", "rykov", "tomsky")
HEADER = ",".join(COLUMNS)
GOOD_ROW = "1924-01-21,leader_died,Lenin,,,,Lenin dies,somewhere,yes"


def write_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "record.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def load_problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as excinfo:
        load_record(path)
    return excinfo.value.problems


# --------------------------------------------------------------------------- the bundled record


def test_bundled_record_loads_every_row() -> None:
    record = load_record("ussr-1922-1930")
    assert "ussr-1922-1930" in bundled_records()
    assert len(record) == 49  # 50 lines: the header and 49 dated events
    assert record[0].month == "1922-04"
    assert record[0].day == 3
    assert record[-1].kind == "killed"


def test_bundled_record_rows_are_parsed_into_fields() -> None:
    record = load_record("ussr-1922-1930")
    fourteenth = next(e for e in record if e.kind == "congress_vote" and e.month == "1925-12")
    assert fourteenth.actor == "Stalin"
    assert fourteenth.figures["for"] == 559
    assert fourteenth.figures["against"] == 65
    assert fourteenth.certain is False
    right = next(e for e in record if e.kind == "recanted" and e.actor == "Bukharin")
    assert right.subjects == ("Rykov", "Tomsky")
    assert next(e for e in record if e.kind == "politburo_appointed").day is None


def test_bundled_record_states_the_alliances_as_groups_and_their_breaks_as_pairs() -> None:
    rows = [
        (e.month, e.kind, e.actor, e.subjects)
        for e in load_record("ussr-1922-1930")
        if e.kind.startswith("alliance")
    ]
    assert rows == [
        ("1922-12", "alliance_formed", "Stalin", ("Zinoviev", "Kamenev")),  # the triumvirate
        ("1925-09", "alliance_broken", "Stalin", ("Zinoviev", "Kamenev")),
        ("1925-09", "alliance_formed", "Stalin", ("Bukharin", "Rykov", "Tomsky")),  # the Right
        ("1926-04", "alliance_formed", "Trotsky", ("Zinoviev", "Kamenev")),  # United Opposition
        ("1927-12", "alliance_broken", "Trotsky", ("Zinoviev", "Kamenev")),
        ("1928-11", "alliance_broken", "Stalin", ("Bukharin", "Rykov", "Tomsky")),
    ]


def test_bundled_record_has_tomskys_loss_of_the_trade_unions() -> None:
    (row,) = [
        e
        for e in load_record("ussr-1922-1930")
        if e.kind == "office_removed" and e.actor == "Tomsky"
    ]
    assert row.month == "1929-04"
    assert row.subjects == ("Chairman of the All-Union Central Council of Trade Unions",)
    assert row.certain is False  # April decision; May 1929 in other accounts


def test_every_bundled_row_names_a_source_and_no_alliance_date_is_marked_certain() -> None:
    record = load_record("ussr-1922-1930")
    assert all(e.source for e in record)
    alliance_rows = [e for e in record if e.kind.startswith("alliance")]
    # Dates of alliances are given differently by historians: none is marked certain.
    assert not any(e.certain for e in alliance_rows)


def test_winner_rule_on_the_bundled_record_gives_stalin_november_1929() -> None:
    assert record_winner(load_record("ussr-1922-1930"), CONTENDERS) == ("stalin", "1929-11")


def test_record_from_a_path_equals_the_bundled_one() -> None:
    bundled = (
        Path(__file__).parents[2]
        / "src"
        / "politburo"
        / "scenario"
        / "data"
        / "records"
        / "ussr-1922-1930.csv"
    )
    assert load_record(bundled) == load_record("ussr-1922-1930")


def test_unknown_record_id_lists_the_bundled_records() -> None:
    with pytest.raises(InputError) as excinfo:
        load_record("ussr-1922")
    (problem,) = excinfo.value.problems
    assert problem.file == "ussr-1922"
    assert "bundled records: " in problem.message
    assert "ussr-1922-1930" in problem.message


# --------------------------------------------------------------------------- the winner rule


def test_nobody_wins_while_two_contenders_remain() -> None:
    record = [
        record_row("1925-01", "congress_vote", "A"),
        record_row("1926-01", "politburo_removed", "C"),
    ]
    assert record_winner(record, ["a", "b", "c"]) is None


def test_winner_needs_the_latest_congress_vote() -> None:
    record = [
        record_row("1925-01", "congress_vote", "B"),
        record_row("1926-01", "expelled", "B"),
        record_row("1927-03", "congress_vote", "A"),
    ]
    assert record_winner(record, ["a", "b"]) == ("a", "1927-03")


def test_last_contender_standing_without_the_majority_does_not_win() -> None:
    record = [record_row("1925-01", "congress_vote", "B"), record_row("1926-01", "recanted", "B")]
    assert record_winner(record, ["a", "b"]) is None


def test_recanting_as_a_subject_counts_and_demotion_leaves_the_top_body() -> None:
    record = [
        record_row("1925-01", "congress_vote", "A"),
        record_row("1925-06", "politburo_demoted", "D"),
        record_row("1926-02", "recanted", "B", ("C",)),
    ]
    assert record_winner(record, ["a", "b", "c", "d"]) == ("a", "1926-02")


def test_winner_month_counts_every_event_of_that_month() -> None:
    record = [
        record_row("1925-01", "congress_vote", "A"),
        record_row("1926-02", "expelled", "B"),
        record_row("1926-02", "congress_vote", "C"),
        record_row("1926-02", "expelled", "C"),
        record_row("1926-02", "congress_vote", "A"),
    ]
    assert record_winner(record, ["a", "b", "c"]) == ("a", "1926-02")


def test_readmission_does_not_undo_recanting() -> None:
    record = [
        record_row("1925-01", "congress_vote", "A"),
        record_row("1925-03", "recanted", "B"),
        record_row("1925-03", "readmitted", "B"),
    ]
    assert record_winner(record, ["a", "b"]) == ("a", "1925-03")


def test_kinds_that_leave_the_top_body_can_be_chosen() -> None:
    record = [record_row("1925-01", "congress_vote", "A"), record_row("1925-02", "cc_removed", "B")]
    assert record_winner(record, ["a", "b"]) is None
    assert record_winner(record, ["a", "b"], top_body_kinds=("cc_removed",)) == ("a", "1925-02")


# --------------------------------------------------------------------------- malformed records


def test_valid_hand_made_file_loads(tmp_path: Path) -> None:
    (row,) = load_record(write_csv(tmp_path, GOOD_ROW))
    assert (row.month, row.day, row.kind, row.actor, row.certain) == (
        "1924-01",
        21,
        "leader_died",
        "Lenin",
        True,
    )


def test_missing_column_is_named_on_the_header_line(tmp_path: Path) -> None:
    path = tmp_path / "record.csv"
    path.write_text(HEADER.replace(",certain", "") + "\n" + GOOD_ROW.rsplit(",", 1)[0] + "\n")
    assert load_problems(path) == [Problem(str(path), 1, "certain", "missing column")]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "1924-13,other,Lenin,,,,n,s,yes",
            "date",
            "'1924-13' is not a real date (month must be in 1..12)",
        ),
        ("24/01/1924,other,Lenin,,,,n,s,yes", "date", "'24/01/1924' is not a date written"),
        ("1924-01,expeled,Lenin,,,,n,s,yes", "kind", "unknown kind 'expeled' (did you mean"),
        ("1924-01,other,Lenin,,,for=5;against,n,s,yes", "figures", "'against' is not written"),
        ("1924-01,other,Lenin,,,for=many,n,s,yes", "figures", "for='many': the value is not"),
        ("1924-01,other,Lenin,,,,n,s,maybe", "certain", "'maybe' should be yes or partly"),
        ("1924-01,other,Lenin,,,,n,s", "certain", "no value: the row has 8 cells"),
    ],
)
def test_malformed_row_names_its_line_and_column(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    path = write_csv(tmp_path, GOOD_ROW, row)
    (problem,) = load_problems(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 3, column)
    assert problem.message.startswith(message)


def test_an_unknown_kind_is_named_at_its_file_line_and_column_with_every_kind_listed(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path, GOOD_ROW, "1956-10-21,plenum_vote,Gomulka,,CC,,n,s,yes")
    (problem,) = load_problems(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 3, "kind")
    listed = problem.message.split("a record's kinds are: ", 1)[1].split(", ")
    assert listed == sorted(KINDS)
    assert "did you mean" not in problem.message, "congress_vote is another word, not a slip"


@pytest.mark.parametrize(
    ("written", "meant"),
    [("ofice_removed", "office_removed"), ("arrest", "arrested"), ("Expelled", "expelled")],
)
def test_an_unknown_kind_one_slip_from_a_kind_is_offered_it(
    tmp_path: Path, written: str, meant: str
) -> None:
    (problem,) = load_problems(write_csv(tmp_path, f"1924-01,{written},Lenin,,,,n,s,yes"))
    assert f"(did you mean {meant!r}?)" in problem.message


@pytest.mark.parametrize("written", ["removed", "politburo_elected", "died", "vote", "executed"])
def test_an_unknown_kind_that_only_looks_like_a_kind_is_offered_none(
    tmp_path: Path, written: str
) -> None:
    (problem,) = load_problems(write_csv(tmp_path, f"1924-01,{written},Lenin,,,,n,s,yes"))
    assert "did you mean" not in problem.message


def test_a_vote_of_any_body_and_an_arrest_load(tmp_path: Path) -> None:
    vote = "1956-10-21,body_vote,Gomulka,First Secretary,Central Committee,for=75,n,s,yes"
    arrest = "1956-10-22,arrested,Rokossovsky,,Politburo,,n,s,partly"
    _, voted, arrested = load_record(write_csv(tmp_path, GOOD_ROW, vote, arrest))
    assert (voted.kind, voted.actor, voted.body, voted.figures) == (
        "body_vote",
        "Gomulka",
        "Central Committee",
        {"for": 75.0},
    )
    assert (arrested.kind, arrested.actor, arrested.certain) == ("arrested", "Rokossovsky", False)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("1956-10-21,body_vote,Gomulka,First Secretary,,for=75,n,s,yes", "body"),
        ("1956-10-22,arrested,,,Politburo,,n,s,yes", "actor"),
    ],
)
def test_a_vote_without_its_body_or_an_arrest_without_its_man_is_refused(
    tmp_path: Path, row: str, column: str
) -> None:
    (problem,) = load_problems(write_csv(tmp_path, GOOD_ROW, row))
    assert (problem.line, problem.field) == (3, column)


# --------------------------------------------------------------------------- alliance rows


def test_a_formation_names_every_pair_of_its_group_in_row_order() -> None:
    troika = record_row("1922-12", "alliance_formed", "Stalin", ("Zinoviev", "Kamenev"))
    assert alliance_pairs(troika) == (
        ("Stalin", "Zinoviev"),
        ("Stalin", "Kamenev"),
        ("Zinoviev", "Kamenev"),
    )


def test_a_break_names_the_actor_with_each_partner_only() -> None:
    split = record_row("1925-09", "alliance_broken", "Stalin", ("Zinoviev", "Kamenev"))
    assert alliance_pairs(split) == (("Stalin", "Zinoviev"), ("Stalin", "Kamenev"))


def test_rows_of_other_kinds_or_with_no_actor_name_no_pair() -> None:
    assert alliance_pairs(record_row("1929-11", "recanted", "Bukharin", ("Rykov",))) == ()
    assert alliance_pairs(record_row("1926-04", "alliance_formed", "", ("Zinoviev",))) == ()


FORMED = "1923-05,alliance_formed,Alpha,Beta;Gamma,,,n,s,yes"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("1924-02,alliance_formed,,Beta,,,n,s,yes", "actor", "an alliance row names one of"),
        ("1924-02,alliance_formed,Alpha,,,,n,s,yes", "subject", "an alliance row names the"),
        ("1924-02,alliance_broken,Alpha,,,,n,s,yes", "subject", "an alliance row names the"),
        ("1924-02,alliance_formed,Alpha,Beta;beta,,,n,s,yes", "subject", "'beta' is named twice"),
        ("1924-02,alliance_formed,Alpha,Alpha,,,n,s,yes", "subject", "'Alpha' is named twice"),
        ("1924-02,alliance_broken,Alpha,Delta,,,n,s,yes", "subject", "Alpha–Delta: no alliance"),
        # Alpha, Beta and Gamma stand allied; Delta never was allied with Beta.
        ("1924-02,alliance_broken,Delta,Beta,,,n,s,yes", "subject", "Delta–Beta: no alliance"),
    ],
)
def test_malformed_alliance_row_is_one_line_naming_file_line_field_and_problem(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    path = write_csv(tmp_path, FORMED, row)
    (problem,) = load_problems(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 3, column)
    assert problem.message.startswith(message)
    assert str(problem).startswith(f"{path}:3: {column}: ")
    assert "\n" not in str(problem)


def test_a_pair_broken_twice_is_an_error_at_the_second_break(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        FORMED,
        "1925-09,alliance_broken,Gamma,Alpha,,,n,s,yes",
        "1926-01,alliance_broken,alpha,gamma,,,n,s,yes",  # names compared in any case
    )
    (problem,) = load_problems(path)
    assert (problem.line, problem.field) == (4, "subject")
    assert problem.message.startswith("alpha–gamma: no alliance of the two stands here to break")


def test_a_group_restating_a_standing_pair_and_breaks_of_each_pair_load(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        FORMED,
        "1925-09,alliance_broken,Alpha,Beta;Gamma,,,n,s,yes",
        "1926-04,alliance_formed,Delta,Beta;Gamma,,,n,s,partly",
        "1927-12,alliance_broken,Delta,Beta;Gamma,,,n,s,yes",
        "1928-01,alliance_broken,Gamma,Beta,,,n,s,yes",  # allied since 1923, never broken
    )
    assert [e.kind for e in load_record(path)] == [
        "alliance_formed",
        "alliance_broken",
        "alliance_formed",
        "alliance_broken",
        "alliance_broken",
    ]


def test_rows_out_of_date_order_are_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path, GOOD_ROW, "1923-05,other,Lenin,,,,n,s,yes")
    (problem,) = load_problems(path)
    assert (problem.line, problem.field) == (3, "date")
    assert "comes before the row above" in problem.message


def test_every_malformed_row_is_reported_and_lines_count_quoted_newlines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        '1924-01,other,Lenin,,,,"a note\nover two lines",s,yes',
        "1924-02,nonsense,Lenin,,,,n,s,yes",
        "1924-03,other,Lenin,,,,n,s,no",
    )
    assert [(p.line, p.field) for p in load_problems(path)] == [(4, "kind"), (5, "certain")]
