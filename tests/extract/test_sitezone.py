"""The zone a page's comment times are in, when its source does not say."""

from __future__ import annotations

import pytest

from bot.extract.sitezone import page_zone


@pytest.mark.parametrize(
    ("url", "lang", "locale", "published", "zone"),
    [
        # the published time's offset, among the zones of the page's countries first
        ("https://www.corriere.it/a.shtml", "it", "", ["2025-07-08T05:30:00+02:00"], "Europe/Rome"),
        (
            "https://www.lemonde.fr/a.html",
            "fr",
            "fr_FR",
            ["2025-07-08T05:30:00+02:00"],
            "Europe/Paris",
        ),
        ("https://japantoday.com/a", "en", "", ["2025-06-29T07:35:00+09:00"], "Asia/Tokyo"),
        ("https://news.example.com/a", "en", "", ["2025-07-08 09:00:00-04:00"], "America/New_York"),
        (
            "https://news.example.com/a",
            "en",
            "",
            ["2026-01-08T09:00:00-08:00"],
            "America/Los_Angeles",
        ),
        # an offset no zone of the page's countries has at that moment: one that has it
        ("https://www.example.de/a", "de", "", ["2025-07-08T05:30:00+09:00"], "Asia/Tokyo"),
        ("https://x.example/a", "", "", ["2025-07-08T05:30:00+04:00"], "Etc/GMT-4"),
        # UTC says nothing, "+00:00" as much: the next time, the locale, the language, the
        # domain
        (
            "https://www.spiegel.de/a",
            "de",
            "",
            ["2025-07-07T17:32:00+00:00", "2025-07-07T19:32:00+02:00"],
            "Europe/Berlin",
        ),
        ("https://www.example.fr/a", "", "", ["2025-07-07T17:32:00+00:00"], "Europe/Paris"),
        ("https://www.elpais.com/a", "es-ES", "", ["2025-07-08T03:30:00Z"], "Europe/Madrid"),
        ("https://www.zeit.de/a", "", "de_AT", [], "Europe/Vienna"),
        ("https://www.folha.uol.com.br/a", "pt-BR", "", [], "America/Sao_Paulo"),
        ("https://www.bbc.co.uk/news/a", "en", "", [], "Europe/London"),
        ("https://tieba.baidu.com/p/1", "zh-TW", "", [], "Asia/Taipei"),
        ("https://news.example.com/a", "en", "", [], "America/New_York"),
        ("https://news.example.com/a", "", "", [], "UTC"),
    ],
)
def test_the_zone_a_page_says_it_is_from(
    url: str, lang: str, locale: str, published: list[str], zone: str
) -> None:
    assert page_zone(url=url, lang=lang, locale=locale, published=published) == zone
