"""The timezone a page shows its comments' times in, when its source does not say.

Comment times rarely name their zone ("8 Luglio 2025 | 20.44", "hace 2 horas" from a day
shown without one): they are the site's local time. A configured source names its zone (Japan
Today's is Tokyo's); a page from anywhere else says where it is from in three ways, tried in
this order:

- the offset of its own published time (``article:published_time``, JSON-LD
  ``datePublished``): ``+02:00`` on 8 July is Rome's, Berlin's or Paris's summer time. Among
  the zones of the countries below, the first that has that offset at that moment wins; else a
  zone of the world's main news countries that has it; else the fixed offset. (A time in UTC,
  ``Z`` or ``+00:00``, says nothing: many sites publish in UTC whatever they show.)
- its locale (``og:locale`` "it_IT"), then its language (``<html lang="de-AT">``; a language
  without a region stands for its main country: "ja" for Japan, but "en" for none);
- its domain's country (``.it``, ``.co.uk``, ``.com.br``);
- English and nothing else (a ``.com`` in "en"): the United States' east, where most such
  comment sections are.

Nothing known gives UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

#: One zone per country: where its news sites' comments are shown.
COUNTRY_ZONES = {
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "sg": "Asia/Singapore",
    "in": "Asia/Kolkata",
    "vn": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok",
    "id": "Asia/Jakarta",
    "ph": "Asia/Manila",
    "my": "Asia/Kuala_Lumpur",
    "il": "Asia/Jerusalem",
    "tr": "Europe/Istanbul",
    "ru": "Europe/Moscow",
    "ua": "Europe/Kyiv",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "nl": "Europe/Amsterdam",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "gr": "Europe/Athens",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "dk": "Europe/Copenhagen",
    "fi": "Europe/Helsinki",
    "gb": "Europe/London",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "us": "America/New_York",
    "ca": "America/Toronto",
    "mx": "America/Mexico_City",
    "br": "America/Sao_Paulo",
    "ar": "America/Argentina/Buenos_Aires",
    "au": "Australia/Sydney",
    "nz": "Pacific/Auckland",
    "za": "Africa/Johannesburg",
}
#: The country a language without a region stands for (English stands for none).
LANGUAGE_COUNTRIES = {
    "ja": "jp",
    "ko": "kr",
    "zh": "cn",
    "ru": "ru",
    "uk": "ua",
    "pl": "pl",
    "cs": "cz",
    "sk": "sk",
    "hu": "hu",
    "ro": "ro",
    "bg": "bg",
    "de": "de",
    "fr": "fr",
    "it": "it",
    "es": "es",
    "pt": "pt",
    "nl": "nl",
    "el": "gr",
    "sv": "se",
    "nb": "no",
    "da": "dk",
    "fi": "fi",
    "tr": "tr",
    "he": "il",
    "vi": "vn",
    "th": "th",
}
#: Zones tried for an offset when the page's countries have none with it, most read first.
OFFSET_ZONES = (
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Europe/Moscow",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
)
_OFFSET = re.compile(r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})$")


def page_zone(*, url: str, lang: str = "", locale: str = "", published: list[str]) -> str:
    """The IANA name of the zone the page at ``url`` most likely shows its times in."""
    countries = [locale_country(locale), locale_country(lang), _domain_country(url)]
    if not any(countries) and _english(locale or lang):
        countries.append("us")  # English on a generic domain: most such comment sections are
    zones = list(dict.fromkeys(COUNTRY_ZONES[c] for c in countries if c in COUNTRY_ZONES))
    for text in published:
        match = _OFFSET.search(text.strip())
        if match is None:
            continue
        try:
            moment = datetime.fromisoformat(text.strip()[: match.start(1)].rstrip())
        except ValueError:
            continue
        sign = -1 if match.group(1) == "-" else 1
        offset = sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        for name in zones if not offset else (*zones, *OFFSET_ZONES):
            if ZoneInfo(name).utcoffset(moment) == offset:
                return name
        if not offset:
            continue  # "+00:00" is as often UTC as London's winter: it says nothing more
        hours = offset.total_seconds() / 3600
        return f"Etc/GMT{-int(hours):+d}" if hours.is_integer() and abs(hours) <= 12 else "UTC"
    return zones[0] if zones else "UTC"


def locale_country(tag: str) -> str:
    """ "it_IT" → "it", "de-AT" → "at", "ja" → "jp", "en" → ""."""
    parts = tag.strip().lower().replace("_", "-").split("-")
    region = next((part for part in parts[1:] if len(part) == 2 and part.isalpha()), "")
    if region:
        return region
    if parts[0] == "zh" and any(part in ("hant", "tw") for part in parts[1:]):
        return "tw"
    return LANGUAGE_COUNTRIES.get(parts[0], "")


def _english(tag: str) -> bool:
    return tag.strip().lower()[:2] == "en"


def _domain_country(url: str) -> str:
    """The country of a domain's top level: ``corriere.it`` → "it"; generic ones → ""."""
    host = (urlsplit(url).hostname or "").lower()
    top = host.rpartition(".")[2]
    return top if len(top) == 2 and top.isalpha() else ""
