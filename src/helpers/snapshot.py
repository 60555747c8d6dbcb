"""A checked, versioned serialisation of the processed folder's in-memory results (no pickle).

`disclosure.snapshot.json` lets other processes (pool workers, notebook kernels) reuse one
extraction and audit instead of repeating them. Unlike a pickle, loading it cannot run code: the
file is JSON, parsed whole into plain data before anything is built; the only objects it can build
are dataclasses defined in the `helpers` package (created without calling their constructors),
`Decimal`, `array`, tuples, sets and paths. Any other class or tag, a missing or extra field,
another format version or a digest that differs from the current code raises `SnapshotError`, and
the caller extracts again.

Shape (version 2):
    {"format": "juesuan-snapshot", "version": 2, "code_digest": str,
     "classes": [["module:Class", [field, ...]], ...],
     "objects": [[count, [kind, ...], [column, ...]], ...],   one entry per class, same order
     "payload": value}
Instances are stored column by column (one list per field), so that reading builds them with a
few C-level calls per class instead of a Python hook per JSON object. All instances are numbered
in one sequence, class 0's first; a reference to one is its number, which keeps shared objects
shared. Each column has a kind, chosen when writing from the values it holds:
    "p"  plain JSON (str, int, bool, null, and lists and string-keyed objects of them), kept as is;
    "d"  scalars as in "p", and Decimals written as a one-element list ["1.80"];
    "e"  dictionary-encoded: [[distinct value, ...], [index, ...]], the values as in "d" (for
         columns that repeat long strings or figures: each is parsed and built once);
    "r"  a reference or null;    "R"  a list of references;
    "x"  any value, tagged as below.
A tagged value is plain JSON or one of {"$d": "1.80"} (Decimal), {"$t": [...]} (tuple),
{"$s": [...]} (set), {"$p": "a/b"} (path), {"$a": "I", "z": base64 of zlib} (array),
{"$m": [[key, value], ...]} (a dict whose keys are not all strings, or that has a key starting
with "$"), {"$o": n} (the n-th instance), {"$f": "0.5"} (float), {"$i": "digits"} (an integer
beyond 64 bits, which the JSON library cannot hold), {"$P": [...]} (a list of plain JSON, taken
as it is) and {"$T": [[first items], [second items], ...]} (a list of tuples of one length, of
plain JSON, stored as columns: such as the page and line of every line of a PDF).

JSON is read and written with orjson (several times faster than the standard library's json here;
benchmarks/bench_snapshot.py). Reading the seed's snapshot is faster than unpickling it was.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import sys
import zlib
from array import array
from collections import deque
from decimal import Decimal
from functools import cache
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path, PurePath
from typing import Any

import orjson

FORMAT = "juesuan-snapshot"
VERSION = 2
_PACKAGE = "helpers"
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1  # what orjson reads back as an int
_NONE = type(None)
_SCALARS = frozenset({str, int, bool, _NONE})
_TEXT = frozenset({str, _NONE, Decimal})  # what a dictionary-encoded ("e") column may hold
_LEAVES = frozenset({str, int, bool, _NONE, float, Decimal, array})


class SnapshotError(ValueError):
    """The snapshot cannot be written or read back exactly; callers fall back to extracting."""


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _is_own(kind: type) -> bool:
    """True for a dataclass defined in the helpers package (the only instances a snapshot holds)."""
    return dataclasses.is_dataclass(kind) and kind.__module__.split(".")[0] == _PACKAGE


# -- encoding -----------------------------------------------------------------------------------
def _fits(value: int) -> bool:
    return _INT_MIN <= value <= _INT_MAX


def _is_plain(value: Any) -> bool:
    """True when JSON gives `value` back as it is (no tuple, float, Decimal, instance …)."""
    kind = type(value)
    if kind is list:
        return _all_plain(value)
    if kind is dict:
        return all(type(k) is str for k in value) and _all_plain(list(value.values()))
    return kind in _SCALARS and (kind is not int or _fits(value))


def _all_plain(values: list[Any]) -> bool:
    types = set(map(type, values))
    if types <= _SCALARS:
        return _ints_fit(values, types)
    return all(map(_is_plain, values))


def _ints_fit(values: list[Any], types: set[type]) -> bool:
    if int not in types:
        return True
    ints = values if len(types) == 1 else [v for v in values if type(v) is int]
    return _fits(min(ints)) and _fits(max(ints))


def _long_strings(distinct: dict[Any, None]) -> bool:
    """Whether a repetitive column of text reads faster dictionary-encoded, from its distinct
    values: long strings (section paths, contexts) are then parsed once, while None and short
    words read as fast plain (measured on the seed's and a PDF's columns: 332 None 1.3 us plain,
    8.3 us dictionary-encoded)."""
    return sum(len(k) for k in distinct if type(k) is str) >= 8 * len(distinct)


class _Encoder:
    """Finds every helpers instance under a value, numbers them by class, and writes columns."""

    def __init__(self, root: Any) -> None:
        self.tables: dict[type, list[Any]] = {}  # class -> its instances, in the order met
        self.columns: dict[type, list[list[Any]]] = {}  # class -> one list of values per field
        self.number: dict[int, int] = {}  # id(instance) -> its number
        self._seen: set[int] = set()
        self._found: dict[type, list[Any]] = {}  # instances met but not yet scanned, by class
        self._scan([root])
        while self._found:  # breadth first: a class's new instances, field by field
            found, self._found = self._found, {}
            for cls, objs in found.items():
                self.tables.setdefault(cls, []).extend(objs)
                names = _field_names(cls)
                columns = self.columns.setdefault(cls, [[] for _ in names])
                for name, column in zip(names, columns, strict=True):
                    values = list(map(attrgetter(name), objs))
                    column.extend(values)
                    self._scan(values)
        start = 0
        for objs in self.tables.values():
            self.number.update(zip(map(id, objs), range(start, start + len(objs)), strict=True))
            start += len(objs)

    def _scan(self, values: list[Any]) -> None:
        """Note the helpers instances among `values`, however deep; a column of strings, numbers
        or Decimals is passed over by its set of types alone."""
        types = set(map(type, values))
        if types <= _LEAVES:
            return
        for kind in types - _LEAVES:
            members = [v for v in values if type(v) is kind] if len(types) > 1 else values
            if kind is list or kind is tuple or kind is set or kind is frozenset:
                self._scan(list(chain.from_iterable(members)))
            elif kind is dict:
                self._scan(list(chain.from_iterable(members)))  # the keys
                self._scan(list(chain.from_iterable(map(dict.values, members))))
            elif _is_own(kind):
                by_id = dict(zip(map(id, members), members, strict=True))  # each instance once
                seen = self._seen
                fresh = [obj for key, obj in by_id.items() if key not in seen]
                seen.update(map(id, fresh))
                self._found.setdefault(kind, []).extend(fresh)
            elif not issubclass(kind, PurePath):
                raise SnapshotError(f"cannot snapshot a {kind.__module__}.{kind.__qualname__}")

    def classes(self) -> list[list[Any]]:
        return [[f"{c.__module__}:{c.__qualname__}", list(_field_names(c))] for c in self.tables]

    def objects(self) -> list[list[Any]]:
        result = []
        for cls, objs in self.tables.items():
            kinds, columns = [], []
            for values in self.columns[cls]:
                kind, column = self.column(values)
                kinds.append(kind)
                columns.append(column)
            result.append([len(objs), kinds, columns])
        return result

    def column(self, values: list[Any]) -> tuple[str, list[Any]]:
        """(kind, encoded values) of one field's column; see the module docstring."""
        types = set(map(type, values))
        number = self.number
        ints_fit = _ints_fit(values, types)
        if types <= _TEXT and len(values) >= 4:
            keys = values
            if Decimal in types:  # Decimal("1.8") == Decimal("1.80"): the key is the text
                keys = [(Decimal, str(v)) if type(v) is Decimal else v for v in values]
            distinct = dict.fromkeys(keys)
            # figures are then built once per distinct figure, long strings parsed once
            if len(distinct) * 2 <= len(values) and (Decimal in types or _long_strings(distinct)):
                position = dict(zip(distinct, range(len(distinct)), strict=True))
                indices = list(map(position.__getitem__, keys))
                return "e", [[[k[1]] if type(k) is tuple else k for k in distinct], indices]
        if types <= _SCALARS and ints_fit:
            return "p", values
        if types <= _SCALARS | {Decimal} and ints_fit:
            return "d", [[str(v)] if type(v) is Decimal else v for v in values]
        if all(t is _NONE or _is_own(t) for t in types):
            return "r", [None if v is None else number[id(v)] for v in values]
        if types == {list}:
            inner = set(map(type, chain.from_iterable(values)))
            if inner and all(map(_is_own, inner)):
                return "R", [[number[id(x)] for x in v] for v in values]
        if _all_plain(values):
            return "p", values
        return "x", list(map(self.value, values))

    def value(self, value: Any) -> Any:
        """A value in the tagged form."""
        kind = type(value)
        if kind is str or kind is bool or value is None:
            return value
        if kind is int:
            return value if _fits(value) else {"$i": str(value)}
        if kind is list:
            if value and _all_plain(value):
                return {"$P": value}
            if value and set(map(type, value)) == {tuple}:  # e.g. (page, line) of a PDF's lines
                widths = set(map(len, value))
                if len(widths) == 1 and 0 not in widths:
                    columns = list(map(list, zip(*value, strict=True)))
                    if all(map(_all_plain, columns)):
                        return {"$T": columns}
            return list(map(self.value, value))
        if kind is dict:
            if all(type(k) is str and not k.startswith("$") for k in value):
                return {k: self.value(v) for k, v in value.items()}
            return {"$m": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if kind is Decimal:
            return {"$d": str(value)}
        if kind is tuple:
            return {"$t": list(map(self.value, value))}
        if kind is set or kind is frozenset:
            return {"$s": list(map(self.value, value))}
        if kind is float:
            return {"$f": repr(value)}
        if kind is array:
            packed = zlib.compress(value.tobytes(), 1)  # line/column maps: long runs, ~15x smaller
            return {"$a": value.typecode, "z": base64.b64encode(packed).decode("ascii")}
        if _is_own(kind):
            return {"$o": self.number[id(value)]}
        if isinstance(value, PurePath):
            return {"$p": str(value)}
        raise SnapshotError(f"cannot snapshot a {kind.__module__}.{kind.__qualname__}")


def dumps(payload: Any, *, code_digest: str) -> bytes:
    """The snapshot of `payload` as UTF-8 JSON bytes; raises SnapshotError for a value it cannot
    hold (another class, a string with lone surrogates)."""
    enc = _Encoder(payload)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "code_digest": code_digest,
        "classes": enc.classes(),
        "objects": enc.objects(),
        "payload": enc.value(payload),
    }
    try:
        return orjson.dumps(document)
    except TypeError as exc:  # orjson.JSONEncodeError: e.g. a lone surrogate in a string
        raise SnapshotError(f"cannot snapshot: {exc}") from None


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
    # defined there, not merely imported there: a dataclass of another package re-exported by a
    # helpers module is refused like any other class
    if not (
        isinstance(target, type)
        and dataclasses.is_dataclass(target)
        and f"{target.__module__}:{target.__qualname__}" == name
    ):
        raise SnapshotError(f"{name!r} is not a dataclass defined in {_PACKAGE}")
    return target


def _classes(table: Any) -> list[tuple[type, tuple[str, ...]]]:
    if not isinstance(table, list):
        raise SnapshotError("malformed class table")
    classes = []
    for entry in table:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            raise SnapshotError("malformed class table")
        cls = _class(entry[0])
        if entry[1] != list(_field_names(cls)):
            raise SnapshotError(f"fields of {entry[0]} differ from the code's")
        if "__slots__" in vars(cls) or _has_descriptors(cls):
            raise SnapshotError(f"{entry[0]} keeps a field outside its instance dict")
        classes.append((cls, _field_names(cls)))
    return classes


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
_update = dict.update
_set = object.__setattr__


@cache
def _has_descriptors(cls: type) -> bool:
    """True when a field's name is a data descriptor of the class (a slot, a property): setting
    the instance dict would not set the field."""
    for name in _field_names(cls):
        for klass in cls.__mro__:
            if name in vars(klass):
                kind = type(vars(klass)[name])
                if hasattr(kind, "__set__") or hasattr(kind, "__delete__"):
                    return True
                break
    return False


def _fill(objs: list[Any], names: tuple[str, ...], columns: list[list[Any]]) -> None:
    """Set field `names[i]` of every instance to `columns[i][its position]`, in C calls only.

    The builtin setattr keeps CPython's compact per-instance attribute storage (about twice as
    fast as updating each `__dict__`); classes that intercept setting attributes get the dict."""
    if objs and type(objs[0]).__setattr__ is _set:  # not frozen, no __setattr__ of its own
        for name, column in zip(names, columns, strict=True):
            deque(map(setattr, objs, repeat(name), column), maxlen=0)
    else:
        deque(map(_update, map(vars, objs), map(zip, repeat(names), zip(*columns, strict=True))), maxlen=0)


class _Decoder:
    """Builds the instances of a parsed snapshot column by column, then its payload."""

    def __init__(self, classes: list[tuple[type, tuple[str, ...]]], objects: Any, limit: int) -> None:
        """`limit` bounds each class's count (the file's size: no instance takes less than a byte)."""
        if type(objects) is not list or len(objects) != len(classes):
            raise SnapshotError("malformed object table")
        every: list[Any] = []
        tables = []
        for (cls, names), entry in zip(classes, objects, strict=True):
            if not (type(entry) is list and len(entry) == 3):
                raise SnapshotError("malformed object table")
            count, kinds, columns = entry
            if not (type(count) is int and 0 <= count <= limit):
                raise SnapshotError(f"malformed count of {cls.__qualname__}")
            if not (type(kinds) is list and type(columns) is list and all(type(c) is list for c in columns)):
                raise SnapshotError(f"malformed columns of {cls.__qualname__}")
            if not len(kinds) == len(columns) == len(names):
                raise SnapshotError(f"columns of {cls.__qualname__} differ from its fields")
            objs = list(map(_new, repeat(cls, count)))  # no constructor, no __post_init__
            every.extend(objs)
            tables.append((cls, objs, names, list(zip(kinds, columns, strict=True))))
        self.ref = dict(enumerate(every)).__getitem__  # a number outside the table: KeyError
        tagged = []
        for cls, objs, names, kinds_columns in tables:
            values = [self.column(kind, column) for kind, column in kinds_columns]
            if any(len(v) != len(objs) for v in values):
                raise SnapshotError(f"a column of {cls.__qualname__} has the wrong length")
            _fill(objs, names, values)
            for name, (kind, column) in zip(names, kinds_columns, strict=True):
                if kind == "x":
                    tagged.append((objs, name, column))
        for objs, name, column in tagged:  # tagged values may refer to (hash) instances: all are filled now
            _fill(objs, (name,), [list(map(self.value, column))])

    def column(self, kind: Any, column: list[Any]) -> list[Any]:
        if kind == "p":
            return column
        if kind == "e":
            distinct, indices = column
            distinct = [v if type(v) is not list else Decimal(*v) for v in distinct]
            return list(map(distinct.__getitem__, indices))
        if kind == "d":
            return [v if type(v) is not list else Decimal(*v) for v in column]
        if kind == "r":
            ref = self.ref
            return [None if v is None else ref(v) for v in column]
        if kind == "R":
            ref = self.ref
            return [list(map(ref, v)) for v in column]
        if kind == "x":
            return [None] * len(column)  # filled once every instance has its other fields
        raise SnapshotError(f"unknown column kind {kind!r}")

    def value(self, value: Any) -> Any:
        """A tagged value back to Python."""
        kind = type(value)
        if kind is list:
            return list(map(self.value, value))
        if kind is not dict:
            return value
        if not value:
            return {}
        key = next(iter(value))
        if key[:1] != "$":
            return {k: self.value(v) for k, v in value.items()}
        if len(value) == 1:
            item = value[key]
            kind = type(item)
            if key == "$o":
                return self.ref(item)
            if key == "$P" and kind is list:  # plain JSON inside: nothing to rebuild
                return item
            if key == "$T" and kind is list and item and all(type(c) is list for c in item):
                return list(zip(*item, strict=True))
            if key == "$d" and kind is str:
                return Decimal(item)
            if key == "$t" and kind is list:
                return tuple(map(self.value, item))
            if key == "$s" and kind is list:
                return set(map(self.value, item))
            if key == "$p" and kind is str:
                return Path(item)
            if key == "$m" and kind is list:
                return {self.value(k): self.value(v) for k, v in item}
            if key == "$f" and kind is str:
                return float(item)
            if key == "$i" and kind is str:
                return int(item)
        elif len(value) == 2 and key == "$a" and "z" in value:
            return _array(value["$a"], value["z"])
        raise SnapshotError(f"unknown tag {key!r}")


def loads(data: bytes, *, code_digest: str) -> Any:
    """The payload of a snapshot written by this version of the code; SnapshotError otherwise.

    The file is parsed into plain JSON data first; the header (format, version, code digest,
    class table) is checked before any object is built.
    """
    try:
        document = orjson.loads(data)
    except (ValueError, TypeError, RecursionError) as exc:  # orjson.JSONDecodeError is a ValueError
        raise SnapshotError(f"unreadable snapshot: {exc}") from None
    if type(document) is not dict or document.get("format") != FORMAT:
        raise SnapshotError("not a juesuan snapshot")
    if document.get("version") != VERSION:
        raise SnapshotError(f"snapshot version {document.get('version')!r}, expected {VERSION}")
    if document.get("code_digest") != code_digest:
        raise SnapshotError("snapshot written by other code")
    classes = _classes(document.get("classes"))
    try:
        decoder = _Decoder(classes, document.get("objects"), len(data))
        return decoder.value(document.get("payload"))
    except SnapshotError:
        raise
    except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError, RecursionError) as exc:
        raise SnapshotError(f"malformed snapshot: {type(exc).__name__}") from None
