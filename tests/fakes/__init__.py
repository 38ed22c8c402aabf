"""Fakes of the outside world: local aiohttp servers on 127.0.0.1 speaking the real protocols.

``tests.fakes.newssite`` — a Japan Today-style news site with RSS feeds and fault injection.
"""
