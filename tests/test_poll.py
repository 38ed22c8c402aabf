from __future__ import annotations

from bot.poll import interleave_by_host


def test_jobs_alternate_between_hosts_keeping_each_hosts_order() -> None:
    urls = [f"https://a.example/{i}" for i in range(4)] + [
        "https://b.example/1",
        "https://b.example/2",
        "https://c.example/1",
    ]
    assert interleave_by_host(urls, lambda u: u) == [
        "https://a.example/0",
        "https://b.example/1",
        "https://c.example/1",
        "https://a.example/1",
        "https://b.example/2",
        "https://a.example/2",
        "https://a.example/3",
    ]
    assert interleave_by_host([], lambda u: u) == []
