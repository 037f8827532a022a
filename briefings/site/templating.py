"""Page HTML from Jinja templates, which a site may override one by one.

The templates ship in ``briefings/site/templates/``. A site overrides one by
putting a file of the same name in an override folder, looked up first, as
Material's partials are overridden from a theme's ``custom_dir`` (the MkDocs
adapter passes ``<custom_dir>/briefings``; the core knows only a path).

Autoescape is on for every template: interface text and numbers arrive as
plain strings and are escaped; pieces that are already markup (made by other
templates, or article text escaped where it was put in) arrive as
:class:`markupsafe.Markup`. Pages are sanitized after rendering all the same
(:func:`briefings.site.pages.sanitize`), so an override cannot add anything
outside the allow-list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
#: The folder under a theme's ``custom_dir`` that holds a site's overrides.
OVERRIDES_FOLDER = "briefings"
#: How many renders :meth:`Templates.remembered` keeps before it starts afresh
#: (a long ``mkdocs serve`` must not grow without end).
REMEMBERED = 100_000


class Templates:
    """The page templates: the site's overrides first (when given), then ours."""

    def __init__(self, overrides: Path | None = None) -> None:
        self.overrides = overrides
        folders = [str(overrides)] if overrides is not None else []
        self.environment = Environment(
            loader=ChoiceLoader([FileSystemLoader(folders), FileSystemLoader(str(TEMPLATES))]),
            autoescape=True,
            trim_blocks=True,
            undefined=StrictUndefined,
            auto_reload=False,
        )
        # A page is made of hundreds of tiny partials: each is looked up once, and
        # its globals flattened once, rather than on every render (see render).
        self._compiled: dict[str, tuple[Template, dict[str, Any]]] = {}
        self._remembered: dict[tuple[Any, ...], Markup] = {}

    def render(self, template: str, /, **context: Any) -> Markup:
        """``template`` (e.g. ``"partials/timeline.html"``) rendered with ``context``.

        The same as Jinja's ``Template.render``, without its per-call costs:
        the template is found once, and its context is made from the
        template's globals flattened once (``new_context(shared=True)`` is
        given the very mapping ``render`` would build).
        """
        found = self._compiled.get(template)
        if found is None:
            compiled = self.environment.get_template(template)
            found = self._compiled[template] = compiled, dict(compiled.globals)
        compiled, globals_ = found
        context = compiled.new_context({**globals_, **context}, shared=True)
        try:
            return Markup(self.environment.concat(compiled.root_render_func(context)))  # type: ignore[attr-defined]
        except Exception:
            self.environment.handle_exception()
            raise  # handle_exception always raises; this tells type checkers so

    def compile_all(self) -> None:
        """Compile every page template now, as :meth:`render` would at its first use.

        For a builder about to fork processes that each make pages: compiled
        once before, the templates are shared, not compiled again in each. One
        that does not compile is left to the render that needs it, which
        reports it where it is used.
        """
        for name in self.environment.list_templates(extensions=["html"]):
            if name in self._compiled:
                continue
            try:
                compiled = self.environment.get_template(name)
            except Exception:  # reported by the render that needs it
                continue
            self._compiled[name] = compiled, dict(compiled.globals)

    def remembered(self, template: str, /, **context: Any) -> Markup:
        """:meth:`render`, made once per ``context`` (a partial shown many times alike).

        For contexts of plain values (strings, markup, numbers, hashable
        records) and lists of them: the same values are then the same markup,
        since the templates of one :class:`Templates` never change (edited
        ones make a new one, see :func:`templates`). A string and markup of
        the same text render differently, so each value's type is part of
        what is remembered.
        """
        values = tuple(context.values())
        kinds = tuple(map(type, values))
        if list in kinds:
            values = tuple(_items(value) if kind is list else value
                           for value, kind in zip(values, kinds, strict=True))
        key = (template, tuple(context), kinds, values)
        found = self._remembered.get(key)
        if found is None:
            if len(self._remembered) >= REMEMBERED:
                self._remembered.clear()
            found = self._remembered[key] = self.render(template, **context)
        return found


def _items(value: list[Any]) -> tuple[Any, ...]:
    """A list as a key: its items, each with its type."""
    return tuple((item.__class__, item) for item in value)


@cache
def templates(overrides: Path | None = None) -> Templates:
    """The templates with ``overrides`` looked up first (made once per folder)."""
    return Templates(overrides)


def overrides_in(custom_dir: str | Path | None) -> Path | None:
    """A theme's ``custom_dir``'s override folder for our templates, if it has one."""
    if not custom_dir:
        return None
    folder = Path(custom_dir) / OVERRIDES_FOLDER
    return folder if folder.is_dir() else None
