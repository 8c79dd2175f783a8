"""Is an amnesty (Ops Pemutihan) running over a place at a moment? Asked before every compound.

detection.operations.amnesty_covering (helper "ops", ENFORCEMENT.md) answers it once detection
has operations; until then no amnesty can be recorded, so none covers anything.
"""

import importlib
from datetime import datetime
from typing import Any

from django.contrib.gis.geos import Point


def amnesty_covering(point: Point, at: datetime) -> Any:
    """The amnesty operation covering `point` at `at` (it has a `code`), or None."""
    try:
        operations = importlib.import_module("detection.operations")
    except ModuleNotFoundError:
        return None
    return operations.amnesty_covering(point, at)
