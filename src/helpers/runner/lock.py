"""One `juesuan run` at a time per reports folder: a lock file holding the holder's pid.

The lock is a POSIX record lock (fcntl.lockf) on `reports/.juesuan-run.lock`: the kernel releases
it when the holder dies, even by kill -9, and pool workers forked by the holder do not inherit it,
so a dead run's lock is always free to take over. The file records the holder's pid, host and
start time for the message a second run prints when it refuses to start.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import RunError
from ..store import guard_not_raw

LOCK_NAME = ".juesuan-run.lock"
log = logging.getLogger("juesuan.run")


def _holder(handle) -> dict:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def run_lock(reports: Path, *, wait: float = 0.0) -> Iterator[Path]:
    """Hold the run lock of `reports` for the block.

    Waits up to `wait` seconds for another run to finish, then raises RunError naming the holder
    (pid, host, start). A lock file left by a dead run is taken over (logged).
    """
    import fcntl

    guard_not_raw(reports)
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    handle = os.fdopen(fd, "r+", encoding="utf-8")
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                if time.monotonic() >= deadline:
                    holder = _holder(handle)
                    raise RunError(
                        f"another juesuan run (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                        f"started {holder.get('started', '?')}) is building {reports}; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        previous = _holder(handle)
        if previous.get("pid") and previous.get("pid") != os.getpid():
            log.info("taking over the lock of an earlier run (pid %s), no longer running", previous["pid"])
        handle.seek(0)
        handle.truncate()
        started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started}))
        handle.flush()
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.lockf(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
