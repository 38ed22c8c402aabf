"""Comment threads out of an HTML tree, in three ways, most explicit first:

1. configured CSS selectors (``[sources.selectors]``), which override the guesses;
2. schema.org ``Comment`` (or ``Answer``) microdata (``itemprop=author/text/upvoteCount/
   downvoteCount``);
3. the structural finder: vote elements → repeated blocks (see :mod:`bot.extract.blocks`).

Each gives :class:`RawComment` values: paragraphs still carry their quote marks, and the reply
logic in :mod:`bot.extract.quotes` turns them into :class:`bot.models.Comment`. In a long thread
found by structure, most blocks are read by replaying the walk of an alike block
(:mod:`bot.extract.template`), which gives exactly what walking them would.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from selectolax.lexbor import SelectolaxError

from bot.extract import depth, template
from bot.extract.blocks import CommentBlock, find_comment_blocks, link_nesting, vote_widget
from bot.extract.dom import (
    ChromeCheck,
    collapse,
    first_class,
    in_nested_block,
    in_page_order,
    is_content,
    is_hidden,
    node_text,
    post_uid,
    select,
    within,
)
from bot.extract.header import settle_header
from bot.extract.replyto import (
    BlockNames,
    answer_addressed,
    answer_hash_references,
    answer_reply_lines,
    answer_repost_chains,
    parent_reference,
    post_mention,
    take_reply_number,
)
from bot.extract.template import TemplateReader
from bot.extract.times import A_DIGIT
from bot.extract.voteless import (
    CountLabel,
    find_voteless_blocks,
    is_comment,
    voteless_under_items,
)
from bot.extract.votes import (
    TextScan,
    Votes,
    VoteSite,
    find_vote_sites,
    read_net_score,
    read_votes,
    shows_no_count,
)
from bot.extract.walk import (
    Clock,
    Para,
    is_profile_link,
    name_within,
    time_within,
    walk_block,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from config.settings import Selectors

log = logging.getLogger(__name__)

#: The schema.org types read as one comment each: a ``Comment`` and its ``Answer`` subtype.
_THREAD_ITEMS = ("/comment", "/answer")
#: A post of a discussion, as schema.org types it.
_POSTING = "/discussionforumposting"


def _side_by_side(postings: list[LexborNode]) -> bool:
    """Whether two or more postings are siblings, none inside another."""
    return len(postings) >= 2 and all(
        node.parent is not None
        and postings[0].parent is not None
        and node.parent.mem_id == postings[0].parent.mem_id
        for node in postings
    )


_ID_ATTRIBUTES = (
    "id",
    "data-comment-id",
    "data-commentid",
    "data-post-id",
    "data-pid",  # NodeBB's <li component="post" data-index="0" data-pid="73812">
    "data-postingid",  # derStandard's <dst-posting data-postingid="MrSBw94R…">
    "data-id",
    "data-cid",
    *("data-cmt-id", "data-cmt-seq", "data-comment-seq"),  # (JoongAng's <li data-cmt-seq=…>)
    "data-content-uuid",  # Viafoura's <article class="vf3-comment" data-content-uuid=…>
    "data-message-id",  # OpenWeb's message view
    "data-uuid",
    "thingid",  # new Reddit's <shreddit-comment thingid="t1_…">
    "itemid",
    "comment_id",  # Cracked's <li class="Comment" comment_id="833147">
)


class SelectorError(ValueError):
    """A configured CSS selector that selectolax cannot parse."""

    def __init__(self, name: str, selector: str) -> None:
        self.name, self.selector = name, selector
        super().__init__(f"the configured selector {name} = {selector!r} is not valid CSS")


@dataclass(slots=True)
class RawComment:
    """A comment as found on the page, before quotes are told apart from own words."""

    id: str
    author: str
    posted: datetime | None
    votes: Votes | None
    paragraphs: list[Para]
    parent: str | None = None
    position: int = 0


_EARLIEST = datetime.min.replace(tzinfo=UTC)
#: Below this many blocks from votes, the blocks of a thread without votes are looked for too.
_FEW_VOTE_BLOCKS = 5


def _css(node: LexborNode, name: str, selector: str) -> list[LexborNode]:
    try:
        return list(node.css(selector))
    except SelectolaxError as exc:
        raise SelectorError(name, selector) from exc


def _css_first(node: LexborNode, name: str, selector: str) -> LexborNode | None:
    try:
        return node.css_first(selector)
    except SelectolaxError as exc:
        raise SelectorError(name, selector) from exc


def block_id(node: LexborNode) -> str | None:
    """The id the page gives a comment: an attribute, an anchor just before it or inside it."""
    attrs = node.attributes
    for name in _ID_ATTRIBUTES:
        value = attrs.get(name)
        if value and value.strip():
            if (
                name == "id"
                and not value[-4:].isdigit()  # (the cheapest test first: ids are many)
                and (head := value.rstrip("0123456789"))[-1:] in ("_", "-")
                and head[-2:-1] in _POSITIONAL_LAST
                and _positional(value)
            ):
                # "lineardisplaymessageviewwrapper_3" counts the page's posts, again on its
                # next page: the message's own uid inside wins (Khoros)
                return _inner_uid(node) or value.strip()
            return _own_id(node, name, value)
    css_class = attrs.get("class") or ""
    if "t1_" in css_class and (fullname := _REDDIT_FULLNAME.search(css_class)) is not None:
        return fullname.group(1)  # Reddit's of 2019: <div class="Comment t1_ehq47gs top-level">
    named = (attrs.get("name") or "").strip()  # Zhihu's <div class="AnswerItem" name="19258…">
    if named.isdigit():
        return named
    react = attrs.get("data-reactid") or ""  # React 15's key: ".0.2.1.$comment1093….$1093452876"
    key = react.rpartition("$")[2] if "$" in react else ""
    if any(ch.isdigit() for ch in key):
        return key
    # <div class="topic-post"><article id="post_2">; menéame's <div class="threader"><div
    # class="expandable-mark"></div><div id="c-1" class="comment">: the first element, or the
    # one after an empty one
    wrapped = _first_element(node)
    if wrapped is not None and wrapped.child is None:
        if (anchored := _named_anchor(wrapped)) is not None:
            return anchored
        wrapped = _first_element_after(wrapped)
    if wrapped is not None and wrapped.tag in ("article", "div", "section"):
        for name in _ID_ATTRIBUTES[:-1]:
            value = wrapped.attributes.get(name)
            if value and any(ch.isdigit() for ch in value):
                return _own_id(wrapped, name, value)
    previous = node.prev
    for _ in range(3):
        if previous is None:
            break
        if previous.is_text_node and not (previous.text_content or "").strip():
            previous = previous.prev
            continue
        if previous.tag == "a":
            prev_attrs = previous.attributes
            value = prev_attrs.get("name") or prev_attrs.get("id")
            if value and value.strip() and not previous.text(deep=True).strip():
                return value.strip()
        break
    wrapper = node.parent  # <div class="PostStream-item" data-id="48211"><article class="Post">
    if wrapper is not None and _wraps_alone(wrapper, node):
        for name in _ID_ATTRIBUTES[:-1]:
            value = wrapper.attributes.get(name)
            # (not a list of replies holding one: Le Figaro's "comment-list-<parent's id>",
            # Cracked's "comment_children_<parent's id>")
            if (
                value
                and any(ch.isdigit() for ch in value)
                and "list" not in (lowered := value.lower())
                and "children" not in lowered
            ):
                return value.strip()
    inner = node.css_first(_INNER_ID)  # GitHub: <div id="issuecomment-2706512340"> inside
    if inner is not None and inner.mem_id != node.mem_id:
        value = (inner.attributes.get("id") or "").strip()
        if any(ch.isdigit() for ch in value):
            return value
    heading = node.css_first(_NUMBERED_HEADING)  # Golem.de: <h4 class="head2" id="msg-6912345">
    if heading is not None:
        return (heading.attributes.get("id") or "").strip()
    marked = node.css_first("[data-message-id]")  # OpenWeb: <div … data-message-id="sp_…">
    if marked is not None and not _inside_alike(marked, node):
        value = (marked.attributes.get("data-message-id") or "").strip()
        if value:
            return value
    anchor = node.css_first("a[name], a[id]")
    if anchor is not None:
        value = anchor.attributes.get("name") or anchor.attributes.get("id")
        # (not the poster's link: YouTube's <a id="author-text">, Pantip's <a id="5523871"
        # href="…/profile/5523871">)
        if value and value.strip() and not _names_the_poster(anchor, value):
            return value.strip()
    for link in node.css('a[href*="#"]'):
        href = link.attributes.get("href") or ""
        fragment = href.rsplit("#", 1)[1].strip()
        if "comment" in href.lower() and any(ch.isdigit() for ch in fragment):
            return fragment
    for element in node.traverse():  # FAZ.NET: <ul class="…CommentFunctions" data-content-id=…>
        found = post_uid(element.attributes) if element.attributes else None
        if (
            found is not None
            and not any(word in found[0] for word in ("user", "author", "member", "profile"))
            and not _inside_alike(element, node)
        ):
            return found[1]
    return None


def _named_anchor(empty: LexborNode) -> str | None:
    """The id of an empty element that is the comment's anchor, named as links reach it
    (LearnKu's ``<div class="comment"><div id="reply293339" name="reply293339"></div>``);
    not an empty marker that names nothing (menéame's ``<div class="expandable-mark">``)."""
    attrs = empty.attributes
    value = (attrs.get("id") or "").strip()
    if value and attrs.get("name") is not None and A_DIGIT.search(value) is not None:
        return value
    return None


#: The element holding a forum post's words, by the ids and classes forum software gives it.
_MESSAGE = '[id^="post_message_"], blockquote.messageText'
#: A Reddit comment's full name among its element's classes ("t1_" and its number in base 36).
_REDDIT_FULLNAME = re.compile(r"(?:^|\s)(t1_[0-9a-z]{4,})(?:\s|$)")


def _opening_post(first: LexborNode) -> LexborNode | None:
    """The thread's opening post before its first comment item, alike to the comments but
    typed otherwise (vBulletin 5's ``<li class="b-post …" itemtype="…/CreativeWork">``
    before its ``…/Comment`` replies), or untyped and numbered as they are (Discourse's
    ``<div id="post_1" class="topic-body crawler-post">`` before ``id="post_2"``): a post of
    the thread too."""
    kind = (first.tag, first_class(first.attributes))
    numbered = _NUMBERED_ID.fullmatch(first.attributes.get("id") or "")
    sibling = first.prev
    for _ in range(8):
        if sibling is None:
            return None
        if sibling.tag is not None and sibling.tag[0] != "-":
            attrs = sibling.attributes
            if (sibling.tag, first_class(attrs)) == kind and (
                "itemtype" in attrs
                or (
                    numbered is not None
                    and (own := _NUMBERED_ID.fullmatch(attrs.get("id") or "")) is not None
                    and own.group(1) == numbered.group(1)
                )
            ):
                return sibling
            return None
        sibling = sibling.prev
    return None


#: An id numbering one post: its word, then the number ("post_1614148").
_NUMBERED_ID = re.compile(r"([A-Za-z][\w-]*?[_-])\d+")


def _numbered_opener(
    root: LexborNode, blocks: list[CommentBlock], clock: Clock
) -> tuple[LexborNode, LexborNode] | None:
    """The thread's opening post above the list of its replies, numbered as they are but
    outside their list (Bangumi's ``<div id="post_1614051" class="postTopic">`` over
    ``<div id="comment_list">`` of ``<div id="post_1614148" class="row_reply">``): the
    nearest element before the first reply, of its tag and id word, that is a comment; with
    the element holding the replies."""
    first = blocks[0].node
    numbered = _NUMBERED_ID.fullmatch(first.attributes.get("id") or "")
    if numbered is None:
        return None
    found = None
    for node in select(root, f'{first.tag}[id^="{numbered.group(1)}"]'):
        if node.mem_id == first.mem_id:
            break
        if _NUMBERED_ID.fullmatch(node.attributes.get("id") or "") is not None:
            found = node
    if found is None:
        return None
    replies = first.parent
    last = blocks[-1].node
    while replies is not None and not within(last, replies.mem_id):
        replies = replies.parent
    if replies is None or within(found, replies.mem_id) or not is_comment(found, clock):
        return None
    return found, replies


def _says_replies(node: LexborNode) -> bool:
    """Whether an element's id or class says it holds replies ("replys", "replies")."""
    attrs = node.attributes
    return "repl" in f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower()


def _names_the_poster(anchor: LexborNode, value: str) -> bool:
    """Whether an anchor's id is its poster link's, not the comment's: a profile link, or a
    name with no digit that shows text."""
    href = anchor.attributes.get("href")
    if href and is_profile_link(href):
        return True
    return A_DIGIT.search(value) is None and bool(anchor.text(deep=True).strip())


#: What a wrapper's id ending in a short count names: a position on the page, not the post's
#: number ("lineardisplaymessageviewwrapper_3"; not Discourse's "post_3", the post's number).
_POSITIONAL_WORDS = ("wrapper", "wrap", "view", "item", "row", "container", "box")
#: Their last letters.
_POSITIONAL_LAST = frozenset("rpwmxRPWMX")


def _positional(value: str) -> bool:
    value = value.rstrip()
    head = value.rstrip("0123456789")
    return (
        head[-1:] in ("_", "-")
        and 0 < len(value) - len(head) <= 3
        and head[:-1].lower().endswith(_POSITIONAL_WORDS)
    )


def _inner_uid(node: LexborNode) -> str | None:
    """A post's number in a data attribute, on ``node`` or its first element (Khoros's
    ``data-lia-message-uid="34519210"``)."""
    for element in (node, _first_element(node)):
        if element is not None and (found := post_uid(element.attributes)) is not None:
            return found[1]
    return None


#: The id a comment's permalink ends with: "/news/14412345/comment/31870021/" (NewsPicks),
#: "/p/8d2e41c7a9b0?source=post_responses" (Medium), "/@tomo/114817150943289481" (Mastodon).
_PERMALINK_ID = re.compile(r"[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*")
#: The same in a query, where a dot may join a reply's id to its thread's (YouTube's
#: "lc=UgwH3k….AKb2Pq…").
_QUERY_ID = re.compile(r"[A-Za-z0-9_.-]*\d[A-Za-z0-9_.-]*")
#: A day's list, not a comment: Hatena's "/komenotaro/20250708#bookmark-…".
_DAY = re.compile(r"(?:19|20)\d\d-?[01]\d-?[0-3]\d")

_A_DAY_AND_A_HALF = timedelta(hours=36)
#: An element giving a time exactly: ``<time>``, Facebook's ``<abbr data-utime=…>17h``.
_EXACT_TIME = "time, [data-utime]"


def _permalink_id(node: LexborNode, clock: Clock) -> str | None:
    """The id in the link its time is shown in (the comment's permalink), when the block has
    none of its own: steadier than a hash of its words, which an edit changes. A query's
    ``…id`` (Quora's ``comment_id=``, Hacker News' ``item?id=``) or YouTube's ``lc``, else the
    path's last part."""
    for link in node.css("a[href]"):
        text = link.text(deep=True).strip()
        if link.css_first(_EXACT_TIME) is None and not (
            0 < len(text) <= 30 and clock.text(text) is not None
        ):
            continue
        path, _, query = (link.attributes.get("href") or "").partition("#")[0].partition("?")
        for name, _, value in (part.partition("=") for part in query.split("&")):
            # (YouTube's "lc": the linked comment, "watch?v=…&lc=Ugw…")
            if (name.lower().endswith("id") or name == "lc") and _QUERY_ID.fullmatch(value):
                return value
        last = path.rstrip("/").rpartition("/")[2]
        if 3 <= len(last) <= 80 and _PERMALINK_ID.fullmatch(last) and not _DAY.fullmatch(last):
            return last
        return None  # the comment's time links elsewhere
    return None


#: "marta_v, ollie and sam_r like this.", "kenji_t likes this.", "ollie replied to this."
#: (Flarum): who reacted, under the post; not its words.
_REACTION_LINE = re.compile(
    r"(?P<names>\S.{0,300}?)\s+(?:(?P<like>likes?)|replied\s+to|reacted\s+to)\s+this\.?"
)
_OTHERS = re.compile(r"(?P<count>\d{1,6})\s+others?")
_THANKED_LINE = re.compile(
    r"the following users?(?:\(s\))? (?:said thank you|thanked [^:]{1,60}?)\s*:"
    r"(?P<names>.{0,600}?)(?:\s+and\s+(?P<others>\d{1,6})\s+other people also said thanks)?\.?",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    [
        "nobody",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "no",
        "one",
        "who",
        "which",
        "that",
        "this",
        "he",
        "she",
        "they",
        "it",
        "we",
        "you",
        "i",
        "people",
    ]
)


def _without_reaction_lines(paras: list[Para]) -> int:
    """Drop the lines at the end of ``paras`` that say who liked or answered the post; the
    number of likers they name (0 when none)."""
    likers = 0
    thanked = (
        _THANKED_LINE.fullmatch(paras[-1].text)
        if len(paras) > 1 and paras[-1].text.startswith(("The following", "the following"))
        else None
    )
    if thanked is not None and not paras[-1].quote:
        # Kunena's "The following user(s) said Thank You: A, B and 4 other people also said
        # thanks."
        names = [name for name in re.split(r",\s*", thanked.group("names") or "") if name.strip()]
        del paras[-1]
        return len(names) + int(thanked.group("others") or 0)
    while paras and paras[-1].text.endswith(" this.") and len(paras) > 1:
        match = _REACTION_LINE.fullmatch(paras[-1].text)
        if match is None or paras[-1].quote:
            break
        names = re.split(r",\s*|\s+and\s+", match.group("names"))
        others = _OTHERS.fullmatch(names[-1])
        if others:
            names.pop()
        if not all(len(name.split()) == 1 and name.lower() not in _NOT_NAMES for name in names):
            break  # a sentence of the comment's own ("Those who like this.", "Nobody likes this.")
        del paras[-1]
        if match.group("like"):
            likers = len(names) + (int(others.group("count")) if others else 0)
    return likers


#: A post's heading numbered by its id.
_NUMBERED_HEADING = ", ".join(
    f"{tag}[id^={prefix} i]" for tag in ("h2", "h3", "h4", "h5") for prefix in ("msg", "post")
)
_ID_WORDS = ("comment", "post", "cmt")  # ("small_cmt_21783456" on Bobaedream's words)
#: An element inside a comment block whose id names the comment (or its number: Pantip's
#: ``<span class="display-post-number" id="comment1-2">``).
_INNER_ID = ", ".join(
    [
        *(
            f"{tag}[id*={word} i]"
            for tag in ("div", "article", "section", "dd")
            for word in _ID_WORDS
        ),
        "span[id^=comment i]",
    ]
)


def _inside_alike(inner: LexborNode, block: LexborNode) -> bool:
    """Whether ``inner`` sits in an element alike to ``block`` inside it (a nested reply's)."""
    kind = (block.tag, block.attributes.get("class"))
    element = inner.parent
    while element is not None and element.mem_id != block.mem_id:
        if (element.tag, element.attributes.get("class")) == kind:
            return True
        element = element.parent
    return False


def _own_id(node: LexborNode, name: str, value: str) -> str:
    """``value``, ``node``'s ``name`` attribute, unless it is the id of a list holding one
    reply, named for the comment it answers (Coral's "coral-comments-replyList-log--<parent's
    id>"): then the reply's own id inside, the first numbered one."""
    if name == "id" and "list" in value.lower():
        for inner in node.css("[id]"):
            inner_id = (inner.attributes.get("id") or "").strip()
            if inner.mem_id != node.mem_id and any(ch.isdigit() for ch in inner_id):
                return inner_id
    return value.strip()


def _wraps_alone(wrapper: LexborNode, node: LexborNode) -> bool:
    """Whether ``node`` is the only element of its tag among ``wrapper``'s children, but for
    the list of its replies and a label (Viafoura's ``div.vf3-comment__replies`` and
    "Destacado" label beside the comment's ``div.vf3-comment__container`` in its ``<article
    id="vf-comment-…">``)."""
    tag, key = node.tag, node.mem_id
    return not any(
        child.tag == tag
        and child.mem_id != key
        and not _lists_replies(child)
        and not 0 < len(child.text(deep=True).strip()) <= 40
        for child in wrapper.iter()
    )


def _lists_replies(node: LexborNode) -> bool:
    attrs = node.attributes
    marks = f"{attrs.get('class') or ''} {attrs.get('data-testid') or ''}".lower()
    return "repl" in marks or "children" in marks  # (t-online's data-testid="Comments.Replies")


def _first_element(node: LexborNode) -> LexborNode | None:
    return _element_from(node.child)


def _first_element_after(node: LexborNode) -> LexborNode | None:
    return _element_from(node.next)


def _element_from(child: LexborNode | None) -> LexborNode | None:
    while child is not None and not (child.tag or "-")[0].isalpha():
        child = child.next
    return child


def stable_id(author: str, posted: datetime | None, paras: list[Para]) -> str:
    """An id for a comment the page gives none: the same comment hashes the same every fetch."""
    text = "\n".join(para.text for para in paras)
    stamp = posted.isoformat() if posted is not None else ""
    digest = hashlib.sha1(f"{author}\x1f{stamp}\x1f{text}".encode(), usedforsecurity=False)
    return "h" + digest.hexdigest()[:16]


class CommentReader:
    """Reads every comment block of one page."""

    def __init__(
        self,
        *,
        now: datetime,
        tz: str,
        selectors: Selectors | None = None,
        templates: bool = True,
        year_before: datetime | None = None,
    ) -> None:
        self.clock = Clock(now, tz, year_before)
        self.selectors = selectors
        self.chrome = ChromeCheck()
        #: ``mem_id`` of every comment block found by :meth:`read`.
        self.block_keys: set[int] = set()
        #: The first comment block in page order, if any.
        self.first_block: LexborNode | None = None
        #: The permalink id each comment of the page took (by ``id()`` of its RawComment).
        self.permalinks: dict[int, str] = {}
        #: The kind of element holding the like count each comment showed (by ``id()`` of its
        #: RawComment; see :class:`bot.extract.votes.NetScore`).
        self.count_holders: dict[int, tuple[str, str]] = {}
        #: Replays the walk of blocks alike (see :mod:`bot.extract.template`); ``None``: walk all.
        self.templates = TemplateReader(self.clock) if templates else None

    def read(
        self,
        root: LexborNode,
        scan: TextScan | None = None,
        labels: list[CountLabel] | None = None,
        *,
        itemtypes: list[LexborNode] | None = None,
        numbered_posts: bool = True,
    ) -> list[RawComment]:
        """Every comment under ``root`` in page order (``scan``: a text scan of ``root``;
        ``labels``: its headings announcing a thread, found if not given; ``itemtypes``: the
        elements with an ``itemtype`` in page order, of the whole document or of ``root``).

        A page whose comments show no votes is read by :mod:`bot.extract.voteless`; with
        ``numbered_posts``, also where only their numbered ids tell the posts."""
        selectors = self.selectors
        if selectors is not None and selectors.comment:
            nodes = _css(root, "comment", selectors.comment)
            blocks = [CommentBlock(node, None) for node in nodes]
            link_nesting(blocks)
            return self._read_blocks(blocks)
        microdata: list[LexborNode] = []
        questions: list[LexborNode] = []
        postings: list[LexborNode] = []
        for node in root.css("[itemtype]") if itemtypes is None else itemtypes:
            kind = (node.attributes.get("itemtype") or "").rstrip("/ ").lower()
            if kind.endswith(_THREAD_ITEMS) and (itemtypes is None or within(node, root.mem_id)):
                microdata.append(node)
            elif kind.endswith("/question") and (itemtypes is None or within(node, root.mem_id)):
                questions.append(node)
            elif kind.endswith(_POSTING) and (itemtypes is None or within(node, root.mem_id)):
                postings.append(node)
        if not microdata and _side_by_side(postings):
            # a forum's posts each typed as a posting of the discussion (Discourse's crawler
            # view: <div itemscope itemtype="…/DiscussionForumPosting" class="topic-body
            # crawler-post">), not one posting holding the thread
            microdata = postings
        if microdata and (opener := _opening_post(microdata[0])) is not None:
            microdata.insert(0, opener)
        if microdata:
            inner = voteless_under_items(
                microdata, clock=self.clock, chrome=self.chrome, questions=questions
            )
            nodes = in_page_order([*microdata, *inner]) if inner else microdata
            blocks = [CommentBlock(node, None) for node in nodes]
            link_nesting(blocks)
            return self._read_blocks(blocks, microdata={node.mem_id for node in microdata})
        if selectors is not None and selectors.votes:
            sites = [
                VoteSite(node, votes)
                for node in _css(root, "votes", selectors.votes)
                if (votes := read_votes(node)) is not None
            ]
        else:
            sites = find_vote_sites(root, scan)
        blocks = find_comment_blocks(sites, chrome=self.chrome, clock=self.clock)
        # none, one "vote" that is no comment's (a sidebar calendar), or a few numbers around
        # the thread read as votes ("Showing 1 - 12 of 12 comments" over and under it): the
        # thread's blocks without votes, if there are more of those
        if len(blocks) < _FEW_VOTE_BLOCKS:
            voteless = find_voteless_blocks(
                root,
                clock=self.clock,
                chrome=self.chrome,
                labels=labels,
                numbered_posts=numbered_posts,
            )
            if len(voteless) > len(blocks):
                blocks = voteless
                found = _numbered_opener(root, blocks, self.clock)
                if found is not None:
                    opener, replies = found
                    if _says_replies(replies):  # (heise's <ul id="replys">: the opener's)
                        for block in blocks:
                            if block.parent_key is None:
                                block.parent_key = opener.mem_id
                    blocks.insert(0, CommentBlock(opener, None))
        return self._read_blocks(blocks)

    def _read_blocks(
        self, blocks: list[CommentBlock], *, microdata: frozenset[int] | set[int] = frozenset()
    ) -> list[RawComment]:
        """Read ``blocks`` (``microdata``: the keys of those that are structured-data items,
        read from their properties; the others are walked)."""
        # the first block, of a kind no other is: perhaps the story's own votes (asked of it
        # alone: the story comes before its comments)
        odd_first = blocks[0].key if len(blocks) > 2 and _unlike_the_rest(blocks) else None
        if odd_first is not None and blocks[0].node.css_first(_STORY) is not None:
            # a board's post, its votes like its comments', holds the story itself (Ruliweb's
            # "board_main" around its itemprop=articleBody): no comment
            blocks, odd_first = blocks[1:], None
        block_keys = {block.key for block in blocks}
        self.block_keys = block_keys
        self.first_block = blocks[0].node if blocks else None
        replayable = set() if microdata else self._replayable(blocks)
        skip = set(block_keys)
        for block in blocks:
            if block.site is not None and block.key not in replayable:
                skip.add(vote_widget(block.site.element, block.key).mem_id)
        ids: dict[int, str] = {}
        seen: set[str] = set()
        copies: dict[str, RawComment] = {}  # by the number in their ids
        comments: list[RawComment] = []
        read: list[CommentBlock] = []  # the block of each comment (a copy shown twice is none)
        references: dict[int, str] = {}
        templates = self.templates
        holders = {block.parent_key for block in blocks}
        for block in blocks:
            comment = (
                self._read_microdata(block, skip)
                if block.key in microdata
                else self._read_block(block, skip, replayable=block.key in replayable)
            )
            if block.key in holders and not (
                comment.author or comment.posted or comment.paragraphs
            ):
                continue  # the thread's own votes, over its posts (LIHKG's): no comment
            if (
                block.key == odd_first
                and not comment.author
                and comment.posted is None
                and block.parent_key is None
            ):
                continue  # the story's own votes, showing no name or time ("이 기사 어떠셨나요?")
            # a replayed block's template says whether blocks of its shape carry a reference;
            # one names the very post answered, where nesting may give only the thread's first
            # (ZEIT ONLINE nests a reply to a reply under the thread's first comment)
            if templates is None or not templates.replayed_plain or block.key not in replayable:
                reference = parent_reference(block.node, block_keys)
                if reference is not None:
                    references[len(comments)] = reference
                elif (mention := post_mention(block.node, block_keys)) is not None:
                    # (nested too: a one-level thread's reply to a fellow reply names it)
                    _reply_to_mention(comment, mention, references, len(comments))
            paras = comment.paragraphs
            if paras and paras[0].text[:1] in ">＞":  # 5ch's and imageboards' ">>12"
                number = take_reply_number(paras)
                if number is not None and block.parent_key is None:  # (else its nest is)
                    references.setdefault(len(comments), number)
            if comment.id in seen or (comment.id[-1:] == "_" and comment.id.rstrip("_") in seen):
                # shown twice ("popular" and "newest"; FM Korea's best comments above the
                # thread, their ids "comment_8612052288_")
                key = comment.id.rstrip("_")
                shown = next(c for c in comments if c.id == comment.id or c.id.rstrip("_") == key)
                if _same_comment(shown, comment):
                    if shown.id != comment.id and comment.id == key:
                        _rename(shown, key, ids, comments)  # (the thread's own id, not the copy's)
                    ids[block.key] = shown.id
                    references.pop(len(comments), None)
                    continue
                suffix = 2
                while f"{comment.id}-{suffix}" in seen:
                    suffix += 1
                comment.id = f"{comment.id}-{suffix}"
            id_number = _id_number(comment.id)
            shown_as = copies.get(id_number) if id_number else None
            if shown_as is not None and _same_comment(shown_as, comment):
                # shown twice under ids alike but for their prefix: Nate's best comments,
                # "cmt_best_2183740011" over the thread, where it is "cmt_item_2183740011"
                ids[block.key] = shown_as.id
                references.pop(len(comments), None)
                continue
            if id_number:
                copies.setdefault(id_number, comment)
            seen.add(comment.id)
            if comment.id[-1:] == "_":
                seen.add(comment.id.rstrip("_"))
            ids[block.key] = comment.id
            comment.parent = ids.get(block.parent_key) if block.parent_key is not None else None
            comment.position = len(comments)
            comments.append(comment)
            read.append(block)
        if self.count_holders:
            _none_liked(read, comments, skip, self.count_holders)
        if len(comments) >= 3 and _COUNTING_ID.fullmatch(comments[0].id):
            _own_numbers_for_counted_ids(read, comments, ids)
        if references:
            _follow_references(references, read, comments)
        if len(read) > 1 and all(c.parent is None for c in comments):
            _thread_by_reply_list_ids(read, comments)
        if len(read) > 1 and all(c.parent is None for c in comments):
            _thread_by_depth(read, comments)
        _without_shared_honorific(comments)
        answer_reply_lines(comments)
        answer_repost_chains(comments)
        answer_addressed(comments)
        answer_hash_references(comments)
        if self.permalinks:
            _without_shared_permalinks(comments, self.permalinks)
        if any(c.posted is None for c in comments) and any(c.posted for c in comments):
            comments = _without_quoted_copies(comments)
        return comments

    def _replayable(self, blocks: list[CommentBlock]) -> set[int]:
        """The blocks a template may read: leaves holding their own vote element and no other
        block's (so that the only element their walk skips is their own vote widget)."""
        reader = self.templates
        if reader is None or (self.selectors is not None and self.selectors.text):
            return set()
        parents = {block.parent_key for block in blocks if block.parent_key is not None}
        block_keys = self.block_keys
        holding_others: set[int] = set()
        for block in blocks:
            if block.key not in parents or block.site is None:
                continue
            node: LexborNode | None = block.site.element
            for _ in range(64):
                if node is None or node.mem_id == block.key:
                    break
                if node.mem_id in block_keys:
                    holding_others.add(node.mem_id)
                node = node.parent
        replayable = {
            block.key
            for block in blocks
            if block.site is not None
            and block.key not in parents
            and block.key not in holding_others
            and block.site.element.mem_id != block.key
        }
        reader.learning = len(replayable) >= template.MIN_BLOCKS
        return replayable

    def _read_block(
        self, block: CommentBlock, skip: set[int], *, replayable: bool = False
    ) -> RawComment:
        selectors = self.selectors
        node = block.node
        if replayable and self.templates is not None:
            walk = self.templates.walk(block, skip)
        else:
            walk = walk_block(node, skip=skip, clock=self.clock)
        author, posted, paras = settle_header(walk, self.clock)
        if (node.attributes.get("id") or "").startswith("post") and (
            message := node.css_first(_MESSAGE)
        ) is not None:
            # a forum's post: its words are its message element's (vBulletin's
            # "post_message_N", XenForo 1's "messageText"), not the poster's column (title,
            # "Join Date: May 2015", "Location: …"), the signature or "Last edited by …"
            paras = [
                para
                for para in walk_block(message, skip=skip, clock=self.clock).paras
                if is_content(para.text)
            ]
        if posted is None:
            # the time in a bar the walk skipped: among the vote buttons (Ruliweb's
            # "control_box": the time, 추천 and 비추천 with their counts, 답글, 신고)
            posted = time_within(node, self.block_keys, self.clock)
        if " " in author and (label := node.attributes.get("aria-label")):
            author = _name_in_label(author, label)
        if paras and "… " in paras[0].text:
            paras[0] = _without_preview(paras[0])  # (asked of the first line: cuts come first)
        if paras and paras[-1].text.endswith(_ELLIPSES):
            paras = _with_full_copy(node, skip, paras, self.clock)
        else:
            for para in paras[:-1]:
                if para.text.endswith(_ELLIPSES):
                    paras = _without_cut_copies(paras)
                    break
        votes = block.site.votes if block.site is not None else None
        likers = _without_reaction_lines(paras)
        if likers and votes is None:
            votes = Votes(likers, likers, None)
        if selectors is not None:
            if selectors.author and (found := _css_first(node, "author", selectors.author)):
                author = node_text(found)
            if selectors.posted and (found := _css_first(node, "posted", selectors.posted)):
                posted = self.clock.element(found, found.attributes)
            if selectors.votes and block.site is None:
                found = _css_first(node, "votes", selectors.votes)
                votes = read_votes(found) if found is not None else None
            elif votes is None:
                sites = find_vote_sites(node)
                votes = sites[0].votes if sites else None
            if selectors.text:
                paras = []
                for text_node in _css(node, "text", selectors.text):
                    inner = walk_block(text_node, skip=skip, clock=self.clock, find_meta=False)
                    paras.extend(para for para in inner.paras if is_content(para.text))
        holder = None
        if votes is None and block.site is None and not (selectors and selectors.votes):
            shown = read_net_score(node, skip, "\n".join(para.text for para in paras))
            if shown is not None:
                votes, holder = shown.votes, shown.holder
        comment_id = block_id(node)
        # an id with no digit names a part, on every comment alike (YouTube's id="comment"),
        # where the time's permalink names the comment
        permalink = (
            _permalink_id(node, self.clock)
            if not comment_id or A_DIGIT.search(comment_id) is None
            else None
        )
        comment = RawComment(
            permalink or comment_id or stable_id(author, posted, paras),
            author,
            posted,
            votes,
            paras,
        )
        if permalink is not None:
            self.permalinks[id(comment)] = permalink
        if holder is not None:
            self.count_holders[id(comment)] = holder
        return comment

    def _to_the_minute(self, element: LexborNode, posted: datetime) -> datetime:
        """The time an element shows, when its ``content`` gives only the day (Wyborcza's
        ``content="2025-07-07"`` on "07.07.2025, 23:05")."""
        attrs = element.attributes
        given = (attrs.get("content") or attrs.get("datetime") or "").strip()
        if len(given) != 10:
            return posted
        shown = self.clock.text(node_text(element))
        return shown if shown is not None and abs(shown - posted) < _A_DAY_AND_A_HALF else posted

    def _read_microdata(self, block: CommentBlock, skip: set[int]) -> RawComment:
        node = block.node
        props = _own_properties(node)
        author = ""
        author_node = props.get("author") or props.get("creator")
        if author_node is not None:
            name_node = None
            if "itemscope" in author_node.attributes:
                # its name property; else the element showing the name in its card (vBulletin
                # 5's <div class="userinfo" itemprop="author" itemscope>: avatar, <div
                # class="author">, title, "Join Date: May 2011")
                name_node = author_node.css_first("[itemprop=name]") or name_within(author_node)
            author = _property_value(name_node or author_node)
        posted = None
        for name in ("dateCreated", "datePublished", "dateModified"):
            if name in props:
                posted = self.clock.element(props[name], props[name].attributes)
                if posted is not None:
                    posted = self._to_the_minute(props[name], posted)
                    break
        votes = None
        up, down = _count(props.get("upvoteCount")), _count(props.get("downvoteCount"))
        if up is not None and down is not None:
            votes = Votes(up - down, up, down)
        elif up is not None:  # a net score (Stack Exchange's answers: may be negative)
            votes = Votes(up, up if up >= 0 else None, None)
        else:  # the votes the post shows, else the likes its microdata counts (XenForo)
            # (its own: not a reply's nested in it, when its own show no counts: Sanook's)
            found = find_vote_sites(node)
            sites = [
                site
                for site in found
                if not in_nested_block(site.element, node.mem_id, self.block_keys)
            ]
            votes = sites[0].votes if sites else _likes(props.get("interactionStatistic"))
            if votes is None and found:  # its own widget alike, showing no count: none
                votes = _no_count_alike(node, found[0].element, self.block_keys)
        text_node = props.get("text") or props.get("articleBody") or props.get("description")
        walk = walk_block(
            text_node or node, skip=skip, clock=self.clock, find_meta=text_node is None
        )
        paras = [para for para in walk.paras if is_content(para.text)]
        if text_node is None:
            author_walk, posted_walk, paras = settle_header(walk, self.clock)
            author, posted = author or author_walk, posted or posted_walk
        if posted is None:  # (Zhihu's answer: its own data-created, no dateCreated)
            posted = time_within(node, self.block_keys, self.clock)
        if not author:  # (Stack Overflow's answers: the poster's card under the words)
            author = _poster_outside_edits(node, self.block_keys)
        if not author and text_node is not None:
            # the byline around the words, when no property names the poster (a WordPress
            # theme's <strong itemprop="name">Yasmin</strong> skrev: in a Comment item)
            byline = walk_block(node, skip=skip | {text_node.mem_id}, clock=self.clock)
            author = settle_header(byline, self.clock)[0] or ""
        if "，" in author:  # the name, then who they are: "青柠汽水 ， 法国就是培根" (Zhihu's)
            author = author.partition("，")[0].strip()
        if paras and paras[-1].text.endswith(_ELLIPSES):  # (Sanook's "…" and hidden fullText)
            paras = _with_full_copy(node, skip, paras, self.clock)
        comment_id = block_id(node)
        if comment_id is None and "identifier" in props:
            comment_id = _property_value(props["identifier"]) or None
        if comment_id is None:
            comment_id = stable_id(author, posted, paras)
        holder = None
        if votes is None:  # a like count alone (Público's "comment__vote-count" in "Gosto")
            shown = read_net_score(node, skip, "\n".join(para.text for para in paras))
            if shown is not None:
                votes, holder = shown.votes, shown.holder
        comment = RawComment(comment_id, author, posted, votes, paras)
        if holder is not None:
            self.count_holders[id(comment)] = holder
        return comment


def _poster_outside_edits(node: LexborNode, blocks: set[int]) -> str:
    """The name a block's profile link shows, not the one in the card of its last edit
    (Stack Overflow's "edited … by X" card before the "answered … Y" one)."""
    for link in node.css("a[href]"):
        if not is_profile_link(link.attributes.get("href") or "") or in_nested_block(
            link, node.mem_id, blocks
        ):
            continue
        card = link.parent
        for _ in range(2):
            if card is not None and card.mem_id != node.mem_id:
                card = card.parent
        if card is not None and card.css_first('a[href*="/revisions"]') is not None:
            continue
        name = node_text(link)
        if name:
            return name
    return ""


def _name_in_label(author: str, label: str) -> str:
    """The author's name as the comment's own label ends with it, where the name read goes
    on with a badge: "20 Minuten Community Redaktion" in an ``<article aria-label="Kommentar
    von 20 Minuten Community">``."""
    if label.endswith(author):
        return author
    cut = author.rfind(" ")
    while cut >= 3:
        if label.endswith(f" {author[:cut]}"):
            return author[:cut]
        cut = author.rfind(" ", 0, cut)
    return author


def _with_full_copy(
    node: LexborNode, skip: set[int], paras: list[Para], clock: Clock
) -> list[Para]:
    """``paras`` with a cut last paragraph ("… hai bên còn..." and a "Read more" link) given
    in full, where the block holds the whole of it hidden until the link is followed
    (VnExpress's ``p.content_more`` in ``display: none``), or the rest of it hidden after the
    ellipsis shown in its place."""
    cut = paras[-1].text.rstrip(".…⋯ ")
    if len(cut) < 20:
        return paras
    for hidden in node.css("[style], [hidden]"):
        if hidden.mem_id in skip or not is_hidden(hidden.attributes):
            continue
        full = [p for p in walk_block(hidden, skip=skip, clock=clock).paras if is_content(p.text)]
        whole = " ".join(para.text for para in full)
        if full and not whole.startswith(cut):
            whole = "".join(para.text for para in full)  # (CJK paragraphs run together)
        if full and whole.startswith(cut) and len(whole) > len(cut) + 1:
            return paras[:-1] + full  # (the cut may run over the full copy's paragraphs)
        if full and _after_ellipsis(hidden):
            # the rest alone, after an ellipsis shown in its place (Delfi's
            # "comment-content__rest" after "…")
            space = " " if (hidden.text(deep=True)[:1]).isspace() else ""
            first = Para(cut + space + full[0].text, paras[-1].quote, paras[-1].serial)
            return [*paras[:-1], first, *full[1:]]
    return paras


_ELLIPSES = ("...", "…", "⋯")


def _without_cut_copies(paras: list[Para]) -> list[Para]:
    """Without a cut paragraph ("…因為我⋯") that a full copy after it starts with, both
    shown, the full one hidden by a class only (UDN's ``content-short`` and ``content-full
    hidden-content``); and without the paragraphs of the cut excerpt before it that the full
    copy repeats (Japan Today's two-paragraph ``comment-excerpt`` over its ``comment-full``)."""
    dropped: set[int] = set()
    for index, para in enumerate(paras):
        if not para.text.endswith(_ELLIPSES):
            continue
        cut = para.text.rstrip(".…⋯ ")
        if len(cut) < 20:
            continue
        full = next(
            (
                later
                for later in range(index + 1, len(paras))
                if paras[later].text.startswith(cut) and len(paras[later].text) > len(cut) + 1
            ),
            None,
        )
        if full is None:
            continue
        dropped.add(index)
        back = 1  # the excerpt's earlier paragraphs, repeated just before the full one
        while (
            index - back >= 0
            and full - back > index
            and paras[index - back].text == paras[full - back].text
        ):
            dropped.add(index - back)
            back += 1
    return [para for position, para in enumerate(paras) if position not in dropped]


def _after_ellipsis(node: LexborNode) -> bool:
    before = node.prev
    while before is not None and before.is_text_node and not (before.text_content or "").strip():
        before = before.prev
    return before is not None and before.text(deep=True).strip() in ("…", "...")


def _none_liked(
    blocks: list[CommentBlock],
    comments: list[RawComment],
    skip: set[int],
    holders: dict[int, tuple[str, str]],
) -> None:
    """Comments showing the like button (or box) that others show their count in, with no
    count, have no likes: 0, where their own markup alone says nothing (DEV's empty
    ``reactions-count``, The New York Times' "Recommend" with no count beside it). The
    kind of element must hold the counts of two comments, or of all that show one."""
    counted = Counter(holders.values())
    kinds = [kind for kind, n in counted.items() if n >= 2 or n == len(holders)]
    if not kinds:
        return
    likes = any(c.votes is not None and c.votes.up is not None for c in comments)
    for block, comment in zip(blocks, comments, strict=True):
        if (
            comment.votes is None
            and block.site is None
            and any(shows_no_count(block.node, skip, kind) for kind in kinds)
        ):
            comment.votes = Votes(0, 0 if likes else None, None)


def _without_shared_permalinks(comments: list[RawComment], permalinks: dict[int, str]) -> None:
    """Comments whose time links to a page that other comments' do too (a day's list, the
    story) are not told by that link: they take a hash of their words, and their replies
    follow."""
    shared = Counter(base for c in comments if (base := permalinks.get(id(c))) is not None)
    if not shared or max(shared.values()) < 2:
        return
    renamed: dict[str, str] = {}
    taken = {c.id: c for c in comments}
    kept: list[RawComment] = []
    for comment in comments:
        base = permalinks.get(id(comment))
        if base is not None and shared[base] >= 2:
            new = hashed = stable_id(comment.author, comment.posted, comment.paragraphs)
            if new in taken and _same_comment(taken[new], comment):
                renamed[comment.id] = new  # the same comment shown twice
                continue
            suffix = 2
            while new in taken:
                new, suffix = f"{hashed}-{suffix}", suffix + 1
            taken[new] = comment
            renamed[comment.id] = new
            comment.id = new
        kept.append(comment)
    for comment in kept:
        if comment.parent in renamed:
            comment.parent = renamed[comment.parent]
    comments[:] = kept


def _without_shared_honorific(comments: list[RawComment]) -> None:
    """Names that all end in one honorific lose it: the site adds it to every name (Yahoo!
    知恵袋's "mac_kei_2010さん", "ID非公開さん"), it is no part of any."""
    names = [comment.author for comment in comments if comment.author]
    if len(names) < 2:
        return
    for honorific in ("さん", "様", "氏"):
        if all(name.endswith(honorific) and len(name) > len(honorific) for name in names):
            for comment in comments:
                if comment.author:
                    comment.author = comment.author[: -len(honorific)].rstrip()
            return


def _own_properties(scope: LexborNode) -> dict[str, LexborNode]:
    """The first element of each ``itemprop`` that belongs to ``scope`` (not a nested item)."""
    scope_key = scope.mem_id
    props: dict[str, LexborNode] = {}
    for node in scope.css("[itemprop]"):
        owner = node.parent
        while (
            owner is not None and owner.mem_id != scope_key and "itemscope" not in owner.attributes
        ):
            owner = owner.parent
        if owner is None or owner.mem_id != scope_key:
            continue
        for name in (node.attributes.get("itemprop") or "").split():
            props.setdefault(name, node)
    return props


def _property_value(node: LexborNode) -> str:
    attrs = node.attributes
    for name in ("content", "value"):
        value = attrs.get(name)
        if value:
            return collapse(value)
    return node_text(node)


def _likes(counter: LexborNode | None) -> Votes | None:
    """The likes of an ``InteractionCounter`` item counting ``LikeAction``s."""
    if counter is None or "itemscope" not in counter.attributes:
        return None
    kind = counter.css_first("[itemprop=interactionType]")
    if kind is None or not _property_value(kind).lower().endswith("likeaction"):
        return None
    likes = _count(counter.css_first("[itemprop=userInteractionCount]"))
    return Votes(likes, likes, None) if likes is not None else None


def _count(node: LexborNode | None) -> int | None:
    if node is None:
        return None
    value = _property_value(node).strip()
    digits = "".join(ch for ch in value if ch.isdigit())
    if not digits or len(digits) > 9:
        return None
    return -int(digits) if value[:1] in ("-", "−") else int(digits)


#: An id counting the comments on the page: a word, then 1, 2, 3 ("comment-1").
_COUNTING_ID = re.compile(r"(\D*?)(\d{1,3})")


def _own_numbers_for_counted_ids(
    read: list[CommentBlock], comments: list[RawComment], ids: dict[int, str]
) -> None:
    """Ids that count the comments (Nature's ``<li id="comment-1">``, ``comment-2``, …, the
    last ``last-comment``) name a place on the page, which the next comment moves, not the
    comment: each takes the number it holds inside (``<div id="19790" class="wrap">``), when
    every one holds its own."""
    word = None
    for position, comment in enumerate(comments[:-1], start=1):  # (the last may be apart)
        counted = _COUNTING_ID.fullmatch(comment.id)
        if counted is None or int(counted[2]) != position or counted[1] != (word or counted[1]):
            return
        word = counted[1]
    own = []
    for block in read:
        key = block.node.mem_id
        inner = next(
            (
                value
                for element in block.node.css("[id]")
                if element.mem_id != key
                and (value := (element.attributes.get("id") or "")).isdigit()
                and len(value) >= 4
            ),
            None,
        )
        if inner is None:
            return
        own.append(inner)
    if len(set(own)) != len(own):
        return
    for comment, number in zip(list(comments), own, strict=True):
        _rename(comment, number, ids, comments)


def _rename(
    comment: RawComment, new_id: str, ids: dict[int, str], comments: list[RawComment]
) -> None:
    old = comment.id
    comment.id = new_id
    for key, value in ids.items():
        if value == old:
            ids[key] = new_id
    for other in comments:
        if other.parent == old:
            other.parent = new_id


#: An element holding a story's words.
_STORY = "[itemprop~=articleBody i]"


def _no_count_alike(node: LexborNode, widget: LexborNode, blocks: set[int]) -> Votes | None:
    """No votes, when ``node`` shows a vote widget alike to ``widget`` (a reply's, nested
    in it) with no number in it."""
    css_class = widget.attributes.get("class")
    tag = widget.tag or ""
    if not css_class or not tag.isalnum() or '"' in css_class or "\\" in css_class:
        return None
    for alike in select(node, f'{tag}[class="{css_class}"]'):
        if not in_nested_block(alike, node.mem_id, blocks) and not A_DIGIT.search(alike.text()):
            return Votes(0, 0, 0)
    return None


def _without_preview(para: Para) -> Para:
    """A paragraph showing a cut preview and then the full text it was cut from, in one
    line ("… wie viel … Japan hat … wie viel diese «Verhandlungen» wert sind.": watson's
    preview and full text side by side, one of them hidden by a stylesheet): the full text."""
    head, mark, tail = para.text.partition("… ")
    prefix = head[:40]
    if mark and len(prefix) >= 20 and tail.startswith(prefix):
        return Para(tail, para.quote, para.serial)
    return para


def _id_number(comment_id: str) -> str:
    """The long number a comment's id ends in ("cmt_best_2183740011" → "2183740011"), if
    any."""
    if not comment_id[-6:].isdigit():
        return ""
    return comment_id[len(comment_id.rstrip(_DIGITS)) :]


_DIGITS = "0123456789"


def _kind(node: LexborNode) -> tuple[str, str]:
    return node.tag or "", first_class(node.attributes)


def _unlike_the_rest(blocks: list[CommentBlock]) -> bool:
    """Whether the first block is of a kind (tag, first class) no other block is; asked
    cheaply: mostly the second block is alike, and the answer is no."""
    first = blocks[0].node
    tag = first.tag
    kind = _kind(first)
    return all(block.node.tag != tag or _kind(block.node) != kind for block in blocks[1:])


def _same_comment(one: RawComment, other: RawComment) -> bool:
    return (one.author, one.posted, [p.text for p in one.paragraphs]) == (
        other.author,
        other.posted,
        [p.text for p in other.paragraphs],
    )


def _reply_to_mention(
    comment: RawComment, mention: tuple[str, str], references: dict[int, str], position: int
) -> None:
    """A reply starting with a link to the post it answers ("kenji_t The import price…"):
    that post is its parent, and the link's text is not its words (nor where the walk left it
    out of them)."""
    reference, text = mention
    paras = comment.paragraphs
    first = paras[0] if paras else None
    if first is not None and text and not first.quote and text not in first.text:
        references[position] = reference  # (its words left the link out: taken as a name)
        return
    if first is None or first.quote or not text or not first.text.startswith(text):
        return
    references[position] = reference
    rest = first.text[len(text) :].lstrip(" ,:")
    if rest and rest.rstrip(" :").lower() not in ("wrote", "said", "says", "writes"):
        paras[0] = Para(rest, first.quote, first.serial)
    else:
        del paras[0]


def _follow_references(
    references: dict[int, str], blocks: list[CommentBlock], comments: list[RawComment]
) -> None:
    """Parents for replies whose markup names the post they answer (:mod:`.replyto`)."""
    names = BlockNames([block.node for block in blocks], [comment.id for comment in comments])
    for position, reference in references.items():
        parent = names.find(reference, position)
        if parent is not None:
            comments[position].parent = comments[parent].id


def _without_quoted_copies(comments: list[RawComment]) -> list[RawComment]:
    """Without the copies of earlier comments that a reply shows inside it (NetEase's 盖楼:
    the posts answered, stacked above the reply's words, each with its own votes but no
    time): a block with no time whose name and words are a timed comment's is that comment,
    quoted. A reply holding such copies answers the newest comment it quotes."""
    originals: dict[tuple[str, str], RawComment] = {}
    for comment in comments:
        if comment.posted is not None:
            originals.setdefault(_identity(comment), comment)
    copies: dict[str, RawComment] = {}  # a copy's id → the comment it copies
    for comment in comments:
        if comment.posted is None:
            original = originals.get(_identity(comment))
            if original is not None and original is not comment:
                copies[comment.id] = original
    if not copies:
        return comments
    parent_of = {comment.id: comment.parent for comment in comments}
    answered: dict[str, RawComment] = {}  # a reply's id → the newest comment it quotes
    for copy_id, original in copies.items():
        reply = parent_of.get(copy_id)
        while reply is not None and reply in copies:  # a copy nested in a copy: the reply's
            reply = parent_of.get(reply)
        if reply is None:
            continue
        known = answered.get(reply)
        if known is None or (original.posted or _EARLIEST) > (known.posted or _EARLIEST):
            answered[reply] = original
    kept = [c for c in comments if c.id not in copies]
    for comment in kept:
        if comment.id in answered and (comment.parent is None or comment.parent in copies):
            comment.parent = answered[comment.id].id
        elif comment.parent in copies:
            comment.parent = None
    for position, comment in enumerate(kept):
        comment.position = position
    return kept


def _identity(comment: RawComment) -> tuple[str, str]:
    return comment.author, "\n".join(para.text for para in comment.paragraphs)


#: How far above a comment a list of replies named for their parent is looked for.
_REPLY_LIST_REACH = 6
_ID_PART = re.compile(r"--?|_")


def _thread_by_reply_list_ids(blocks: list[CommentBlock], comments: list[RawComment]) -> None:
    """Parents for replies listed apart from their parent, in an element whose id (or a data
    attribute referring to a parent) ends in the parent's (Coral's ``<div
    id="coral-comments-replyList-log--<uuid>">`` beside the comment ``id="comment-<uuid>"``):
    the nearest such element above a comment names it."""
    first_parent = blocks[0].node.parent
    if first_parent is None or all(
        (parent := block.node.parent) is not None and parent.mem_id == first_parent.mem_id
        for block in blocks
    ):
        return  # one flat list: no list of replies apart
    index_of: dict[str, int] = {}
    for index, comment in enumerate(comments):
        for tail in _id_tails(comment.id):
            index_of.setdefault(tail, index)
    named_for: dict[int, int | None] = {}  # an element above comments → the comment it names
    for index, (block, comment) in enumerate(zip(blocks, comments, strict=True)):
        node = block.node.parent
        for _ in range(_REPLY_LIST_REACH):
            if node is None or node.tag in ("body", "html"):
                break
            key = node.mem_id
            if key not in named_for:
                named_for[key] = next(
                    (
                        index_of[tail]
                        for value in _list_names(node.attributes)
                        for tail in _id_tails(value)
                        if tail in index_of
                    ),
                    None,
                )
            found = named_for[key]
            if found is not None and found != index:  # (not its own wrapper)
                if found < index:
                    comment.parent = comments[found].id
                break
            node = node.parent


def _list_names(attributes: dict[str, str | None]) -> list[str]:
    """What names an element as a list of some comment's replies: its id, or a data attribute
    that refers to a parent (Pantip's ``<div data-refcm="comment-1" class="comment-1 ref">``)."""
    return [
        value
        for name, value in attributes.items()
        if value
        and (name == "id" or (name.startswith("data-") and ("ref" in name or "parent" in name)))
    ]


def _id_tails(value: str | None) -> list[str]:
    """The id and its ends after each separator that hold a digit and 4 characters or more
    ("comment-fa96e9f3-545b" → itself, "fa96e9f3-545b", "545b")."""
    if not value:
        return []
    ends = (0, *(match.end() for match in _ID_PART.finditer(value)))
    return [
        tail for end in ends if len(tail := value[end:]) >= 4 and A_DIGIT.search(tail) is not None
    ]


def _thread_by_depth(blocks: list[CommentBlock], comments: list[RawComment]) -> None:
    """Parents for flat rows that say how deep each sits (:mod:`bot.extract.depth`). Rows
    alike to the comments' among them that were not read (a removed comment's, showing no
    votes) count too: a reply to one of those answers none, not the comment above it."""
    if depth.row_depth(blocks[0].node) is not None:
        marks = "row"
    elif "style" in blocks[1].node.attributes or "style" in blocks[-1].node.attributes:
        marks = "indent"
    elif depth.spacer_width(blocks[0].node) is not None:
        marks = "spacer"
    # (a thread without votes: Clien's "re" rows; or with votes, each reply's row saying so:
    # 24ur's "comment comment--reply")
    elif blocks[0].site is None or depth.marks_replies([block.node for block in blocks[1:]]):
        marks = "reply class"
    else:
        return
    rows, read_at = _rows_with_unread(blocks)
    depths: list[int | None]
    if marks == "row":
        depths = [depth.row_depth(row) for row in rows]
    elif marks == "indent":
        depths = depth.indent_depths(rows) or []
    elif marks == "spacer":
        depths = depth.spacer_depths(rows) or []
    else:
        depths = depth.reply_class_depths(rows) or []
    parents = depth.parents_by_depth(depths)
    if parents is None:
        return
    comment_at = {row: index for index, row in enumerate(read_at)}
    for comment, row in zip(comments, read_at, strict=True):
        parent = parents[row]
        comment.parent = (
            comments[comment_at[parent]].id if parent is not None and parent in comment_at else None
        )


def _rows_with_unread(blocks: list[CommentBlock]) -> tuple[list[LexborNode], list[int]]:
    """The blocks' nodes and, between two of them in one list, the elements alike to them
    (tag and first class) that are no blocks; and where each block's node is among them.
    Rows each in wrappers of their own are gathered from the element holding them all
    (Reddit's of 2019: a removed comment's row, with no name, between a comment and its
    reply)."""
    spread = _rows_in_wrappers(blocks)
    if spread is not None:
        return spread
    rows: list[LexborNode] = []
    read_at: list[int] = []
    previous: LexborNode | None = None
    for block in blocks:
        node = block.node
        if (
            previous is not None
            and previous.parent is not None
            and node.parent is not None
            and previous.parent.mem_id == node.parent.mem_id
        ):
            kind = (node.tag, first_class(node.attributes))
            between = []
            sibling = previous.next
            while sibling is not None and sibling.mem_id != node.mem_id:
                if (sibling.tag, first_class(sibling.attributes)) == kind:
                    between.append(sibling)
                sibling = sibling.next
            if sibling is not None:
                rows.extend(between)
        read_at.append(len(rows))
        rows.append(node)
        previous = node
    return rows, read_at


def _rows_in_wrappers(blocks: list[CommentBlock]) -> tuple[list[LexborNode], list[int]] | None:
    first, last = blocks[0].node, blocks[-1].node
    if first.parent is None or last.parent is None or first.parent.mem_id == last.parent.mem_id:
        return None
    ancestors = set()
    element: LexborNode | None = first.parent
    while element is not None:
        ancestors.add(element.mem_id)
        element = element.parent
    holder: LexborNode | None = last.parent
    while holder is not None and holder.mem_id not in ancestors:
        holder = holder.parent
    tag = first.tag
    if holder is None or holder.tag in ("html", "body") or not tag or not tag.isalpha():
        return None
    kind = first_class(first.attributes)
    rows = [row for row in holder.css(tag) if first_class(row.attributes) == kind]
    index = {row.mem_id: at for at, row in enumerate(rows)}
    read_at = [index.get(block.node.mem_id, -1) for block in blocks]
    if -1 in read_at or read_at != sorted(read_at):
        return None
    return rows[read_at[0] : read_at[-1] + 1], [at - read_at[0] for at in read_at]
