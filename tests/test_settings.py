"""One settings object: frozen, hashable into eval history and index fingerprints, copied with changes."""
from __future__ import annotations

import dataclasses
import json

import pytest

from nenkin_search.settings import DEFAULT, Settings


def test_frozen_and_serialisable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.threshold = 0.1  # type: ignore[misc]
    d = DEFAULT.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["fusion"]["lemma"] + d["fusion"]["dense"] > 0


def test_digests_follow_values():
    assert DEFAULT.digest() == Settings().digest() and len(DEFAULT.digest()) == 16
    tuned = DEFAULT.with_(threshold=0.6)
    assert tuned.digest() != DEFAULT.digest()
    assert tuned.index_digest() == DEFAULT.index_digest()  # a query-time value does not touch the index
    assert DEFAULT.with_(max_chars=300).index_digest() != DEFAULT.index_digest()


def test_with_merges_mappings():
    s = DEFAULT.with_(fusion={"reading": 0.2})
    assert s.fusion["reading"] == 0.2 and s.fusion["lemma"] == DEFAULT.fusion["lemma"]
    with pytest.raises(TypeError):
        s.fusion["lemma"] = 1.0  # type: ignore[index]


def test_every_field_says_where_it_comes_from():
    """Each setting has a comment line above it (where it was tuned, or why it is what it is)."""
    import inspect

    from nenkin_search import settings

    source = [s.strip() for s in inspect.getsource(settings.Settings).splitlines()]
    names = {f.name for f in dataclasses.fields(Settings)}
    for name in names:
        line = next(i for i, s in enumerate(source) if s.startswith(f"{name}:"))
        while source[line - 1].split(":")[0] in names:  # a group of fields under one comment
            line -= 1
        assert source[line - 1].startswith("#"), name
