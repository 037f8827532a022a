"""A headline for an article that came without one, for an editor to accept or replace.

A headline an editor would sign is one complete clause in headline style: who, "says",
what ("Aliyev says Armenian forces' pullback has begun"), or the lead sentence's main
clause without its opening adverbial or dateline. It is never cut inside a clause and
never ends in an ellipsis: a shorter whole clause is chosen instead, and when none fits
the lead's own title stays. It remains flagged as generated (``title_generated``).
"""

from __future__ import annotations

import re

from briefings.analysis.statements import present_tense
from briefings.model import Statement
from briefings.sentences import split_sentences

MAX_HEADLINE_CHARS = 90


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Where a sentence may be cut and still leave a whole clause before the cut.
_CLAUSE_ENDS = re.compile(
    r",\s+(?:adding|saying|noting|while|as|but|and|which|who|after|before|amid|despite|"
    r"following|with|since|because|although|though|even|according)\b"
    r"|\s+(?:—|–|-)\s+|;\s+|,\s+(?=[a-z])"
    r"|\s+(?=(?:after|as|while|when|because|amid|following|despite|before|since|until|with)\s)"
    r"|\s+(?=(?:that|which|who|to)\s)"
)
# Weaker places to end, tried only when no clause end gives a headline that fits: before
# a quotation or a prepositional phrase ("accuses Azerbaijan of planning an offensive").
_PHRASE_ENDS = re.compile(
    r"\s+(?=[“\"«])|\s+(?=(?:against|over|in|on|for|from|during|near|at|into|across)\s)"
)
# An opening adverbial to drop: "On Tuesday, ...", "In a video message, ...", "Earlier, ...".
_OPENING = re.compile(
    r"^(?:(?:On|In|At|During|After|Before|Following|Earlier|Later|Meanwhile|However|"
    r"Separately|Last|This|Late|Early|Speaking|Under|Amid|Since|Despite|Also|Yet|Now|"
    r"Still|Overnight|Today|Yesterday|By|According\s+to)\b[^,]{0,80},\s+)+"
)
# A dateline left at the start: "YEREVAN, Sept 22 (Reuters) - ", "BAKU, Sept. 20. /TASS/. ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40},?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?)?\s*"
    r"(?:\([^)]{1,40}\)|/[^/]{1,40}/\.?)?\s*[-–—:]?\s+"
)
# "what he called": the speaker's label, not the headline's.
_SCARE = re.compile(r"\bwhat (?:he|she|it|they) (?:called|described as|termed)\s+")
# A clause does not end on these.
_DANGLING = _words(
    "of the a an to and or as what with by for from in on at that which who its his her "
    "their called described"
)
_ARTICLE_START = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_AUXILIARY = r"(?:has|have|had|is|are|was|were|will|would|can|could|must|should|may|might)"
# Ways to shorten a clause that keep it whole, tried in turn until it fits: scare
# phrases, time phrases, articles, then the place phrases before its verb.
_SHORTER = (
    (re.compile(r"\bwhat (?:he|she|it|they) (?:called|described as|termed)\s+"), ""),
    (re.compile(r"\s+(?:on|late on|early on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday"
                r"|Friday|Saturday|Sunday|week|month)(?:\s+(?:morning|afternoon|evening|night))?\b"),
     ""),
    (re.compile(r"\b(?:the|a|an)\s+(?=\w)"), ""),
    (re.compile(r"\s+(?:in|from|within|at|on|during|over|across|near|inside)\s+"
                rf"(?:[\w’'-]+\s+){{0,3}}?[\w’'-]+(?=\s+{_AUXILIARY}\b)"), ""),
)
# "X said (on Friday) (that) Y" at the head of a lead: the headline's "X says Y".
_REPORTED = re.compile(
    r"^(?P<who>[^,;:“”\"]{3,60}?)\s+(?:said|says|announced|stated|declared|stressed"
    r"|warned|claimed|insisted|asserted|argued|noted|added|confirmed|told\s+\w+|wrote)"
    r"(?:\s+(?:on|late on)\s+\w+)?(?:\s+that)?\s+(?P<what>[^“”\"].+)$"
)
_VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|must|should|may|might|did|does"
    r"|do|\w+ed|\w+s)\b"
)


def make_headline(paragraphs: list[str], statements: list[Statement]) -> str | None:
    """A headline for an untitled article, or ``None`` when no whole clause fits.

    :param paragraphs: the article body; the lead is its first paragraph.
    :param statements: the article's statements; the first one in the lead paragraph,
        when its speaker is known and its claim is reported speech, gives
        "<speaker> says <claim>".
    :return: one clause of at most :data:`MAX_HEADLINE_CHARS` characters, capitalised,
        without closing punctuation.
    """
    if not paragraphs:
        return None
    lead = [s for s in statements if s.paragraph == 0 and not s.unattributed]
    for statement in lead[:2]:
        if (said := _says(statement)) is not None:
            return said
    sentences = split_sentences(paragraphs[0])
    if sentences:
        return _main_clause(sentences[0])
    return None


def _says(statement: Statement) -> str | None:
    """"<who> says <claim>", from a statement in the lead."""
    who = _who(statement)
    claim = statement.text
    if statement.direct_quote:
        return None  # a quote is the speaker's wording, not a headline's
    claim = _ARTICLE_START.sub("", claim.strip()) if len(claim.split()) > 3 else claim
    claim = claim.rstrip(" .,;:")
    verb, _, rest = claim.partition(" ")
    if rest and (present := present_tense(verb)) and present != "says":
        # "accused Azerbaijan of ...": "<who> accuses Azerbaijan of ..."
        return _fitting(f"{who} {present} ", rest)
    return _fitting(f"{who} says ", claim)


def _fitting(prefix: str, clause: str) -> str | None:
    """``prefix + clause`` (or a shorter whole form of the clause) that fits, capitalised."""
    least_words = 2 if prefix else 3
    clause = _SCARE.sub("", clause)
    for ends in (_CLAUSE_ENDS, _PHRASE_ENDS):
        candidates = [c for c in _whole_clauses(clause, ends)
                      if _VERB_HINT.search(prefix + c) and len(c.split()) >= least_words
                      and c.split()[-1].lower() not in _DANGLING]
        # The whole clause as written first; shortened forms only when none fits.
        for shorter in (*candidates, *(f for c in candidates for f in _shortened(c)[1:])):
            if len(prefix) + len(shorter) <= MAX_HEADLINE_CHARS:
                return _capitalise(prefix + shorter)
    return None


def _shortened(clause: str) -> list[str]:
    """``clause`` and ever shorter forms of it that still read as the same clause."""
    forms = [clause]
    for pattern, replacement in _SHORTER:
        for _ in range(4):
            shorter = pattern.sub(replacement, forms[-1], count=1).strip()
            if shorter == forms[-1]:
                break
            forms.append(shorter)
    return forms


def _who(statement: Statement) -> str:
    """The speaker as a headline names them: a person by surname, a body by name."""
    name = statement.speaker
    sentence = statement.sentence
    if " " in name and not name[0].islower() and _looks_like_person(name, sentence):
        return name.split()[-1]
    return name


def _looks_like_person(name: str, sentence: str) -> bool:
    words = name.split()
    bodies = {"Government", "Ministry", "Council", "Kremlin", "authorities", "forces",
              "peacekeepers", "Union", "Office", "Department", "Army", "Forces"}
    return 2 <= len(words) <= 3 and not (set(words) & bodies) and all(w[0].isupper() for w in words)


def _main_clause(sentence: str) -> str | None:
    """The lead sentence's main clause, without dateline, opening adverbial or tail."""
    text = _DATELINE.sub("", sentence.strip())
    text = _OPENING.sub("", text).strip().rstrip(" .!?;:")
    if reported := _REPORTED.match(text):
        who = reported["who"]
        who = who[0].lower() + who[1:] if who.split()[0] in ("The", "A", "An") else who
        what = _ARTICLE_START.sub("", reported["what"])
        if said := _fitting(f"{_ARTICLE_START.sub('', who)} says ", what):
            return said
    return _fitting("", text)


def _whole_clauses(text: str, ends: re.Pattern[str] = _CLAUSE_ENDS) -> list[str]:
    """``text`` and each shorter prefix of it that ends where ``ends`` finds an end,
    longest first."""
    cuts = [m.start() for m in ends.finditer(text)]
    candidates = [text] + [text[:cut].rstrip(" ,;") for cut in reversed(cuts)]
    return [c for c in candidates if c and _balanced(c)]


def _balanced(text: str) -> bool:
    """No quotation or bracket left open: a headline must not end inside one."""
    pairs = (("“", "”"), ("(", ")"), ("«", "»"))  # "’" is an apostrophe too
    return all(text.count(a) == text.count(b) for a, b in pairs) and text.count('"') % 2 == 0


def _capitalise(text: str) -> str:
    text = text.rstrip(" ,;:.")
    return text[:1].upper() + text[1:]
