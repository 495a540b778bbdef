"""Stubs of the compiled module ``cchc._core`` (bindings/*.cpp).

The module is private: the public, documented API is the ``cchc`` package, which wraps it.
The classes the public API hands out as they are (calendar days and periods, deadlines, plan
targets and tasks) are typed in full in ``calendar.pyi`` and ``target.pyi``; the functions only
the wrappers call are typed loosely (``__getattr__``) in the other submodules.
tests/python/test_typing.py checks that every name these stubs declare exists at run time.
"""

from . import calendar as calendar
from . import composite as composite
from . import dossier as dossier
from . import io as io
from . import score as score
from . import target as target
from . import target_extract as target_extract

def error_templates() -> dict[str, str]: ...
