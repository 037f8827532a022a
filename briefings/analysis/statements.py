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

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefings.analysis.entities import BODY_WORDS
from briefings.glossary import Glossary, Term
from briefings.model import UNATTRIBUTED, Statement
from briefings.sentences import split_sentences


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that frame reported speech in news copy, as base forms; _inflect() makes the
# tenses, so adding a verb is adding one word. Kept general, not tuned to any article.
REPORTING_VERBS = _words(
    "accuse acknowledge add admit affirm allege announce appeal appreciate argue ask assert "
    "assure believe blame call caution claim clarify comment complain concede condemn "
    "confirm consider contend continue criticise criticize declare demand deny describe "
    "emphasise emphasize estimate explain highlight hope indicate inform insist maintain "
    "mention note observe outline pledge predict promise reaffirm recall reiterate remark "
    "reply report respond reveal say signal specify state stress suggest tell think "
    "threaten tweet underline underscore urge vow warn write read find"
)
_IRREGULAR = {  # -s, -ed, -ing
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"), "write": ("writes", "wrote", "writing"),
    "admit": ("admits", "admitted", "admitting"), "read": ("reads", "read", "reading"),
    "find": ("finds", "found", "finding"),
}
# What only a document does: "the statement reads", "the survey found that ...".
_DOCUMENT_VERBS = _words("read find")
# What a mind does, not a document: "the statement believes" is no frame.
_MIND_VERBS = _words("think believe hope consider predict")
# Verbs whose object is the claim itself, so "said he hoped ..." reads as "he hoped ...";
# the rest keep the verb ("urged Baku to ...") because their object alone says little.
_CLAUSE_VERBS = _words("say tell inform add write think believe report state tweet")
# These take a clause too, unless a preposition follows ("insisted on", "replied to").
_CLAUSE_VERBS_UNLESS_PREP = _words(
    "argue assert claim insist maintain allege reply respond contend clarify specify")
# Verbs whose first object is whom it was said to: "told reporters", "informed Baku".
_TOLD_VERBS = _words("tell inform assure")
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
        "advisor aide envoy ambassador chancellor secretary chief commander official "
        "ombudsman ombudsperson diplomat chairman chairwoman governor mayor"
    ), "person"),
    **dict.fromkeys(_words(
        "ministry government administration leadership office agency army military "
        "parliament committee council service department company organisation organization "
        "court commission delegation mission union party group embassy consulate firm operator "
        "airline bank producer carrier manufacturer supplier utility"
    ), "body"),
}
# What a body issues, standing for the body: "the statement added", "the ministry's
# statement said"; they point back to the latest speaker that is not a person.
DOCUMENT_NOUNS = _words(
    "statement communique communiqué release readout announcement declaration letter survey "
    "study poll"
)
_DOCUMENT_SUBJECT = re.compile(
    r"\b(?:statement|communiqu[eé]|release|readout|announcement|declaration|letter|survey|study"
    r"|poll|text|document|decree|resolution|report)s?(?:\s+(?:of|by|from)\s+(?:\d,\d|[^,;]){1,60})?"
    r"\s*$",
    re.IGNORECASE)
# Outlets that relay what others say: "he told Reuters" credits him, and "TASS quoted
# Peskov as saying" credits Peskov. They speak for themselves only when they report.
OUTLETS = _words(
    "Reuters AFP AP TASS Interfax RIA Novosti Sputnik Anadolu APA Trend Armenpress "
    "Mediamax Turan News.am Azatutyun RFE/RL BBC CNN Bloomberg Xinhua Report.az Azertac "
    "AZERTAC Haqqin.az Hetq CivilNet EVN Report Azernews News.az Oxu.az JAMnews Eurasianet "
    "Caliber APA Xinhua Kommersant Izvestia RBC"
)
_RELAYING = _words("tell inform")
_PERSON, _NOT_PERSON = frozenset({"person"}), frozenset({"body", "place"})
_PRONOUN_KINDS = {"he": _PERSON, "she": _PERSON, "it": _NOT_PERSON, "they": None,
                  "him": _PERSON, "her": _PERSON, "them": None}
# A name never opens with these: prepositions, conjunctions, and time words ("Following
# the talks, ..." gives no speaker "Following"; "Sept. 20" is no one).
_NOT_A_NAME = _words(
    "following after before during amid despite since until upon via per according "
    "regarding concerning including given speaking asked meanwhile however while if when "
    "as because although though unlike like besides beyond near toward towards across "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday today yesterday tomorrow tonight "
    "thousands hundreds dozens millions many some several most few"
)
# Words that open a line of furniture ("Watch: ...", "Read more"), but may end a name
# ("Human Rights Watch").
_NOT_A_NAME_FIRST = _words("see read watch listen")
# A sentence ends like one; a line that does not is a headline, teaser or caption,
# whose "X says ..." is no statement of the body.
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…][”\"’'»)\]]*\s*$")
# Verbs whose claim keeps the verb ("urged Baku to ...", "accused Yerevan of ...");
# the others need a clause ("announced that ..."): "announced a ceasefire" is an act.
_ACT_OF_SPEECH = _words(
    "urge call accuse warn demand pledge promise vow threaten caution appeal describe blame "
    "deny")
# The words that make a call of the verb: "called on Baku to ...", "called for talks",
# "warned of", "asked the EU for help"; they are not a setting ("said on Monday").
_PARTICLES = {
    "call": ("on", "for", "upon"), "appeal": ("to", "for"), "warn": ("of", "against", "about"),
    "ask": ("for",), "caution": ("against",),
}
# "denied the report", "confirmed reports that ...": the report is what is talked about.
_REPORT_OBJECT = re.compile(
    r"\s*(?:(?:the|these|those|such|this|that|any\s+such)\s+)?(?:\w+\s+)?(?:reports?|claims?"
    r"|allegations?|accusations?|charges?|information|rumou?rs?|statements?|footage)\b"
)
_REPORTS_THAT = re.compile(
    r"\s*(?:(?:the|earlier|media)\s+)?(?:reports?|claims?|information|news)\s+that\b")
_CONFIRMING = _words("confirm acknowledge admit")
# Verbs whose object is the point made: "stressed the need for talks", "noted the importance
# of dialogue": the object is the claim, without the verb.
_EMPHASIS_VERBS = _words(
    "note stress emphasise emphasize underline underscore highlight reaffirm reiterate")
# "asked lawmakers to fund ...", "asked the EU for help": a request; "asked whether ..." is
# a question, not a statement.
_REQUEST = re.compile(
    r"\s*(?:(?:the|a|an|its|his|her|their)\s+)?(?:(?!whether\b|if\b|about\b|what\b|why\b"
    r"|how\b|when\b|who\b)[\w’'.-]+\s+){1,6}?(?:to\s+[a-z]+|for)\b"
)
# Titles dropped from a name the glossary does not know: "Defence Minister Jane Doe" -> "Jane Doe".
TITLES = _words(
    "President Vice Prime Minister Deputy Secretary Foreign Defence Defense Interior State "
    "Spokesman Spokeswoman Spokesperson Chancellor Ambassador Envoy Senator Governor Mayor "
    "Chief General Gen Colonel Col Lt Major Commissioner Chairman Chairwoman Speaker "
    "Adviser Advisor Mr Mrs Ms Dr Sir King Queen Pope Secretary-General Archbishop Bishop "
    "Catholicos Ombudsman Prosecutor Affairs Justice Labour Labor Social Health Economy Finance "
    "Representative Director Chair Lieutenant Captain Admiral Marshal Professor Prof "
    "Assistant Aide Counsellor Counselor Rev Father Sheikh Emir Prince Defender"
)
_BODY_WORDS = _words(
    "Ministry Department Office Council Commission Committee Agency Service Government "
    "Parliament Army Forces Party Union Court Bank News Times Press Post Society Crescent "
    "Administration Directorate Delegation"
) | BODY_WORDS
# Capitalised only because they open a sentence or a clause.
_OPENERS = _words(
    "A An The In On At Under After Before During For From With However Meanwhile But And "
    "Then Also Earlier Later Separately Speaking Both This That These Those There Here Its "
    "His Her Their Our We I You Following Asked Amid Despite Since Until Addressing Writing "
    "Responding Commenting Referring Citing Quoting Yet So Now Still Instead Indeed Thus See "
    "Read Watch Listen"
)

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
         rf"|(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}})")
_TIME = (rf"(?:(?:(?:on|late|early|earlier|later|last|this|next)\s+)*"
         rf"(?:{_WEEKDAY}|today|yesterday|tonight|{_DATE})"
         r"|(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|weekend|month))")
_TIME += r"(?:\s+(?:morning|afternoon|evening|night))?"
# Words between a speaker and the verb: "X also said", "X has maintained", "X on Monday said".
_TAIL = re.compile(
    r"(?:\s+(?:also|again|further|repeatedly|previously|earlier|later|then|publicly|already"
    rf"|separately|reportedly|once|has|have|had|would|will|{_TIME}))+\s*$"
)
# An apposition before the verb: "Charles Michel, president of the EU's Council, urged".
_PERSON_ROLES = ("spokes(?:man|woman|person)|minister|president|adviser|advisor|aide|envoy"
                 "|ambassador|secretary|chief|commander|official|head|leader|representative"
                 "|ombudsman|chairman|chairwoman|director|mayor|governor|deputy|speaker|assistant"
                 "|agent|lawyer|organiser|organizer|member|lawmaker|chair")
_APPOSITION = re.compile(
    r",\s+(?:(?:[a-z]|\d)[^,]{0,160}"
    rf"|[A-Z][\w’'.-]*\s+(?:[\w’'.-]+\s+){{0,4}}(?i:{_PERSON_ROLES})s?\b[^,]{{0,200}}"
    rf"|(?i:{_PERSON_ROLES})\s+(?:to|of|for)\b[^,]{{0,200}})"
    r",\s*$"
)
_NEGATED = re.compile(r"\b(?:not|never|n't|to)\s+(?:\w+ly\s+)?$")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
_IT_PASSIVE = re.compile(r"\b[Ii]t\s+(?:is|was|has been|had been)\s+(?:\w+ly\s+)?$")
_RELATIVE = re.compile(r"\b(?:what|which)(?:\s+[\w’'-]+){0,4}\s*$")
# What may open a second clause with its own speaker: "..., but the Kremlin considered".
_SEPARATOR = re.compile(r"(?:[,;]\s*(?:(?:but|while|whereas|and|as|though|although)\s+)?"
                        r"|\b(?:but|while|whereas)\s+)$")
# "X said A, an accusation colleagues say was fabricated": a second speaker's view of the
# claim before, in an appositive noun phrase.
_COMMENT_ON_CLAIM = re.compile(
    r",\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:accusation|claim|charge|allegation|assertion|version"
    r"|account|assessment|figure|view)\s+(?:that\s+|which\s+)?$")
_CONTINUATION = re.compile(r"[\s,;]*(?:\b(?:and|but)\b)?[\s,;]*$")
_TOKEN = r"[A-Z][\w’'.&-]*"
_NAME_PARTICLES = _words("de da di du del della der den van von ter al el bin ibn le la")
_CAPITALISED = re.compile(
    rf"(?:{_TOKEN}\s+(?:(?:of|for|the|to|{'|'.join(sorted(_NAME_PARTICLES))})\s+)*)*{_TOKEN}$")
_LEADING_TIME = re.compile(rf"^\s*,?\s*{_TIME}\s*,?")
# Where or how it was said, between the verb and the claim: "said in a statement (that)",
# "said in an address to the nation", "told reporters in Washington".
_SETTING_NOUNS = (r"(?:statement|interview|speech|address|briefing|conference|post|message"
                  r"|letter|video|call|meeting|session|broadcast|remarks|comments?"
                  r"|communiqu[eé]|release|talks|summit|visit|channel|account|page"
                  r"|appearance|event|forum|hearing|ceremony|negotiations|discussion|report"
                  r"|survey|study|article|column|editorial|op-ed|filing|order|ruling|decision"
                  r"|judgment|judgement|resolution|tweet|podcast|documentary)s?")
_PLATFORMS = (r"(?:Telegram|X|Twitter|Facebook|Instagram|YouTube|VKontakte|VK|television|TV"
              r"|website|web\s*site|site|blog|portal"
              r"|state\s+television|state\s+TV|social\s+media|radio)")
_SETTING = re.compile(
    r"(?:\s*,?\s*(?:(?:in|at|during|on|via|through|after|following|before|ahead\s+of|with)"
    r"\s+(?:(?:a|an|the|his|her|its|their)\s+)?"
    rf"(?:[\w’'-]+\s+){{0,3}}?{_SETTING_NOUNS}(?:\s+(?:to|with|on|in|at|of|by)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|nation|reporters|journalists|parliament"
    r"|lawmakers|the\s+press))?"
    rf"|(?:on|via)\s+(?:(?:his|her|its|their|the)\s+)?(?:official\s+)?{_PLATFORMS}"
    r"(?:\s+(?:channel|account|page|feed))?"
    r"|(?:in|at)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\b\s*,?)+"
)
_THAT = re.compile(r"\s*,?\s*that\b")
_TOLD_OBJECT = re.compile(
    r"\s*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|\w+)"
)
# Quoted words: curly and straight double quotes, curly singles, guillemets, and straight
# singles that open at a word start ("'Karabakh operation'") so apostrophes are not taken
# for quotes. Bounded, so that a stray opening mark costs a bounded look-ahead rather
# than a scan to the end of the text for every mark (which made long texts quadratic).
_QUOTE_LIMIT = 1000
_QUOTE = re.compile(
    rf"“[^”]{{0,{_QUOTE_LIMIT}}}”|\"[^\"]{{0,{_QUOTE_LIMIT}}}\"|‘[^’]{{0,{_QUOTE_LIMIT}}}’"
    rf"|«[^»]{{0,{_QUOTE_LIMIT}}}»|(?<!\w)'[^']{{1,{_QUOTE_LIMIT}}}'(?!\w)"
)
_OPENING_MARKS = {"“": "”", '"': '"', "‘": "’", "«": "»", "'": "'"}
# How far before a verb its speaker may be named; and how far into a sentence a claim
# that precedes its speaker ("The truce is holding, X said") may start. Both bound the
# work per verb, so that analysis stays linear in the text's length.
_HEAD_WINDOW = 320
_CLAIM_LIMIT = 1500
# "TASS quoted him as saying", "Peskov was quoted by Interfax as saying".
_QUOTED_AS = re.compile(
    r"(?:\bquoted\s+(?P<obj>[^,;“”\"]{1,80}?)"
    r"|\b(?:is|was|were|are|has\s+been|had\s+been|been)\s+quoted(?:\s+by\s+[^,;“”\"]{1,60}?)?)"
    r"\s+as\s+$"
)
_ROLE_BEFORE = re.compile(rf"(?:[\w’'.-]+\s+){{1,3}}(?:{_PERSON_ROLES})s?\s+$", re.IGNORECASE)
# "TASS reported, citing the Defence Ministry, ...": the ministry speaks, TASS relays.
_CITING = re.compile(r"\s*,?\s*citing\s+(?P<who>[^,;.“”\"]{1,80}?)\s*(?=[,;.]|$)")
_TRAILING_RELAY = re.compile(r",\s+(?:the\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,4}\s*$")
_OWNED_BODY = re.compile(
    r"\b([A-Z][\w-]+(?:['’]s)?)\s+(?:[a-z][\w-]*\s+){0,3}(?:ministry|administration|government"
    r"|office|service|committee|council|agency|parliament|army|military|delegation|mission"
    r"|court|commission|department|authorities|leadership|presidency|press service)$"
)
_DESCRIPTION = re.compile(r"(?:\s+[\w’'.-]+){1,6}\s*$")
_NAMED_GROUP = re.compile(
    r"\b(?:Armenian|Azerbaijani|Azeri|Russian|Turkish|Georgian|Iranian|EU|European|US|U\.S\.|"
    r"Western|UN|NATO|Kremlin|French|German|British|American)\s+(?:[a-z]+\s+)?[a-z]+$"
)
# An agency's dateline the sources stage left in front of a clause: "Baku /Trend/ - ",
# "DUBAI, United Arab Emirates (AP) — ", "Goris (Armenia) (AFP) - ".
_DATELINE = re.compile(
    r"^(?:[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*)?,?\s+/[^/]{2,30}/\.?"
    r"|[A-Z][\w’'.,() -]{2,60}?\((?:AP|AFP|Reuters|Anadolu|AA)\))\s*[-–—:]?\s*"
)
_KIN = re.compile(
    r"\b(his|her|His|Her)\s+((?:[a-z]+\s+){0,2}(?:team|lawyers?|family|relatives|press service"
    r"|office|campaign|party|foundation))$"
)
_ACRONYM = re.compile(r"\s*\([A-Z][\w.&-]{1,15}\)\s*$")
# Two or three capitalised words after a title, a comma or a lower-case word: a name.
_FULL_NAME = re.compile(
    r"(?:(?<=[a-z,] )|^)(?:[A-Z][a-z’'-]+\s){1,2}[A-Z][a-z’'-]{2,}\b(?!\s[A-Z])"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|A|An|one|One)\s+$")
_ACCORDING_WHO = re.compile(r"\s*([^,;:]{1,120}?)\s*(?:[,;:]|\.?$)")
_INVERTED_NAME = re.compile(r"\s*([^,;.]{1,120}(?:\.(?=\w)[^,;.]{0,60})*)")
_ONLY_END = re.compile(r"[\s.]*$")
# A claim that opens with one of these and has no comma is a setting, not a clause:
# "on Sept. 20", "following the Yevlakh talks", "in comments to reporters".
_SETTING_WORDS = _words(
    "on in at to from with via by after following before during ahead amid since until "
    "near over through for upon despite of about"
)
# Nationalities that give the side of a speaker the glossary does not know.
_DEMONYM_SIDES = {
    "Armenian": "Armenia", "Azerbaijani": "Azerbaijan", "Azeri": "Azerbaijan",
    "Russian": "Russia", "EU": "EU", "European": "EU",
}
_TITLED_NAME = re.compile(
    r"\b(?:[A-Z][\w’'.-]*\s+){0,3}?"
    r"(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+"
    r"((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
)


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


def present_tense(verb: str) -> str | None:
    """The third-person present of a reporting verb as written ("accused" -> "accuses"),
    for a headline; ``None`` when ``verb`` is no reporting verb."""
    found = _TENSES.get(verb)
    if found is None:
        return None
    base = found[1]
    return next(form for form, tense in _inflect(base).items() if tense == "s")


@dataclass(frozen=True)
class _Speaker:
    name: str
    term: Term | None = None
    forms: tuple[str, ...] = ()  # how the text named it, to match "the president" against
    kind: str | None = None  # "person", "body" or "place"
    affiliation: str | None = None
    plural: bool = False  # a group ("officials in both countries"), for "they"


_NOBODY = _Speaker(UNATTRIBUTED)


def _known(term: Term, glossary: Glossary) -> _Speaker:
    """The speaker for a glossary term: a place speaks through its ``speaker`` entry."""
    speaker = glossary.speaker(term) if term.type == "place" else term
    forms = tuple(dict.fromkeys((*speaker.surface_forms, *term.surface_forms)))
    return _Speaker(speaker.name, speaker, forms, speaker.type, speaker.affiliation)


class _History:
    """The speakers (and people) met so far, for "he", "it" and "the president" to point back to.

    Only the latest few are kept: a pronoun points to someone recent, and a bounded
    list keeps every look-up cheap however long the article.
    """

    LIMIT = 24

    def __init__(self) -> None:
        self.speakers: list[_Speaker] = []
        # Everyone named in full so far, by surname: "Manasyan said" after "Anahit Manasyan".
        self.people: dict[str, _Speaker] = {}
        # Bodies named so far, for "the court" after "the International Court of Justice".
        self.bodies: list[str] = []
        self.joint: str | None = None  # the latest "joint statement" the text mentioned

    def add(self, speaker: _Speaker) -> None:
        self.speakers.append(speaker)
        if len(self.speakers) > 2 * self.LIMIT:
            del self.speakers[: -self.LIMIT]

    def last(self, kinds: frozenset[str] | None) -> _Speaker | None:
        return next((s for s in reversed(self.speakers) if kinds is None or s.kind in kinds), None)

    def by_role(self, role: str, modifiers: list[str], kind: str,
                loose: bool = True) -> _Speaker | None:
        """The latest speaker ``role`` (with ``modifiers``) can refer to; ``loose``: else,
        for a person's role ("the minister"), the latest person, whatever they were called.
        A body's role ("the ministry") is never merely the latest body."""
        def named(s: _Speaker, word: str) -> bool:
            return any(re.search(rf"\b{re.escape(word)}\b", f, re.I) for f in s.forms)

        recent = list(reversed(self.speakers))
        if kind == "body":
            # "the ministry": the latest body called so, one the text named ("the
            # International Court of Justice ... the court"), or the body in a speaker's
            # title ("Foreign Ministry spokeswoman Maria Zakharova ... the ministry said").
            fits = [s for s in recent if s.kind != "person" and named(s, role)
                    and all(named(s, m) for m in modifiers)]
            if fits:
                return fits[0]
            for name in reversed(self.bodies):
                if re.search(rf"\b{re.escape(role)}\b", name, re.I) and all(
                        re.search(rf"\b{re.escape(m)}\b", name, re.I) for m in modifiers):
                    return _Speaker(name, None, (name,), "body")
            for s in recent:
                for form in s.forms if s.kind == "person" else ():
                    title = re.search(rf"((?:[A-Z][\w’'.-]*\s+){{0,4}}{re.escape(role)})\s",
                                      form, re.I)
                    if title and title.group(1)[:1].isupper() and all(
                            named(s, m) for m in modifiers):
                        name = " ".join(w for w in title.group(1).split() if w not in _OPENERS)
                        name = name[0].upper() + name[1:]
                        return _Speaker(name, None, (name,), "body", s.affiliation)
            # Not merely the latest body: "the ministry" is no company the text quoted.
            return None
        if modifiers:  # "the Russian leader": the latest speaker called Russian, of that kind
            return next((s for s in recent if all(named(s, m) for m in modifiers)
                         and (named(s, role) or s.kind == kind)), None)
        found = next((s for s in recent if named(s, role)), None)
        return found or (self.last(frozenset({kind})) if loose else None)


def _ending(pattern: re.Pattern[str], text: str, reach: int) -> re.Match[str] | None:
    """``pattern`` (anchored at the end with ``$``) matched within the last ``reach``
    characters of ``text``: searching a whole text for a match at its end would try
    every position."""
    return pattern.search(text, max(0, len(text) - reach))


def _strip_tail(head: str, apposition: bool = True) -> str:
    """``head`` without the adverbs, auxiliaries (and apposition) between speaker and verb."""
    while True:
        stripped = head.rstrip()
        if acronym := _ending(_ACRONYM, stripped, 24):  # "the Mine Action Agency (ANAMA)"
            stripped = stripped[:acronym.start()].rstrip()
        if tail := _ending(_TAIL, stripped, 160):
            stripped = stripped[:tail.start()].rstrip()
        if apposition and (appositive := _ending(_APPOSITION, stripped, 300)):
            stripped = stripped[:appositive.start()].rstrip()
        if stripped == head:
            return head
        head = stripped


def _side(text: str, glossary: Glossary) -> str | None:
    """The side a role names: "the spokesperson of the Kremlin", "Armenian Foreign Minister"."""
    for match in glossary.find(text):
        term = glossary.speaker(match.term) if match.term.type == "place" else match.term
        if term.affiliation:
            return term.affiliation
    return next((side for word, side in _DEMONYM_SIDES.items()
                 if re.search(rf"\b{word}\b", text)), None)


def _not_a_name(tokens: list[str]) -> bool:
    """Whether a capitalised run is no one: "Following", "Sept", a bare relaying outlet."""
    first = tokens[0].rstrip(".").lower()
    return (first in _NOT_A_NAME or first in _NOT_A_NAME_FIRST
            or any(t.rstrip(".").lower() in _NOT_A_NAME for t in tokens)
            or any(c.isdigit() for t in tokens for c in t))


def _unknown_speaker(phrase: str, history: _History, glossary: Glossary) -> _Speaker | None:
    """A speaker the glossary lacks, named without title: "Defence Minister Jane Doe" -> "Jane Doe".

    Its kind is a guess, for pronouns to follow: a titled or multi-word name is a person;
    one word ("Reuters"), an acronym or a "Ministry" is a body, unless it is the surname of
    an earlier speaker ("Borrell" after "Josep Borrell"), who it then is. A title's
    nationality or body gives the side ("Armenian Foreign Minister ..." is Armenia's).
    ``None`` when the words name no one ("Following", "Sept").
    """
    tokens = phrase.split()
    if not tokens or _not_a_name(tokens):
        return None
    owners = [i for i, t in enumerate(tokens) if t.endswith(("'s", "’s"))]
    owned = tokens[owners[-1] + 1:] if owners else []
    if owned and not any(t in _BODY_WORDS for t in owned):  # "Al Jazeera's Kamila Nasr"
        side = _side(" ".join(tokens[: owners[-1] + 1]), glossary)
        return _person(owned, phrase, history, glossary, side)
    if len(tokens) == 1 and tokens[0] in history.people:
        return history.people[tokens[0]]
    titled = [i for i, t in enumerate(tokens) if t.rstrip(".") in TITLES]
    kind, side = "person", None
    if titled and titled[-1] < len(tokens) - 1 and tokens[-1] not in _BODY_WORDS:
        side = _side(" ".join(tokens[: titled[-1] + 1]), glossary)
        tokens = tokens[titled[-1] + 1:]
        while len(tokens) > 2 and tokens[0] in ("of", "for"):  # "Secretary of State A. B."
            tokens = tokens[2:]
    elif len(tokens) == 1 or any(t in _BODY_WORDS or t.isupper() for t in tokens):
        kind = "body"
        side = _side(phrase, glossary) if len(tokens) > 1 else None  # "Armenia's Foreign Ministry"
    if kind == "person":
        return _person(tokens, phrase, history, glossary, side)
    name = " ".join(tokens)
    earlier = (s for s in reversed(history.speakers)
               if s.kind == "person" and s.term is None and s.name.endswith(f" {name}"))
    return next(earlier, None) or _Speaker(name, None, (phrase,), kind, side)


def _person(tokens: list[str], phrase: str, history: _History, glossary: Glossary,
            side: str | None) -> _Speaker:
    """A person by name: the last name-shaped words, at most three ("Security Council of
    Armenia Armen Grigoryan" is Armen Grigoryan), or whom a surname names."""
    name_words: list[str] = []
    for token in reversed(tokens):
        if token in _NAME_PARTICLES and name_words:  # "Thomas de Waal"
            name_words.insert(0, token)
            continue
        if (token in _BODY_WORDS or token.rstrip(".") in TITLES or token.islower()
                or token.endswith(("'s", "’s")) or glossary.get(token)
                or sum(w not in _NAME_PARTICLES for w in name_words) == 3):
            break
        name_words.insert(0, token)
    while name_words and name_words[0] in _NAME_PARTICLES:
        name_words.pop(0)
    rest = tokens[:len(tokens) - len(name_words)]
    if len(name_words) == 3 and rest and rest[-1] in ("of", "for", "in", "and", "&"):
        name_words.pop(0)  # "Secretary of the Council of Eastland Mara Quill": not "Eastland"
    tokens = name_words or tokens
    name = " ".join(tokens)
    earlier = next((s for s in reversed(history.speakers)
                    if s.kind == "person" and s.term is None and s.name.endswith(f" {name}")),
                   None)
    if earlier is not None:  # a speaker's surname: who spoke, before anyone merely named
        return earlier
    if len(tokens) == 1 and name in history.people:
        return history.people[name]
    return _Speaker(name, None, (phrase,), "person", side)


_FAMILIAR = re.compile(
    r"\b(?:(?:[Aa]|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal)\s+)?(?:people|persons?|sources?|officials?)"
    r"\s+(?:familiar\s+with|close\s+to|briefed\s+on|with\s+(?:direct\s+)?knowledge\s+of)"
    r"[^,;“”\"]{1,60}$")
_BODY_NAME = re.compile(
    r"(?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|the|to|and)\s+)*){1,7}[A-Z][\w’'.&-]*")


_DOCUMENT_OF = re.compile(
    r"\b[Tt]he\s+(?:[\w’'-]+\s+){0,2}?(?:statement|letter|survey|study|poll|report|declaration)"
    r"(?P<of>\s+(?:(?:by|from)\s+(?P<by>[^,;]{2,80})|of\s+(?:\d,\d|[^,;]){2,60}))$")
_JOINT = re.compile(r"\bjoint\s+(?:statement|declaration|communiqu[eé])", re.IGNORECASE)


def _register_people(sentence: str, history: _History) -> None:
    """Note everyone a sentence names in full, for a surname to find them later."""
    for m in _FULL_NAME.finditer(sentence):
        words = m.group(0).split()
        while words and words[0].rstrip(".") in TITLES:  # "President Robert Kocharyan"
            words = words[1:]
        if len(words) == 3 and re.search(r"\b(?:and|of|&)\s+$", sentence[:m.start()]):
            words = words[1:]  # "Minister of Administration and Infrastructure Tomas Reyes"
        if words:  # "Robert Kocharyan's bloc"
            words[-1] = re.sub(r"[’']s?$", "", words[-1])
        if len(words) >= 2 and not _not_a_name(words) and not any(
                w in _BODY_WORDS or w in TITLES for w in words):
            history.people.setdefault(words[-1], _Speaker(" ".join(words), None, (m.group(0),),
                                                          "person"))
    if joint := _JOINT.search(sentence):
        history.joint = joint.group(0).lower()
    for m in _BODY_NAME.finditer(sentence):
        words = m.group(0).split()
        while words and (words[0] in _OPENERS or words[0].lower() in _NOT_A_NAME):
            words = words[1:]
        while words and (words[-1].lower() in _NOT_A_NAME or words[-1] in ("of", "for", "the")):
            words = words[:-1]
        if len(words) >= 2 and any(w in _BODY_WORDS for w in words):
            history.bodies.append(" ".join(words))
            del history.bodies[:-history.LIMIT]


# Who a described speaker is, by the noun the description ends on: groups of people
# ("officials in both countries", "witnesses"), and roles that are not yet resolved ("a
# senior government official", "the parliament's press service", "the two governments").
_GROUP_NOUNS = _words(
    "officials witnesses residents analysts experts critics diplomats observers protesters "
    "demonstrators lawmakers legislators deputies scientists researchers activists campaigners "
    "rescuers doctors medics colleagues negotiators relatives organisers organizers monitors "
    "investigators prosecutors authorities leaders governments ministers police staff "
    "employees workers volunteers refugees survivors villagers locals opponents supporters "
    "groups organisations organizations members representatives delegates envoys "
    "commentators economists spokespeople mediators journalists students farmers citizens "
    "voters parents teachers pensioners miners soldiers veterans fishermen traders families "
    "nurses patients drivers"
)
# Groups that name no one: their claim stays unattributed.
_NOBODY_GROUPS = _words("sources insiders reports some many others")
_DESCRIBED_HEADS = frozenset(ROLE_KINDS) | _GROUP_NOUNS | _words(
    "embassy consulate team family spokesperson press presidency observers bloc campaign "
    "lawyer lawyers")
_VAGUE = _words("some many several most few other")
_DETERMINERS = _words("the a an one two three four five both several thousands hundreds "
                      "dozens")
_POSTMODIFIER_WORDS = _words("of for from in at to with on")
# Words that show a clause, not a description, stands before the verb.
_NOT_DESCRIPTIVE = _words(
    "is are was were be been being has have had do does did will would can could may might "
    "who which that when where while if as and but or because after before since than "
    "said says told he she it they we i you this these those there not no also"
)


def _described(head: str, history: _History, glossary: Glossary) -> tuple[_Speaker, int] | None:
    """A speaker described rather than named, at the very end of ``head``, and where.

    "officials in both countries", "Observers from the OSCE", "a senior government
    official", "the parliament's press service", "the EU's foreign policy chief": an
    earlier speaker the role fits, else the description itself (without its article), which
    an editor can sign. ``None`` when the words before the verb are no such description.
    """
    clause = re.split(r"[,;:“”\"«»()\[\]]|\s[-–—]\s", head)[-1]
    words = clause.split()[-12:]
    if not words:
        return None
    # The noun the description is about: the last word, or the word before a preposition
    # that opens a short complement ("spokesperson for the UN office in Armenia").
    at, opening = None, 0
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w.lower() in _NOT_DESCRIPTIVE:
            opening = i + 1  # "a bill that critics say": the description opens after "that"
            break
        if (w.islower() or i == 0) and w.lower() in _DESCRIBED_HEADS and (
                i == len(words) - 1 or words[i + 1] in _POSTMODIFIER_WORDS):
            at = i
    if at is None:
        return None
    before, written, after = words[opening:at], words[at], words[at + 1:]
    noun = written.lower()
    if any(w.lower() in _NOT_DESCRIPTIVE or w.endswith(".") for w in before + after):
        return None
    # The description opens at its determiner or the first word after a verb-like one.
    first = 0
    for i, w in enumerate(before):
        if w.lower() in _DETERMINERS:
            first = i
    lead = before[first:]
    while lead and (lead[0].lower() in _OPENERS_LOWER or lead[0].lower() in _NOT_A_NAME) and (
            lead[0].lower() not in _DETERMINERS | _VAGUE):
        lead = lead[1:]
    if len(lead) > 6 or any(w[:1].isdigit() for w in lead + after):
        return None
    if lead and lead[0].lower() in _VAGUE:  # "Some analysts believe ...": vague
        return _NOBODY, len(head.rstrip()) - len(" ".join([*lead, written, *after]))
    if lead and lead[0].lower() in ("a", "an", "one") and noun in _GROUP_NOUNS:
        lead = []  # "an accusation colleagues say ...": the article is the accusation's
    determiner = lead[0].lower() if lead and lead[0].lower() in ("the", "a", "an", "one") else ""
    modifiers = lead[1:] if determiner else lead
    phrase = " ".join([*modifiers, written, *after])
    start = len(head.rstrip()) - len(" ".join([*lead, written, *after]))
    plural = noun in _GROUP_NOUNS and noun.endswith(("s", "police", "staff"))
    if noun in _NOBODY_GROUPS:
        return _NOBODY, start
    kind = ROLE_KINDS.get(noun, "body" if plural else "person")
    if not plural and determiner not in ("a", "an", "one"):
        # "the minister", "the spokesperson of the Kremlin": whom it was said of before.
        qualifiers = [m.rstrip("'’s") for m in modifiers + after
                      if m[:1].isupper() and m.lower() not in _POSTMODIFIER_WORDS]
        found = history.by_role(noun, qualifiers, kind, loose=False)
        if found is not None:
            return found, start
        if not modifiers and not after:
            return None  # "the ministry" alone, nobody to point back to: no one to sign
    if not modifiers and not after and not plural:
        return None
    if any(w.lower() in ("his", "her", "its", "their") for w in modifiers):
        return None  # "his family" is whose the text says elsewhere (_KIN), or no one's
    if term := glossary.get(phrase) or glossary.folded(phrase):  # a known alias
        return _known(term, glossary), start
    if party := re.search(r"((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*)\s+(?:party|bloc|movement)$",
                          phrase):
        phrase = party.group(1)  # "the ruling Georgian Dream party": Georgian Dream
    name = phrase[0].upper() + phrase[1:]
    return (_Speaker(name, None, (phrase,), kind, _side(phrase, glossary), plural=plural),
            start)


_OPENERS_LOWER = _words(
    "however meanwhile but and then also earlier later separately yet so now still instead "
    "indeed thus in on at under after before during for from with")


def _subject(head: str, glossary: Glossary, history: _History,
             says: bool = True) -> tuple[_Speaker, int] | None:
    """The speaker named (or described) at the very end of ``head`` and where it starts.

    ``says``: the verb is one a document can do ("the statement said, added"), so a
    document noun stands for whoever issued it. A name wins over a description, except
    that a role with its complement ("Observers from the OSCE", "a spokesperson for the
    UN office") is the role's, not the body's it names.
    """
    head = head.rstrip()
    described = _described(head, history, glossary)
    found = _named_subject(head, glossary, history, says)
    if found is None or found[0] is _NOBODY:
        return described or found
    if described is not None and found[0].kind != "person" and found[1] > described[1]:
        return described  # "Observers from the OSCE": the observers, not the OSCE
    return found


#: How a head naming "the head of state" ends (see _named_subject).
_HEAD_OF_ENDS = ("state", "government", "state\n", "government\n")
#: The last words of a text, up to six, read backwards (see _last_phrases).
_WORDS_BACKWARDS = re.compile(r"[\w’'-]+(?:\s+[\w’'-]+){0,5}")
_WORD = re.compile(r"[\w’'-]+")


def _last_phrases(text: str) -> list[str]:
    r"""The last two, three, ... six words of ``text``, as many as it ends with.

    Each is what ``(?:[\w’'-]+\s+){k-1}[\w’'-]+$`` finds: read backwards from
    the end once, not searched for from every position of the text, five
    times over (a seventieth of a fresh build).
    """
    if text.endswith("\n"):  # "$" also matches before a last line break
        text = text[:-1]
    backwards = _WORDS_BACKWARDS.match(text[::-1])
    if backwards is None:
        return []
    ends = [word.end() for word in _WORD.finditer(backwards.group(0))]
    return [text[len(text) - end:] for end in ends[1:]]


def _named_subject(head: str, glossary: Glossary, history: _History,
                   says: bool = True) -> tuple[_Speaker, int] | None:
    """The speaker named at the very end of ``head`` and where that name starts."""
    # Both searches below match only at the end (``$``: the end, or before a last line
    # break): a head that cannot end so is not searched through, position by position.
    named = re.search(r"\b(\w+),\s+((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*),$",
                      head) if head.endswith((",", ",\n")) else None
    role_clause = named and head[max(head.rfind(mark, 0, named.start(1))
                                     for mark in (",", "”", '"', "’", ";")) + 1:named.end(1)]
    if named and (named.group(1).lower() in ROLE_KINDS or named.group(1).islower() or (
            # "The EU's ambassador to Armenia, Vassilis Maragos,": a role with its complement
            len(role_clause.split()) <= 8 and re.match(
                r"\s*(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w.-]*['’]s)\s",
                role_clause)
            and re.search(rf"\b(?:{_PERSON_ROLES})s?\s+(?:to|of|for|at|in)\b", role_clause,
                          re.IGNORECASE))):
        # "A Kremlin spokesman, Dmitry Peskov,", "One of the organisers, Jane Doe,": the name
        # speaks, and the clause the role opens is where the frame starts.
        found = _subject(head[:named.end(2)], glossary, history, says)
        if found:
            opening = max(head.rfind(mark, 0, named.start(1)) for mark in (",", "”", '"', "’"))
            return found[0], len(head[:opening + 1]) + (len(head[opening + 1:])
                                                        - len(head[opening + 1:].lstrip()))
    if anonymous := _FAMILIAR.search(head, max(0, len(head) - 120)):
        return _NOBODY, anonymous.start()  # "two people familiar with the matter": no one named
    if head.endswith(_HEAD_OF_ENDS) and re.search(r"\b[Tt]he head of (?:state|government)$",
                                                  head):  # "the head of state"
        found = history.last(_PERSON)
        return (found, head.rfind("head") - 4) if found else None
    near = max(0, len(head) - 160)  # no name in the glossary is longer
    matches = glossary.find(head[near:])
    # A place after a preposition is where, not who: "the UN office in Armenia said"; the
    # name may still be longer ("the Mine Action Agency of the Republic of Azerbaijan").
    where = bool(matches and near + matches[-1].end == len(head)
                 and matches[-1].term.type == "place"
                 and re.search(r"\b(?:in|of|from|at|near|to|for|on|with)\s+(?:the\s+)?$",
                               head[:near + matches[-1].start]))
    if matches and near + matches[-1].end == len(head) and not where:
        m = matches[-1]
        start = near + m.start
        start -= 4 if head[:start].endswith(("the ", "The ")) else 0
        return _known(m.term, glossary), start
    near = head[max(0, len(head) - 160):]
    # "Azerbaijan's foreign ministry": the glossary, any case, the longest phrase first.
    # Where the last k words do not make a phrase, no more words do: looked for from two
    # up, to stop at the first miss.
    for phrase in reversed(_last_phrases(near)):
        if term := glossary.folded(phrase):
            return _known(term, glossary), len(head) - len(phrase)
    if owned := _OWNED_BODY.search(near):  # "Azerbaijan's presidential administration"
        owner = owned.group(1).rstrip("'’s")
        if glossary.get(owner) or owned.group(1) in _DEMONYM_SIDES:
            name = owned.group(0)
            return (_Speaker(name, None, (name,), "body", _side(name, glossary)),
                    len(head) - len(name))
    word_match = re.search(r"[A-Za-z][\w’'-]*$", head)
    if not word_match:
        return None
    word, start = word_match.group(0).lower(), word_match.start()
    if word in ("they", "them"):
        # "The region's leaders agreed to disarm after an offensive that they said ...": the
        # group the sentence opens with; else the latest group or body, never one person.
        found = _opening_description(head.lstrip(), glossary, history) or next(
            (s for s in reversed(history.speakers) if s.plural), None) or history.last(_NOT_PERSON)
        return (found, start) if found else None
    if word in _PRONOUN_KINDS:
        found = history.last(_PRONOUN_KINDS[word])
        return (found, start) if found else None
    if word == "who":  # "Pashinyan, who ..., said": the name before the comma
        antecedent = re.search(r",\s*who$", head)
        return _subject(head[:antecedent.start()], glossary, history) if antecedent else None
    if word in ANONYMOUS or word == "official":
        group = _NAMED_GROUP.search(head, max(0, len(head) - 80))
        if group and word not in ("some", "many", "others", "reports"):
            # "Armenian officials", "EU official": a group the text names by side.
            name = group.group(0)
            name = name[0].upper() + name[1:]
            return _Speaker(name, None, (name,), "body", _side(name, glossary)), group.start()
    if word in ANONYMOUS:
        extended = re.search(r"(?:\b[\w’'-]+\s+){0,2}[\w’'-]+$", head)
        return _NOBODY, extended.start() if extended else start
    if (kin := _KIN.search(head, max(0, len(head) - 60))) and (
            person := _named_before(head[:kin.start()], glossary) or history.last(_PERSON)):
        name = f"{person.name}'s {kin.group(2)}"  # "his legal team": Ruben Vardanyan's
        return _Speaker(name, None, (name,), "body", person.affiliation), kin.start()
    role = re.search(r"\b(?:the|The)\s+((?:[\w’'-]+\s+){0,3})[\w’'-]+$", head)
    document = _DOCUMENT_OF.search(head, max(0, len(head) - 120))
    if document and says:  # "The survey of 900 families found", "a report by the UN said"
        if document["by"]:
            found = _subject(document["by"], glossary, history)
            return (found[0], document.start()) if found else None
        found = _subject(head[:document.start("of")].rstrip(), glossary, history, says)
        return (found[0], document.start()) if found else None
    if word in DOCUMENT_NOUNS and role and says:  # "the statement added": whoever issued it
        issuer = re.search(r"[’']s\s+$", role.group(1))
        if issuer:  # "the ministry's statement"
            found = _subject(head[:role.start(1) + issuer.start()], glossary, history)
            return (found[0], role.start()) if found else None
        # A joint statement with no body among the speakers is the leaders' together: the
        # document itself is who an editor can name ("the joint statement says ...").
        joint = _Speaker(history.joint[0].upper() + history.joint[1:], None, (history.joint,),
                         "body") if history.joint and word in history.joint else None
        found = history.last(_NOT_PERSON) or joint or history.last(None)
        return (found, role.start()) if found else None
    # "the minister", "The President": an earlier speaker; "The State Department": a name.
    if word in ROLE_KINDS and role and (word_match.group(0).islower() or not role.group(1)):
        modifiers = role.group(1).split()
        found = history.by_role(word, modifiers, ROLE_KINDS[word])
        if found is None and word in _FIRMS and not modifiers and (
                firm := _opening_firm(head[:role.start()], glossary)):
            # "Gazprom Armenia has applied to raise prices, the company said": the firm the
            # sentence is about is the company that says so, and "the company" from now on.
            return dataclasses.replace(firm, forms=(*firm.forms, f"the {word}")), role.start()
        if found is None and ROLE_KINDS[word] == "body" and modifiers and all(
                m[0].isupper() and m not in _DEMONYM_SIDES for m in modifiers):
            # "The ICRC delegation", "the Kremlin press service": a body by its name.
            name = head[role.start(1):]
            return _Speaker(name, None, (name,), "body", _side(name, glossary)), role.start()
        return (found, role.start()) if found else None
    run = _CAPITALISED.search(head, max(0, len(head) - 120))
    if not run:
        return None
    tokens = run.group(0).split()
    while tokens and (tokens[0] in _OPENERS or tokens[0].islower()):
        tokens.pop(0)
    if not tokens or tokens[-1].endswith(("'s", "’s")) or tokens[-1].lower() in _PRONOUN_KINDS:
        return None
    titled = head[max(0, run.start() - 80):run.start()].split()
    if len(tokens) == 3 and re.search(r"\b(?:and|&)\s+$", head[:run.start()]) and any(
            w.rstrip(".") in TITLES for w in titled):
        tokens.pop(0)  # "Minister of Territorial Administration and Infrastructure Tomas Reyes"
    phrase = " ".join(tokens)
    if where and glossary.get(phrase):
        return None
    speaker = _unknown_speaker(phrase, history, glossary)
    if speaker is None:
        return None
    start = len(head) - len(phrase)
    role_before = _ROLE_BEFORE.search(head, max(0, start - 80), start)
    if role_before and speaker.term is None and speaker.affiliation is None:
        # "Pashinyan's spokeswoman Jane Doe": Pashinyan's side is hers.
        side = _side(role_before.group(0), glossary)
        speaker = _Speaker(speaker.name, None, speaker.forms, speaker.kind, side)
    return speaker, start


def _named_before(text: str, glossary: Glossary) -> _Speaker | None:
    """The last person ``text`` names: whom a "his family said" at its end belongs to."""
    people = [(m.start, _known(m.term, glossary)) for m in glossary.find(text)
              if m.term.type == "person"]
    for m in _FULL_NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0].rstrip(".") in TITLES:
            words = words[1:]
        if len(words) >= 2 and not _not_a_name(words) and not glossary.find(m.group(0)) and \
                not any(w in _BODY_WORDS or w in TITLES for w in words):
            name = " ".join(words).removesuffix("'s").removesuffix("’s")
            people.append((m.start(), _Speaker(name, None, (name,), "person")))
    return max(people, key=lambda p: p[0])[1] if people else None


_FIRMS = _words("company firm operator airline bank producer carrier manufacturer supplier "
                "utility")


def _opening_firm(text: str, glossary: Glossary) -> _Speaker | None:
    """The capitalised name ``text`` opens with, when it can be a firm: no known person or
    place, no group, no title ("Gazprom Armenia has applied ...")."""
    name = re.match(r"(?:[A-Z][\w’'.&-]*\s+){0,4}[A-Z][\w’'.&-]*(?=\s+[a-z])", text)
    if name is None:
        return None
    words = name.group(0).split()
    if (words[0] in _OPENERS or _not_a_name(words) or any(w.rstrip(".") in TITLES for w in words)
            or any(w in _DEMONYM_SIDES for w in words) or words[-1].endswith(("'s", "’s"))):
        return None
    term = glossary.get(name.group(0))
    if term is not None:
        return _known(term, glossary) if term.type == "body" else None
    if glossary.find(name.group(0)) and len(words) == 1:
        return None
    return _Speaker(name.group(0), None, (name.group(0),), "body")


def _leading_speaker(text: str, glossary: Glossary, history: _History) -> _Speaker | None:
    """The speaker named by the whole of ``text`` ("the president", "Reuters", "Jane Doe")."""
    text = re.sub(r"^(?:a|an|the)\s+(?:statement|report|spokes\w+)\s+(?:by|from|for)\s+", "",
                  text.strip(" .,;"))
    text = re.sub(r"\s+(?:who|which|that)\s.*$", "", text)  # "an EU official who briefed ..."
    text = re.sub(r"^(?:a|an|one)\s+(?=[A-Z])", "", text)
    # "preliminary results from the Central Electoral Commission": the commission's count
    text = re.sub(r"^(?:(?:the|a|an)\s+)?(?:(?:preliminary|official|final|latest|initial|partial"
                  r"|early)\s+)?(?:results|figures|data|estimates|count|tally)\s+(?:from|by|of)\s+",
                  "", text, flags=re.IGNORECASE)
    found = _subject(text, glossary, history)
    return found[0] if found and text[:found[1]].strip().lower() in ("", "the") else None


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
    relay: bool = False  # an outlet's own reporting ("..., Trend reports"): bounds, says nothing


class _Quotes:
    """The quotations of one sentence, for cheap "is this inside a quote" look-ups."""

    def __init__(self, sentence: str) -> None:
        self.spans = [m.span() for m in _QUOTE.finditer(sentence)]
        self.starts = [a for a, _ in self.spans]
        self.by_end = {b: (a, b) for a, b in self.spans}

    def inside(self, at: int) -> bool:
        i = bisect.bisect_left(self.starts, at) - 1
        return i >= 0 and self.spans[i][0] < at < self.spans[i][1]


def _frames(sentence: str, glossary: Glossary, history: _History) -> list[_Frame]:
    quotes = _Quotes(sentence)
    frames: list[_Frame] = []
    for m in _VERB.finditer(sentence):
        if quotes.inside(m.start()):
            continue  # a verb inside a quote belongs to the quoted speaker's own sentence
        offset = max(0, m.start() - _HEAD_WINDOW)
        head, verb = sentence[offset:m.start()], m.group(0)
        if verb.lower() == "according to":
            if any(not f.relay for f in frames):
                # "X said ..., according to the ministry": the ministry relays X's words.
                frames.append(_Frame(_NOBODY, m.start(), m.end(), relay=True))
                continue
            frames += _seen(_according_to(sentence, m, glossary, history), history)
            continue
        tense, base = _TENSES[verb]
        if base == "say" and tense == "ing" and (quoted := _QUOTED_AS.search(head)):
            frames += _seen(_quoted_as(sentence, m, offset, quoted, quotes, frames, glossary,
                                       history), history)
            continue
        if _ending(_NEGATED, head, 60) or _ending(_RELATIVE, head, 120):
            continue
        if _ending(_PASSIVE, head, 60):
            it = _ending(_IT_PASSIVE, head, 60)  # "It is believed that ...": nobody is named
            if it and not frames and _THAT.match(sentence, m.end()):
                frames.append(_Frame(_NOBODY, offset + it.start(), m.end(), verb, base))
            continue
        near = _strip_tail(head, apposition=False)
        joined = re.search(r",\s*$" if tense == "ing" else r"\b(?:and|but)\s*$", near)
        if frames and joined:  # "..., adding that ..." / "... and said ...": same speaker
            said = sentence[frames[-1].claim_start:m.start()]
            if (tense != "ing" and base not in _CLAUSE_VERBS and frames[-1].base in _CLAUSE_VERBS
                    and not frames[-1].relay and not _THAT.match(said)
                    and re.search(r"[^,]\s+and\s*$", said)
                    and not _THAT.match(sentence, m.end())):
                # "said he welcomed the truce and urged both sides to ...": the call goes on
                # under the same "said", one claim; "said that A and has urged B", "said A,
                # and demanded that B" coordinate a second statement.
                continue
            boundary = offset + len(_CONTINUATION.sub("", near))
            frames.append(_Frame(frames[-1].speaker, boundary, m.end(), verb, base))
            continue
        if joined and not frames and m.start() <= _HEAD_WINDOW:
            # "The ministry rejected the claim and said ...", "X questioned ..., saying ...":
            # the subject the sentence opens with says it.
            opening = _opening_subject(sentence, glossary, history) or _opening_description(
                sentence, glossary, history)
            if opening is not None:
                frames += _seen(_Frame(opening, 0, m.end(), verb, base), history)
            continue
        if tense == "ing":
            continue
        tail = _strip_tail(head)
        if base in _DOCUMENT_VERBS and not _DOCUMENT_SUBJECT.search(tail):
            continue  # "the text reads", "the survey found"; people read and find otherwise
        found = _subject(tail, glossary, history, base not in _MIND_VERBS)
        if found is None and frames and base in ("say", "report", "state", "add") and (
                tense in ("ed", "s")) and (trailing := _ending(_TRAILING_RELAY, head, 80)):
            # "..., the Kremlin press service reported.": whoever it is, the claim before
            # it ends at its comma.
            frames.append(_Frame(_NOBODY, offset + trailing.start(), m.end(), verb, base,
                                 relay=True))
            continue
        if found is None:
            if not frames and re.search(r"[,”\"’»]\s*$", head) and m.start() <= _CLAIM_LIMIT:
                frames += _seen(_inverted(sentence, m, quotes, glossary, history), history)
            continue
        speaker, start = found
        start += offset
        plural = speaker is _NOBODY or speaker.plural or tail.lower().endswith(("s", "they"))
        if (tense == "base" and not plural) or _ARTICLE_BEFORE.search(
                sentence, max(0, start - 8), start):
            continue
        separator = _SEPARATOR.search(sentence, max(0, start - 16), start) or \
            _COMMENT_ON_CLAIM.search(sentence, max(0, start - 60), start)
        if frames and not separator and not all(f.relay for f in frames):
            continue  # "... said that he expected ...": part of the claim, not a new one
        apposition = _ending(_APPOSITION, _strip_tail(head, apposition=False), 300)
        if apposition and speaker.term is None and speaker.affiliation is None:
            side = _side(apposition.group(0), glossary)  # "X, the spokesperson of Y,"
            speaker = _Speaker(speaker.name, None, speaker.forms, speaker.kind, side)
        claim_start, relay = m.end(), False
        if speaker.name in OUTLETS and (citing := _CITING.match(sentence, m.end())):
            cited = _leading_speaker(citing["who"], glossary, history)
            if cited is not None and cited is not _NOBODY:
                speaker, claim_start = cited, citing.end()
            else:
                relay = True  # it relays someone we cannot name: no statement of the outlet
        elif speaker.name in OUTLETS and base in ("report", "write", "inform"):
            relay = True  # the outlet's own reporting: its voice is the source, not a speaker
        frame = _Frame(speaker, separator.start() if frames and separator else start,
                       claim_start, verb, base, relay=relay)
        if relay:
            frames.append(frame)
            continue
        if not frames and start <= _CLAIM_LIMIT:
            before = sentence[:start]
            frame.fixed = _preceding_quote(before, quotes)
            frame.fallback = _preceding_clause(before)
        frames += _seen(frame, history)
    return frames


_OPENING_NAME = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w’'.-]*\s+(?:(?:of|for|the)\s+)*){0,5}[A-Z][\w’'.-]*"
)


def _opening_subject(sentence: str, glossary: Glossary, history: _History) -> _Speaker | None:
    """Who the sentence opens with: a glossary name, a pronoun or a capitalised name."""
    opening = sentence[:160]
    for match in glossary.find(opening)[:1]:
        if opening[:match.start].strip(" ").lower() in ("", "the"):
            return _known(match.term, glossary)
    pronoun = re.match(r"(He|She|It|They)\b", opening)
    if pronoun:
        return history.last(_PRONOUN_KINDS[pronoun.group(1).lower()])
    name = _OPENING_NAME.match(opening)
    if name is None:
        return None
    tokens = [t for t in name.group(0).split() if t not in _OPENERS]
    if not tokens or tokens[-1].endswith(("'s", "’s")):
        return None
    return _unknown_speaker(" ".join(tokens), history, glossary)


_OPENING_CLAUSE = re.compile(
    r"([^,;:“”\"]{3,120}?)\s+(?:have|has|had|are|is|were|was|will|would|[a-z]{3,}ed)\b")


def _opening_description(sentence: str, glossary: Glossary,
                         history: _History) -> _Speaker | None:
    """The described group or role a sentence opens with: "Thousands of farmers have ..."."""
    opening = _OPENING_CLAUSE.match(sentence)
    if opening is None:
        return None
    found = _described(opening.group(1), history, glossary)
    return found[0] if found and found[1] == 0 and found[0] is not _NOBODY else None


def _seen(frame: _Frame | None, history: _History) -> list[_Frame]:
    """``frame`` as a list, its speaker now the latest for "he" and "the minister"."""
    if frame is None:
        return []
    if frame.speaker is not _NOBODY:
        history.add(frame.speaker)
    return [frame]


def _quoted_as(sentence: str, m: re.Match[str], offset: int, quoted: re.Match[str],
               quotes: _Quotes, frames: list[_Frame], glossary: Glossary,
               history: _History) -> _Frame | None:
    """"TASS quoted Peskov as saying ...", "Peskov was quoted as saying": Peskov speaks.

    The outlet only relays; the person it quotes is the speaker.
    """
    head = sentence[offset:m.start()]
    if quoted["obj"]:
        speaker = _leading_speaker(quoted["obj"], glossary, history)
        relay = _subject(_strip_tail(head[:quoted.start()]), glossary, history)
        start = offset + (relay[1] if relay else quoted.start())
    else:
        found = _subject(_strip_tail(head[:quoted.start()]), glossary, history)
        speaker, start = (found[0], offset + found[1]) if found else (None, 0)
    if speaker is None or speaker is _NOBODY:
        return None
    frame = _Frame(speaker, start, m.end(), m.group(0), "say")
    if frames:
        separator = _SEPARATOR.search(sentence, max(0, start - 16), start)
        if not separator:
            return None
        frame.boundary = separator.start()
    elif start <= _CLAIM_LIMIT:
        before = sentence[:start]
        frame.fixed = _preceding_quote(before, quotes)
        frame.fallback = _preceding_clause(before)
    return frame


def _according_to(sentence: str, m: re.Match[str], glossary: Glossary,
                  history: _History) -> _Frame | None:
    who = _ACCORDING_WHO.match(sentence, m.end())
    speaker = _leading_speaker(who.group(1), glossary, history) if who else None
    if who is None or speaker is None:
        return None
    claim_start = who.end()
    frame = _Frame(speaker, m.start(), claim_start)
    if _ONLY_END.match(sentence, claim_start) and m.start() <= _CLAIM_LIMIT:
        frame.fixed = sentence[:m.start()].rstrip(" ,")  # "..., according to X."
    return frame


def _inverted(sentence: str, m: re.Match[str], quotes: _Quotes,
              glossary: Glossary, history: _History) -> _Frame | None:
    """``“We will not retreat,” said Jane Doe.``: the speaker follows the verb."""
    name = _INVERTED_NAME.match(sentence, m.end())
    speaker = _leading_speaker(name.group(1), glossary, history) if name else None
    before = sentence[:m.start()]
    claim = _preceding_quote(before, quotes) or _preceding_clause(before)
    if name is None or speaker is None or claim is None:
        return None
    return _Frame(speaker, 0, name.end(), m.group(0), _TENSES[m.group(0)][1], claim)


def _preceding_quote(before: str, quotes: _Quotes) -> str | None:
    """The quote just before a speaker: ``“...,” X said``, also with a few words of
    description between (``“...,” ANAMA chairman X told APA``)."""
    described = _DESCRIPTION.search(before, max(0, len(before) - 80))
    for text in (before, before[:described.start()] if described else None):
        if text is not None:
            span = quotes.by_end.get(len(text.rstrip(" ,")))
            if span:
                return before[span[0]:span[1]]
    return None


def _preceding_clause(before: str) -> str | None:
    """The clause just before a speaker: ``The truce is holding, X said.``, also when
    a few words of the speaker's description come between ("..., the country's Deputy
    Foreign Minister X said")."""
    clause = before.rstrip()
    cut = clause.rfind(",")
    between = clause[cut + 1:]
    # A few words of description ("the country's deputy foreign minister"), more when they
    # are a title ("Deputy Minister of Territorial Administration and Infrastructure").
    limit = 12 if any(w.rstrip(".") in TITLES for w in between.split()) else 5
    if cut < 0 or len(between.split()) > limit or any(mark in between for mark in "“”\"«»"):
        return None
    clause = _DATELINE.sub("", clause[:cut].rstrip(" ,"))
    return clause if len(clause.split()) >= 3 else None


# "said at least 12 people were killed", "said about 200 had died": a quantity opens the
# claim, not a setting; and a clause has a finite verb, a setting ("on Sept. 20") has none.
_QUANTITY = re.compile(r"\s*(?:at\s+least|at\s+most|about|over|around|up\s+to|since)\s+\d")
_FINITE = re.compile(r"\b(?:is|are|was|were|had|has|have|will|would|could|can|may|might|must"
                     r"|should|did|does|do)\b")


# "Mirzoyan stated this at a news conference.": the claim is the sentence before.
_SAID_THIS = re.compile(
    r"\s*(?:this|so)\s*(?:[,.;]|$|\s+(?:at|in|on|during|to|while|when|after|before|following"
    r"|speaking|via|through|with|addressing|in\s+an?)\b)")
_BACK = "\x01"  # the claim is the sentence before the frame's


def _claim_after(rest: str, verb: str, base: str) -> str | None:
    """The claim after a reporting verb; ``None`` when only a setting follows, ``_BACK``
    when the verb points back ("stated this at the briefing")."""
    rest = _LEADING_TIME.sub("", rest)
    if base in _CLAUSE_VERBS | _EMPHASIS_VERBS | _words("announce declare") and \
            _SAID_THIS.match(rest):
        return _BACK
    if base in _TOLD_VERBS:  # "told reporters (on Monday) that ...": skip whom it was told
        told = re.match(r"[^,;“”\"]{0,60}?\bthat\b", rest)
        if told:
            return rest[told.end():]
        rest = _LEADING_TIME.sub("", _TOLD_OBJECT.sub("", rest, 1))
    first_word = rest.split(maxsplit=1)[0].lower() if rest.split() else ""
    if first_word in _PARTICLES.get(base, ()):  # "called on Baku to ...", "warned of"
        return f"{verb} {rest.lstrip()}"
    if base == "deny" and _REPORT_OBJECT.match(rest) and not _THAT.search(rest[:60]):
        return ""  # "denied the report": it says nothing the report did not
    if base in _CONFIRMING and (report := _REPORTS_THAT.match(rest)):
        return rest[report.end():]  # "confirmed reports that X": X is what it says
    if base == "ask":
        return f"{verb} {rest.lstrip()}" if _REQUEST.match(rest) else ""
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
    if re.match(r"(?:nothing|little|no\s+more)\s+(?:about|on|of)\b", rest):
        return None  # "said nothing about the convoy": it said nothing
    if first in _SETTING_WORDS and "," not in rest and not _QUANTITY.match(rest) and not \
            _FINITE.search(rest):
        return None  # "said on Sept. 20.", "said following the talks.": no clause
    if base in _CLAUSE_VERBS or base in _EMPHASIS_VERBS or (
            base in _CLAUSE_VERBS_UNLESS_PREP and first not in _PREPOSITIONS):
        return rest
    if base in _ACT_OF_SPEECH or rest[:1] in _OPENING_MARKS:
        return f"{verb} {rest}"
    return ""  # "announced a ceasefire", "denied the report": an act, not a claim


def _strip_marks(quote: str) -> str:
    inner = quote[1:-1].strip().rstrip(",;: ")
    return inner[:-1].rstrip() if inner.endswith(".") and not inner.endswith("..") else inner


_REBUTTAL = re.compile(
    r",\s+(?:an?|the)\s+(?:charge|claim|accusation|allegation)s?\s+(?:that\s+|which\s+)?"
    r"[^,;“”\"]{1,60}?\b(?:denies|deny|denied|rejects|reject|rejected|disputes|dispute|disputed)"
    r"\b[.\s]*$")


def _clean(text: str) -> tuple[str, bool, tuple[str, ...]]:
    """The claim's text, whether it is a direct quote, and the words it quotes.

    A direct quote is a claim that is nothing but quoted words: it loses its marks.
    Reported speech keeps its marks and lists the words it quotes ("what he called
    “anti-terrorist measures”"), for the page to mark them.
    """
    text = text.strip().lstrip(",;: ").rstrip(",;: ")
    # "accuses Baku of X, a charge Azerbaijan rejects": the rebuttal is not the claim
    text = _REBUTTAL.sub("", text)
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.)+$", text):
        text = text[:-1].rstrip()
    spans = [m.span() for m in _QUOTE.finditer(text)]
    if len(spans) == 1 and spans[0] == (0, len(text)):
        return _strip_marks(text), True, ()
    close = _OPENING_MARKS.get(text[:1])
    if not spans and close and close not in text[1:]:
        # "X said: “We will rebuild.": a quotation that runs on into the next paragraph
        return text[1:].strip(), True, ()
    return text, False, tuple(q for a, b in spans if (q := text[a + 1:b - 1].strip(" ,;:.")))


def _continued_quote(sentence: str) -> str | None:
    """The words of a sentence that only goes on with a quotation: ``“We will win.”``.

    A sentence that opens with a quotation mark and either closes it at its very end or
    never closes it (the quote runs on into the next paragraph, as news copy writes).
    """
    text = sentence.strip()
    close = _OPENING_MARKS.get(text[:1])
    if close is None:
        return None
    whole = _QUOTE.match(text)
    if whole and not text[whole.end():].strip(" .,;"):
        return _strip_marks(text[:whole.end()])
    if close not in text[1:]:
        inner = text[1:].strip()
        return inner[:-1].rstrip() if inner.endswith(".") else inner
    return None


def _mention(sentence: str, glossary: Glossary, history: _History) -> None:
    """Note the first person a sentence without a reporting frame names, outside quotes.

    That person, usually its subject, is who a "he" in the next sentence most likely
    is ("Mirzoyan met Blinken. “...,” he told Reuters."), rather than the last speaker.
    """
    quotes = _Quotes(sentence)
    people: list[tuple[int, _Speaker]] = [
        (m.start, _known(m.term, glossary)) for m in glossary.find(sentence)
        if m.term.type == "person" and not quotes.inside(m.start)
    ]
    for m in _TITLED_NAME.finditer(sentence):
        if quotes.inside(m.start()) or glossary.find(m.group(1)):
            continue
        if (speaker := _unknown_speaker(m.group(0), history, glossary)) and \
                speaker.kind == "person":
            people.append((m.start(), speaker))
            break
    opening = _FULL_NAME.match(sentence)  # "Lena Marsh was detained ...": its subject
    if opening and not glossary.find(opening.group(0)):
        words = opening.group(0).split()
        if not _not_a_name(words) and not any(w in _BODY_WORDS or w in TITLES for w in words):
            people.append((0, _Speaker(opening.group(0), None, (opening.group(0),), "person")))
    opening_body = _opening_subject(sentence, glossary, history)
    if opening_body is not None and opening_body.kind == "body" and (
            any(w in _BODY_WORDS for w in opening_body.name.split()) or opening_body.term):
        # "The Harbour Workers Union sent a letter ...": "the letter" and "it" are its.
        history.add(opening_body)
    if people:
        history.add(min(people, key=lambda p: p[0])[1])


def extract_statements(paragraphs: list[str], glossary: Glossary,
                       header: Sequence[str | None] = ()) -> list[Statement]:
    """Every statement in ``paragraphs``, in text order, with its speaker resolved.

    :param paragraphs: the article body, one string per paragraph.
    :param glossary: canonical names; a speaker it knows is reported under its name and
        affiliation, "he", "it" and role nouns point back to earlier speakers, and a
        place that is said to speak ("Yerevan said") speaks through its ``speaker``.
    :param header: the headline and dek: a paragraph that only repeats one of them (a
        saved page's standfirst kept in the body) is no statement of the body.
    :return: statements whose ``paragraph`` indexes into ``paragraphs``. A sentence (or
        paragraph) that only continues the quotation of the sentence before keeps its
        speaker.
    """
    history = _History()
    statements: list[Statement] = []
    quoting: _Speaker | None = None  # who the latest sentence quoted, for a quote that goes on
    # A transcript has turns ("Vladimir Putin: We will ..."); a lone "X: ..." line is a
    # headline, a dateline or a label.
    transcript = sum(bool(_TURN.match(p.strip())) for p in paragraphs) >= 3
    repeated = {" ".join(h.split()).casefold() for h in header if h}
    turns = [i for i, p in enumerate(paragraphs) if _TURN.match(p.strip())] if transcript else []
    turn_speaker: _Speaker | None = None  # whose turn a transcript's paragraph goes on with
    last: tuple[tuple[str, int], int] | None = None
    previous: tuple[str, int] | None = None
    claimed = True
    for index, paragraph in enumerate(paragraphs):
        if " ".join(paragraph.split()).casefold() in repeated:
            quoting = None
            continue
        if transcript and (turn := _turn(paragraph, glossary, history)):
            speaker, words = turn
            statements.append(_statement(speaker, words, True, (), index, paragraph))
            history.add(speaker)
            quoting, turn_speaker = None, speaker
            continue
        if transcript and _TURN.match(paragraph.strip()):
            turn_speaker = None  # the moderator's turn: their questions are no statements
        elif turn_speaker and index < turns[-1] and _ENDS_LIKE_A_SENTENCE.search(paragraph):
            # A paragraph between two turns goes on with the turn before it.
            words = paragraph.strip()
            words = words[:-1] if words.endswith(".") and not words.endswith("..") else words
            statements.append(_statement(turn_speaker, words, True, (), index, paragraph))
            continue
        sentences = split_sentences(paragraph)
        for at, sentence in enumerate(sentences):
            if sentence is _TAKEN:
                continue
            if last is not None:  # the sentence before, and whether it gave a statement
                previous, claimed = last[0], len(statements) > last[1]
            last = ((sentence, index), len(statements))
            _register_people(sentence, history)
            if not _ENDS_LIKE_A_SENTENCE.search(sentence):
                quoting = None
                continue
            frames = _frames(sentence, glossary, history)
            if not frames:
                continued = _continued_quote(sentence) if quoting else None
                if quoting and continued:
                    # A quotation left open runs on through the paragraph's next sentences.
                    close = _OPENING_MARKS[sentence.strip()[0]]
                    whole, closed = [sentence], close in sentence.strip()[1:]
                    while not closed and at + len(whole) < len(sentences):
                        following = sentences[at + len(whole)]
                        whole.append(following)
                        sentences[at + len(whole) - 1] = _TAKEN
                        if close in following:
                            break
                    if len(whole) > 1:
                        continued = _continued_quote(" ".join(whole)) or continued
                    statements.append(_statement(quoting, continued, True, (), index,
                                                 " ".join(whole)))
                    continue
                quoting = None
                _mention(sentence, glossary, history)
                continue
            quoting = None
            if all(frame.relay for frame in frames):
                _mention(sentence, glossary, history)
            for i, frame in enumerate(frames):
                if frame.relay:
                    continue
                claim = frame.fixed
                if claim is None:
                    end = frames[i + 1].boundary if i + 1 < len(frames) else len(sentence)
                    rest = sentence[frame.claim_start:end]
                    claim = _claim_after(rest, frame.verb, frame.base) if frame.verb else rest
                    claim = frame.fallback if claim is None else claim
                said_in, where = sentence, index
                if claim == _BACK:
                    if previous is None or claimed or frame.speaker is _NOBODY or i:
                        continue
                    (claim, where), said_in = previous, previous[0]
                    claimed = True
                if not claim:
                    continue
                text, direct, quoted = _clean(claim)
                if text:
                    statements.append(_statement(frame.speaker, text, direct, quoted, where,
                                                 said_in))
                    if (direct or quoted) and frame.speaker is not _NOBODY:
                        quoting = frame.speaker
    return statements


# A transcript's turn: "Name: what they said", the name a person's.
_TURN = re.compile(r"([A-Z][\w’'.-]+(?:\s[A-Z][\w’'.-]+){0,3}):\s+(\S.{2,})$", re.DOTALL)
_NOT_SPEAKERS = _words(
    "Moderator Question Q A Answer Interviewer Journalist Reporter Host Anchor Editor Note "
    "Photo Source Sources Tags Tag Update Updated Read Watch Caption Credit Video Audio"
)


def _turn(paragraph: str, glossary: Glossary, history: _History) -> tuple[_Speaker, str] | None:
    """A transcript's turn, "Vladimir Putin: We will decide ...": a person's own words."""
    found = _TURN.match(paragraph.strip())
    if (found is None or found.group(1).split()[0] in _NOT_SPEAKERS
            or found.group(1).isupper() or "'" in found.group(1) or "’" in found.group(1)):
        return None
    words = found.group(2).strip()
    term = glossary.get(found.group(1))
    if term is not None and term.type == "person":
        speaker = _known(term, glossary)
    elif 2 <= len(found.group(1).split()) <= 3 and not _not_a_name(found.group(1).split()):
        tokens = found.group(1).split()
        if any(t in _BODY_WORDS or t in TITLES for t in tokens):
            return None
        speaker = _Speaker(found.group(1), None, (found.group(1),), "person")
    else:
        return None
    if words.endswith(".") and not words.endswith(".."):
        words = words[:-1]
    return speaker, words


_TAKEN = "\0"  # a sentence already part of the quotation before it


def _statement(speaker: _Speaker, text: str, direct: bool, quoted: tuple[str, ...],
               paragraph: int, sentence: str) -> Statement:
    term = speaker.term
    return Statement(
        speaker=speaker.name, text=text, direct_quote=direct, paragraph=paragraph,
        sentence=sentence, affiliation=term.affiliation if term else speaker.affiliation,
        quoted=quoted,
    )
