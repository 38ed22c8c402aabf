"""Posted times as comment sections show them, turned into timezone-aware UTC datetimes.

Handles what news sites print next to a comment: ``Today 06:39 pm JST``, ``Yesterday 11:02 am
JST``, ``Jul. 6  08:15 am JST``, ``Jul 6, 2025 08:15 am JST``, ``6 July 2025 20:15``, ISO
datetimes and ``3 hours ago``, and their Japanese and Chinese forms: ``2025年7月8日 10:15``,
``7/8(火) 10:15``, ``昨日 10:15``, ``3時間前``, ``发表于 2025-7-8 10:32``. Relative days and
dates without a year are read against the moment the page was fetched, in the site's timezone
(or the zone the text names): a date without a year is the most recent such date not after the
fetch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Abbreviations a comment line may end with, as fixed offsets (hours).
ZONE_OFFSETS: dict[str, float] = {
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AEST": 10,
    "AEDT": 11,
}

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_CLOCK = (
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,6})?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:horas|hrs)\b)?"  # ("09/07/2025 00:41 horas": El Mundo's)
)
#: A zone after the clock: "JST", "(UTC+09:00)", or JavaScript's Date.toString() offset with
#: the zone's long name after it, "GMT-0400 (Eastern Daylight Time)" (Commento's tooltips).
_ZONE = (
    r"(?:\s*\(?(?P<zone>(?:GMT|UTC)?[+-]\d{2}:?\d{2}|[A-Z]{1,4})\)?"
    r"(?:(?<=\d)\s+\([^\s\d()][^()\d]{2,40}\))?)?"
)
_AT = r"(?:\s*,?\s*(?:at|@|-|·|\|)\s*|\s*,\s*|\s+)"  # (", at": The Motley Fool's)


def _numbered(*months: str) -> dict[str, int]:
    """Each month's names (one string per month, the names parted by spaces) → its number."""
    return {name: number for number, names in enumerate(months, start=1) for name in names.split()}


#: Months, day words and time units of the European languages news comments come in (and
#: of Arabic and Thai, whose dates are written in the same order).
EU_MONTHS: dict[str, int] = (
    _numbered(
        # German, French, Spanish, Italian, Portuguese, Dutch; then Russian and Polish
        "januar jänner janvier enero gennaio janeiro januari janv ene genn"
        " январь января янв styczeń stycznia",
        "februar février fevrier febrero febbraio fevereiro februari févr fevr febr"
        " февраль февраля фев luty lutego",
        "märz maerz mars marzo março maart mär март марта мар marzec marca",
        "april avril abril aprile apr avr апрель апреля апр kwiecień kwietnia",
        "mai mayo maggio maio mei май мая maj maja",
        "juni juin junio giugno junho июнь июня июн czerwiec czerwca",
        "juli juillet julio luglio julho juil июль июля июл lipiec lipca",
        "august août aout agosto augustus aug август августа авг sierpień sierpnia",
        "september septembre septiembre setiembre settembre setembro sept sep"
        " сентябрь сентября сен wrzesień września",
        "oktober octobre octubre ottobre outubro okt oct"
        " октябрь октября окт październik października",
        "november novembre noviembre novembro nov ноябрь ноября ноя listopad listopada",
        "dezember décembre decembre diciembre dicembre dezembro december dez déc dic"
        " декабрь декабря дек grudzień grudnia",
    )
    | _numbered(
        # Arabic, as the Maghreb (Hespress: "يوليوز", "غشت") and the Mashriq name them
        *("يناير جانفي", "فبراير فيفري", "مارس", "أبريل ابريل إبريل أفريل", "ماي مايو"),
        *("يونيو يونيه جوان", "يوليو يوليوز يوليه جويلية", "أغسطس اغسطس غشت أوت"),
        *("سبتمبر شتنبر", "أكتوبر اكتوبر", "نوفمبر نونبر", "ديسمبر دجنبر"),
    )
    | _numbered(
        # Italian abbreviated ("7 Lug 2025 - 19:48": il Giornale's)
        *("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    )
    | _numbered(
        # Czech and Slovak, as named and in the genitive of a date ("7. července 2025")
        *("leden ledna január januára", "únor února február februára"),
        *("březen března marec marca", "duben dubna apríl apríla", "květen května máj mája"),
        *("červen června jún júna", "červenec července júl júla", "srpen srpna augusta"),
        *("září september septembra", "říjen října október októbra"),
        *("listopad listopadu november novembra", "prosinec prosince december decembra"),
    )
    | _numbered(
        # Romanian ("8 iulie 2025 08:12": HotNews')
        *("ianuarie ian", "februarie", "martie", "aprilie", "mai", "iunie iun", "iulie iul"),
        *("august", "septembrie", "octombrie", "noiembrie noi", "decembrie"),
    )
    | _numbered(
        # Danish, Norwegian and Swedish, where the others' names miss them ("8. marts 2016
        # kl. 09:00": a Danish blog's)
        *("", "", "marts", "", "", "", "", "augusti", "", "", "", "desember"),
    )
    | _numbered(
        # Hungarian ("2025. július 7., hétfő 20:31": the year first)
        *("január jan", "február febr", "március márc", "április ápr", "május máj"),
        *("június jún", "július júl", "augusztus aug", "szeptember szept", "október okt"),
        *("november nov", "december dec"),
    )
    | _numbered(
        # Thai, in full and shortened ("8 กรกฎาคม 2568", "8 ก.ค. 68": Pantip's, in the
        # Buddhist era)
        *("มกราคม ม.ค.", "กุมภาพันธ์ ก.พ.", "มีนาคม มี.ค.", "เมษายน เม.ย.", "พฤษภาคม พ.ค."),
        *("มิถุนายน มิ.ย.", "กรกฎาคม ก.ค.", "สิงหาคม ส.ค.", "กันยายน ก.ย.", "ตุลาคม ต.ค."),
        *("พฤศจิกายน พ.ย.", "ธันวาคม ธ.ค."),
    )
)
_EU_MONTH = "|".join(re.escape(name) for name in sorted(EU_MONTHS, key=len, reverse=True))
_EU_AT = r"um|à|a\s+las|a\s+la|alle|às|om|at|в|o|kl\.|klo|-|\||@|เวลา"
_EU_CLOCK = (
    r"(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?P<ampm>)\s*(?:uhr|h|น\.)?"
)
#: A year of the Buddhist era (Thai dates) is this many after the common era's.
_BUDDHIST_ERA = 543
_EU_DAYS_BACK = {
    **dict.fromkeys(("heute", "aujourd'hui", "aujourd’hui", "hoy", "oggi", "hoje", "vandaag"), 0),
    **dict.fromkeys(("gestern", "hier", "ayer", "ieri", "ontem", "gisteren"), 1),
    **dict.fromkeys(("сегодня", "dziś", "dzisiaj"), 0),
    **dict.fromkeys(("вчера", "wczoraj"), 1),
    # Swedish, Danish and Norwegian ("Igår, 14:02": Flashback's), Finnish
    **dict.fromkeys(("idag", "i dag", "tänään"), 0),
    **dict.fromkeys(("igår", "i går", "i gær", "eilen"), 1),
}
_EU_DAYWORD = "|".join(sorted(_EU_DAYS_BACK, key=len, reverse=True))
_EU_UNIT = (
    r"sekunden?|secondes?|segundos?|secondi|seconden|minuten?|minutes?|minutos?|minuti"
    r"|stunden?|heures?|horas?|ore|uur|tag(?:en?)?|jours?|días?|dias?|giorni|dagen"
    r"|sek\.?|min\.?|std\.?"  # (German abbreviated: "vor 21 Std.", 20 Minuten's)
    r"|wochen?|semaines?|semanas?|settimane|weken|monat(?:en?)?|mois|mes(?:es)?|mesi|maanden"
    r"|jahr(?:en?)?|ans?|años?|anos?|anni|jaar"
    r"|секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет"
    r"|sekund[ęy]?|minut[ęy]?|godzin[ęy]?|dni|dzień|tygodni(?:e)?|tydzień|miesi[ąę]c(?:e|y)?"
    r"|lat(?:a)?|rok"
    r"|giây|phút|giờ|ngày|tuần|tháng|năm"  # Vietnamese: "35 phút trước"
    r"|ثوان|ثانية|دقائق|دقيقة|ساعات|ساعة|أيام|يوم|أسابيع|أسبوع|أشهر|شهر|سنوات|سنة"  # Arabic
    r"|detik|menit|jam|hari|minggu|bulan|tahun"  # Indonesian: "22 jam yang lalu"
    r"|saniye|dakika|saat|gün|hafta|ay|yıl"  # Turkish: "35 dakika önce"
    r"|secunde|oră|zile|zi|săptămâni|săptămână|luni|lună"  # Romanian: "acum 2 zile"
    # Serbian, Croatian, Bosnian ("pre 23 sata", "prije 2 dana"), Czech and Slovak ("před 6
    # hodinami", "pred 3 dňami")
    r"|sekund[aeiu]?|sat[ai]?|dana?|nedelj[aeu]|tjedana|tjedn[aeu]|mese(?:ca|ci)|mjese(?:ca|ci)"
    r"|godin[aeu]?|sekundami|minut[aeu]|minutami|minútami|hodin(?:ou|ami|y)?|dn(?:em|y|ami)"
    r"|dňami|dňom|týdn(?:em|y)|měsíc(?:em|i)|mesiac(?:om|mi)|rok(?:em|y)|lety"
    r"|сат(?:а|и)?|минут(?:а|е)|дан(?:а)?"  # (Serbian in Cyrillic: "пре 3 сата")
)
#: Seconds of a European time unit, by its first letters.
_EU_UNIT_SECONDS = (
    ("godi", 31536000),  # (Serbian years, before the Polish hours of "god")
    *(("sat", 3600), ("dan", 86400), ("ned", 604800), ("tj", 604800), ("mje", 2592000)),
    *(("hod", 3600), ("dn", 86400), ("dň", 86400), ("týd", 604800), ("měs", 2592000)),
    *(("rok", 31536000), ("let", 31536000), ("сат", 3600), ("дан", 86400)),
    ("ming", 604800),  # (Indonesian weeks, before "min")
    *(("zi", 86400), ("săp", 604800), ("lun", 2592000), ("oră", 3600)),  # (Romanian)
    ("sek", 1),
    ("sec", 1),
    ("seg", 1),
    ("min", 60),
    ("stu", 3600),
    ("std", 3600),
    ("heu", 3600),
    ("hor", 3600),
    ("ore", 3600),
    ("uur", 3600),
    ("tag", 86400),
    ("jou", 86400),
    ("día", 86400),
    ("dia", 86400),
    ("gio", 86400),
    ("dag", 86400),
    ("woc", 604800),
    ("sem", 604800),
    ("set", 604800),
    ("wek", 604800),
    ("mon", 2592000),
    ("moi", 2592000),
    ("mes", 2592000),
    ("maa", 2592000),
    ("jah", 31536000),
    ("an", 31536000),
    ("añ", 31536000),
    ("ann", 31536000),
    ("jaa", 31536000),
    ("сек", 1),
    ("мин", 60),
    ("час", 3600),
    ("дн", 86400),
    ("ден", 86400),
    ("нед", 604800),
    ("мес", 2592000),
    ("год", 31536000),
    ("лет", 31536000),
    ("god", 3600),
    ("dni", 86400),
    ("dzi", 86400),
    ("tyg", 604800),
    ("tyd", 604800),
    ("mie", 2592000),
    ("lat", 31536000),
    ("rok", 31536000),
    ("giâ", 1),
    ("phú", 60),
    ("giờ", 3600),
    ("ngà", 86400),
    ("tuầ", 604800),
    ("thá", 2592000),
    ("năm", 31536000),
    *(("det", 1), ("men", 60), ("jam", 3600), ("har", 86400), ("bul", 2592000)),
    ("tah", 31536000),
    *(("san", 1), ("dak", 60), ("saa", 3600), ("gün", 86400), ("haf", 604800)),
    *(("ay", 2592000), ("yıl", 31536000)),
    *(("ثوا", 1), ("ثان", 1), ("دقي", 60), ("دقا", 60), ("ساع", 3600), ("أيا", 86400)),
    *(("يوم", 86400), ("أسب", 604800), ("أشه", 2592000), ("شهر", 2592000), ("سن", 31536000)),
)
_EU_ONE = frozenset(("einem", "einer", "un", "une", "una", "um", "uma", "een"))

#: What Chinese and Japanese forums print before a post's time ("发表于 2025-7-8 10:32",
#: "投稿日：2025/07/08(火)").
#: ("Posted on" in Chinese, the words a header line may open with.)
CJK_POSTED_ON = ("发表于", "發表於", "发布于", "發佈於")
_CJK_POSTED = rf"(?:(?:{'|'.join(CJK_POSTED_ON)}|投稿日|投稿|更新日?)\s*[:：]?\s*)?"
#: A weekday in brackets after a date: "(火)", "（火）", "(Tue)".
_CJK_WEEKDAY = r"(?:\s*[(（](?P<weekday>[^)）\d]{1,3})[)）])?"
#: "Tuesday, " before a date (Disqus titles: "Tuesday, July 1, 2025 11:00 AM").
_WEEKDAY = (
    r"(?:(?P<wdname>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+)?"
)

#: The grammars, each with named groups. Order matters only for speed.
_PATTERNS: dict[str, str] = {
    "iso": (
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
        r"(?:\s*(?P<ampm>[ap]m))?"  # "2025-07-07 03:22:10 PM" (Fark)
        r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?)?"
    ),
    # "Yesterday at 10:15 PM"; "Friday at 09:02 AM" is the last Friday (Invision, within a week)
    "dayword": (
        r"(?P<dayword>today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        rf"{_AT}{_CLOCK}{_ZONE}"
    ),
    "monthday": (
        rf"{_WEEKDAY}{_MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<year>\d{{4}}))?"
        rf"(?:{_AT}{_CLOCK})?{_ZONE}"
    ),
    "daymonth": (
        rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s*(?P<year>\d{{4}}))?"
        rf"(?:{_AT}{_CLOCK})?{_ZONE}"
    ),
    # 2026/11/24 10:00, 2026.11.24. 10:00 (Japanese and Korean sites), with a weekday "(火)";
    # 2025-7-8 10:32 (Discuz)
    # futaba's 25/07/09(水)09:48:41: two digits of the year when a Japanese weekday follows,
    # and no space before the clock after one
    "ymd": (
        rf"{_CJK_POSTED}(?P<year>\d{{4}}|\d{{2}}(?=/\d{{1,2}}/\d{{1,2}}[(（][月火水木金土日])"
        # Weibo's "25-7-8 08:52": a short year, then a month or day unpadded
        rf"|\d{{2}}(?=-\d{{1,2}}-\d{{1,2}}\s+\d{{1,2}}:\d{{2}})(?!-\d{{2}}-\d{{2}}\b))"
        # (Korean dates have a space after each dot: "2025. 7. 8. 10:41", Tistory's)
        rf"(?:[/-]|\.\s?)(?P<month>\d{{1,2}})(?:[/-]|\.\s?)(?P<day>\d{{1,2}})\.?"
        rf"{_CJK_WEEKDAY}(?:(?:{_AT}|(?<=[)）])){_CLOCK})?{_ZONE}"
    ),
    # 2025年7月8日(火) 10:15, 7月8日 10:15 (Japanese and Chinese)
    "cjk": (
        rf"{_CJK_POSTED}(?:(?P<year>\d{{4}})\s*年\s*)?(?P<month>\d{{1,2}})\s*月\s*"
        rf"(?P<day>\d{{1,2}})\s*日{_CJK_WEEKDAY}"
        # (or a weekday unbracketed, and the clock's half of the day before it: "2025年7月8日
        # 週二 上午10:41", Yahoo奇摩's)
        r"(?:\s*(?:週|周|星期)[一二三四五六日天])?"
        rf"(?:\s*(?P<cjkampm>上午|下午|午前|午後)?\s*{_CLOCK})?"
    ),
    # 7/8(火) 10:15 (Yahoo! JAPAN): month first, a Japanese weekday says so
    "mdweekday": (
        r"(?P<month>\d{1,2})/(?P<day>\d{1,2})\s*[(（](?P<weekday>[月火水木金土日])[)）]"
        rf"(?:\s*{_CLOCK})?"
    ),
    # 昨日 10:15, 昨天 10:32, 今天 08:00
    "cjkday": rf"(?P<dayword>今日|今天|本日|昨日|昨天|一昨日|前天)\s*{_CLOCK}",
    # 3時間前, 5分前, 3 天前, 2小时前; Korean 23시간전, 32분 전
    "cjkago": (
        r"(?P<count>\d+)\s*(?P<unit>秒|分钟|分鐘|分|時間|小时|小時|日|天|週間|周|か月|ヶ月|个月|年"
        r"|초|분|시간|일|주|개월|달|년)\s*(?:前|전)"
    ),
    # German, French, Spanish, Italian, Portuguese, Dutch: "8. Juli 2025 um 10:15",
    # "8 juillet 2025 à 10h15", "8 de julio de 2025, 10:15"
    "eudate": (
        rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>{_EU_MONTH})\.?"
        r"(?:,?\s+(?:de\s+)?(?P<year>\d{4}))?"
        rf"(?:,?\s*(?:{_EU_AT})?\s*{_EU_CLOCK})?"
    ),
    # the year first: "2025. július 7., hétfő 20:31" (Hungarian, a weekday before the clock)
    "yeardate": (
        rf"(?P<year>\d{{4}})\.\s*(?P<month>{_EU_MONTH})\.?\s+(?P<day>\d{{1,2}})\.?"
        r"(?:,?\s*(?:(?:hétfő|kedd|szerda|csütörtök|péntek|szombat|vasárnap),?\s+)?"
        rf"{_EU_CLOCK})?"
    ),
    # "vor 3 Stunden", "il y a 3 heures", "hace 3 horas", "há 3 horas"
    "euago": (
        r"(?:vor|il\s+y\s+a|hace|há|ha|منذ|acum|pre|prije|před|pred|пре)\s+(?P<count>\d+|einem|einer|une?|una?|uma?)\s+"
        rf"(?:de\s+)?(?P<unit>{_EU_UNIT})"  # (Romanian: "acum 21 de ore")
    ),
    # "3 ore fa", "3 uur geleden", "3 часа назад", "3 godziny temu", "3 giờ trước",
    # "3 jam yang lalu", "3 saat önce"
    "euagoafter": (
        rf"(?P<count>\d+|un|una|een)\s+(?P<unit>{_EU_UNIT})\s+"
        r"(?:fa|geleden|назад|temu|trước|(?:yang\s+)?lalu|önce)"
    ),
    # "gestern um 10:15", "hier à 10h15", "ayer a las 10:15", "ieri alle 10:15"
    "euday": rf"(?P<dayword>{_EU_DAYWORD})(?:,?\s*(?:{_EU_AT})?\s*{_EU_CLOCK})?",
    # 24.11.2026 10:00 (day first), 24. 11. 2026 10:00, 11/24/2026 10:00 AM, 11-24-2026 or
    # 24/11/2026 (either), 24.11.26, 10:00; Drupal's "Tue, 07/08/2025 - 10:15"; Le Figaro's
    # "Le 08/07/2025 à 19:22"
    "numeric": (
        rf"{_WEEKDAY}(?:(?:le|am|el|il|em|op)\s+)?(?P<first>\d{{1,2}})(?P<sep>[./-])"
        # (a space after each dot: "8. 7. 2025 6:48", Czech and Slovak)
        rf"(?:(?<=\.) )?(?P<second_>\d{{1,2}})"
        # (or a comma before the year: "17.07, 2011 @ 13:04", a WordPress blog's own format)
        rf"(?:(?:[./-](?:(?<=\.) )?|,\s(?=\d{{4}}))(?P<year>\d{{4}}|\d{{2}}))?"
        r"(?:(?<=\.\d{4})\.)?"  # (the year's own dot: "07.07.2025. 19:04", Croatian)
        # (the clock after a word for "at": "22.04.18 в 23:19", Habr's)
        rf"(?:(?:{_AT}|\s*(?:à|um|às|alle|a\s+las|om|в)\s*){_CLOCK})?{_ZONE}"
        # the time it was edited after it: "08.07.2025 09:14 ~ 09:52" (Ekşi Sözlük)
        r"(?:\s*~\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s+)?\d{1,2}:\d{2})?"
    ),
    # the clock first: "07:05 8/7" (VnExpress), "14:32 08.07.2025"
    "clocknumeric": (
        rf"{_CLOCK}\s+(?P<first>\d{{1,2}})(?P<sep>[./-])(?P<second_>\d{{1,2}})"
        r"(?:[./-](?P<year>\d{4}|\d{2}))?"
    ),
    # the clock first, then a named month: "11:50am On Oct 30", "3:17pm On Oct 30, 2014"
    # (Nairaland's)
    "clockmonthday": (
        rf"{_CLOCK}{_ZONE},?\s+(?:on\s+)?{_WEEKDAY}{_MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        r"(?:,?\s*(?P<year>\d{4}))?"
    ),
    "ago": (
        r"(?P<count>\d+|an?|one)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?"
        r"|weeks?|wks?|months?|years?|yrs?|[smhdw])\s+ago"
    ),
    "now": r"(?P<now>just now|moments? ago|now|たった今|刚刚|剛剛)",
}

_COMPILED: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"\s*{pattern}\s*", re.IGNORECASE) for kind, pattern in _PATTERNS.items()
}
_WORD_FIRST = ("dayword", "monthday", "daymonth", "ago", "now", "numeric")
_DIGIT_FIRST = (
    *("iso", "ago", "daymonth", "ymd", "numeric", "cjk", "mdweekday", "cjkago"),
    *("eudate", "euagoafter", "clocknumeric", "clockmonthday", "yeardate"),
)
_MONTH_FIRST = (
    *("monthday", "daymonth", "ago", "now", "dayword", "numeric"),
    *("euago", "euday", "euagoafter"),
)
_CJK_FIRST = ("ymd", "cjk", "cjkday", "now")
#: The grammars that need Chinese or Japanese characters: left out of the union tried on
#: ASCII lines, which they cannot match (a byline is looked for at every position).
_CJK_ONLY = frozenset(("cjk", "mdweekday", "cjkday", "cjkago"))
#: The European grammars, and those that put the clock first: tried on whole texts and on
#: lines that are not ASCII (names with accents), not at every position of an ASCII line,
#: which they would slow.
_EU_ONLY = frozenset(
    ("eudate", "euago", "euagoafter", "euday", "clocknumeric", "clockmonthday", "yeardate")
)


def _union(kinds: list[str]) -> str:
    return "|".join(f"(?:{re.sub(r'[(][?]P<[a-z_]+>', '(?:', _PATTERNS[kind])})" for kind in kinds)


#: The union of the grammars, without group names: for finding a time at the end of a line.
TIME_EXPRESSION = _union([kind for kind in _PATTERNS if kind not in _CJK_ONLY | _EU_ONLY])
_ALL_TIMES = _union(list(_PATTERNS))

_UNIT_SECONDS = {
    "s": 1,
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "mo": 30 * 86400,
    "y": 365 * 86400,
}


@lru_cache(maxsize=64)
def site_zone(name: str) -> tzinfo:
    """The ``ZoneInfo`` for a site timezone name, UTC when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


_FIXED_ZONES: dict[str, tzinfo] = {
    name: timezone(timedelta(hours=hours)) for name, hours in ZONE_OFFSETS.items()
}
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")


def _zone_from(text: str | None, default: tzinfo | None) -> tzinfo | None:
    if not text:
        return default
    token = text.strip().upper()
    if token[:3] in ("GMT", "UTC") and token[3:4] in ("+", "-"):
        token = token[3:]  # "GMT+09:00"
    zone = _FIXED_ZONES.get(token)
    if zone is not None:
        return zone
    match = _OFFSET.fullmatch(token)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        offset = sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        if abs(offset) < timedelta(hours=24):
            return timezone(offset)
    return default


def _clock(groups: dict[str, str | None]) -> tuple[int, int, int] | None:
    if groups.get("hour") is None:
        return 0, 0, 0
    hour, minute = int(groups["hour"] or 0), int(groups["minute"] or 0)
    second = int(groups.get("second") or 0)
    ampm = (groups.get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if not ampm and (half := groups.get("cjkampm")):
        ampm = "pm" if half in ("下午", "午後") else "am"
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


_CJK_UNIT_SECONDS = {
    **{"초": 1, "분": 60, "시간": 3600, "일": 86400, "주": 7 * 86400},
    **{"개월": 30 * 86400, "달": 30 * 86400, "년": 365 * 86400},
    "秒": 1,
    "分": 60,
    "分钟": 60,
    "分鐘": 60,
    "時間": 3600,
    "小时": 3600,
    "小時": 3600,
    "日": 86400,
    "天": 86400,
    "週間": 7 * 86400,
    "周": 7 * 86400,
    "か月": 30 * 86400,
    "ヶ月": 30 * 86400,
    "个月": 30 * 86400,
    "年": 365 * 86400,
}
#: Days back from today of the Chinese and Japanese day words.
_CJK_DAYS_BACK = {"今日": 0, "今天": 0, "本日": 0, "昨日": 1, "昨天": 1, "一昨日": 2, "前天": 2}


def _eu_unit_seconds(unit: str) -> int:
    unit = unit.lower()
    for prefix, seconds in _EU_UNIT_SECONDS:
        if unit.startswith(prefix):
            return seconds
    return 1


def _unit_seconds(unit: str) -> int:
    unit = unit.lower()
    if unit.startswith("mo"):
        return _UNIT_SECONDS["mo"]
    if unit.startswith("mi") or unit == "m":
        return _UNIT_SECONDS["m"]
    return _UNIT_SECONDS[unit[0]]


def _aware_utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _build(day: date, clock: tuple[int, int, int], zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, *clock, tzinfo=zone).astimezone(UTC)


def _latest_year(month: int, day: int, today: date, weekday: int | None = None) -> date | None:
    """The most recent ``month``/``day`` on or before ``today`` (leap days look further back),
    on ``weekday`` (0 is Monday) when the text says which: "7/8(火)" is a Tuesday's."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


#: Weekdays as a date may name them in brackets: "(火)", "(Tue)".
_WEEKDAY_NUMBERS = {
    **{name: number for number, name in enumerate("月火水木金土日")},
    **{
        name: number
        for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    },
}


_ONE_DAY = timedelta(days=1)
_today_memo: dict[tuple[datetime, tzinfo], date] = {}


def _local_today(now: datetime, zone: tzinfo) -> date:
    """``now``'s date in ``zone`` (remembered: a page's times all ask the same)."""
    key = (now, zone)
    day = _today_memo.get(key)
    if day is None:
        if len(_today_memo) >= 256:
            _today_memo.clear()
        day = _today_memo[key] = now.astimezone(zone).date()
    return day


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: _shape keeps one each
class _Shape:
    """What a posted-time text says, apart from the day it is read on (see :func:`_shape`)."""

    kind: str
    groups: dict[str, str | None]
    clock: tuple[int, int, int] | None
    zone: tzinfo | None  # named in the text; None: the site's


#: Invisible marks that set the direction of the text around them: no part of a time or a
#: name ("\u202aTheo Lindqvist\u202c", Bluesky's).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: An Arabic weekday before a date: "الثلاثاء 8 يوليوز 2025 - 11:02" (Tuesday, Hespress).
_ARABIC_WEEKDAY = re.compile(
    r"\s*(?:ال)?(?:اثنين|إثنين|ثلاثاء|أربعاء|اربعاء|خميس|جمعة|سبت|أحد)،?\s+"
)


@lru_cache(maxsize=16_384)
def _shape(text: str) -> _Shape | None:
    """The grammar ``text`` matches first, with its groups, clock and zone.

    Depends on the text alone, so it is remembered across pages: a thread re-read every poll
    shows the same times, and matching them is most of what reading one costs.
    """
    if BIDI_MARKS.search(text) is not None:  # "\u200e07-07-2025" (Khoros): invisible
        return _shape(BIDI_MARKS.sub("", text))
    first = text.lstrip()[:1].lower()
    if "\u0600" <= first <= "\u06ff" and (weekday := _ARABIC_WEEKDAY.match(text)) is not None:
        return _shape(text[weekday.end() :])  # "الثلاثاء 8 يوليوز 2025 - 11:02"
    order: tuple[str, ...]
    if first in ("t", "y"):
        order = _WORD_FIRST
    elif first.isdigit():
        order = _DIGIT_FIRST
    elif first >= "\u2e80":
        order = _CJK_FIRST
    else:
        order = _MONTH_FIRST
    for kind in order:
        match = _COMPILED[kind].fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        clock = None if kind in ("now", "ago", "cjkago", "euago", "euagoafter") else _clock(groups)
        return _Shape(kind, groups, clock, _zone_from(groups.get("zone"), None))
    return None


def parse_posted(text: str, *, now: datetime, tz: str = "Asia/Tokyo") -> datetime | None:
    """Read a posted-time text (see the module doc) as a UTC datetime, or ``None``.

    ``now`` is when the page was fetched (naive means UTC); ``tz`` the site's timezone name,
    used when the text names none. (:class:`PostedReader` reads many texts faster.)
    """
    return PostedReader(now, tz).read(text)


class PostedReader:
    """:func:`parse_posted` against one fetch time and site timezone: what every text of a page
    shares (the aware fetch time, the site's zone, the local date) is worked out once."""

    __slots__ = ("_days", "_year_days", "now", "year_before", "zone")

    def __init__(self, now: datetime, tz: str, year_before: datetime | None = None) -> None:
        self.now = _aware_utc(now)
        self.zone = site_zone(tz)
        self._days: dict[tzinfo, date] = {}
        #: The moment a date shown without its year is taken to be on or before (the fetch,
        #: unless the page is known to be older: see :class:`bot.extract.walk.Clock`).
        self.year_before = _aware_utc(year_before) if year_before is not None else None
        self._year_days: dict[tzinfo, date] = {}

    def read(self, text: str) -> datetime | None:
        if not text or len(text) > 80:
            return None
        shape = _shape(text)
        if shape is None:
            return None
        kind, groups = shape.kind, shape.groups
        if kind == "now":
            return self.now
        if kind == "ago":
            count_text = (groups["count"] or "1").lower()
            count = 1 if count_text in ("a", "an", "one") else int(count_text)
            return self.now - timedelta(seconds=count * _unit_seconds(groups["unit"] or "s"))
        if kind == "cjkago":
            seconds = _CJK_UNIT_SECONDS[groups["unit"] or "秒"]
            return self.now - timedelta(seconds=int(groups["count"] or 0) * seconds)
        if kind in ("euago", "euagoafter"):
            count_text = (groups["count"] or "1").lower()
            count = 1 if count_text in _EU_ONE else int(count_text)
            return self.now - timedelta(seconds=count * _eu_unit_seconds(groups["unit"] or ""))
        zone = shape.zone or self.zone
        today = self._days.get(zone)
        if today is None:
            today = self._days[zone] = _local_today(self.now, zone)
        if self.year_before is None:
            return _on_day(shape, zone, today)
        year_day = self._year_days.get(zone)
        if year_day is None:
            year_day = self._year_days[zone] = _local_today(self.year_before, zone)
        return _on_day(shape, zone, today, year_day)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=16_384)
def _on_day(
    shape: _Shape, zone: tzinfo, local_today: date, year_day: date | None = None
) -> datetime | None:
    """The moment a dated or clock-only shape names, read on ``local_today`` in ``zone``; a
    date without its year, the latest such on or before ``year_day`` (``local_today``)."""
    groups, clock = shape.groups, shape.clock
    if year_day is None:
        year_day = local_today
    if clock is None:
        return None
    try:
        if shape.kind in ("iso", "ymd"):
            year = int(groups["year"] or 0)
            day = date(
                year + 2000 if year < 100 else year,
                int(groups["month"] or 0),
                int(groups["day"] or 0),
            )
        elif shape.kind in ("numeric", "clocknumeric"):
            found = _numeric_day(
                groups, local_today if groups.get("year") else year_day, getattr(zone, "key", "")
            )
            if found is None:
                return None
            day = found
        elif shape.kind == "euday":
            day = local_today - _EU_DAYS_BACK[(groups["dayword"] or "heute").lower()] * _ONE_DAY
        elif shape.kind in ("eudate", "yeardate"):
            month = EU_MONTHS[(groups["month"] or "").lower()]
            if groups.get("year"):
                year = int(groups["year"] or 0)
                year -= _BUDDHIST_ERA if year > 2400 else 0
                day = date(year, month, int(groups["day"] or 0))
            else:
                found = _latest_year(month, int(groups["day"] or 0), year_day)
                if found is None:
                    return None
                day = found
        elif shape.kind == "cjkday":
            day = local_today - _CJK_DAYS_BACK[groups["dayword"] or "今日"] * _ONE_DAY
        elif shape.kind in ("cjk", "mdweekday"):
            month, day_number = int(groups["month"] or 0), int(groups["day"] or 0)
            if groups.get("year"):
                day = date(int(groups["year"] or 0), month, day_number)
            else:
                weekday = _WEEKDAY_NUMBERS.get((groups.get("weekday") or "").strip().lower())
                found = _latest_year(month, day_number, year_day, weekday)
                if found is None:
                    return None
                day = found
        elif shape.kind == "dayword":
            word = (groups["dayword"] or "").lower()
            if word in _WEEKDAYS:
                back = (local_today.weekday() - _WEEKDAYS.index(word)) % 7
                day = local_today - back * _ONE_DAY
            else:
                day = local_today - _ONE_DAY if word == "yesterday" else local_today
        else:
            month = MONTHS[(groups["month"] or "").lower().rstrip(".")]
            if groups.get("year"):
                day = date(int(groups["year"] or 0), month, int(groups["day"] or 0))
            else:
                weekday = _WEEKDAY_NUMBERS.get((groups.get("wdname") or "")[:3].lower())
                found = _latest_year(month, int(groups["day"] or 0), year_day, weekday)
                if found is None:
                    return None
                day = found
        return _build(day, clock, zone)
    except (ValueError, OverflowError, KeyError):
        return None


#: Where an all-number date without its year puts the month first (PTT's "07/08 11:03" is
#: July 8 in Taipei; menéame's "08/07 10:12" is July 8 in Madrid).
_MONTH_FIRST_ZONES = ("America/", "Asia/Tokyo", "Asia/Taipei", "Asia/Shanghai", "Asia/Seoul")
# where a short dotted date may put the year first ("25.07.08": 2025-07-08)
_YEAR_FIRST_ZONES = ("Asia/Tokyo", "Asia/Taipei", "Asia/Shanghai", "Asia/Seoul", "Asia/Hong_Kong")


def _numeric_day(
    groups: dict[str, str | None], local_today: date, zone_name: str = ""
) -> date | None:
    """The day of an all-number date. Dots put the day first (24.11.2026); with slashes or
    dashes either may come first (11/24/2026 in the US, 24/11/2026 elsewhere): a part over 12 tells,
    else the reading nearer before ``local_today`` wins (a comment is rarely months old). A
    two-digit year needs a clock after it (``1.10.22`` alone is as likely a version)."""
    first, second, year_text = (
        int(groups["first"] or 0),
        int(groups["second_"] or 0),
        groups["year"] or "",
    )
    if len(year_text) < 4 and groups.get("hour") is None:
        return None  # (no year needs a clock too: PTT's "07/08 11:03", menéame's "08/07 10:12")
    if year_text:
        years = [int(year_text) + (2000 if len(year_text) == 2 else 0)]
    else:
        years = [local_today.year, local_today.year - 1]
    dotted = groups["sep"] == "." and (year_text or not zone_name.startswith(_MONTH_FIRST_ZONES))
    # (dots put the day first, but not in a yearless "07.08 07:43:12" in Seoul: DCInside's)
    readings = [(second, first)] if dotted or first > 12 else [(first, second)]
    if not dotted and first <= 12 and second <= 12 and first != second:
        readings.append((second, first))
    days = []
    for year in years:
        for month, day in readings:
            try:
                days.append(date(year, month, day))
            except ValueError:
                continue
    weekday = _WEEKDAY_NUMBERS.get((groups.get("wdname") or "")[:3].lower())
    if weekday is not None and any(d.weekday() == weekday for d in days):
        days = [d for d in days if d.weekday() == weekday]  # "Tue, 07/08/2025": July 8
    past = [d for d in days if d <= local_today + _ONE_DAY]
    if (
        len(readings) == 2
        and len({(d.month, d.day) for d in past}) == 2
        and (not year_text or max(past) < local_today - _A_MONTH)
    ):
        # both readings are past days, the nearer not within the month a dated one would
        # show it: the zone's custom tells which comes first ("08/07/2025", read long after,
        # is 8 July in Paris and 7 August in New York)
        month_first = zone_name.startswith(_MONTH_FIRST_ZONES)
        month, day = readings[0] if month_first else readings[1]
        past = [d for d in past if (d.month, d.day) == (month, day)]
    found = max(past) if past else None
    if found is None and days and len(readings) == 1 and year_text:
        found = min(days)
    if (
        len(year_text) == 2
        and groups["sep"] == "."
        and (found is None or zone_name.startswith(_YEAR_FIRST_ZONES))
    ):
        # or the year first, as Korean and Japanese sites write it ("25.07.08 09:31",
        # Bobaedream's): the nearer past day of the two. Elsewhere the day comes first
        # ("23.04.18 | 20:30" in Moscow is 23 April 2018, not 18 April 2023).
        try:
            year_first = date(2000 + first, second, int(year_text))
        except ValueError:
            return found
        # (a day-first reading in the future is none: "26.07.30" is 30 July 2026, not 26
        # July 2030)
        future = found is not None and found > local_today + _ONE_DAY
        if (
            year_first <= local_today + _ONE_DAY and (found is None or future or year_first > found)
        ) or (future and found is not None and year_first < found):
            return year_first
    return found


_A_MONTH = timedelta(days=31)


def parse_iso(text: str | None, *, tz: str = "UTC") -> datetime | None:
    """An ISO 8601 datetime (``datetime``/``content`` attributes, JSON-LD) as UTC, or ``None``.

    A value without an offset is read in ``tz``; a bare date is its midnight there.
    """
    if not text:
        return None
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_zone(tz))
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


#: What a time (any grammar) may start with: a digit, or the first letter of today/yesterday,
#: a weekday, a month, a/an/one (``ago``), just/moments/now.
TIME_STARTS = r"[\dadfjmnostwy]"
#: And what the Chinese and Japanese ones may start with (今日, 昨天, 发表于, 投稿日, たった今...).
_CJK_STARTS = r"[\dadfghijmnostvwy今昨本一前发發投更刚剛たвсم]"  # ("вчера", "сегодня", "منذ")
#: A line ending with a time. The lazy name makes the engine try the time at every position
#: of the line, and trying the six grammars case-insensitively costs about half a microsecond
#: a position; the lookahead turns away, in one character test, the positions no grammar can
#: start at (spaces, most letters). It takes no match away: every grammar starts so.
_BYLINE_SOURCE = rf"(?P<name>.*?)\s*(?={TIME_STARTS})(?P<time>{TIME_EXPRESSION})\s*"
_BYLINE = re.compile(rf"(?P<name>.*?)\s*(?={_CJK_STARTS})(?P<time>{_ALL_TIMES})\s*", re.IGNORECASE)


def _lowercased(source: str) -> re.Pattern[str]:
    """``source`` (written for ``re.IGNORECASE``) for matching lowercased ASCII text.

    On an ASCII text, a case-insensitive match is the same as a case-sensitive match of the
    lowercased pattern on the lowercased text, at the same positions (lowercasing ASCII keeps
    every character in place), and about twice as fast: the engine compares characters
    without folding each one. The pattern must hold no uppercase escape (``\\S``, ``\\Z``...),
    whose meaning lowercasing would change.
    """
    if re.search(r"\\[A-Z]", source):
        raise ValueError("a pattern with uppercase escapes cannot be lowercased")
    return re.compile(source.lower().replace("(?p<", "(?P<"))


_BYLINE_LOWER = _lowercased(_BYLINE_SOURCE)


def _match_byline(text: str) -> re.Match[str] | None:
    """``_BYLINE.fullmatch(text)``, positions and all (read the groups off ``text``)."""
    if text.isascii():
        lowered = text.lower()
        match = _BYLINE_LOWER.fullmatch(lowered)
        if _may_be_european(lowered if match is None else lowered[: match.start("time")]):
            # a European time in ASCII ("Nuria Blanco Ortizhace 2 horas"), which the English
            # grammars do not read, or read only the end of ("8 luglio 2025 alle 9.12")
            european = _BYLINE.fullmatch(text)
            if european is not None and (
                match is None or european.start("time") < match.start("time")
            ):
                return european
        return match
    return _BYLINE.fullmatch(text)


#: The ASCII words of the European grammars: a line holding one may hold a European time
#: although it is ASCII.
_EU_WORDS = frozenset(
    word
    for word in (
        *EU_MONTHS,
        *_EU_DAYS_BACK,
        *("hace", "vor", "il", "ha", "fa", "geleden", "temu", "alle", "um"),
    )
    if word.isascii() and word not in MONTHS  # ("august": the English grammars read it)
)
#: Those a time starts with, which a name may be glued to ("Ortizhace 2 horas").
_EU_GLUED = tuple(
    word for word in (*_EU_DAYS_BACK, "hace", "vor") if word.isascii() and len(word) > 2
)


def _may_be_european(lowered: str) -> bool:
    for token in lowered.split()[-7:]:
        token = token.strip(",.|-")
        if token in _EU_WORDS or token.endswith(_EU_GLUED):
            return True
    return False


#: A digit anywhere in a text (one search in C, not a loop over its characters).
A_DIGIT = re.compile(r"\d")
_BY_PREFIX = re.compile(r"^(?:(?:posted|written|submitted|commented)\s+)?by\s+", re.IGNORECASE)
_HAS_CLOCK = re.compile(
    r"\d[:.h]\d\d|\bago\b|^\d{4}-\d\d-\d\d$|just now|\d\s*\D{1,2}前$"
    r"|^(?:vor|il y a|hace|há)\s|\s(?:fa|geleden)$",
    re.IGNORECASE,
)


def split_byline(text: str) -> tuple[str, str] | None:
    """``"danToday  06:39 pm JST"`` → ``("dan", "Today  06:39 pm JST")``; a line that is only a
    time gives an empty name. ``None`` when the line does not end with a time of day (or an
    ``ago``), so ``"Section 232"`` or ``"May 5"`` are not bylines.
    """
    if len(text) > 100 or (A_DIGIT.search(text, len(text) - 12) is None and "ago" not in text):
        return None
    match = _match_byline(text)
    if match is None:
        return None
    time = text[match.start("time") : match.end("time")]
    if not _HAS_CLOCK.search(time):
        return None
    name = text[: match.end("name")].strip(" \t·|,-—–:")
    if name.lower().endswith((" at", " on", " posted", " by")):
        name = name.rsplit(" ", 1)[0]
    name = _BY_PREFIX.sub("", name)
    return name, time.strip()
