from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paperbrief.cache import DB_NAME, MIGRATIONS, Store, default_cache_dir
from paperbrief.errors import CacheError


def test_cache_dir_follows_the_environment(isolated_env: Path) -> None:
    assert default_cache_dir() == isolated_env


def test_store_migrates_once_and_uses_wal(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(tmp_path) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_responses_blobs_and_digests_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.put_response("k", model="m", base_url="u", prompt_version="v1", response={"a": "中文"}, usage={"t": 3})
        store.put_blob("arxiv:1", "atom", b"<feed/>")
        store.mark_reported("weekly", ["a", "b"])
        store.mark_reported("weekly", ["b", "c"])
    with Store(tmp_path) as store:
        assert store.get_response("k") == ({"a": "中文"}, {"t": 3})
        assert store.get_response("missing") is None
        assert store.get_blob("arxiv:1") == b"<feed/>"
        assert store.reported("weekly") == {"a", "b", "c"}
        assert store.reported("other") == set()
        assert store.clear() == 5
        assert store.counts() == {"llm_responses": 0, "blobs": 0, "digest_papers": 0}


def test_an_interrupted_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        with pytest.raises(KeyboardInterrupt), store.atomic() as db:
            db.execute("INSERT INTO blobs VALUES ('x', 'k', x'00', 0)")
            with store.atomic() as inner:
                inner.execute("INSERT INTO blobs VALUES ('y', 'k', x'00', 0)")
            raise KeyboardInterrupt
        assert store.counts()["blobs"] == 0


def test_an_unusable_cache_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError, match="PAPERBRIEF_CACHE_DIR") as info:
        Store(tmp_path)
    assert isinstance(info.value.__cause__, sqlite3.Error)
