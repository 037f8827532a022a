"""A coverage-guided fuzz target for the article parser, for long runs outside CI.

    pip install atheris
    python tests/fuzz/fuzz_sources.py -max_total_time=3600 corpus/

Anything but :class:`~briefings.errors.BriefingsError` escaping the parser is a
crash atheris reports and saves. The Hypothesis tests in tests/test_fuzz.py
check the same promise on every CI run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefings.errors import BriefingsError
from briefings.sources.article import parse_article
from briefings.sources.decode import decode_source

NAMES = (Path("content/a.txt"), Path("content/a.md"))


def one_input(data: bytes) -> None:
    if not data:
        return
    path = NAMES[data[0] % 2]
    try:
        parse_article(decode_source(data[1:], path), path)
    except BriefingsError as error:
        if "\n" in str(error):
            raise AssertionError(f"a message on more than one line: {error!r}") from None


def main() -> None:
    import atheris  # not a dependency: installed only by whoever fuzzes

    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
