"""The `juesuan` command line: extract, check, run, panel and sql.

Imports are deferred to the subcommand that needs them so that quick commands stay quick.
Every expected failure prints one line and exits non-zero; `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import JuesuanError, ParameterError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _warn(message: str) -> None:
    from .sheetsafe import terminal_text

    print(f"juesuan: warning: {terminal_text(message)}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from .catalog import survey_raw
    from .paths import project_paths
    from .pipeline import process_file, processed_folder, write_processed

    _apply_limits(args)
    paths = project_paths()
    if args.all:
        if args.path or args.format == "json" or args.out:
            raise ParameterError("--all writes every catalog entry; give no PATH, --out or --format json")
        entries, problems = survey_raw(paths, verify=True)
        if not entries and not problems:
            raise ParameterError(f"no raw disclosures under {paths.raw}")
        failed = 0
        for problem in problems:  # a batch records a failure and goes on
            print(f"juesuan: error: {problem.reason}", file=sys.stderr)
            failed += 1
        for raw in entries:
            try:
                processed = process_file(raw.text_path, raw)
                for warning in processed.warnings:
                    _warn(warning)
                folder = write_processed(processed, processed_folder(paths, processed))
            except JuesuanError as exc:
                print(f"juesuan: error: {raw.department_id} {raw.fiscal_year}: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{raw.department_id} {raw.fiscal_year}: {folder}")
        return EXIT_FINDINGS if failed else EXIT_OK
    if not args.path:
        raise ParameterError("give a PATH to a disclosure text, or --all")
    path = Path(args.path)
    raw = _verified_entry(paths, path)
    if args.format != "json" and not args.out and raw is None and path.exists():
        raise ParameterError(
            f"{path} is not in the raw catalog ({paths.raw}); pass --out DIR or --format json"
        )
    out = _out_folder(Path(args.out), path) if args.out and args.format != "json" else None
    processed = process_file(path, raw, _kind(args, raw))
    for warning in processed.warnings:
        _warn(warning)
    if args.format == "json":
        _print_json(processed.extraction.to_dict())
        return EXIT_OK
    if out is not None:
        folder = _write_out(processed, out)
    else:
        folder = write_processed(processed, processed_folder(paths, processed))
    print(folder)
    return EXIT_OK


def _kind(args: argparse.Namespace, raw) -> str | None:
    """The kind to read a file as (--kind); a catalog entry's own kind (its file name) wins, and a
    --kind that contradicts it is a parameter error."""
    kind = getattr(args, "kind", None)
    if raw is not None and kind not in (None, "auto") and kind != raw.kind:
        raise ParameterError(f"{raw.text_path} is catalogued as {raw.kind}, not {kind}; drop --kind")
    return kind


def _verified_entry(paths, path: Path):
    """The catalog entry `path` points at, checked against its sidecar (size and sha256), or None
    for a file outside the catalog. CatalogError when it does not match."""
    from .catalog import catalog_entry_for

    if not path.exists():
        return None
    raw = catalog_entry_for(paths, path)
    if raw is not None:
        raw.verify()
    return raw


OUT_MARKER = ".juesuan-extract"
"""File that `extract --out` leaves in the folders it creates: only those it may replace later."""


def _out_folder(out: Path, source: Path) -> Path:
    """Check an `extract --out` folder before anything is read or written.

    Refused: `.`, `..` or any folder holding the working directory, the input's own folder (or
    one holding it), the project root, anything under data/raw, a file, and a non-empty folder
    that `extract --out` did not create (it is never emptied). A new or empty folder is used."""
    from .paths import project_paths
    from .store import guard_not_raw

    target = out.resolve()
    cwd = Path.cwd().resolve()
    holders = {cwd, *cwd.parents, project_paths().root, Path.home().resolve()}
    if target in holders:
        raise ParameterError(f"--out {out} would replace {target}, which holds other files; name a new one")
    if source.exists():
        folder = source.resolve().parent
        if target == folder or target in folder.parents:
            raise ParameterError(f"--out {out} is the input's own folder (or holds it); name a new folder")
    try:
        guard_not_raw(target)
    except JuesuanError:
        raise ParameterError(f"--out {out} is under the raw-data folder, which is never written") from None
    if target.exists() and not target.is_dir():
        raise ParameterError(f"--out {out} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / OUT_MARKER).is_file():
        raise ParameterError(
            f"--out {out} is not empty and was not created by juesuan extract; "
            "its files are never replaced: name a new or empty folder"
        )
    return target


def _write_out(processed, target: Path) -> Path:
    """Write the tables into `target` (checked by _out_folder) in one atomic swap, with the marker
    that lets a later `extract --out` replace them."""
    from .pipeline import write_processed
    from .store import write_bytes_atomic

    write_processed(processed, target, lock=False)
    write_bytes_atomic(target / OUT_MARKER, f"written by juesuan extract from {processed.source}\n".encode())
    return target


def _apply_limits(args: argparse.Namespace) -> None:
    """--max-size MB and --max-pages N (extract, check): the input limits, for this process and its
    children."""
    import os

    if getattr(args, "max_size", None) is not None:
        os.environ["JUESUAN_MAX_INPUT_MB"] = repr(args.max_size)
    if getattr(args, "max_pages", None) is not None:
        os.environ["JUESUAN_MAX_PDF_PAGES"] = str(args.max_pages)


def cmd_check(args: argparse.Namespace) -> int:
    from .audit import audit, audit_tables, findings_table
    from .paths import project_paths
    from .pipeline import process_file

    _apply_limits(args)
    path = Path(args.path)
    if args.tables_only:
        from .pdf import is_pdf
        from .pipeline import read_document
        from .tables.reader import read_tables_path

        if not is_pdf(path):
            read_tables_path(path)  # the one-line refusal of a missing file or a text input
        document, source = read_document(path)  # a PDF's pages read once, for text and tables
        findings = audit_tables(read_tables_path(path, source=source), document.text)
    else:
        raw = _verified_entry(project_paths(), path)
        processed = process_file(path, raw, _kind(args, raw))  # a PDF's public tables ride along
        findings = audit(processed.document, processed.extraction)
    if args.format == "json":
        _print_json({"findings": [f.to_dict() for f in findings]})
    else:
        sys.stdout.write(findings_table(findings, color=sys.stdout.isatty()))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_tables(args: argparse.Namespace) -> int:
    from .tables.export import tables_csv, tables_json, tables_text, tables_xlsx
    from .tables.reader import read_tables_path

    if args.format == "xlsx" and not args.out:
        raise ParameterError("--format xlsx writes a workbook: give --out FILE.xlsx")
    if args.out:
        from .tables.outfile import check_out_file

        check_out_file(Path(args.out), Path(args.path))  # before the (slow) read
    _apply_limits(args)
    tables = read_tables_path(Path(args.path), text=True)
    if not tables:
        _warn(
            f"{args.path}: no public table recognised (no title of a 公开表 such as 收入支出决算总表 "
            "or 部门收支预算总表 was found); the output is empty"
        )
    if args.format == "xlsx":
        data = tables_xlsx(tables)
    else:
        render = {"json": tables_json, "csv": tables_csv, "table": tables_text}[args.format]
        data = render(tables).encode("utf-8")
    if args.out:
        from .store import clean_dead_parts, write_bytes_atomic

        clean_dead_parts(Path(args.out))  # of a `tables --out` killed while writing this file
        write_bytes_atomic(Path(args.out), data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK
def _sigterm_as_interrupt() -> None:
    """A scheduler stops a job with SIGTERM: unwind like Ctrl-C, so the run's cleanup (index,
    workers, lock) happens instead of dying mid-write."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def positive_seconds(text: str) -> float:
    """argparse type of --timeout: a positive, finite number of seconds (floats allowed)."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return value


def positive_megabytes(text: str) -> float:
    """argparse type of --max-size: a positive, finite number of megabytes."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of megabytes") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of megabytes")
    return value


def positive_pages(text: str) -> int:
    """argparse type of --max-pages: a positive whole number of pages."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive whole number of pages")
    return int(text)


def cmd_run(args: argparse.Namespace) -> int:
    import logging

    from .runner.run import RunOptions, run

    _sigterm_as_interrupt()

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr
    )
    options = RunOptions(
        years=args.year or [],
        departments=args.department or [],
        notebooks=args.notebook or [],
        jobs=args.jobs,
        with_code=args.with_code,
        timeout=args.timeout,
        force=args.force,
        scheduler=args.scheduler,
        fresh_kernel=args.fresh_kernel,
        dry_run=args.dry_run,
        wait=args.wait,
    )
    return run(options)


def cmd_add(args: argparse.Namespace) -> int:
    from .catalog import validate_fiscal_year
    from .catalog_add import FAILED, UNCHANGED, AddOptions, add_files
    from .paths import project_paths

    options = AddOptions(
        department_id=args.department_id,
        fiscal_year=validate_fiscal_year(args.year) if args.year is not None else None,
        department=args.department,
        publisher=args.publisher,
        url=args.url,
        kind=args.kind,
    )
    results = add_files(project_paths(), [Path(p) for p in args.paths], options)
    for result in results:
        if result.status == FAILED:
            print(f"juesuan: error: {result.message}", file=sys.stderr)
        elif result.status == UNCHANGED:
            print(f"unchanged: {result.message}")
        else:
            print(f"added: {result.message}")
    return EXIT_FINDINGS if any(r.status == FAILED for r in results) else EXIT_OK

def cmd_panel(args: argparse.Namespace) -> int:
    from .panel import refresh_panel
    from .paths import project_paths

    summary = refresh_panel(project_paths(), full=args.full)
    for department_id, fiscal_year, error in summary.failed:
        _warn(f"{department_id} {fiscal_year} left out of the panel: {error}")
    print(summary.line())
    return EXIT_FINDINGS if summary.failed else EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    from .panel import render, run_query
    from .paths import project_paths

    result = run_query(project_paths().panel_db, args.query)
    sys.stdout.write(render(result, args.format))
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (no usage block): `juesuan: error: ...`, exit 2."""

    def error(self, message: str):
        command = self.prog.removeprefix("juesuan").strip()
        self.exit(EXIT_ERROR, f"juesuan: error: {command + ': ' if command else ''}{message}\n")


def _kind_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=("final_accounts", "budget", "auto"),
        help="read the file as final accounts (default: a budget is refused), as a budget "
        "(部门预算/单位预算: figures are 预算数), or auto (as its title says); a catalog entry is "
        "read as its file name says (<year>-budget.pdf is a budget)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="juesuan",
        description="Extract, audit and report Chinese department final-accounts disclosures (部门决算公开).",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="extract tidy tables from a disclosure text")
    extract.add_argument("path", nargs="?", help="a disclosure text (UTF-8 or GB18030/GBK)")
    extract.add_argument(
        "--format",
        choices=("json", "csv"),
        default="csv",
        help="json: print the result; csv (default): write CSV + Parquet tables",
    )
    extract.add_argument("--out", help="folder for the tables (default: data/processed/<id>/<year>/)")
    extract.add_argument("--all", action="store_true", help="extract every disclosure in data/raw/")
    extract.add_argument(
        "--max-size",
        type=positive_megabytes,
        metavar="MB",
        help="refuse inputs larger than MB megabytes (default 20; also $JUESUAN_MAX_INPUT_MB)",
    )
    extract.add_argument(
        "--max-pages", type=positive_pages, metavar="N", help="refuse PDFs over N pages (default 500)"
    )
    _kind_option(extract)
    extract.set_defaults(handler=cmd_extract)

    check = sub.add_parser("check", help="audit a disclosure; exit 1 when an error is found")
    check.add_argument("path", help="a disclosure text")
    check.add_argument("--format", choices=("table", "json"), default="table")
    check.add_argument(
        "--max-size", type=positive_megabytes, metavar="MB", help="refuse inputs over MB megabytes (20)"
    )
    check.add_argument("--max-pages", type=positive_pages, metavar="N", help="refuse PDFs over N pages (500)")
    check.add_argument(
        "--tables-only",
        action="store_true",
        help="audit the public tables of a PDF alone (within and across tables; budgets too)",
    )
    _kind_option(check)
    check.set_defaults(handler=cmd_check)

    tables = sub.add_parser("tables", help="dump every recognised public table of a disclosure PDF")
    tables.add_argument("path", help="a disclosure PDF (budget or final accounts), or a text file")
    tables.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table")
    tables.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    tables.add_argument(
        "--max-pages", type=positive_pages, metavar="N", help="refuse PDFs over N pages (500)"
    )
    tables.set_defaults(handler=cmd_tables)

    run = sub.add_parser("run", help="execute the notebooks headlessly and render HTML reports")
    run.add_argument("--year", action="append", metavar="Y", help="fiscal year to build (repeatable)")
    run.add_argument("--department", action="append", metavar="D", help="department id (repeatable)")
    run.add_argument("--notebook", action="append", metavar="N", help="notebook name or number (repeatable)")
    run.add_argument("--jobs", type=int, metavar="N", help="parallel workers (default: number of cores)")
    run.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    run.add_argument(
        "--timeout", type=positive_seconds, default=600, metavar="S", help="seconds per cell (default 600)"
    )
    run.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask cluster")
    run.add_argument(
        "--fresh-kernel",
        action="store_true",
        help="start a new kernel for every notebook instead of reusing a warm one",
    )
    run.add_argument("--dry-run", action="store_true", help="list what would be rebuilt, build nothing")
    run.add_argument(
        "--wait",
        type=positive_seconds,
        default=0.0,
        metavar="S",
        help="when another run holds the reports folder, wait up to S seconds for it (default: refuse)",
    )
    run.set_defaults(handler=cmd_run)

    add = sub.add_parser(
        "add",
        help="copy disclosures (PDF or text) into data/raw/ with their provenance sidecars",
        description="Exit status: 0 every file added (or already there), 1 some file failed, 2 bad options.",
    )
    add.add_argument("paths", nargs="+", metavar="PATH", help="a disclosure PDF or text file")
    add.add_argument(
        "--department-id", metavar="ID", help="catalog id: division code + slug, e.g. 510303-xzspj"
    )
    add.add_argument("--year", metavar="Y", help="fiscal year (default: read from the document)")
    add.add_argument("--department", metavar="NAME", help="department name (default: read from the document)")
    add.add_argument("--publisher", metavar="P", help="who published it (default: the department)")
    add.add_argument("--url", metavar="U", help="where it was published")
    add.add_argument(
        "--kind",
        choices=("final_accounts", "budget"),
        help="catalog it as final accounts or as a budget (default: as its title says; a budget "
        "goes to <year>-budget.pdf|.txt)",
    )
    add.set_defaults(handler=cmd_add)

    panel = sub.add_parser("panel", help="build or refresh the DuckDB panel of every department-year")
    panel.add_argument("--full", action="store_true", help="rebuild from scratch instead of incrementally")
    panel.set_defaults(handler=cmd_panel)

    sql = sub.add_parser("sql", help="run one read-only SELECT on the panel")
    sql.add_argument("query", help='one SELECT statement, e.g. "SELECT * FROM catalog"')
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.set_defaults(handler=cmd_sql)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except JuesuanError as exc:
        if args.debug:
            raise
        from .sheetsafe import terminal_text

        print(f"juesuan: error: {terminal_text(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("juesuan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an unexpected bug: still one line, the traceback on request
        if args.debug:
            raise
        print(f"juesuan: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
