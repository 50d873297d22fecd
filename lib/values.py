"""Is a value there at all? One answer for the whole app: None, NaN and pandas' NA are missing; everything else,
empty lists and zero included, is a value. Pages render a missing value as "not documented", never as "None"."""
from __future__ import annotations

import pandas as pd


def known(value) -> bool:
    """False for None, NaN and pandas' NA (what nullable columns hold when a value is missing)."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays: a value (pd.isna answers per element)
        return True
