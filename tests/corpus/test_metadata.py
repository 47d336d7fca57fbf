"""The metadata sheet: dates are stored as ISO, whatever way they were typed."""

from __future__ import annotations

import pytest

from workbench.corpus.metadata import parse_date


@pytest.mark.parametrize(
    "typed, iso",
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-3-4", "2024-03-04"),
        ("2024-03-14 00:00:00", "2024-03-14"),  # a date cell from xlsx
        ("2024-03-14T10:22:05", "2024-03-14"),
        ("14-03-2024", "2024-03-14"),
        ("14-3-2024", "2024-03-14"),
        ("4-3-2024", "2024-03-04"),  # Dutch: day first
        ("14/3/2024", "2024-03-14"),
        ("14.03.2024", "2024-03-14"),
        ("14-3-2024 10:22", "2024-03-14"),
        ("14 maart 2024", "2024-03-14"),
        ("1 mrt. 2024", "2024-03-01"),
        ("2024", "2024"),
        ("2024-3", "2024-03"),
        ("", None),
        (None, None),
    ],
)
def test_metadata_dates_become_iso(typed, iso):
    assert parse_date(typed) == (iso, None, None)


@pytest.mark.parametrize("typed, iso", [("03/04/2024", "2024-04-03"), ("14-3-24", "2024-03-14")])
def test_metadata_ambiguous_dates_read_the_dutch_way_and_reported(typed, iso):
    got, why, fix = parse_date(typed)
    assert got == iso and "dubbelzinnig" in why and iso in fix


@pytest.mark.parametrize("typed", ["31-02-2024", "2024-13-01", "kerst 2024", "14-03", "45365", "2024-03-14x"])
def test_metadata_unreadable_dates_reported(typed):
    got, why, fix = parse_date(typed)
    assert got is None and "onleesbaar" in why and "2024-03-14" in fix
