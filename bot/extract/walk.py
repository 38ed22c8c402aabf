"""One pass over a comment block: its paragraphs, author, posted time and anchor.

The walk sorts what it meets by what the markup says (``class``, ``itemprop``, ``rel``, tag)
and, where the markup says nothing, by what the text is (a time, a byline). Quoted passages
(``<blockquote>``, ``class="quote"``) are kept, marked with their quote number, so that the
reply logic can tell them from the commenter's own words.

Speed matters here, so the walk is one flat ``traverse()`` over the block: the end of an element
is noticed when the node that follows its subtree comes up, and skipping an element means
ignoring nodes until that one. Every decision the walk takes on a text goes through a function
of that text alone (:func:`take_author`, :func:`is_profile_link`, :func:`is_small_widget`,
:meth:`Clock.text`) and can be traced, so that :mod:`bot.extract.template` can take it again on
an alike block's texts without walking that block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.extract.dom import (
    BLOCK_TAGS,
    HEADING_TAGS,
    PARENT_LINK,
    REPLY_SUBJECT,
    SAYS,
    SKIP_TAGS,
    TEXT_WORDS,
    about_the_poster,
    collapse,
    hint_of,
    hint_tokens,
    in_nested_block,
    is_content,
    is_hidden,
    is_parent_link,
    node_text,
    sibling,
    within,
)
from bot.extract.times import (
    A_DIGIT,
    BIDI_MARKS,
    PostedReader,
    parse_iso,
    site_zone,
    split_byline,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_FLUSH, _QUOTE, _TEXT, _LINES = 1, 2, 4, 8
_NONE, _ROLE_QUOTE, _ROLE_TIME, _ROLE_AUTHOR, _ROLE_VOTE, _ROLE_TEXT, _ROLE_BAR = range(7)
#: Classes of a bar of actions under a post ("+Quote Reply Report"), of the poster's signature
#: or badge ("OP"), of an edit note ("Last Edit: …"): none of it is the post's words.
_BAR_WORDS = frozenset(
    [
        *("actionbar", "toolbar", "actions", "usertitle", "signature", "badge", "edited"),
        "reactionsbar",  # who reacted: XenForo's "Reactions: frostic" (counted as likes)
        "social",  # the poster's social profiles beside the name (iDNES's "Facebook")
        "edition",  # "Message édité le …" (jeuxvideo.com's "info-edition-msg")
        *("postedit", "lastedit"),  # "Last edited by DaiJones (Yesterday 09:41:02)" (FluxBB)
        "alert",  # a notice in a post: Kunena's "alert alert-info" "Last edit: … Reason: …"
        *("modified", "tags"),  # (Hatena's bookmark tags under a comment)
        "role",  # the poster's role beside their name (bbPress: "Keymaster")
        "revision",  # "This reply was modified 1 day ago by …" (bbPress's revision log)
        "moderation",  # "Gekürzt. Bitte verzichten Sie …, die Redaktion" (a moderator's note)
        "marker",  # "Comment marked as low quality …" (DEV's quality marker)
        "audit",  # "Last edited by pixelfox; 8 Jul @ 12:44pm" (Steam's forum_audit)
        *("file", "filetext"),  # an attachment's line: "File: 1751984469123.jpg (38 KB, …)"
        # an attachment's name, and a notice under the post (phpBB's "inline-attachment" and
        # its "rules": "You do not have the required permissions to view the files …")
        *("attachment", "attachbox", "rules"),
        "uploaded",  # "Uploaded files:" over an attachment's list (Asgaros')
        "backlink",  # the later posts answering this one (">>60417270"): not its parent
        "posteruid",  # an imageboard poster's "(ID: b7TnQ2Lw)"
        "ip",  # the poster's address, masked ("211.♡.105.3": Clien's "comment_ip")
        # who the poster is, beside the name: Le Figaro's "Abonné", "Journaliste Figaro"
        *("subscriber", "journalist"),
        "icon",  # an icon, or a badge beside a name (Douban's "topic-author-icon": 楼主)
        "modnote",
        "modact",  # "本主题由 … 审核通过" (approved by a moderator: Discuz's)
        "modbreak",  # a moderator's note inside the words ("modbreak: … verwijderd": GeenStijl's)
        # a deleted comment's label and notice (Pikabu's "comment__deleted-label"): no name,
        # no words of anyone's
        "deleted",
        "removed",
        "accepter",  # "Solution accepted by topic author …" (Khoros's "solution-accepter")
        "nav",  # a comment's own links: FM Korea's "fdb_nav" ("댓글로 가기", go to the comment)
    ]
)

_STRONG_AUTHOR = frozenset(
    [
        "author",
        "autor",  # (Spanish, Portuguese, German, Polish: El Mundo's "autor")
        "authorname",
        "username",
        "nickname",
        "nick",
        "uname",  # (derStandard's 2011 forum: <div class="uname">)
        "commenter",
        "screenname",
        "handlename",  # 発言小町's "p-res__handleName"
        "displayname",
        "byline",
        "poster",
        "postauthor",
        "commentauthor",
        "fn",  # hCard's formatted name (WordPress: <b class="fn">)
        "pseudo",  # French: jeuxvideo.com's "bloc-pseudo-msg"
        "userid",  # PTT's "push-userid"
        "pseudonym",
        "realname",
        "qui",  # French "who": SPIP's <b class="forum-qui-226837">
    ]
)
_WEAK_AUTHOR = frozenset(["user", "usr", "member", "name", "handle", "profile"])
#: Words beside a weak one that make an element hold words, not a name ("user-content");
#: "comment" does not ("comment__name" is the commenter's name).
#: (nor do an avatar's words: Hyvor Talk's <span class="profile-picture-custom">H</span>)
_NOT_A_NAME = (TEXT_WORDS - {"comment"}) | {"picture", "avatar", "photo", "foto", "image", "pic"}
#: (a "user-status" bar: the likes, reply link and time under a VnExpress comment)
_NOT_A_NAME |= {"status"}
#: (nor a link to the poster's journal: Slashdot's "user_journal_display" beside the name)
_NOT_A_NAME |= {"journal", "homepage"}
#: (nor a user's time or place: Hupu's "post-reply-list-user-info-top-time")
_NOT_A_NAME |= {"time", "date", "datetime", "timestamp", "location", "area", "region"}
#: (nor a mention of another user inside the words: Qiita's "user-mention")
_NOT_A_NAME |= {"mention"}
#: (nor the title a forum gives a poster: Flashback's "post-user-title", "Avslutad")
_NOT_A_NAME |= {"title", "rank"}
_TIME_WORDS = frozenset(
    [
        "time",
        "date",
        "datetime",
        "timestamp",
        "posted",
        "ago",
        "age",
        "published",
        "created",
        "when",
    ]
)
_VOTE_WORDS = ("vote", "rating", "score", "karma", "points")
_USER_HREF = re.compile(
    r"(?:^|/)(?:users?|u|profiles?|profil|members?|people|authors?|accounts?|commenters?|~)"
    r"(?:/|$|\?)"  # ("profil": German, French)
    r"|/~[^/?#]+/?(?:$|[?#])"  # /~ledger (Slashdot, shell-account style)
    r"|/profile(?:\.\w{2,5})?(?:$|[?#])"  # /registration/dan/profile.html (Daily Mail)
    r"|[?&]user(?:id|name)?="
    # forum software: index.php?action=profile;u=77 (SMF), member.php?action=profile&uid=3
    # (MyBB), member.php?u=5 (vBulletin), memberlist.php?mode=viewprofile&u=52 (phpBB)
    r"|[?&;](?:action=profile|mode=viewprofile)\b|/member\.php\?(?:[^#]*&)?u=\d"
    # Discuz: home.php?mod=space&uid=388120, space-uid-388120.html; Mastodon, Medium: /@kaori
    r"|[?&]uid=\d|space-uid-\d|(?:^|/)@[\w.-]+/?(?:$|[?#])"
    # FluxBB, PunBB: profile.php?id=12; MyBB's search-engine friendly user-3.html
    r"|(?:^|/)profile\.php\?(?:[^#]*&)?id=\d|(?:^|/)(?:user|member)-\d+\.html(?:$|[?#])",
    re.IGNORECASE,
)
_AUTHOR_MAX = 60
#: A Japanese honorific after a name's link: not part of the name.
_HONORIFIC = re.compile(r"(?<=\S)\s+(?:さん|様|さま|氏)$")
#: An account's handle after the display name: "ニュース速報ウォッチ @news_sokuho_w".
_HANDLE = re.compile(r"(?<=\S)\s+@[\w.]+$")
#: What a site adds to a name it does not vouch for: "Marlene (not verified)" (Drupal).
_UNVERIFIED = re.compile(r"\s*\((?:not verified|unverified|guest)\)$", re.IGNORECASE)
#: The login after a display name: "Joachim Wendel (jwendel)" (FAZ.NET); not a place
#: ("Prakash (Pune)").
_LOGIN_AFTER = re.compile(r"(?<=\S)\s+\([a-z0-9._-]{2,40}\)$")
_NOT_SKIPPING = -1


@dataclass(slots=True)
class Para:
    """A paragraph of a comment; ``quote`` is 0 for the commenter's own words, else the number
    of the quoted passage it belongs to."""

    text: str
    quote: int = 0
    serial: int = 0


@dataclass(slots=True)
class Walk:
    paras: list[Para] = field(default_factory=list)
    author: str | None = None
    author_rank: int = 0
    posted: datetime | None = None
    posted_serial: int | None = None
    #: Whether an element keeping its text's line breaks was walked (``<pre>``, ``white-space:
    #: pre-wrap``): its lines are paragraphs, which no template replays.
    verbatim: bool = False
    #: The serials of paragraphs read from a heading element (a talkback's title over its
    #: byline, Ynet's ``<h3 class="talkbackTitle">``).
    headings: tuple[int, ...] = ()


#: A time followed by where the poster was (the "IP属地" Chinese sites show): "… 09:30:12 上海".
_PLACE_AFTER = re.compile(
    r"\s*(.*\d)\s+(?:[∙·•|]\s*)?(?:IP属地[:：]?\s*)?[\u4e00-\u9fff]{2,4}\s*"
)  # (or after a dot: "2025-07-08 09:12 ∙ 北京", The Paper's)
#: The attributes of a time element that hold its exact time (ISO 8601 or epoch seconds).
TIME_ATTRIBUTES = (
    *("datetime", "content", "data-time", "data-timestamp", "data-utc", "data-value"),
    "data-ts",  # menéame's epoch seconds
    "date",  # Sina's epoch milliseconds: <span class="time" date="1751932286000">
    "data-utime",  # Facebook's epoch seconds: <abbr class="livetimestamp" data-utime=…>17h
    "data-created",  # Zhihu's answers: <div class="zm-item-answer" data-created="1423908780">
)
#: A span's attributes that stamp it with the time it shows, whatever its class says.
_STAMPS = ("data-timestamp", "data-utime", "data-ts")
#: Where a page puts the exact time a tooltip shows over "3h" (Lemmy's ``data-tippy-content``,
#: Bootstrap's ``data-original-title``), when it has no ``title``.
TOOLTIP_ATTRIBUTES = ("data-tippy-content", "data-original-title", "data-tooltip")


_BARE_CLOCK = re.compile(r"\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?", re.IGNORECASE)
#: How far after the fetch a clock alone may read as today (the fetch's own seconds).
_SLACK = timedelta(minutes=5)
#: Marks before a time on its line: a permalink's "#", an icon link's "?", a bullet.
_LEADING_MARKS = "#?•·»›|-–— \u00a0"
#: Bars parting a byline's pieces: "23.04.18 | 20:30 | Permalink".
_PARTING = re.compile(r"\s*\|\s*|\s+/\s+")
_CLOCK_PART = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


#: A label before a post's time: "Posted:", "Posted on", "Datum:", "Geschrieben am".
POSTED_LABEL = re.compile(
    r"\s*(?:posted(?:\s+on)?|date|datum|geschrieben\s+am|verfasst\s+am|publié\s+le|posté\s+le"
    r"|enviado)"
    r"\s*:?\s+(?=\S)",
    re.IGNORECASE,
)
#: The letters those labels start with.
_LABEL_INITIALS = frozenset("pdgvePDGVE")
#: The post's subject after its time on that line: "… Post subject: Changes on Test Server".
SUBJECT_AFTER = re.compile(
    r"\s+(?:post\s+)?(?:subject|betreff|titre|sujet|oggetto|asunto)\s*:.*$",
    re.IGNORECASE | re.DOTALL,
)


def after_guillemet_label(text: str) -> str | None:
    """What a line in guillemets says after its label: "« Reply #1 on: April 24, 2011,
    10:48:56 PM »", "« Válasz #1 Dátum: 2011-04-24, 22:48:56 »" (Simple Machines Forum's)."""
    if text[:1] != "«" or ": " not in text[:40]:
        return None
    return text.partition(": ")[2].rstrip("» ")


#: An age written short, alone: "15h", "3d", "45m".
_SHORT_AGE = re.compile(r"\d{1,2}[mhdw]")
#: "2018 г." (го́да, "of the year", after a Russian date's year).
_YEAR_MARK = re.compile(r"(\d{4}) г\.")
#: A zone's offset at the end of an ISO time ("+02:00", "-0500").
_OFFSET = re.compile(r"[+-]\d\d:?\d\d$")


def may_be_mislabelled(attrs: dict[str, str | None]) -> bool:
    """Whether an element's ``datetime`` says UTC or no zone at all: then what the element
    shows may tell its real zone (see :meth:`Clock.as_shown`); an offset of its own is exact."""
    value = attrs.get("datetime")
    if not value or len(value) < 16:
        return False
    return value.endswith(("+00:00", "Z")) or _OFFSET.search(value, 16) is None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Clock:
    """Reads posted times against one fetch time and site timezone, remembering answers."""

    def __init__(self, now: datetime, tz: str, year_before: datetime | None = None) -> None:
        self.now, self.tz = now, tz
        self._memo: dict[str, datetime | None] = {}
        self._reader = PostedReader(now, tz, year_before)

    def text(self, text: str) -> datetime | None:
        memo = self._memo
        if text in memo:
            return memo[text]
        moment = self._reader.read(collapse(text))
        if moment is None and (" / " in text or " | " in text):
            # the time, then an edit's ("… 08:31:40 / 수정일: …", Clien's) or links ("… 10:32
            # | 只看该作者", Discuz's); or the day and the clock parted ("23.04.18 | 20:30 |",
            # 4PDA's)
            parts = [part for part in _PARTING.split(text) if part]
            if len(parts) > 1 and _CLOCK_PART.fullmatch(parts[1]):
                moment = self._reader.read(collapse(f"{parts[0]} {parts[1]}"))
            if moment is None and parts and parts[0] != text:
                # (read as any text: "Ne, 15. dubna 2018, 09:43:45 | Souhlasím | …" after a
                # weekday, Novinky's)
                moment = self.text(parts[0])
        if (
            moment is None
            and text.rstrip()[-1:] >= "\u4e00"  # (a Chinese place last: most texts are not asked)
            and (placed := _PLACE_AFTER.fullmatch(text)) is not None
        ):
            moment = self._reader.read(placed.group(1))  # "2025-07-08 09:30:12 上海"
        if moment is None and text[:1] in _LEADING_MARKS and (rest := text.lstrip(_LEADING_MARKS)):
            # after a permalink's and other links' marks: "# ? Nov 17, 2011 14:13" (SA's)
            moment = self._reader.read(collapse(rest))
        if moment is None and text[-1:] == ":" and (said := SAYS.search(text)) is not None:
            # a byline whose name was taken: "On December 23, 2014, at 10:07 PM, wrote:"
            moment = self.text(text[: said.start()].rstrip(" ,"))
        if moment is None and text[:3] in ("On ", "on "):
            moment = self._reader.read(collapse(text[3:]))  # ("On December 23, 2014, …")
        if moment is None and (labelled := after_guillemet_label(text)) is not None:
            moment = self._reader.read(collapse(labelled))
        if moment is None and text[:1] in "([" and (inner := text.rstrip(": ").strip("()[] ")):
            # in brackets: "(22 juin 2018 @11h13)" (SPIP's forums)
            moment = self._reader.read(collapse(inner))
        if (
            moment is None
            and text[:1] in _LABEL_INITIALS
            and (posted := POSTED_LABEL.match(text)) is not None
        ):
            # "Posted: Sun May 25, 2003 9:25 pm  Post subject: …" (phpBB 2's post header)
            moment = self.text(SUBJECT_AFTER.sub("", text[posted.end() :]).strip())
        if moment is None and " (#" in text:
            # a permalink's number after the time: "… @09:50AM (#45828601)" (Slashdot's)
            moment = self.text(text.partition(" (#")[0])
        if (
            moment is None
            and text[:3] in ("by ", "By ")
            and " on " in text
            and len(text) <= 120
            and _CLOCK.search(after := text.rpartition(" on ")[2]) is not None
        ):
            # what a byline says before "on" and the time: "by (537200) on Tuesday December
            # 31, 2013 @09:50AM" (the name, taken, and the poster's number)
            moment = self._reader.read(collapse(after))
        if moment is None and len(text) <= 4 and _SHORT_AGE.fullmatch(text):
            moment = self._reader.read(f"{text} ago")  # "15h" alone: an age (Spot.IM's)
        if moment is None and " г." in text and (bare := _YEAR_MARK.sub(r"\1", text)) != text:
            # the year's abbreviated word after it: "24 апреля 2018 г., 07:12" (Russian)
            moment = self.text(bare)
        if moment is None and text[:1].isalpha() and " " in text:
            # after a weekday's name, any language's: "pondělí 7. července 2025 21:32"
            head, _, rest = text.strip().partition(" ")
            # (with a clock after it: "Granted 2017-10-15", a badge's tooltip, is no time)
            if (
                len(head) <= 12
                and head.rstrip(",.").isalpha()
                and rest[:1].isdigit()
                and _CLOCK.search(rest) is not None
            ):
                moment = self._reader.read(collapse(rest))
        if len(memo) < 10_000:
            memo[text] = moment
        return moment

    def bare_clock(self, text: str) -> datetime | None:
        """A clock alone in an element that says it shows the time ("05:41": Haaretz's
        comments of the day it was fetched): that time of the fetch's day in the site's zone,
        or of the day before when that is still to come."""
        if not (4 <= len(text) <= 8 and text[:1].isdigit() and _BARE_CLOCK.fullmatch(text)):
            return None
        moment = self.text(f"today {text}")
        if moment is not None and moment > _aware(self.now) + _SLACK:
            moment -= timedelta(days=1)
        return moment

    def attribute_time(self, attrs: dict[str, str | None]) -> datetime | None:
        """A time from an element's ``datetime``/``content``/``data-time`` attribute or title
        (or ``data-value``: Naver's comment dates)."""
        for name in TIME_ATTRIBUTES:
            value = attrs.get(name)
            if value:
                # (epoch milliseconds first: "1752012300000" reads as the year 1752 in ISO's
                # basic format, Discourse's data-time)
                moment = _from_epoch(value.strip()) or parse_iso(value, tz=self.tz)
                if moment is None and len(value) <= 40 and value[:1].isdigit():
                    moment = self.text(value)  # Pantip's data-utime="07/08/2025 07:55:02"
                if moment is not None:
                    return moment
        if len(attrs) > 2:
            for name, value in attrs.items():
                # any other attribute naming epoch seconds a stamp (vc.ru's <time
                # air-date-timestamp="1524562159" title="24.04.2018 12:29:19
                # (Europe/Moscow)">3 часа назад</time>)
                if value and name.endswith("timestamp") and (moment := _from_epoch(value)):
                    return moment
        title = attrs.get("title") or next(
            (value for name in TOOLTIP_ATTRIBUTES if (value := attrs.get(name))), None
        )
        if title:
            moment = parse_iso(title, tz=self.tz) or self.text(title)
            if moment is None and ", " in title:
                # "2026-11-20 13:02:10Z, License: CC BY-SA 4.0" (Stack Exchange's comments)
                moment = parse_iso(title.partition(", ")[0], tz=self.tz)
            if moment is None and len(parts := title.split()) == 2:
                # "2025-07-05T11:00:00 1751713200" (Hacker News)
                moment = _from_epoch(parts[1]) or parse_iso(parts[0], tz=self.tz)
            if moment is not None:
                return moment
        return None

    def element(self, node: LexborNode, attrs: dict[str, str | None]) -> datetime | None:
        """A time from an element: its ``datetime``/``content`` attribute, title, or text."""
        moment = self.attribute_time(attrs)
        if moment is not None:
            if may_be_mislabelled(attrs):
                return self.as_shown(moment, attrs, node.text(deep=True, separator=" "))
            return moment
        return self.text(node.text(deep=True, separator=" "))

    def as_shown(self, moment: datetime, attrs: dict[str, str | None], shown: str) -> datetime:
        """``moment``, from a ``datetime`` attribute, unless that attribute labels the site's
        local time as UTC and the element shows that same clock: WordPress before 5.3 wrote a
        comment's local time with "+00:00" (``<time datetime="2014-04-02T08:29:59+00:00">2.
        April 2014 um 08:29</time>`` in Berlin), and a page shows its readers local time."""
        value = attrs.get("datetime")
        if not value or len(shown) > 80 or not may_be_mislabelled(attrs):
            return moment
        labelled = value.endswith(("+00:00", "Z"))
        read = self.text(shown.strip())
        if read is None or read == moment:
            return moment
        if labelled:
            zone = site_zone(self.tz)
            local = moment.replace(tzinfo=zone)
            if local.utcoffset() in (None, timedelta(0)) or read.astimezone(zone).replace(
                tzinfo=None, second=0
            ) != moment.replace(tzinfo=None, second=0, microsecond=0):
                return moment
            return local.astimezone(UTC)
        # no zone at all, and the element shows the same minute some hours apart: the
        # attribute is in the server's zone, the text in the site's (vBulletin 5's
        # datetime="2019-04-09T09:55:39" on "04-09-2019, 11:55 AM", two hours apart)
        apart = read - moment.replace(second=0, microsecond=0)
        hours, rest = divmod(apart, timedelta(hours=1))
        if rest or not 0 < abs(hours) <= 14:
            return moment
        return moment + timedelta(hours=hours)


def _from_epoch(value: str) -> datetime | None:
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


_hint_roles: dict[str, int] = {}
_class_roles: dict[str, int] = {}


#: Tailwind's classes for a text's size, alignment and colour ("text-sm", "lg:text-base",
#: "text-gray-600", "dark:text-white"): they say how an element looks, not what it holds
#: (Mumsnet's byline ``<p class="text-sm lg:text-base font-bold">``).
_TEXT_UTILITY = re.compile(
    r"(?<![\w-])(?:[\w-]+:)*text-(?:xs|sm|base|lg|\d?xl|left|center|right|justify|start|end"
    r"|white|black|transparent|current|inherit|[a-z]+-\d{2,3}|\[[^\]\s]*\]"
    # (and a design system's named colours and sizes: Reddit's "text-neutral-content-weak",
    # "text-12")
    r"|(?:neutral|primary|secondary|tertiary|mute|subtle|weak|strong)[\w-]*|\d{1,3})(?![\w-])"
)


#: Class words of an icon.
_ICON_WORDS = frozenset(("ico", "icon", "icons"))
#: Class words of the date a poster joined and of their rank (none is a post's date or words).
_POSTER_DETAIL_WORDS = frozenset(("regdate", "joindate", "membersince", "rank", "userrank"))
#: Class words of joining, said of a date ("reg-date").
_JOINING_WORDS = frozenset(("reg", "registered", "registration", "join", "joined"))


def _names_poster_detail(tokens: set[str]) -> bool:
    """Whether class words name when the poster joined or their rank ("reg-date", "rank";
    not "has-profile-rank", a post's modifier saying it shows one: phpBB's)."""
    if "has" in tokens:
        return False
    return not tokens.isdisjoint(_POSTER_DETAIL_WORDS) or (
        not tokens.isdisjoint(_JOINING_WORDS) and not tokens.isdisjoint(("date", "since"))
    )


def _role_of_hint(hint: str) -> int:
    role = _hint_roles.get(hint)
    if role is not None:
        return role
    if "text-" in hint:  # a utility class sizing or colouring text is no text's role
        hint = _TEXT_UTILITY.sub(" ", hint)
    tokens = hint_tokens(hint)
    token_set = set(tokens)
    if (
        _says_bar(hint, token_set)
        or any(
            (
                t.endswith(("controls", "buttons", "badge", "signature", "menu", "postnum"))
                # "Reply | Report Abuse | Link to this" (Scientific American's "commentTools")
                or t.endswith("tools")
                or t == "labelcard"  # (a poster's role: Tweakers' "Topicstarter", "Redacteur")
                or t == "moodstatus"  # (a poster's mood under the name: hardware.fr's)
                or t == "onebox"  # (a linked page's preview card in a post: Discourse's)
                or t.startswith(("popupbody", "popuphover"))  # (a hidden menu's list)
                or t.endswith(("options", "notice"))  # ("low-rating-notice": vc.ru's)
                # why a comment is folded ("Deze reactie is ingeklapt…": Tweakers' collapsedInfo)
                or (t.startswith("collapsed") and t.endswith(_NOTE_ENDINGS))
                # or hidden ("Komentarz został ukryty…": WP's "forum__comment-hidden-info")
                or (t.endswith(_NOTE_ENDINGS) and _names_folding(t, token_set, "hidden"))
                # a comment's tag ("Featured": Coral's "coral-commentTag"; "Topreaguursel":
                # GeenStijl's "topcomment-label")
                or t.endswith(("commenttag", "featuredtag"))
                or (t == "label" and any(w.startswith(_TAGGED) for w in token_set))
            )
            and not (t.endswith("signature") and _signed_byline(token_set))
            # a "usermenu" button shows the name; a "UserBadge" does not; nor does a menu of
            # actions on a member (vBulletin's "popupmenu memberaction": the name's link, then
            # its hidden "popupbody" list)
            and not (
                t.endswith("menu")
                and (t.startswith(("user", "author")) or "memberaction" in token_set)
            )
            for t in tokens
        )
        # "In reply to X" (Coral), "Replying to X" (the BBC), "Antwort an X" (the
        # Tages-Anzeiger's "Comment_replyTo"): no words of the reply
        or any(t.startswith(("inreplyto", "replyingto", "replyto")) for t in tokens)
        # (or the box of the comment answered: Weddingbee's "replied-comment-rectangle", its
        # "View original reply" title)
        or ("replied" in token_set and "comment" in token_set)
        # who reacted, under the words: Asgaros' "post-reactions-summary" ("trimble42 has
        # reacted to this post.")
        or ("summary" in token_set and "reactions" in token_set)
        # where the poster is: Sina's <span class="area">[北京]</span>, a "user-location"
        or (token_set & _PLACE_WORDS and token_set <= _PLACE_WORDS | _POSTER_WORDS)
        or tokens[-1:] == ["location"]  # (Hupu's "post-reply-list-user-info-user-location")
        # a comment's number in the thread ("comment_number": theqoo's "18" before the name)
        or ("number" in token_set and not token_set.isdisjoint(("comment", "reply", "floor")))
        or _reply_to_words(tokens)  # Le Monde's "ds-comment__reply-to": "En réponse à …"
        # what a page shows twice, for small screens and large (4chan's "postInfoM mobile"
        # byline before its "postInfo desktop" one): the small screen's copy
        or (" mobile " in f" {hint} " and " desktop " not in f" {hint} ")
        # an edit note: Tweakers' <p class="edit">[Reactie gewijzigd door … op …]; an edit
        # button, if one says so (not an "edit-content" class: the words, editable)
        or " edit " in f" {hint} "
        or "__edit " in f"{hint} "  # (a BEM element: vc.ru's "comments__item__edit" button)
        # the date of an edit ("Last edited: <span class="DateTime">": XenForo 1's "editDate")
        or any(t.startswith("edit") and t.endswith(("date", "time")) for t in tokens)
        or {"edit", "history"} <= token_set  # (Pantip's "แก้ไขข้อความเมื่อ …": edited at)
        # what a cut text shows until it is opened: Facebook's "..." and "See More" in a
        # "text_exposed_hide" beside the rest of the words in a "text_exposed_show"
        or {"exposed", "hide"} <= token_set
        or _for_screen_readers(token_set)  # "In reply to …", "Stickied comment"
        # a moderator's note under the words (Index's "comment-moderator-note")
        or (
            not token_set.isdisjoint(("moderator", "moderation"))
            and any(t.endswith(_NOTE_ENDINGS) for t in tokens)
        )
        # an icon's text, what it shows as a picture: a badge (Nate's <span class="ico_best">
        # 베플</span>, "best reply", before the name), a glyph's ligature ("thumb_up")
        or not token_set.isdisjoint(_ICON_WORDS)
        # when the poster joined, and their rank: Ars Technica's "registered <time
        # class="reg-date">", a <span class="rank">Ars Praefectus</span> beside the name
        or _names_poster_detail(token_set)
    ):
        role = _ROLE_BAR
    # "js-selectToQuote" (XenForo) marks text one may quote, not a quotation
    elif any("quote" in token and "toquote" not in token for token in tokens) or (
        # the comment answered, quoted in a box of its own ("cmt-parent-box": Guancha's)
        "parent" in token_set
        and not token_set.isdisjoint(("cmt", "comment", "reply"))
        and token_set.isdisjoint(("link", "btn", "button", "nav", "id"))
    ):
        role = _ROLE_QUOTE
    elif (
        token_set & _STRONG_AUTHOR
        or any(t.endswith("author") for t in tokens)  # "talkbackAuthor" (Ynet's)
        or (
            (token_set & _WEAK_AUTHOR or any(t.endswith("user") for t in tokens))  # "hnuser"
            and not token_set & _NOT_A_NAME
        )
    ):
        role = _ROLE_AUTHOR
    elif token_set & _TIME_WORDS or any(
        token.startswith(("date", "time")) or token.endswith(("date", "time", "timestamp"))
        for token in tokens
    ):
        role = _ROLE_TIME
    elif (
        any(word in token for token in tokens for word in _VOTE_WORDS)
        or {"like", "likes"} & token_set
    ):
        role = _ROLE_VOTE
    elif token_set & (TEXT_WORDS - {"comment"}):
        role = _ROLE_TEXT
    else:
        role = _NONE
    if len(_hint_roles) > 4096:
        _hint_roles.clear()
    _hint_roles[hint] = role
    return role


def _says_bar(hint: str, tokens: set[str]) -> bool:
    """Whether a bar word is among ``tokens``, but not in a class naming the post's own date
    in its edited form (Khoros's ``lia-component-post-date-last-edited`` holds the posted
    time, then "last edited on …"), nor in one naming a part of a byline that a site calls
    its "signature" (Le Monde's ``ds-comment-signature__name``)."""
    if not tokens & _BAR_WORDS:
        return False
    return any(
        (words := set(hint_tokens(word))) & _BAR_WORDS
        and not _names_post_date(words)
        and not _signed_byline(words)
        for word in hint.split()
    )


def _names_post_date(tokens: set[str]) -> bool:
    return bool(tokens & {"post", "posted"}) and bool(tokens & {"date", "time"})


_PLACE_WORDS = frozenset(("area", "location", "region"))
_POSTER_WORDS = frozenset(("user", "poster", "author", "member"))


def _reply_to_words(tokens: list[str]) -> bool:
    return any(
        token == "reply" and index + 1 < len(tokens) and tokens[index + 1] == "to"
        for index, token in enumerate(tokens)
    )


def _signed_byline(tokens: set[str]) -> bool:
    return "signature" in tokens and bool(tokens & {"name", "date", "time", "meta", "author"})


def _for_screen_readers(tokens: set[str]) -> bool:
    """Classes of text shown to screen readers only: ``visually-hidden``, ``sr-only``,
    ``screen-reader-text``, ``u-srOnly``."""
    return (
        "sronly" in tokens
        or {"visually", "hidden"} <= tokens
        or {"sr", "only"} <= tokens
        or {"screen", "reader"} <= tokens
        or {"hidden", "root"} <= tokens  # a component named Hidden (Coral's "Hidden-root-…")
    )


#: Microdata properties holding a post's words: its words, whatever its classes also say
#: (Khoros's body is ``lia-component-body-signature-highlight-escalation`` too).
_WORDS_PROPERTIES = frozenset(["text", "articlebody", "reviewbody", "commenttext"])


def _role_of(attrs: dict[str, str | None]) -> int:
    if (itemprop := attrs.get("itemprop")) is not None and itemprop.lower() in _WORDS_PROPERTIES:
        return _ROLE_TEXT
    if (
        "itemprop" in attrs
        or "rel" in attrs
        or "role" in attrs
        or "aria-label" in attrs
        or "data-role" in attrs
        or "data-testid" in attrs  # (React sites' names for their parts: the NYT's)
        or "data-test-id" in attrs  # (Seeking Alpha's)
        or "data-qa" in attrs  # (Fontanka's)
    ):
        return _role_of_hint(hint_of(attrs))
    css_class = attrs.get("class")
    if not css_class:
        # (a link to a post's edits around its edit's time: Stack Overflow's "edited <span
        # title=…>", a time that is not the post's)
        href = attrs.get("href")
        return _ROLE_BAR if href and "/revisions" in href else _NONE
    role = _class_roles.get(css_class)
    if role is None:
        role = _role_of_hint(css_class.lower())
        if len(_class_roles) > 4096:
            _class_roles.clear()
        _class_roles[css_class] = role
    return role


def _end_key(node: LexborNode, root_key: int) -> int | None:
    """The ``mem_id`` of the first node after ``node``'s subtree within the root, or ``None``."""
    current: LexborNode | None = node
    while current is not None:
        following = current.next
        if following is not None:
            return following.mem_id
        current = current.parent
        if current is None or current.mem_id == root_key:
            return None
    return None


#: What a traced walk did, event by event (see :class:`WalkTrace`).
EV_TEXT, EV_SPACE, EV_FLUSH, EV_TIME, EV_AUTHOR, EV_VOTE, EV_HREF = range(7)
#: What taking an author did (:func:`take_author`): bits, so that two texts can be compared.
AUTHOR_TAKEN, AUTHOR_BYLINE, AUTHOR_TIMED, AUTHOR_UNTIMED = 1, 2, 4, 8

#: One event of a traced walk: the event kind first, then the node's key and what was decided.
TraceEvent = tuple[Any, ...]


def walk_block(
    root: LexborNode,
    *,
    skip: set[int] | frozenset[int],
    clock: Clock,
    find_meta: bool = True,
    trace: list[TraceEvent] | None = None,
) -> Walk:
    """Walk ``root``'s content once (flat: any depth is safe).

    ``skip`` holds the keys (``mem_id``) of elements not to enter: the vote element and nested
    reply blocks. With ``find_meta`` false (a configured text selector), everything is text.

    With ``trace``, every text reached, every paragraph break and every decision that depended
    on a text is appended to it (see :mod:`bot.extract.template`, which replays them).
    """
    out = Walk()
    paras = out.paras
    buf: list[str] = []
    ends: list[tuple[int | None, int]] = []
    next_end: int | None = None  # the key that ends the innermost open element (top of ends)
    serial = quote_group = quotes_seen = quote_depth = text_depth = lines_depth = 0
    skip_until: int | None = _NOT_SKIPPING
    root_key = root.mem_id

    def flush() -> None:
        nonlocal serial
        para = None
        if buf:
            text = " ".join("".join(buf).split())
            buf.clear()
            if text:
                para = Para(text, quote_group, serial)
                paras.append(para)
        if trace is not None:
            trace.append((EV_FLUSH, para))
        serial += 1

    nodes = root.traverse(include_text=True)
    next(nodes, None)
    for node in nodes:
        key = node.mem_id
        if skip_until != _NOT_SKIPPING:
            if key != skip_until:
                continue
            skip_until = _NOT_SKIPPING
        if key == next_end:
            while ends and ends[-1][0] == key:
                flags = ends.pop()[1]
                if flags & _FLUSH:
                    flush()
                if flags & _QUOTE:
                    quote_depth -= 1
                    if quote_depth == 0:
                        flush()
                        quote_group = 0
                if flags & _TEXT:
                    text_depth -= 1
                if flags & _LINES:
                    lines_depth -= 1
            next_end = ends[-1][0] if ends else None
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if lines_depth and text and "\n" in text:  # each line break starts a paragraph
                first, *lines = text.split("\n")
                buf.append(first)
                for line in lines:
                    flush()
                    buf.append(line)
            elif text and (buf or not text.isspace()):
                buf.append(text)
            if trace is not None:
                trace.append((EV_TEXT, key))
            continue
        if tag == "br":
            flush()
            continue
        if not tag or tag[0] == "-":
            continue
        attrs = node.attributes
        if not attrs:
            role = _NONE
        elif len(attrs) <= 2 and "class" in attrs and ("href" in attrs or len(attrs) == 1):
            css_class = attrs["class"] or ""
            role = _class_roles.get(css_class, -1)
            if role < 0:
                role = _role_of(attrs)
        else:
            role = _role_of(attrs)
        if (
            (
                tag in SKIP_TAGS
                and not (tag == "form" and _shows_no_fields(node))
                and not (tag == "button" and out.author is None and _shows_a_name(node))
                and not (tag == "button" and out.posted is None and _shows_a_time(node))
            )
            or key in skip
            # (a comment's <header> is its byline, whatever its class: Le Monde's is
            # "ds-comment-signature")
            or (
                role == _ROLE_BAR
                and tag != "blockquote"
                and tag != "header"
                # (a toolbar holding the byline before the name and time are known: Sports.ru's
                # "comment__toolbar" around its "user-info")
                # (or any bar holding the name and the time: Askbot's "comment-controls" after
                # the words)
                and not (
                    out.posted is None
                    and (
                        (
                            out.author is None
                            and _holds_a_time(node)
                            and node.css_first(_NAME_INSIDE) is not None
                        )
                        or (
                            "toolbar" in (attrs.get("class") or "")
                            and (
                                (out.author is None and _holds_a_time(node))
                                # or opening with the time: hardware.fr's "Posté le 16-03-2016
                                # à 14:33:35" before its profile and quote buttons
                                or POSTED_LABEL.match(node.text(deep=True)[:40]) is not None
                            )
                        )
                    )
                )
                # (nor a comment's navigation showing its time: SPIP's "forum-nav" "(26 juin
                # 2018 @13h12)")
                and not (
                    out.posted is None
                    and "nav" in (attrs.get("class") or "")
                    and (
                        _holds_a_time(node)
                        or clock.text(node.text(deep=True).strip()[:80]) is not None
                    )
                )
            )
            or (tag == "a" and attrs and "class" in attrs and is_parent_link(attrs))
            # a link that toggles something ("Lire les 2 réponses à ce commentaire", Le Figaro)
            # (not a name's link opening the poster's menu: Flashback's "post-user-username
            # dropdown-toggle")
            or (tag == "a" and attrs and "aria-expanded" in attrs and role != _ROLE_AUTHOR)
            # a link that goes nowhere, a script's button ("RISPONDI", "Vedi la discussione":
            # Corriere's); not one that shows a name, a time or a count (Flarum's "… and <a
            # href="#">4 others</a> like this")
            or (tag == "a" and role == _NONE and attrs and _goes_nowhere(node, attrs))
            # a reply its writer deleted, nested in the comment: its notice is nobody's words
            # (NewsPicks' <li data-deleted="true">"このコメントは削除されました")
            or attrs.get("data-deleted") == "true"
            # a count of an action's link: <a aria-label="返信">4</a> (NewsPicks' replies)
            or (tag == "a" and "aria-label" in attrs and _counts_an_action(node, attrs))
            # a link shown as a card: another page's preview (Mastodon's "status-card"; not a
            # mention showing its user's card on hover: Qiita's "js-hovercard")
            or (tag == "a" and attrs and _class_word_ends(attrs, "card", ("hovercard",)))
            or (tag in _STATS_TAGS and attrs and _poster_stats(node, attrs, out.author))
            or (tag == "dd" and _poster_stat(node))
            # a cut's ellipsis, drawn for the eye (Kleine Zeitung's "c-posting__ellipsis"
            # before the hidden rest, which is read)
            or ("aria-hidden" in attrs and node.text(deep=True).strip() in ("…", "..."))
            or (tag in HEADING_TAGS and _reply_subject(node))
            or (
                attrs
                and ("hidden" in attrs or "style" in attrs)
                and is_hidden(attrs)
                and not _collapsed_words(node, attrs)
            )
        ):
            buf.append(" ")
            if trace is not None:
                trace.append((EV_SPACE,))
            skip_until = _end_key(node, root_key)
            if skip_until is None:
                break
            continue
        if tag == "blockquote":
            role = _ROLE_TEXT if attrs and _holds_own_words(attrs) else _ROLE_QUOTE
        elif (tag == "time" or "datetime" in attrs) and role != _ROLE_QUOTE:
            role = _ROLE_TIME
        elif (
            (tag == "a" or tag == "span" or tag == "div")
            and role == _NONE
            and out.posted is None
            and attrs
            and (
                any(name in attrs for name in TOOLTIP_ATTRIBUTES)
                or (tag == "span" and ("title" in attrs or any(n in attrs for n in _STAMPS)))
                or (tag == "div" and "title" in attrs)
                # (a link titled with the time over an age: Redmine's "Updated by NAME <a
                # title="08/11/2011 10:29 pm">23 days</a> ago")
                or (tag == "a" and "title" in attrs and A_DIGIT.search(node.text()) is not None)
            )
            and clock.attribute_time(attrs) is not None
        ):
            # a permalink showing an age, the time in its tooltip: <a href=…/post/3lth…
            # data-tooltip="Jul 8, 2025 at 10:41 AM">· 16h</a> (Bluesky); a span's title:
            # <span title="08 Jul 2025 08:42">·Yesterday</span> (Ghost's comments); a span's
            # stamp: <span data-timestamp="1751907900">07/07/2025 18:05</span> (Mumsnet's); a
            # bar's title over its age: <div class="comment-meta-mute" title="2024-05-13
            # 20:27:55">1周前 (LearnKu's)
            role = _ROLE_TIME
        if (
            find_meta
            and quote_depth == 0
            and (
                _ROLE_TIME <= role <= _ROLE_VOTE
                or (tag == "a" and out.author_rank < 1 and text_depth == 0)
            )
            and _consume(node, tag, attrs, role, out, text_depth, clock, serial, trace)
        ) or (
            find_meta
            and tag == "td"
            and out.author is None
            and (shown := _poster_cell_name(node)) is not None
            and take_author(out, shown, 1, clock, serial) & AUTHOR_TAKEN
        ):
            buf.append(" ")
            if trace is not None:
                trace.append((EV_SPACE,))
            skip_until = _end_key(node, root_key)
            if skip_until is None:
                break
            continue
        # a quote's <cite> ("tig_welder wrote:") is its header line, not glued to its words
        block = tag in BLOCK_TAGS or (tag == "cite" and quote_depth > 0)
        if role == _NONE and not block:
            continue
        flags = 0
        if block:
            flush()
            flags = _FLUSH
            if tag in HEADING_TAGS and not _linked_subject(node):
                out.headings += (serial,)
            if (
                tag == "pre"
                or ("style" in attrs and _keeps_lines(attrs))
                # (Tailwind's "whitespace-pre-line": Investing.com's comments)
                or ("class" in attrs and "whitespace-pre" in (attrs["class"] or ""))
            ):
                lines_depth += 1
                flags |= _LINES
                out.verbatim = True
        if role == _ROLE_QUOTE:
            if quote_depth == 0:
                flush()
                quotes_seen += 1
                quote_group = quotes_seen
            quote_depth += 1
            flags |= _QUOTE
        elif role == _ROLE_TEXT:
            text_depth += 1
            flags |= _TEXT
        if flags:
            if node.child is None:  # an empty element ends where it starts
                if flags & _FLUSH:
                    flush()
                if flags & _QUOTE:
                    quote_depth -= 1
                    if quote_depth == 0:
                        flush()
                        quote_group = 0
                if flags & _TEXT:
                    text_depth -= 1
                if flags & _LINES:
                    lines_depth -= 1
            else:
                next_end = _end_key(node, root_key)
                ends.append((next_end, flags))
    flush()
    return out


#: How the class of a notice ends ("collapsedInfo", "collapsed-message").
_NOTE_ENDINGS = ("info", "notice", "message", "msg", "note")
#: Class words' endings of the element holding a comment's words.
_WORDS_ENDINGS = ("content", "body", "text")


def _collapsed_words(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """A hidden element whose class says it holds the comment's words, behind a notice and a
    "Show comment" button: the words are the commenter's, shown on a click, and read. The
    class says it is hidden (Slickdeals' ``commentsHiddenCommentV2__content``), or a notice
    of the folding comes just before it (Tweakers' ``collapsedInfo`` "Deze reactie is
    ingeklapt… Toon reactie" over a ``reactieContent`` in ``display:none``; WP's
    ``comment-hidden-info`` "Komentarz został ukryty…" over a hidden ``comment-body``;
    Rambler's ``rc-Comment__hiddenNote`` over a hidden ``rc-Comment__text``)."""
    css_class = attrs.get("class")
    if css_class is None or not any(_class_word_ends(attrs, word) for word in _WORDS_ENDINGS):
        return _read_more_after(node)
    if "hidden" in attrs and "hidden" in css_class.lower():
        return True
    before = node.prev
    while before is not None and before.is_text_node:
        before = before.prev
    if before is None:
        return False
    tokens = hint_tokens((before.attributes.get("class") or "").lower())
    token_set = set(tokens)
    return any(
        token.endswith(_NOTE_ENDINGS)
        # (or "collapsed" as a word of its own: Viafoura's "vf-comment__collapsed-notice")
        and (_names_folding(token, token_set, "collapse", "hidden") or "collapsed" in token_set)
        for token in tokens
    )


def _read_more_after(node: LexborNode) -> bool:
    """Whether a hidden element is followed by a link or button that shows it: "Leer más"
    after El Mundo's ``<p class="texto-oculto" style="display:none">``."""
    after = sibling(node, forward=True)
    if after is None or after.tag not in ("a", "button"):
        return False
    before = sibling(node, forward=False)
    if before is not None and before.text(deep=True).strip() in ("...", "…"):
        return False  # the rest of a cut after its ellipsis: read with the cut (Tuổi Trẻ's)
    text = after.text(deep=True).lower()
    return len(text) <= 40 and " ".join(text.strip(" .…›»>→\n\t").split()) in _READ_MORE


#: What a link that shows the rest of a comment says ("Leer más", "Read more", "Weiterlesen"):
#: not a bare "More", which may open a menu.
_READ_MORE = frozenset(
    (
        *("read more", "see more", "show more", "view more", "leer más", "ver más"),
        *("mostrar más", "lire la suite", "voir plus", "afficher plus", "leggi tutto"),
        *("leggi di più", "mostra altro", "ler mais", "ver mais", "mehr lesen", "weiterlesen"),
        *("mehr anzeigen", "pokaż więcej", "czytaj więcej", "показать полностью"),
        *("читать далее", "devamını oku", "xem thêm", "lees meer", "toon meer"),
    )
)


#: What a label on a comment may say it is: one of the top, featured or pinned comments.
_TAGGED = ("top", "featured", "pinned", "best", "highlight")


def _names_folding(token: str, tokens: set[str], *starts: str) -> bool:
    """Whether a note's class word (one ending "info", "note"…) says the comment is folded
    or hidden: "collapsedInfo", "hiddenNote", or "hidden" as a word of its own beside it, or
    why ("downvoted": GeenStijl's "cmt-downvoted-notice" over a hidden "cmt-content")."""
    return token.startswith(starts) or "hidden" in tokens or "downvoted" in tokens


def _goes_nowhere(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    href = attrs.get("href")
    if href is None:
        # (or no address at all, only a script's action: Disqus' <a class="see-more hidden"
        # data-action="see-more">показать больше</a>; a styled control, Cracked's <a
        # class="Heading5 seeAll">See All 6 Replies</a>, "Reply", "Hide All")
        if "data-action" not in attrs:
            return (
                "class" in attrs
                and "name" not in attrs
                and "id" not in attrs
                and _ACTION_LABEL.match(node.text(deep=True).strip()) is not None
            )
    elif href != "#" and href[:11].lower() != "javascript:":
        return False
    return not any(ch.isdigit() for ch in node.text(deep=True))


#: What a control without an address says: "Reply", "Hide All", "See All 6 Replies".
_ACTION_LABEL = re.compile(
    r"(?:reply|replies|hide|show|see|view|load|more|less|report|quote|share)\b.{0,30}$",
    re.IGNORECASE,
)


def _counts_an_action(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """Whether a link labelled with action words only ("Reply", "返信") shows no more than a
    number: how many replies it leads to, not the commenter's words or a time."""
    label = (attrs.get("aria-label") or "").strip()
    if not label or is_content(label):
        return False
    shown = node.text(deep=True).strip()
    return not shown or shown.isdigit()


def _keeps_lines(attrs: dict[str, str | None]) -> bool:
    """``white-space: pre``, ``pre-wrap`` or ``pre-line`` in an element's style: its text's
    line breaks show (Bluesky's posts)."""
    style = (attrs.get("style") or "").lower()
    return "white-space" in style and "pre" in style.partition("white-space")[2][:12]


#: An element inside a time's element that may carry the exact time in its attributes.
_EXACT_INSIDE = "[datetime], [title]"
_TIMED_CLASS = re.compile("time|date", re.IGNORECASE)
_CLOCK = re.compile(r"\d:\d\d")


def _consume(
    node: LexborNode,
    tag: str,
    attrs: dict[str, str | None],
    role: int,
    out: Walk,
    text_depth: int,
    clock: Clock,
    serial: int,
    trace: list[TraceEvent] | None,
) -> bool:
    """Take an author, a time or a vote widget out of the text; ``True`` when taken."""
    if role == _ROLE_TIME:
        if out.posted is not None:
            return False
        moment = clock.attribute_time(attrs)
        from_attributes = moment is not None
        inner = node.css_first(_EXACT_INSIDE) if moment is None and tag != "time" else None
        if inner is not None:
            inner_attrs = inner.attributes
            if "datetime" in inner_attrs or _TIMED_CLASS.search(inner_attrs.get("class") or ""):
                # <a class="post-date"><time datetime=…>Jul 4</time></a>, <span class=
                # "comment-date"><a><span title="2026-11-20 13:02:10Z" class="relativetime-clean">
                # Nov 20 at 13:02 (Stack Exchange): the inner element is exact, the text is
                # not; let the walk reach it
                return False
            # <a class="comment-time"><span title="7/8/2025, 12:45:00 PM">14 hours ago (Hyvor
            # Talk): a title inside the time's element, with no class to say so, when it has
            # a clock (MyBB's <span title="11-25-2026">Yesterday</span>, 04:30 PM has not)
            if _CLOCK.search(inner_attrs.get("title") or ""):
                moment = clock.attribute_time(inner_attrs)
        if moment is None:
            moment = clock.text(node.text(deep=True, separator=" ").strip(" ·•|"))
            if moment is None:
                moment = clock.bare_clock(node.text(deep=True).strip())
                if moment is not None and _in_edit_note(node):
                    # the clock of an edit note, not the post's ("Last edited by NAME;
                    # 2016-02-01 at <span class="time">03:31</span>.": vBulletin 3's)
                    moment = None
        elif from_attributes and may_be_mislabelled(attrs):
            moment = clock.as_shown(moment, attrs, node.text(deep=True, separator=" "))
        if trace is not None:
            trace.append((EV_TIME, node.mem_id, attrs, from_attributes, moment is not None))
        if moment is None:
            return False
        out.posted, out.posted_serial = moment, serial
        return True
    if role == _ROLE_AUTHOR:
        if tag != "a" and out.author is not None and _is_pane(node, tag):
            # the poster's pane once their name is known (Invision's <aside class="cAuthorPane">
            # under the name: group, post count, badges): none of it is the post's words
            return True
        if out.author_rank >= 2 or (out.author is not None and out.posted is not None):
            # (a name after the poster's own name and time is someone else's: Kunena's
            # "The following user(s) said Thank You: <a class="kwho-user">…")
            return False
        if tag != "a" and (_holds_a_time(node) or _is_pane(node, tag)):
            # <p class="byline"><a class="author">kenji</a> 31 points <time datetime=…>2 days
            # ago</time></p> is a whole byline, not a name: let the walk take its name, its
            # votes and its exact time one by one; so with a poster's pane (<div
            # class="poster"><h4><a>coil_trader</a></h4><ul class="user_info">…)
            if (
                out.author is None
                and len(node.text(deep=True)) <= _PANE_TEXT
                and (
                    (shown := _unlinked_name(node)) is not None
                    or (shown := _pane_name(node)) is not None
                )
            ):
                # a pane headed by its name, then the poster's facts: the name, and none of
                # the rest (SMF's <h4><a href="…action=profile;u=13387">pgabor77</a></h4>, then
                # their rank, "Thank You -Given: 0", "Hozzászólások: 59"); a name that links
                # nowhere, a guest's or a closed account's (SMF's <h4>kovi321</h4>, then
                # "Vendég"; Flashback's <strong>, then "Avslutad")
                take_author(out, shown, 1, clock, serial)
                # (walked on where it links to the comment answered: LiveJournal's "Parent")
                return out.author == shown and node.css_first(PARENT_LINK) is None
            return False
        named = name_within(node)
        name = _shown_text(named)
        if not name.strip():
            name = _drawn_name(node)
        outcome = take_author(out, name, 2, clock, serial)
        if trace is not None:
            trace.append((EV_AUTHOR, named.mem_id, 2, outcome))
        return bool(outcome & AUTHOR_TAKEN)
    if role == _ROLE_VOTE:
        small = is_small_widget(node.text(deep=True))
        if trace is not None:
            trace.append((EV_VOTE, node.mem_id, small))
        return small
    if tag == "a" and out.author_rank < 1 and text_depth == 0:
        href = attrs.get("href")
        if not href or _holds_a_time(node):
            # (a link to the poster's profile around their name and the time, Yahoo!知恵袋's:
            # the walk takes each)
            return False
        profile = (
            is_profile_link(href)
            or _class_word_ends(attrs, "name", ("filename", "hostname", "sitename"))
        ) and not _class_word_ends(attrs, "avtr")  # (Talkyard's avatar link, its initial)
        if trace is not None:
            trace.append((EV_HREF, node.mem_id, profile))
        if profile:
            named = name_within(node)
            outcome = take_author(out, _shown_text(named), 1, clock, serial)
            if trace is not None:
                trace.append((EV_AUTHOR, named.mem_id, 1, outcome))
            return bool(outcome & AUTHOR_TAKEN)
    return False


#: An element inside an author's link or label that holds the name alone (beside an avatar
#: showing the initial: Flarum's <span class="Avatar">K</span><span class="username">…; beside
#: a badge: The Register's <a class="author">…</a><a class="badge">Silver badge</a>).
_NAME_INSIDE = (
    "[class*=username i], [class*=user-name i], [class*=display-name i], "
    "[class*=displayname i], [class*=author-name i], [class*=author__name i], "
    "[class*=authorname i], [itemprop=name], "
    "[class~=realname i], [class~=pseudonym i], "
    "a[class~=author i], [class~=author i], "  # (Disqus' byline: span.author, a badge)
    "[class~=fn], "  # (hCard's formatted name: Kinja's <a class="fn url"> beside a "Staff" label)
    "[class*=nick i], "
    "[class*=_author__ i], "  # (a CSS module's: The Paper's "index_author__nkMZt")
    "[class$=-block-name i]"  # (Asgaros': "post-author-block-name" over the post count)
)


def name_within(node: LexborNode) -> LexborNode:
    """``node``'s element that holds the name alone, if it has one with text, else ``node``."""
    if node.child is None or (node.child.is_text_node and node.child.next is None):
        return node  # only text
    key = node.mem_id
    # (the element itself matches too: not it); the innermost: Mastodon's display-name holds
    # display-name__html ("Kaori") and display-name__account ("@kaori")
    found = [named for named in node.css(_NAME_INSIDE) if named.mem_id != key]
    for index, named in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if following is not None and within(following, named.mem_id):
            continue
        shown = named.text(deep=True).strip()
        if shown[:1] == "(" and shown[-1:] == ")":
            continue  # the login beside the name: "(jwendel)" (FAZ.NET's "…UsernameText")
        return named if shown else node
    return node


_STATS_TAGS = frozenset(("ul", "dl", "div", "span"))


def _class_word_ends(
    attrs: dict[str, str | None], ending: str, unless: tuple[str, ...] = ()
) -> bool:
    """Whether a word of an element's class ends with ``ending`` (and none of ``unless``):
    a link's "expertName_e9q1x7d" (Nikkei's: it shows a person's name, not a file's or a
    host's), "status-card" (Mastodon's: another page's preview)."""
    css_class = attrs.get("class")
    if css_class is None or ending not in (lowered := css_class.lower()):
        return False
    return any(
        token.endswith(ending) and not token.endswith(unless) for token in hint_tokens(lowered)
    )


def _linked_subject(heading: LexborNode) -> bool:
    """Whether a heading in a post is all one link: a forum post's subject, linking to the
    post (Golem's ``<h4 id="msg-6912502"><a href="…#msg-6912502">``), not a title it gave
    its words."""
    link = heading.css_first("a[href]")
    return link is not None and node_text(link) == node_text(heading)


def _reply_subject(heading: LexborNode) -> bool:
    """Whether a heading in a post is its subject line as a reply: no words of the post."""
    return REPLY_SUBJECT.match(heading.text(deep=True)) is not None


def _poster_stats(node: LexborNode, attrs: dict[str, str | None], author: str | None) -> bool:
    """A forum's list of the poster's stats ("Join Date", "Posts") beside a post (SMF's ``<ul
    class="user_info">``, MyBB's ``author_statistics``): skipped once the poster's name is
    known; before, only a ``<dl>`` without a link (``<dl class="userinfo_extra">``), since one
    with a link may hold the name."""
    if not about_the_poster(attrs.get("class")):
        return False
    if node.tag == "span":
        # a line of them once the name is known, holding no time but the day they joined
        # (Ars Technica's <span class="userinfo">1991 posts | registered <time …>)
        return author is not None and all(
            _poster_detail(stamp.attributes.get("class")) for stamp in node.css(TIME_INSIDE)
        )
    # (a list whose term is marked as the name holds it: Something Awful's <dl
    # class="userinfo"><dt class="author">)
    return author is not None or (
        node.tag == "dl"
        and node.css_first("a[href]") is None
        and node.css_first(_NAME_INSIDE) is None
    )


def _poster_stat(node: LexborNode) -> bool:
    """One stat of a poster's list that also holds their name (phpBB's ``<dl
    class="postprofile"><dt><a class="username">…</a></dt><dd>Posts: 412</dd>``): the name in
    the ``<dt>`` is read, the rank, post count and join date are not the post's words."""
    parent = node.parent
    if parent is None or parent.tag != "dl":
        return False
    if about_the_poster(parent.attributes.get("class")):
        return True
    # or a list whose term is the poster's name (FluxBB's <dl><dt><strong><a
    # href="profile.php?id=12">Pete W</a></strong></dt><dd>From: Bristol</dd>)
    term = parent.css_first("dt")
    link = term.css_first("a[href]") if term is not None else None
    return link is not None and is_profile_link(link.attributes.get("href") or "")


_OWN_WORDS_ENDINGS = ("content", "message", "text", "body", "comment")


def _holds_own_words(attrs: dict[str, str | None]) -> bool:
    """Whether a ``blockquote`` says it holds the post itself (vBulletin's ``<blockquote
    class="postcontent">``): indented, not quoted."""
    tokens = hint_tokens((attrs.get("class") or "").lower())  # 4chan: "postMessage"
    # (not a passage of the story annotated: Kinja's "reply-text-annotation")
    # (XenForo 1's "messageText SelectQuoteContainer": the words one may select to quote)
    return any(t.endswith(_OWN_WORDS_ENDINGS) for t in tokens) and not any(
        ("quote" in t and not t.startswith("selectquote")) or t in _QUOTED_PASSAGE for t in tokens
    )


_QUOTED_PASSAGE = frozenset(("annotation", "excerpt", "citation"))


_PANE_TAGS = frozenset(("div", "section", "aside", "header", "footer", "td", "li"))


def _poster_cell_name(cell: LexborNode) -> str | None:
    """The name of a poster's cell beside the post's (Discuz's ``<td class="pls">``: the name's
    profile link, then their counts, rank and buttons; ``<td class="plc">`` the post): a
    table cell with a cell after it, opening with a link to a profile and holding no more
    than a pane shows. None of the cell is the post's words."""
    following = cell.next
    while following is not None and following.tag in ("-text", "-comment"):
        following = following.next
    if following is None or following.tag != "td":
        return None
    link = cell.css_first("a[href]")
    if link is None or not is_profile_link(link.attributes.get("href") or ""):
        return None
    if cell.css_first(_NAME_INSIDE) is not None:
        return None  # (a cell naming its poster so: the walk reads it, Something Awful's)
    name = collapse(_shown_text(link))
    shown = collapse(cell.text(deep=True))
    if not 0 < len(name) <= 40 or len(shown) > _PANE_TEXT:
        return None
    # (not a cell holding the byline's time too: the walk reads that one through)
    if _CLOCK.search(shown) is not None or cell.css_first(TIME_INSIDE) is not None:
        return None
    return name


def _is_pane(node: LexborNode, tag: str) -> bool:
    """Whether an element marked as the author is a pane of lines (a heading, a list), not a
    name. A list is one (Tieba's ``<ul class="p_author">``: avatar, name, badges)."""
    return tag in _LIST_TAGS or (
        tag in _PANE_TAGS
        and node.css_first("h1, h2, h3, h4, h5, h6, ul, ol, dl, p, br") is not None
    )


_LIST_TAGS = frozenset(("ul", "ol", "dl"))


#: The most text a poster's pane shows (name, rank, counts, a line about themselves), with
#: the spaces around its lines: more is a comment's words.
_PANE_TEXT = 600


def _in_link(node: LexborNode, stop: int) -> bool:
    """Whether ``node`` is inside a link, below the element ``stop``."""
    parent = node.parent
    while parent is not None and parent.mem_id != stop:
        if parent.tag == "a":
            return True
        parent = parent.parent
    return False


def _pane_name(pane: LexborNode) -> str | None:
    """The name a pane of lines heads with a profile link in a heading (``<h4><a
    href=…profile…>``), when no time is among its lines."""
    heading = pane.css_first("h3, h4, h5")
    link = heading.css_first("a[href]") if heading is not None else None
    if link is None or not is_profile_link(link.attributes.get("href") or ""):
        return None
    text = collapse(_shown_text(name_within(link)))
    if not 0 < len(text) <= 40 or text not in collapse(pane.text(deep=True))[: len(text) + 4]:
        return None  # (the name first, after an avatar's initial perhaps: Flarum's "K")
    return text


def _unlinked_name(pane: LexborNode) -> str | None:
    """The name a poster's pane opens with in bold or as its heading, when it is no link
    (not a bold line under the name: Something Awful's title "<b>dis catte!</b>")."""
    shown = pane.css_first("strong, b, h3, h4, h5")
    if shown is None or shown.css_first("a") is not None or _in_link(shown, pane.mem_id):
        return None
    text = collapse(shown.text(deep=True))
    if not 0 < len(text) <= 40 or not collapse(pane.text(deep=True)).startswith(text):
        return None
    return text


def time_within(
    node: LexborNode, blocks: set[int] | frozenset[int], clock: Clock
) -> datetime | None:
    """The time the first element under ``node`` showing one gives, outside the nested
    blocks ``blocks`` (replies): one in a bar the walk skips, among the actions (The Paper's
    "2025-07-08 09:12 ∙ 北京" beside 点赞 and 回复; Ruliweb's among its vote buttons)."""
    for stamp in node.css(TIME_INSIDE):
        if (
            not in_nested_block(stamp, node.mem_id, blocks)
            and not _edit_stamp(stamp)
            and not _poster_detail(stamp.attributes.get("class"))
            and not _in_edit_note(stamp)  # ("Last edited: <span class="DateTime" …>")
            # (nor a permalink around the exact stamp, which comes next: XenForo 1's <a
            # class="datePermalink" title="Permalink"><span class="DateTime" title="Oct 30,
            # 2014 at 10:48 PM">Oct 30, 2014</span></a>)
            and not (clock.attribute_time(stamp.attributes) is None and _holds_exact_stamp(stamp))
        ):
            moment = clock.element(stamp, stamp.attributes)
            if moment is not None:
                return moment
    return None


def _poster_detail(css_class: str | None) -> bool:
    """Whether a class says an element shows when its poster joined or their rank."""
    if not css_class:
        return False
    return _names_poster_detail(set(hint_tokens(css_class.lower())))


#: How a note of a post's edit opens.
_EDIT_OPENINGS = ("last edited", "edited", "zuletzt bearbeitet", "bearbeitet", "modifié")


def _holds_exact_stamp(stamp: LexborNode) -> bool:
    if stamp.child is None or (stamp.child.is_text_node and stamp.child.next is None):
        return False  # (most: a text alone)
    key = stamp.mem_id  # (its own attributes match too: not it)
    return any(inner.mem_id != key for inner in stamp.css(_EXACT_INSIDE))


def _in_edit_note(stamp: LexborNode) -> bool:
    """Whether a time sits in a line saying the post was edited."""
    element: LexborNode | None = stamp
    for _ in range(3):
        if element is None:
            return False
        # (a line that opens so: not one that says so after the time, Spot.IM's "15h Edited")
        if element.text(deep=True)[:24].lstrip().lower().startswith(_EDIT_OPENINGS):
            return True
        element = element.parent
    return False


def _edit_stamp(stamp: LexborNode) -> bool:
    """Whether a time is the post's last edit's: inside a link to its edits (Stack
    Overflow's "edited <span title=…>" card before the "answered" one)."""
    element: LexborNode | None = stamp
    for _ in range(3):
        if element is None:
            return False
        if element.tag == "a" and "/revisions" in (element.attributes.get("href") or ""):
            return True
        element = element.parent
    return False


def _holds_a_time(node: LexborNode) -> bool:
    """Whether an element holds more than one element, one of them a time (inside a lone
    wrapper too: Hupu's "user-info-top" around its "user-base-info")."""
    for depth in range(3):
        children = node.iter()
        first = next(children, None)
        if first is None:
            return False
        if next(children, None) is not None:
            return node.css_first(TIME_INSIDE) is not None
        if depth == 0 and len(node.text(deep=True)) > 120:
            return False  # (a whole post in a lone wrapper: no byline)
        node = first
    return False


#: A time inside an author element: it is a byline, not a name (NetEase's ``div.tie-author``
#: holds ``span.name-nick``, ``span.name-desp`` and ``span.tie-time``).
TIME_INSIDE = (
    "time, [datetime], [data-timestamp], [data-time], [data-utc], [class*=time i], [class*=date i]"
    ", [data-testid*=date i], [data-testid*=time i]"  # (the NYT's <span data-testid=todays-date>)
    ", [data-created]"  # (Zhihu's answer itself: <div class="zm-item-answer" data-created=…>)
    ", [class*=posted-at i]"  # (Spot.IM's <span class="sppre_posted-at"><span>15h</span>)
)


def is_small_widget(text: str) -> bool:
    """Whether an element marked as votes/score holds no more than a widget's text."""
    return len(text.strip()) <= 40


_profile_links: dict[str, bool] = {}


def is_profile_link(href: str) -> bool:
    """Whether a link goes to a user's profile page (``/member/dan``, ``?user=dan``)."""
    known = _profile_links.get(href)
    if known is None:
        known = _USER_HREF.search(href) is not None
        if len(_profile_links) >= 4096:
            _profile_links.clear()
        _profile_links[href] = known
    return known


#: An element's text read as a name: (fit to be one, the time of a byline, the name).
_NameParts = tuple[bool, str | None, str | None]
_name_parts: dict[str, _NameParts] = {}


_TRAILING_SEGMENT = re.compile(r"(?:\s*[|·•]\s*|\s+[-–]\s+)((?:(?!\s[-–]\s)[^|·•])*)$")


def _without_trailing_actions(text: str) -> str:
    """``"alice 4 hours ago | link | flag"`` → ``"alice 4 hours ago"``: the actions a byline
    ends with are neither the name nor the time (nor "… 15:28 Uhr - Antworten")."""
    while (match := _TRAILING_SEGMENT.search(text)) is not None and not is_content(match[1]):
        text = text[: match.start()]
    return text


#: What a name element may say before the name: the comment's number and "Posted by".
_POSTED_BY = re.compile(r"^(?:#?\d{1,6}[.:：]?\s+)?[Pp]osted by\s+")


def _read_name(raw: str) -> _NameParts:
    parts = _name_parts.get(raw)
    if parts is not None:
        return parts
    text = collapse(raw)
    if BIDI_MARKS.search(text) is not None:
        text = BIDI_MARKS.sub("", text).strip()
    if "\xad" in text:
        text = text.replace("\xad", "")  # a soft hyphen, unseen: "Kaffet&shy;anten" (Familjeliv)
    if (
        not text
        or len(text) > 2 * _AUTHOR_MAX
        or text.startswith(("http://", "https://"))
        or not any(ch.isalnum() for ch in text)
        or (len(text) <= 12 and not is_content(text))  # "Profile": a link to their page
    ):
        # (an address shown as a link's text is no name, though its path says "accounts"; nor
        # is a mark: Something Awful's "?" link to the poster's posts)
        parts = (False, None, None)
    else:
        when = None
        text = _without_trailing_actions(text)
        byline = split_byline(text)
        if byline is not None:
            text, when = byline
            text = text.rstrip(" »›|·•-–—")  # phpBB's "by Matthias » Sun May 26, …"
        text = _HANDLE.sub("", _UNVERIFIED.sub("", SAYS.sub("", text)))
        if "osted by" in text[:16]:  # "1. Posted by 名無しさん" (a livedoor blog's)
            text = _POSTED_BY.sub("", text, count=1)
        if text[:1] == "@" and " " not in text.strip("@ "):
            text = text.strip("@ ")  # a username alone, shown "@ mbrandt"
        if text[-1:] == ")":
            text = _LOGIN_AFTER.sub("", text)
        if " , " in text:  # "<a>dan</a>, Leeds, United Kingdom": the name, then where from
            text = text.split(" , ", 1)[0]
        text = _HONORIFIC.sub("", text)  # "<a>Tak_photo</a>さん"
        if text[-1:] == ",":
            text = text[:-1].rstrip()  # a theme's comma before "says" it hides ("Observer, ")
        parts = (True, when, text if text and len(text) <= _AUTHOR_MAX else None)
    if len(_name_parts) >= 4096:
        _name_parts.clear()
    _name_parts[raw] = parts
    return parts


def take_author(out: Walk, text: str, rank: int, clock: Clock, serial: int) -> int:
    """Take ``text`` (an element's text) as the author's name, with a time glued to it if any.

    Returns ``AUTHOR_*`` bits telling what happened, the same for texts that decide alike.
    """
    fit, when, name = _read_name(text)
    if not fit:
        return 0
    outcome = 0
    if when is not None:
        outcome = AUTHOR_BYLINE
        if out.posted is None:
            out.posted = clock.text(when)
            out.posted_serial = serial
            outcome |= AUTHOR_UNTIMED if out.posted is None else AUTHOR_TIMED
    if name is None:
        return outcome
    out.author, out.author_rank = name, rank
    return outcome | AUTHOR_TAKEN


#: An "@" its own element shows before a login, which the separator between elements
#: parts from it.
_LOGIN_MARK = re.compile(r"(?<=\s)@ (?=[\w.]+$)")


def _shown_text(node: LexborNode) -> str:
    """An element's text without its icons' tooltips (Discourse's ``<svg><title>Dieser Benutzer
    ist ein Moderator</title>`` beside a name), and without what it shows under a line break:
    a badge (``<cite class="fn">Martina Berg<br><span>Autor</span></cite>``)."""
    child = node.child
    if child is not None and child.next is not None and (head := _before_break(node)):
        return head
    text = node.text(deep=True, separator=" ")
    if " " in text and A_DIGIT.search(text) is not None:
        cleaned = _without_noise_digits(node)
        if cleaned is not None:
            # (and the mark telling namesakes apart after it, a long number: iDNES's <sup>)
            text = _NAMESAKE_MARK.sub("", cleaned)
    if "@ " in text:  # an "@" of its own before the login: Talkyard's <span>@</span>ines
        pieces = [
            child.text_content or ""
            for child in node.traverse(include_text=True)
            if child.is_text_node and (child.text_content or "").strip()
        ]
        if "@" in (piece.strip() for piece in pieces):
            text = _LOGIN_MARK.sub("@", text)
    if "<svg" in (node.html or ""):  # (rare: most names hold no icon)
        for icon in node.css("svg"):
            tooltip = icon.text(deep=True, separator=" ")
            if tooltip.strip():
                text = text.replace(tooltip, " ")
    return text


_NAMESAKE_MARK = re.compile(r"\s+\d{6,}\s*$")


def _before_break(node: LexborNode) -> str | None:
    """The text of an element's children before a ``<br>`` among them, if any."""
    pieces: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "br":
            head = " ".join(pieces).strip()
            return head or None
        pieces.append(child.text(deep=True, separator=" "))
    return None


def _without_noise_digits(node: LexborNode) -> str | None:
    """A name with digits set among its letters in elements of their own, against scrapers,
    that its page's stylesheet hides (iDNES's ``P<i>83</i>e<i>24</i>t<i>61</i>r``): its
    letters alone ("Petr"), when two such digit runs or more are glued to letters."""
    pieces = node.text(deep=True, separator="\x00").split("\x00")
    noise = [
        index
        for index in range(1, len(pieces) - 1)
        if pieces[index].isdigit()
        and (pieces[index - 1][-1:].isalpha() or pieces[index - 1][-1:] == " ")
        and pieces[index + 1][:1].isalpha()
    ]
    if len(noise) < 2:
        return None
    dropped = set(noise)
    return "".join(piece for index, piece in enumerate(pieces) if index not in dropped)


def _drawn_name(node: LexborNode) -> str:
    """A name drawn as an image, its ``alt`` (Clien's ``<span class="nickimg"><img alt="…">``);
    not an avatar ("Avatar", "Profile picture", an ``avatar`` image)."""
    image = node.css_first("img[alt]")
    if image is None:
        return ""
    attrs = image.attributes
    alt = (attrs.get("alt") or "").strip()
    marks = f"{attrs.get('class') or ''} {attrs.get('src') or ''}".lower()
    if not alt or "avatar" in marks or _AVATAR_ALT.search(alt):
        return ""
    return alt


_AVATAR_ALT = re.compile(r"avatar|profile|photo|picture|image|アイコン|프로필", re.IGNORECASE)


def _shows_a_name(button: LexborNode) -> bool:
    """A button holding the poster's name (derStandard's user menu: ``<button
    class="usermenu--button"><span class="usermenu--name">…``) is walked into, for the name;
    other buttons (reply, like, report) are not words."""
    css_class = (button.attributes.get("class") or "").lower()
    if "author" in css_class or "username" in css_class:  # Viafoura: <button class="…author">
        return True
    return button.css_first(_NAME_IN_BUTTON) is not None


def _shows_a_time(button: LexborNode) -> bool:
    """A button showing the post's time (Coral's: ``<button class="Timestamp-root"><time
    datetime=…>1 hour ago``, which leads to the comment) is walked into, for the time."""
    child = button.child
    while child is not None:
        if child.tag == "time":
            return True
        child = child.next
    return False


_NAME_IN_BUTTON = "[class*=name i], [class*=author i], [itemprop=author], [itemprop=name]"


def _shows_no_fields(form: LexborNode) -> bool:
    """A form with nothing to fill in (old Reddit wraps each comment's text in one, for its
    author to edit) is read like any element; a reply or login form is skipped."""
    return all(
        _hidden_within(field, form)
        for field in form.css("textarea, select, button, input:not([type=hidden i])")
    )


def _hidden_within(node: LexborNode, stop: LexborNode) -> bool:
    """Whether ``node`` or an element around it, up to ``stop``, is hidden (the editor in a
    post's author's copy of old Reddit's form: ``<div class="usertext-edit" style="display:
    none"><textarea>``)."""
    element: LexborNode | None = node
    while element is not None and element.mem_id != stop.mem_id:
        if is_hidden(element.attributes):
            return True
        element = element.parent
    return False
