"""Stub of the compiled module cchc._core.

Its contents are private: the typed public API is the cchc package (cchc.calendar wraps
``_core.calendar`` and documents every type; cchc.io, cchc.target wrap ``_core.io``,
``_core.target``).
"""

from types import ModuleType

calendar: ModuleType
dossier: ModuleType
io: ModuleType
target: ModuleType
target_extract: ModuleType
score: ModuleType
composite: ModuleType
