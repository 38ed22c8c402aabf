"""A comment's author and time where the markup did not label them, from its leading lines.

A block's walk (:func:`bot.extract.walk.walk_block`) takes the author and time from elements
that say what they are. What is left unlabelled is read here from the first paragraphs: a
byline line (``"dan 06:39 pm JST"``, ``"Post by dan » Fri Nov 20, 2026 8:15 am"``), a name on
a line of its own over a time, the short lines a forum shows above a post's time and what is
left of the time's own line ("MOD • Stickied comment"). Failing those, from the last line: a
byline under the words, its parts between bars (``"2025/07/08(火) 08:31:07 | URL | 山田"``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.extract.depth import LEVEL_LABEL
from bot.extract.dom import ACTION_WORDS, SAYS, SEPARATORS, is_content
from bot.extract.times import CJK_POSTED_ON, split_byline
from bot.extract.walk import POSTED_LABEL, SUBJECT_AFTER, after_guillemet_label

if TYPE_CHECKING:
    from datetime import datetime

    from bot.extract.walk import Clock, Para, Walk


def _looks_like_name(text: str) -> bool:
    return (
        0 < len(text) <= 40
        and len(text.split()) <= 4
        and (text[-1] not in ".!?" or _INITIAL.search(text) is not None)
        and not text.isdigit()
    )


#: A name ending in an initial ("Dana W.", "paul.t."): its period ends no sentence.
_INITIAL = re.compile(r"[\s.]\w\.$")


#: What a byline puts around a name: "Post by dan »", "— dan |".
_NAME_MARKS = " " + SEPARATORS


#: A post's number before the name on its header line: "#6 admin" (menéame), "4. 匿名"
#: (ガールズちゃんねる).
_POST_NUMBER = re.compile(r"(?:#\d{1,6}|\d{1,6}[.:：])\s+")


def _clean_name(text: str) -> str:
    text = text.rstrip()
    if text[-1:] == ")" and (place := _PLACE_AFTER_NAME.search(text)) is not None:
        text = text[: place.start()]  # "Rajesh Kumar (Pune)": where they wrote from
    name = _POST_NUMBER.sub("", text, count=1) if text[:1] == "#" or text[:1].isdigit() else text
    name = SAYS.sub("", name)
    if " » " in name:
        # phpBB's "da Corvalto » martedì" (its "Post by NAME » weekday, date", localized): the
        # name before the mark, after a lowercase word saying "by"
        head = name.split(" » ", 1)[0]
        first, _, rest = head.partition(" ")
        name = rest if rest and first in _BY_WORDS else head
    name = name.strip(_NAME_MARKS)
    if name[:1] == "#" and name[1:].isdigit():
        return ""  # a post's number alone ("#3 2025-07-07 19:31:02": FluxBB's header)
    for prefix in ("posted by ", "post by ", "by ", "from "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    return name.strip(_NAME_MARKS)


#: "By" in the languages of phpBB's bylines: "da Corvalto » …", "par …", "von …".
_BY_WORDS = frozenset(
    ("by", "da", "di", "par", "von", "por", "door", "av", "af", "od", "przez", "от")
)
#: What follows a name in brackets: where the poster is, or what.
_PLACE_AFTER_NAME = re.compile(r"(?<=\S)\s+\([^()]{1,40}\)$")
#: A PTT push's mark (推 up, 噓 down, → neither) and the colon after the pusher's name.
#: What Discuz calls the first posts of a thread: the opener, the sofa, the bench, the floor.
_FLOOR_NAMES = frozenset(("楼主", "沙发", "板凳", "地板", "樓主", "沙發"))
_PUSH_MARKS = "推噓→"
_PUSH = re.compile(r"[推噓→]\s*:\s*")


def _stamp_line(text: str) -> bool:
    """A line of digits that may be a post's number and time ("#1 2025-07-07 18:42:15",
    FluxBB's header), or an age ("20 hours ago": YouTube's): no words, but read for the
    time."""
    return (":" in text and sum(ch.isdigit() for ch in text) >= 6) or (
        text.endswith(" ago") and any(ch.isdigit() for ch in text)
    )


#: Longest line taken for header residue above a comment's time.
_HEADER_LINE = 40
#: Longest residue of the time's own line taken for part of the byline.
_BYLINE = 80


#: A fact about a poster shown beside their posts, labelled.
_POSTER_FACT = re.compile(
    r"(?:joined|join date|registered|member since|posts|location|from|age|gender|reputation"
    r"|beiträge|registriert|dabei seit|wohnort|inscrit le|messages|localisation)"
    r"\s*:\s*\S.{0,40}",
    re.IGNORECASE,
)
#: How the labels before a post's time start ("Posted:", "Date:", "Geschrieben am", …).
_LABEL_STARTS = frozenset("pdgve")
#: phpBB's note of a post's edits.
_EDIT_NOTE = re.compile(r"Last edited by .{1,60} on .{5,60}; edited \d+ times? in total\.?")
#: How a line of a post's facts parts them: "5.3k points · 15 hours ago".
_FACTS_PARTING = re.compile(r"\s+[·•|]\s+")
#: The score among them.
_SCORE_FACT = re.compile(r"[-+−]?\d[\d.,]*[kK]?\s+(?:points?|pts|votes?|likes?)", re.IGNORECASE)


def _edit_note(text: str) -> bool:
    """Whether a line is phpBB's note of the post's edits (its first letter asked first, by
    the callers too: most lines are not)."""
    return text[:12] == "Last edited " and _EDIT_NOTE.fullmatch(text) is not None


def _time_among_facts(text: str, clock: Clock) -> datetime | None:
    """The first time among short facts parted by dots or bars, one of them a score, on a line
    of nothing else."""
    if len(text) > 100 or ("·" not in text and "•" not in text and "|" not in text):
        return None
    parts = _FACTS_PARTING.split(text)
    if (
        len(parts) < 2
        or any(len(part) > 40 for part in parts)
        or not any(_SCORE_FACT.fullmatch(part) for part in parts)
        or clock.text(text) is not None  # (a time whose day and clock are parted: "8 Luglio
        # 2025 | 20.44")
    ):
        return None
    for part in parts:
        if (moment := clock.text(part)) is not None:
            return moment
    return None


def settle_header(walk: Walk, clock: Clock) -> tuple[str, datetime | None, list[Para]]:
    """Author and time the markup did not label, from the block's leading lines."""
    lines = walk.paras
    for at in range(1, len(lines)):
        text = lines[at].text
        if text[:5] == "_____" and not text.strip("_ "):
            # a forum's line over the poster's signature ("_________________": phpBB's)
            lines = lines[:at]
            break
    # (is_content's first test inlined: most paragraphs are long); a signed number alone is
    # a score shown over the byline, no words ("+4": IntenseDebate's); nor a note of the
    # post's edits ("Last edited by Veyla on Mon May 26, 2003 9:32 am; edited 1 time in
    # total")
    paras = [
        para
        for para in lines
        if (len(para.text) > 40 and not (para.text[0] == "L" and _edit_note(para.text)))
        or (
            len(para.text) <= 40
            and is_content(para.text)
            and _SIGNED_NUMBER.fullmatch(para.text) is None
        )
    ]
    stamped = False  # (a line kept for its time alone, which is no words)
    if walk.posted is None and len(paras) < len(lines):
        kept = [
            p
            for p in lines
            if not (p.text[:1] == "L" and _edit_note(p.text))
            and (len(p.text) > 40 or is_content(p.text) or _stamp_line(p.text))
        ]
        stamped, paras = len(kept) > len(paras), kept
    author, posted = walk.author, walk.posted
    for para in paras[:8]:
        # the poster's facts in their column beside the post ("Joined: 24 May 2003", "Posts:
        # 131", "Location: St. Louis MO": phpBB 2's, UBB's, vBulletin 2's); (a colon near the
        # start asked first: most lines have none)
        if ":" in para.text[:16] and _POSTER_FACT.fullmatch(para.text):
            head = [p for p in paras[:8] if not _POSTER_FACT.fullmatch(p.text)]
            paras = head + paras[8:]
            break
    if paras and paras[0].text[:6].lower() == "level " and LEVEL_LABEL.fullmatch(paras[0].text):
        del paras[0]  # how deep the comment sits, for screen readers (Reddit's "level 2")
    if (
        len(paras) > 2
        and len(paras[0].text) <= 3
        and len(paras[1].text) <= 40
        and initials_of(paras[0].text, paras[1].text)
    ):
        del paras[0]  # an avatar's initials over the name ("KW", Kenji Watanabe: Ghost's)
    if author is not None and walk.posted_serial is not None:
        paras = _without_header_lines(paras, walk.posted_serial, walk.headings)
    if (
        author is None
        and walk.posted_serial is not None
        and len(paras) > 1
        and paras[0].serial < walk.posted_serial < paras[1].serial
        and paras[0].quote == 0
        and _looks_like_name(name := _clean_name(paras[0].text))
    ):
        # the name on its line over the time, which was all of its line, and the words under
        # them (Ghost's <h4>Minseo Park</h4> over <span title=…>Yesterday</span>)
        author = name
        del paras[0]
    if author is None and walk.posted_serial is not None:
        for index, para in enumerate(paras):
            if para.serial == walk.posted_serial:
                if para.quote == 0 and _looks_like_name(_clean_name(para.text)):
                    above = paras[index - 1] if index else None
                    if (
                        above is not None
                        and index == 1
                        and (para.text.rstrip()[-1:] in SEPARATORS or para.text[:1] in "·•|")
                        and above.quote == 0
                        and _looks_like_name(_clean_name(above.text))
                    ):
                        # the name on its line, then "Chicago · 25m ago": where from, and
                        # when (the NYT's comments); or what they do, "· Trade reporter ·
                        # Yesterday" (Ghost's)
                        author = _clean_name(above.text)
                        del paras[: index + 1]
                    else:
                        author = _clean_name(para.text)
                        del paras[index]
                break
    if author is not None and posted is None and paras and paras[0].text == author:
        del paras[0]  # the name on its line, taken (a forum's poster pane: SMF's <h4>)
    index = 0
    while (author is None or posted is None) and index < min(len(paras), 3):
        para = paras[index]
        if para.quote:
            break
        if (
            posted is None
            and author is not None
            and (moment := _time_among_facts(para.text, clock)) is not None
        ):
            # the time among the post's facts on one line, after the name ("5.3k points · 15
            # hours ago · edited 11 hours ago": Reddit's of 2019)
            posted = moment
            del paras[index]
            continue
        header_line = _without_bracketed_action(para.text)
        label = (
            POSTED_LABEL.match(header_line) if header_line[:1].lower() in _LABEL_STARTS else None
        )
        if label is not None:
            # "Posted: Sun May 25, 2003 9:25 pm  Post subject: …": the label no name
            header_line = SUBJECT_AFTER.sub("", header_line[label.end() :])
        elif (labelled := after_guillemet_label(header_line)) is not None:
            header_line = labelled  # ("« Reply #1 on: …»", SMF's: the label no name)
        byline = split_byline(header_line)
        moment = clock.text(byline[1]) if byline else None
        if (
            byline is None
            and index == 0
            and len(para.text) <= 3
            and len(paras) > 1
            and (following := split_byline(_without_bracketed_action(paras[1].text))) is not None
            and initials_of(para.text, following[0])
        ):
            del paras[0]  # an avatar's initials over the byline ("NO", Nuria Blanco Ortiz)
            continue
        if byline is None or moment is None:
            if (
                posted is None
                and (author is not None or (index == 0 and len(paras) > 1))
                # (or what is left of "On December 23, 2014, at 10:07 PM, NAME wrote:", or of
                # "by NAME (537200) on Tuesday December 31, 2013 @09:50AM (#45828601)")
                and (
                    len(para.text) <= 40
                    or (len(para.text) <= 80 and (para.text[-1] == ":" or para.text[0] == "«"))
                    # (or the time before a bar of links: "发表于 2024-4-5 23:20:45 | 只看该作者
                    # 来自 - 贵州遵义 |倒序浏览 |", Discuz's)
                    or (
                        len(para.text) <= 80
                        and " | " in para.text
                        and para.text.startswith(CJK_POSTED_ON)
                    )
                    or (len(para.text) <= 120 and para.text[:3].lower() in ("by ", "on "))
                )
                and (moment := clock.text(para.text)) is not None
            ):  # the time alone on a line under the name (Medium's "Jul 7" link), or over
                # the words of a comment posted without one (SPIP's "(22 juin 2018 @11h13)")
                posted = moment
                del paras[index]
                continue
            if author is None and index == 0 and len(paras) > 1 and _looks_like_name(para.text):
                following = split_byline(_without_posted_label(paras[1].text))
                if following is not None and not following[0] and paras[1].quote == 0:
                    author = _clean_name(para.text)
                    del paras[0]
                    continue
            if author is not None and posted is None and index < 2 and len(para.text) <= 120:
                # a heading over a forum post ("Re: …"), the poster's rank over it: the
                # poster's byline may follow
                index += 1
                continue
            break
        name = _clean_name(byline[0])
        if index and name and name != author:
            break  # past a heading, only the poster's own byline ("Post by dan » …") or a time
        if name and author is None:
            author = name
        elif name and name != author and not (index == 0 and _badge_before_time(para, name)):
            break  # a quote header ("danToday 06:39 pm JST") after the comment's own byline
        posted = posted or moment
        del paras[index]
        if index and label is not None and not name:
            # what the poster's column shows over a post labelled "Posted:" (their rank:
            # "Site Admin", "Enchanter": phpBB 2's) is no words of it
            del paras[:index]
            index = 0
    footer = _posted_by_line(paras[-1], clock) if posted is None and paras else None
    if footer is not None and (author is None or footer[0] in (author, "")):
        author, posted = author or footer[0] or None, footer[1]
        del paras[-1]
    if (author is None or posted is None) and len(paras) > 1:
        footer = _footer_byline(paras[-1], clock) or _replied_at(paras[-1], clock)
        if footer is not None and (author is None or footer[0] in (author, "")):
            author, posted = footer[0], posted or footer[1]
            del paras[-1]

    if posted is None and len(paras) > 1 and not (last := paras[-1]).quote and len(last.text) <= 60:
        # a tail line of the post's facts ending in its time, glued to them ("IP属地:上海
        # 来自iPhone客户端3楼2025-07-08 08:52": Tieba's): none of it is words
        stamp = _TAIL_STAMP.search(last.text)
        if stamp is not None and (moment := clock.text(stamp.group())) is not None:
            posted = moment
            del paras[-1]
    if posted is None and walk.paras:
        # the time alone under the words (Togetter), not content; after it, perhaps, links
        # to the poster's pages ("Profile", "Post History": Something Awful's)
        last = walk.paras[-1]
        for line in reversed(walk.paras[-5:]):
            last = line
            if len(line.text) > 40 or is_content(line.text) or clock.text(line.text):
                break
        if not last.quote and len(last.text) <= 40 and (moment := clock.text(last.text)):
            posted = moment
            if paras and paras[-1] is last:
                del paras[-1]
    if author:
        _drop_byline_rest(paras, author, posted, clock)
        if paras and len(paras[0].text) <= 3 and initials_of(paras[0].text, author):
            del paras[0]  # an avatar's initials, the name given by the markup ("DP")
    while len(paras) > 2 and paras[0].text == paras[1].text and len(paras[0].text) <= 30:
        del paras[:2]  # a badge shown twice, for two screen sizes ("Guardian Pick", "Staff")
    if len(paras) > 1 and paras[0].text in _FLOOR_NAMES:
        del paras[0]  # the post's place in the thread, as Discuz names the first four: no words
    if paras and paras[0].text[:1] in _PUSH_MARKS and (push := _PUSH.match(paras[0].text)):
        # PTT's "推 user: words time": the push's mark is no word of it
        paras[0] = replace(paras[0], text=paras[0].text[push.end() :])
    if len(paras) > 1 and paras[-1].text[:1] in "LlEe" and _EDIT_LINE.match(paras[-1].text):
        # who edited the post, and when, under its words ("Last edited on May 10, 2024, 10:23
        # am by rfalkner": Asgaros'): not the commenter's words
        del paras[-1]
    if paras and paras[-1].text[:1] == "[" and _MODERATORS_NOTE.fullmatch(paras[-1].text):
        # a moderator's note in brackets under the words ("[Kommentar gekürzt. Bitte bleiben
        # Sie sachlich. Die Moderation]": the Tagesspiegel's): not the commenter's
        del paras[-1]
    if paras and paras[-1].text.startswith(_MODERATOR_LINE):
        # a moderator's line under the words ("Moderator: Part of this post has been
        # removed.": Japan Today's): not the commenter's
        del paras[-1]
    if author and len(paras) > 1 and paras[0].text.casefold() in _ROLE_LABELS:
        del paras[0]  # the poster's role beside the byline ("Owner": giscus', GitHub's)
    if paras and _pinned_notice(paras[0].text):
        del paras[0]  # who pinned the comment over it ("경제노트님이 고정했습니다.": Tistory's)
    if paras and no_words_notice(paras[-1].text):
        # what a secret or deleted comment shows in place of its words: it has none; or a
        # deleted reply inside it, which is no comment of its own (giscus' "This comment was
        # deleted." under the words)
        del paras[-1]
    if stamped:
        # (a post's number and time, kept to be read, is no words when it was not)
        paras = [para for para in paras if len(para.text) > 40 or is_content(para.text)]
    if paras and author and paras[-1].text[-2:] in _DASH_BEFORE_NAME:
        # the dash a byline after the words starts with: Stack Exchange's "… – user7730412"
        paras[-1] = replace(paras[-1], text=paras[-1].text[:-2])
    return author or "", posted, paras


_DASH_BEFORE_NAME = (" –", " —", " -")


#: An action or mark in brackets at the end of a header line: "2025/07/08(火) 08:11:30
#: [通報]", "hace 15 horas(editado)".
_BRACKETED_ACTION = re.compile(r"\s*[\[［【(（]\s*([^\]］】)）]{1,12}?)\s*[\]］】)）]$")


def _without_bracketed_action(text: str) -> str:
    if text[-1:].isdigit() and (number := _TRAILING_POST_NUMBER.search(text)) is not None:
        return text[: number.start()]  # the post's number after its time ("… 20:58 #2")
    match = _BRACKETED_ACTION.search(text) if text[-1:] in "]］】)）" else None
    if match is None and "·" in text[-20:]:
        match = _SEPARATED_ACTION.search(text)  # "22.47 Uhr · bearbeitet" (NZZ's)
    if match is not None and match.group(1).lower() in ACTION_WORDS:
        return text[: match.start()]
    return text


_SEPARATED_ACTION = re.compile(r"\s*·\s*(\w{1,12})$")
_TRAILING_POST_NUMBER = re.compile(r"\s+#\d{1,7}$")


_NAME_PARTS = re.compile(r"[\s-]+")  # ("Frei-Imhof": "MI" for Monika Frei-Imhof)


def initials_of(text: str, name: str) -> bool:
    """Whether ``text`` is what an avatar shows for ``name``: the first letters of its words,
    in order, from the first ("NO" or "N" for Nuria Blanco Ortiz)."""
    if not text.isalpha() or not text.isupper():
        return False
    firsts = [word[0].upper() for word in _NAME_PARTS.split(name) if word and word[0].isalpha()]
    if not firsts or text[0] != firsts[0]:
        return False
    rest = iter(firsts[1:])
    return all(letter in rest for letter in text[1:])


_SIGNED_NUMBER = re.compile(r"[+\-−–]\d{1,7}")


#: A poster's trip code after their name (2channel, FC2): "山田 #LkZag.iM".
_TRIP = re.compile(r"\s*[#◆♦]\S*$")


def _footer_byline(para: Para, clock: Clock) -> tuple[str, datetime] | None:
    """A byline under a comment's words, its parts between bars: "2025/07/08(火) 08:31:07 |
    URL | 山田 #LkZag.iM[ 編集 ]" (FC2) gives ("山田", that time)."""
    text = para.text
    if para.quote or len(text) > 100 or "|" not in text:
        return None
    moment = None
    names = []
    for part in text.split("|"):
        part = part.strip(" []")
        if not part:
            continue
        when = clock.text(part) if moment is None else None
        if when is not None:
            moment = when
        elif is_content(part) and part.lower() != "url":
            names.append(_TRIP.sub("", part.split("[")[0]).strip())
    if moment is None or len(names) != 1 or not _looks_like_name(names[0]):
        return None
    return names[0], moment


#: A Chinese byline under a reply's words: "史蒂文的家_藍天 於 2014/01/01 20:31 回覆" (NAME at
#: TIME replied: PIXNET's blog owner's reply).
_REPLIED_AT = re.compile(
    r"(?P<name>\S.{0,40}?)\s*[於于]\s*(?P<when>\d.{4,30}?)\s*(?:回覆|回复|留言)?"
)


def _replied_at(para: Para, clock: Clock) -> tuple[str, datetime] | None:
    text = para.text
    if para.quote or len(text) > 80 or ("於" not in text and "于" not in text):
        return None
    match = _REPLIED_AT.fullmatch(text)
    if match is None or (moment := clock.text(match.group("when"))) is None:
        return None
    name = _clean_name(match.group("name"))
    return (name, moment) if _looks_like_name(name) else None


#: How a moderator's line in a comment's words starts.
_MODERATOR_LINE = ("Moderator:", "Moderator note:", "Mod note:", "Moderators:")
#: Labels of a poster's role shown beside their byline, a line of their own.
_ROLE_LABELS = frozenset(
    [
        *("owner", "author", "op", "staff", "moderator", "mod", "admin", "administrator"),
        *("maintainer", "collaborator", "contributor", "member", "original poster"),
    ]
)
#: Who pinned a comment, over it: "Pinned by the author", "📌 Pinned", "X님이 고정했습니다."; or
#: why it is folded.
_PINNED = re.compile(
    r"(?:📌\s*)?(?:pinned(?: by .{1,40})?|pinned comment|.{1,30}님이 고정했습니다\.?"
    r"|固定されたコメント|置顶(?:评论)?|已置顶"
    # or why it is folded: "Comment collapsed due to low score" (Reddit's)
    r"|comment (?:collapsed|hidden)(?: due to .{1,30})?)",
    re.IGNORECASE,
)
#: The notice a comment shows in place of words its writer kept secret or deleted.
_NO_WORDS_SHOWN = re.compile(
    r"[(\[]?(?:비밀\s?댓글입니다|삭제된 댓글입니다|(?:해당 )?댓글[은이] 삭제되었습니다"
    r"|该评论已被删除"
    r"|このコメントは(?:管理人により)?削除されました"
    # (and why: "This comment was removed by a moderator because it didn't abide by our
    # community standards…", the Guardian's)
    r"|this comment (?:is private|(?:has been|was) (?:deleted|removed)\b.{0,200})"
    # (or who may not read them yet: "비회원은 작성한 지 1시간 이내의 댓글은 읽을 수 없습니다.")
    r"|비회원은 .{0,40}댓글은 읽을 수 없습니다)[.。)\]]?",
    re.IGNORECASE,
)


def _pinned_notice(text: str) -> bool:
    # (most first lines are asked only for a letter or two: this runs on every comment)
    return (
        len(text) <= 60
        and ("in" in text or "ollapsed" in text or "고정" in text or text[:1] in "📌固置已")
        and _PINNED.fullmatch(text) is not None
    )


def no_words_notice(text: str) -> bool:
    """Whether a line is the notice shown in place of a secret or deleted comment's words."""
    return (
        len(text) <= 240
        and text[:1] in "([비삭해댓こ该tT"
        and _NO_WORDS_SHOWN.fullmatch(text) is not None
    )


#: A note in brackets signed or said by a site's moderators or editors.
#: An edit's note under a post: "Last edited on … by NAME", "Edited by NAME".
_EDIT_LINE = re.compile(r"(?:last )?edited (?:on|at|by) .{1,80}$", re.IGNORECASE)
_MODERATORS_NOTE = re.compile(
    r"\[[^\[\]]{0,300}(?:moderation|moderator|redaktion|modération|modérateur|moderación"
    r"|moderador|moderazione|redazione|rédaction|redacción|edited by admin)[^\[\]]{0,300}\]",
    re.IGNORECASE,
)
#: A full date and clock at the end of a line.
_TAIL_STAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?$")
#: "posted by dan at 7:02 AM on July 8 [23 favorites]" (MetaFilter), under the words.
_POSTED_BY = re.compile(
    r"(?:posted\s+)?by:?\s+(?:(?P<name>.+?)\s+)??(?:at|on)\s+(?P<when>.+)", re.IGNORECASE
)
_CLOCK_ON_DATE = re.compile(
    r"(?P<clock>\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)\s+on\s+(?P<date>.+)", re.I
)
_BRACKETED = re.compile(r"\[[^\]]*\]")


#: How a byline under a comment's words may start, in a few languages.
_COMMENT_BY = ("comment by ", "comment from ", "kommentar von ", "commentaire de ", "reply by ")


def _posted_by_line(para: Para, clock: Clock) -> tuple[str, datetime] | None:
    """A last line "posted by NAME at 7:02 AM on July 8 [23 favorites]" ("Posted by: NAME at
    May 3, 2007 01:40 AM": Movable Type's): the name and time (what is in brackets is
    counts)."""
    text = para.text
    if para.quote or len(text) > 160:
        return None
    lowered = text[:16].lower()
    if not lowered.startswith(("posted by", "by ")):
        prefix = next((p for p in _COMMENT_BY if lowered.startswith(p)), None)
        if prefix is None:
            return None
        # "Comment by Jörg Hamann — 17.07, 2011 @ 13:04" (an old WordPress theme's <cite>)
        byline = split_byline(text[len(prefix) :])
        if byline is None or not byline[0] or (moment := clock.text(byline[1])) is None:
            return None
        name = _clean_name(byline[0])
        return (name, moment) if _looks_like_name(name) else None
    match = _POSTED_BY.fullmatch(_BRACKETED.sub(" ", text).strip())
    if match is None:
        return None
    when = match.group("when").strip()
    moment = clock.text(when)
    if moment is None and (reordered := _CLOCK_ON_DATE.fullmatch(when)) is not None:
        moment = clock.text(f"{reordered.group('date')} {reordered.group('clock')}")
    if moment is None:
        return None
    return (match.group("name") or "").strip(), moment


def _without_posted_label(text: str) -> str:
    """A line without the label before its time ("Posté le 16-03-2016 à 14:33:35")."""
    if text[:1].lower() in _LABEL_STARTS and (label := POSTED_LABEL.match(text)) is not None:
        return text[label.end() :]
    return text


def _drop_byline_rest(
    paras: list[Para], author: str, posted: datetime | None, clock: Clock
) -> None:
    """Without what is left of a byline whose name and time were taken ("Post by dan »"), or
    a second showing of the time ("Posted November 17 (edited)", for another screen size)."""
    for _ in range(2):  # the name, then the time: a byline shown twice shows both again
        if not _drop_one_byline_rest(paras, author, posted, clock):
            return


def _drop_one_byline_rest(
    paras: list[Para], author: str, posted: datetime | None, clock: Clock
) -> bool:
    for index, para in enumerate(paras[:3]):
        text = para.text
        if para.quote or len(text) > 2 * _HEADER_LINE:
            continue
        if (
            (author in text and not is_content(text.replace(author, " ")))
            or (posted is not None and _shows_the_time(text, posted, clock))
            # the name and what the poster says of themselves, in brackets after it
            # ("部落长老 (夸父)": Douban's groups)
            or (
                text[-1:] in ")）"
                and text.startswith(author)
                and _TAGLINE.fullmatch(text, len(author)) is not None
            )
        ):
            # the byline shown again, for a larger screen ("Strummerville" — the one answered
            # — then "7 Jul 2025 20.03", The Guardian's): the short lines over it go with it
            above = paras[:index]
            if (
                index
                and len(paras) > index + 1
                and all(not p.quote and len(p.text) <= _HEADER_LINE for p in above)
            ):
                del paras[: index + 1]
            else:
                del paras[index]
            return True
    return False


_DIGIT = re.compile(r"\d")
_TAGLINE = re.compile(r"\s*[(（][^()（）]{1,60}[)）]\s*")
_MONTHS = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)


def _shows_the_time(text: str, posted: datetime, clock: Clock) -> bool:
    """``"Posted November 17 (edited)"`` when the post's time is November 17: words of a
    byline around that time and nothing else."""
    if _DIGIT.search(text) is None:
        return False
    words = text.split()
    first = words[0].lower()
    if first not in ACTION_WORDS:  # the time alone, to the minute shown
        if len(text) > _HEADER_LINE or not (first[:1].isdigit() or first[:3] in _MONTHS):
            return False  # (most lines are not asked: "7 Jul 2025 20.03", "Jul 8, 10:15")
        moment = clock.text(text)
        return moment is not None and abs((moment - posted).total_seconds()) < 60
    kept = [w for w in words if w.lower().strip(SEPARATORS) not in ACTION_WORDS]
    moment = clock.text(" ".join(kept)) if kept else None
    if moment is None:
        return False
    # a date without its clock ("November 17") shows the day of the exact time
    return moment == posted or (":" not in text and moment.date() == posted.date())


def _badge_before_time(para: Para, name: str) -> bool:
    """Whether the first line, a word or two before the time, is a label beside the poster's
    name the markup gave ("様子見 7月8日 23:57": Yahoo!ファイナンス's stance, wait and see),
    not a quote's header."""
    return para.quote == 0 and len(para.text) <= 40 and len(name) <= 12 and len(name.split()) <= 2


def _without_header_lines(
    paras: list[Para], posted_serial: int, headings: tuple[int, ...] = ()
) -> list[Para]:
    """Without the short lines above the comment's time when words follow it: what a forum
    shows under the poster's name ("Ars Scholae Palatinae", "Subscriptor") is not theirs to
    have said. A site that puts the time under the words keeps them (nothing follows). What
    is left of the time's own line ("MOD • Stickied comment", "OP Quality Contributor •")
    goes too. A title the comment was given (a heading, ``headings``' serials) stays."""
    if not paras or paras[0].serial > posted_serial:
        return paras  # no line above the time, nor left on its line (the common case)
    split = next((i for i, para in enumerate(paras) if para.serial > posted_serial), len(paras))
    header, rest = paras[:split], paras[split:]
    if not header or any(
        para.quote or len(para.text) > (_HEADER_LINE if para.serial < posted_serial else _BYLINE)
        for para in header
    ):
        return paras
    titles = [para for para in header if para.serial in headings]
    if not any(para.serial > posted_serial and para.quote == 0 for para in rest):
        # the time under the words; or a title alone over the byline (Ynet's talkbacks),
        # which leaves the time's line no words ("(ירושלים) |": where they wrote from)
        return titles + rest if titles else paras
    return titles + rest
