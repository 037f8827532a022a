"""Which briefings report the same event: the editor's keys first, then automatic grouping.

The editor decides first: front matter ``event: <key>`` puts an article in that
event, ``event: none`` keeps it out of all of them. Every other article is
grouped automatically, and each grouping can be explained (:class:`Link`):

* **names**: the people, places and bodies two articles name, each weighted by
  how rare it is in the collection (``log(1 + N / df)``, as search engines weigh
  words), so that "Armenia" counts for little in a site about Armenia and a
  village's name for a lot;
* **statements**: the same speaker saying much the same thing in two sources;
* **dates**: an article joins an event only near it in time (within
  ``window_days`` of the event's first and last dates, and never making an
  automatic event longer than ``max_span_days``); an undated article may join
  any event on its names and statements.

An article is compared with an *event so far* (the sum of its members' names,
its span of dates), never with a single member: one article naming the same
region as one member cannot pull in a third a week later, so months of
coverage of one region do not chain into one event. A long-running story is
several events unless the editor gives its articles one key.

How it scales: articles are taken in date order and each one is compared only
with the events that share one of its names *in the weeks around its date*
(an inverted index of ``(name, week) -> events``), rarest names first and at
most ``max_candidates`` events; undated articles look events up by their
rarest names. The work is linear in the number of articles times that bound,
never all pairs: :attr:`EventIndex.compared` counts the comparisons, and
``bench/run.py`` groups 10,000 synthetic articles.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from briefings.events.model import Event, EventIndex, EventNote, Link, NearMiss
from briefings.events.text import canonical_statements, stems
from briefings.model import Briefing

#: ``event: none`` in front matter: the article is in no event.
NO_EVENT = "none"
_WEEK = 7
_SMALLEST_SITE = 50

#: Per article grouped: its group's number and the speakers heard per group compared.
Comparisons = dict[str, tuple[int, dict[int, tuple[str, ...]] | None]]


@dataclass(frozen=True)
class GroupingSettings:
    """The knobs of automatic grouping; the defaults are what ``corpus/events`` was scored with.

    :param threshold: the score an article needs to join an event
    :param word_share: the part of the score that comes from the headline's and lead's
        words (rare ones count most); the rest comes from the names
    :param min_shared_names: names an article must share with an event to join it,
        unless a speaker in both says much the same (one town's name is not enough)
    :param words_for_one_name: ... or unless their headlines and leads are at least this
        alike (cosine of rare words): two reports of one inquiry may share one name only
    :param statement_bonus: added for each speaker heard saying much the same in both
    :param statement_overlap: how alike (Jaccard of stems) two statements must be to match
    :param window_days: how far outside an event's dates a dated article may be
    :param max_span_days: the longest an automatic event may last, first to last date
    :param max_candidates: events compared with one article, at most
    :param near_miss: the lowest score reported as a near miss
    """

    threshold: float = 0.34
    word_share: float = 0.35
    min_shared_names: int = 2
    words_for_one_name: float = 0.2
    statement_bonus: float = 0.12
    statement_overlap: float = 0.3
    window_days: int = 3
    max_span_days: int = 6
    max_candidates: int = 64
    near_miss: float = 0.15


@dataclass(eq=False)
class _Features:
    briefing: Briefing
    date: dt.date | None
    names: dict[str, float]  # name -> weight (rarity)
    words: dict[str, float]  # content word (stem) of the headline and lead -> weight (rarity)
    statements: list[tuple[str, frozenset[str]]]  # (speaker, stems of what was said)
    # The articles in which a speaker of this one says much the same (see _echoes),
    # and the group this article is in so far.
    echoes: dict[str, tuple[int, list[_Features]]] = field(default_factory=dict)
    said_bits: dict[str, int] = field(default_factory=dict)  # its own statements' bits
    group: _Group | None = None

    @property
    def slug(self) -> str:
        return self.briefing.slug

    @cached_property
    def norms(self) -> tuple[float, float]:
        return _norm(self.names), _norm(self.words)

    @cached_property
    def rarest(self) -> list[str]:
        """The names, rarest (heaviest) first."""
        return sorted(self.names, key=lambda n: (-self.names[n], n))

    @cached_property
    def rank(self) -> dict[str, int]:
        return {name: place for place, name in enumerate(self.rarest)}



@dataclass
class _Group:
    number: int
    key: str | None  # the editor's, else given when it becomes an event
    members: list[_Features] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)  # name -> summed weight
    words: Counter[str] = field(default_factory=Counter)
    statements: dict[str, list[tuple[frozenset[str], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    first: dt.date | None = None
    last: dt.date | None = None
    days: list[int] = field(default_factory=list)  # ordinals of dated members
    spoken: dict[str, int] = field(default_factory=dict)  # speaker -> members' statements' bits
    _norms: tuple[float, float] | None = None
    _middle: float | None = None

    @property
    def norms(self) -> tuple[float, float]:
        """The lengths of the names' and words' vectors (kept until the group changes)."""
        if self._norms is None:
            self._norms = _norm(self.names), _norm(self.words)
        return self._norms

    @property
    def editor(self) -> bool:
        return self.key is not None

    @property
    def middle(self) -> float | None:
        if self._middle is None and self.days:
            self._middle = sum(self.days) / len(self.days)
        return self._middle

    def add(self, features: _Features, link: Link) -> None:
        self._norms = self._middle = None
        features.group = self
        self.members.append(features)
        self.links.append(link)
        for name, weight in features.names.items():
            self.names[name] += weight
        for word, weight in features.words.items():
            self.words[word] += weight
        self.hear(features)
        for speaker, said in features.statements:
            self.statements[speaker].append((said, features.slug))
        if features.date is not None:
            self.days.append(features.date.toordinal())
            self.first = min(self.first or features.date, features.date)
            self.last = max(self.last or features.date, features.date)

    def hear(self, features: _Features) -> None:
        for speaker, bits in features.said_bits.items():
            self.spoken[speaker] = self.spoken.get(speaker, 0) | bits

    def absorb(self, other: _Group, score: float, shared: tuple[str, ...]) -> None:
        """Take in every article of ``other`` (an automatic group found to be the same event)."""
        for features, link in zip(other.members, other.links, strict=True):
            self.add(features, Link(link.slug, "automatic", round(score, 3), shared,
                                    link.days, link.statements))
        other.members, other.links = [], []


def article_names(briefing: Briefing) -> set[str]:
    """The names an article is compared by: what it names, and who speaks in it."""
    names = {entity.name for entity in briefing.entities}
    names |= {s.speaker for s in canonical_statements(briefing) if not s.unattributed}
    return names


def lead_words(briefing: Briefing) -> frozenset[str]:
    """The content words of the headline, the dek and the first two paragraphs."""
    article = briefing.article
    return stems(" ".join([article.title, article.dek or "", *article.paragraphs[:2]]))


def effective_date(briefing: Briefing) -> dt.date | None:
    """The article's date: its publication date; ``None`` (unknown) is never guessed."""
    return briefing.article.published


def group_events(
    briefings: Iterable[Briefing],
    notes: Mapping[str, EventNote] | None = None,
    settings: GroupingSettings | None = None,
    comparisons: Comparisons | None = None,
) -> EventIndex:
    """The events of ``briefings``: the editor's keys, then automatic grouping.

    An automatic group of one article is no event; an editor's key makes an event
    even of one article. Events come newest first (by their last date; undated
    last), their briefings oldest first.

    :param notes: the editor's titles and deks per key (``events.yaml``)
    :param comparisons: filled, if given, with what statements decided: per article
        grouped (slug), in the order grouped, the group it was put in (by number,
        before groups are merged) and the speakers heard in each group it was compared
        with (``None`` for the editor's articles); see ``events._same_comparisons``
    """
    settings = settings or GroupingSettings()
    notes = notes or {}
    items = list(briefings)
    frequency: Counter[str] = Counter()
    word_frequency: Counter[str] = Counter()
    leads = {b.slug: lead_words(b) for b in items}
    for briefing in items:
        frequency.update(article_names(briefing))
        word_frequency.update(leads[briefing.slug])
    # A name in both articles of a site of two is not thereby common: rarity is
    # judged as if the site had at least this many articles.
    total = max(len(items), _SMALLEST_SITE)

    def features(briefing: Briefing) -> _Features:
        names = {n: math.log(1 + total / frequency[n]) for n in article_names(briefing)}
        # A word in most articles says nothing about which event an article reports.
        words = {w: math.log(1 + total / word_frequency[w]) for w in leads[briefing.slug]
                 if len(items) < 4 or word_frequency[w] <= len(items) / 2}
        said = [
            (s.speaker, stems(s.text)) for s in canonical_statements(briefing) if not s.unattributed
        ]
        return _Features(briefing, effective_date(briefing), names, words, said)

    groups: list[_Group] = []
    editor_groups: dict[str, _Group] = {}
    by_week: dict[tuple[str, int], list[_Group]] = defaultdict(list)
    by_name: dict[str, list[_Group]] = defaultdict(list)
    excluded: list[str] = []
    automatic: list[_Features] = []

    def register(group: _Group, item: _Features) -> None:
        for name in item.names:
            bucket = by_week[(name, _week(item.date))] if item.date else None
            if bucket is not None and (not bucket or bucket[-1] is not group):
                bucket.append(group)
            named = by_name[name]
            if not named or named[-1] is not group:
                named.append(group)

    for briefing in items:
        key = (briefing.article.event or "").strip()
        if key == NO_EVENT:
            excluded.append(briefing.slug)
            continue
        item = features(briefing)
        if not key:
            automatic.append(item)
            continue
        group = editor_groups.get(key)
        if group is None:
            group = editor_groups[key] = _Group(len(groups), key)
            groups.append(group)
        group.add(item, Link(briefing.slug, "editor", days=None))
        register(group, item)
        if comparisons is not None:
            comparisons[briefing.slug] = (group.number, None)

    # Dated articles in date order (so an event grows forwards in time), then undated ones.
    automatic.sort(key=lambda f: (f.date is None, f.date or dt.date.min, f.slug))
    compared = 0
    best_misses: dict[str, tuple[float, _Group, tuple[str, ...], str]] = {}
    least = settings.statement_overlap
    if least > 0:
        _echoes([*(f for g in groups for f in g.members), *automatic], least)
        for group in groups:  # the editor's, made before their statements had bits
            for member in group.members:
                group.hear(member)
    for item in automatic:
        candidates = _candidates(item, by_week, by_name, settings)
        compared += len(candidates)
        best: tuple[float, _Group, tuple[str, ...], tuple[str, ...], float | None] | None = None
        miss: tuple[float, _Group, tuple[str, ...], str] | None = None
        # No group changes while the candidates are scored: who is heard where is
        # worked out once for all of them.
        heard = _heard_by_group(item) if least > 0 else None
        compared_with: dict[int, tuple[str, ...]] = {}
        for group in candidates:
            if heard is None:
                matched = tuple(sorted(_speakers_heard(item, group, least)))
            else:
                matched = heard.get(group.number, ())
            compared_with[group.number] = matched
            score, shared, matched, days, refusal = _score(item, group, settings, matched)
            if refusal is None and score >= settings.threshold:
                if best is None or score > best[0]:
                    best = (score, group, shared, matched, days)
            elif score >= settings.near_miss and (miss is None or score > miss[0]):
                reason = refusal or f"score {score:.2f} below {settings.threshold:.2f}"
                miss = (score, group, shared, reason)
        if best is not None:
            score, group, shared, matched, days = best
            group.add(item, Link(item.slug, "automatic", round(score, 3), shared,
                                 None if days is None else round(days, 1), matched))
        else:
            group = _Group(len(groups), None)
            groups.append(group)
            group.add(item, Link(item.slug, "automatic", 1.0))
        register(group, item)
        if comparisons is not None:
            comparisons[item.slug] = (group.number, compared_with)
        if miss is not None and miss[1] is not group:
            best_misses[item.slug] = miss

    # A second look, event by event: two parts of one event can each have started
    # before the article that links them was read (two sources on the same
    # morning, in different words). Parts are merged as wholes, on the same rules.
    for group in groups:
        if group.editor or not group.members or group.first is None:
            continue
        for member in list(group.members):
            for other in _candidates(member, by_week, by_name, settings):
                if other is group or other.editor or not other.members or other.first is None:
                    continue
                compared += 1
                score, shared = _merged_score(group, other, settings)
                if score >= settings.threshold:
                    moved = list(other.members)
                    group.absorb(other, score, shared)
                    for item in moved:
                        register(group, item)

    events: list[Event] = []
    keys: dict[int, str] = {}
    # "index" is the events listing's page.
    taken = set(editor_groups) | {"index"}
    for group in groups:
        if not group.editor and len(group.members) < 2:
            continue
        key = group.key or _free_key(_oldest(group).slug, taken)
        taken.add(key)
        keys[group.number] = key
        events.append(_event(group, key, notes.get(key)))
    events.sort(key=lambda e: (e.end is None, -(e.end.toordinal() if e.end else 0), e.key))
    near = []
    event_of = {slug: event.key for event in events for slug in event.slugs}
    for slug, (score, group, shared, reason) in sorted(best_misses.items()):
        key = keys.get(group.number)
        if key is not None and event_of.get(slug) != key:
            near.append(NearMiss(slug, key, round(score, 3), shared, reason))
    # An article that joined a group which then stayed too small can also have
    # come close to a real event; it is listed above. The index, newest first:
    return EventIndex(events=events, excluded=excluded, near_misses=near, compared=compared)


def _week(day: dt.date) -> int:
    return day.toordinal() // _WEEK


def _candidates(
    item: _Features,
    by_week: Mapping[tuple[str, int], list[_Group]],
    by_name: Mapping[str, list[_Group]],
    settings: GroupingSettings,
) -> list[_Group]:
    """The events worth comparing ``item`` with: sharing a name, near in time; rarest first."""
    found: dict[int, _Group] = {}
    rarest_first = item.rarest
    if item.date is not None:
        reach = settings.window_days + settings.max_span_days
        weeks = range(_week(item.date - dt.timedelta(days=reach)),
                      _week(item.date + dt.timedelta(days=settings.window_days)) + 1)
        for name in rarest_first:
            for week in weeks:
                # Newest events first: with a common name, they are the likely ones.
                for group in reversed(by_week.get((name, week), ())):
                    found.setdefault(group.number, group)
                    if len(found) >= settings.max_candidates:
                        return list(found.values())
    else:
        for name in rarest_first:
            for group in reversed(by_name.get(name, ())):
                found.setdefault(group.number, group)
                if len(found) >= settings.max_candidates:
                    return list(found.values())
    return list(found.values())


def _score(
    item: _Features, group: _Group, settings: GroupingSettings, matched: tuple[str, ...]
) -> tuple[float, tuple[str, ...], tuple[str, ...], float | None, str | None]:
    """How well ``item`` fits ``group``: (score, shared names, matched speakers, days, refusal).

    The score is the cosine of the article's weighted names and the event's, plus
    a bonus per speaker saying much the same (``matched``, sorted), less a little
    for distance in time. ``refusal`` says why the article may not join whatever
    the score.
    """
    names = group.names
    shared_names = [n for n in item.names if n in names]
    if len(item.names) <= len(names):  # what _cosine would sum, in its order
        cosine = _dot(item.names, names, shared_names, item.norms[0], group.norms[0])
    else:
        cosine = _cosine(item.names, names, item.norms[0], group.norms[0])
    words = _cosine(item.words, group.words, item.norms[1], group.norms[1])
    score = ((1 - settings.word_share) * cosine + settings.word_share * words
             + settings.statement_bonus * min(len(matched), 2))
    # Rarest first: item.rank is the order of the names sorted by (-weight, name).
    shared = tuple(sorted(shared_names, key=item.rank.__getitem__)[:6])
    days: float | None = None
    refusal: str | None = None
    if (len(shared_names) < settings.min_shared_names and not matched
            and not (shared_names and words >= settings.words_for_one_name)):
        refusal = f"shares only {len(shared_names)} name{'s' if len(shared_names) != 1 else ''}"
    middle = group.middle
    if item.date is not None and middle is not None:
        day = item.date.toordinal()
        days = abs(day - middle)
        assert group.first is not None and group.last is not None
        refusal = refusal or _too_far(group, day, day, settings)
        score -= 0.05 * days / max(settings.window_days, 1)
    return max(score, 0.0), shared, matched, days, refusal


def _speakers_heard(item: _Features, group: _Group, least: float) -> set[str]:
    """The speakers of ``item`` heard in ``group`` saying much the same (``overlap`` ≥ ``least``).

    Most of grouping's time goes here, statement against statement: a speaker
    found is not compared again, and the Jaccard of :func:`overlap` is worked
    out in line (the same expression, so the same floats).
    """
    heard: set[str] = set()
    if least <= 0:  # every statement matches, even an empty one
        return {speaker for speaker, _ in item.statements if group.statements.get(speaker)}
    for speaker, said in item.statements:
        if speaker in heard or not said:
            continue
        size = len(said)
        for other, _ in group.statements.get(speaker, ()):
            if other:
                shared = len(said & other)
                if shared / (size + len(other) - shared) >= least:
                    heard.add(speaker)
                    break
    return heard


def _echoes(items: list[_Features], least: float) -> None:
    """Fill each item's ``echoes``: per speaker, which statements of that speaker in
    the items before it (a bitset over ``owners``, the article of each) say much the
    same as one of the item's (the Jaccard of stems ``>= least > 0``).

    ``items`` come in the order they are grouped, so these are the statements
    :func:`_speakers_heard` would compare the item's with, found for the whole
    collection at once instead of statement against statement at every
    comparison. For two statements of ``size`` and ``other`` stems the Jaccard,
    ``shared / (size + other - shared)``, grows with ``shared`` (rounding keeps
    that order), so it reaches ``least`` exactly when ``shared`` reaches
    :func:`_stems_needed`, found by the same expression (the same integers, the
    same float). ``shared`` is counted for all of a speaker's statements at once:
    one bitset per stem (which statements have it), added up bit by bit into a
    binary counter.
    """
    owners: dict[str, list[_Features]] = defaultdict(list)
    having: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # stem -> bitset
    sized: dict[str, dict[int, int]] = defaultdict(dict)  # size -> bitset of that size
    for item in items:
        spoken = [(speaker, said) for speaker, said in item.statements if said]
        for speaker, said in spoken:
            before = len(owners[speaker])
            if not before:
                continue
            stems_of = having[speaker]
            counter: list[int] = []  # counter[i]: statements whose count of shared stems has bit i
            for stem in said:
                carry = stems_of.get(stem, 0)
                for place, bits in enumerate(counter):
                    counter[place], carry = bits ^ carry, bits & carry
                    if not carry:
                        break
                if carry:
                    counter.append(carry)
            if not counter:
                continue
            found, everyone = 0, (1 << before) - 1
            for other, statements in sized[speaker].items():
                needed = _stems_needed(len(said), other, least)
                if needed is not None:
                    found |= _at_least(counter, needed, everyone) & statements
            if found:
                earlier, _ = item.echoes.get(speaker, (0, owners[speaker]))
                item.echoes[speaker] = (earlier | found, owners[speaker])
        # The item's own statements only after all of them: it is in no group yet.
        for speaker, said in spoken:
            spoken_by = owners[speaker]
            bit = 1 << len(spoken_by)
            spoken_by.append(item)
            sizes = sized[speaker]
            sizes[len(said)] = sizes.get(len(said), 0) | bit
            stems_of = having[speaker]
            for stem in said:
                stems_of[stem] |= bit
            item.said_bits[speaker] = item.said_bits.get(speaker, 0) | bit


@functools.lru_cache(maxsize=4096)
def _stems_needed(size: int, other: int, least: float) -> int | None:
    """The fewest shared stems that make two statements of ``size`` and ``other`` stems
    say much the same (their Jaccard ``>= least``); ``None`` when none do."""
    for shared in range(1, min(size, other) + 1):
        if shared / (size + other - shared) >= least:
            return shared
    return None


def _at_least(counter: list[int], needed: int, everyone: int) -> int:
    """The statements whose count (bit ``i`` of each in ``counter[i]``) is at least ``needed``."""
    if needed.bit_length() > len(counter):
        return 0
    more, equal = 0, everyone
    for place in range(len(counter) - 1, -1, -1):
        if needed >> place & 1:
            equal &= counter[place]
        else:
            more |= equal & counter[place]
            equal &= ~counter[place]
    return more | equal


def _heard_by_group(item: _Features) -> dict[int, tuple[str, ...]]:
    """The speakers of ``item`` heard saying much the same in each group (by number), sorted.

    What :func:`_speakers_heard` finds, for every group at once: a speaker is
    heard in a group when an article of that group echoes them.
    """
    heard: dict[int, set[str]] = defaultdict(set)
    for speaker, (found, owners) in item.echoes.items():
        while found:
            lowest = found & -found
            group = owners[lowest.bit_length() - 1].group
            if group is None:
                found ^= lowest
                continue
            heard[group.number].add(speaker)
            found &= ~group.spoken[speaker]  # the group's other statements: heard already
    return {number: tuple(sorted(speakers)) for number, speakers in heard.items()}


def _merged_score(
    group: _Group, other: _Group, settings: GroupingSettings
) -> tuple[float, tuple[str, ...]]:
    """How alike two automatic groups are, as wholes (0 when they may not be merged)."""
    assert other.first is not None and other.last is not None
    shared = [n for n in other.names if n in group.names]
    words = _cosine(group.words, other.words, group.norms[1], other.norms[1])
    enough = len(shared) >= settings.min_shared_names or (
        shared and words >= settings.words_for_one_name
    )
    if not enough or _too_far(group, other.first.toordinal(), other.last.toordinal(), settings):
        return 0.0, ()
    names = _cosine(group.names, other.names, group.norms[0], other.norms[0])
    score = (1 - settings.word_share) * names + (
        settings.word_share * words
    )
    return score, tuple(sorted(shared, key=lambda n: (-other.names[n], n))[:6])


def _too_far(group: _Group, first: int, last: int, settings: GroupingSettings) -> str | None:
    """Why articles dated ``first`` to ``last`` (ordinals) may not join ``group``, if so."""
    assert group.first is not None and group.last is not None
    before = group.first.toordinal() - last
    after = first - group.last.toordinal()
    span = max(group.last.toordinal(), last) - min(group.first.toordinal(), first)
    if max(before, after) > settings.window_days:
        return f"{max(before, after)} days from the event's dates"
    if span > settings.max_span_days and not group.editor:
        return f"the event would last {span} days"
    return None


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def _cosine(a: Mapping[str, float], b: Mapping[str, float], norm_a: float, norm_b: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return _dot(a, b, [key for key in a if key in b], norm_a, norm_b)


def _dot(a: Mapping[str, float], b: Mapping[str, float], shared: list[str], norm_a: float,
         norm_b: float) -> float:
    """The cosine of ``a`` and ``b`` from their ``shared`` keys in ``a``'s order.

    The products ``a[key] * b[key]`` summed left to right in that order, as a loop
    over ``a``'s items would: grouping's scores are compared for ties, so every run
    must add them up the same way.
    """
    if not norm_a or not norm_b:
        return 0.0
    dot = sum(map(operator.mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))
    return dot / (norm_a * norm_b)


def _oldest(group: _Group) -> _Features:
    return min(group.members, key=lambda f: (f.date is None, f.date or dt.date.min, f.slug))


def _free_key(base: str, taken: set[str]) -> str:
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _event(group: _Group, key: str, note: EventNote | None) -> Event:
    order = sorted(
        range(len(group.members)),
        key=lambda i: (group.members[i].date is None, group.members[i].date or dt.date.min,
                       group.members[i].slug),
    )
    briefings = [group.members[i].briefing for i in order]
    links = [group.links[i] for i in order]
    if note is not None and note.title:
        title, generated = note.title, False
    else:
        title, generated = generated_headline(briefings), True
    return Event(key, briefings, links, title, generated, note.dek if note else None)


def generated_headline(briefings: list[Briefing]) -> str:
    """A headline for an event no editor named: the title of its most central source.

    The source whose names the others share most, as written by that source: a
    headline someone wrote is better than one assembled from names, and it is
    flagged as generated, for an editor to replace in ``events.yaml``.
    """
    counts: Counter[str] = Counter()
    for briefing in briefings:
        counts.update(article_names(briefing))

    def centrality(briefing: Briefing) -> tuple[int, int, str]:
        names = article_names(briefing)
        return (sum(counts[n] - 1 for n in names), not briefing.article.title_generated,
                briefing.slug)

    return max(briefings, key=centrality).article.title
