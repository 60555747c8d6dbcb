"""Build and refresh the panel: one DuckDB file over every department-year's processed Parquet.

Members are the catalog's department-years (data/raw). Each refresh compares what every member's
processed folder holds (manifest and Parquet files: size, mtime, inode) with what the panel loaded
last time; only changed members are deleted and reloaded, members gone from data/raw are deleted,
so a department-year is never held twice. The database is written as a copy beside the current
one and swapped in with one rename: readers (`juesuan sql`, notebooks) never see a half-built
panel and never block a refresh. The panel reads Parquet and JSON only (never a pickle).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import RawDisclosure, survey_raw
from ..errors import JuesuanError
from ..paths import ProjectPaths
from ..store import folder_lock, guard_not_raw
from .schema import (
    CATALOG_COLUMNS,
    DECIMAL_WIDTH,
    KEY_COLUMNS,
    META_TABLE,
    SCHEMA_VERSION,
    SOURCES_TABLE,
    TABLES,
    VALUE_STATED_SQL,
    PanelTable,
)
from .views import create_views

_DECIMAL = re.compile(r"^DECIMAL\((\d+),\s*(\d+)\)$")
_RESERVED = ("filename", "file_row_number", "department_id", "fiscal_year", "seq")


class PanelError(JuesuanError):
    """The panel cannot be built or queried (one line for the user)."""


@dataclass
class Member:
    """One department-year of the catalog and the processed files that feed the panel."""

    raw: RawDisclosure
    folder: Path
    manifest: dict[str, Any] | None
    files: dict[str, Path] = field(default_factory=dict)  # panel table name -> Parquet file
    signature: str = ""
    error: str | None = None
    known_digest: str | None = None  # set when the panel already holds exactly these files

    @property
    def key(self) -> tuple[str, int]:
        return self.raw.department_id, self.raw.fiscal_year

    @property
    def unchanged(self) -> bool:
        return self.known_digest is not None

    @property
    def digest(self) -> str:
        """Content identity (raw sha256 + code that wrote it): equal on every machine."""
        if self.known_digest is not None:
            return self.known_digest
        manifest = self.manifest or {}
        return f"{manifest.get('source_sha256')}:{manifest.get('code_digest')}"


@dataclass
class RefreshSummary:
    """What one refresh did."""

    path: Path
    full: bool
    members: int = 0
    added: list[tuple[str, int]] = field(default_factory=list)
    replaced: list[tuple[str, int]] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        kind = "full rebuild" if self.full else "incremental"
        text = (
            f"panel {self.path}: {self.members} department-year(s) ({kind}: {len(self.added)} added, "
            f"{len(self.replaced)} replaced, {len(self.removed)} removed, {self.unchanged} unchanged"
        )
        if self.failed:
            text += f", {len(self.failed)} unreadable"
        return text + f") in {self.seconds:.2f} s"


# -- scanning the catalog ------------------------------------------------------------------------
def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _signature(folder: Path) -> tuple[str, dict[str, Path]]:
    """(hash of the size, mtime and inode of manifest.json and each Parquet file the panel reads,
    {panel table: file}); stat calls only, no listing or reading (plain strings: a catalog of
    thousands is stat-bound)."""
    base = str(folder)
    parts: list[Any] = [("manifest.json", _stat_text(f"{base}/manifest.json"))]
    files = {}
    for table in TABLES:
        for stem in table.sources:
            found = _stat_text(f"{base}/{stem}.parquet")
            if found is not None:
                files[table.name] = folder / f"{stem}.parquet"
                parts.append((stem, found))
                break
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32], files


def _stat_text(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


Known = dict[tuple[str, int], tuple[str, str, str]]  # key -> (signature, raw sha256, digest) loaded


def _describe_member(raw: RawDisclosure, folder: Path, known: Known) -> Member:
    signature, files = _signature(folder)
    held = known.get((raw.department_id, raw.fiscal_year))
    if held is not None and held[:2] == (signature, raw.sha256):  # loaded as is: nothing to read
        return Member(raw, folder, None, files, signature, known_digest=held[2])
    manifest = _read_json(folder / "manifest.json")
    member = Member(raw, folder, manifest, files, signature)
    if manifest is None:
        member.error = f"no processed tables in {folder} (run `juesuan extract`)"
    elif manifest.get("source_sha256") != raw.sha256:
        member.error = f"processed tables in {folder} are older than the raw file (run `juesuan extract`)"
    return member


def scan(paths: ProjectPaths, *, prepare_stale: bool = True, known: Known | None = None) -> list[Member]:
    """Every catalog department-year with its processed files.

    With `prepare_stale`, a member whose processed folder is missing or older than its raw file
    is extracted and audited first (`load.prepare`); one that cannot be read is kept with its
    error (listed in `catalog` with status "failed"), and the others go on. `known` (what the
    panel loaded last time) spares reading the manifests of members whose files did not change.
    """
    known = known or {}
    members = []
    entries, _unusable = survey_raw(paths)  # an entry with a bad sidecar is a failure of its own run
    for raw in entries:
        folder = paths.processed_dir(raw.department_id, raw.fiscal_year, raw.kind)
        # A budget is listed in `catalog` only (its tables never join the final accounts' facts,
        # keyed by department and year): it never matches what the panel loaded.
        member_known = {} if raw.kind == "budget" else known
        member = _describe_member(raw, folder, member_known)
        if member.error and prepare_stale:
            from ..load import prepare

            try:
                prepare(paths, raw.department_id, raw.fiscal_year, raw.kind)
            except JuesuanError as exc:
                member.error = str(exc)
            else:
                member = _describe_member(raw, folder, member_known)
        members.append(member)
    return members


# -- writing the database ------------------------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return dict(rows)


def _create_schema(con) -> None:
    for table in TABLES:
        columns = [*KEY_COLUMNS, *table.columns]
        con.execute(
            f"CREATE TABLE {_quote(table.name)} ({', '.join(f'{_quote(n)} {t}' for n, t in columns)})"
        )
    con.execute(f"CREATE TABLE catalog ({', '.join(f'{_quote(n)} {t}' for n, t in CATALOG_COLUMNS)})")
    con.execute(
        f"CREATE TABLE {SOURCES_TABLE} (department_id VARCHAR, fiscal_year INTEGER, "
        "signature VARCHAR, digest VARCHAR, raw_sha256 VARCHAR)"
    )
    con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(f"INSERT INTO {META_TABLE} VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    create_views(con)


def _widened(existing: str, incoming: str) -> str | None:
    """The type a column must take to hold `incoming` values without loss, or None if it holds them."""
    old, new = _DECIMAL.match(existing), _DECIMAL.match(incoming)
    if new is None:
        return None
    scale = int(new.group(2))
    if old is not None and int(old.group(2)) >= scale:
        return None
    if old is not None or existing in ("BIGINT", "INTEGER", "HUGEINT"):
        return f"DECIMAL({DECIMAL_WIDTH},{max(scale, int(old.group(2)) if old else 0)})"
    return None


def _target_type(incoming: str) -> str:
    match = _DECIMAL.match(incoming)
    return f"DECIMAL({DECIMAL_WIDTH},{match.group(2)})" if match else incoming


def _evolve(con, table: str, incoming: list[tuple[str, str]]) -> None:
    """Add columns the files bring; widen decimal scales so no stated digit is rounded away."""
    existing = _columns(con, table)
    empty = con.execute(f"SELECT count(*) = 0 FROM {_quote(table)}").fetchone()[0]
    for name, kind in incoming:
        if name in _RESERVED:
            continue
        if name not in existing:
            con.execute(f"ALTER TABLE {_quote(table)} ADD COLUMN {_quote(name)} {_target_type(kind)}")
            continue
        target = _widened(existing[name], kind)
        if target is None and empty and existing[name] != _target_type(kind):
            target = _target_type(kind)  # a declared guess, no rows yet: take the files' type
        if target is not None:
            con.execute(f"ALTER TABLE {_quote(table)} ALTER {_quote(name)} SET DATA TYPE {target}")


_READ = "read_parquet($files, union_by_name = true, filename = true, file_row_number = true)"


def _insert(con, table: PanelTable, members: list[Member], lock) -> None:
    """Load one table's files of `members` in one scan (raises duckdb.Error on a bad file)."""
    files = [str(m.files[table.name]) for m in members]
    params = {
        "files": files,
        "departments": [m.raw.department_id for m in members],
        "years": [m.raw.fiscal_year for m in members],
    }
    incoming = [
        (row[0], row[1])
        for row in con.execute(
            "DESCRIBE SELECT * FROM read_parquet($files, union_by_name = true)", {"files": files}
        ).fetchall()
    ]
    with lock:
        _evolve(con, table.name, incoming)
    names = {n for n, _ in incoming}
    excluded = ", ".join(
        _quote(c)
        for c in ("filename", "file_row_number", "department_id", "fiscal_year", "seq", "value_stated")
        if c in names or c in ("filename", "file_row_number")
    )
    stated = (
        f", {VALUE_STATED_SQL} AS value_stated"
        if table.name == "facts" and {"value", "decimals"} <= names
        else ""
    )
    con.execute(
        f"INSERT INTO {_quote(table.name)} BY NAME "
        f"SELECT f.department_id, f.fiscal_year, p.file_row_number AS seq, p.* EXCLUDE ({excluded}){stated} "
        f"FROM {_READ} AS p JOIN (SELECT unnest($files) AS path, unnest($departments) AS department_id, "
        "unnest($years)::INTEGER AS fiscal_year) AS f ON p.filename = f.path",
        params,
    )


def _create_from_files(con, table: PanelTable, members: list[Member], lock) -> bool:
    """Into an empty table (a full rebuild): one pass over the files, the table re-created with
    their union's types, decimals then widened to DECIMAL(38, s) and declared columns added.
    False when the table holds rows (an incremental load reads the files' types first)."""
    if con.execute(f"SELECT count(*) FROM {_quote(table.name)}").fetchone()[0]:
        return False
    stated = f", {VALUE_STATED_SQL} AS value_stated" if table.name == "facts" else ""
    params = {
        "files": [str(m.files[table.name]) for m in members],
        "departments": [m.raw.department_id for m in members],
        "years": [m.raw.fiscal_year for m in members],
    }
    with lock:
        declared = _columns(con, table.name)
        con.execute(
            f"CREATE OR REPLACE TABLE {_quote(table.name)} AS "
            f"SELECT f.department_id, f.fiscal_year, p.file_row_number AS seq, "
            f"p.* EXCLUDE (filename, file_row_number){stated} "
            f"FROM {_READ} AS p JOIN (SELECT unnest($files) AS path, unnest($departments) AS department_id, "
            "unnest($years)::INTEGER AS fiscal_year) AS f ON p.filename = f.path",
            params,
        )
        created = _columns(con, table.name)
        for name, kind in created.items():
            target = _target_type(kind) if _DECIMAL.match(kind) else declared.get(name, kind)
            if name in declared and not _DECIMAL.match(kind) and declared[name] != kind:
                target = kind  # the files' own type wins over a declared guess
            if target != kind:
                con.execute(f"ALTER TABLE {_quote(table.name)} ALTER {_quote(name)} SET DATA TYPE {target}")
        for name, kind in declared.items():
            if name not in created:
                con.execute(f"ALTER TABLE {_quote(table.name)} ADD COLUMN {_quote(name)} {kind}")
    return True


def _load_table(
    con, table: PanelTable, members: list[Member], lock
) -> dict[tuple[str, int], tuple[Member, str]]:
    """Insert one table's files of `members`; {key: (member, reason)} of those that cannot be read."""
    import duckdb

    failed: dict[tuple[str, int], tuple[Member, str]] = {}
    try:
        if not _create_from_files(con, table, members, lock):
            _insert(con, table, members, lock)
        return failed
    except duckdb.Error:
        pass  # find the culprit(s): one member at a time
    for member in members:
        try:
            _insert(con, table, [member], lock)
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            failed[member.key] = (member, f"unreadable {member.files[table.name].name}: {message}")
    return failed


def _load(con, members: list[Member]) -> list[tuple[Member, str]]:
    """Insert every table of `members`, one thread (and cursor) per table: the scans of thousands of
    small files overlap. A member whose file cannot be read is taken out of every table."""
    import threading

    lock = threading.Lock()  # schema changes one at a time
    failed: dict[tuple[str, int], tuple[Member, str]] = {}
    errors: list[BaseException] = []

    def work(table: PanelTable, having: list[Member]) -> None:
        cursor = con.cursor()
        try:
            failed.update(_load_table(cursor, table, having, lock))
        except BaseException as exc:  # re-raised below, in the caller's thread
            errors.append(exc)
        finally:
            cursor.close()

    threads = []
    for table in TABLES:
        having = [m for m in members if table.name in m.files]
        if having:
            threads.append(threading.Thread(target=work, args=(table, having), name=f"panel-{table.name}"))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    if failed:
        _delete(con, list(failed))
    return list(failed.values())


def _delete(con, keys: list[tuple[str, int]]) -> None:
    if not keys:
        return
    params = {"departments": [k[0] for k in keys], "years": [k[1] for k in keys]}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone AS SELECT unnest($departments) AS department_id, "
        "unnest($years)::INTEGER AS fiscal_year",
        params,
    )
    for name in [t.name for t in TABLES] + [SOURCES_TABLE]:
        con.execute(
            f"DELETE FROM {_quote(name)} AS t USING _gone AS g "
            "WHERE t.department_id = g.department_id AND t.fiscal_year = g.fiscal_year"
        )


_FROM_MANIFEST = (
    "department_stated",
    "unit",
    "encoding",
    "sections_missing",
    "code_digest",
    "written_at",
    "kind",
)


def _catalog_rows(
    paths: ProjectPaths, members: list[Member], held: dict[tuple[str, int], dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for member in members:
        raw, manifest = member.raw, member.manifest or {}
        sidecar = raw.sidecar
        source = raw.text_path
        kind = manifest.get("kind") or manifest.get("document_kind") or sidecar.get("kind")
        if raw.kind == "budget":
            kind = "budget"
        elif kind == "final_accounts" or (kind is None and member.manifest is not None):
            kind = "final"  # a 部门决算 (a budget is catalogued as <year>-budget and says so)
        rows.append(
            {
                "department_id": raw.department_id,
                "department": raw.department,
                "fiscal_year": raw.fiscal_year,
                "kind": None if kind is None else str(kind),
                "publisher": _text(sidecar.get("publisher")),
                "origin": _text(sidecar.get("origin")),
                "url": _text(sidecar.get("url")),
                "date_added": _text(sidecar.get("date_added")),
                "sha256": raw.sha256,
                "size": sidecar.get("size") if isinstance(sidecar.get("size"), int) else None,
                "source": str(source.relative_to(paths.root))
                if source.is_relative_to(paths.root)
                else str(source),
                "synthetic": bool(sidecar.get("synthetic", False)),
                "department_stated": _text(manifest.get("department")),
                "unit": _text(manifest.get("unit")),
                "encoding": _text(manifest.get("encoding")),
                "sections_missing": json.dumps(manifest.get("sections_missing") or [], ensure_ascii=False),
                "code_digest": _text(manifest.get("code_digest")),
                "written_at": _text(manifest.get("written_at")),
                "status": "failed" if member.error else "ok",
                "error": member.error,
            }
        )
        held_key = (*member.key, rows[-1]["kind"] == "budget")
        if member.unchanged and held_key in held:  # manifest not read: keep what it said
            rows[-1].update({k: held[held_key][k] for k in _FROM_MANIFEST})
    return rows


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _write_catalog(con, paths: ProjectPaths, members: list[Member]) -> None:
    """Rewrite the catalog (sidecars are re-read every time; manifests only when they changed)."""
    names = ", ".join(_FROM_MANIFEST)
    held = {}
    for r in con.execute(f"SELECT department_id, fiscal_year, {names} FROM catalog").fetchall():
        row = dict(zip(_FROM_MANIFEST, r[2:], strict=True))
        held[(r[0], int(r[1]), row.get("kind") == "budget")] = row
    rows = _catalog_rows(paths, members, held)
    columns = [name for name, _ in CATALOG_COLUMNS]
    con.execute("DELETE FROM catalog")
    if rows:
        select = ", ".join(
            f"unnest(${i})::{kind} AS {_quote(name)}"
            for i, (name, kind) in enumerate(CATALOG_COLUMNS, start=1)
        )
        con.execute(
            f"INSERT INTO catalog BY NAME SELECT * FROM (SELECT {select}) "
            "ORDER BY department_id, fiscal_year, kind = 'budget'",
            [[row[name] for row in rows] for name in columns],
        )


def _previous(con) -> Known:
    rows = con.execute(
        f"SELECT department_id, fiscal_year, signature, raw_sha256, digest FROM {SOURCES_TABLE}"
    ).fetchall()
    return {(d, int(y)): (s, r, g) for d, y, s, r, g in rows}


def _schema_current(con) -> bool:
    """The open database has the tables of this SCHEMA_VERSION."""
    import duckdb

    try:
        row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == SCHEMA_VERSION


def _apply(con, paths: ProjectPaths, members: list[Member], previous: Known, summary: RefreshSummary) -> None:
    listed = members  # the catalog lists every entry, budgets with kind 'budget'
    members = [m for m in members if m.raw.kind != "budget"]  # facts, functional …: final accounts
    current = {m.key: m for m in members if m.error is None}
    changed = [m for m in current.values() if not m.unchanged]
    gone = [key for key in previous if key not in current]
    _delete(con, [m.key for m in changed] + gone)
    for member, message in _load(con, changed):
        member.error = message
        current.pop(member.key, None)
    loaded = [m for m in changed if m.key in current]
    if loaded:
        con.executemany(
            f"INSERT INTO {SOURCES_TABLE} VALUES (?, ?, ?, ?, ?)",
            [[*m.key, m.signature, m.digest, m.raw.sha256] for m in loaded],
        )
    _write_catalog(con, paths, listed)
    failed = [m.key for m in members if m.error]
    create_views(con, None if summary.full else [m.key for m in changed] + gone + failed)
    summary.members = len(current)
    summary.added = [m.key for m in loaded if m.key not in previous]
    summary.replaced = [m.key for m in loaded if m.key in previous]
    summary.removed = [key for key in gone]
    summary.unchanged = len(current) - len(loaded)
    summary.failed = [(*m.key, m.error or "") for m in listed if m.error]


def refresh_panel(paths: ProjectPaths, *, full: bool = False, prepare_stale: bool = True) -> RefreshSummary:
    """Bring `paths.panel_db` up to date with the catalog; returns what changed.

    `full` rebuilds from scratch (also done when the file is missing or of an older layout).
    Raises PanelError when the database cannot be written (a full or read-only disk included: the
    previous panel is kept); unreadable members do not stop it.
    """
    clock = time.perf_counter()
    target = paths.panel_db
    guard_not_raw(target)
    try:
        summary = _refresh(paths, target, full=full, prepare_stale=prepare_stale)
    except OSError as exc:  # a full or read-only disk: the previous panel is kept
        reason = exc.strerror or str(exc)
        raise PanelError(f"cannot write the panel {target}: {reason} (the previous panel is kept)") from None
    summary.seconds = time.perf_counter() - clock
    return summary


def _refresh(paths: ProjectPaths, target: Path, *, full: bool, prepare_stale: bool) -> RefreshSummary:
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(target):
        _clean_leftovers(target)
        full = full or not target.is_file()
        building = target.with_name(f".{target.name}.building-{os.getpid()}")
        try:
            if not full:
                shutil.copyfile(target, building)
            con = _open_copy(building) if not full else None
            if con is None:  # asked for, or an older layout, or not a panel at all: start anew
                building.unlink(missing_ok=True)
                full, con = True, duckdb.connect(str(building))
            summary = RefreshSummary(target, full)
            try:
                if full:
                    _create_schema(con)
                previous = _previous(con)
                members = scan(paths, prepare_stale=prepare_stale, known=previous)
                # A private copy, swapped in whole: no transaction needed, and a failed insert
                # (an unreadable member) rolls back alone while the others go on.
                _apply(con, paths, members, previous, summary)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(building, target)
        except duckdb.Error as exc:
            raise PanelError(f"cannot write the panel {target}: {str(exc).splitlines()[0]}") from None
        finally:
            building.unlink(missing_ok=True)
            Path(f"{building}.wal").unlink(missing_ok=True)
    return summary


def _open_copy(building: Path):
    """A connection to the copied panel, or None when it is unreadable or of another layout."""
    import duckdb

    try:
        con = duckdb.connect(str(building))
    except duckdb.Error:
        return None
    if _schema_current(con):
        return con
    con.close()
    return None


def _clean_leftovers(target: Path) -> None:
    """Half-built copies of an interrupted refresh (we hold the lock: nobody else is building)."""
    for stale in target.parent.glob(f".{target.name}.building-*"):
        stale.unlink(missing_ok=True)
