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

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
#: The folder under a theme's ``custom_dir`` that holds a site's overrides.
OVERRIDES_FOLDER = "briefings"


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

    def render(self, template: str, /, **context: Any) -> Markup:
        """``template`` (e.g. ``"partials/timeline.html"``) rendered with ``context``."""
        return Markup(self.environment.get_template(template).render(**context))


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
