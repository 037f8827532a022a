"""Dataclasses to JSON and back, driven by their fields' type hints, checked on the way in.

The run cache (:mod:`briefings.cache`) is a file in the checkout, which anyone
who sends a pull request could replace. So it holds data only -- JSON -- and
reading it builds nothing but the types the code asks for: every value is
checked against the type hint of the field it fills, and anything else (an
unknown field, a missing one, a string where a number belongs) makes the whole
file invalid, never a half-filled object.

The types understood are those the pipeline's dataclasses use: ``None``,
``bool``, ``int``, ``float``, ``str``, :class:`~pathlib.Path`,
:class:`datetime.date` and :class:`datetime.datetime` (ISO text), ``Literal``,
enums (by value), ``X | Y``, ``list[X]``, ``set[X]``, ``frozenset[X]``,
``tuple[X, ...]``, ``tuple[X, Y]``, ``dict[K, V]`` (as a list of pairs, so keys
need not be text) and dataclasses (as objects, by field name). A dataclass that
gains a field needs no change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePath
from typing import Any

__all__ = ["InvalidData", "decode", "encode"]

Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]


class InvalidData(ValueError):
    """The data does not have the shape the type asks for."""


def encode(value: Any, hint: Any) -> Any:
    """``value`` (of type ``hint``) as plain JSON data: dicts, lists, text, numbers."""
    return _codec(hint)[0](value)


def decode(data: Any, hint: Any) -> Any:
    """A value of type ``hint`` from JSON ``data``; :class:`InvalidData` if it does not fit."""
    return _codec(hint)[1](data)


def _fail(data: Any, what: str) -> typing.NoReturn:
    raise InvalidData(f"expected {what}, found {type(data).__name__}")


def _same(value: Any) -> Any:
    return value


def _scalar(kind: type) -> Codec:
    def check(data: Any) -> Any:
        # bool is an int to Python, but never one to us.
        if type(data) is kind or (kind is float and type(data) is int):
            return kind(data)
        _fail(data, kind.__name__)

    return _same, check


def _none(data: Any) -> None:
    if data is not None:
        _fail(data, "null")


def _text_form(kind: Callable[[str], Any], name: str) -> Codec:
    def check(data: Any) -> Any:
        if not isinstance(data, str):
            _fail(data, name)
        try:
            return kind(data)
        except ValueError as exc:
            raise InvalidData(f"expected {name}: {exc}") from None

    return str, check


def _date_codec(kind: type[dt.date]) -> Codec:
    def check(data: Any) -> Any:
        if not isinstance(data, str):
            _fail(data, kind.__name__)
        try:
            value = kind.fromisoformat(data)
        except ValueError as exc:
            raise InvalidData(f"expected a {kind.__name__}: {exc}") from None
        if type(value) is not kind:
            _fail(data, kind.__name__)
        return value

    return (lambda value: value.isoformat()), check


@cache
def _codec(hint: Any) -> Codec:
    """The encoder and the checking decoder of ``hint``, made once per type."""
    if hint is None or hint is type(None):
        return _same, _none
    if hint is Any:
        raise TypeError("typed_json cannot check Any; give the field a precise type")
    if hint in (bool, int, float, str):
        return _scalar(hint)
    if isinstance(hint, type) and issubclass(hint, PurePath):
        return _text_form(Path, "a path")
    if hint in (dt.date, dt.datetime):
        return _date_codec(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        enum_type = hint

        def to_enum(data: Any) -> Any:
            try:
                return enum_type(data)
            except ValueError:
                raise InvalidData(f"not a {enum_type.__name__}: {data!r}") from None

        return (lambda value: value.value), to_enum
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass_codec(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        allowed = frozenset(args)

        def literal(data: Any) -> Any:
            if not isinstance(data, (str, int, bool)) or data not in allowed:
                raise InvalidData(f"expected one of {sorted(map(repr, allowed))}")
            return data

        return _same, literal
    if origin in (typing.Union, types.UnionType):
        return _union_codec(args)
    if origin in (list, set, frozenset) and len(args) == 1:
        item_encode, item_decode = _codec(args[0])
        make = origin
        exact = args[0] if args[0] in (bool, int, str) else None

        def to_list(data: Any) -> Any:
            if not isinstance(data, list):
                _fail(data, "a list")
            # Text, numbers, flags: checked in one sweep, not one call per item.
            if exact is not None and all(type(item) is exact for item in data):
                return make(data)
            return make([item_decode(item) for item in data])

        if item_encode is _same:
            return list, to_list
        return (lambda value: [item_encode(item) for item in value]), to_list
    if origin is tuple:
        return _tuple_codec(args)
    if origin is dict and len(args) == 2:
        key_encode, key_decode = _codec(args[0])
        value_encode, value_decode = _codec(args[1])

        def to_dict(data: Any) -> Any:
            if not isinstance(data, list):
                _fail(data, "a list of pairs")
            result = {}
            for pair in data:
                if not isinstance(pair, list) or len(pair) != 2:
                    _fail(pair, "a pair")
                result[key_decode(pair[0])] = value_decode(pair[1])
            return result

        if key_encode is _same and value_encode is _same:
            return (lambda value: [[k, v] for k, v in value.items()]), to_dict
        return (
            lambda value: [[key_encode(k), value_encode(v)] for k, v in value.items()]
        ), to_dict
    raise TypeError(f"typed_json does not know how to store {hint!r}")


def _union_codec(args: tuple[Any, ...]) -> Codec:
    options = [(arg, *_codec(arg)) for arg in args]
    others = [option for option in options if option[0] is not type(None)]
    if len(others) == 1 and len(options) == 2:
        # X | None, most of the unions stored: null is told apart at once, not by
        # trying X first and catching what it raises (exceptions are slow).
        arg, arg_encode, arg_decode = others[0]

        def optional_to_data(value: Any) -> Any:
            if value is None:
                return None
            if not _is_instance(value, arg):
                raise TypeError(f"{value!r} is none of {args}")
            return arg_encode(value)

        def optional_from_data(data: Any) -> Any:
            if data is None:
                return None
            try:
                return arg_decode(data)
            except InvalidData:
                raise InvalidData(f"fits none of {args}") from None

        return optional_to_data, optional_from_data

    def to_data(value: Any) -> Any:
        for arg, arg_encode, _ in options:
            if _is_instance(value, arg):
                return arg_encode(value)
        raise TypeError(f"{value!r} is none of {args}")

    def from_data(data: Any) -> Any:
        for _, _, arg_decode in options:
            try:
                return arg_decode(data)
            except InvalidData:
                continue
        raise InvalidData(f"fits none of {args}")

    return to_data, from_data


def _is_instance(value: Any, hint: Any) -> bool:
    if hint is None or hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin or hint)


def _tuple_codec(args: tuple[Any, ...]) -> Codec:
    if len(args) == 2 and args[1] is Ellipsis:
        item_encode, item_decode = _codec(args[0])

        def to_tuple(data: Any) -> Any:
            if not isinstance(data, list):
                _fail(data, "a list")
            return tuple(item_decode(item) for item in data)

        return (lambda value: [item_encode(item) for item in value]), to_tuple
    codecs = [_codec(arg) for arg in args]
    decoders = [c[1] for c in codecs]

    def to_fixed(data: Any) -> Any:
        if not isinstance(data, list) or len(data) != len(codecs):
            _fail(data, f"a list of {len(codecs)}")
        return tuple([from_json(item) for from_json, item in zip(decoders, data, strict=True)])

    if all(c[0] is _same for c in codecs):
        def plain(value: Any) -> Any:
            if len(value) != len(codecs):
                raise ValueError(f"{value!r} is not a tuple of {len(codecs)}")
            return list(value)

        return plain, to_fixed
    return (
        lambda value: [c[0](item) for c, item in zip(codecs, value, strict=True)]
    ), to_fixed


def _dataclass_codec(kind: type) -> Codec:
    hints = typing.get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    required = {
        f.name for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    codecs: dict[str, Codec] = {}

    def field_codec(name: str) -> Codec:
        # Made on first use: a dataclass may hold itself (a tree), and _codec is cached.
        if name not in codecs:
            codecs[name] = _codec(hints[name])
        return codecs[name]

    names = [f.name for f in fields]
    known = frozenset(names)
    encoders: list[tuple[str, Callable[[Any], Any]]] = []

    def to_data(value: Any) -> Any:
        if not encoders:
            encoders.extend((name, field_codec(name)[0]) for name in names)
        return {name: to_json(getattr(value, name)) for name, to_json in encoders}

    decoders: dict[str, Callable[[Any], Any]] = {}

    def decoder(name: str) -> Callable[[Any], Any]:
        decoders[name] = field_codec(name)[1]
        return decoders[name]

    def from_data(data: Any) -> Any:
        if not isinstance(data, dict):
            _fail(data, f"a {kind.__name__} object")
        # Checked without making sets: this runs for every object a cache holds.
        if not known.issuperset(data):
            raise InvalidData(f"{kind.__name__} has no field {sorted(data.keys() - known)[0]!r}")
        if not data.keys() >= required:
            raise InvalidData(f"{kind.__name__} lacks {sorted(required - data.keys())[0]!r}")
        try:
            return kind(**{key: (decoders.get(key) or decoder(key))(item)
                           for key, item in data.items()})
        except InvalidData as exc:
            raise InvalidData(f"{kind.__name__}: {exc}") from None
        except (TypeError, ValueError) as exc:  # the dataclass's own __post_init__ checks
            raise InvalidData(f"{kind.__name__}: {exc}") from None

    return to_data, from_data
