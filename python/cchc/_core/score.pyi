"""Private functions of ``cchc._core.score``, called only by the ``cchc`` wrappers (typed there)."""

from typing import Any

def __getattr__(name: str) -> Any: ...

def message_templates() -> list[tuple[str, str]]:
    """Every message code of the engine with its English template (docs/i18n.md)."""
