"""The operations web server inside the bot process: ``/healthz`` and ``/metrics``.

Off unless ``[ops] port`` is set; it binds to 127.0.0.1 by default, since neither page needs
to be public (put a scraper or a reverse proxy next to the bot).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


class OpsServer:
    """``health()`` returns the /healthz document; its ``status`` is ``ok`` (200) or
    anything else (503). ``metrics()`` returns the Prometheus text."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        health: Callable[[], dict[str, Any]],
        metrics: Callable[[], str],
    ) -> None:
        self.host, self.port = host, port
        self._health, self._metrics = health, metrics
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Listen; the port actually bound (useful when ``port`` is an ephemeral 0)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        sockets = [s for s in runner.addresses if isinstance(s, tuple)]
        bound = int(sockets[0][1]) if sockets else self.port
        log.info("ops server on http://%s:%d (/healthz, /metrics)", self.host, bound)
        return bound

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        document = self._health()
        status = 200 if document.get("status") == "ok" else 503
        return web.json_response(document, status=status)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._metrics().encode(), headers={"Content-Type": PROMETHEUS_TEXT}
        )
