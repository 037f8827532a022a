"""Shared fixtures: tiny real translation models, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinymodels  # tests/ is on sys.path: pytest puts a conftest's folder there


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of tiny models with random weights (see tests/tinymodels.py)."""
    return tmp_path_factory.mktemp("tinymodels")


@pytest.fixture(scope="session")
def tiny_argos_archive(tiny_models: Path) -> Path:
    """``translate-en_ru-0_0_1.argosmodel``: an Argos package, not installed."""
    return tinymodels.build_argos_package(tiny_models, "en", "ru", "0.0.1")


@pytest.fixture(scope="session")
def tiny_nllb_folder(tiny_models: Path) -> Path:
    """A CTranslate2 folder laid out like NLLB-200, with language tokens."""
    return tinymodels.build_ct2_folder(tiny_models, with_language_tokens=True)


@pytest.fixture(scope="session")
def tiny_opus_folder(tiny_models: Path) -> Path:
    """A CTranslate2 folder laid out like OPUS-MT: no language tokens, two .spm files."""
    return tinymodels.build_ct2_folder(tiny_models, with_language_tokens=False)
