"""The slash benchmark's outside world, in a process of its own: a fake news site and the fake
Discord (with a listening backlog of 1,024, see :mod:`bench.slash`).

``python -m bench.slashfakes --articles 20 --comments 100`` prints one JSON line with the
URLs the bot needs, then reads one JSON request a line on its standard input and answers
each with one JSON line:

- ``{"op": "round", "commands": [[name, sub, options], ...], "at_once": true}`` — members
  of the first server send the commands (all in the same instant, or one after another,
  each once the previous was answered); the answer holds, per command, the seconds from its
  INTERACTION_CREATE to the bot's callback and to the complete answer, and from the moment
  the event was written to the socket to the callback (``null``: never);
- ``{"op": "stop"}`` — close and exit.

The bot runs in the parent process against these URLs, so its process holds the bot alone,
as it would against the real Discord; the fakes' work runs on the other core.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import timedelta
from typing import Any

from bench.corpus import fake_article


async def serve(articles: int, comments: int) -> None:
    from bench.slash import wide_fake_discord
    from tests.e2e.harness import make_server, now_utc, other_tariff_article, tariff_article
    from tests.fakes.discord.interactions import InteractionAnswer
    from tests.fakes.newssite import NewsSite

    now = now_utc()
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    members = [a.guild.add_member(f"reader{i}") for i in range(50)]
    site, fake = NewsSite(), wide_fake_discord()(guilds=[a.guild, b.guild])
    site.add_article(tariff_article(now))
    site.add_article(
        other_tariff_article(1, "Steel makers brace for Section 232 tariff increase", now)
    )
    for i in range(articles):
        site.add_article(fake_article(i, comments, start=now - timedelta(hours=3)))
    await site.start()
    await fake.start()
    feed = site.publish_feed("/feed", limit=50)
    print(
        json.dumps({"feed": feed, "api_url": fake.api_url, "gateway_url": fake.gateway_url}),
        flush=True,
    )

    async def send(i: int, command: list[Any]) -> int:
        name, sub, options = command
        member = members[i % len(members)]
        return int(await fake.inject_interaction(a.id, a.general.id, member.id, name, sub, options))

    def latencies(ids: list[int]) -> dict[str, list[float | None]]:
        callbacks: dict[int, float] = {}
        webhooks: dict[str, float] = {}
        for request in fake.requests:
            parts = request.path.strip("/").split("/")
            if request.status is None or request.status >= 300:
                continue  # refused: too late (10062), or any other failure
            if (
                request.method == "POST"
                and parts[:1] == ["interactions"]
                and parts[-1] == "callback"
            ):
                callbacks.setdefault(int(parts[1]), request.at)
            elif parts[:2] == ["webhooks", str(fake.application_id)] and len(parts) >= 3:
                webhooks.setdefault(parts[2], request.at)
        records = [fake.interaction(i) for i in ids]
        to_callback = [
            callbacks[r.id] - r.created_at if r.id in callbacks else None for r in records
        ]
        sent_to_callback = [
            callbacks[r.id] - r.sent_at if r.id in callbacks and r.sent_at else None
            for r in records
        ]
        to_answer = []
        for r in records:
            done = webhooks.get(r.token) if r.callback_type == 5 else callbacks.get(r.id)
            to_answer.append(done - r.created_at if done is not None else None)
        return {"callback": to_callback, "answer": to_answer, "sent": sent_to_callback}

    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            request = json.loads(line)
            if request["op"] == "stop":
                break
            fake.rest.requests.clear()
            commands = request["commands"]
            if request["at_once"]:
                ids = list(await asyncio.gather(*(send(i, c) for i, c in enumerate(commands))))
                # An interaction answered too late is never answered: wait, then count it.
                deadline = loop.time() + 30
                pending = list(ids)
                while pending and loop.time() < deadline:
                    await asyncio.sleep(0.05)
                    pending = [
                        i for i in pending if InteractionAnswer.of(fake.interaction(i)) is None
                    ]
            else:
                ids = []
                for i, command in enumerate(commands):
                    iid = await send(i, command)
                    await fake.interaction_response(iid, timeout=10)
                    ids.append(iid)
            print(json.dumps(latencies(ids)), flush=True)
    finally:
        await fake.close()
        await site.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.slashfakes")
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--comments", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(serve(args.articles, args.comments))


if __name__ == "__main__":
    main()
