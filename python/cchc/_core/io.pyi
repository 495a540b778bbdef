"""Private functions of ``cchc._core.io``, called only by the ``cchc`` wrappers (typed there)."""

from typing import Any

def __getattr__(name: str) -> Any: ...
