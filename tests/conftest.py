"""Shared fixtures: tiny real translation models and the sample site, built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import tinymodels  # tests/ is on sys.path: pytest puts a conftest's folder there
from sitebuild import Built, Served, build_sample_site, serve

from briefings.translation.models import install_archive

# Catalogs written in tests are dated at one moment (PO-Revision-Date), so that two
# runs compare byte for byte; the children of tests inherit it.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767323040")  # 2026-01-02 03:04 UTC


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Conftest files hold fixtures, not tests or doctests.

    ``--doctest-modules`` (pyproject.toml) would import each one again as a module
    named ``conftest``, which two of them (here and in browser/) cannot both be.
    """
    return True if collection_path.name == "conftest.py" else None


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of tiny models with random weights (see tests/tinymodels.py)."""
    return tmp_path_factory.mktemp("tinymodels")


@pytest.fixture(scope="session")
def tiny_argos_archive(tiny_models: Path) -> Path:
    """``translate-en_ru-0_0_1.argosmodel``: an Argos package, not installed."""
    return tinymodels.build_argos_package(tiny_models, "en", "ru", "0.0.1")


@pytest.fixture(scope="session")
def tiny_argos_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Argos packages folder with tiny en→ru and en→az packages installed (hy has none)."""
    work = tmp_path_factory.mktemp("argos")
    folder = work / "packages"
    for lang in ("ru", "az"):
        install_archive(tinymodels.build_argos_package(work, "en", lang, "0.0.1"), folder)
    return folder


@pytest.fixture(scope="session")
def tiny_nllb_folder(tiny_models: Path) -> Path:
    """A CTranslate2 folder laid out like NLLB-200, with language tokens."""
    return tinymodels.build_ct2_folder(tiny_models, with_language_tokens=True)


@pytest.fixture(scope="session")
def tiny_opus_folder(tiny_models: Path) -> Path:
    """A CTranslate2 folder laid out like OPUS-MT: no language tokens, two .spm files."""
    return tinymodels.build_ct2_folder(tiny_models, with_language_tokens=False)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, tiny_argos_archive: Path) -> Built:
    """The sample project built in all four languages (see tests/sitebuild.py), once.

    Shared by the i18n, validation and browser tests: nothing may change it.
    """
    built = build_sample_site(
        tmp_path_factory.mktemp("multilingual"), tmp_path_factory.mktemp("az-model"),
        tiny_argos_archive,
    )
    print(f"\n4-language builds: {', '.join(f'{s:.2f} s' for s in built.seconds)}")
    return built


@pytest.fixture(scope="session")
def served_site(sample_site: Built) -> Iterator[Served]:
    """The sample site on 127.0.0.1 at a free port, under its published path."""
    with serve(sample_site.site) as served:
        yield served
