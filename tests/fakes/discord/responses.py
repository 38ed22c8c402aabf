"""How the fake answers a bot's interaction responses: callbacks, @original and followups.

Discord's rules, as the bot experiences them:
- the first callback must arrive within the deadline (3 s), else 404 Unknown interaction
  (10062); a second callback is 400 "already acknowledged" (40060);
- a command may answer with type 4 (message), 5 (deferred, "thinking"), or 9 (modal); an
  autocomplete only with type 8 (choices, at most 25);
- the webhook routes (@original, followups) work only after the callback, for 15 minutes,
  and only with the right application id; otherwise 404 Unknown Webhook (10015);
- after a type 5, editing @original or sending the first followup fills in the deferred
  message, keeping the ephemeral flag chosen when deferring; later followups are new messages
  (so are all followups once the bot deleted the deferred message, each with its own flags).
"""

from __future__ import annotations

import asyncio
from typing import Any

from . import errors
from .interactions import APPLICATION_COMMAND, AUTOCOMPLETE, InteractionRecord
from .messages import EPHEMERAL, LOADING, FakeMessage, MessageDraft, apply_draft, validate_draft
from .models import snowflakes
from .world import World

CHAT_INPUT_COMMAND_MESSAGE = 20
DEFAULT_MESSAGE = 0
TOKEN_LIFETIME = 15 * 60.0
ALLOWED_CALLBACKS = {APPLICATION_COMMAND: {4, 5, 9}, AUTOCOMPLETE: {8}}


class InteractionDesk:
    """The interactions the fake has sent and what the bot answered to each."""

    def __init__(self, world: World, *, callback_deadline: float) -> None:
        self.world = world
        self.callback_deadline = callback_deadline
        self.records: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}

    def add(self, record: InteractionRecord) -> None:
        self.records[record.id] = record
        self._by_token[record.token] = record

    def record(self, interaction_id: int) -> InteractionRecord:
        try:
            return self.records[interaction_id]
        except KeyError:
            raise KeyError(f"fake Discord never sent interaction {interaction_id}") from None

    def _age(self, record: InteractionRecord) -> float:
        return asyncio.get_running_loop().time() - record.created_at

    def _for_callback(self, interaction_id: int, token: str) -> InteractionRecord:
        record = self.records.get(interaction_id)
        if record is None or record.token != token or record.expired:
            raise errors.unknown_interaction()
        if record.callback_type is not None:
            raise errors.already_acknowledged()
        if self._age(record) > self.callback_deadline:
            raise errors.unknown_interaction()
        return record

    def _for_webhook(self, application_id: int, token: str) -> InteractionRecord:
        record = self._by_token.get(token)
        if (
            record is None
            or application_id != self.world.application_id
            or record.expired
            or record.callback_type is None
            or self._age(record) > TOKEN_LIFETIME
        ):
            raise errors.unknown_webhook()
        return record

    def _metadata(self, record: InteractionRecord, original_id: int | None) -> dict[str, Any]:
        guild = self.world.guild(record.guild_id)
        data: dict[str, Any] = {
            "id": str(record.id),
            "type": record.type,
            "name": record.command,
            "command_type": 1,
            "user": guild.members[record.user_id].user.payload(),
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        if original_id is not None:
            data["original_response_message_id"] = str(original_id)
        return data

    def _new_message(self, record: InteractionRecord, type_: int) -> FakeMessage:
        original_id = record.original.id if record.original is not None else None
        return FakeMessage(
            snowflakes.next(),
            record.channel_id,
            None if record.in_dm else record.guild_id,
            self.world.bot,
            type=type_,
            webhook_id=self.world.application_id,
            application_id=self.world.application_id,
            interaction_metadata=self._metadata(record, original_id),
        )

    def _fill(
        self,
        record: InteractionRecord,
        message: FakeMessage,
        draft: MessageDraft,
        *,
        editing: bool = False,
    ) -> None:
        if record.in_dm:
            mentions = self.world.mention_context(None, 0)
        else:
            guild = self.world.guild(record.guild_id)
            _, channel = self.world.find_channel(record.channel_id)
            permissions = guild.permissions_for(self.world.bot.id, channel)
            mentions = self.world.mention_context(guild, permissions)
        apply_draft(
            message, draft, cdn_base=self.world.cdn_base, mentions=mentions, editing=editing
        )

    def _complete_deferred(
        self, record: InteractionRecord, message: FakeMessage, draft: MessageDraft
    ) -> None:
        """Fill the "thinking" message; it stays as ephemeral as the defer made it."""
        ephemeral = message.flags & EPHEMERAL
        self._fill(record, message, draft)
        message.flags = (message.flags & ~(LOADING | EPHEMERAL)) | ephemeral

    # -- POST /interactions/{id}/{token}/callback --------------------------------------------

    async def callback(
        self, interaction_id: int, token: str, draft: MessageDraft, *, with_response: bool
    ) -> dict[str, Any] | None:
        record = self._for_callback(interaction_id, token)
        kind = int(draft.payload.get("type") or 0)
        if kind not in ALLOWED_CALLBACKS.get(record.type, set()):
            raise errors.invalid_form(
                {"type": errors.field_error("INTERACTION_RESPONSE_TYPE_INVALID", f"type {kind}")}
            )
        data = dict(draft.payload.get("data") or {})
        message: FakeMessage | None = None
        if kind == 4:
            body = MessageDraft(data, draft.files)
            validate_draft(
                body, creating=True, attachment_size_limit=self.world.attachment_size_limit
            )
            message = self._new_message(record, CHAT_INPUT_COMMAND_MESSAGE)
            self._fill(record, message, body)
        elif kind == 5:
            message = self._new_message(record, CHAT_INPUT_COMMAND_MESSAGE)
            message.flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
        elif kind == 8:
            choices = data.get("choices") or []
            if len(choices) > 25 or any("name" not in c or "value" not in c for c in choices):
                raise errors.invalid_form(
                    {"data": {"choices": errors.field_error("BASE_TYPE_MAX_LENGTH", "invalid")}}
                )
        elif kind == 9 and not (data.get("custom_id") and data.get("title")):
            raise errors.invalid_form(
                {"data": errors.field_error("BASE_TYPE_REQUIRED", "custom_id and title")}
            )
        record.callback_type, record.callback_data, record.original = kind, data, message
        if message is not None and not message.ephemeral:
            await self.world.publish(message)
        self.world.notify()
        if not with_response:
            return None
        return self._callback_response(record, kind, message)

    def _callback_response(
        self, record: InteractionRecord, kind: int, message: FakeMessage | None
    ) -> dict[str, Any]:
        interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            interaction.update(
                response_message_id=str(message.id),
                response_message_loading=message.loading,
                response_message_ephemeral=message.ephemeral,
            )
            resource["message"] = message.payload()
        return {"interaction": interaction, "resource": resource}

    # -- /webhooks/{application_id}/{token}/... -----------------------------------------------

    def find_message(self, application_id: int, token: str, message_ref: str) -> FakeMessage:
        record = self._for_webhook(application_id, token)
        candidates = [record.original, *record.followups]
        for message in candidates:
            if message is None or message.deleted:
                continue
            if message_ref == "@original" and message is record.original:
                return message
            if message_ref.isdigit() and message.id == int(message_ref):
                return message
        raise errors.unknown_message()

    async def edit_message(
        self, application_id: int, token: str, message_ref: str, draft: MessageDraft
    ) -> FakeMessage:
        message = self.find_message(application_id, token, message_ref)
        record = self._for_webhook(application_id, token)
        limit = self.world.attachment_size_limit
        if message.loading:
            validate_draft(draft, creating=True, attachment_size_limit=limit)
            self._complete_deferred(record, message, draft)
        else:
            validate_draft(draft, creating=False, attachment_size_limit=limit)
            self._fill(record, message, draft, editing=True)
        await self.world.announce_edit(message)
        return message

    async def delete_message(self, application_id: int, token: str, message_ref: str) -> None:
        message = self.find_message(application_id, token, message_ref)
        await self.world.announce_delete(message)

    async def followup(self, application_id: int, token: str, draft: MessageDraft) -> FakeMessage:
        record = self._for_webhook(application_id, token)
        limit = self.world.attachment_size_limit
        validate_draft(draft, creating=True, attachment_size_limit=limit)
        original = record.original
        if (
            record.callback_type == 5
            and original is not None
            and original.loading
            and not original.deleted
        ):
            self._complete_deferred(record, original, draft)
            # A followup that fills in a deferred response does not ping anyone.
            original.pinged_user_ids, original.pinged_role_ids = [], []
            original.pings_everyone = False
            await self.world.announce_edit(original)
            return original
        message = self._new_message(record, DEFAULT_MESSAGE)
        self._fill(record, message, draft)
        record.followups.append(message)
        if message.ephemeral:
            self.world.notify()
        else:
            await self.world.publish(message)
        return message
