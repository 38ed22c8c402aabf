"""Comment threads that show no votes: WordPress, Disqus, Discourse and most blogs.

Used when the page's vote elements make fewer than two comment blocks. Comments are then
looked for inside a *comments region*, never anywhere on the page: an element whose
``id``/``class`` (or a custom element's name: ``<shreddit-comment-tree>``) says so
(``#comments``, ``.comment-list``, ``.discussion``, ``.responses``, ``.post-stream``), an
ARIA ``role="feed"``, or the section of a heading announcing them ("3 thoughts on “Tariffs”",
"Comments (12)"). An element whose id numbers one comment (``id="comment1843"``) is no region;
its parent is.

A page where nothing names a thread may still number its posts by their ids (phpBB lists
``<div id="p90190" class="post">`` straight in its main element): the elements holding two or
more alike numbered posts are then the regions, unless the page's structured data gives the
thread (:mod:`bot.extract.linked`), which is exact.

Inside a region a comment is a block that is repeated (two or more siblings of the same tag and
first class, or the same kind nested in a reply list) and that has what every comment has: an
author (a name element or a profile link), a time and some words of its own. Lists of links
(navigation, "related articles", "popular") fail that test: their text is the link's title, and
an article teaser's title is a heading linking away.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.extract.blocks import CommentBlock, link_nesting
from bot.extract.dom import (
    HEADING_TAGS,
    ChromeCheck,
    first_class,
    hint_of,
    hint_tokens,
    in_page_order,
    is_content,
    node_text,
    select,
    within,
)
from bot.extract.header import no_words_notice, settle_header
from bot.extract.quotes import quote_header
from bot.extract.walk import Clock, is_profile_link, time_within, walk_block

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: Words of an ``id``/``class`` that mark an element holding a thread.
#: ("response", not "respons": a "responsive-hide" class holds no thread)
#: ("bbs": a bulletin board, as Japanese, Chinese and Korean sites call a thread's page)
#: ("messages": a forum's list of them, jeuxvideo.com's "conteneur-messages-pagi")
#: (comments in other languages: German and Scandinavian "kommentar", Polish and Czech
#: "komentarz"/"komentáře", Spanish and Portuguese "comentarios", Dutch "reacties")
_REGION_WORDS = (
    *("comment", "discussion", "response", "replies", "conversation", "tweet", "bbs"),
    *("messages", "komment", "koment", "comentari", "reactie"),
    *("diskus", "dyskusj"),  # (Czech "diskuse", German "Diskussion", Polish "dyskusja")
    "talkback",  # (Israeli sites' comments: Ynet's "talkbacks")
)
_REGION_TOKENS = frozenset(
    (
        "post-stream",
        "poststream",
        "disqus_thread",
        "disqus",
        "block--messages",
        "message-list",
        "postlist",  # vBulletin
        "thread",  # 5ch's <div class="thread">
        "thread-detail",  # Golem.de's forum
        "forumposts",  # Simple Machines Forum's <div id="forumposts">
        "chat",  # RIA Novosti's <div class="chat m-article">, its comments as a chat
    )
)
#: Elements that may be one comment.
_BLOCK_TAGS = frozenset(
    ("li", "div", "article", "section", "tr", "dd", "aside", "blockquote", "table", "ul")
)
_TOP = frozenset(("body", "html", "-document"))
#: Where a thread's count is announced: headings and short labels, never article paragraphs.
_LABELS = (
    "h1, h2, h3, h4, h5, h6, summary, legend, caption, label, [class*=count i], "
    "[data-testid*=count i]"  # (Ghost's <div data-testid="count">12 comments</div>)
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|no|one)"
COUNT_LABEL = re.compile(
    rf"(?:join\s+the\s+(?:discussion|conversation)\s*[:\-–—]?\s*)?"
    rf"(?P<n>{_NUMBER})\s+"
    r"(?:comments?|replies|reply|responses?|thoughts?)"
    r"(?:\s+(?:on|to|about)\s+.{1,200}|\s*[:»›])?"
    rf"|(?:comments?|replies|responses|discussion)\s*[(:\[]?\s*(?P<m>{_NUMBER})\s*[)\]]?",
    re.IGNORECASE | re.DOTALL,
)
#: The same in the other languages news comments come in: "12 Kommentare", "Kommentare
#: (12)", "12 commentaires", "комментарии 12", "コメント（12件）", "その他の回答（7件）",
#: "12件のコメント", "全部评论(12)", "12 条评论", "댓글 12개".
_WORLD_WORDS = (
    r"kommentare?|antworten|beiträge|postings|reaktionen|commentaires?|réponses"
    r"|comentarios?|respuestas|commenti|risposte|comentários|respostas|reacties|reacties"
    r"|комментари(?:ев|и|й|я)|ответ(?:ов|ы|а)?|komentarz(?:e|y|y)?|odpowiedzi"
    r"|コメント|回答|返信|レス|评论|評論|回复|回覆|跟帖|留言|댓글|답글|의견"
)
_WORLD_COUNTER = r"(?:\s*(?:件|条|條|개|個|건))?"
WORLD_COUNT_LABEL = re.compile(
    rf"(?:[^\d]{{0,8}}?\s*)?(?P<n>{_NUMBER}){_WORLD_COUNTER}\s*(?:の|の\s*|개의|의)?\s*"
    rf"(?:{_WORLD_WORDS})"
    rf"|(?:[^\d]{{0,8}}?)(?:{_WORLD_WORDS})\s*[(（:：\[]?\s*(?P<m>{_NUMBER}){_WORLD_COUNTER}"
    r"\s*[)）\]]?",
    re.IGNORECASE,
)
#: A heading that names a thread without counting it: "Comments", "Commenti" (Corriere's
#: section, whose id and classes say "community").
_THREAD_HEADING = re.compile(
    rf"(?:(?:reader|readers'?|user)\s+)?(?:comments|discussion|responses|{_WORLD_WORDS})\s*:?",
    re.IGNORECASE,
)
_MAX_LABEL = 240
#: The id of one numbered post: "p90190" (phpBB), "post-12", "msg_7", "entry-3", "res-2"
#: (発言小町's レス).
_POST_ID = re.compile(
    r"(?:p|post|posting|msg|message|reply|entry|comment|answer|res|note|change)[-_]?\d+",
    re.IGNORECASE,
)  # (GitLab's "note_123"; Redmine's journal entries, "change-1256")


@dataclass(frozen=True, slots=True)
class CountLabel:
    """A heading or label announcing a thread's size ("12 Responses")."""

    node: LexborNode
    count: int


def read_count_label(text: str) -> int | None:
    """``"3 thoughts on “Tariffs bite”"`` → 3, ``"Comments (12)"`` → 12; anything else → None."""
    if len(text) > _MAX_LABEL:
        return None
    text = text.strip()
    match = COUNT_LABEL.fullmatch(text) or WORLD_COUNT_LABEL.fullmatch(text)
    if match is None:
        return None
    number = (match.group("n") or match.group("m") or "").lower()
    if number == "no":
        return 0
    if number == "one":
        return 1
    return int(number.replace(",", ""))


def find_count_labels(root: LexborNode, chrome: ChromeCheck) -> list[CountLabel]:
    """Headings and labels announcing a thread, in page order, outside page chrome."""
    labels: list[CountLabel] = []
    for node in root.css(_LABELS):
        if node.tag == "p" or node.css_first("p, li") is not None:
            continue
        text = node_text(node)
        count = read_count_label(text) if text else None
        if count is not None and _near_region(node) and not chrome(node):
            labels.append(CountLabel(node, count))
    return labels


def _near_region(label: LexborNode) -> bool:
    """A label inside a comments region, or just before one (a heading over the thread's list):
    "3 thoughts on …" as an article's subheading announces nothing."""
    node: LexborNode | None = label
    for _ in range(40):
        if node is None or node.tag in _TOP:
            break
        if _is_region(node.attributes, node.tag):
            return True
        node = node.parent
    following = _label_header(label).next
    for _ in range(6):
        if following is None:
            return False
        tag = following.tag or "-"
        if tag[0].isalpha():
            listed = tag in ("ol", "ul", "section", "div")
            return listed and following.css_first("p, li") is not None
        following = following.next
    return False


def _is_region(attrs: dict[str, str | None], tag: str | None = None) -> bool:
    if attrs.get("role") == "feed":  # ARIA: a list of articles, as a thread's replies are
        return True
    marks = " ".join(value for value in (attrs.get("id"), attrs.get("class")) if value).lower()
    if tag and tag[0] != "-" and "-" in tag:  # a custom element's name: <shreddit-comment-tree>
        marks = f"{tag} {marks}"
    if not marks:
        return False
    return any(word in marks for word in _REGION_WORDS) or bool(_REGION_TOKENS & set(marks.split()))


#: Elements that act, not hold: a link or button named for comments is no thread (Redmine's
#: "Quote" link, ``<a class="icon icon-comment">``, in a journal's note).
_CONTROLS = frozenset(("a", "button", "input", "img", "i", "svg"))
#: What a thread's header may show besides its count label (sort tabs).
_HEADER_EXTRA = 80


def _label_header(label: LexborNode) -> LexborNode:
    """The header a count label is in, when it holds the label and little else (sort tabs:
    Yahoo!知恵袋's "その他の回答（7件）" beside "古い順 新しい順" in a header ``<div>``), else
    the label: what the thread's section holds, or what the thread follows."""
    header = label
    shown = len(node_text(label))
    for _ in range(2):
        parent = header.parent
        if parent is None or parent.tag in _TOP or parent.parent is None:
            break
        if parent.parent.tag in _TOP or len(node_text(parent)) > shown + _HEADER_EXTRA:
            break
        if parent.css_first("p, li") is not None:
            break
        header = parent
    return header


def comment_regions(root: LexborNode, labels: list[CountLabel]) -> list[LexborNode]:
    """The outermost elements marked as holding a thread, and the sections of count labels."""
    regions: list[LexborNode] = []
    keys: set[int] = set()

    def inside_taken(node: LexborNode) -> bool:
        return _container_in(node, keys) is not None

    for label in labels:
        section = _label_header(label.node).parent
        if section is None or section.tag in _TOP:
            section = label.node.next
            while section is not None and not (section.tag or "-").isalnum():
                section = section.next
        if section is not None and section.mem_id not in keys:
            regions.append(section)
            keys.add(section.mem_id)
    for node in root.traverse():
        if node.tag in _TOP or node.mem_id in keys:
            continue
        if not _is_region(node.attributes, node.tag) and not (
            node.tag in HEADING_TAGS and _THREAD_HEADING.fullmatch(node_text(node)) is not None
        ):
            continue
        if node.tag in _CONTROLS:
            continue
        if node.tag in HEADING_TAGS or _names_one_post(node.attributes):
            # <div id="comment1843">: one comment, not a thread; its parent holds the thread;
            # so with the thread's heading (NewsPicks' <h2 id="comments-heading">コメント)
            parent = _label_header(node).parent if node.tag in HEADING_TAGS else node.parent
            if parent is None or parent.tag in _TOP:
                continue
            node = parent
            if node.mem_id in keys:
                continue
        if not inside_taken(node):
            regions.append(node)
            keys.add(node.mem_id)
    if not regions and (table := _table_of_posts(root)) is not None:
        regions.append(table)
    return _one_per_post([region for region in regions if not inside_taken(region)])


#: What an old forum's table of posts heads its two columns with: "Author" and "Message"
#: (phpBB 2's subSilver, UBB, vBulletin 2), in the languages boards came in.
_AUTHOR_HEADS = frozenset(("author", "autor", "auteur", "autore", "verfasser", "autor/in"))
_MESSAGE_HEADS = frozenset(
    ("message", "messages", "post", "posts", "topic", "nachricht", "beitrag", "mensaje")
)


def _table_of_posts(root: LexborNode) -> LexborNode | None:
    """The table whose header cells say "Author" and "Message": a forum's posts, one row (or
    a few rows) each, on a page that names no thread otherwise."""
    for cell in root.css("th"):
        if node_text(cell).lower().rstrip(":") not in _AUTHOR_HEADS:
            continue
        row = cell.parent
        if row is None or not any(
            node_text(other).lower().partition(":")[0].strip() in _MESSAGE_HEADS
            for other in row.css("th")
        ):
            continue
        table = row.parent
        while table is not None and table.tag != "table":
            table = table.parent
        if table is not None and table.parent is not None and _alike_after(table) >= 2:
            # the header heads the first post's table, a table each (phpBB 3.0's subsilver2):
            # the posts are the tables, side by side
            return table.parent
        return table
    return None


def _alike_after(node: LexborNode) -> int:
    """How many siblings after ``node`` are of its tag and class."""
    kind, count = _signature(node), 0
    sibling = node.next
    while sibling is not None:
        if sibling.tag == kind[0] and _signature(sibling) == kind:
            count += 1
        sibling = sibling.next
    return count


def _one_per_post(regions: list[LexborNode]) -> list[LexborNode]:
    """The regions, an element marked as a thread that repeats once in every post replaced
    by the element the posts share: derStandard's 2011 forum heads each posting with a
    ``<div class="thread" id="t22655134">`` (its name, its time), under no thread's mark."""
    kinds = Counter(_signature(region) for region in regions)
    # (of blocks: not an icon named for what it does, Mastodon's <svg class="icon-retweet">)
    repeated = {kind for kind, count in kinds.items() if count >= 3 and kind[0] in _BLOCK_TAGS}
    if not repeated:
        return regions
    shared: dict[Signature, LexborNode] = {}
    for kind in repeated:
        alike = [region for region in regions if _signature(region) == kind]
        ancestor = _common_ancestor(alike)
        if ancestor is not None and ancestor.tag not in _TOP:
            shared[kind] = ancestor
    if not shared:
        return regions
    found: list[LexborNode] = []
    for region in regions:
        region = shared.get(_signature(region), region)
        if all(region.mem_id != other.mem_id for other in found):
            found.append(region)
    return found


def _common_ancestor(nodes: list[LexborNode]) -> LexborNode | None:
    """The innermost element holding all of ``nodes``."""
    chain: list[LexborNode] = []
    node = nodes[0].parent
    while node is not None:
        chain.append(node)
        node = node.parent
    depth = {node.mem_id: index for index, node in enumerate(chain)}
    deepest = 0
    for other in nodes[1:]:
        node = other.parent
        while node is not None and node.mem_id not in depth:
            node = node.parent
        if node is None:
            return None
        deepest = max(deepest, depth[node.mem_id])
    return chain[deepest]


def _names_one_post(attrs: dict[str, str | None]) -> bool:
    """Whether an element's id numbers one post (``comment1843``, the NYT's
    ``comment-container-141208877``) and nothing else marks it as a thread."""
    return _ONE_POST_ID.fullmatch(attrs.get("id") or "") is not None and not _is_region(
        {"class": attrs.get("class")}
    )


_ONE_POST_ID = re.compile(
    r"(?:p|post|posting|msg|message|reply|entry|comment|answer|res)(?:[-_][a-z]+)?[-_]?\d+",
    re.IGNORECASE,
)


Signature = tuple[str, str]


def _signature(node: LexborNode) -> Signature:
    return node.tag or "", first_class(node.attributes)


def _candidates(region: LexborNode) -> list[LexborNode]:
    """Elements of ``region`` that may be comments: repeated among their siblings, nested in
    one of their kind, or marked as a comment."""
    found: list[LexborNode] = []
    keys: set[int] = set()
    holders: list[LexborNode] = []  # (of a kind nested in them, and not repeated themselves)
    children: dict[int, Counter[Signature]] = {}  # per parent: its children's kinds, counted
    for node in region.traverse():
        if node.mem_id == region.mem_id or not _may_be_block(node.tag):
            continue
        signature = _signature(node)
        parent = node.parent
        repeated = False
        if parent is not None:
            kinds = children.get(parent.mem_id)
            if kinds is None:
                kinds = children[parent.mem_id] = Counter(map(_signature, parent.iter()))
            repeated = kinds[signature] >= 2
        holder = None if repeated else _nested_in_kind(node, signature, region.mem_id)
        if (
            repeated
            or holder is not None
            or "comment" in (hint := _hint_and_name(node))
            # (a reply the blog's owner wrote inside the comment: PIXNET's <li class="reply-text">)
            or ("reply-text" in hint and node.tag == "li")
            or _POST_ID.fullmatch(node.attributes.get("id") or "") is not None  # posting_46890164
        ):
            found.append(node)
            keys.add(node.mem_id)
        if holder is not None and holder.mem_id not in keys:
            # the one comment of a thread whose replies are all nested in it (Tweakers'
            # <twk-reaction>s in the first): alone among its siblings, but of their kind
            keys.add(holder.mem_id)
            holders.append(holder)
    if holders:
        # (only one holding all the others of its kind: not a comment's part holding a few,
        # Hupu's "reply-list-content" over the replies to its reply)
        kinds = Counter(map(_signature, found))
        holders = [node for node in holders if _holds_replies(node, _signature(node), kinds)]
    return in_page_order([*found, *holders]) if holders else found


def _may_be_block(tag: str | None) -> bool:
    """An element that may be one comment: a block, or a custom element named for a comment
    (``<shreddit-comment>``, ``<ytd-comment-renderer>``, Tweakers' ``<twk-reaction>``)."""
    return tag in _BLOCK_TAGS or (
        tag is not None
        and tag[0] != "-"
        and "-" in tag
        and any(word in tag for word in _POST_ELEMENT_WORDS)
    )


#: What a custom element holding one comment is named for.
_POST_ELEMENT_WORDS = ("comment", "reaction", "reply", "post", "message")


def _hint_and_name(node: LexborNode) -> str:
    """What an element's markup says it is: its classes and the like, and a custom element's
    name."""
    tag = node.tag or "-"
    hint = hint_of(node.attributes)
    return f"{tag} {hint}" if tag[0] != "-" and "-" in tag else hint


def _holds_replies(holder: LexborNode, signature: Signature, found: Counter[Signature]) -> bool:
    """Whether an element holds every element of its kind found (``found`` counts them by
    kind), a thread of them (three or more: not the two replies to one of Hupu's replies,
    whose wrappers are its comments)."""
    inner = select(holder, signature[0]) if _SELECTABLE_TAG.fullmatch(signature[0]) else []
    held = sum(1 for node in inner if _signature(node) == signature) - 1  # (not itself)
    return held >= _HELD_THREAD and held == found[signature]


#: Replies of one comment that make its thread, at the least.
_HELD_THREAD = 3


def _nested_in_kind(node: LexborNode, signature: Signature, stop: int) -> LexborNode | None:
    """The nearest element around ``node`` of its kind, under ``stop``."""
    parent = node.parent
    while parent is not None and parent.mem_id != stop and parent.tag not in _TOP:
        if _signature(parent) == signature:
            return parent
        parent = parent.parent
    return None


_PLAIN_ID = re.compile(r"[\w-]{1,80}")


def _teaser(node: LexborNode, author: str) -> bool:
    """A heading linking away: an article teaser ("Related articles"), not a comment.

    A heading linking to the block itself (a forum post's subject, ``<a
    href="./viewtopic.php?p=90190#p90190">`` in ``<div id="p90190">``) links nowhere else."""
    own_id = (node.attributes.get("id") or "").strip()
    for heading in node.css("h1, h2, h3, h4, h5, h6"):
        link = heading.css_first("a[href]")
        if link is None:
            continue
        href = (link.attributes.get("href") or "").strip()
        if href.startswith("#") or author in node_text(heading) or is_profile_link(href):
            continue  # (the poster's name as a heading, beside their avatar's initial)
        if quote_header(node_text(heading)) is not None:
            continue  # a quote's header linking to the post quoted ("ventrue42 posted:")
        fragment = href.partition("#")[2]
        if fragment and (
            fragment in (own_id, heading.attributes.get("id"))
            or (_PLAIN_ID.fullmatch(fragment) and node.css_first(f'[id="{fragment}"]'))
        ):
            # (Golem's <h4 id="msg-6912345"><a href="…#msg-6912345">: its own; Khoros's
            # "…/m-p/34519210#M1902032" to the <span id="M1902032"> in the post)
            continue
        if len(number := "".join(filter(str.isdigit, own_id))) >= 5 and number in href:
            continue  # heise's subject linking to "…/posting-46890112/show/" in posting_46890112
        numbered = "".join(filter(str.isdigit, heading.attributes.get("id") or ""))
        if len(numbered) >= 5 and numbered in fragment:
            continue  # SMF's <h5 id="subject_487705"><a href="…msg487705.html#msg487705">
        return True
    return False


_SELECTABLE_TAG = re.compile(r"[a-z][a-z0-9-]*")


def is_comment(node: LexborNode, clock: Clock) -> bool:
    """Whether ``node`` shows an author, a time and words of its own (not only link titles):
    not counting its replies, elements of its kind inside it (a deleted comment's thread,
    "НЛО прилетело…" over a reply, shows the reply's name and time, not its own)."""
    signature = _signature(node)
    key = node.mem_id
    tag = signature[0]
    replies = (
        frozenset(
            inner.mem_id
            # (a tag a broken page names with a mark no selector can say: all, compared)
            for inner in node.css(tag if _SELECTABLE_TAG.fullmatch(tag) else "*")
            if inner.mem_id != key and _signature(inner) == signature
        )
        # (not a table row's rows: the layout of its own cells, phpBB 2's post row holding
        # a table of its header, its words and its signature)
        if tag != "tr"
        else frozenset()
    )
    walk = walk_block(node, skip=replies, clock=clock)
    # the name and time from a byline line too ("Post by dan » Fri Nov 20, 2026 8:15 am", or
    # under the words: "2025/07/08(火) 08:31:07 | URL | 山田"), as the comment will be read
    author, posted, settled = settle_header(walk, clock)
    if not author:
        return False
    # (only lines in a quote style: 4chan's greentext post, words all the same)
    paras = [para for para in settled if para.quote == 0] or settled
    if posted is None:
        for para in paras[:3]:
            if clock.text(para.text) is not None:
                posted = clock.text(para.text)
                paras.remove(para)
                break
    if posted is None:
        posted = time_within(node, replies, clock)  # (in a bar of actions the walk skips)
    if posted is None:
        return False
    if (
        walk.posted_serial is not None
        and all(p.serial == walk.posted_serial for p in paras)
        and node.css_first(_OWN_WORDS) is None
    ):
        # all on the time's line: "rsantos added the bug label 3 days ago"; unless an element
        # says it holds the words (PTT's one-line push: <span class="push-content">)
        return False
    headings = {node_text(heading) for heading in node.css("h1, h2, h3, h4, h5, h6")}
    own = " ".join(para.text for para in paras if para.text != author and para.text not in headings)
    linked = own
    for link in node.css("a"):
        text = node_text(link)
        # (an address shown is the commenter's words: a reply that is only a link to an
        # archived copy, Hacker News's "https://archive.is/qaq3p")
        # (nor a paragraph of words that is all a link: a Reddit reply's <p><a href="…
        # .jpg">Sure, I guess.</a></p>)
        # (nor a mention: "<a class="user-mention">@dorvik</a> awesome!", GitHub's)
        if (
            text
            and not text.startswith(("http://", "https://", "@"))
            and not _linked_paragraph(link)
        ):
            linked = linked.replace(text, " ")
    # "Ann on <a>Steel quotas return</a>": a link with a word around it is not a comment
    words = linked.split()
    if not words or (linked != own and len(words) < 2 and not _cjk_sentence(words)):
        return False
    return is_content(" ".join(words)) and not _teaser(node, author)


def _linked_paragraph(link: LexborNode) -> bool:
    """Whether a link is all of a paragraph of two words or more: words, not a title."""
    parent = link.parent
    return (
        parent is not None
        and parent.tag == "p"
        and " " in (text := node_text(link))
        and node_text(parent) == text
    )


#: An element holding a comment's words, by its class.
_OWN_WORDS = "[class*=content i], [class*=message i], [class~=comment-copy]"  # (Stack Exchange)


def _cjk_sentence(words: list[str]) -> bool:
    """Whether one unspaced "word" is a sentence in a script written without spaces
    (Japanese, Chinese): "24%から25%に上がってるの草" after a ">>2" link."""
    return len(words) == 1 and sum(ch >= "\u2e80" for ch in words[0]) >= 4


def find_voteless_blocks(
    root: LexborNode,
    *,
    clock: Clock,
    chrome: ChromeCheck,
    labels: list[CountLabel] | None = None,
    numbered_posts: bool = True,
) -> list[CommentBlock]:
    """The comment blocks of a thread without votes, in page order, replies after parents.

    One kind of block is chosen (tag and first class): the outermost kind repeated at least
    twice, so that a reply nested in its parent's ``children`` list is the parent's reply. A
    page with a single comment gives it only when the element says it is a comment.

    Comments are looked for in the comment regions; where there are none, and with
    ``numbered_posts``, in the elements holding posts numbered by their ids.
    """
    if labels is None:
        labels = find_count_labels(root, chrome)
    regions = comment_regions(root, labels)
    by_kind = _comments_by_kind(regions, clock, chrome)
    if not by_kind and numbered_posts:
        by_kind = _comments_by_kind(numbered_post_lists(root), clock, chrome)
        if not by_kind:
            by_kind = _posts_numbered_by_data(root, clock, chrome)
    chosen = _choose_kind(by_kind, clock)
    if not chosen:
        return []
    elsewhere = _kinds_elsewhere(root, chosen, by_kind, clock, chrome, regions)
    if elsewhere:
        for kind, nodes in elsewhere.items():
            by_kind[kind] = in_page_order([*by_kind[kind], *nodes])
        chosen = _choose_kind(by_kind, clock)
    blocks = [CommentBlock(node, None) for node in chosen]
    link_nesting(blocks)
    return blocks


def _kinds_elsewhere(
    root: LexborNode,
    chosen: list[LexborNode],
    by_kind: dict[Signature, list[LexborNode]],
    clock: Clock,
    chrome: ChromeCheck,
    regions: list[LexborNode],
) -> dict[Signature, list[LexborNode]]:
    """Comments of the chosen kind outside the comment regions, and of the other kinds found
    inside those comments, that the regions' search missed: a best answer in a section of its
    own over the thread (Yahoo!知恵袋's ``section#ba``), a reply alone in its list (not
    repeated, nothing marks it). Only kinds told by a class are looked for."""
    kind = _signature(chosen[0])
    found: dict[Signature, list[LexborNode]] = {}
    keys = {node.mem_id for node in chosen}
    more = [
        node
        for node in _of_kind(root, kind)
        if node.mem_id not in keys
        and _container_in(node, keys) is None
        and not _holds_any(node, keys)
        and not chrome(node)
        and is_comment(node, clock)
    ]
    if more:
        # not an opening post of the same kind (a GitHub issue's, a forum topic's): the first
        # words, posted before any of the thread's (a best answer is posted after a question),
        # outside the comments' region (a comment pinned over the others is in it: NewsPicks')
        first = min(filter(None, (_posted(node, clock) for node in chosen)), default=None)
        later = [
            node
            for node in more
            if first is not None and (posted := _posted(node, clock)) is not None and posted > first
        ]
        pinned = [
            node
            for node in more
            if node not in later and any(within(node, region.mem_id) for region in regions)
        ]
        if pinned:  # (not a copy of one of the thread's shown over it: Corriere's)
            shown = {node_text(node) for node in chosen}
            pinned = [node for node in pinned if node_text(node) not in shown]
        more = in_page_order([*pinned, *later]) if pinned else later
    if more:
        found[kind] = more
        keys.update(node.mem_id for node in more)
    for other, nodes in by_kind.items():
        if other == kind:
            continue
        known = {node.mem_id for node in nodes}
        inner = [
            node
            for node in _of_kind(root, other)
            if node.mem_id not in known
            and _container_in(node, keys) is not None
            and not chrome(node)
            and is_comment(node, clock)
        ]
        if inner and _is_reply(inner[0], keys, clock):
            found[other] = inner
    return found


def _posted(node: LexborNode, clock: Clock) -> datetime | None:
    return settle_header(walk_block(node, skip=frozenset(), clock=clock), clock)[1]


def _of_kind(root: LexborNode, kind: Signature) -> list[LexborNode]:
    """The elements of ``kind`` (tag and first class) under ``root``; none for a kind told
    by its tag alone."""
    tag, name = kind
    if not name or '"' in name or "\\" in name or not tag.isalnum():
        return []
    return [node for node in select(root, f'{tag}[class~="{name}"]') if _signature(node) == kind]


def voteless_under_items(
    items: list[LexborNode],
    *,
    clock: Clock,
    chrome: ChromeCheck,
    questions: list[LexborNode] | None = None,
) -> list[LexborNode]:
    """Comments without structured data inside posts that have it, in page order: the
    comments under a Q&A site's answers (gutefrage's ``.CommentList`` in each ``schema.org/
    Answer``), which answer the post they are in, and under the ``questions`` (Stack
    Exchange's comments on the question), which answer none.

    Looked for only in the comment regions inside ``items`` and ``questions``; an item, and
    an element holding one, is none of them (nested items are read as items)."""
    keys = {item.mem_id for item in items}
    regions: list[LexborNode] = []
    seen: set[int] = set(keys)
    for scope in [*(questions or ()), *items]:
        for region in comment_regions(scope, []):
            if region.mem_id not in seen:
                seen.add(region.mem_id)
                regions.append(region)
    if not regions:
        return []
    by_kind = _comments_by_kind(regions, clock, chrome)
    for kind, nodes in list(by_kind.items()):
        kept = [node for node in nodes if not _holds_any(node, keys)]
        if kept:
            by_kind[kind] = kept
        else:
            del by_kind[kind]
    return _choose_kind(by_kind, clock)


def _holds_any(node: LexborNode, keys: set[int]) -> bool:
    """Whether ``node`` is one of ``keys`` or holds one."""
    return node.mem_id in keys or any(inner.mem_id in keys for inner in node.traverse())


def _comments_by_kind(
    regions: list[LexborNode], clock: Clock, chrome: ChromeCheck
) -> dict[Signature, list[LexborNode]]:
    """The comments found in ``regions`` by kind (tag and first class), in page order."""
    by_kind: dict[Signature, list[LexborNode]] = defaultdict(list)
    seen: set[int] = set()
    for region in regions:
        if chrome(region):
            continue
        for node in _candidates(region):
            if node.mem_id in seen or chrome(node):
                continue
            seen.add(node.mem_id)
            if is_comment(node, clock):
                by_kind[_signature(node)].append(node)
    return by_kind


def numbered_post_lists(root: LexborNode) -> list[LexborNode]:
    """Elements holding two or more alike posts numbered by their ids (``id="p90190"``,
    ``post-12``, ``msg_7``), in page order: a forum's thread when nothing marks it as one
    (phpBB lists its posts straight in the page's main element)."""
    counts: Counter[tuple[int, Signature]] = Counter()
    parents: dict[int, LexborNode] = {}
    for node in root.css("[id]"):
        if node.tag not in _BLOCK_TAGS or not _POST_ID.fullmatch(node.attributes.get("id") or ""):
            continue
        parent = node.parent
        if parent is None or parent.tag in _TOP:
            continue
        counts[(parent.mem_id, _signature(node))] += 1
        parents.setdefault(parent.mem_id, parent)
    held = {key for (key, _), count in counts.items() if count >= 2}
    return [parent for key, parent in parents.items() if key in held]


#: An id numbering a post: a word and a long number ("think-2189744"), or a Reddit comment's
#: full name ("t1_ehq47gs": its kind, then its number in base 36).
_NUMBERED_ID = re.compile(r"[A-Za-z]+[-_]?\d{5,}|t1_[0-9a-z]{4,}")


#: The data attributes numbering a post (Tweakers' forum: ``<div class="message"
#: data-message-id="58025716">``).
_NUMBERING_DATA = ("data-id", "data-message-id", "data-post-id", "data-postid")
_NUMBERING_SELECTOR = ", ".join(f"[{name}]" for name in (*_NUMBERING_DATA, "id"))


def _posts_numbered_by_data(
    root: LexborNode, clock: Clock, chrome: ChromeCheck
) -> dict[Signature, list[LexborNode]]:
    """Three or more alike comments numbered by a ``data-id`` or their ``id`` (Mastodon's
    ``<div class="status" data-id="114817150943289481">``, Nikkei's ``<article
    id="think-2189744">``), each in wrappers of its own (the numbered element is the post,
    not its wrapper), by kind."""
    # (by kind and by the word the id starts with: vBulletin 3 numbers a post's <table
    # id="post5768670">, its wrapper <div id="edit5768670">, its menu "postmenu_5768670"
    # and its words "post_message_5768670", the last three all plain <div>s)
    by_kind: dict[tuple[Signature, str], list[LexborNode]] = defaultdict(list)
    for node in root.css(_NUMBERING_SELECTOR):
        attrs = node.attributes
        value = next(
            (v.strip() for name in _NUMBERING_DATA if (v := attrs.get(name)) and v.strip()), ""
        )
        if node.tag not in _BLOCK_TAGS:
            continue
        if len(value) >= 5 and value.isdigit():
            by_kind[(_signature(node), "")].append(node)
        elif (numbered := _NUMBERED_ID.fullmatch(attrs.get("id") or "")) is not None:
            word = numbered.group().rstrip("0123456789")
            by_kind[(_signature(node), word)].append(node)
    chosen: tuple[Signature, list[LexborNode]] | None = None
    for (kind, _word), nodes in sorted(by_kind.items(), key=lambda item: -len(item[1]))[:4]:
        if len(nodes) < 3 or (chosen is not None and len(nodes) < len(chosen[1])):
            break
        posts = [node for node in nodes if not chrome(node) and is_comment(node, clock)]
        if len(posts) < 3:
            continue
        if chosen is None or len(posts) > len(chosen[1]):
            chosen = (kind, posts)
        elif len(posts) == len(chosen[1]) and within(posts[0], chosen[1][0].mem_id):
            chosen = (kind, posts)  # the post, not its wrapper
    return {chosen[0]: chosen[1]} if chosen is not None else {}


def _choose_kind(by_kind: dict[Signature, list[LexborNode]], clock: Clock) -> list[LexborNode]:
    repeated = {kind: nodes for kind, nodes in by_kind.items() if len(nodes) >= 2}
    if len(repeated) > 1 and ("div", "") in repeated and any(kind[1] for kind in repeated):
        # <div>s that say nothing of themselves (Coral's <div class=""> around a reply, the
        # <div> a shadow root is kept in) give way to a kind that has a class
        del repeated["div", ""]
    # A reply list nested in a reply list (Substack's "comment-list-items", Blogger's
    # "comment-thread") passes for a repeated kind of comment too, and is the outermost; a
    # kind holding comments of another kind side by side gives way to that kind.
    lists = _lists(repeated, clock)
    if lists and len(lists) < len(repeated):
        repeated = {kind: nodes for kind, nodes in repeated.items() if kind not in lists}
    if repeated:
        keys = {kind: {node.mem_id for node in nodes} for kind, nodes in repeated.items()}
        outer = [
            kind
            for kind, nodes in repeated.items()
            if not all(_inside_other(node, kind, keys) for node in nodes)
        ]
        best = max(outer or list(repeated), key=lambda kind: len(repeated[kind]))
        return _with_replies_of_other_kinds(
            _with_anonymous(_with_alike_siblings(best, by_kind), best, clock),
            by_kind,
            clock,
            lists,
        )
    singles = [
        nodes[0]
        for nodes in by_kind.values()
        if "comment" in (hint := _hint_and_name(nodes[0])) and not _says_list(hint)
    ]
    if not singles:
        return []
    # the outermost: the element that says it is one comment and may carry its id
    return [min(singles, key=_depth)]


def _with_replies_of_other_kinds(
    chosen: list[LexborNode],
    by_kind: dict[Signature, list[LexborNode]],
    clock: Clock,
    lists: set[Signature],
) -> list[LexborNode]:
    """``chosen`` and, in page order, the comments of other kinds inside them that are
    replies, not parts: their comment shows a name and a time of its own outside them
    (Yahoo!知恵袋's ``ReplyItem``s under an ``AnswerItem``; a comment's inner wrapper holds
    its byline, and is a part). One element of a kind tells for the kind; a kind that is a
    list of replies (``lists``) is none (the New York Times' ``reply-list-threading``)."""
    keys = {node.mem_id for node in chosen}
    added: list[LexborNode] = []
    for kind, nodes in by_kind.items():
        if kind in lists or nodes[0].mem_id in keys or not _is_reply(nodes[0], keys, clock):
            continue
        added.extend(
            node
            for node in nodes
            if _container_in(node, keys) is not None and not _holds_any(node, keys)
        )
    if not added:
        return chosen
    return in_page_order([*chosen, *added])


def _is_reply(node: LexborNode, keys: set[int], clock: Clock) -> bool:
    """Whether ``node`` is a reply inside one of the comments ``keys``, not a part of it: the
    comment shows a name and a time of its own outside it (and outside its other replies)."""
    container = _container_in(node, keys)
    return (
        container is not None
        and not _cited_quote(node, container)
        and _own_byline(container, [node.mem_id, *(keys - {container.mem_id})], clock)
    )


def _cited_quote(node: LexborNode, container: LexborNode) -> bool:
    """Whether ``node`` is a quote of another post: inside a ``<blockquote>`` of the comment,
    headed by a ``<cite>`` ("NAME wrote: ↑ 05 Sep 2018 18:17", phpBB 3.2's)."""
    element = node.parent
    while element is not None and element.mem_id != container.mem_id:
        if element.tag == "blockquote":
            return node.css_first("cite") is not None or element.css_first("cite") is not None
        element = element.parent
    return False


def _container_in(node: LexborNode, keys: set[int]) -> LexborNode | None:
    """The nearest element above ``node`` whose key is one of ``keys``."""
    parent = node.parent
    while parent is not None and parent.tag not in _TOP:
        if parent.mem_id in keys:
            return parent
        parent = parent.parent
    return None


def _with_alike_siblings(
    kind: Signature, by_kind: dict[Signature, list[LexborNode]]
) -> list[LexborNode]:
    """The comments of ``kind`` and, in page order among them, their siblings of a kind
    whose class extends it or that it extends: Fark's ``table.notctableTF`` (a paying
    member's comment) among its ``table.notctable``s."""
    chosen = by_kind[kind]
    tag, name = kind
    parents = {parent.mem_id for node in chosen if (parent := node.parent) is not None}
    alike = [
        node
        for (other_tag, other_name), nodes in by_kind.items()
        if other_tag == tag and (_extends(other_name, name) or _extends(name, other_name))
        for node in nodes
        if (parent := node.parent) is not None and parent.mem_id in parents
    ]
    return in_page_order([*chosen, *alike]) if alike else chosen


def _with_anonymous(chosen: list[LexborNode], kind: Signature, clock: Clock) -> list[LexborNode]:
    """``chosen`` and, in page order, their siblings of the same kind that show a time and
    words but no name: comments posted anonymously (SPIP's forums leave the name out)."""
    keys = {node.mem_id for node in chosen}
    parents = {parent.mem_id: parent for node in chosen if (parent := node.parent) is not None}
    anonymous = [
        sibling
        for parent in parents.values()
        for sibling in parent.iter()
        if sibling.mem_id not in keys and _signature(sibling) == kind and _unsigned(sibling, clock)
    ]
    return in_page_order([*chosen, *anonymous]) if anonymous else chosen


def _unsigned(node: LexborNode, clock: Clock) -> bool:
    """Whether ``node`` shows a time and words of its own, and no name."""
    walk = walk_block(node, skip=frozenset(), clock=clock)
    author, posted, paras = settle_header(walk, clock)
    if author:
        return False
    words = [
        para
        for para in paras
        if para.quote == 0 and is_content(para.text) and not no_words_notice(para.text)
    ]
    if posted is None:
        stamp = next((para for para in words[:3] if clock.text(para.text) is not None), None)
        if stamp is None:
            return False
        words.remove(stamp)
    # (a handle alone over the words is a name the reading did not take: a guest's post)
    return bool(words) and " " in words[0].text.strip()


def _extends(name: str, base: str) -> bool:
    """Whether class ``name`` is ``base`` with more after it, not one of its parts (BEM's
    "comment__inner" is a part of a "comment")."""
    return (
        bool(base)
        and len(name) > len(base)
        and name.startswith(base)
        and (name[len(base)] not in "_-" or name[len(base) :].startswith("--"))
    )


def _lists(repeated: dict[Signature, list[LexborNode]], clock: Clock) -> set[Signature]:
    """The kinds one of whose elements holds two or more elements of another kind, neither
    inside the other, and no name and time of its own beside them: a list of comments, not a
    comment (a comment's replies are its kind, or another kind under its own byline: Yahoo!
    知恵袋's ``ReplyItem``s in an ``AnswerItem``)."""
    ids = {kind: {node.mem_id for node in nodes} for kind, nodes in repeated.items()}
    lists: set[Signature] = set()
    for outer in repeated:
        for inner, nodes in repeated.items():
            if inner == outer or outer in lists:
                continue
            held: dict[int, list[int]] = defaultdict(list)
            holders: dict[int, LexborNode] = {}
            for node in nodes:
                parent = node.parent
                while parent is not None and parent.tag not in _TOP:
                    key = parent.mem_id
                    if key in ids[inner]:
                        break  # a reply: its parent of the same kind is the one held
                    if key in ids[outer]:
                        held[key].append(node.mem_id)
                        holders[key] = parent
                        break
                    parent = parent.parent
            if not held:
                continue
            most = max(held, key=lambda key: len(held[key]))
            # (or one, in an element that says it is a list: Stack Exchange's "comments"
            # under an answer with one comment)
            if (
                len(held[most]) >= 2 or _says_list(_hint_and_name(repeated[outer][0]))
            ) and not _own_byline(holders[most], held[most], clock):
                lists.add(outer)
    return lists


def _own_byline(node: LexborNode, held: list[int], clock: Clock) -> bool:
    """Whether ``node`` shows a name and a time outside the elements ``held`` in it."""
    walk = walk_block(node, skip=frozenset(held), clock=clock)
    author, posted, _ = settle_header(walk, clock)
    return bool(author) and posted is not None


def _says_list(hint: str) -> bool:
    """Whether an element's marks say it is a list of comments (Stack Exchange's "comments"),
    not an item of one (FAZ.NET's "lst-Comments_Item")."""
    return ("comments" in hint or "list" in hint) and "item" not in hint_tokens(hint)


def _inside_other(node: LexborNode, kind: Signature, keys: dict[Signature, set[int]]) -> bool:
    others = set().union(*(ids for other, ids in keys.items() if other != kind))
    return _container_in(node, others) is not None


def _depth(node: LexborNode) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth
