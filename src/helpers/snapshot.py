"""A checked, versioned serialisation of the processed folder's in-memory results (no pickle).

`disclosure.snapshot.json` lets other processes (pool workers, notebook kernels) reuse one
extraction and audit instead of repeating them. Unlike a pickle, loading it cannot run code: the
file is JSON; the only objects it can build are dataclasses defined in the `helpers` package
(created without calling their constructors), `Decimal`, `array`, tuples, sets and paths. Any
other tag, an unknown class, a missing or extra field, another format version or a digest that
differs from the current code raises `SnapshotError`, and the caller extracts again.

Shape: {"format": "juesuan-snapshot", "version": 1, "code_digest": str, "payload": <value>}, where a
value is JSON, or one of the tagged objects {"$d": "1.80"} (Decimal), {"$t": [...]} (tuple),
{"$s": [...]} (set), {"$p": "a/b"} (path), {"$a": "I", "z": base64 of zlib} (array),
{"$m": [[key, value], ...]} (a dict whose keys are not all strings, or that has a key starting
with "$"), {"$c": n, "v": [value, ...]} (an instance of the n-th dataclass of the header's
"classes": [["module:Class", [field, ...]], ...], its field values in that order).
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import sys
import zlib
from array import array
from decimal import Decimal
from functools import cache
from pathlib import Path, PurePath
from typing import Any

FORMAT = "juesuan-snapshot"
VERSION = 1
_PACKAGE = "helpers"


class SnapshotError(ValueError):
    """The snapshot cannot be written or read back exactly; callers fall back to extracting."""


# -- encoding -----------------------------------------------------------------------------------
@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


class _Encoder:
    """Walks a value into JSON-ready data, numbering the dataclasses it meets."""

    def __init__(self) -> None:
        self.classes: dict[type, int] = {}

    def table(self) -> list[list[Any]]:
        return [[f"{c.__module__}:{c.__qualname__}", list(_field_names(c))] for c in self.classes]

    def __call__(self, value: Any) -> Any:
        return _encode(value, self)


def _encode(value: Any, enc: _Encoder) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [_encode(v, enc) for v in value]
    if kind is dict:
        if all(type(k) is str and not k.startswith("$") for k in value):
            return {k: _encode(v, enc) for k, v in value.items()}
        return {"$m": [[_encode(k, enc), _encode(v, enc)] for k, v in value.items()]}
    if kind is Decimal:
        return {"$d": str(value)}
    if kind is tuple:
        return {"$t": [_encode(v, enc) for v in value]}
    if kind in (set, frozenset):
        return {"$s": [_encode(v, enc) for v in value]}
    if kind is array:
        packed = zlib.compress(value.tobytes(), 1)  # line/column maps: long runs, ~15x smaller
        return {"$a": value.typecode, "z": base64.b64encode(packed).decode("ascii")}
    if isinstance(value, PurePath):
        return {"$p": str(value)}
    if dataclasses.is_dataclass(value) and kind.__module__.split(".")[0] == _PACKAGE:
        number = enc.classes.setdefault(kind, len(enc.classes))
        return {"$c": number, "v": [_encode(getattr(value, name), enc) for name in _field_names(kind)]}
    raise SnapshotError(f"cannot snapshot a {kind.__module__}.{kind.__qualname__}")


def dumps(payload: Any, *, code_digest: str) -> bytes:
    """The snapshot of `payload` as UTF-8 JSON bytes; raises SnapshotError for a type it cannot hold."""
    enc = _Encoder()
    encoded = enc(payload)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "code_digest": code_digest,
        "classes": enc.table(),
        "payload": encoded,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- decoding -----------------------------------------------------------------------------------
@cache
def _class(name: str) -> type:
    """A dataclass of the helpers package named "module:Qualname"; SnapshotError for anything else."""
    module_name, _, qualname = name.partition(":")
    if module_name.split(".")[0] != _PACKAGE or not qualname:
        raise SnapshotError(f"class {name!r} is not part of {_PACKAGE}")
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            raise SnapshotError(f"no module {module_name!r}") from None
    target: Any = module
    for part in qualname.split("."):
        target = getattr(target, part, None)
    if not (isinstance(target, type) and dataclasses.is_dataclass(target)):
        raise SnapshotError(f"{name!r} is not a dataclass of {_PACKAGE}")
    return target


_TYPECODES = frozenset("bBhHiIlLqQfd")


def _array(typecode: Any, data: Any) -> array:
    if typecode not in _TYPECODES or not isinstance(data, str):
        raise SnapshotError("malformed array")
    result = array(typecode)
    try:
        result.frombytes(zlib.decompress(base64.b64decode(data, validate=True)))
    except (ValueError, zlib.error):
        raise SnapshotError("malformed array") from None
    return result


_new = object.__new__


class _Decoder:
    """object_hook for json.loads: tagged objects back to values; classes from the header only."""

    def __init__(self) -> None:
        self.classes: list[tuple[type, tuple[str, ...]]] | None = None

    def set_classes(self, table: Any) -> None:
        if not isinstance(table, list):
            raise SnapshotError("malformed class table")
        classes = []
        for entry in table:
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                raise SnapshotError("malformed class table")
            cls = _class(entry[0])
            if entry[1] != list(_field_names(cls)):
                raise SnapshotError(f"fields of {entry[0]} differ from the code's")
            if "__slots__" in vars(cls):
                raise SnapshotError(f"{entry[0]} has slots")
            classes.append((cls, _field_names(cls)))
        self.classes = classes

    def build(self, number: Any, values: Any) -> Any:
        if self.classes is None or type(number) is not int or not 0 <= number < len(self.classes):
            raise SnapshotError("object of an undeclared class")
        cls, names = self.classes[number]
        if type(values) is not list or len(values) != len(names):
            raise SnapshotError(f"values of {cls.__qualname__} differ from its fields")
        obj = _new(cls)  # no constructor, no __post_init__: only the attributes are set
        obj.__dict__.update(zip(names, values, strict=True))
        return obj

    def __call__(self, obj: dict[str, Any]) -> Any:
        if "$c" in obj and len(obj) == 2 and "v" in obj:
            return self.build(obj["$c"], obj["v"])
        if "$d" in obj and len(obj) == 1:
            text = obj["$d"]
            if type(text) is not str:
                raise SnapshotError("malformed decimal")
            try:
                return Decimal(text)
            except ArithmeticError:
                raise SnapshotError("malformed decimal") from None
        if not obj or next(iter(obj))[:1] != "$":
            return obj
        keys = tuple(obj)
        if keys == ("$t",) and isinstance(obj["$t"], list):
            return tuple(obj["$t"])
        if keys == ("$s",) and isinstance(obj["$s"], list):
            try:
                return set(obj["$s"])
            except TypeError:
                raise SnapshotError("malformed set") from None
        if keys == ("$p",) and isinstance(obj["$p"], str):
            return Path(obj["$p"])
        if keys == ("$a", "z"):
            return _array(obj["$a"], obj["z"])
        if keys == ("$m",) and isinstance(obj["$m"], list):
            try:
                return {k: v for k, v in obj["$m"]}
            except (TypeError, ValueError):
                raise SnapshotError("malformed mapping") from None
        raise SnapshotError(f"unknown tag {keys[0]!r}")


def loads(data: bytes, *, code_digest: str) -> Any:
    """The payload of a snapshot written by this version of the code; SnapshotError otherwise.

    The header (format, version, code digest, class table) is checked before any object of the
    payload is built: the class table is parsed first, then the payload with it.
    """
    try:
        text = data.decode("utf-8")
        head, sep, rest = text.partition(',"payload":')
        if not sep or not rest.endswith("}"):
            raise SnapshotError("not a juesuan snapshot")
        header = json.loads(head + "}")
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise SnapshotError("not a juesuan snapshot")
        if header.get("version") != VERSION:
            raise SnapshotError(f"snapshot version {header.get('version')!r}, expected {VERSION}")
        if header.get("code_digest") != code_digest:
            raise SnapshotError("snapshot written by other code")
        decoder = _Decoder()
        decoder.set_classes(header.get("classes"))
        return json.loads(rest[:-1], object_hook=decoder)
    except SnapshotError:
        raise
    except (ValueError, TypeError, RecursionError) as exc:
        raise SnapshotError(f"unreadable snapshot: {exc}") from None
