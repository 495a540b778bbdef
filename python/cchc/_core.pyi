"""Stub of the compiled module cchc._core.

Its contents are private: the typed public API is the cchc package (cchc.calendar wraps
``_core.calendar`` and documents every type).
"""

from types import ModuleType

calendar: ModuleType
dossier: ModuleType
score: ModuleType
composite: ModuleType
