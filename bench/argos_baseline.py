"""Argos Translate's own path, one call per unit, for bench/run.py to compare against.

    ARGOS_PACKAGES_DIR=... ARGOS_CHUNK_TYPE=SPACY ARGOS_BEAM_SIZE=2 \\
        python bench/argos_baseline.py UNITS.json MAX_DECODING_LENGTH

Calls ``argostranslate.translate.translate(unit, "en", "ru")`` for each unit in
the JSON list, as an application using Argos does, and prints
``{"units": n, "seconds": s}``. Run in a child process because Argos reads its
settings from the environment when it is imported.

Two things make it comparable and offline, and nothing else is changed:

* ``ARGOS_CHUNK_TYPE=SPACY`` with a blank spaCy pipeline packaged in the
  package's ``spacy/`` folder: Argos' default sentence splitter (MiniSBD)
  downloads a model at run time, which this machine cannot;
* Argos passes no ``max_decoding_length`` to CTranslate2 (its default is 256),
  so its translator is wrapped to pass the same one as the other paths: the
  benchmark's models have random weights and decode to that length every time.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


class _SameLength:
    """A CTranslate2 translator that always decodes to the benchmark's length."""

    def __init__(self, translator: Any, max_decoding_length: int) -> None:
        self._translator = translator
        self._length = max_decoding_length

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["max_decoding_length"] = self._length
        return self._translator.translate_batch(*args, **kwargs)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as stream:
        units = json.load(stream)
    length = int(sys.argv[2])
    import ctranslate2
    from argostranslate import settings
    from argostranslate import translate as argos

    translation = argos.get_translation_from_codes("en", "ru")
    package_translation = getattr(translation, "underlying", translation)
    package = package_translation.pkg
    package_translation.translator = _SameLength(
        ctranslate2.Translator(
            str(package.package_path / "model"),
            device=settings.device,
            inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads,
            compute_type=settings.compute_type,
        ),
        length,
    )
    argos.translate("The first call loads the splitter.", "en", "ru")  # not timed
    start = time.perf_counter()
    for unit in units:
        argos.translate(unit, "en", "ru")
    seconds = time.perf_counter() - start
    json.dump({"units": len(units), "seconds": seconds}, sys.stdout)


if __name__ == "__main__":
    main()
