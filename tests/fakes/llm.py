"""A local OpenAI-compatible chat endpoint: ``POST /v1/chat/completions``.

Each test scripts the answer: the message content the model "writes", or an HTTP status, or
a delay (for timeouts). Every request body is kept in :attr:`FakeLlm.requests`.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.local import serve


@dataclass
class FakeLlm:
    #: what the assistant message says (a JSON text, or garbage)
    content: str = "{}"
    #: an HTTP error status to answer with instead (e.g. 500)
    status: int = 200
    #: seconds to wait before answering
    delay: float = 0.0
    #: the API key the endpoint wants (None: any or none)
    api_key: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None

    def answer(self, payload: Any) -> None:
        """Script a well-formed answer whose content is ``payload`` as JSON."""
        self.content = json.dumps(payload)
        self.status = 200

    async def __aenter__(self) -> FakeLlm:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner, self.base_url = await serve(app)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.api_key is not None and request.headers.get("Authorization") != (
            f"Bearer {self.api_key}"
        ):
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        if self.status != 200:
            return _error(self.status, "The server had an error processing your request.", None)
        if not isinstance(body.get("messages"), list) or not body.get("model"):
            return _error(400, "messages and model are required", "invalid_request_error")
        prompt = sum(len(str(m.get("content", ""))) for m in body["messages"]) // 4
        return web.json_response(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": len(self.content) // 4,
                    "total_tokens": prompt + len(self.content) // 4,
                },
            }
        )


def _error(status: int, message: str, code: str | None) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "server_error", "param": None, "code": code}},
        status=status,
    )
