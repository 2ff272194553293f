"""A write's values encoded in place, as the Firestore client would encode them, a fraction
of the CPU: a ball's changes to a long match's live/score are thousands of values, and the
client builds a proto-plus message for each (tests/unit/firestore/test_encoding.py checks
every write byte for byte against the client's own encoding)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1 import DELETE_FIELD
from google.cloud.firestore_v1._helpers import encode_value
from google.cloud.firestore_v1.field_path import FieldPath
from google.cloud.firestore_v1.types import Value, Write
from google.protobuf.struct_pb2 import NULL_VALUE

Document = Mapping[str, Any]


def placeholders(values: Document, deleted: Iterable[str] = ()) -> dict[str, Any]:
    """A null for each field of `values` and a delete for each of `deleted`: what the client
    is given to build a write (its field mask, its precondition, its transforms), the
    values being encoded by `encoded_here`."""
    return dict.fromkeys(values) | dict.fromkeys(deleted, DELETE_FIELD)


@contextmanager
def encoded_here(target: firestore.Transaction | firestore.WriteBatch,
                 values: Document) -> Iterator[None]:
    """Around the client's write of `placeholders(values)` (and of transforms beside them,
    a server timestamp): the nulls it wrote for the fields of `values` replaced by their
    values, encoded in place as the client would (`encode_into`). The client builds a
    proto-plus message per value, about 6 µs each: a ball's changes to a Test's live/score
    are 1,500 values, its whole document 5,000, and that was most of the run's CPU time.
    The write is the last one the transaction (or batch) holds: `_write_pbs`, its list of
    writes, is the one private name this leans on (tests/unit/firestore/test_encoding.py
    checks every write byte for byte against the client's own encoding)."""
    count = len(target._write_pbs)
    yield
    if len(target._write_pbs) != count + 1:
        raise RuntimeError("the client did not add exactly one write")
    fields = Write.pb(target._write_pbs[-1]).update.fields
    for name, value in values.items():
        if name not in fields:  # (a map's [] would add it)
            raise RuntimeError(f"the client's write has no field {name!r} to encode")
        encode_into(fields[name], value)


def set_by_paths(target: firestore.Transaction | firestore.WriteBatch,
                 reference: firestore.DocumentReference,
                 fields: Mapping[tuple[str, ...], Any]) -> None:
    """`target.set(reference, data, merge=[FieldPath(*path) for path in fields])`, the data
    holding each field's value at its path (None: the field is deleted), as the client would
    write it, in one pass. The client compares every path it merges with every value inside
    the data: a run that folded 49 balls into a log's page (two fields a ball, each a whole
    action or its events) took 204 ms of CPU, 98 ms without. The client is given the first
    path alone (its field mask, its precondition: none), and the write is then completed in
    place (`_write_pbs`, as `encoded_here`)."""
    paths = _merge_paths(fields)
    count = len(target._write_pbs)
    target.set(reference, _holding(paths[0].parts), merge=[paths[0]])
    if len(target._write_pbs) != count + 1:
        raise RuntimeError("the client did not add exactly one write")
    write = Write.pb(target._write_pbs[-1])
    write.update.ClearField("fields")
    del write.update_mask.field_paths[:]
    write.update_mask.field_paths.extend(path.to_api_repr() for path in paths)
    _encode_fields(write, fields)


def _encode_fields(write: Any, fields: Mapping[tuple[str, ...], Any]) -> None:
    """The fields' values into the write's document; a field set to None is in the mask
    only: deleted."""
    for path, value in fields.items():
        if value is not None:
            encode_into(_field_at(write.update.fields, path), value)


def _merge_paths(fields: Mapping[tuple[str, ...], Any]) -> list[FieldPath]:
    """The fields' paths, sorted; none may hold another."""
    paths = sorted(FieldPath(*path) for path in fields)
    if not paths:
        raise ValueError("no field to write")
    for before, after in zip(paths, paths[1:], strict=False):
        if before.eq_or_parent(after):  # as the client refuses them
            raise ValueError(f"merge paths overlap: {before}, {after}")
    return paths


def _holding(parts: tuple[str, ...]) -> dict[str, Any]:
    """Data holding None at the path `parts`."""
    data: dict[str, Any] = {}
    leaf = data
    for part in parts[:-1]:
        leaf = leaf.setdefault(part, {})
    leaf[parts[-1]] = None
    return data


def _field_at(fields: Any, path: tuple[str, ...]) -> Any:
    """The protobuf `Value` at `path` in a document's `fields`, made on the way."""
    out = fields[path[0]]
    for part in path[1:]:
        out = out.map_value.fields[part]
    return out


def same_stored(a: Any, b: Any) -> bool:
    """Whether two values are stored alike: equal, and of the same types all the way down
    (Firestore keeps 1, 1.0 and True apart, which Python's == does not)."""
    if type(a) is not type(b):
        return False
    same = _SAME_CONTAINERS.get(type(a))
    if same is None:
        return bool(a == b)
    return same(a, b)


def _same_maps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(same_stored(v, b[k]) for k, v in a.items())


def _same_arrays(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(same_stored(x, y) for x, y in zip(a, b, strict=True))


#: how the values of a map and of an array compare (by their exact type, as Firestore
#: stores them); any other value compares by ==
_SAME_CONTAINERS: dict[type, Callable[[Any, Any], bool]] = {
    dict: _same_maps, list: _same_arrays,
}


def encode_into(out: Any, value: Any) -> None:
    """`value` into `out`, a protobuf `Value` (the raw message, not proto-plus's), exactly as
    the client's `encode_value` would make it: JSON's types here, built in place; anything
    else (a timestamp) by the client's own function."""
    encode = _ENCODERS.get(type(value))
    if encode is None:
        out.CopyFrom(Value.pb(encode_value(value)))
    else:
        encode(out, value)


def _encode_string(out: Any, value: str) -> None:
    out.string_value = value


def _encode_integer(out: Any, value: int) -> None:
    out.integer_value = value


def _encode_double(out: Any, value: float) -> None:
    out.double_value = value


def _encode_boolean(out: Any, value: bool) -> None:
    out.boolean_value = value


def _encode_null(out: Any, _value: None) -> None:
    out.null_value = NULL_VALUE


def _encode_map(out: Any, value: dict[str, Any]) -> None:
    out.map_value.SetInParent()  # an empty map is a map, not nothing
    fields = out.map_value.fields
    for key, item in value.items():
        encode_into(fields[key], item)


def _encode_array(out: Any, value: list[Any]) -> None:
    out.array_value.SetInParent()
    values = out.array_value.values
    for item in value:
        encode_into(values.add(), item)


#: JSON's types, by their exact type (a bool is not encoded as an int, nor a subclass of
#: dict as a map: the client's function takes those)
_ENCODERS: dict[type, Callable[[Any, Any], None]] = {
    str: _encode_string, int: _encode_integer, float: _encode_double, bool: _encode_boolean,
    type(None): _encode_null, dict: _encode_map, list: _encode_array,
}
