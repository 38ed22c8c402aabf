"""Finding and reading comment votes.

Japan Today prints one vote line per comment: ``-11 ( +2 / -13 )`` = net score (+up / -down).
Other sites put up and down counts in separate elements (``<span class=up>+7</span>``), next
to a score or not. The vote elements are the anchors the structural comment finder starts from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.extract.dom import (
    about_the_poster,
    collapse,
    hint_of,
    hint_tokens,
    in_nested_block,
    is_hidden,
    select,
    sibling,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: ``net ( +up / -down )``; the minus may be typographic, the plus missing (Ars Technica).
VOTE_LINE = re.compile(r"\s*([-−–+]?\d+)\s*\(\s*\+?\s*(\d+)\s*/\s*[-−–]\s*(\d+)\s*\)\s*")
#: A count shortened: "1.1K" (NDTV's likes), "1.1万", "1,1B" (Turkish), "1,2 mil".
_SHORT_COUNT = r"\d{1,3}(?:[.,]\d)?\s?(?:[KkBM万萬]|mil)"
#: A count, perhaps shortened or its thousands parted ("1,204": Nate's), after a sign or
#: arrow if any.
_NUMBER = re.compile(
    rf"([▲△↑👍▼▽↓👎+\-−–]?)\s*(\d{{1,9}}|\d{{1,3}}(?:[.,]\d{{3}})+|{_SHORT_COUNT})"
)
_MAX_LINE = 80
#: A word of a vote's way and its count in one text ("추천 12", "Likes: 7").
_WORD_AND_COUNT = re.compile(r"([^\W\d_]{1,12})\s*[:：]?\s*(\d[\d,.]*)")

_UP_WORDS = frozenset(
    [
        "up",
        "upvote",
        "upvotes",
        "upvoted",
        "like",
        "likes",
        "liked",
        "plus",
        "agree",
        "agrees",
        "positive",
        "positiv",
        *("positivo", "positiva", "positivamente"),  # (El Mundo's "boton-valorar positivo")
        "pos",
        "thumbsup",
        "good",
        "yes",
        "yea",
        "pro",
        "recommend",
        "recommends",
        "recommended",
        "recommendations",
        *("empfehlen", "empfehlung", "empfehlungen"),  # German: recommend (FAZ.NET)
        "kudos",
        *("praise", "zan"),  # 点赞 (The Paper's "index_praise")
        "love",  # (watson's hearts: "vote_love", against its "vote_hate" lightning)
        "heart",
        "hearts",
        *("respect", "respects", "respected"),  # (Coral's reaction as news sites name it)
        "плюс",  # (Russian: Sports.ru's aria-label="Плюс")
        *("понравилось", "нравится"),  # Russian: liked (4PDA's title on its count)
    ]
)
_DOWN_WORDS = frozenset(
    [
        "down",
        "downvote",
        "downvotes",
        "downvoted",
        "dislike",
        "dislikes",
        "disliked",
        "minus",
        "disagree",
        "disagrees",
        "negative",
        "negativ",
        *("negativo", "negativa", "negativamente"),
        "neg",
        "thumbsdown",
        "bad",
        "nay",
        "con",
        "hate",
        "минус",
    ]
)
_SCORE_WORDS = frozenset(
    [
        "score",
        "net",
        "points",
        "point",
        "total",
        "rating",
        "karma",
        "sum",
        "balance",
        "result",
        "votes",
        "votecount",  # Fark's "Smart 41 | Funny 12"
    ]
)


#: Score words also said of one way's button or count ("rating-button rate-down").
_WHICH_WAY_WORDS = frozenset(("rating", "votes", "votecount"))
#: A net score's class modified by its sign, which says how to colour it, not which way.
_SIGN_MARKS = ("_positive", "_negative", "_neutral", "_zero")
_SIGN_MODIFIER = re.compile(
    r"(?<![a-z0-9])(rating|score|karma|votes|points|total|value)(?:--|_)"
    r"(?:positive|negative|neutral|zero)(?![a-z0-9])"
)

_SCORE_CLASS = re.compile(r"rating|score|karma|votes|points|total|value")
_SIGN_CLASS = re.compile(
    r"(?<![a-z0-9_-])(?:m|is|mod|has)[-_]+(?:positive|negative|neutral|zero)(?!\S)"
)


@dataclass(frozen=True, slots=True)
class Votes:
    """A comment's votes; ``up``/``down`` are None where the site shows only a net score
    ("152 points") or only likes (then ``down`` is None)."""

    score: int
    up: int | None
    down: int | None


def read_vote_line(text: str) -> Votes | None:
    """``"-11 ( +2 / -13 )"`` → ``Votes(-11, 2, 13)``; anything else → ``None``."""
    if len(text) > _MAX_LINE:
        return None
    match = VOTE_LINE.fullmatch(text)
    if match is None:
        return None
    net, up, down = match.groups()
    return Votes(_signed(net), int(up), int(down))


def _signed(number: str) -> int:
    """``"−3"`` (minus sign or en dash, as pages print them) → ``-3``; ``"1,286"`` → 1286;
    counts shortened as YouTube and Bilibili show them: ``"1.2K"`` → 1200, ``"1.1万"`` → 11000;
    ``"1.286"`` (a thousands point) → 1286."""
    try:
        return int(number)  # (most are plain: "12", "-11", "+4")
    except ValueError:
        pass
    number = number.replace("−", "-").replace("–", "-").strip()
    if number.endswith("mil"):  # ("1,2 mil": Portuguese and Spanish thousands)
        number = number[:-3].rstrip() + "K"
    scale = _SCALES.get(number[-1:])
    if scale is None:
        return int(number.replace(",", "").replace(".", ""))
    return round(float(number[:-1].strip().replace(",", ".")) * scale)


#: (Turkish "B", bin: thousand, "1,1B" on Sözcü's likes; no like count runs to billions)
_SCALES = {"K": 1000, "k": 1000, "B": 1000, "M": 1_000_000, "万": 10_000, "萬": 10_000}


#: Japanese, Chinese and Korean reaction labels, each one token.
_CJK_ROLES = {
    **dict.fromkeys(
        [
            *("共感", "共感した", "いいね", "良い", "賛成", "そう思う", "参考になった"),
            *("ナイス", "ナイスクチコミ"),
            *("支持", "赞", "顶", "讚", "正評"),  # ("正評"/"負評": LIHKG's labels)
            *("亮了", "点亮"),  # (Hupu's: a reply "lit up")
            *("공감", "추천", "좋아요"),
        ],
        "up",
    ),
    **dict.fromkeys(
        [
            "うーん",
            "悪い",
            "反対",
            "そう思わない",
            "反对",
            "踩",
            "負評",
            "비공감",
            "비추천",
            "반대",  # (oppose: Bobaedream's "반대 1" beside "추천 12")
            "싫어요",
        ],
        "down",
    ),
    # counted, but neither for nor against: "I see", replies
    **dict.fromkeys(["なるほど", "返信", "回复", "回覆", "件", "답글"], "neutral"),
}


def _role_of_words(text: str, *, reaction: str = "up") -> str | None:
    """ "up", "down", "score", "neutral" or None from labels and classes; a mere reaction
    ("ReactionButton") gives ``reaction`` ("up" unless the caller asks to tell it apart)."""
    if text and text[-1] >= "\u2e80":
        role = _CJK_ROLES.get(text.strip())
        if role is not None:
            return role
    score = None
    lowered = text.lower()
    if "--" in lowered or any(mark in lowered for mark in _SIGN_MARKS):
        # "rating--positive", "rating__value_positive": the net's sign, for its colour (vc.ru's,
        # Rambler's)
        lowered = _SIGN_MODIFIER.sub(r"\1", lowered)
        if _SCORE_CLASS.search(lowered):
            # or a modifier class of its own beside it: Gazeta.Ru's "b_comment-rating-value
            # m_negative" on its "−4"
            lowered = _SIGN_CLASS.sub(" ", lowered)
    tokens = hint_tokens(lowered)
    if ("negative" in tokens or "positive" in tokens) and ("likes" in tokens or "like" in tokens):
        return "down" if "negative" in tokens else "up"  # 24ur's "comment-likes-negative"
    if "vote" in tokens and ("count" in tokens or "value" in tokens):
        # "pw-multi-vote-count" (Medium's claps), "vote__value" (vc.ru's net), unless a word
        # says which way
        score = "score"
    for token in tokens:
        # a title beside a class: Clien's <button class="comment_symph" title="공감">
        if token[-1:] >= "\u2e80" and (cjk := _CJK_ROLES.get(token)) in ("up", "down"):
            return cjk
        if (
            token in _DOWN_WORDS
            or token.startswith(("down", "dislike", "unlike", "thumbsdown", "disagree"))
            or token.endswith(("down", "dislike", "dislikes", "downvote", "downvotes"))
        ):
            return "down"
        if (
            token in _UP_WORDS
            or token.startswith(("upvote", "like", "thumbsup", "agree", "recommend"))
            or token.endswith(("up", "like", "likes", "upvote", "upvotes"))
        ):
            return "up"
        if token.startswith("reaction") or token.endswith(("react", "reactions")):
            # (Tuổi Trẻ's "totalreact": the reactions counted together)
            score = reaction  # unless a later word says it is a dislike (the BBC's buttons)
        elif token in _SCORE_WORDS:
            if token not in _WHICH_WAY_WORDS:
                return "score"  # a net: "wpd-vote-result wpd-up" is styled by its sign
            score = score or "score"  # unless a later word says which way ("rate-down")
    if (
        score is None
        # (not a vote widget named for the comments it sits in: vc.ru's "vote vote--comment
        # comments__item__vote" around a "0")
        and "vote" not in tokens
        and any(token in _OTHER_COUNTS or token.startswith("repost") for token in tokens)
    ):
        # a label counting something else: the NYT's "Replies 2", Bluesky's <button
        # aria-label="Reply (1 reply)">1</button>
        return "neutral"
    return score


#: Labels of counts that are no votes, beside the vote counts.
_OTHER_COUNTS = frozenset(("replies", "reply", "comments", "views", "shares", "answers"))


def _role_of_sign(sign: str) -> str | None:
    if not sign:
        return None
    if sign in "+▲△↑👍":
        return "up"
    if sign in "-−–▼▽↓👎":
        return "down"
    return None


def _role_near(node: LexborNode, container_id: int) -> str | None:
    """The role the markup around a number gives it: up/down from up to three enclosing
    elements inside the container, else ``score`` if the element holding the number says so
    (a ``rating-button-inline`` count inside a ``rate-down`` button is a down count)."""
    element: LexborNode | None = node.parent
    found = None
    for level in range(3):
        if element is None or element.mem_id == container_id:
            break
        attrs = element.attributes
        words = " ".join((hint_of(attrs), attrs.get("title") or "", _what_it_does(attrs)))
        role = _role_of_words(words, reaction="reaction") if words.strip() else None
        if role in ("up", "down") or (role == "neutral" and found is None):
            return role
        if role == "reaction":  # a count in a reaction button: which, the button may say
            # (a "number" or "count" in it is no net score: VnExpress's reactions-total)
            found = "up" if found in (None, "score") else found
        elif role == "score" and (level == 0 or _number_alone(element, node)):
            found = role
        element = element.parent
    return found


def _number_alone(element: LexborNode, node: LexborNode) -> bool:
    """Whether ``element`` shows nothing but the number of its text node ``node`` (Medium's
    ``<div class="pw-multi-vote-count"><p><span>86</span></p></div>``: the count's element)."""
    return element.text(deep=True).strip() == (node.text_content or "").strip()


def read_split_votes(container: LexborNode, *, max_nodes: int = 60) -> Votes | None:
    """Votes spread over elements: ``<b class=score>4</b> <a class=up>+7</a> <a class=down>-3</a>``.

    A number's role comes from the classes, titles and labels of the elements around it
    (inside ``container``), else from its sign or arrow, else from a text label just before it
    (``Likes: 7``); an unmarked number is the net score. Up and down must both be known (or
    follow from the score); the net score defaults to up - down.
    """
    found: dict[str, int] = {}
    slots: dict[str, LexborNode | None] = {}
    label = ""
    guessed = False  # the score is a number nothing marks
    container_id = container.mem_id
    seen = 0  # (a vote form's hidden fields count for none: Novinky's, eight of them a form)
    for node in container.traverse(include_text=True):
        if node.tag == "input" or (node.is_text_node and _in_form(node)):
            continue
        seen += 1
        if seen > max_nodes:
            return None
        if not node.is_text_node:
            continue
        raw = (node.text_content or "").strip()
        if not raw:
            continue
        if raw[0] == "(" and raw[-1] == ")":
            raw = raw[1:-1].strip()  # "Agree (48)": the count in brackets (the ET's)
        match = _NUMBER.fullmatch(raw)
        if match is None:
            if len(raw) > 30:
                continue
            # the way and its count in one text: Bobaedream's <a>추천 1</a> <a>반대 16</a>
            inline = _WORD_AND_COUNT.fullmatch(raw)
            if inline is None or _role_of_words(inline.group(1)) not in ("up", "down"):
                label = raw
                continue
            label, match = inline.group(1), _NUMBER.fullmatch(inline.group(2))
            if match is None:
                continue
        sign, value = match.group(1), _signed(match.group(2))
        role = (
            _role_near(node, container_id)
            or _role_of_icon(node)
            or _role_of_sign(sign)
            or (_role_of_words(label) or _role_of_sign(label[-1]) if label else None)
        )
        if role is None and label == "/" and ("up" in found) != ("down" in found):
            # the other way's count after a bar, unmarked when none voted that way: Novinky's
            # <span class="plus">+7</span> / <span>0</span>
            role = "down" if "up" in found else "up"
        elif role in (None, "score", "down") and label == "/" and list(found) == ["score"]:
            # two counts parted by a bar, the first unmarked: up, then down (iDNES's
            # <div class="score"><span>0</span>/<span>−1</span>)
            found["up"], slots["up"] = found.pop("score"), slots.pop("score")
            role, guessed = "down", False
        if role is None:
            role = "score"
            guessed = guessed or "score" not in found
        label = ""
        if role == "neutral":  # なるほど 56: a reaction neither for nor against
            continue
        element = node.parent
        if (
            role in found
            and element is not None
            and (slot := slots[role]) is not None
            and _alike(slot, element)
        ):
            # two counts in elements alike ("likesCount" in both Haaretz's Like and Dislike
            # buttons): their class is no way; the elements around them say which, if any
            first_way = _role_near(slot, container_id)
            this_way = _role_near(element, container_id)
            if first_way in ("up", "down") and this_way in ("up", "down") and first_way != this_way:
                found[first_way] = found.pop(role)
                slots[first_way] = slots.pop(role)
                role = this_way
        if role not in found:
            found[role] = -value if role == "score" and sign and sign in "-−–" else value
            slots[role] = node.parent
    up, down, score = found.get("up"), found.get("down"), found.get("score")
    if score is not None and up is None and down is None and (slot := slots.get("score")):
        told = _told_split(slot, score)  # (Habr's "Общий рейтинг 18: ↑17 и ↓1" over "+16")
        if told is not None:
            return told
    if score is None and (up is None) != (down is None):  # the other count's slot left empty
        counted = slots["up" if up is not None else "down"]
        missing = "down" if down is None else "up"
        if counted is not None and _empty_slot(container, counted, missing):
            up, down = up or 0, down or 0
    if up is not None and down is not None:
        return Votes(up - down if score is None else score, up, down)
    if guessed:
        # an unmarked number beside a count of one way only tells nothing of the other way
        # (Quora's "Upvote · 214" beside a share button's "3" is no 211 downvotes)
        return None
    if score is not None and up is not None and up - score >= 0:
        return Votes(score, up, up - score)
    if score is not None and down is not None and score + down >= 0:
        return Votes(score, score + down, down)
    return None


def _in_form(text: LexborNode) -> bool:
    parent = text.parent
    return parent is not None and parent.tag == "form"


def _alike(one: LexborNode, other: LexborNode) -> bool:
    return (
        one.mem_id != other.mem_id
        and one.tag == other.tag
        and one.attributes.get("class") == other.attributes.get("class")
    )


def _role_of_icon(node: LexborNode) -> str | None:
    """The role an icon just before a count's element gives it: ``<span class="icon i-up">
    </span><span class="u-num">5</span>`` (NetEase)."""
    element = node.parent
    before = sibling(node, forward=False)  # (inside the count's element: V2EX's <img alt="❤️"> 1)
    if before is None and element is not None:
        before = sibling(element, forward=False)
    if before is None or before.is_text_node or before.text(deep=True).strip():
        return None
    attrs = before.attributes
    alt = (attrs.get("alt") or "").strip()
    if alt and alt.strip(_REACTION_MARKS) == "":
        return "up"  # a heart, a star, a thumb
    words = " ".join((hint_of(attrs), attrs.get("title") or "", alt, _what_it_does(attrs)))
    role = _role_of_words(words) if words.strip() else None
    return role if role in ("up", "down") else None


def _what_it_does(attrs: dict[str, str | None]) -> str:
    """What a control's data attributes say it does: ``data-type="like"``, ``data-action=
    "dislike"``, ``data-reaction="like"`` (Hespress's thumbs, labelled only in Arabic)."""
    return " ".join(value for name in _DOES_ATTRIBUTES if (value := attrs.get(name)))


_DOES_ATTRIBUTES = ("data-type", "data-action", "data-reaction")


def _empty_slot(container: LexborNode, counted: LexborNode, role: str) -> bool:
    """Whether ``container`` shows the ``role`` count as an empty element alike to the one
    holding the other count (Daily Mail leaves a zero out: ``<div class=rating-button-inline>
    </div>`` in its up button)."""
    tag, css_class = counted.tag, counted.attributes.get("class")
    for element in container.traverse():
        if (
            element.tag == tag
            and element.mem_id != counted.mem_id
            and (element.attributes.get("class") == css_class or _twin_slot(element, counted))
            and not element.text(deep=True).strip()
        ):
            attrs = element.attributes
            words = " ".join((hint_of(attrs), attrs.get("title") or ""))
            own = _role_of_words(words) if words.strip() else None
            if (own if own in ("up", "down") else _role_near(element, container.mem_id)) == role:
                return True
    return False


def _twin_slot(element: LexborNode, counted: LexborNode) -> bool:
    """Whether ``element`` is the only element in a button alike to the one ``counted`` is
    the only element of (NDTV's ``<button class="cmt_lk"><span class="cmt_lk-cnt">12</span>``
    beside ``<button class="cmt_dlk"><span class="cmt_dlk-cnt"></span>``)."""
    holder, counted_holder = element.parent, counted.parent
    return (
        holder is not None
        and counted_holder is not None
        and holder.tag == counted_holder.tag
        and holder.parent is not None
        and counted_holder.parent is not None
        and holder.parent.mem_id == counted_holder.parent.mem_id
        and (only := _only_element(holder)) is not None
        and only.mem_id == element.mem_id
        and _only_element(counted_holder) is not None
    )


def _only_element(node: LexborNode) -> LexborNode | None:
    """The one element child of ``node`` (its icons aside), or None."""
    found = None
    for child in node.iter():
        if child.tag in ("svg", "img", "i"):
            continue
        if found is not None:
            return None
        found = child
    return found


def read_votes(element: LexborNode) -> Votes | None:
    """The votes an element shows, as a vote line or as separate up/down elements."""
    text = element.text(deep=True, separator=" ")
    if len(text) <= _MAX_LINE:
        votes = read_vote_line(text)
        if votes is not None:
            return votes
    return read_split_votes(element)


@dataclass(slots=True)
class VoteSite:
    element: LexborNode
    votes: Votes


@dataclass(slots=True)
class TextScan:
    """Short text nodes worth a second look, from one pass over the page."""

    plus: list[LexborNode]  # may be part of a vote line: "+2"
    numbers: list[LexborNode]  # may be a separate up/down count: "7"
    comment_words: list[LexborNode]  # may announce the thread: "19 Comments"


def scan_texts(root: LexborNode) -> TextScan:
    """One pass over every text node under ``root``, with only ``in`` tests per node."""
    scan = TextScan([], [], [])
    for node in root.traverse(include_text=True, skip_empty=True):
        text = node.text_content
        if text is None or len(text) > _MAX_LINE:
            continue
        if "+" in text:
            scan.plus.append(node)
        elif "omment" in text or "OMMENT" in text:
            scan.comment_words.append(node)
        else:
            stripped = text.strip()
            if 0 < len(stripped) <= 12 and stripped[-1].isdigit():
                scan.numbers.append(node)
            elif stripped[:1].isdigit() and (
                (stripped[-1] in _SCALES and len(stripped) <= 6)
                or (stripped.endswith("mil") and len(stripped) <= 8)
            ):
                scan.numbers.append(node)  # "1.1K", "1,2 mil"
            elif stripped[-1:] == ")" and "/" in stripped:
                scan.plus.append(node)  # "(187 / -9)": a vote line without its plus
            elif stripped[-1:] == ")" and stripped[:1] == "(" and stripped[1:-1].isdigit():
                scan.numbers.append(node)  # "(48)": a count in brackets
    return scan


def find_vote_sites(root: LexborNode, scan: TextScan | None = None) -> list[VoteSite]:
    """Every element under ``root`` that shows one comment's votes, in page order.

    A text with a ``+`` may belong to a vote line: the smallest enclosing element whose whole
    text is a vote line is taken. Only when the page shows no vote line are numbers in
    separate up/down elements looked at.
    """
    scan = scan or scan_texts(root)
    sites: list[VoteSite] = []
    taken: set[int] = set()
    for node in scan.plus:
        site = _climb_to_vote_line(node, taken)
        if site is not None:
            sites.append(site)
    if sites:
        return sites
    for node in scan.numbers + scan.plus:
        site = _climb_to_split_votes(node, taken)
        if site is not None:
            sites.append(site)
    if len(sites) > 1:
        sites.extend(_empty_widgets(root, sites, taken))
        order = {node.mem_id: i for i, node in enumerate(root.traverse())}
        sites.sort(key=lambda site: order.get(site.element.mem_id, 0))
        _zero_ways_left_out(sites)
    return _drop_enclosing(sites)


def _zero_ways_left_out(sites: list[VoteSite]) -> None:
    """A count a widget leaves out where nobody voted that way is 0, on a page whose other
    widgets show both counts: FM Korea's empty ``blamed_count``, OpenWeb's "Vote Down"
    button without its counter (a page showing no widget with both, YouTube's hidden
    dislikes, says nothing of the other way)."""
    if not any(site.votes.up is not None and site.votes.down is not None for site in sites):
        return
    for site in sites:
        score, up, down = site.votes.score, site.votes.up, site.votes.down
        if up is None and down is not None and score == -down:
            missing = "up"
        elif down is None and up is not None and score == up:
            missing = "down"
        else:
            continue
        if _shows_control(site.element, missing):
            site.votes = Votes(score, up or 0, down or 0)


def _shows_control(widget: LexborNode, role: str) -> bool:
    """Whether ``widget`` holds a button (or any element) saying it votes ``role`` and
    showing no number."""
    return any(
        not any(ch.isdigit() for ch in control.text(deep=True))
        for control in _controls(widget, (role,))
    )


def _controls(element: LexborNode, roles: tuple[str, ...]) -> Iterator[LexborNode]:
    """The elements in ``element`` (itself too) whose classes, label, title or own short
    words ("Like", "赞") say they vote one of ``roles``."""
    for node in element.traverse(include_text=True):
        if node.is_text_node:
            words = (node.text_content or "").strip()
            if 0 < len(words) <= _LABEL and _role_of_words(words) in roles and node.parent:
                yield node.parent
            continue
        attrs = node.attributes
        words = " ".join((hint_of(attrs), attrs.get("aria-label") or "", attrs.get("title") or ""))
        if words.strip() and _role_of_words(words) in roles:
            yield node


#: The longest a control's own words may be ("Recommend", "Gefällt mir", "赞").
_LABEL = 30


def _climb_to_vote_line(node: LexborNode, taken: set[int]) -> VoteSite | None:
    element = node.parent
    for _ in range(5):
        if element is None:
            return None
        key = element.mem_id
        if key in taken:
            return None
        text = element.text(deep=True, separator=" ")
        if len(text) > _MAX_LINE:
            # (the markup's indentation may make a short line long: Japan Today's
            # "+14 \n   ( +18 / -4 )" in an indented vote box)
            if len(text) - text.count(" ") - text.count("\n") <= _MAX_LINE:
                text = " ".join(text.split())
            if len(text) > _MAX_LINE:
                return None
        votes = read_vote_line(text)
        if votes is not None:
            taken.add(key)
            return VoteSite(element, votes)
        element = element.parent
    return None


#: A form's choices: a thread's filter ("Filter: -1 0 +1 +2"), not anybody's votes.
_CHOICES = frozenset(("option", "select", "optgroup"))
#: Who posted: a byline's name, which no vote widget holds.
_POSTER = "[class*=user i], [class*=author i], [class*=nick i], [class*=name i]"


def _climb_to_split_votes(node: LexborNode, taken: set[int]) -> VoteSite | None:
    element = node.parent
    for _ in range(5):
        if element is None or element.tag in ("body", "html") or element.tag in _CHOICES:
            return None
        key = element.mem_id
        if key in taken:
            return None
        text = element.text(deep=True)
        if len(text) > 120 and len("".join(text.split())) > 120:
            return None  # more than a vote widget (a template's indentation aside, tabs too)
        if len(text) > 120 and element.css_first(_POSTER) is not None:
            return None  # a byline holding the votes (Pikabu's "comment__header"), not them
        votes = read_split_votes(element)
        if votes is not None:
            taken.add(key)
            return VoteSite(element, votes)
        element = element.parent
    return None


def _empty_widgets(root: LexborNode, sites: list[VoteSite], taken: set[int]) -> list[VoteSite]:
    """The vote widgets of comments nobody voted on one way or both: the elements alike (same
    tag and classes; the parent's, when the widget has none: Wykop's classless ``<ul>`` in a
    ``section.rating-box``) to the up/down widgets found, showing no number where a page
    leaves zero counts out, or one count alone (Wykop's ``<li class="plus">12</li>`` with no
    ``li.minus``)."""
    if not all(site.votes.up is not None and site.votes.down is not None for site in sites):
        return []
    holders = [
        (site.element, False)
        if site.element.attributes.get("class")
        else (site.element.parent, True)
        for site in sites
    ]
    kinds = Counter(
        (holder.tag, holder.attributes.get("class"), inside)
        for holder, inside in holders
        if holder is not None
    )
    (tag, css_class, inside), count = kinds.most_common(1)[0]
    if count < 2 or not css_class or not tag or '"' in css_class or "\\" in css_class:
        return []
    if not tag.replace("-", "").isalnum():
        return []  # (a tag a broken page names with a mark no selector can say)
    if not _WIDGET_WORDS.search(css_class):
        # a class that says nothing of votes ("css-175oi2r", React Native Web's for every
        # view) is on every element alike, not only on the vote widgets; its buttons' may
        return _widgets_by_their_buttons(root, sites, taken)
    widget_tag = sites[0].element.tag
    if widget_tag and not widget_tag.replace("-", "").isalnum():
        widget_tag = None
    alike = select(root, f'{tag}[class="{css_class}"]')
    return _read_empty(
        (holder.css_first(widget_tag) if inside and widget_tag else holder for holder in alike),
        taken,
    )


def _read_empty(widgets: Iterable[LexborNode | None], taken: set[int]) -> list[VoteSite]:
    """The votes of widgets alike to the found ones but not read: none shown, or one count."""
    found: list[VoteSite] = []
    for element in widgets:
        if element is None or element.mem_id in taken:
            continue
        text = element.text()
        if not any(ch.isdigit() for ch in text):
            taken.add(element.mem_id)
            found.append(VoteSite(element, Votes(0, 0, 0)))
        elif (votes := _one_count(element)) is not None:
            taken.add(element.mem_id)
            found.append(VoteSite(element, votes))
    return found


def _widgets_by_their_buttons(
    root: LexborNode, sites: list[VoteSite], taken: set[int]
) -> list[VoteSite]:
    """Widgets alike to the found ones told by their buttons' class, where their own says
    nothing of votes: Investing.com's ``<div class="flex items-center gap-3">`` holding two
    ``<button class="comment_vote__JkX1g …">``, a zero count left out of either."""
    kinds: Counter[tuple[str, str]] = Counter()
    for site in sites:
        for child in site.element.iter():
            css_class = child.attributes.get("class")
            if child.tag and css_class and _WIDGET_WORDS.search(css_class):
                kinds[(child.tag, css_class)] += 1
    if not kinds:
        return []
    (tag, css_class), count = kinds.most_common(1)[0]
    if count < 2 or not tag.isalnum() or '"' in css_class or "\\" in css_class:
        return []
    parents: dict[int, LexborNode] = {}
    for button in select(root, f'{tag}[class="{css_class}"]'):
        parent = button.parent
        if parent is not None:
            parents.setdefault(parent.mem_id, parent)
    return _read_empty(parents.values(), taken)


#: What a vote widget's class says it is.
_WIDGET_WORDS = re.compile(
    r"vote|rat(?:e|ing)|score|karma|point|like|thumb|plus|minus|up|down|recommend|kudos|react"
    r"|action"  # a comment's action bar: like, dislike, reply ("vf-content-actions")
    r"|footer|ftr",  # a comment's footer of buttons (NDTV's "cmt_ftr")
    re.IGNORECASE,
)


def _one_count(element: LexborNode) -> Votes | None:
    """The votes of a widget showing one count alone: up (or a net score) unless its markup
    says down. Beside words ("Reply", "Report"), the count's markup must say which way it
    counts (Viafoura's ``like-count`` in a bar that also replies): a bare number there may
    count the replies."""
    texts = [
        node
        for node in element.traverse(include_text=True)
        if node.is_text_node and (node.text_content or "").strip()
    ]
    numbers = [node for node in texts if any(ch.isdigit() for ch in node.text_content or "")]
    if len(numbers) != 1:
        return None
    match = _NUMBER.fullmatch((numbers[0].text_content or "").strip())
    if match is None:
        return None
    count = _signed(match.group(2))
    role = _role_near(numbers[0], element.mem_id)
    if len(texts) > 1 and role not in ("up", "down"):
        return None
    down = role == "down" or _role_of_sign(match.group(1)) == "down"
    for holder in (numbers[0].parent, element):  # the split its label gives (Pikabu's)
        if holder is not None and (told := _told_split(holder, -count if down else count)):
            return told
    if down:
        return Votes(-count, None, count)
    return Votes(count, count, None)


def _drop_enclosing(sites: list[VoteSite]) -> list[VoteSite]:
    """A container found from one number may enclose a smaller one found from another."""
    if len(sites) < 2:
        return sites
    keys = {site.element.mem_id for site in sites}
    kept = []
    for site in sites:
        own = site.element.mem_id
        inner = any(
            child.mem_id in keys and child.mem_id != own for child in site.element.traverse()
        )
        if not inner:
            kept.append(site)
    return kept


# -- net scores and likes, on pages without up/down counts ------------------------------

#: ``152 points``, ``-3 pts``, ``12 likes``, ``23 favorites``, ``Score: 5``,
#: ``(Score:5, Insightful)``,
#: ``2 people like this.`` (SMF).
_WORDED_SCORE = re.compile(
    r"\(?\s*(?P<word1>score|points|votes|rating|karma|likes)\s*:?\s*(?P<n1>[-+−–]?\d{1,7})"
    r"(?:\s*,\s*[a-z]+)?\s*\)?"
    r"|(?P<n2>[-+−–]?(?:\d{1,3}[.,]\d[kK]|\d{1,3}[kK]|\d{1,7}))\s*(?P<word2>points?|pts\.?|votes?|likes?|favou?rites?|faves?"
    r"|(?:people|persons?|users?|members?)\s+(?=likes?\s+this)likes?\s+this\.?)"
    r"|(?P<word3>赞|顶|亮了|いいね|좋아요)\s*[(（]?\s*(?P<n3>\d{1,7})\s*[)）]?",  # "赞 (12)"
    re.IGNORECASE,
)
#: ("1,286": Sina's; "1.286": VnExpress's; "1.2K": YouTube's, "1.1万": Bilibili's)
_BARE_NUMBER = re.compile(
    rf"[-+−–]?(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d{{1,7}}|{_SHORT_COUNT})"
)
#: What a reaction button shows before its count ("⭐ 28", "❤️ 11").
_REACTION_MARKS = "⭐★❤♥👍\ufe0f \u00a0"
#: Attributes of a comment's own element that give its net score.
_SCORE_ATTRIBUTES = ("score", "data-score", "points", "data-points", "data-kudos")
#: Those that give its likes.
_LIKES_ATTRIBUTES = ("data-favorite-count", "data-like-count", "data-likes", "data-likes-count")
_NO_SCORE_TAGS = frozenset(("script", "style", "blockquote", "q", "template"))
_SCORE_TEXT_NODES = 200
#: A score drawn as an image, its number in its ``alt`` (heise's rating bar).
_SCORE_IMAGE = "[class*=rating i] > img[alt], [class*=score i] > img[alt]"


@dataclass(frozen=True, slots=True)
class NetScore:
    """A net score or like count a comment shows, and the kind (tag, class) of the element
    around its count's own: the like button or box that comments nobody liked show without
    a count (``None`` where the score is no text of its own, or that element is the block)."""

    votes: Votes
    holder: tuple[str, str] | None


def read_net_score(block: LexborNode, skip: set[int], own_words: str) -> NetScore | None:
    """The net score or like count a comment shows without up/down counts, or None.

    An attribute of the block's own element (``score="12"``) says it; else it is looked for
    in the first text nodes of ``block`` outside ``skip`` (nested replies): a text
    that says what its number is (``152 points``, ``Score: 5``, ``12 likes``), or a bare number
    in an element whose class or title says so (``<span class=score>12</span>``). A text that
    is part of the comment's own words (``own_words``) is never taken for its score.
    """
    attrs = block.attributes
    for name in _SCORE_ATTRIBUTES:  # <shreddit-comment score="-8">: the element says it
        value = (attrs.get(name) or "").strip()
        if value and _BARE_NUMBER.fullmatch(value):
            return NetScore(_net_votes(value, likes=False), None)
    for name in _LIKES_ATTRIBUTES:  # Ekşi Sözlük's <li data-favorite-count="14">
        value = (attrs.get(name) or "").strip()
        if value.isdigit():
            return NetScore(_net_votes(value, likes=True), None)
    for scored in block.css("[score]"):  # Tweakers' <button is="twk-moderation-button" score=1>
        value = (scored.attributes.get("score") or "").strip()
        if _BARE_NUMBER.fullmatch(value) and not in_nested_block(scored, block.mem_id, skip):
            return NetScore(_net_votes(value, likes=False), None)
    image = block.css_first(_SCORE_IMAGE)
    if image is not None and _BARE_NUMBER.fullmatch(alt := (image.attributes.get("alt") or "")):
        return NetScore(_net_votes(alt.strip(), likes=False), None)  # heise's: <img alt="-14">
    bar = block.css_first(_REACTIONS_BAR)
    if bar is not None and not in_nested_block(bar, block.mem_id, skip):
        reactors = _reactors(bar)
        if reactors is not None:
            return NetScore(Votes(reactors, reactors, None), None)
    budget = [_SCORE_TEXT_NODES]
    for node in _text_nodes(block, skip, budget):
        raw = (node.text_content or "").strip()
        if not raw or len(raw) > 40 or not any(ch.isdigit() for ch in raw):
            continue
        if raw[0] in _REACTION_MARKS:  # "⭐ 28" on a reaction button
            raw = raw.lstrip(_REACTION_MARKS)
        elif raw[0] == "(" and raw[-1] == ")":  # "Like (7)": the count in brackets
            raw = raw[1:-1].strip()
        if (
            raw in own_words
            and _in_words(raw, own_words)
            # (unless its element says it counts votes: Disqus' <a class="vote-up count-1"><span
            # class="count">1</span>, under "Нова 1 на 625")
            and not _count_in_vote_control(node)
        ):
            continue
        match = _WORDED_SCORE.fullmatch(raw)
        if match is not None:
            number = _as_if_unvoted(node) or _worded_number(match)
            word = (match.group("word1") or match.group("word2") or "").lower()
            likes = "like" in word or "fav" in word or match.group("word3") is not None
            return NetScore(_net_votes(number, likes=likes), _holder(node, block.mem_id))
        if _BARE_NUMBER.fullmatch(raw) and (worded := _worded_around(node, block.mem_id)):
            # the words saying what the number is in elements of their own around it:
            # Slashdot's <span class="score"> (<span>Score:</span><a>5</a>, Insightful)</span>
            word = (worded.group("word1") or worded.group("word2") or "").lower()
            likes = "like" in word or "fav" in word or worded.group("word3") is not None
            return NetScore(_net_votes(_worded_number(worded), likes=likes), None)
        if _BARE_NUMBER.fullmatch(raw):
            role = (
                _role_near(node, block.mem_id)
                or _role_of_icon(node)
                or _role_of_label(node, block.mem_id)
                or _icon_in_like_bar(node, block.mem_id)
            )
            if role == "up" and _beside_a_down_control(node, block.mem_id):
                role = "score"  # one count between ▲ and ▼: the net (Kaskus's)
            if role in ("score", "up"):
                votes = (
                    _split_in_title(node, block.mem_id, raw)
                    or _labelled_counts(node)
                    or _net_votes(raw, likes=role == "up")
                )
                return NetScore(votes, _holder(node, block.mem_id))
    return None


def _worded_around(node: LexborNode, container_id: int) -> re.Match[str] | None:
    """The worded score (``(Score:5, Insightful)``) that an element up to two levels around a
    number shows, its words in elements of their own."""
    element = node.parent
    for _ in range(2):
        if element is None or element.mem_id == container_id:
            return None
        shown = element.text(deep=True).strip()
        if len(shown) > 40:
            return None
        if (match := _WORDED_SCORE.fullmatch(shown)) is not None:
            return match
        element = element.parent
    return None


def _count_in_vote_control(node: LexborNode) -> bool:
    """Whether a number is the count of a vote control: a "count" inside a "vote…" link or
    button (Disqus' <a class="vote-up count-1"><span class="updatable count">1</span>), or in
    the control itself."""
    holder = node.parent
    control = holder.parent if holder is not None else None
    if holder is None or control is None:
        return False
    held = hint_tokens((holder.attributes.get("class") or "").lower())
    if any(token.startswith(("vote", "upvote")) for token in held):
        return True  # the control showing its count itself (Lobsters' <a class="upvoter">2</a>)
    if "count" not in held:
        return False
    classes = (control.attributes.get("class") or "").lower()
    return any(token.startswith("vote") for token in hint_tokens(classes))


def _beside_a_down_control(count: LexborNode, container_id: int) -> bool:
    """Whether a count's element sits between an "up" control and a "down" one, neither
    showing a number: ``[▲] 15 [▼]``, one count for both, the net."""
    element = count.parent
    if element is None or element.mem_id == container_id:
        return False
    before, after = sibling(element, forward=False), sibling(element, forward=True)
    return (
        before is not None
        and after is not None
        and not before.is_text_node
        and not after.is_text_node
        and _shows_control(before, "up")
        and _shows_control(after, "down")
    )


_OWN_COUNT = re.compile(r"count-\d+")


def _holder(count: LexborNode, block_id: int) -> tuple[str, str] | None:
    """The kind of the nearest element with a class around the element of a count (Sina's
    ``<a class=vote><span>赞<em>12</em>``), not the block's own."""
    element = count.parent
    for _ in range(3):
        element = element.parent if element is not None else None
        if element is None or element.mem_id == block_id:
            return None
        if classes := element.attributes.get("class"):
            if "count-" in classes:  # (Disqus' "vote-up count-47": this comment's own)
                classes = " ".join(c for c in classes.split() if _OWN_COUNT.fullmatch(c) is None)
            return element.tag or "", classes
    return None


def shows_no_count(block: LexborNode, skip: set[int], holder: tuple[str, str]) -> bool:
    """Whether ``block`` (outside ``skip``) shows an element of the kind ``holder`` with no
    number in it and a like or vote control: the like button of a comment nobody liked,
    where others show their count (not a footer that only holds a permalink, nor a score
    the site hides for now: "[score hidden]")."""
    for element in _of_kind(block, skip, holder):
        text = element.text(deep=True)
        for moment in element.css(_TIMES) if any(ch.isdigit() for ch in text) else ():
            text = text.replace(moment.text(deep=True), "", 1)  # Facebook's bar: "Like · 17h"
        if (
            not any(ch.isdigit() for ch in text)
            and "hidden" not in text.lower()
            and not _HIDDEN_MARK.fullmatch(text)
            and next(_controls(element, ("up", "score")), None) is not None
        ):
            return True
    return False


#: What a vote control shows in place of a count it hides for now: Lobsters' "~" on a new
#: comment's score.
_HIDDEN_MARK = re.compile(r"\s*[~?…]\s*")


#: The elements showing a time, in a bar that may also show a like count.
_TIMES = "time, abbr, [datetime], [data-utime]"


def _of_kind(node: LexborNode, skip: set[int], kind: tuple[str, str]) -> Iterator[LexborNode]:
    """The elements of ``kind`` in ``node``, also those with a class added to its classes:
    Gigya's empty like button is "gig-comment-vote-pos gig-comment-vote-noVotes"."""
    for child in node.iter():
        if child.mem_id in skip or child.tag in _NO_SCORE_TAGS:
            continue
        classes = child.attributes.get("class") if child.tag == kind[0] else None
        if classes is not None and (
            classes == kind[1] or (classes.startswith(kind[1]) and _adds_classes(classes, kind[1]))
        ):
            yield child
        else:
            yield from _of_kind(child, skip, kind)


def _adds_classes(classes: str, kind: str) -> bool:
    return bool(kind) and set(kind.split()) <= set(classes.split())


def _labelled_counts(node: LexborNode) -> Votes | None:
    """Likes from counts alike side by side, each after its own label, none of them a down
    count: Fark's "Smart <span class=voteCount>41</span> | Funny <span class=voteCount>12
    </span>", two ways of voting a comment up (an empty count is 0)."""
    element = node.parent
    holder = element.parent if element is not None else None
    if element is None or holder is None or not element.attributes.get("class"):
        return None
    kind = (element.tag, element.attributes.get("class"))
    total = counts = 0
    for alike in holder.iter():
        if (alike.tag, alike.attributes.get("class")) != kind:
            continue
        text = alike.text(deep=True).strip()
        if text and not _BARE_NUMBER.fullmatch(text):
            return None
        label = sibling(alike, forward=False)
        words = (label.text_content if label.is_text_node else label.text()) if label else ""
        if not words or not words.strip() or _role_of_words(words.strip()) == "down":
            return None
        total += _signed(text or "0")
        counts += 1
    return Votes(total, total, None) if counts >= 2 else None


def _icon_in_like_bar(node: LexborNode, container_id: int) -> str | None:
    """ "up" for a count after an icon that says nothing, in a bar whose "Like" control shows
    no count of its own: Facebook's comment plugin, "Like · Reply · <i class="img sp_…"></i>34
    · 17h". (An icon saying it counts replies or comments is no like's.)"""
    before = sibling(node, forward=False)
    if before is None or before.is_text_node or before.text(deep=True).strip():
        return None
    hint = hint_of(before.attributes)
    if any(word in hint for word in ("comment", "repl", "chat", "bubble", "view", "eye")):
        return None
    element = node.parent
    for _ in range(2):
        element = element.parent if element is not None else None
        if element is None or element.mem_id == container_id:
            return None
        if _shows_control(element, "up"):
            return "up"
    return None


def _role_of_label(node: LexborNode, container_id: int) -> str | None:
    """The role a label just before a number's element gives it ("ナイスクチコミ!<strong>6",
    kakaku.com's likes), or the button just after it names ("Recommend comment")."""
    element = node.parent
    for _ in range(2):
        if element is None or element.mem_id == container_id:
            return None
        before = sibling(element, forward=False)
        if before is not None:
            label = (before.text_content if before.is_text_node else before.text()) or ""
            label = label.strip().rstrip("!！:：")
            return _role_of_words(label) if 0 < len(label) <= 30 else None
        after = sibling(element, forward=True)  # "45", <button aria-label="Recommend comment">
        if after is not None and not after.is_text_node:
            attrs = after.attributes
            words = " ".join((attrs.get("aria-label") or "", attrs.get("title") or ""))
            return _role_of_words(words) if words.strip() else None
        element = element.parent
    return None


#: A widget's tooltip giving both counts: "Всего голосов 20: ↑19 и ↓1" (Habr), "↑7 / ↓2".
#: Up and down counts a net's tooltip or label gives: Habr's "Общий рейтинг 18: ↑17 и ↓1",
#: Pikabu's aria-label="5 плюсов, 1 минус".
_ARROW_COUNTS = re.compile(r"[↑▲]\s*(\d{1,7})\D{1,12}?[↓▼]\s*(\d{1,7})")
_WORDED_COUNTS = re.compile(
    r"(\d{1,7})\s*(?:плюс\w*|up\w*|likes?)\W{1,4}(\d{1,7})\s*(?:минус\w*|down\w*|dislikes?)",
    re.IGNORECASE,
)


def _told_split(element: LexborNode, net: int) -> Votes | None:
    """The up and down counts an element's ``title`` or ``aria-label`` gives, when they make
    the ``net`` it shows."""
    attrs = element.attributes
    for name in ("title", "aria-label"):
        told = attrs.get(name)
        if not told or not any(ch.isdigit() for ch in told):
            continue
        match = _ARROW_COUNTS.search(told) or _WORDED_COUNTS.search(told)
        if match is not None:
            up, down = int(match.group(1)), int(match.group(2))
            return Votes(net, up, down) if up - down == net else None
    return None


def _split_in_title(node: LexborNode, container_id: int, net: str) -> Votes | None:
    """The up and down counts a net score's widget gives in its tooltip or label, when they
    make that score."""
    element = node.parent
    for _ in range(3):
        if element is None or element.mem_id == container_id:
            return None
        if (told := _told_split(element, _signed(net))) is not None:
            return told
        element = element.parent
    return None


def _in_words(text: str, words: str) -> bool:
    """Whether ``text`` is in ``words`` as whole words: "2" is not in "25% tariffs"."""
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", words) is not None


def _worded_number(match: re.Match[str]) -> str:
    return match.group("n1") or match.group("n2") or match.group("n3") or "0"


def _as_if_unvoted(node: LexborNode) -> str | None:
    """The middle of three scores side by side one apart ("151 points", "152 points",
    "153 points" in three spans of one tag): a page showing what the score becomes when the
    reader votes down, does not vote, or votes up, the other two hidden by its stylesheet
    (old Reddit). ``None`` when the element holding ``node`` is not the first of three such."""
    element = node.parent
    numbers: list[str] = []
    current = element
    while element is not None and current is not None and len(numbers) < 3:
        if current.is_text_node and not (current.text_content or "").strip():
            current = current.next
            continue
        match = _WORDED_SCORE.fullmatch(current.text(deep=True).strip())
        if current.tag != element.tag or match is None:
            break
        numbers.append(_worded_number(match))
        current = current.next
    if len(numbers) < 3:
        return None
    low, middle, high = (_signed(n) for n in numbers)
    if middle - low != 1 or high - middle != 1:
        return None
    # (unless the entry says how the reader who saved the page voted: old Reddit's <div
    # class="entry likes"> shows the score with their vote up)
    holder = element.parent if element is not None else None
    for _ in range(2):
        if holder is None:
            break
        way = set((holder.attributes.get("class") or "").split()) & {"likes", "dislikes"}
        if way:
            return numbers[2] if way == {"likes"} else numbers[0]
        holder = holder.parent
    return numbers[1]


#: XenForo's bar of who reacted to a post: "A, B, C and 12 others", empty when none did.
_REACTIONS_BAR = "[class~=reactionsBar]"
_OTHERS_COUNT = re.compile(r"(\d{1,7})\s+others?")


def _reactors(bar: LexborNode) -> int | None:
    """How many reacted, by the names a reactions bar lists and the others it counts; 0 for
    an empty bar; None when it shows a count alone (read as any other count)."""
    text = collapse(bar.text(deep=True, separator=" ")).removeprefix("Reactions:").strip()
    if not text:
        return 0
    if text.isdigit():
        return None
    head, joined, tail = text.rpartition(" and ")
    if not joined:
        return text.count(",") + 1
    others = _OTHERS_COUNT.fullmatch(tail)
    return head.count(",") + 1 + (int(others.group(1)) if others else 1)


def _net_votes(number: str, *, likes: bool) -> Votes:
    value = _signed(number)
    return Votes(value, abs(value) if likes else None, None)


def _text_nodes(node: LexborNode, skip: set[int], budget: list[int]) -> Iterator[LexborNode]:
    for child in node.iter(include_text=True):
        if budget[0] <= 0:
            return
        budget[0] -= 1
        if child.is_text_node:
            yield child
        elif child.mem_id not in skip and child.tag not in _NO_SCORE_TAGS:
            attrs = child.attributes
            if about_the_poster(attrs.get("class")):
                continue  # reputation: no score
            if ("style" in attrs or "hidden" in attrs) and is_hidden(attrs):
                continue  # (Tuổi Trẻ's hidden counts per reaction, beside their shown total)
            yield from _text_nodes(child, skip, budget)
