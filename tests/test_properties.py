"""Property-based tests: whatever editors, translators and runs do, no translator's work is lost.

A Hypothesis state machine plays random sequences of three kinds of step on one
article and its Russian catalog:

* an editor adds, removes or rewrites a sentence of the article (a small edit,
  which makes the old translation a fuzzy candidate, or a new sentence);
* a translator approves a translation (writes ``msgstr``, deletes ``fuzzy``) or
  changes one already approved;
* a run merges the catalog with the article and drafts what is pending.

After every step the catalog parses (and, on a sample of steps, passes
``msgfmt -c``); a reviewed translation of a unit whose English never changed is
still there, reviewed; and every string a translator wrote is still in the file,
live, or obsolete (``#~``), or as the fuzzy starting point of an edited sentence,
unless the translator replaced it themselves.

The fast machine drafts with a deterministic fake (only for speed); the slow one
runs the real pipeline, :func:`~briefings.run.update_catalogs`,
with a tiny CTranslate2 model.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from test_units import SOURCE, line_of, make_briefing

from briefings.collection import collect
from briefings.project import load_project
from briefings.run import update_catalogs
from briefings.translation.catalogs import Draft, apply_drafts, merge_catalog, pending_units
from briefings.translation.pofile import read_catalog, write_catalog
from briefings.translation.units import briefing_units

MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"

SENTENCES = [
    "Talks between the two delegations resumed in Brussels on Monday.",
    "The foreign minister said the meeting had been useful.",
    "Officials confirmed that the border crossing would reopen next week.",
    "Thousands of residents left the region over the weekend.",
    "The United Nations called for humanitarian access to the area.",
    "Prices rose by five percent in August, the statistics office said.",
    "Observers expect a draft treaty to be ready in the spring.",
    "The president met the visiting delegation in the capital.",
    "Police said nobody was hurt in the incident on Tuesday.",
    "The ministry has denied the report and called it false.",
    "A ceasefire has largely held since the start of September.",
    "Both sides agreed to meet again before the end of the year.",
]
# Swapping one of these words keeps a sentence close enough (like GNU msgmerge's
# fuzzy matching) for its old translation to be offered for the new one.
SWAPS = {
    "Monday": "Tuesday", "Tuesday": "Wednesday", "useful": "productive", "next": "this",
    "weekend": "holidays", "August": "July", "spring": "summer", "capital": "city",
    "false": "untrue", "September": "October", "year": "month", "region": "province",
}


def small_edit(sentence: str, choice: int) -> str:
    words = [w for w in SWAPS if w in sentence]
    if not words:
        return sentence.replace(".", " again.", 1)
    word = words[choice % len(words)]
    return sentence.replace(word, SWAPS[word], 1)


def fake_draft(msgid: str) -> Draft:
    """A deterministic machine draft; one in five has a problem and is left to a person."""
    code = zlib.crc32(msgid.encode())
    if code % 5 == 0:
        return Draft(f"черновик {code}", "fake 1.0", problem="number 5 missing from translation")
    return Draft(f"черновик {code}", "fake 1.0")


class Catalogs(RuleBasedStateMachine):
    """One article, one catalog; see the module notes. Subclasses say how a run drafts."""

    check_msgfmt_every = 4

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="briefings-properties-"))
        self.sentences: list[str] = []
        self.steps = 0
        self.written = 0  # translator strings made so far, to keep each one unique
        self.runs = 0
        # What the translator's current work is: string -> the English it translates.
        self.translator: dict[str, str] = {}
        # Reviewed translations whose English has been in the article at every run since.
        self.unchanged: dict[str, str] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- the article and the run; subclasses can run the real pipeline --------------------

    @property
    def path(self) -> Path:
        return self.folder / "talks.po"

    def units(self) -> list[str]:
        return [u.msgid for u in briefing_units(self.briefing(), SOURCE, line_of)]

    def briefing(self):  # -> Briefing
        return make_briefing(list(self.sentences) or ["Nothing was said."], key_points=[])

    def run_pipeline(self) -> None:
        existing = read_catalog(self.path, "ru") if self.path.exists() else None
        units = briefing_units(self.briefing(), SOURCE, line_of)
        catalog = merge_catalog(units, existing, "ru", "talks")
        apply_drafts(catalog, {key: fake_draft(key[0]) for key in pending_units(catalog)})
        write_catalog(catalog, self.path)

    # -- steps ----------------------------------------------------------------------------

    @initialize(sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5,
                                   unique=True))
    def start(self, sentences: list[str]) -> None:
        self.sentences = sentences
        self.run()

    @rule(sentence=st.sampled_from(SENTENCES), at=st.integers(0, 10))
    def add_sentence(self, sentence: str, at: int) -> None:
        self.sentences.insert(at % (len(self.sentences) + 1), sentence)

    @precondition(lambda self: len(self.sentences) > 1)
    @rule(at=st.integers(0, 10))
    def remove_sentence(self, at: int) -> None:
        del self.sentences[at % len(self.sentences)]

    @precondition(lambda self: self.sentences)
    @rule(at=st.integers(0, 10), choice=st.integers(0, 3), new=st.sampled_from(SENTENCES))
    def change_sentence(self, at: int, choice: int, new: str) -> None:
        i = at % len(self.sentences)
        self.sentences[i] = small_edit(self.sentences[i], choice) if choice < 3 else new

    @rule()
    def run(self) -> None:
        self.run_pipeline()
        self.runs += 1
        units = set(self.units())
        self.unchanged = {msgid: s for msgid, s in self.unchanged.items() if msgid in units}

    @precondition(lambda self: self.path.exists())
    @rule(pick=st.integers(0, 50), reviewed_only=st.booleans())
    def translator_writes(self, pick: int, reviewed_only: bool) -> None:
        """Approve a translation, or (``reviewed_only``) change one already approved."""
        catalog = read_catalog(self.path, "ru")
        live = [m for m in catalog if m.id]
        if reviewed_only:
            live = [m for m in live if m.string and not m.fuzzy]
        if not live:
            return
        message = live[pick % len(live)]
        self.written += 1
        message.string = f"Перевод {self.written}: {message.id[:20]}"
        message.flags.discard("fuzzy")
        message.previous_id = []
        write_catalog(catalog, self.path)
        self.unchanged[message.id] = message.string
        # Only what the translator replaced may go; everything else must stay.
        present = self._strings()
        self.translator = {s: e for s, e in self.translator.items() if s in present}
        self.translator[message.string] = message.id

    # -- what must hold after every step --------------------------------------------------

    def _strings(self) -> set[str]:
        catalog = read_catalog(self.path, "ru")
        return {m.string for m in [*catalog, *catalog.obsolete.values()] if m.string}

    @invariant()
    def catalog_parses(self) -> None:
        self.steps += 1
        if not self.path.exists():
            return
        read_catalog(self.path, "ru")
        if self.steps % self.check_msgfmt_every == 0:
            result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(self.path)],
                                    capture_output=True, text=True, check=False)
            assert result.returncode == 0, result.stderr

    @invariant()
    def reviewed_translations_of_unchanged_units_stay(self) -> None:
        if not self.path.exists():
            return
        catalog = read_catalog(self.path, "ru")
        for msgid, string in self.unchanged.items():
            message = catalog.get(msgid)
            assert message is not None, f"reviewed unit {msgid!r} is gone"
            assert message.string == string and not message.fuzzy, msgid

    @invariant()
    def every_translator_string_is_still_there(self) -> None:
        if not self.path.exists():
            return
        missing = set(self.translator) - self._strings()
        assert not missing, f"lost: {missing}"


class FakeDrafts(Catalogs):
    pass


FakeDrafts.TestCase.settings = settings(
    max_examples=60, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_runs_never_lose_a_translators_work = FakeDrafts.TestCase


class RealPipeline(Catalogs):
    """The same steps, with the article as a file and runs made by update_catalogs.

    The article is parsed as any source would be, so its units also hold the
    key points and statements the analysis finds; the drafts are a tiny
    CTranslate2 model's.
    """

    model: Path  # set by the test below
    check_msgfmt_every = 3

    def __init__(self) -> None:
        super().__init__()
        (self.folder / "content").mkdir()
        (self.folder / "mkdocs.yml").write_text(
            "site_name: T\n"
            "extra:\n"
            "  briefings:\n"
            "    languages: [ru]\n"
            "    beam_size: 1\n"
            "    threads: 1\n"
            "    max_decoding_length: 8\n"
            "    engines:\n"
            f"      ru: {{engine: ctranslate2, model: {self.model}, "
            "source_token: eng_Latn, target_token: rus_Cyrl}\n",
            "utf-8",
        )
        self.project = load_project(self.folder)

    @property
    def path(self) -> Path:
        return self.project.catalog_path("ru", "talks")

    def write_source(self) -> None:
        body = "\n\n".join(self.sentences)
        (self.folder / "content" / "talks.txt").write_text(
            f"Armenia and Azerbaijan resume talks\n\n{body}\n", "utf-8"
        )

    def units(self) -> list[str]:
        self.write_source()
        from briefings.translation.units import catalog_units

        [briefing] = collect(self.project).briefings
        return [unit.msgid for unit in catalog_units(briefing)]

    def run_pipeline(self) -> None:
        self.write_source()
        collection = collect(self.project)
        assert not collection.problems, collection.problems
        [report] = update_catalogs(self.project, collection)
        assert report.unavailable is None and not report.problems


RealPipeline.TestCase.settings = settings(
    max_examples=8, stateful_step_count=10, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.slow
def test_runs_with_the_real_engine_never_lose_a_translators_work(tiny_nllb_folder: Path) -> None:
    RealPipeline.model = tiny_nllb_folder
    RealPipeline.TestCase().runTest()
