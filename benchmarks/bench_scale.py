"""How `juesuan run --force` scales with the catalog: wall time, reports/minute and peak memory.

For each N (default 10, 30, 100) a SYNTHETIC catalog is written to a temporary folder: N copies of
the seed text under ids 990001-synthetic-0001 …, each with a sidecar marked "synthetic": true.
The full build runs with JUESUAN_RAW_DIR / _PROCESSED_DIR / _REPORTS_DIR / JUESUAN_CACHE_DIR
pointing there (nothing is written into data/ or reports/), while the process tree (juesuan,
pool workers, kernels) is sampled every ~0.2 s for its summed RSS and its process count.

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes 10,30,100] [--jobs N] [--keep]
Smoke run: --sizes 2,4. Prints figures, never asserts (machines here are shared and noisy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from machine import machine  # benchmarks/machine.py (scripts run with benchmarks/ on sys.path)

psutil: ModuleType | None
try:
    import psutil
except ImportError:  # fall back to reading /proc
    psutil = None

ROOT = Path(__file__).resolve().parents[1]
SEED_ID, SEED_YEAR = "510303-xzspj", 2020
SEED = ROOT / "data" / "raw" / SEED_ID / f"{SEED_YEAR}.txt"
NOTEBOOK_FILE = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
SAMPLE_EVERY = 0.2  # seconds
TARGET = 0.15  # reports/minute at the largest N within 15 % of the smallest


def synthetic_catalog(raw: Path, count: int) -> list[str]:
    """Write ``count`` copies of the seed with correct synthetic sidecars under ``raw``; return ids."""
    seed_sidecar = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
    data = SEED.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    ids = []
    for number in range(1, count + 1):
        department_id = f"990001-synthetic-{number:04d}"
        folder = raw / department_id
        folder.mkdir(parents=True)
        (folder / f"{SEED_YEAR}.txt").write_bytes(data)
        sidecar = {
            **seed_sidecar,
            "department_id": department_id,
            "department": f"合成负载测试部门{number:04d}",
            "department_en": f"Synthetic load-test department {number:04d}",
            "division_code": "990001",
            "division": "合成数据（非真实行政区）",
            "publisher": "juesuan benchmarks/bench_scale.py",
            "origin": f"copy of {SEED_ID}/{SEED_YEAR}.txt",
            "url": None,
            "url_note": "synthetic load-test copy of the seed disclosure; not a publication",
            "date_added": dt.date.today().isoformat(),
            "sha256": digest,
            "size": len(data),
            "synthetic": True,
        }
        (folder / f"{SEED_YEAR}.json").write_text(
            json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        ids.append(department_id)
    return ids


def _proc_children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat (works without CONFIG_PROC_CHILDREN)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])  # the name may hold spaces or ')'
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _proc_rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0  # gone, or a zombie (no VmRSS line)


def tree_sample(pid: int) -> tuple[int, int]:
    """(summed RSS in bytes, number of processes) of ``pid`` and all its descendants."""
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0, 0
        total = count = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
                count += 1
            except psutil.Error:
                pass
        return total, count
    children = _proc_children()
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(children.get(current, []))
    return sum(_proc_rss(p) for p in pids), len(pids)


class Sampler(threading.Thread):
    """Samples a process tree until stopped; keeps the peaks."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.stop = pid, threading.Event()
        self.peak_rss = self.peak_procs = self.samples = 0

    def run(self) -> None:
        while not self.stop.is_set():
            rss, procs = tree_sample(self.pid)
            self.peak_rss, self.peak_procs = max(self.peak_rss, rss), max(self.peak_procs, procs)
            self.samples += 1
            self.stop.wait(SAMPLE_EVERY)


def build(work: Path, jobs: int | None) -> tuple[float, Sampler, str]:
    """One `juesuan run --force` over the catalog in ``work``; (wall s, sampler, summary line)."""
    juesuan = Path(sys.executable).parent / "juesuan"
    cmd = [str(juesuan) if juesuan.exists() else "juesuan", "run", "--force"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ)
    env.update(
        JUESUAN_RAW_DIR=str(work / "raw"),
        JUESUAN_PROCESSED_DIR=str(work / "processed"),
        JUESUAN_REPORTS_DIR=str(work / "reports"),
        JUESUAN_CACHE_DIR=str(work / "cache"),
    )
    log = work / "juesuan.log"
    with log.open("w") as handle:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        sampler = Sampler(proc.pid)
        sampler.start()
        code = proc.wait()
        elapsed = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
    lines = log.read_text(errors="replace").splitlines()
    if code != 0:
        tail = "\n".join(lines[-20:])
        raise SystemExit(f"bench_scale: `{' '.join(cmd)}` failed (exit {code}) in {work}\n{tail}")
    summary = next((line for line in reversed(lines) if "done in" in line), "(no summary line)")
    return elapsed, sampler, summary.strip()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,30,100", help="comma-separated catalog sizes N")
    parser.add_argument("--jobs", type=int, help="passed to juesuan run (default: its own, = cores)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    if not sizes or sizes[0] < 1:
        parser.error("--sizes needs at least one positive N")
    load_start = os.getloadavg()
    notebooks = len([p for p in (ROOT / "notebooks").glob("*.ipynb") if NOTEBOOK_FILE.match(p.name)])
    temp = Path(tempfile.mkdtemp(prefix="juesuan-bench-scale-"))
    how = "/proc" if psutil is None else "psutil"
    print(
        f"{notebooks} notebooks per department-year, jobs={args.jobs or f'default ({os.cpu_count()})'}, "
        f"process tree sampled every {SAMPLE_EVERY} s via {how}, work in {temp}",
        flush=True,
    )
    results: dict[int, tuple[float, float, float, int]] = {}
    try:
        for count in sizes:
            work = temp / f"n{count}"
            synthetic_catalog(work / "raw", count)
            elapsed, sampler, summary = build(work, args.jobs)
            rate = count * notebooks / (elapsed / 60)
            peak_mib = sampler.peak_rss / 2**20
            results[count] = (elapsed, rate, peak_mib, sampler.peak_procs)
            print(
                f"N={count:4d}: wall {elapsed:8.1f} s  {rate:6.2f} reports/min  "
                f"peak RSS (tree sum) {peak_mib:7.0f} MiB  peak processes {sampler.peak_procs:3d}  "
                f"({sampler.samples} samples) [{summary}]",
                flush=True,
            )
            if not args.keep:
                shutil.rmtree(work)
    finally:
        if args.keep:
            print(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
    small, large = sizes[0], sizes[-1]
    rate_s, rate_l = results[small][1], results[large][1]
    change = rate_l / rate_s - 1
    mem_s, mem_l = results[small][2], results[large][2]
    grows = mem_l > mem_s * 1.10
    print(
        f"summary: reports/min N={small} {rate_s:.2f} -> N={large} {rate_l:.2f} ({change:+.1%}; "
        f"target within {TARGET:.0%}: {'yes' if abs(change) <= TARGET else 'NO'}); "
        f"peak RSS N={small} {mem_s:.0f} MiB -> N={large} {mem_l:.0f} MiB "
        f"({mem_l / mem_s - 1:+.1%}; grows with N (>10 %): {'YES' if grows else 'no'})"
    )
    print(machine(load_start))


if __name__ == "__main__":
    main()
