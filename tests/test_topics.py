from __future__ import annotations

from bot.topics import Topic, matching_topics, parse_keywords


def test_word_boundaries_case_and_regex() -> None:
    topic = Topic("t", ("tariffs?", "trade war", "section 232"), ("rice",))
    assert topic.matches("New TARIFFS announced")
    assert topic.matches("a trade\n war looms")
    assert topic.matches("Section 232 probe")
    assert not topic.matches("tariffication")
    assert not topic.matches("tariff on rice")  # excluded term wins


def test_article_matches_on_title_or_body() -> None:
    topics = [Topic("tariffs", ("tariff",)), Topic("chips", ("semiconductor",))]
    assert matching_topics(topics, "Akazawa meets Lutnick", ["Talks on the tariff went on."]) == [
        "tariffs"
    ]
    assert matching_topics(topics, "Cherry blossoms", ["Spring is here."]) == []


def test_parse_keywords_splits_commas_drops_blanks_and_quotes() -> None:
    assert parse_keywords(' chips, "semiconductor" ,, export control , chips') == (
        "chips",
        "semiconductor",
        "export control",
    )
