"""Application commands: storage with Discord's bulk-overwrite semantics, and its validation.

A PUT replaces the whole set for a scope (global, or one guild): commands whose name and type
already exist keep their id (and their version when unchanged), the others get new ids, and
commands left out are deleted. Definitions Discord would refuse (bad names, descriptions over
100 characters, more than 25 options or choices, required options after optional ones...) are
refused with the same Invalid Form Body error.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError, field_error, invalid_form, unknown_command
from .models import snowflakes

CHAT_INPUT = 1
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
VALUE_TYPES = {3: str, 4: int, 5: bool, 6: str, 7: str, 8: str, 9: str, 10: float, 11: str}
NAME = re.compile(r"[-_'\w]{1,32}")
Key = tuple[str, int]


def _put(tree: dict[str, Any], path: list[str], code: str, message: str) -> None:
    node = tree
    for key in path:
        node = node.setdefault(key, {})
    node.setdefault("_errors", []).extend(field_error(code, message)["_errors"])


def _check_name_and_description(
    item: dict[str, Any], tree: dict[str, Any], path: list[str], *, chat_input: bool
) -> None:
    name = item.get("name")
    if not isinstance(name, str) or not name:
        _put(tree, [*path, "name"], "BASE_TYPE_REQUIRED", "This field is required")
    elif chat_input and (not NAME.fullmatch(name) or name != name.lower()):
        _put(tree, [*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    elif len(name) > 32:
        _put(tree, [*path, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
    description = item.get("description")
    if chat_input and (not isinstance(description, str) or not 1 <= len(description) <= 100):
        _put(
            tree,
            [*path, "description"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        )


def _check_options(
    options: list[dict[str, Any]], tree: dict[str, Any], path: list[str], depth: int
) -> None:
    if len(options) > 25:
        _put(tree, path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    seen: set[str] = set()
    optional_seen = False
    kinds = {o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options}
    if len(kinds) > 1:
        _put(
            tree,
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-command and sub-command group option types are mutually exclusive to all other"
            " types",
        )
    for index, option in enumerate(options):
        where = [*path, str(index)]
        _check_name_and_description(option, tree, where, chat_input=True)
        kind = option.get("type")
        if option.get("name") in seen:
            _put(
                tree,
                [*where, "name"],
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option name already exists",
            )
        seen.add(str(option.get("name")))
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if depth >= 2 or (kind == SUB_COMMAND_GROUP and depth >= 1):
                _put(tree, [*where, "type"], "BASE_TYPE_CHOICES", "Sub-commands nested too deep")
            _check_options(option.get("options") or [], tree, [*where, "options"], depth + 1)
            continue
        if kind not in VALUE_TYPES:
            _put(tree, [*where, "type"], "BASE_TYPE_CHOICES", f"Value must be one of {VALUE_TYPES}")
            continue
        if option.get("required"):
            if optional_seen:
                _put(
                    tree,
                    [*where, "required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            _put(
                tree, [*where, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
        if choices and option.get("autocomplete"):
            _put(
                tree,
                [*where, "autocomplete"],
                "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE_INVALID",
                "Autocomplete cannot be enabled on options with choices",
            )


def validate_commands(payloads: Any) -> None:
    """Raise Invalid Form Body for a command list Discord would refuse."""
    if not isinstance(payloads, list):
        raise invalid_form(field_error("BASE_TYPE_ARRAY", "Must be an array."))
    tree: dict[str, Any] = {}
    seen: set[Key] = set()
    for index, payload in enumerate(payloads):
        where = [str(index)]
        if not isinstance(payload, dict):
            _put(tree, where, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        kind = int(payload.get("type", CHAT_INPUT))
        _check_name_and_description(payload, tree, where, chat_input=kind == CHAT_INPUT)
        key = (str(payload.get("name")), kind)
        if key in seen:
            _put(
                tree,
                [*where, "name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique: {key[0]}",
            )
        seen.add(key)
        if kind == CHAT_INPUT:
            _check_options(payload.get("options") or [], tree, [*where, "options"], 0)
    if tree:
        raise invalid_form(tree)


class CommandStore:
    """The application's registered commands, global and per guild."""

    def __init__(self, application_id: int) -> None:
        self.application_id = application_id
        self._scopes: dict[int | None, dict[Key, dict[str, Any]]] = {}
        #: The app's installation contexts (the Developer Portal's Installation page): what a
        #: command registered without ``integration_types`` gets. 0 servers, 1 users.
        self.default_integration_types = [0]

    def _stored(
        self, payload: dict[str, Any], guild_id: int | None, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        permissions = payload.get("default_member_permissions")
        command: dict[str, Any] = {
            "id": previous["id"] if previous else str(snowflakes.next()),
            "application_id": str(self.application_id),
            "version": "",
            "default_member_permissions": None if permissions is None else str(int(permissions)),
            "type": int(payload.get("type", CHAT_INPUT)),
            "name": payload["name"],
            "name_localizations": payload.get("name_localizations"),
            "description": payload.get("description", ""),
            "description_localizations": payload.get("description_localizations"),
            "options": payload.get("options") or [],
            "nsfw": bool(payload.get("nsfw", False)),
            "contexts": payload.get("contexts"),
            "integration_types": payload.get("integration_types")
            or list(self.default_integration_types),
        }
        if guild_id is None:
            command["dm_permission"] = payload.get("dm_permission", True)
        else:
            command["guild_id"] = str(guild_id)
        unchanged = previous is not None and {**previous, "version": ""} == command
        command["version"] = (
            previous["version"] if unchanged and previous else str(snowflakes.next())
        )
        return command

    def overwrite(self, payloads: Any, guild_id: int | None) -> list[dict[str, Any]]:
        """PUT semantics: the given list becomes the whole set for this scope."""
        validate_commands(payloads)
        old = self._scopes.get(guild_id, {})
        new: dict[Key, dict[str, Any]] = {}
        for payload in payloads:
            key = (payload["name"], int(payload.get("type", CHAT_INPUT)))
            new[key] = self._stored(payload, guild_id, old.get(key))
        self._scopes[guild_id] = new
        return list(new.values())

    def upsert(self, payload: Any, guild_id: int | None) -> tuple[dict[str, Any], bool]:
        """POST semantics: create, or replace the command with the same name and type."""
        validate_commands([payload])
        scope = self._scopes.setdefault(guild_id, {})
        key = (payload["name"], int(payload.get("type", CHAT_INPUT)))
        created = key not in scope
        scope[key] = self._stored(payload, guild_id, scope.get(key))
        return scope[key], created

    def list(self, guild_id: int | None) -> list[dict[str, Any]]:
        return list(self._scopes.get(guild_id, {}).values())

    def _key_of(self, command_id: int, guild_id: int | None) -> Key:
        for key, command in self._scopes.get(guild_id, {}).items():
            if int(command["id"]) == command_id:
                return key
        raise unknown_command()

    def get(self, command_id: int, guild_id: int | None) -> dict[str, Any]:
        return self._scopes[guild_id][self._key_of(command_id, guild_id)]

    def edit(self, command_id: int, patch: dict[str, Any], guild_id: int | None) -> dict[str, Any]:
        key = self._key_of(command_id, guild_id)
        scope = self._scopes[guild_id]
        merged = {**scope[key], **patch}
        validate_commands([merged])
        del scope[key]
        new_key = (merged["name"], int(merged.get("type", CHAT_INPUT)))
        scope[new_key] = self._stored(merged, guild_id, scope.get(new_key) or merged)
        return scope[new_key]

    def delete(self, command_id: int, guild_id: int | None) -> None:
        del self._scopes[guild_id][self._key_of(command_id, guild_id)]

    def find(self, name: str, guild_id: int | None, type_: int = CHAT_INPUT) -> dict[str, Any]:
        """The command a user in ``guild_id`` would invoke by ``name``: guild first, then global."""
        for scope in (guild_id, None):
            command = self._scopes.get(scope, {}).get((name, type_))
            if command is not None:
                return command
        raise ApiError(404, 10063, f"Unknown application command: /{name} is not registered")
