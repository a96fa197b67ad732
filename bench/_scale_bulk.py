"""Bulk-load mode for bench/scale.py: the big tables lose their indexes and constraints and are
unlogged while rows are generated, then are logged again and get their indexes and constraints
back (built once over the whole table, several at a time), exactly as the migrations made them.

Loading into an indexed, logged table costs an index insertion, a foreign-key check and WAL per
row; building each index once after the load costs one sort.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import psycopg

SESSION = (
    "SET synchronous_commit = off",
    "SET maintenance_work_mem = '512MB'",
    "SET max_parallel_maintenance_workers = 0",  # the streams are the parallelism
    "SET jit = off",
)


def connect(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)
    for statement in SESSION:
        conn.execute(statement)
    return conn


def run_callables(jobs: list[Callable[[], None]], streams: int) -> None:
    """Each callable on one of ``streams`` threads, each taking the next one when it is free."""
    pending = list(jobs)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker():
        while True:
            with lock:
                if not pending or failures:
                    return
                job = pending.pop(0)
            try:
                job()
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                failures.append(exc)
                return

    threads = [threading.Thread(target=worker) for _ in range(max(1, streams))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def in_parallel(url: str, statements: Iterable[str], streams: int) -> None:
    """Run ``statements`` on ``streams`` connections (one per thread)."""
    local = threading.local()
    opened: list[psycopg.Connection] = []

    def execute(statement: str) -> None:
        if not hasattr(local, "conn"):
            local.conn = connect(url)
            opened.append(local.conn)
        local.conn.execute(statement)

    try:
        run_callables([lambda s=s: execute(s) for s in statements], streams)
    finally:
        for conn in opened:
            conn.close()


class Detached:
    """The indexes and constraints of ``tables`` (and the foreign keys that point at them), as
    SQL that recreates them: ``detach`` drops them and unlogs the tables, ``attach`` restores."""

    def __init__(self, conn: psycopg.Connection, tables: tuple[str, ...]):
        self.tables = tables
        regclasses = list(tables)
        self.foreign_keys = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint "
            "WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[]) "
            "OR confrelid = ANY(%s::regclass[])) ORDER BY conrelid::regclass::text, conname",
            [regclasses, regclasses],
        ).fetchall()
        self.keys = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint "
            "WHERE contype IN ('p', 'u', 'x') AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY contype, conname",
            [regclasses],
        ).fetchall()
        self.indexes = conn.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) "
            "ORDER BY pg_relation_size(i.indrelid) DESC, 1",
            [regclasses],
        ).fetchall()

    def detach(self, conn: psycopg.Connection) -> None:
        for table, name, _definition in self.foreign_keys:
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for table, name, _definition in self.keys:
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            conn.execute(f"DROP INDEX {name}")
        for table in self.tables:
            conn.execute(f"ALTER TABLE {table} SET UNLOGGED")

    def attach(self, url: str, streams: int, done: Callable[[str], None]) -> None:
        """Log the tables again, then build keys and indexes, then check the foreign keys."""
        in_parallel(url, [f"ALTER TABLE {t} SET LOGGED" for t in self.tables], streams)
        done("tables logged")
        # largest first, so the streams finish together; an ALTER TABLE waits for the table's
        # CREATE INDEX that runs on another stream, never the other way round (one lock each)
        statements = [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in self.keys
        ] + [definition for _name, definition in self.indexes]
        in_parallel(url, statements, streams)
        done(f"{len(statements)} keys and indexes")
        # added unchecked one by one (a moment each), then checked side by side: a check locks
        # only its own table against another check
        with connect(url) as conn:
            for table, name, definition in self.foreign_keys:
                conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID')
        in_parallel(
            url,
            [
                f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"'
                for table, name, _definition in self.foreign_keys
            ],
            streams,
        )
        done(f"{len(self.foreign_keys)} foreign keys checked")
