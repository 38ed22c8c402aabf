"""Deterministic synthetic discussions for the benchmarks: comment threads that read like the
reader comments under a Japan Today tariff story.

Each comment is one to six sentences built from templates over a few themes (cars, rice,
steel, the negotiators, US politics, the economy), so that a thread has real viewpoints to
find; a long tail of rarer words (place names, numbers, pseudo-words drawn with a Zipf law)
gives the search index a natural vocabulary. About one comment in six replies to an earlier
one and quotes a sentence of it, as Japan Today readers do. Votes follow a skewed law with a
few popular and a few divisive comments. The same ``seed`` always gives the same thread.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bot.models import Article, Comment
from tests.fakes.newssite import JST, FakeArticle, FakeComment, FakeQuote

T0 = datetime(2025, 7, 6, 9, 0, tzinfo=UTC)

THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # subjects, predicates, objects
    "autos": (
        ("Toyota", "Honda", "the carmakers", "Japanese dealers", "Nissan", "Mazda", "Subaru"),
        (
            "will absorb the cost of",
            "cannot pass on",
            "has set aside money for",
            "is moving production because of",
            "keeps losing margin on",
            "quietly covers",
        ),
        (
            "the auto tariffs",
            "the 27.5% tariff on imported cars",
            "duties on auto parts",
            "the levy on pickup trucks",
            "higher car prices in Ohio",
            "the dealer inventory",
        ),
    ),
    "rice": (
        ("Japanese farmers", "JA", "the rice lobby", "MAFF", "rural voters", "Niigata growers"),
        (
            "will never accept",
            "are terrified of",
            "keep blocking",
            "would be ruined by",
            "have protected themselves from",
            "are lobbying hard against",
        ),
        (
            "cheap American rice",
            "opening the rice market",
            "the 778% rice tariff",
            "a quota for US rice",
            "imports of California rice",
            "the minimum access rice",
        ),
    ),
    "steel": (
        ("Nippon Steel", "US Steel", "the steel workers", "Pittsburgh", "the unions"),
        (
            "will suffer from",
            "were promised protection by",
            "still depend on",
            "cannot compete without",
            "lost jobs because of",
        ),
        (
            "the Section 232 duties",
            "the steel and aluminum tariffs",
            "the golden share",
            "the merger terms",
            "cheap Chinese steel",
            "national security tariffs",
        ),
    ),
    "talks": (
        ("Akazawa", "Lutnick", "Bessent", "the negotiators", "Ishiba", "the trade team"),
        (
            "spent fifteen minutes on",
            "flew to Washington again for",
            "got nowhere with",
            "keeps talking about",
            "was humiliated over",
            "should walk away from",
        ),
        (
            "the phone calls",
            "a deal beneficial to both countries",
            "the seventh round",
            "a paper napkin agreement",
            "the reciprocal tariff",
            "the July deadline",
        ),
    ),
    "politics": (
        ("Trump", "the White House", "the Republicans", "American voters", "the president"),
        (
            "does not care about",
            "will back off on",
            "lied about",
            "is bluffing on",
            "will blame Japan for",
            "only understands",
        ),
        (
            "the midterm elections",
            "the trade deficit",
            "allies like Japan",
            "the stock market",
            "his billionaire friends",
            "the tariff revenue",
        ),
    ),
    "economy": (
        ("The yen", "Japanese exports", "GDP growth", "inflation", "the Nikkei", "consumers"),
        (
            "will be hit by",
            "already reflects",
            "shrugged off",
            "depends on",
            "is more exposed to",
            "recovered despite",
        ),
        (
            "the trade war",
            "weak domestic demand",
            "the aging population",
            "supply chain shifts",
            "Chinese competition",
            "the Bank of Japan",
        ),
    ),
}

OPENERS = (
    "",
    "",
    "",
    "",
    "Honestly, ",
    "Frankly ",
    "Lol. ",
    "Sure, ",
    "Let's be real: ",
    "Again, ",
    "Meanwhile ",
    "As usual, ",
    "Funny how ",
    "Remember when ",
    "In the long run ",
)
CLOSERS = (
    ".",
    ".",
    ".",
    ".",
    ".",
    "!",
    "?",
    "...",
    ". No one wins.",
    ". Bottom line.",
    ". Simple as that.",
    ". Mark my words.",
    ", and everyone knows it.",
)
ASIDES = (
    "Japan is a great ally but everyone needs to pay their fair share.",
    "America is not your friend Japan.",
    "Maybe Japan needs to do what Canada just did.",
    "Might as well write the deal on a napkin.",
    "Two calls of fifteen minutes is not a negotiation.",
    "Be confident in your products and build them in the US.",
    "Europe is also open to export growth.",
    "The tariffs are a tax paid by American consumers.",
    "Nobody voted for higher prices.",
    "Supply chains take years to move.",
    "This is humiliating for Japan.",
    "Lutnick cannot even be bothered to meet him face to face.",
    "I have been saying this for months.",
    "Source: https://www.trade.gov/country-commercial-guides/japan-trade-barriers",
    "100% tariffs on iPhones from the Japan side. Bring it!",
    "Toyota increased global sales this quarter anyway.",
    "The trade deficit climbed almost 10% because exports fell.",
)
PLACES = (
    "Osaka",
    "Nagoya",
    "Aichi",
    "Kyushu",
    "Hokkaido",
    "Detroit",
    "Ohio",
    "Kentucky",
    "Texas",
    "Seoul",
    "Ottawa",
    "Brussels",
    "Beijing",
    "Hanoi",
    "Mumbai",
    "Sydney",
    "Geneva",
    "Yokohama",
)
NAMES = (
    "dan",
    "OssanAmerica",
    "Peter Neil",
    "sakura",
    "ken",
    "tradewatcher",
    "quietreader",
    "Desert Tortoise",
    "Jay",
    "Fighto!",
    "kurisupisu",
    "Blue Sky",
    "TokyoJimu",
    "Strangerland",
    "virusrex",
    "Hiro",
    "Numan",
    "Asiaman7",
    "wallace",
    "GdTokyo",
    "Sven Asai",
    "bass4funk",
    "Mr Kipling",
    "itsonlyrocknroll",
    "Aly Rustom",
    "falseflag",
    "Moonraker",
    "Yubaru",
)
_SYLLABLES = ("ka", "to", "ri", "mo", "sen", "ba", "lu", "ne", "gor", "vi", "dan", "shi", "po")


@functools.cache
def _lexicon(size: int, seed: int) -> tuple[str, ...]:
    """``size`` pseudo-words (the long tail of a real vocabulary), in a fixed random order."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)  # the Zipf head is then no particular kind of word
    return tuple(ordered)


@functools.cache
def _harmonic(n: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))


class _Zipf:
    """Draws items with probability proportional to 1 / rank."""

    def __init__(self, items: tuple[str, ...], rng: random.Random) -> None:
        self.items = items
        self.cumulative = _harmonic(len(items))
        self.rng = rng

    def draw(self) -> str:
        x = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]


class ThreadWriter:
    """Writes comments; one writer per thread keeps the thread's themes and authors."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.themes = self.rng.sample(sorted(THEMES), k=self.rng.randint(2, 4))
        self.authors = [*NAMES, *(f"reader{self.rng.randint(1, 99999)}" for _ in range(200))]
        self.tail = _Zipf(_lexicon(3000, 7), self.rng)

    def sentence(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            return rng.choice(ASIDES)
        theme = THEMES[rng.choice(self.themes) if roll < 0.85 else rng.choice(sorted(THEMES))]
        subject, predicate, obj = (rng.choice(part) for part in theme)
        extra = ""
        if rng.random() < 0.35:
            extra = f" in {rng.choice(PLACES)}"
        if rng.random() < 0.3:
            extra += f" like the {self.tail.draw()} {self.tail.draw()} case"
        if rng.random() < 0.15:
            extra += f" by {rng.randint(2, 40)}%"
        opener = rng.choice(OPENERS)
        text = f"{opener}{subject} {predicate} {obj}{extra}{rng.choice(CLOSERS)}"
        return text[0].upper() + text[1:]

    def text(self) -> str:
        rng = self.rng
        sentences = [self.sentence() for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5, 6)))]
        if len(sentences) > 2 and rng.random() < 0.4:
            cut = rng.randint(1, len(sentences) - 1)
            return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])
        return " ".join(sentences)

    def votes(self) -> tuple[int, int]:
        rng = self.rng
        kind = rng.random()
        if kind < 0.05:  # popular
            return rng.randint(15, 60), rng.randint(0, 6)
        if kind < 0.10:  # divisive
            return rng.randint(8, 30), rng.randint(8, 30)
        if kind < 0.25:  # disliked
            return rng.randint(0, 3), rng.randint(3, 15)
        return rng.randint(0, 8), rng.randint(0, 4)


def fake_thread(n: int, *, seed: int = 1, start: datetime = T0) -> list[FakeComment]:
    """``n`` comments for the fake news site, oldest first, replies quoting earlier ones."""
    writer = ThreadWriter(seed)
    rng = writer.rng
    comments: list[FakeComment] = []
    for i in range(n):
        up, down = writer.votes()
        posted = start + timedelta(minutes=3 * i + rng.randint(0, 2))
        quote = None
        if comments and rng.random() < 0.16:
            parent = comments[rng.randrange(len(comments))]
            first = parent.text.split("\n\n")[0]
            header = rng.random() < 0.5
            quote = FakeQuote(
                first,
                author=parent.author if header else None,
                time_label=_time_label(parent.posted) if header and parent.posted else None,
            )
        comments.append(
            FakeComment(
                author=rng.choice(writer.authors),
                text=writer.text(),
                up=up,
                down=down,
                posted=posted,
                quote=quote,
                id=str(100001 + i + seed * 1_000_000),
            )
        )
    return comments


def _time_label(when: datetime) -> str:
    local = when.astimezone(JST)
    return local.strftime("%b. %-d  %I:%M %p JST").replace("AM", "am").replace("PM", "pm")


def thread(n: int, *, seed: int = 1, start: datetime = T0) -> list[Comment]:
    """``n`` comments as the extractor would give them (replies name their parent)."""
    writer = ThreadWriter(seed)
    rng = writer.rng
    out: list[Comment] = []
    for i in range(n):
        up, down = writer.votes()
        parent = out[rng.randrange(len(out))].id if out and rng.random() < 0.16 else None
        out.append(
            Comment(
                id=f"{seed}-{i}",
                author=rng.choice(writer.authors),
                text=writer.text(),
                posted=start + timedelta(minutes=3 * i),
                score=up - down,
                up=up,
                down=down,
                parent=parent,
                position=i,
            )
        )
    return out


TITLES = (
    "Japan tariff negotiator in Washington holds talks twice with Lutnick",
    "Carmakers brace for Section 232 tariff increase",
    "Rice farmers fear a trade deal that opens the market",
    "Tariff talks stall over auto parts quota",
    "Steel makers warn of job losses as duties rise",
    "Exporters count the cost of the trade war",
)


def article_title(i: int) -> str:
    return f"{TITLES[i % len(TITLES)]} ({i})"


def article_body(i: int) -> list[str]:
    writer = ThreadWriter(10_000 + i)
    return [
        f"Japan's top tariff negotiator spoke with U.S. officials again on day {i}, an official "
        "said, as both sides try to iron out the most difficult issues in the trade talks.",
        *(writer.text() for _ in range(4)),
    ]


def stored_articles(
    n_articles: int,
    comments_each: int,
    *,
    start: int = 0,
    base_url: str = "https://japantoday.com",
) -> Iterator[Article]:
    """Articles ``start`` … ``n_articles - 1`` with their threads, as a poll stores them."""
    for i in range(start, n_articles):
        url = f"{base_url}/category/politics/tariff-story-{i}"
        comments = tuple(thread(comments_each, seed=i + 1, start=T0 + timedelta(hours=i)))
        yield Article(
            url=url,
            title=article_title(i),
            published=T0 + timedelta(hours=i),
            body=tuple(article_body(i)),
            comments=comments,
            comment_count=len(comments),
            source="japantoday",
            guid=url,
        )


def fake_article(i: int, comments: int, *, start: datetime = T0) -> FakeArticle:
    """An article for the fake news site (path ``/category/politics/story-<i>``)."""
    return FakeArticle(
        path=f"/category/politics/story-{i}",
        title=article_title(i),
        body=article_body(i),
        comments=fake_thread(comments, seed=i + 1, start=start),
        published=start - timedelta(minutes=i),
    )
