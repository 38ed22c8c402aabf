"""LlmSummarizer against a local OpenAI-compatible endpoint, on the seed page's real comments.

What a model says is used only when it checks out against the comments; everything else
falls back to the extractive summary, with the reason logged.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from bot.http import HttpClient
from bot.models import Article, Comment
from bot.ranking import rank_comments
from bot.summarize.extractive import summarize_discussion
from bot.summarize.llm import LlmSummarizer, chat_completions_url, find_verbatim
from bot.text import truncate
from config.settings import HttpSettings, LlmSettings
from tests.fakes.llm import FakeLlm
from tests.summarize.seed_thread import seed_article

ARTICLE = seed_article()
COMMENTS = list(ARTICLE.comments)

GOOD_ANSWER: dict[str, Any] = {
    "summary": (
        "Readers are unimpressed by two short phone calls; several say Lutnick "
        "“can't be bothered to meet him face to face” and a few want Japan to hit back."
    ),
    "viewpoints": [
        {
            "label": "Lutnick snubbed Akazawa",
            "comment_ids": ["c04", "c16"],
            "quote": {
                "comment_id": "c04",
                "text": "Akazawa is in Washington but Lutnick can't be bothered to meet him "
                "face to face.",
            },
        },
        {
            "label": "Japan should retaliate",
            "comment_ids": ["c05", "c17"],
            "quote": {
                "comment_id": "c17",
                "text": "100% tariffs on iphones, and Amazon and google services "
                "from Japan's side.",
            },
        },
        {
            "label": "Talking to bots",
            "comment_ids": ["c11"],  # leaves out the comment it quotes
            # The page has a curly apostrophe (it’s); models often straighten it.
            "quote": {"comment_id": "c14", "text": "I think it's strange that people will reply"},
        },
    ],
}


def answer_with(**changes: Any) -> dict[str, Any]:
    answer = json.loads(json.dumps(GOOD_ANSWER))
    answer.update(changes)
    return answer


def viewpoint_with(index: int, **changes: Any) -> dict[str, Any]:
    answer = answer_with()
    answer["viewpoints"][index].update(changes)
    return answer


@pytest.fixture
async def fake() -> AsyncIterator[FakeLlm]:
    async with FakeLlm(api_key="sk-test") as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(HttpSettings(retries=1, backoff_seconds=0.01)) as client:
        yield client


def summarizer(fake: FakeLlm, http: HttpClient, **settings: Any) -> LlmSummarizer:
    values = {"timeout_seconds": 5, "max_comments": 10, "max_comment_chars": 200} | settings
    return LlmSummarizer(
        http,
        base_url=fake.base_url,
        model="digest-model-1",
        api_key="sk-test",
        settings=LlmSettings(**values),
    )


def extractive(comments: list[Comment] = COMMENTS) -> Any:
    return summarize_discussion(comments, sort="best", top_n=3)


async def test_a_faithful_answer_is_used_with_the_commenters_exact_words(
    fake: FakeLlm, http: HttpClient
) -> None:
    fake.answer(GOOD_ANSWER)
    llm = summarizer(fake, http)

    discussion = await llm.summarize(ARTICLE, COMMENTS, sort="best", top_n=3)

    assert discussion.summarizer == "llm"
    assert discussion.summary == GOOD_ANSWER["summary"]
    assert [v.label for v in discussion.viewpoints] == [
        "Lutnick snubbed Akazawa",
        "Japan should retaliate",
        "Talking to bots",
    ]
    quotes = [v.quote for v in discussion.viewpoints]
    assert [(q.comment_id, q.author, q.score, q.up, q.down) for q in quotes] == [
        ("c04", "reader04", 4, 8, 4),
        ("c17", "reader17", 3, 3, 0),
        ("c14", "reader14", 3, 3, 0),
    ]
    assert quotes[0].text == (
        "Akazawa is in Washington but Lutnick can't be bothered to meet him face to face."
    )
    assert quotes[2].text == "I think it’s strange that people will reply"  # as written
    assert [v.comment_ids for v in discussion.viewpoints] == [
        ("c04", "c16"),
        ("c05", "c17"),
        ("c14", "c11"),  # the quoted comment is added, first
    ]
    reference = extractive()
    assert discussion.top_comments == reference.top_comments
    assert discussion.controversial == reference.controversial
    assert llm.last_fallback_reason is None


async def test_the_request_carries_the_best_ranked_comments_trimmed_and_tagged(
    fake: FakeLlm, http: HttpClient
) -> None:
    fake.answer(GOOD_ANSWER)

    await summarizer(fake, http).summarize(ARTICLE, COMMENTS)

    [request] = fake.requests
    assert fake.headers[0]["Authorization"] == "Bearer sk-test"
    assert request["model"] == "digest-model-1"
    assert request["temperature"] == 0
    assert request["response_format"] == {"type": "json_object"}
    system, user = request["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    prompt = user["content"]
    assert prompt.startswith(
        "Article: Japan tariff negotiator in Washington holds talks twice with Lutnick\n"
        "Gist: Japan's top tariff negotiator, Ryosei Akazawa, spoke with U.S. Commerce"
    )
    sent = json.loads(prompt[prompt.index("[") :])
    best = rank_comments(COMMENTS, "best")[:10]
    assert [c["id"] for c in sent] == [c.id for c in best]
    assert sent[0] == {
        "id": best[0].id,
        "author": best[0].author,
        "votes": f"{best[0].score} (+{best[0].up} / -{best[0].down})",
        "text": truncate(best[0].text, 200),
    }
    assert all(len(c["text"]) <= 200 for c in sent)
    assert any(c["text"].endswith("…") for c in sent)  # long comments are trimmed


async def test_a_base_url_ending_in_v1_is_not_doubled(fake: FakeLlm, http: HttpClient) -> None:
    fake.answer(GOOD_ANSWER)
    llm = LlmSummarizer(
        http,
        base_url=fake.base_url + "/v1/",
        model="m",
        api_key="sk-test",
        settings=LlmSettings(),
    )

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion.summarizer == "llm"
    assert chat_completions_url("https://api.example.com") == (
        "https://api.example.com/v1/chat/completions"
    )
    assert chat_completions_url("http://localhost:8000/v1") == (
        "http://localhost:8000/v1/chat/completions"
    )


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            viewpoint_with(0, quote={"comment_id": "c04", "text": "Lutnick is a coward."}),
            "viewpoint 1: reader04 never wrote 'Lutnick is a coward.'",
        ),
        (
            # c04's words, attributed to someone else.
            viewpoint_with(
                1,
                quote={
                    "comment_id": "c17",
                    "text": "Lutnick can't be bothered to meet him face to face.",
                },
            ),
            "viewpoint 2: reader17 never wrote",
        ),
        (
            viewpoint_with(0, comment_ids=["c04", "c99"]),
            "viewpoint 1 names a comment that was not sent: 'c99'",
        ),
        (
            viewpoint_with(2, quote={"comment_id": "c42", "text": "I think"}),
            "viewpoint 3 quotes a comment that was not sent: 'c42'",
        ),
        (
            answer_with(summary="Readers call the talks “a total farce” and move on."),
            "the summary quotes words nobody wrote: 'a total farce'",
        ),
        (
            answer_with(summary='Readers say "Japan should just walk away" from the talks.'),
            "the summary quotes words nobody wrote",
        ),
        (answer_with(summary="  "), "the answer has no summary"),
        (answer_with(viewpoints="many"), "the answer has no list of viewpoints"),
        (answer_with(viewpoints=[]), "the answer has no list of viewpoints"),
        (viewpoint_with(0, label=""), "viewpoint 1 has no label"),
        (viewpoint_with(0, quote="c04"), "viewpoint 1 has no quote"),
        (["a", "list"], "the answer is not a JSON object"),
    ],
)
async def test_an_answer_that_does_not_check_out_falls_back_to_the_extractive_summary(
    fake: FakeLlm,
    http: HttpClient,
    caplog: pytest.LogCaptureFixture,
    answer: Any,
    reason: str,
) -> None:
    fake.answer(answer)
    llm = summarizer(fake, http)

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion == extractive()
    assert discussion.summarizer == "extractive"
    assert llm.last_fallback_reason is not None
    assert llm.last_fallback_reason.startswith(reason)
    [record] = [r for r in caplog.records if r.name == "bot.summarize.llm"]
    assert record.levelno == logging.WARNING
    assert reason in record.getMessage()
    assert ARTICLE.url in record.getMessage()


async def test_a_comment_ranked_below_what_was_sent_cannot_be_cited(
    fake: FakeLlm, http: HttpClient
) -> None:
    unsent = rank_comments(COMMENTS, "best")[-1]
    fake.answer(viewpoint_with(0, comment_ids=["c04", unsent.id]))
    llm = summarizer(fake, http)

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion.summarizer == "extractive"
    assert llm.last_fallback_reason == (
        f"viewpoint 1 names a comment that was not sent: {unsent.id!r}"
    )


async def test_text_that_is_not_json_falls_back(fake: FakeLlm, http: HttpClient) -> None:
    fake.content = "Sure! Readers are mostly annoyed at Lutnick."
    llm = summarizer(fake, http)

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion == extractive()
    assert llm.last_fallback_reason is not None
    assert llm.last_fallback_reason.startswith("the answer is not JSON")


async def test_json_in_a_code_fence_is_accepted(fake: FakeLlm, http: HttpClient) -> None:
    fake.content = "```json\n" + json.dumps(GOOD_ANSWER) + "\n```"

    discussion = await summarizer(fake, http).summarize(ARTICLE, COMMENTS)

    assert discussion.summarizer == "llm"


async def test_a_slow_endpoint_times_out_and_falls_back(
    fake: FakeLlm, http: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake.answer(GOOD_ANSWER)
    fake.delay = 2.0
    llm = summarizer(fake, http, timeout_seconds=0.2)

    started = time.monotonic()
    discussion = await llm.summarize(ARTICLE, COMMENTS)
    elapsed = time.monotonic() - started

    assert discussion == extractive()
    assert elapsed < 1.9  # the 2 s answer was not awaited
    assert llm.last_fallback_reason == "no answer within 0.2 s"
    assert "no answer within 0.2 s" in caplog.text


async def test_a_server_error_falls_back(fake: FakeLlm, http: HttpClient) -> None:
    fake.status = 500
    llm = summarizer(fake, http)

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion == extractive()
    assert llm.last_fallback_reason is not None
    assert "HTTP 500" in llm.last_fallback_reason


async def test_a_wrong_api_key_falls_back(fake: FakeLlm, http: HttpClient) -> None:
    fake.answer(GOOD_ANSWER)
    llm = LlmSummarizer(
        http, base_url=fake.base_url, model="m", api_key="sk-wrong", settings=LlmSettings()
    )

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion.summarizer == "extractive"
    assert llm.last_fallback_reason is not None
    assert "HTTP 401" in llm.last_fallback_reason
    assert len(fake.requests) == 1  # a 401 is not retried


async def test_an_unchanged_thread_is_not_summarized_twice(fake: FakeLlm, http: HttpClient) -> None:
    fake.answer(GOOD_ANSWER)
    llm = summarizer(fake, http)

    first = await llm.summarize(ARTICLE, COMMENTS)
    second = await llm.summarize(ARTICLE, list(reversed(COMMENTS)))

    assert len(fake.requests) == 1
    assert llm.calls == 1
    assert second == first
    assert second.summarizer == "llm"


async def test_a_changed_vote_asks_again(fake: FakeLlm, http: HttpClient) -> None:
    fake.answer(GOOD_ANSWER)
    llm = summarizer(fake, http)
    await llm.summarize(ARTICLE, COMMENTS)

    voted = [replace(c, up=c.up + 1, score=c.score + 1) if c.id == "c04" else c for c in COMMENTS]  # type: ignore[operator]
    discussion = await llm.summarize(ARTICLE, voted)

    assert len(fake.requests) == 2
    assert llm.calls == 2
    assert discussion.viewpoints[0].quote.up == 9  # the new vote count, from the comment


async def test_a_fallback_is_not_cached(fake: FakeLlm, http: HttpClient) -> None:
    fake.status = 500
    llm = summarizer(fake, http)
    await llm.summarize(ARTICLE, COMMENTS)
    fake.answer(GOOD_ANSWER)

    discussion = await llm.summarize(ARTICLE, COMMENTS)

    assert discussion.summarizer == "llm"


class DictCache:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.values.get(key)

    async def put(self, key: str, value: str) -> None:
        self.values[key] = value


async def test_a_persistent_cache_serves_a_new_summarizer(fake: FakeLlm, http: HttpClient) -> None:
    fake.answer(GOOD_ANSWER)
    cache = DictCache()
    settings = LlmSettings(max_comments=10, max_comment_chars=200)
    first = LlmSummarizer(
        http, base_url=fake.base_url, model="m", api_key="sk-test", settings=settings, cache=cache
    )
    await first.summarize(ARTICLE, COMMENTS)
    after_restart = LlmSummarizer(
        http, base_url=fake.base_url, model="m", api_key="sk-test", settings=settings, cache=cache
    )

    discussion = await after_restart.summarize(ARTICLE, COMMENTS)

    assert len(cache.values) == 1
    assert len(fake.requests) == 1
    assert after_restart.calls == 0
    assert discussion.summarizer == "llm"


async def test_no_comments_need_no_model(fake: FakeLlm, http: HttpClient) -> None:
    llm = summarizer(fake, http)
    empty = Article(url="https://example.com/a", title="A")

    discussion = await llm.summarize(empty, [])

    assert discussion.summary == "No comments yet."
    assert fake.requests == []


@pytest.mark.parametrize(
    ("quote", "text", "found"),
    [
        ("can't  be\nbothered", "Lutnick can't be bothered to meet", "can't be bothered"),
        ("it's strange", "I think it’s strange that", "it’s strange"),
        ("“the Putin link”", 'evidence of "the Putin link"?', '"the Putin link"'),
        ("…to meet him...", "Lutnick can't be bothered to meet him face", "to meet him"),
        ("to meet her", "Lutnick can't be bothered to meet him face", None),
        ("CAN'T BE", "can't be", None),
        ("   ", "anything", None),
    ],
)
def test_find_verbatim(quote: str, text: str, found: str | None) -> None:
    assert find_verbatim(quote, text) == found
