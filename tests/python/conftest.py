from __future__ import annotations

import pytest

import cchc


@pytest.fixture(autouse=True)
def _language_from_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default language (Vietnamese), whatever CCHC_LANG the shell has."""
    monkeypatch.delenv("CCHC_LANG", raising=False)


@pytest.fixture(scope="session")
def calendar() -> cchc.WorkCalendar:
    return cchc.WorkCalendar()
