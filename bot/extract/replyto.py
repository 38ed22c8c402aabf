"""Replies that say in an attribute which post they answer.

Flat forums and some comment widgets do not nest a reply in its parent's markup: NodeBB puts
an "in reply to" box holding ``data-parent-pid="5022"`` at the top of the reply, new Reddit
gives every comment a ``parentid="t1_…"``. Such a reference names the parent by one of the
values the parent's own block carries (``data-pid="5022"``, ``thingid="t1_…"``, ``id="post-5022"``),
so a reference is followed only when exactly one other block of the page carries it.

5ch and imageboards start a reply with the number of the post it answers: ">>12"; Japanese
blogs with the name of the commenter it answers: "> akane_kさん".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.extract.dom import PARENT_LINK, in_nested_block, is_parent_link, node_text
from bot.extract.walk import Para

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from bot.extract.comments import RawComment

#: Attributes naming the post a reply answers (lower case: the parser lowers HTML's).
PARENT_ATTRIBUTES = (
    "data-parent-pid",
    "data-parent-id",
    "data-parentid",
    "data-parent-comment-id",
    "data-parent-post-id",
    "data-parentpostingid",
    "data-reply-to",
    "data-reply_to",  # (vc.ru's; "0" for none)
    "data-reply-to-id",
    "data-in-reply-to",
    "parentid",
    "parent-id",
    "data-parent_comment",  # (Yahoo!ファイナンス's ">>612" link)
    "data-quote-id",  # ("Atsakymas į …": Delfi's quote of the comment answered)
)
#: A link in an "In response to X" line (Khoros's ``MessageInResponseTo``): to the post
#: answered, by its address; Ghost's "Replied to: <a data-testid="comment-in-reply-to"
#: href="#<id>">…".
_RESPONSE_LINK = (
    "[class*=inresponseto i] a[href], [class*=in-response-to i] a[href], "
    'a[data-testid*=in-reply-to i][href*="#"], a[data-testid*=replyto i][href*="#"], '
    'a[data-qa*=reply-to i][href*="#"], '
    '[class*=reply-to i] a[href*="#"]'  # (Público's "em resposta a", 24 Chasa's "в отговор на")
)
#: A script's link to the comment answered, its number in the call: FM Korea's <a
#: class="findParent" onclick="return findComment(8612050121);">종부세납부자</a>.
_SCRIPT_PARENT_LINK = "a[class*=parent i][onclick]"
_CALLED_NUMBER = re.compile(r"\(\s*['\"]?(\d{3,})['\"]?\s*\)")
PARENT_SELECTOR = ",".join(
    [*(f"[{name}]" for name in PARENT_ATTRIBUTES), PARENT_LINK, _RESPONSE_LINK, _SCRIPT_PARENT_LINK]
)

#: Attributes by which a reference can name a block.
_NAMING_ATTRIBUTES = (
    "id",
    "name",
    "thingid",
    "data-pid",
    "data-id",
    "data-post-id",
    "data-postid",
    "data-postingid",
    "data-comment-id",
    "data-commentid",
    "data-cid",
    "data-fullname",
)
#: "5022", "post-5022", "p5022": a post's number after a word (not "t1_abc", "2025-07-08").
_NUMBERED = re.compile(r"[A-Za-z_-]*(\d+)")


def parent_reference(block: LexborNode, block_keys: set[int]) -> str | None:
    """The value of the first parent attribute that ``block`` itself carries, or one of its
    elements does (not one inside another block nested in it)."""
    attrs = block.attributes
    for name in PARENT_ATTRIBUTES:
        value = attrs.get(name)
        if value and value.strip():
            return value.strip()
    key = block.mem_id
    for node in block.css(PARENT_SELECTOR):
        if in_nested_block(node, key, block_keys):
            continue
        node_attrs = node.attributes
        for name in PARENT_ATTRIBUTES:
            value = node_attrs.get(name)
            if value and value.strip():
                return value.strip()
        if node.tag == "a" and is_parent_link(node_attrs):
            fragment = (node_attrs.get("href") or "").partition("#")[2].strip()
            if fragment:
                return fragment
        elif node.tag == "a" and (called := _CALLED_NUMBER.search(node_attrs.get("onclick") or "")):
            return called.group(1)
        elif node.tag == "a" and (href := (node_attrs.get("href") or "").strip()):
            return href  # (in an "In response to" line)
    return _numbered_reply_list(block, block_keys) or _mention_link(block, block_keys)


def _mention_link(block: LexborNode, block_keys: set[int]) -> str | None:
    """The post an "@name" link leads to, by the fragment of its address: the comment
    answered (Weddingbee's ``<a href="…/#post-12473819"> @marchbride314:</a>`` opening a
    reply), rather than the name's latest comment."""
    key = block.mem_id
    for link in block.css('a[href*="#"]'):
        if node_text(link)[:1] == "@" and not in_nested_block(link, key, block_keys):
            fragment = (link.attributes.get("href") or "").partition("#")[2].strip()
            return fragment or None
    return None


#: The id of a list holding one post's replies, numbered by it: DCInside's
#: ``<ul class="reply_list" id="reply_list_27610012">``.
_REPLY_LIST_ID = re.compile(
    r"(?:reply|replies|child|children|sub)(?:[-_]?(?:list|box)[-_]|[-_]|thread)\d+$", re.I
)  # ("reply_list_27610012"; IntenseDebate's "IDCommentSubThread708338114")


def _numbered_reply_list(block: LexborNode, block_keys: set[int]) -> str | None:
    """The id of the list of replies ``block`` sits in, when it numbers the post answered."""
    node = block.parent
    for _ in range(3):
        if node is None or node.mem_id in block_keys:
            return None
        value = node.attributes.get("id") or ""
        if value and _REPLY_LIST_ID.search(value):
            return value
        node = node.parent
    return None


#: A link to the post a reply answers, at its head (Flarum's "PostMention"; detik's
#: ``<a class="komentar-iframe-min-mention" data-cmtid="78230187">@Rina Kusuma</a>``).
_MENTION_SELECTOR = (
    "a[class*=postmention i][data-id], a[class*=post-mention i][data-id], "
    "a[class*=mention i][data-cmtid], a[class*=mention i][data-comment-id]"
)
_MENTION_IDS = ("data-id", "data-cmtid", "data-comment-id")


def post_mention(block: LexborNode, block_keys: set[int]) -> tuple[str, str] | None:
    """The id a post-mention link in ``block`` names and the link's text ("kenji_t"): a reply
    starting with it answers that post."""
    key = block.mem_id
    for node in block.css(_MENTION_SELECTOR):
        if not in_nested_block(node, key, block_keys):
            attributes = node.attributes
            value = next((v.strip() for n in _MENTION_IDS if (v := attributes.get(n))), "")
            return (value, node.text(deep=True).strip()) if value else None
    return None


#: ">>12 the words", ">>12" alone ("＞＞12" full width).
_REPLY_NUMBER = re.compile(r"(?:>>|＞＞)\s?(\d{1,12})\b\s*(.*)", re.DOTALL)


#: Whom a Japanese reply addresses after the number: ">>21 元自動車部品工さん".
_ADDRESSEE = re.compile(r"\S{1,30}(?:さん|様|さま|氏|くん|君|ちゃん)")


#: More posts answered after the first: the ">>7" of ">>4 >>7 thanks".
_MORE_NUMBERS = re.compile(r"(?:(?:>>|＞＞)\s?\d{1,12}\b\s*)+")


def reply_number(text: str) -> tuple[str, str] | None:
    """``">>12 so true"`` → ``("12", "so true")``: the post answered (the first, when it names
    several) and the words left (none after the name of the one answered: ``">>21
    元自動車部品工さん"``)."""
    match = _REPLY_NUMBER.match(text)
    if match is None:
        return None
    rest = match.group(2)
    if rest[:1] in (">", "＞") and (more := _MORE_NUMBERS.match(rest)) is not None:
        rest = rest[more.end() :]
    return match.group(1), "" if _ADDRESSEE.fullmatch(rest) else rest


def take_reply_number(paras: list[Para]) -> str | None:
    """The number of the post a reply answers when its first paragraph starts ">>N", taken
    out of ``paras`` (the paragraph goes when nothing else is left of it)."""
    if not paras or not paras[0].text.startswith((">>", "＞＞")):
        return None
    reply = reply_number(paras[0].text)
    if reply is None:
        return None
    number, rest = reply
    if rest:
        paras[0] = Para(rest, paras[0].quote, paras[0].serial)
    else:
        del paras[0]
    return number


#: A reply's first line naming whom it answers: "> akane_kさん", "＞山田さん", ">> Bob".
_ADDRESS_LINE = re.compile(
    r"[>＞]{1,2}\s*(?P<name>[^\s>＞].{0,30}?)\s*(?:さん|様|さま|氏|くん|ちゃん)?\s*[:：]?"
)


def answer_addressed(comments: list[RawComment]) -> None:
    """Parents for replies whose first line names the commenter they answer ("> akane_kさん",
    Japanese blogs' convention), or that is their name alone: the latest earlier comment
    by that name; the line goes. A
    reply starting with an earlier commenter's name and a comma or colon ("brambleberry,
    honestly…", MetaFilter's flat threads) or "@name" answers their latest comment too; its
    words stay."""
    latest: dict[str, RawComment] = {}
    # (every commenter, for a line naming one as their byline showed them: on a page
    # listing the newest first, the comment answered comes after the reply)
    everyone = {comment.author: comment for comment in comments if comment.author}
    #: per comment replied to: the latest reply under it by each name
    repliers: dict[str, dict[str, RawComment]] = {}
    for comment in comments:
        paras = comment.paragraphs
        if (
            comment.parent is not None
            and len(paras) > 1
            and not paras[0].quote
            and (
                (named := latest.get(_name_alone(paras[0].text))) is not None
                or (named := _named_with_place(paras[0].text, everyone)) is not None
            )
            and comment.parent in (named.id, named.parent)
        ):
            # the name alone over the words, in a thread its rows' marks made: the reply it
            # names in that thread (Ruliweb's, its replies' rows classed "reply"; 4PDA's
            # "Veterok77," that its reply button writes)
            comment.parent = named.id
            del paras[0]
        elif comment.parent is None and paras and latest and not paras[0].quote:
            if len(paras) > 1 and (
                (named := latest.get(_name_alone(paras[0].text))) is not None
                or (named := _named_with_place(paras[0].text, everyone)) is not None
            ):
                # the name alone over the words (Ruliweb's <span class="p_nick">): no words
                comment.parent = named.id
                del paras[0]
                named = None
            else:
                named = _addressee(paras[0].text, latest)
            if named is not None and named is not comment:
                comment.parent = named.id
        elif comment.parent is not None and paras and not paras[0].quote:
            thread = repliers.setdefault(comment.parent, {})
            named = _fellow_replier(paras[0].text, thread) if thread else None
            if comment.author:
                thread[comment.author] = comment
            if named is not None and named is not comment:
                comment.parent = named.id
        # the first line, or the second under a short title ("Re: 車より米のほうが心配")
        line = (
            1 if len(paras) > 2 and len(paras[0].text) <= 40 and paras[1].text[:1] in ">＞" else 0
        )
        if comment.parent is None and len(paras) > line + 1 and paras[line].text[:1] in ">＞":
            match = _ADDRESS_LINE.fullmatch(paras[line].text)
            answered = (
                # (or a name that ends in an honorific itself: ">ひまわり母さん")
                latest.get(match.group("name")) or latest.get(paras[line].text.lstrip(">＞ "))
                if match is not None
                else None
            )
            if answered is not None and answered is not comment:
                comment.parent = answered.id
                del paras[line]
        if comment.author:
            latest[comment.author] = comment


#: A line naming the commenter a reply answers, in a comment's own paragraphs: "Risposta a:
#: elena.vc" (Corriere), "In reply to dan", "Antwort auf Jörg".
_ANSWERING = re.compile(
    r"(?:in\s+reply\s+to|replying\s+to|in\s+response\s+to|risposta\s+a|en\s+réponse\s+à"
    r"|antwort\s+auf|respuesta\s+a|em\s+resposta\s+a|resposta\s+a|ответ(?:\s+на)?"
    # (Czech, Slovak: "Reakce na Tomáš Kříž"; NewsPicks': "返信先:石田 梓さん", a name and
    # an honorific)
    r"|reakce\s+na|reakcia\s+na|odpověď\s+na|返信先\s*[:：])"
    r"\s*:?\s*@?(?P<name>\S.{0,40}?)(?:さん|様)?\s*:?",
    re.IGNORECASE,
)
#: The same with the name first: "@山口 真理子 への返信" (Japanese), "민수님에게 답글" (Korean).
_ANSWERING_AFTER = re.compile(
    r"@?(?P<name>\S.{0,40}?)\s*(?:さん)?\s*(?:への返信|님?에게 답글|님께 답글)"
)
_ANSWERING_ENDS = ("への返信", "에게 답글", "님께 답글")
_ANSWERING_STARTS = ("in ", "rep", "ris", "en ", "ant", "res", "em ", "отв", "返信先", "rea", "odp")


def answer_reply_lines(comments: list[RawComment]) -> None:
    """Parents for replies with a line naming the commenter answered ("Risposta a: elena.vc",
    "Reakce na Tomáš Kříž"), which is no words of theirs: that commenter's comment posted
    last before the reply (a newest-first thread shows it after the reply), or, without
    times, the nearest before it on the page, else after it; in a thread one level deep,
    also where the reply sits under the thread's first comment and answers a fellow reply."""
    by_author: dict[str, list[RawComment]] | None = None  # (made once a line is found)
    nested: dict[int, str | None] = {}  # (the parents as the nesting said, made then too)
    for comment in comments:
        for index, para in enumerate(comment.paragraphs):
            text = para.text
            if len(text) > 60 or para.quote:
                continue
            if text[:3].lower() in _ANSWERING_STARTS:
                match = _ANSWERING.fullmatch(text)
            elif text.endswith(_ANSWERING_ENDS):
                match = _ANSWERING_AFTER.fullmatch(text)
            else:
                continue
            if match is None:
                continue
            if by_author is None:
                by_author = {}
                nested = {id(other): other.parent for other in comments}
                for other in comments:
                    if other.author:
                        by_author.setdefault(other.author, []).append(other)
            named = by_author.get(match.group("name"))
            if named is None:
                continue
            answered = _answered(comment, [c for c in named if c is not comment])
            if comment.parent is None:
                comment.parent = answered.id if answered is not None else None
            elif answered is not None and nested.get(id(answered)) == nested.get(id(comment)):
                comment.parent = answered.id  # a fellow reply, in a thread one level deep
            del comment.paragraphs[index]
            break


#: Weibo's repost chain after a reply's words: "//@name：what they said//@other：…", the
#: comment answered first.
_REPOST_LINK = re.compile(r"//@(?P<name>[^：:/]{1,30})[：:](?P<said>.*?)(?=//@|$)", re.DOTALL)


def answer_repost_chains(comments: list[RawComment]) -> None:
    """Parents for replies that end in a repost chain ("…//@北京老王看世界：25%的关税…", Sina's
    and Weibo's comments): the latest comment before the reply by the first name, whose words
    the chain repeats; the chain is no words of the reply's."""
    for comment in comments:
        paras = comment.paragraphs
        index = 1
        while index < len(paras) and paras[index].text[:3] != "//@":
            index += 1
        if index >= len(paras):
            continue
        first = _REPOST_LINK.match(paras[index].text)
        del paras[index:]
        if first is None or comment.parent is not None:
            continue
        said = " ".join(first.group("said").split()).rstrip("…").rstrip(".")
        candidates = [
            other
            for other in comments
            if other is not comment
            and other.author == first.group("name").strip()
            and " ".join(" ".join(p.text for p in other.paragraphs).split()).startswith(said)
        ]
        answered = _answered(comment, candidates)
        comment.parent = answered.id if answered is not None else None


def _answered(reply: RawComment, candidates: list[RawComment]) -> RawComment | None:
    posted = reply.posted
    if posted is not None:
        before = [c for c in candidates if c.posted is not None and c.posted <= posted]
        if before:
            return max(before, key=lambda c: (c.posted, c.position))
    earlier = [c for c in candidates if c.position < reply.position]
    if earlier:
        return earlier[-1]
    return candidates[0] if candidates else None


_HONORED = re.compile(r"(\S{1,30}?)\s?(?:さん|様|さま|氏)")


#: "#176412305": a post named by its id in another's words (Ekşi Sözlük's "(bkz: #…)").
_HASH_ID = re.compile(r"(?<![\w&])#(\d{5,12})\b")


def answer_hash_references(comments: list[RawComment]) -> None:
    """Parents for posts that name an earlier post of the page by "#" and its id ("(bkz:
    #176412305)": see that entry); the reference stays in the words."""
    for index, comment in enumerate(comments):
        if comment.parent is not None:
            continue
        for para in comment.paragraphs:
            if "#" not in para.text:
                continue
            earlier = {other.id for other in comments[:index]}  # (rarely asked: made here)
            match = next((m for m in _HASH_ID.finditer(para.text) if m.group(1) in earlier), None)
            if match is not None:
                comment.parent = match.group(1)
                break


def _fellow_replier(text: str, thread: dict[str, RawComment]) -> RawComment | None:
    """The earlier reply in the same thread whose poster a reply starts by naming: "@name …"
    (YouTube, VnExpress: "@Lan Phương …"), or the name as Facebook's comment plugin tags it
    ("Chen Wei-ting Ongoing for three months…"): a thread one level deep answers its replies
    so."""
    mentioned = text[:1] == "@"
    body = text[1:] if mentioned else text
    named, longest = None, 0 if mentioned else 2  # (untagged, not a name like "A" or "Jo")
    for name, reply in thread.items():
        name = name.lstrip("@")  # (YouTube's names are their "@handle")
        if (
            len(name) > longest
            and body.startswith(name)
            and (
                body[len(name) : len(name) + 1] in (" ", ",", ":", "")
                # (a tag set apart by its element, the words glued on: "@경제노트일본이…")
                or (mentioned and body[len(name) : len(name) + 1] >= "\u1100")
            )
        ):
            named, longest = reply, len(name)
    return named


def _named_with_place(line: str, named_by: dict[str, RawComment]) -> RawComment | None:
    """The comment of the commenter a line names as their byline showed them, with where
    they write from: "Bohumil Weiss, Vítkov" over a reply (Novinky's)."""
    if len(line) > 60 or ", " not in line:
        return None
    name, _, place = line.partition(", ")
    named = named_by.get(name)
    return named if named is not None and place and len(place.split()) <= 3 else None


def _name_alone(line: str) -> str:
    """A line that may be a name alone, without the comma or colon addressing it ("Ann,")."""
    return line[:-1].rstrip() if line[-1:] in ",:：" else line


def _addressee(text: str, latest: dict[str, RawComment]) -> RawComment | None:
    """The comment of the earlier commenter a reply's first words name: "name, …",
    "name: …", "@name …"."""
    head = text[:64]
    if len(head) <= 32 and head[-1:] in "ん様氏":  # "ぶらり写真さん" alone on the first line
        honored = _HONORED.fullmatch(head)
        return latest.get(honored.group(1)) if honored is not None else None
    if head[:1] == "@":
        name = head[1:].split(None, 1)[0].rstrip(",:") if len(head) > 1 else ""
        return latest.get(name)
    for mark in (",", ":"):
        end = head.find(mark)
        if end > 0 and (named := latest.get(head[:end])) is not None:
            return named
    return None


class BlockNames:
    """Every value by which a reference may name one of a page's blocks."""

    def __init__(self, blocks: list[LexborNode], ids: list[str]) -> None:
        self._exact: dict[str, set[int]] = {}
        self._number: dict[str, set[int]] = {}
        for position, (node, comment_id) in enumerate(zip(blocks, ids, strict=True)):
            attrs = node.attributes
            values = {comment_id, *(attrs.get(name) or "" for name in _NAMING_ATTRIBUTES)}
            for value in values:
                value = value.strip().lstrip("#")
                if not value:
                    continue
                self._exact.setdefault(value, set()).add(position)
                number = _number(value)
                if number is not None:
                    self._number.setdefault(number, set()).add(position)

    def find(self, reference: str, asker: int) -> int | None:
        """The one other block ``reference`` names, or ``None``. A link's address names it by
        its fragment, else by the last long number of its path ("…/m-p/34519388#M1902065")."""
        reference = reference.strip()
        if "/" in reference:
            path, _, fragment = reference.partition("#")
            found = self.find(fragment, asker) if fragment else None
            if found is None:
                numbers = _PATH_NUMBER.findall(path.partition("?")[0])
                found = self.find(numbers[-1], asker) if numbers else None
            return found
        reference = reference.lstrip("#")
        named = self._exact.get(reference)
        if named is None:
            number = _number(reference)
            named = self._number.get(number) if number is not None else None
        if not named or len(named) != 1:
            return None
        (position,) = named
        return position if position != asker else None


_PATH_NUMBER = re.compile(r"\d{4,}")


def _number(value: str) -> str | None:
    match = _NUMBERED.fullmatch(value)
    return match.group(1) if match is not None else None
