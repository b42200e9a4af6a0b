"""Hits and answers as a pandas DataFrame, for notebooks, without making pandas a dependency."""
from __future__ import annotations

from typing import Iterable


def rows(items: Iterable) -> list[dict]:
    """One flat dict per hit or answer: the citation's fields beside the scores (what a table wants)."""
    out = []
    for item in items:
        d = dict(item.to_dict())
        cit = d.pop("citation", None) or {}
        for key in ("hits", "nearest"):  # an answer's passages: how many (the rows are the answers)
            if key in d:
                d[key] = len(d[key])
        signals = d.pop("signals", None) or {}
        d.update({f"signal_{k}": v for k, v in signals.items()})
        d.update({k: v for k, v in cit.items() if k not in d})
        d["citation"] = cit.get("label")
        out.append(d)
    return out


def to_frame(items: Iterable):
    """``to_frame(search(...))`` or ``to_frame([ask(q) for q in questions])``: a pandas DataFrame, one row each.

    pandas is imported here only; without it this raises ImportError saying how to install it.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_frame needs pandas: pip install pandas "
                          "(or build rows yourself with [x.to_dict() for x in items])") from None
    return pd.DataFrame(rows(items))
