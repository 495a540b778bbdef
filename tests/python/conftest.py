from __future__ import annotations

import pytest

import cchc


@pytest.fixture(scope="session")
def calendar() -> cchc.WorkCalendar:
    return cchc.WorkCalendar()
