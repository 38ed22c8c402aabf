"""Comment extraction from a Japan Today-like page with 1,000 comments.

Figure: :func:`bot.extract.extract_article` (selectolax/lexbor) on the page the fake news site
serves for ``?comment-order=popular`` — realistic comment lengths, replies quoting earlier
comments, the site's vote lines. Baseline: the same extraction over BeautifulSoup with
``html.parser`` (:mod:`bench.baselines.soup_extract`), which must return an identical
:class:`~bot.models.Article`; the benchmark checks that it does. A second row uses the
lighter generated page of ``tests/extract/big_thread.py``. A third row, informational, times a
scraper written for the fake site's markup alone (:mod:`bench.baselines.fixed_markup`): it
discovers nothing and matches no quotes, so it shows about the least that reading the page can
take in Python over lexbor.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

from bench.baselines import fixed_markup, soup_extract
from bench.common import Context, Row, interleaved, median, ms, size, timed, times
from bench.corpus import fake_article
from bot.extract import extract_article
from tests.extract.big_thread import japantoday_thread_html
from tests.fakes.newssite import render_japantoday_page

NAME = "extract"
TARGET_SECONDS = 0.020
TARGET_SPEEDUP = 10.0
NOW = datetime(2025, 7, 9, 3, 0, tzinfo=UTC)
URL = "https://japantoday.com/category/politics/story-1?comment-order=popular"


def _row(ctx: Context, workload: str, html: str) -> Row:
    def ours() -> object:
        return extract_article(html, URL, fetched_at=NOW)

    def theirs() -> object:
        return soup_extract.extract_article(html, URL, fetched_at=NOW)

    article, baseline_article = ours(), theirs()
    identical = article == baseline_article
    soup_reps = min(ctx.reps, 5)
    ours_times, soup_times = interleaved(ours, theirs, soup_reps)
    ours_times += [timed(ours) for _ in range(ctx.reps - soup_reps)]
    lexbor_parse = median([timed(lambda: LexborHTMLParser(html)) for _ in range(3)])
    soup_parse = median([timed(lambda: BeautifulSoup(html, "html.parser")) for _ in range(2)])
    ours_s, soup_s = median(ours_times), median(soup_times)
    speedup = soup_s / ours_s
    comments = len(article.comments)  # type: ignore[attr-defined]
    return Row(
        benchmark=NAME,
        workload=f"{workload}: {comments:,} comments, {size(len(html.encode()))}",
        figure=f"{ms(ours_s)} (median of {len(ours_times)})",
        baseline=f"same algorithm on BeautifulSoup(html.parser): {ms(soup_s)} "
        f"(median of {len(soup_times)}); output identical: {'yes' if identical else 'NO'}",
        ratio=f"{times(speedup)} faster",
        target="< 20 ms, ≥ 10× faster than BeautifulSoup, identical output",
        met=identical and ours_s < TARGET_SECONDS and speedup >= TARGET_SPEEDUP,
        values={
            "comments": comments,
            "html_bytes": len(html.encode()),
            "ours_median_s": ours_s,
            "ours_min_s": min(ours_times),
            "soup_median_s": soup_s,
            "speedup": speedup,
            "identical": float(identical),
            "lexbor_parse_s": lexbor_parse,
            "soup_parse_s": soup_parse,
        },
        notes=[
            f"{workload}: parsing alone takes {ms(lexbor_parse)} with lexbor and "
            f"{ms(soup_parse)} with html.parser + BeautifulSoup; the rest of our "
            f"{ms(ours_s)} is the extractor's own Python (~{ms(ours_s - lexbor_parse)})",
        ],
    )


def _floor_row(ctx: Context, html: str) -> Row:
    """Ours against the scraper that knows the markup: how far above the floor we are."""

    def ours() -> object:
        return extract_article(html, URL, fetched_at=NOW)

    def fixed() -> object:
        return fixed_markup.read_comments(html, NOW)

    article, scraped = ours(), fixed_markup.read_comments(html, NOW)
    found = article.comments  # type: ignore[attr-defined]
    same_fields = sum(
        (a.id, a.author, a.posted, a.score, a.up, a.down)
        == (b.id, b.author, b.posted, b.score, b.up, b.down)
        for a, b in zip(found, scraped, strict=False)
    )
    same_text = sum(a.text == b.text for a, b in zip(found, scraped, strict=False))
    ours_times, fixed_times = interleaved(ours, fixed, ctx.reps)
    ours_s, fixed_s = median(ours_times), median(fixed_times)
    return Row(
        benchmark=NAME,
        workload=f"fake news site page, against a scraper written for its markup alone "
        f"({len(scraped):,} comments)",
        figure=f"{ms(ours_s)} (median of {len(ours_times)})",
        baseline=f"the fixed-markup scraper: {ms(fixed_s)} (median of {len(fixed_times)}); "
        f"same id, author, time and votes on {same_fields:,} of {len(scraped):,} comments, "
        f"same text on {same_text:,} (it leaves in the quotes it cannot match)",
        ratio=f"{ours_s / fixed_s:.2f}× the scraper's time",
        target="(informational: the least this page can take)",
        met=None,
        values={
            "ours_median_s": ours_s,
            "fixed_median_s": fixed_s,
            "same_fields": same_fields,
            "same_text": same_text,
        },
        notes=[
            f"fixed-markup scraper: {ms(fixed_s)}; the page's target of 20 ms is "
            f"{0.020 / fixed_s:.2f}× what a scraper that discovers nothing takes",
        ],
    )


def run(ctx: Context) -> list[Row]:
    count = ctx.size(1000, 40)
    article = fake_article(1, count)
    page = render_japantoday_page(article, comment_order="popular", now=NOW)
    return [
        _row(ctx, "fake news site page", page),
        _row(ctx, "tests/extract/big_thread page", japantoday_thread_html(count)),
        _floor_row(ctx, page),
    ]
