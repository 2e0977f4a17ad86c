"""The one SQLite store: LLM responses, downloaded arXiv metadata and PDFs, digests already reported.

It lives in the user cache directory (`PAPERBRIEF_CACHE_DIR` overrides it), runs in WAL mode, migrates
itself on open with numbered migrations recorded in a table, and writes inside transactions so an
interrupted run leaves it consistent and a rerun resumes from what was stored.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs

from .errors import CacheError

DB_NAME = "paperbrief.db"


def default_cache_dir() -> Path:
    override = os.environ.get("PAPERBRIEF_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("paperbrief"))


def _m001_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE llm_responses (
            key TEXT PRIMARY KEY, model TEXT NOT NULL, base_url TEXT NOT NULL, prompt_version TEXT NOT NULL,
            response TEXT NOT NULL, usage TEXT NOT NULL, created_at REAL NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE blobs (
            key TEXT PRIMARY KEY, kind TEXT NOT NULL, content BLOB NOT NULL, created_at REAL NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE digest_papers (
            digest TEXT NOT NULL, paper_key TEXT NOT NULL, reported_at REAL NOT NULL,
            PRIMARY KEY (digest, paper_key))"""
    )


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("m001_initial", _m001_initial),
]


class Store:
    """The SQLite store; use as a context manager or call `close()`."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()
        self.path = self.directory / DB_NAME
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                f"cannot open the cache at {self.path}: {exc}. Set PAPERBRIEF_CACHE_DIR to a writable folder "
                "or run with --no-cache."
            ) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A transaction that nests through savepoints; it commits only if the block finishes."""
        name = f"sp{time.monotonic_ns()}"
        self.db.execute(f"SAVEPOINT {name}")
        try:
            yield self.db
        except BaseException:
            self.db.execute(f"ROLLBACK TO {name}")
            self.db.execute(f"RELEASE {name}")
            raise
        self.db.execute(f"RELEASE {name}")

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        for name, migration in MIGRATIONS:
            if name in done:
                continue
            with self.atomic() as db:
                migration(db)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, time.time()))

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    # LLM responses -----------------------------------------------------------------------------------------

    def get_response(self, key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """A stored (response, usage) pair, or None."""
        row = self.db.execute("SELECT response, usage FROM llm_responses WHERE key = ?", (key,)).fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def put_response(
        self,
        key: str,
        *,
        model: str,
        base_url: str,
        prompt_version: str,
        response: dict[str, Any],
        usage: dict[str, Any],
    ) -> None:
        with self.atomic() as db:
            db.execute(
                "INSERT OR REPLACE INTO llm_responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    model,
                    base_url,
                    prompt_version,
                    json.dumps(response, ensure_ascii=False),
                    json.dumps(usage),
                    time.time(),
                ),
            )

    # Downloads ---------------------------------------------------------------------------------------------

    def get_blob(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT content FROM blobs WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put_blob(self, key: str, kind: str, content: bytes) -> None:
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?, ?)", (key, kind, content, time.time()))

    # Digests -----------------------------------------------------------------------------------------------

    def reported(self, digest: str) -> set[str]:
        rows = self.db.execute("SELECT paper_key FROM digest_papers WHERE digest = ?", (digest,))
        return {row[0] for row in rows}

    def mark_reported(self, digest: str, paper_keys: Iterable[str]) -> None:
        now = time.time()
        with self.atomic() as db:
            db.executemany(
                "INSERT OR IGNORE INTO digest_papers VALUES (?, ?, ?)", [(digest, k, now) for k in paper_keys]
            )

    # Maintenance -------------------------------------------------------------------------------------------

    def clear(self) -> int:
        """Forget every stored response, download and digest; returns how many rows went."""
        with self.atomic() as db:
            removed = 0
            for table in ("llm_responses", "blobs", "digest_papers"):
                removed += db.execute(f"DELETE FROM {table}").rowcount
        self.db.execute("VACUUM")
        return removed

    def counts(self) -> dict[str, int]:
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("llm_responses", "blobs", "digest_papers")
        }
