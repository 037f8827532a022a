"""The MkDocs plugin and its settings: one schema for the plugin, ``extra.briefings`` and the CLI.

Unit checks of the settings table and of :class:`BriefingsConfig`, then real
``mkdocs build --strict`` runs (in a subprocess, as a user runs them) of a site
made by ``briefings new``: the plugin route, and the hooks route this
repository's sample site takes. The import boundary (only the adapter imports
MkDocs) is checked here too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from briefings import settings
from briefings.cli import main
from briefings.commands.new import FILES, make_site
from briefings.errors import BriefingsError
from briefings.mkdocs.config import BriefingsConfig, checked
from briefings.mkdocs.plugin import (
    OVERRIDES,
    STYLESHEET,
    BriefingsPlugin,
    require_stylesheet,
    wire_theme,
)
from briefings.project import load_project

ROOT = Path(__file__).resolve().parent.parent
SLUG = "riverside-bridge-reopens"

#: Wrong settings, and the dotted name each error must give.
BAD = [
    ({"page_sise": 10}, "page_sise", "did you mean page_size"),
    ({"page_size": -1}, "page_size", "from 0 to"),
    ({"beam_size": 0}, "beam_size", "from 1 to 16"),
    ({"threads": "many"}, "threads", "whole number"),
    ({"build_workers": True}, "build_workers", "whole number"),
    ({"translate_on_build": "yes"}, "translate_on_build", "true or false"),
    ({"languages": ["en"]}, "languages", "articles' language"),
    ({"languages": ["hy", "hy"]}, "languages", "twice"),
    ({"languages": "hy"}, "languages", "list"),
    ({"languages": "ru"}, "languages", "list"),  # not translations/r/ and translations/u/
    ({"languages": ["xx"]}, "languages", "xx is not a language Babel (CLDR) knows"),
    ({"languages": ["und"]}, "languages", "not a language Babel"),  # Babel: American English
    ({"languages": ["../x"]}, "languages", "not a language code"),
    ({"engines": {"hy": {"engine": "marian"}}}, "engines.hy.engine", "argos, ctranslate2"),
    ({"engines": {"hy": {"engine": "ctranslate2"}}}, "engines.hy.model", "model folder"),
    ({"engines": {"ru": {"modle": "x"}}}, "engines.ru.modle", "did you mean model"),
]


# -- the settings table and the MkDocs schema ------------------------------------------------------


def test_the_config_class_has_every_setting_and_its_default() -> None:
    config = BriefingsConfig()
    assert dict(config) == {s.name: s.default for s in settings.SETTINGS}
    config.load_dict({})
    assert config.validate() == ([], [])
    assert dict(config) == settings.defaults()


@pytest.mark.parametrize(("section", "name", "problem"), BAD)
def test_the_table_names_a_wrong_setting(section: dict, name: str, problem: str) -> None:
    with pytest.raises(settings.SettingError) as caught:
        settings.validate(section)
    assert caught.value.name == name
    assert problem in caught.value.problem


@pytest.mark.parametrize(("section", "name", "problem"), BAD)
def test_the_plugin_config_fails_on_what_the_table_refuses(
    section: dict, name: str, problem: str
) -> None:
    errors, _ = BriefingsPlugin().load_config(dict(section), str(ROOT / "mkdocs.yml"))
    assert len(errors) == 1
    key, error = errors[0]
    # MkDocs names the option; a part of a nested one is named in the message.
    top, _, inner = name.partition(".")
    assert key == top
    assert str(error).startswith(f"{inner}: ") or not inner
    assert problem in str(error)


@pytest.mark.parametrize(("section", "name", "problem"), BAD)
def test_extra_briefings_is_checked_by_the_same_schema(
    section: dict, name: str, problem: str
) -> None:
    with pytest.raises(PluginError) as caught:
        checked(section, "mkdocs.yml", "extra.briefings")
    assert f"briefings: mkdocs.yml: extra.briefings.{name}: " in str(caught.value)
    assert problem in str(caught.value)


def test_valid_settings_come_back_cleaned() -> None:
    plugin = BriefingsPlugin()
    errors, warnings = plugin.load_config(
        {"page_size": 3, "languages": ["ka", "tr"], "engines": {"ka": {"engine": "argos"}}}
    )
    assert (errors, warnings) == ([], [])
    assert plugin.config.page_size == 3
    assert plugin.config.languages == ["ka", "tr"]
    assert plugin.config.engines == {
        "ka": {"engine": "argos", "model": None, "source_token": None, "target_token": None}
    }


# -- the command line reads the same settings --------------------------------------------------


def write_config(folder: Path, settings_yaml: str, *, route: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "content").mkdir(exist_ok=True)
    body = "site_name: Test\ntheme:\n  name: material\n"
    if route == "plugin":
        body += "plugins:\n  - search\n  - briefings:\n" + _indent(settings_yaml, 6)
    else:
        body += "extra:\n  briefings:\n" + _indent(settings_yaml, 4)
    (folder / "mkdocs.yml").write_text(body, "utf-8")
    return folder


def _indent(text: str, spaces: int) -> str:
    lines = text.splitlines() or ["{}"]
    return "".join(" " * spaces + line + "\n" for line in lines)


@pytest.mark.parametrize("route", ["plugin", "extra"])
def test_the_cli_takes_settings_from_either_place(tmp_path: Path, route: str) -> None:
    project = load_project(write_config(tmp_path, "page_size: 7\nlanguages: [ru]", route=route))
    assert project.page_size == 7
    assert project.languages == ("ru",)


@pytest.mark.parametrize(("route", "place"), [("plugin", "plugins.briefings"),
                                              ("extra", "extra.briefings")])
def test_a_misspelt_setting_is_one_line_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], route: str, place: str
) -> None:
    folder = write_config(tmp_path, "page_sise: 10", route=route)
    assert main(["status", "--project", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"mkdocs.yml: {place}.page_sise: unknown setting; did you mean page_size?" in err


def test_settings_in_both_places_are_refused(tmp_path: Path) -> None:
    folder = write_config(tmp_path, "page_size: 7", route="plugin")
    with (folder / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("extra:\n  briefings:\n    page_size: 8\n")
    with pytest.raises(BriefingsError, match="keep one"):
        load_project(folder)


# -- wiring the theme ----------------------------------------------------------------------------


def test_our_templates_come_after_the_sites_own_and_before_materials(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: mine\nextra_css: [site.css]\n",
        "utf-8",
    )
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    wire_theme(config)
    wire_theme(config)  # a second time changes nothing
    dirs = config.theme.dirs
    assert dirs[:2] == [str(tmp_path / "mine"), str(OVERRIDES)]
    assert dirs.count(str(OVERRIDES)) == 1
    assert "material" in dirs[2]
    assert [str(css) for css in config.extra_css] == [STYLESHEET, "site.css"]


def test_another_theme_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme: mkdocs\n", "utf-8")
    with pytest.raises(PluginError, match=r"theme\.name must be material"):
        wire_theme(load_config(config_file=str(tmp_path / "mkdocs.yml")))


def test_a_build_without_the_stylesheet_fails() -> None:
    with pytest.raises(PluginError, match=r"stylesheet assets/briefings\.css is missing"):
        require_stylesheet(Files([]))


def test_the_package_holds_the_templates_and_the_stylesheet() -> None:
    names = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*") if p.is_file()}
    assert {"main.html", "partials/alternate.html", STYLESHEET} <= names
    # MkDocs copies every other file of a theme folder into the site.
    assert all(name.endswith((".html", ".css")) for name in names)


# -- the import boundary ------------------------------------------------------------------------


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_only_the_adapter_imports_mkdocs_or_material() -> None:
    adapter = ROOT / "briefings" / "mkdocs"
    offenders = []
    for path in sorted((ROOT / "briefings").rglob("*.py")):
        if adapter in path.parents:
            continue
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in ("mkdocs", "material") or module.startswith("briefings.mkdocs"):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
    # And the check sees imports where they are.
    assert "mkdocs.plugins" in imported_modules(adapter / "plugin.py")


# -- briefings new, and real builds of both routes ---------------------------------------------


def test_new_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    assert main(["new", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"briefings: {tmp_path}: not empty; give a new or empty folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_refuses_an_unpinned_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "site"), "--package", "briefings"]) == 1
    assert "pin it" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_new_writes_the_workflow_of_this_repository_with_the_pin(tmp_path: Path) -> None:
    pin = "git+https://example.org/newsroom/briefings@v0.2.0"
    assert main(["new", str(tmp_path / "site"), "--package", pin]) == 0
    site = tmp_path / "site"
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == set(
        FILES.values()
    )
    ours = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    theirs = (site / ".github" / "workflows" / "site.yml").read_text("utf-8")
    assert theirs == ours.replace(
        "vars.BRIEFINGS_PACKAGE || ''", f"vars.BRIEFINGS_PACKAGE || '{pin}'"
    )
    assert theirs != ours
    assert yaml.safe_load(theirs)["env"]["BRIEFINGS_PACKAGE"].endswith(f"|| '{pin}' }}}}")
    assert "/site/" in (site / ".gitignore").read_text("utf-8").splitlines()
    # The package's copy of the workflow is this repository's.
    template = ROOT / "briefings" / "data" / "new" / "site.yml"
    assert template.read_text("utf-8") == ours


def mkdocs_build(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFINGS_WORKERS": "1", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BRIEFINGS_NO_TRANSLATE", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, env=env,
        capture_output=True, text=True, timeout=600, check=False,
    )


def assert_styled_briefing(site: Path) -> None:
    """The example briefing is built in every language, linking the stylesheet that is there."""
    css = (OVERRIDES / STYLESHEET).read_bytes()
    assert (site / "site" / STYLESHEET).read_bytes() == css
    for lang in ("", "hy/", "az/", "ru/"):
        page = (site / "site" / f"{lang}briefings/{SLUG}/index.html").read_text("utf-8")
        assert 'href="../../assets/briefings.css"' in page
        assert 'type="application/atom+xml"' in page  # our main.html, from the package
        assert "Eastfold" in page
        if lang:
            assert (site / "site" / lang / STYLESHEET).read_bytes() == css


@pytest.mark.slow
def test_a_new_site_builds_with_the_plugin(tmp_path: Path) -> None:
    site = tmp_path / "newsroom"
    make_site(site, None)
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert_styled_briefing(site)
    assert (site / "translations" / "ru" / f"{SLUG}.po").is_file()


@pytest.mark.slow
def test_the_same_site_builds_through_the_hook(tmp_path: Path) -> None:
    """The hooks route: settings under extra.briefings, the repository's hook module."""
    site = tmp_path / "newsroom"
    make_site(site, None)
    config = yaml.safe_load((site / "mkdocs.yml").read_text("utf-8"))
    section = config["plugins"][1]["briefings"]
    config["plugins"] = ["search"]
    config["extra"] = {"briefings": section}
    config["hooks"] = [str(ROOT / "hooks" / "briefings_hooks.py")]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert_styled_briefing(site)


@pytest.mark.slow
@pytest.mark.parametrize(("route", "place"), [("plugin", "Plugin 'briefings' option 'page_sise'"),
                                              ("hook", "extra.briefings.page_sise")])
def test_a_misspelt_setting_fails_the_build(tmp_path: Path, route: str, place: str) -> None:
    site = tmp_path / "newsroom"
    make_site(site, None)
    text = (site / "mkdocs.yml").read_text("utf-8").replace("page_size: 50", "page_sise: 50")
    if route == "hook":
        config = yaml.safe_load(text)
        config["extra"] = {"briefings": config["plugins"][1]["briefings"]}
        config["plugins"] = ["search"]
        config["hooks"] = [str(ROOT / "hooks" / "briefings_hooks.py")]
        text = yaml.safe_dump(config)
    (site / "mkdocs.yml").write_text(text, "utf-8")
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert place in built.stderr
    assert "did you mean page_size?" in built.stderr
    assert not (site / "site").exists()


@pytest.mark.slow
def test_the_plugin_and_the_hook_together_are_refused(tmp_path: Path) -> None:
    site = tmp_path / "newsroom"
    make_site(site, None)
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"hooks:\n  - {ROOT / 'hooks' / 'briefings_hooks.py'}\n")
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "would build the site twice; keep one" in built.stderr


def test_the_sample_site_links_the_stylesheet(sample_site) -> None:  # type: ignore[no-untyped-def]
    """This repository's own site (hooks, extra.briefings) is styled in every language."""
    for lang in ("", "ru/"):
        assert (sample_site.site / lang / STYLESHEET).is_file()
        assert "assets/briefings.css" in (sample_site.site / lang / "index.html").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("route", ["plugin", "hook"])
def test_both_routes_write_the_search_indexes_piece_by_piece(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, route: str) -> None:
    """Our handlers before Material's index our pages and write every language's index:
    Material's method that makes a whole index as one string is never called (it fails
    the build here), nor its page handler on our pages."""
    import json

    from material.plugins.search.plugin import SearchIndex, SearchPlugin
    from mkdocs.commands.build import build

    site = tmp_path / "newsroom"
    make_site(site, None)
    if route == "hook":
        config = yaml.safe_load((site / "mkdocs.yml").read_text("utf-8"))
        config["extra"] = {"briefings": config["plugins"][1]["briefings"]}
        config["plugins"] = ["search"]
        config["hooks"] = [str(ROOT / "hooks" / "briefings_hooks.py")]
        (site / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")

    def whole(self: SearchIndex, prev: object) -> str:
        raise AssertionError("Material made the whole search index as one string")

    monkeypatch.setattr(SearchIndex, "generate_search_index", whole)
    # Material's page handler, while on: which pages it indexed (and ran its pass over).
    material_indexed: list[str] = []
    material_handler = SearchPlugin.on_page_context

    def on_page_context(self: SearchPlugin, context: dict, **kwargs: Any) -> Any:  # type: ignore[type-arg]
        if self.config.enabled:
            material_indexed.append(kwargs["page"].file.src_uri)
        return material_handler(self, context, **kwargs)

    monkeypatch.setattr(SearchPlugin, "on_page_context", on_page_context)
    monkeypatch.setenv("BRIEFINGS_WORKERS", "1")
    monkeypatch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
    monkeypatch.chdir(site)
    build(load_config(config_file=str(site / "mkdocs.yml")))
    for lang in ("", "hy/", "az/", "ru/"):
        index = json.loads((site / "site" / f"{lang}search" / "search_index.json").read_bytes())
        assert any(doc["location"].startswith(f"briefings/{SLUG}/") for doc in index["docs"])
    # Our pages (briefings, listings, events, status) were indexed by our handler before
    # Material's, which was off for them alone: it still indexed the site's own page.
    assert set(material_indexed) == {"about.md"}
