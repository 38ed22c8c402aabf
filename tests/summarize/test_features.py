"""Sentences and content words: the pieces quotes and labels are cut from."""

from __future__ import annotations

from bot.summarize.features import content_keys, content_tokens, sentence_spans


def sentences(text: str) -> list[str]:
    joined, spans = sentence_spans(text)
    return [joined[s:e] for s, e in spans]


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = (
        "Akazawa met U.S. Commerce Secretary Lutnick. Mr. Trump was not there! Was it 2 p.m. JST?"
    )
    assert sentences(text) == [
        "Akazawa met U.S. Commerce Secretary Lutnick.",
        "Mr. Trump was not there!",
        "Was it 2 p.m. JST?",
    ]


def test_line_breaks_end_sentences_and_spans_index_the_normalized_text() -> None:
    joined, spans = sentence_spans(
        "Bottom line undeniable\n\nOptions.\n  Business  models could..."
    )
    assert joined == "Bottom line undeniable Options. Business models could..."
    assert [joined[s:e] for s, e in spans] == [
        "Bottom line undeniable",
        "Options.",
        "Business models could...",
    ]


def test_content_words_skip_stopwords_urls_and_numbers() -> None:
    text = "Japan's tariffs on cars: 27.5% since 2025, see https://www.trade.gov/x_y and non-tariff"
    assert content_keys(text) == ["japan", "tariff", "car", "27.5%", "non-tariff"]
    assert [t.surface for t in content_tokens(text)] == [
        "Japan's",
        "tariffs",
        "cars",
        "27.5%",
        "non-tariff",
    ]
