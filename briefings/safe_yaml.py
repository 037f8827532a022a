"""YAML from untrusted files: PyYAML's safe loader, with aliases bounded.

The safe loader constructs no objects from tags, but it does follow aliases:
nine lines of ``&a [*b, *b, ...]`` ("billion laughs") describe a billion
values, and whatever walks the result -- a check, a ``str()`` -- takes minutes
and gigabytes. Front matter and glossaries never need more than a few aliases,
so :class:`BoundedSafeLoader` refuses a document that uses more than
:data:`MAX_ALIASES` of them, or that would expand to more than
:data:`MAX_NODES` values, before anything is constructed.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_ALIASES", "MAX_NODES", "BoundedSafeLoader", "safe_load"]

#: Aliases (``*name``) one document may use.
MAX_ALIASES = 100
#: Values one document may hold once its aliases are expanded.
MAX_NODES = 200_000


class BoundedSafeLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that refuses alias bombs (see the module's documentation).

    The refusal is a :class:`yaml.composer.ComposerError` with the line of the
    alias, like any other YAML error.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases (*name)",
                    self.peek_event().start_mark,
                )
        return super().compose_node(parent, index)  # type: ignore[misc]

    def compose_document(self) -> yaml.Node | None:
        node = super().compose_document()  # type: ignore[misc]
        if node is not None and self._aliases and _expanded_size(node, {}) > MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None,
                f"its aliases expand to more than {MAX_NODES:,} values", node.start_mark,
            )
        return node


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` holds with every alias expanded (each shared node counted once)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = MAX_NODES + 1  # a node that holds itself expands for ever
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, sizes)
            if total > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            total += _expanded_size(key, sizes) + _expanded_size(value, sizes)
            if total > MAX_NODES:
                break
    sizes[id(node)] = total
    return total


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, with aliases bounded."""
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
