"""Property: the snapshot in force on D is always the latest one effective on or before D."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.catalogue.snapshots import Catalogue
from engine.core.errors import OutOfRange
from engine.data.folders import DataDir

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(effective=st.sets(dates, min_size=1, max_size=12), on=dates)
def test_in_force_is_the_latest_on_or_before(effective, on):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "catalogue").mkdir()
        for day in effective:
            # resolution reads only the names; the files are never parsed here
            (root / "catalogue" / f"{day.isoformat()}.toml").write_text("", encoding="utf-8")
        catalogue = Catalogue(DataDir(root))
        earlier = [d for d in effective if d <= on]
        if not earlier:
            with pytest.raises(OutOfRange):
                catalogue.in_force_id(on)
        else:
            assert catalogue.in_force_id(on) == max(earlier).isoformat()


@settings(max_examples=100, deadline=None)
@given(on=st.dates(min_value=dt.date(2022, 7, 1), max_value=dt.date(2030, 12, 31)))
def test_real_catalogue_resolution(catalogue, on):
    chosen = catalogue.in_force(on)
    assert chosen.effective <= on
    later = [i for i in catalogue.ids if dt.date.fromisoformat(i) <= on]
    assert chosen.id == later[-1]
