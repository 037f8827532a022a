"""Engines on tiny real models: structure only, since random weights translate to gibberish."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tinymodels

from briefings.translation.engines import (
    EngineConfig,
    EngineSettings,
    EngineUnavailable,
    describe_engines,
    load_engine,
    release_models,
)
from briefings.translation.models import install_archive

FAST = EngineSettings(beam_size=2, max_decoding_length=12)
TEXTS = [
    *tinymodels.SENTENCES[:12],
    "Hello.",
    "",
    "A much longer sentence about the border, the ministry and the talks in Baku and Yerevan.",
    "   ",
    "Yes",
]


@pytest.fixture(scope="module")
def packages(tiny_argos_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Argos packages folder with the tiny en -> ru package installed."""
    folder = tmp_path_factory.mktemp("argos-packages")
    install_archive(tiny_argos_archive, folder)
    return folder


class CountingTranslator:
    """Passes calls through to the real translator, counting ``translate_batch`` calls."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[int] = []

    @property
    def model_is_loaded(self) -> bool:
        return bool(self.real.model_is_loaded)

    def load_model(self) -> None:
        self.real.load_model()

    def translate_batch(self, batch: list[list[str]], **kwargs: Any) -> Any:
        self.calls.append(len(batch))
        return self.real.translate_batch(batch, **kwargs)


def test_argos_engine_translates_everything_in_one_call_in_order(packages: Path) -> None:
    engine = load_engine(EngineConfig("ru"), FAST, packages)
    spy = CountingTranslator(engine._translator)  # type: ignore[attr-defined]
    engine._translator = spy  # type: ignore[attr-defined]

    out = engine.translate(TEXTS)

    assert spy.calls == [sum(1 for t in TEXTS if t.strip())]  # one call, blanks not sent
    assert len(out) == len(TEXTS)
    for text, result in zip(TEXTS, out, strict=True):
        if text.strip():
            assert isinstance(result, str) and result.strip()
        else:
            assert result == text
    assert len(set(out)) > 3  # the outputs depend on the inputs, so order is testable
    # Same inputs in reverse order: each result must follow its input.
    assert engine.translate(TEXTS[::-1])[::-1] == out
    assert engine.provenance == "argos translate-en_ru 0.0.1"
    assert engine.lang == "ru"


def test_argos_engine_with_nothing_to_translate(packages: Path) -> None:
    engine = load_engine(EngineConfig("ru"), FAST, packages)
    assert engine.translate([]) == []
    assert engine.translate(["", " \n"]) == ["", " \n"]


def test_models_are_loaded_once_per_process(packages: Path) -> None:
    first = load_engine(EngineConfig("ru"), FAST, packages)
    second = load_engine(EngineConfig("ru"), EngineSettings(beam_size=1), packages)
    assert first._translator is second._translator  # type: ignore[attr-defined]


def test_released_models_load_again_when_next_used(packages: Path) -> None:
    """A build lets go of the weights once it has drafted; an engine still held, or
    one loaded later, loads them again and translates as before."""
    engine = load_engine(EngineConfig("ru"), FAST, packages)
    translator = engine._translator  # type: ignore[attr-defined]
    before = engine.translate(TEXTS[:4])
    release_models()
    assert not translator.model_is_loaded
    assert engine.translate(TEXTS[:4]) == before
    assert translator.model_is_loaded
    release_models()
    again = load_engine(EngineConfig("ru"), FAST, packages)
    assert again._translator is translator  # type: ignore[attr-defined]
    assert again.translate(TEXTS[:4]) == before
    assert translator.model_is_loaded


class _Busy:
    """A translator as CTranslate2's: ``unload_model`` returns without unloading while
    a batch is still counted as running (here, for its first ``busy`` calls)."""

    def __init__(self, busy: int) -> None:
        self.busy, self.calls, self.model_is_loaded = busy, 0, True

    def unload_model(self) -> None:
        self.calls += 1
        if self.calls > self.busy:
            self.model_is_loaded = False


def test_a_translator_still_busy_is_asked_again_to_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """That refusal cannot be provoked on demand in a real translator (it is a race:
    a test saw it once in CI), so a stand-in refuses."""
    from briefings.translation import engines

    busy, stuck = _Busy(busy=3), _Busy(busy=10**9)
    monkeypatch.setattr(engines, "_TRANSLATORS", {("b", 0, 0, 0): stuck, ("a", 0, 0, 0): busy})
    monkeypatch.setattr(engines, "UNLOAD_WAIT_S", 0.05)
    release_models()
    assert not busy.model_is_loaded and busy.calls == 4
    # One that stays busy is given up on after the wait, and the next still goes.
    assert stuck.model_is_loaded and stuck.calls > 1


def test_argos_engine_uses_target_prefix_from_metadata(tmp_path: Path) -> None:
    archive = tinymodels.build_argos_package(tmp_path, "en", "az", target_prefix="__az__")
    packages = tmp_path / "packages"
    install_archive(archive, packages)
    engine = load_engine(EngineConfig("az"), FAST, packages)
    out = engine.translate(["Hello world.", "Good morning."])
    assert all(o and "__az__" not in o for o in out)


def test_argos_engine_finds_packages_in_argos_packages_dir(packages: Path, tmp_path: Path) -> None:
    # Argos reads ARGOS_PACKAGES_DIR when first imported, so this needs a fresh process.
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(packages),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    code = (
        "import json\n"
        "from briefings.translation.engines import EngineConfig, EngineSettings, load_engine\n"
        "e = load_engine(EngineConfig('ru'), EngineSettings(max_decoding_length=8))\n"
        "print(json.dumps([e.provenance, e.translate(['Hello.', ''])]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    provenance, out = json.loads(done.stdout)
    assert provenance == "argos translate-en_ru 0.0.1"
    assert out[0] and out[1] == ""


def test_missing_argos_model_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        load_engine(EngineConfig("hy"), FAST, tmp_path)
    message = str(caught.value)
    assert caught.value.lang == "hy"
    assert "Armenian (hy)" in message
    assert "briefings models get hy" in message
    assert "briefings models install" in message
    assert "docs/models.md" in message
    assert "\n" not in message


def test_nllb_folder_uses_language_tokens(tiny_nllb_folder: Path) -> None:
    engine = load_engine(EngineConfig("hy", "ctranslate2", tiny_nllb_folder), FAST)

    tokens = engine.tokenize("Hello world.")  # type: ignore[attr-defined]
    assert tokens[0] == "eng_Latn"
    assert tokens[-1] == "</s>"
    out = engine.translate(TEXTS)
    assert len(out) == len(TEXTS)
    assert all(result.strip() for text, result in zip(TEXTS, out, strict=True) if text.strip())
    for code in tinymodels.NLLB_TOKENS:
        assert not any(code in result for result in out)
    assert engine.provenance == f"ctranslate2 {tiny_nllb_folder.name}"


def test_nllb_folder_with_explicit_tokens(tiny_nllb_folder: Path) -> None:
    config = EngineConfig(
        "ru", "ctranslate2", tiny_nllb_folder, source_token="eng_Latn", target_token="rus_Cyrl"
    )
    engine = load_engine(config, FAST)
    assert engine.tokenize("Hi")[0] == "eng_Latn"  # type: ignore[attr-defined]
    assert all("rus_Cyrl" not in o and o for o in engine.translate(["Hi.", "The talks."]))

    wrong = EngineConfig("ru", "ctranslate2", tiny_nllb_folder, target_token="xxx_Yyyy")
    with pytest.raises(EngineUnavailable, match="'xxx_Yyyy' is not in the model's target"):
        load_engine(wrong, FAST)


def test_opus_mt_folder_has_no_language_tokens(tiny_opus_folder: Path) -> None:
    engine = load_engine(EngineConfig("hy", "ctranslate2", tiny_opus_folder), FAST)

    tokens = engine.tokenize("Hello world.")  # type: ignore[attr-defined]
    assert "".join(tokens).replace("▁", " ").strip() == "Hello world."  # pieces only
    out = engine.translate(TEXTS)
    assert len(out) == len(TEXTS)
    assert all(result.strip() for text, result in zip(TEXTS, out, strict=True) if text.strip())
    assert engine.translate(TEXTS[::-1])[::-1] == out


def test_missing_or_broken_folder_says_how_to_convert_one(
    tiny_nllb_folder: Path, tmp_path: Path
) -> None:
    missing = EngineConfig("hy", "ctranslate2", tmp_path / "models" / "nllb")
    with pytest.raises(EngineUnavailable) as caught:
        load_engine(missing, FAST)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'models' / 'nllb'}: no such folder")
    assert "briefings models get hy" in message  # which prints the folder's exact command
    assert "hye_Armn" in message
    assert "docs/models.md" in message

    broken = tmp_path / "broken"
    shutil.copytree(tiny_nllb_folder, broken)
    (broken / "model.bin").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(EngineUnavailable, match="cannot load this model"):
        load_engine(EngineConfig("hy", "ctranslate2", broken), FAST)


def test_describe_engines_reports_without_loading(
    packages: Path, tiny_nllb_folder: Path, tmp_path: Path
) -> None:
    statuses = describe_engines(
        [
            EngineConfig("ru"),
            EngineConfig("hy", "ctranslate2", tiny_nllb_folder),
            EngineConfig("az"),
        ],
        packages,
    )
    assert [(s.lang, s.kind, s.available) for s in statuses] == [
        ("ru", "argos", True),
        ("hy", "ctranslate2", True),
        ("az", "argos", False),
    ]
    assert statuses[0].provenance == "argos translate-en_ru 0.0.1"
    assert statuses[2].problem is not None and "translate-en_az" in statuses[2].problem
