"""Who said what: statements found in an article's paragraphs, each tied to its speaker.

Rule-based on purpose. News copy frames reported speech in a handful of ways
("X said that ...", "“...,” X said", "said X", "X said: “...”", "according to X, ...",
"..., adding that ...") and a rule keeps every statement traceable to the words that
produced it, where a model would need weights we cannot ship. Speakers are normalised
through the glossary, so "Aliyev", "Azeri President Ilham Aliyev" and "the Azerbaijani
president" all become "Ilham Aliyev"; "he", "it" and "the president" point back to an
earlier speaker. A sentence with no reporting frame yields nothing: a missed statement
can be added by an editor, an invented one misquotes someone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.glossary import Glossary, Term
from briefings.model import UNATTRIBUTED, Statement
from briefings.sentences import split_sentences


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that frame reported speech in news copy, as base forms; _inflect() makes the
# tenses, so adding a verb is adding one word. Kept general, not tuned to any article.
REPORTING_VERBS = _words(
    "accuse acknowledge add admit affirm allege announce appreciate argue assert assure "
    "believe call caution claim comment complain concede condemn confirm consider criticise "
    "criticize declare demand deny describe emphasise emphasize expect explain highlight hope "
    "insist maintain mention note observe outline pledge predict promise reaffirm recall "
    "reiterate remark reply report reveal say state stress suggest tell think threaten "
    "underline underscore urge vow warn write"
)
_IRREGULAR = {  # -s, -ed, -ing
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"), "write": ("writes", "wrote", "writing"),
    "admit": ("admits", "admitted", "admitting"),
}
# Verbs whose object is the claim itself, so "said he hoped ..." reads as "he hoped ...";
# the rest keep the verb ("urged Baku to ...") because their object alone says little.
_CLAUSE_VERBS = _words("say tell add write think believe report state")
# These take a clause too, unless a preposition follows ("insisted on", "replied to").
_CLAUSE_VERBS_UNLESS_PREP = _words("argue assert claim insist maintain allege reply")
_PREPOSITIONS = _words("on for to in at with about of against upon over from")

# Subjects that name nobody: "Observers note ...", "Critics say ...", "Sources said ...".
ANONYMOUS = _words(
    "observers critics analysts experts commentators sources insiders diplomats officials "
    "witnesses residents reports some many others"
)
# Role nouns that refer back to a speaker ("the president stressed") and what kind they are.
ROLE_KINDS = {
    **dict.fromkeys(_words(
        "president minister premier leader spokesman spokeswoman spokesperson adviser "
        "advisor aide envoy ambassador chancellor secretary chief commander official"
    ), "person"),
    **dict.fromkeys(_words(
        "ministry government administration leadership office agency army military "
        "parliament committee council service department"
    ), "body"),
}
_PERSON, _NOT_PERSON = frozenset({"person"}), frozenset({"body", "place"})
_PRONOUN_KINDS = {"he": _PERSON, "she": _PERSON, "it": _NOT_PERSON, "they": None}
# Titles dropped from a name the glossary does not know: "Defence Minister Jane Doe" -> "Jane Doe".
TITLES = _words(
    "President Vice Prime Minister Deputy Secretary Foreign Defence Defense Interior State "
    "Spokesman Spokeswoman Spokesperson Chancellor Ambassador Envoy Senator Governor Mayor "
    "Chief General Gen Colonel Col Lt Major Commissioner Chairman Chairwoman Speaker "
    "Adviser Advisor Mr Mrs Ms Dr Sir King Queen Pope"
)
_BODY_WORDS = _words(
    "Ministry Department Office Council Commission Committee Agency Service Government "
    "Parliament Army Forces Party Union Court Bank News Times Press Post"
)
# Capitalised only because they open a sentence or a clause.
_OPENERS = _words(
    "A An The In On At Under After Before During For From With However Meanwhile But And "
    "Then Also Earlier Later Separately Speaking Both This That These Those There Here Its "
    "His Her Their Our We I You"
)

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = rf"(?:(?:on|late|early|earlier|later|last|this)\s+)*(?:{_WEEKDAY}|today|yesterday)"
_TIME += r"(?:\s+(?:morning|afternoon|evening|night))?"
# Words between a speaker and the verb: "X also said", "X has maintained", "X on Monday said".
_TAIL = re.compile(
    r"(?:\s+(?:also|again|further|repeatedly|previously|earlier|later|then|publicly|already"
    rf"|separately|reportedly|once|has|have|had|would|will|{_TIME}))+\s*$"
)
# An apposition before the verb: "Charles Michel, president of the EU's Council, urged".
_APPOSITION = re.compile(r",\s+(?:[a-z]|\d)[^,]*,\s*$")
_NEGATED = re.compile(r"\b(?:not|never|n't|to)\s+(?:\w+ly\s+)?$")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
_IT_PASSIVE = re.compile(r"\b[Ii]t\s+(?:is|was|has been|had been)\s+(?:\w+ly\s+)?$")
_RELATIVE = re.compile(r"\b(?:what|which)(?:\s+[\w’'-]+){0,4}\s*$")
# What may open a second clause with its own speaker: "..., but the Kremlin considered".
_SEPARATOR = re.compile(r"(?:[,;]\s*(?:(?:but|while|whereas|and|as|though|although)\s+)?"
                        r"|\b(?:but|while|whereas)\s+)$")
_CONTINUATION = re.compile(r"[\s,;]*(?:\b(?:and|but)\b)?[\s,;]*$")
_TOKEN = r"[A-Z][\w’'.&-]*"
_CAPITALISED = re.compile(rf"(?:{_TOKEN}\s+(?:(?:of|for|the|de|al|von|van)\s+)*)*{_TOKEN}$")
_LEADING_TIME = re.compile(rf"^\s*,?\s*{_TIME}\s*,?")
# Where or how it was said, between the verb and the claim: "said in a statement (that)",
# "said in an address to the nation", "told reporters in Washington".
_SETTING_NOUNS = (r"(?:statement|interview|speech|address|briefing|conference|post|message"
                  r"|letter|video|call|meeting|session|broadcast|remarks|communiqu[eé]|release)s?")
_SETTING = re.compile(
    r"(?:\s*,?\s*(?:(?:in|at|during|on|via|through|after|with)\s+(?:a|an|the|his|her|its|their)"
    rf"\s+(?:[\w’'-]+\s+){{0,3}}?{_SETTING_NOUNS}(?:\s+(?:to|with|on|in|at)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|nation|reporters|journalists|parliament))?"
    r"|(?:in|at)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\b\s*,?)+"
)
_THAT = re.compile(r"\s*,?\s*that\b")
_TOLD_OBJECT = re.compile(
    r"\s*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|\w+)"
)
# Quoted words: curly and straight double quotes, curly singles, and straight singles that
# open at a word start ("'Karabakh operation'") so apostrophes are not taken for quotes.
_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']+'(?!\w)")


def _inflect(word: str) -> dict[str, str]:
    """Each written form of the verb ``word`` mapped to its tense: "base", "s", "ed" or "ing"."""
    if word in _IRREGULAR:
        s, ed, ing = _IRREGULAR[word]
    else:
        consonant_y = word.endswith("y") and word[-2] not in "aeiou"
        s = word[:-1] + "ies" if consonant_y else word + (
            "es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s")
        ed = word[:-1] + "ied" if consonant_y else word + ("d" if word.endswith("e") else "ed")
        ing = (word[:-1] if word.endswith("e") else word) + "ing"
    return {word: "base", s: "s", ed: "ed", ing: "ing"}


_TENSES = {form: (tense, base) for base in REPORTING_VERBS
           for form, tense in _inflect(base).items()}
_VERB = re.compile(r"(?<![\w’'-])(?:[Aa]ccording to|"
                   + "|".join(sorted(map(re.escape, _TENSES), key=len, reverse=True))
                   + r")(?![\w’'-])")


@dataclass(frozen=True)
class _Speaker:
    name: str
    term: Term | None = None
    forms: tuple[str, ...] = ()  # how the text named it, to match "the president" against
    kind: str | None = None  # "person", "body" or "place"


_NOBODY = _Speaker(UNATTRIBUTED)


class _History:
    """The speakers met so far, for "he", "it" and "the president" to point back to."""

    def __init__(self) -> None:
        self.speakers: list[_Speaker] = []

    def last(self, kinds: frozenset[str] | None) -> _Speaker | None:
        return next((s for s in reversed(self.speakers) if kinds is None or s.kind in kinds), None)

    def by_role(self, role: str, modifiers: list[str], kind: str) -> _Speaker | None:
        def named(s: _Speaker, word: str) -> bool:
            return any(re.search(rf"\b{re.escape(word)}\b", f, re.I) for f in s.forms)

        recent = list(reversed(self.speakers))
        if modifiers:  # "the Russian leader": the latest speaker called Russian, of that kind
            return next((s for s in recent if all(named(s, m) for m in modifiers)
                         and (named(s, role) or s.kind == kind)), None)
        return next((s for s in recent if named(s, role)), None) or self.last(frozenset({kind}))


def _strip_tail(head: str, apposition: bool = True) -> str:
    """``head`` without the adverbs, auxiliaries (and apposition) between speaker and verb."""
    while True:
        stripped = _TAIL.sub("", head.rstrip()).rstrip()
        if apposition:
            stripped = _APPOSITION.sub("", stripped).rstrip()
        if stripped == head:
            return head
        head = stripped


def _unknown_speaker(phrase: str, history: _History) -> _Speaker:
    """A speaker the glossary lacks, named without title: "Defence Minister Jane Doe" -> "Jane Doe".

    Its kind is a guess, for pronouns to follow: a titled or multi-word name is a person;
    one word ("Reuters"), an acronym or a "Ministry" is a body, unless it is the surname of
    an earlier speaker ("Borrell" after "Josep Borrell"), who it then is.
    """
    tokens = phrase.split()
    titled = [i for i, t in enumerate(tokens) if t.rstrip(".") in TITLES]
    kind = "person"
    if titled and titled[-1] < len(tokens) - 1 and tokens[-1] not in _BODY_WORDS:
        tokens = tokens[titled[-1] + 1:]
        while len(tokens) > 2 and tokens[0] in ("of", "for"):  # "Secretary of State A. B."
            tokens = tokens[2:]
    elif len(tokens) == 1 or any(t in _BODY_WORDS or t.isupper() for t in tokens):
        kind = "body"
    name = " ".join(tokens)
    earlier = (s for s in reversed(history.speakers)
               if s.kind == "person" and s.term is None and s.name.endswith(f" {name}"))
    return next(earlier, None) or _Speaker(name, None, (phrase,), kind)


def _subject(head: str, glossary: Glossary, history: _History) -> tuple[_Speaker, int] | None:
    """The speaker named at the very end of ``head`` and where that name starts."""
    head = head.rstrip()
    named = re.search(r"\b(\w+),\s+((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*),$", head)
    if named and named.group(1).lower() in ROLE_KINDS:  # "A Kremlin spokesman, Dmitry Peskov,"
        head = head[:named.end(2)]
    matches = glossary.find(head)
    if matches and matches[-1].end == len(head):
        m = matches[-1]
        start = m.start - (4 if head[:m.start].endswith(("the ", "The ")) else 0)
        return _Speaker(m.term.name, m.term, m.term.surface_forms, m.term.type), start
    word_match = re.search(r"[A-Za-z][\w’'-]*$", head)
    if not word_match:
        return None
    word, start = word_match.group(0).lower(), word_match.start()
    if word in _PRONOUN_KINDS:
        found = history.last(_PRONOUN_KINDS[word])
        return (found, start) if found else None
    if word == "who":  # "Pashinyan, who ..., said": the name before the comma
        antecedent = re.search(r",\s*who$", head)
        return _subject(head[:antecedent.start()], glossary, history) if antecedent else None
    if word in ANONYMOUS:
        extended = re.search(r"(?:\b[\w’'-]+\s+){0,2}[\w’'-]+$", head)
        return _NOBODY, extended.start() if extended else start
    role = re.search(r"\b(?:the|The)\s+((?:[\w’'-]+\s+){0,3})[\w’'-]+$", head)
    # "the minister", "The President": an earlier speaker; "The State Department": a name.
    if word in ROLE_KINDS and role and (word_match.group(0).islower() or not role.group(1)):
        found = history.by_role(word, role.group(1).split(), ROLE_KINDS[word])
        return (found, role.start()) if found else None
    run = _CAPITALISED.search(head)
    if not run:
        return None
    tokens = run.group(0).split()
    while tokens and (tokens[0] in _OPENERS or tokens[0].islower()):
        tokens.pop(0)
    if not tokens or tokens[-1].endswith(("'s", "’s")) or tokens[-1].lower() in _PRONOUN_KINDS:
        return None
    phrase = " ".join(tokens)
    return _unknown_speaker(phrase, history), len(head) - len(phrase)


def _leading_speaker(text: str, glossary: Glossary, history: _History) -> _Speaker | None:
    """The speaker named by the whole of ``text`` ("the president", "Reuters", "Jane Doe")."""
    text = re.sub(r"^(?:a|an|the)\s+(?:statement|report|spokes\w+)\s+(?:by|from|for)\s+", "",
                  text.strip(" .,;"))
    found = _subject(text, glossary, history)
    return found[0] if found and found[1] == 0 else None


@dataclass
class _Frame:
    """One reporting frame in a sentence: who, and where the claim lies."""

    speaker: _Speaker
    boundary: int  # where this clause begins; the previous frame's claim ends here
    claim_start: int  # the claim follows here, up to the next frame's boundary ...
    verb: str = ""
    base: str = ""
    fixed: str | None = None  # ... unless it is already known (quote-first, "according to")
    fallback: str | None = None  # the clause before the speaker, when nothing follows the verb


def _frames(sentence: str, glossary: Glossary, history: _History) -> list[_Frame]:
    quotes = [m.span() for m in _QUOTE.finditer(sentence)]
    frames: list[_Frame] = []
    for m in _VERB.finditer(sentence):
        if any(a < m.start() < b for a, b in quotes):
            continue  # a verb inside a quote belongs to the quoted speaker's own sentence
        head, verb = sentence[:m.start()], m.group(0)
        if verb.lower() == "according to":
            frames += _seen(_according_to(sentence, m, glossary, history), history)
            continue
        tense, base = _TENSES[verb]
        if _NEGATED.search(head) or _RELATIVE.search(head):
            continue
        if _PASSIVE.search(head):
            it = _IT_PASSIVE.search(head)  # "It is believed that ...": nobody is named
            if it and not frames and _THAT.match(sentence[m.end():]):
                frames.append(_Frame(_NOBODY, it.start(), m.end(), verb, base))
            continue
        near = _strip_tail(head, apposition=False)
        joined = re.search(r",\s*$" if tense == "ing" else r"\b(?:and|but)\s*$", near)
        if frames and joined:  # "..., adding that ..." / "... and said ...": same speaker
            boundary = len(_CONTINUATION.sub("", near))
            frames.append(_Frame(frames[-1].speaker, boundary, m.end(), verb, base))
            continue
        if tense == "ing":
            continue
        tail = _strip_tail(head)
        found = _subject(tail, glossary, history)
        if found is None:
            if not frames and re.search(r"[,”\"’]\s*$", head):  # inverted: "..., said X."
                frames += _seen(_inverted(sentence, m, quotes, glossary, history), history)
            continue
        speaker, start = found
        before = sentence[:start]
        plural = speaker is _NOBODY or tail.lower().endswith(("s", "they"))
        if (tense == "base" and not plural) or re.search(r"\b(?:a|an|A|An)\s+$", before):
            continue
        separator = _SEPARATOR.search(before)
        if frames and not separator:
            continue  # "... said that he expected ...": part of the claim, not a new one
        frame = _Frame(speaker, separator.start() if frames and separator else start,
                       m.end(), verb, base)
        if not frames:
            frame.fixed = _preceding_quote(before, quotes)
            frame.fallback = _preceding_clause(before)
        frames += _seen(frame, history)
    return frames


def _seen(frame: _Frame | None, history: _History) -> list[_Frame]:
    """``frame`` as a list, its speaker now the latest for "he" and "the minister"."""
    if frame is None:
        return []
    if frame.speaker is not _NOBODY:
        history.speakers.append(frame.speaker)
    return [frame]


def _according_to(sentence: str, m: re.Match[str], glossary: Glossary,
                  history: _History) -> _Frame | None:
    who = re.match(r"\s*([^,;:]+?)\s*(?:[,;:]|\.?$)", sentence[m.end():])
    speaker = _leading_speaker(who.group(1), glossary, history) if who else None
    if who is None or speaker is None:
        return None
    claim_start = m.end() + who.end()
    frame = _Frame(speaker, m.start(), claim_start)
    if not sentence[claim_start:].strip(" ."):  # "..., according to X."
        frame.fixed = sentence[:m.start()].rstrip(" ,")
    return frame


def _inverted(sentence: str, m: re.Match[str], quotes: list[tuple[int, int]],
              glossary: Glossary, history: _History) -> _Frame | None:
    """``“We will not retreat,” said Jane Doe.``: the speaker follows the verb."""
    name = re.match(r"\s*([^,;.]+(?:\.(?=\w)[^,;.]*)*)", sentence[m.end():])
    speaker = _leading_speaker(name.group(1), glossary, history) if name else None
    before = sentence[:m.start()]
    claim = _preceding_quote(before, quotes) or _preceding_clause(before)
    if name is None or speaker is None or claim is None:
        return None
    return _Frame(speaker, 0, m.end() + name.end(), m.group(0), _TENSES[m.group(0)][1], claim)


def _preceding_quote(before: str, quotes: list[tuple[int, int]]) -> str | None:
    """The quote just before a speaker: ``“...,” X said``."""
    end = len(before.rstrip(" ,"))
    return next((before[a:b] for a, b in quotes if b == end), None)


def _preceding_clause(before: str) -> str | None:
    """The clause just before a speaker: ``The truce is holding, X said.``."""
    clause = before.rstrip()
    return clause.rstrip(" ,") if clause.endswith(",") and len(clause.split()) >= 3 else None


def _claim_after(rest: str, verb: str, base: str) -> str | None:
    """The claim after a reporting verb; ``None`` when only a setting follows."""
    rest = _LEADING_TIME.sub("", rest)
    if base == "tell":  # "told reporters (on Monday) that ...": skip whom it was told
        told = re.match(r"[^,;“”\"]{0,60}?\bthat\b", rest)
        rest = rest[told.end():] if told else _LEADING_TIME.sub("", _TOLD_OBJECT.sub("", rest, 1))
    if setting := _SETTING.match(rest):
        rest = _LEADING_TIME.sub("", rest[setting.end():])
    if colon := re.match(r"\s*:\s*", rest):
        return rest[colon.end():]
    if that := _THAT.match(rest):
        return rest[that.end():]
    rest = rest.lstrip(" ,")
    if not rest.strip(" .;"):
        return None  # "said in an address to the nation.": the claim is elsewhere
    first = rest.split(maxsplit=1)[0].lower()
    if base in _CLAUSE_VERBS or (base in _CLAUSE_VERBS_UNLESS_PREP and first not in _PREPOSITIONS):
        return rest
    return f"{verb} {rest}"


def _clean(text: str) -> tuple[str, bool]:
    """The claim's text and whether it holds quoted words; a whole quote loses its marks."""
    text = text.strip().lstrip(",;: ").rstrip(",;: ")
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.)+$", text):
        text = text[:-1].rstrip()
    spans = [m.span() for m in _QUOTE.finditer(text)]
    if len(spans) == 1 and spans[0] == (0, len(text)):
        inner = text[1:-1].strip().rstrip(",;: ")
        return (inner[:-1] if inner.endswith(".") else inner), True
    return text, bool(spans)


def extract_statements(paragraphs: list[str], glossary: Glossary) -> list[Statement]:
    """Every statement in ``paragraphs``, in text order, with its speaker resolved.

    :param paragraphs: the article body, one string per paragraph.
    :param glossary: canonical names; a speaker it knows is reported under its name and
        affiliation, "he", "it" and role nouns point back to earlier speakers.
    :return: statements whose ``paragraph`` indexes into ``paragraphs``.
    """
    history = _History()
    statements: list[Statement] = []
    for index, paragraph in enumerate(paragraphs):
        for sentence in split_sentences(paragraph):
            frames = _frames(sentence, glossary, history)
            for i, frame in enumerate(frames):
                claim = frame.fixed
                if claim is None:
                    end = frames[i + 1].boundary if i + 1 < len(frames) else len(sentence)
                    rest = sentence[frame.claim_start:end]
                    claim = _claim_after(rest, frame.verb, frame.base) if frame.verb else rest
                    claim = frame.fallback if claim is None else claim
                if not claim:
                    continue
                text, direct = _clean(claim)
                if text:
                    term = frame.speaker.term
                    statements.append(Statement(
                        speaker=frame.speaker.name, text=text, direct_quote=direct,
                        paragraph=index, sentence=sentence,
                        affiliation=term.affiliation if term else None,
                    ))
    return statements
