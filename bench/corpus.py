"""A synthetic news corpus in the shapes ``content/`` accepts, for the benchmark.

Every article is about 600 words: a headline, a dek, eight paragraphs of three
sentences with statements ("…," X said), reported speech, "according to"
claims and dated events. Even-numbered articles are Markdown with YAML front
matter; odd-numbered ones are raw text pasted from a news page: a title line,
a dek, a credit line, a dateline, hard-wrapped lines, "Read more" lines and a
social-media embed, with Windows line endings on every fourth article.

The text is made from word lists with a seeded random generator, so a corpus is
the same on every run, and sentences are drawn from millions of combinations,
so articles share almost no unit, as in a real desk's archive.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

PEOPLE = [
    ("Ilham Aliyev", "Azerbaijani President"), ("Nikol Pashinyan", "Armenian Prime Minister"),
    ("Vladimir Putin", "Russian President"), ("Hikmet Hajiyev", "presidential advisor"),
    ("Charles Michel", "European Council President"),
    ("Anna Petrosyan", "regional governor"), ("Rashad Mammadov", "ministry spokesman"),
    ("Elena Sokolova", "deputy minister"), ("David Harutyunyan", "opposition leader"),
    ("Leyla Huseynova", "parliament speaker"), ("Oleg Morozov", "senior diplomat"),
    ("Maria Keller", "aid coordinator"), ("Tigran Avetisyan", "mayor"),
    ("Samir Aliyev", "port director"), ("Irina Volkova", "central bank governor"),
    ("Armen Sargsyan", "trade union head"), ("Farid Guliyev", "energy minister"),
]
BODIES = [
    "the Defense Ministry", "the Foreign Ministry", "the United Nations", "the European Union",
    "the Red Cross", "the World Bank", "the Interior Ministry", "the election commission",
    "the central bank", "the health ministry", "the port authority", "the railway company",
]
PLACES = [
    "Baku", "Yerevan", "Moscow", "Brussels", "Stepanakert", "Ganja", "Gyumri", "Tbilisi",
    "Lachin", "Goris", "Shusha", "Vanadzor", "Sumgait", "Kazan", "Geneva", "Vienna",
]
TOPICS = [
    "the new border crossing", "the grain corridor", "the water agreement", "the rail link",
    "the pension reform", "the power grid", "the customs union", "the refugee programme",
    "the regional budget", "the fuel subsidy", "the school reopening", "the bridge repairs",
    "the mining licence", "the fishing quota", "the road toll", "the gas pipeline",
    "the housing scheme", "the vaccine campaign", "the harvest forecast", "the tax amnesty",
]
ADJECTIVES = [
    "urgent", "difficult", "gradual", "careful", "significant", "modest", "temporary",
    "lasting", "sudden", "public", "detailed", "formal", "limited", "broad", "quiet",
    "renewed", "partial", "regional", "national", "early", "late", "costly", "cheap",
]
NOUNS = [
    "talks", "measures", "repairs", "inspections", "payments", "deliveries", "reforms",
    "negotiations", "investigations", "elections", "hearings", "protests", "exercises",
    "shipments", "consultations", "projects", "contracts", "loans", "visits", "reviews",
]
VERBS = [
    "resumed", "stalled", "continued", "ended", "began", "slowed", "expanded", "paused",
    "accelerated", "collapsed", "recovered", "improved", "worsened", "restarted",
]
REASONS = [
    "after heavy rain damaged the roads", "because funding arrived late",
    "despite objections from local officials", "following weeks of delays",
    "as prices for fuel and food rose", "while inspectors checked the documents",
    "after a dispute over the contract", "because the weather improved",
    "amid concern about the cost", "after residents asked for more time",
]
WORDS = [
    "village", "town", "district", "market", "factory", "clinic", "school", "harbour",
    "station", "bridge", "tunnel", "valley", "river", "farm", "warehouse", "office", "court",
    "council", "budget", "report", "survey", "plan", "schedule", "route", "convoy", "truck",
    "train", "ferry", "flight", "permit", "licence", "tender", "audit", "ledger", "census",
    "ballot",
]
OUTLETS = ["Caucasus Wire", "Regional Herald", "Baku Observer", "Yerevan Daily", "Reuters"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated source: its file name and its text."""

    name: str
    text: str


class _Writer:
    """The sentences of one article, from one seeded generator."""

    def __init__(self, rng: random.Random, number: int, published: dt.date) -> None:
        self.rng = rng
        self.number = number
        self.published = published

    def pick(self, items: list) -> object:  # type: ignore[type-arg]
        return self.rng.choice(items)

    def clause(self) -> str:
        r = self.rng
        clause = (
            f"{self.pick(ADJECTIVES)} {self.pick(NOUNS)} on {self.pick(TOPICS)} "
            f"{self.pick(VERBS)} in {self.pick(PLACES)} {self.pick(REASONS)}"
        )
        if r.random() < 0.4:
            clause += f", leaving {r.randint(2, 950)} {self.pick(WORDS)} workers waiting"
        return clause

    def date_phrase(self) -> str:
        day = self.published - dt.timedelta(days=self.rng.randint(1, 40))
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"

    def sentence(self, kind: int) -> str:
        person, role = self.pick(PEOPLE)  # type: ignore[misc]
        body = self.pick(BODIES)
        clause = self.clause()
        if kind == 0:
            return f'"The {clause}," {person} said {self.pick(WEEKDAYS)}.'
        if kind == 1:
            return f"{role.capitalize()} {person} said that the {clause}."
        if kind == 2:
            return f"According to {body}, the {clause}."
        if kind == 3:
            return f"The {clause} {self.date_phrase()}, officials in {self.pick(PLACES)} said."
        if kind == 4:
            return (f"{str(body)[0].upper()}{str(body)[1:]} announced that the {clause}, "
                    f"adding that the {self.pick(NOUNS)} would go on.")
        return f"The {clause}, and the {self.pick(WORDS)} in {self.pick(PLACES)} stayed shut."

    def paragraph(self) -> str:
        return " ".join(self.sentence(self.rng.randrange(6)) for _ in range(3))


def make_article(number: int, *, seed: int = 0) -> SyntheticArticle:
    """Article ``number`` of the corpus made with ``seed`` (the same on every run)."""
    rng = random.Random(f"{seed}-{number}")
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
    writer = _Writer(rng, number, published)
    topic = str(writer.pick(TOPICS))
    place = str(writer.pick(PLACES))
    title = f"{topic[4:].capitalize()} {writer.pick(VERBS)} in {place} ({number})"
    dek = f"Officials say the {writer.clause()}."
    paragraphs = [writer.paragraph() for _ in range(8)]
    outlet = str(writer.pick(OUTLETS))
    person, _ = writer.pick(PEOPLE)  # type: ignore[misc]
    slug = f"synthetic-{number:05d}"
    if number % 2 == 0:
        front = "\n".join([
            "---",
            f'title: "{title}"',
            f'dek: "{dek}"',
            f"published: {published.isoformat()}",
            f"source: {outlet}",
            f"url: https://news.example.org/{slug}",
            f"author: {person}",
            f"tags: [{topic[4:]}, {place}]",
            # Every tenth article in an editor's event, four to an event.
            *([f"event: synthetic-event-{number // 40:04d}"] if number % 10 == 0 else []),
            "---",
        ])
        return SyntheticArticle(f"{slug}.md", front + "\n\n" + "\n\n".join(paragraphs) + "\n")
    # Raw text as pasted from a page: credit, dateline, furniture, hard-wrapped lines.
    month = MONTHS[published.month - 1]
    lines = [title, dek, f"By {person}, {outlet}", ""]
    paragraphs[0] = f"{place.upper()}, {month} {published.day} ({outlet}) - {paragraphs[0]}"
    for index, paragraph in enumerate(paragraphs):
        lines.extend(textwrap.wrap(paragraph, 78))
        lines.append("")
        if index == 2:
            lines += [f"Read more: {writer.pick(TOPICS)} explained", ""]
        if index == 5:
            lines += [
                f"Crowds gathered in {place} on {month} {published.day}. pic.twitter.com/x{number}",
                f"— {outlet} (@newsdesk) {month} {published.day}, {published.year}",
                "",
            ]
    text = "\n".join(lines)
    if number % 4 == 1:
        text = text.replace("\n", "\r\n")
    return SyntheticArticle(f"{slug}.txt", text)


def write_corpus(content: Path, articles: int, *, seed: int = 0) -> list[Path]:
    """Write ``articles`` synthetic sources into ``content`` (created); their paths."""
    content.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(articles):
        article = make_article(number, seed=seed)
        path = content / article.name
        path.write_bytes(article.text.encode("utf-8"))
        paths.append(path)
    return paths


def training_text(articles: int = 300, *, seed: int = 1) -> list[str]:
    """Sentences for training a tokenizer: a corpus other than the one measured."""
    sentences = []
    for number in range(articles):
        text = make_article(number, seed=seed).text
        sentences.extend(line for line in text.replace("\r", "").split("\n") if line.strip())
    return sentences


def tokenizer_training_text(articles: int = 300, *, seed: int = 1) -> list[str]:
    """Text to train the benchmark models' SentencePiece tokenizer on.

    Sentences of another corpus than the one measured, plus sentences of made-up
    words: word lists alone give a vocabulary of about a thousand pieces, and a
    real Argos package has several thousand, which sets the size of the model's
    embeddings and output layer.
    """
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["sh", "ch", "ts", "kh"]
    sentences = []
    for number in range(articles):
        text = make_article(number, seed=seed).text
        sentences.extend(line for line in text.replace("\r", "").split("\n") if line.strip())
    for _ in range(articles * 20):
        words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                 for _ in range(12)]
        sentences.append(" ".join(words).capitalize() + ".")
    return sentences
