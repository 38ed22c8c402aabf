"""Small, fast helpers over selectolax (lexbor) nodes shared by the extractors.

Everything here is called once per element of a comment section, so it avoids regexes and
repeated attribute parsing: hints are computed once per distinct attribute combination.
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from selectolax.lexbor import SelectolaxError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: Elements that start and end a paragraph of text.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
#: Elements whose content is never comment or article text.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "button",
        "form",
        "input",
        "label",  # a form control's caption ("电梯直达", jump to a floor: Discuz's)
        "select",
        "option",
        "textarea",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "nav",
        "menu",
        "video",
        "audio",
        "picture",
        "img",
        "map",
        "head",
        "title",
        "meta",
        "link",
    ]
)
#: Containers that hold navigation, sidebars and promotions rather than content.
CHROME_TAGS = frozenset(("aside", "nav"))
#: ARIA landmarks of a page's frame: its header, footer, menus, search and sidebars.
CHROME_ROLES = frozenset(("banner", "contentinfo", "navigation", "search", "complementary"))
CHROME_WORDS = (
    "sidebar",
    "side-bar",
    "trending",
    "related",
    "widget",
    "recommend",
    "promo",
    "advert",
    "ranking",
    "most-read",
    "mostread",
    "breadcrumb",
    "tags",  # "Tagged: japan, korea" (bbPress), a post's tag list
    # a consent banner or dialog ("didomi-popup-notice": Didomi's, which many sites use)
    "consent",
    "cookie",
    "didomi",
    "gdpr",
)

#: Words of the links and buttons around a comment ("Reply · Report · Share").
ACTION_WORDS = frozenset(
    [
        "reply",
        "parent",  # ("Reply to This Parent": Slashdot's)
        "replies",
        "replied",  # "Replied to:" over the snippet of what a reply answers (Ghost's)
        "report",
        "share",
        "quote",
        "permalink",
        "link",
        # the poster's links under a post: "Profile", "Message", "Post History" (SA's)
        *("profile", "message", "history"),
        "flag",
        "edit",
        "delete",
        "like",
        "likes",
        "dislike",
        "dislikes",
        "upvote",
        "downvote",
        "vote",
        "votes",
        "kudos",  # (Khoros's count label)
        # a solution's mark: "Accepted Solution" (Khoros)
        "accepted",
        "solution",
        "show",
        "hide",
        "more",
        "less",
        "view",
        "collapse",
        "expand",
        "abuse",
        "login",
        "log",
        "in",
        "to",
        "comment",
        "follow",
        "block",
        "mute",
        "copy",
        "translate",
        "thread",
        "hours",
        "ago",
        "save",
        "child",
        "children",
        # thread navigation beside a byline: "alice 4 hours ago | parent | next [–]"
        "next",
        "prev",
        "previous",
        "parent",
        "root",
        "context",
        "favorite",
        # what is left of a byline once its name and time were taken: "by … on …"
        "by",
        "on",
        "at",
        "posted",
        "wrote",
        "says",
        "said",
        # a forum post's byline and corner: "Post by … »", "Back to top"
        "post",
        "back",
        "top",
        "edited",
        *("editado", "bearbeitet", "modifié", "modificato"),  # "(edited)" after a time
        *("編集済み", "已编辑", "已編輯", "수정됨"),  # (and in Japanese, Chinese, Korean)
        "online",  # the poster's status beside the post (FluxBB, Kunena)
        "offline",
        # what a removed comment shows instead of its words: "[removed]", "[deleted]"
        "removed",
        "deleted",
        "flagged",  # (a reply's moderation state: Kinja's hidden "Flagged" label)
        # a folded thread's control: "раскрыть ветку 13" (expand the branch: Pikabu's)
        *("раскрыть", "ветку", "свернуть"),
        # share buttons
        "tweet",
        "ツイート",
        # the same in Japanese and Chinese: link, reply, report, share, quote, delete
        "リンク",
        "返信",
        "返信する",
        "コメント",
        "通報",
        "通報する",
        "違反報告",
        "共有",
        "シェア",
        "引用",
        "削除",
        "回复",
        "评论",
        "回应",
        "赞",
        "亮了",  # (Hupu's likes: "lit")
        "举报",
        "分享",
        # and in Korean
        "신고",
        "답글",
        "댓글",
        "공유",
        "삭제",
        "수정",
        # a post's number: "書込番号：26234790", "ความคิดเห็นที่ 2" (Thai: comment no. 2)
        "書込番号",
        "投稿番号",
        "ความคิดเห็นที่",
        # the same in the European languages comments come in: answer, report, share,
        # quote, show, more, comment(s) ("ещё 4 комментария", "Weitere Antworten anzeigen")
        *("antworten", "antwort", "melden", "teilen", "zitieren", "mehr", "anzeigen"),
        *("weitere", "kommentar", "kommentare", "répondre", "signaler", "partager", "citer"),
        *("plus", "afficher", "commentaire", "commentaires", "responder", "reportar"),
        *("compartir", "citar", "más", "mostrar", "comentario", "comentarios", "odpowiedz"),
        *("denunciar", "compartilhar", "curtir", "mais", "respostas", "resposta", "alerter"),
        *("rispondi", "segnala", "condividi"),  # (Italian: reply, report, share)
        # Swedish, Danish and Norwegian: reply, quote, report, share ("Citera": Flashback's)
        *("svara", "svar", "svare", "citera", "citer", "anmäl", "rapportera", "dela", "gilla"),
        # Romanian: reply, replies, show, hide, load, comments, subscriber (a reader's label)
        *("răspunde", "răspuns", "răspunsuri", "răspunsurile", "arată", "ascunde", "încarcă"),
        *("comentarii", "comentariu", "abonat", "distribuie", "raportează"),
        *("ver", "respuesta", "respuestas"),  # (Spanish: "Ver 2 respuestas más")
        # Czech and Slovak: reply, report, share, show, more ("Zobraziť ďalšie reakcie (2)")
        *("reagovat", "reagovať", "odpovědět", "nahlásit", "nahlásiť", "sdílet", "zdieľať"),
        "příspěvek",  # ("nahlásit příspěvek": report the post, Lidovky's)
        *("zobrazit", "zobraziť", "další", "ďalšie", "reakce", "reakcie"),
        *("odpověď", "odpovědi", "odpovědí", "odpoveď", "odpovede", "více", "viac"),
        # see or read more or less ("See less" under an opened comment: WSJ's), in English,
        # German and Italian
        *("see", "read", "weniger", "mostra", "meno", "leggi", "altro"),
        # Greek: show, more, replies, reply, comments ("Εμφάνιση 2 ακόμη απαντήσεων")
        *("εμφάνιση", "ακόμη", "απαντήσεων", "απαντήσεις", "απάντηση", "περισσότερα"),
        *("σχόλια", "σχολίων", "αναφορά", "κοινοποίηση"),
        # Croatian and Estonian: show, more, replies, reply, report; read on
        *("prikaži", "još", "odgovora", "odgovori", "odgovor", "prijavi", "više", "komentara"),
        *("näita", "veel", "vastust", "vastused", "vasta", "loe", "edasi", "kommentaari"),
        # Hungarian: more, showing, reply, replies, share, report ("több megjelenítése")
        *("több", "megjelenítése", "válasz", "válaszok", "megosztás", "jelentés", "további"),
        # Lithuanian: show, more, replies, reply, report ("Rodyti daugiau atsakymų (1)")
        *("rodyti", "daugiau", "atsakymų", "atsakymai", "atsakyti", "pranešti", "slėpti"),
        # Indonesian: see, hide, reply, replies, report, share, other ("Lihat 2 balasan")
        *("lihat", "sembunyikan", "balas", "balasan", "laporkan", "bagikan", "lainnya"),
        *("reageer", "reageren", "beantwoorden", "citeer", "modereer", "delen", "toon"),  # Dutch
        # Turkish: read more ("devamını okuyayım"), reply, report, share, show more
        *("devamını", "okuyayım", "yanıtla", "şikayet", "paylaş", "göster", "daha", "fazla"),
        *("zgłoś", "udostępnij", "pokaż", "więcej", "odpowiedzi", "komentarz", "komentarze"),
        *("ответить", "ответ", "ответы", "ответа", "ответов", "пожаловаться", "поделиться"),
        *("ещё", "еще", "показать", "комментарий", "комментария", "комментариев", "ссылка"),
        # collapse / expand a thread: 접기 펼치기 더보기, 收起 展开, 閉じる
        "回覆",  # (traditional Chinese: reply)
        "접기",
        "펼치기",
        "더보기",
        "收起",
        "展开",
        "閉じる",
    ]
)
#: The action words of CJK script, and the words they are run together with ("更多": more).
_CJK_ACTION_WORDS = frozenset(
    [
        *(word for word in ACTION_WORDS if word[:1] >= "\u2e80"),
        *("更多", "查看", "全部", "条"),
        *("件", "个", "個", "개", "건"),  # (the counters of "返信1件", "답글 3개")
    ]
)
#: "Alice says:" (WordPress), "Dana commented" (the NYT, visually hidden): the verb after a
#: name is not part of it.
SAYS = re.compile(r"\s+(?:says|said|wrote|writes|commented)\s*:?\s*$", re.IGNORECASE)
SEPARATORS = "·|•-—–:/()[]»«›‹："
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: A reply's subject line: "Re: <the thread's title>" (Khoros, vBulletin), "AW: …" (German),
#: "Odp:" (Polish), "Antw:" (Dutch), "SV:" (Scandinavian), "Re[2]: …".
REPLY_SUBJECT = re.compile(r"\s*(?:re|aw|sv|antw|odp)(?:\[\d+\])?\s?[:：]\s?\S", re.IGNORECASE)
_HINT_ATTRIBUTES = (
    *("class", "itemprop", "rel", "role", "aria-label", "data-role", "data-testid"),
    "data-test-id",  # (Seeking Alpha's)
    "data-qa",  # (Fontanka's data-qa="comment-date" on hashed classes)
)
_WORD_RUN = re.compile(r"[^\W_]+")


def hint_of(attrs: dict[str, str | None]) -> str:
    """The lowercased words an element's markup says about its role (class, itemprop...)."""
    if not attrs:
        return ""
    parts = [attrs.get(name) for name in _HINT_ATTRIBUTES]
    return " ".join(p for p in parts if p).lower()


def hint_tokens(hint: str) -> list[str]:
    """``"comment-vote up btnLike"`` → ``["comment", "vote", "up", "btnlike"]``."""
    return _WORD_RUN.findall(hint)


#: Class words that say an element holds words: a comment's text, body, message.
TEXT_WORDS = frozenset(
    ["comment", "text", "body", "content", "message", "msg", "entry", "description"]
)
#: Class words of the poster's details beside a post: stats, rank, join date, reputation.
POSTER_WORDS = frozenset(
    ["userinfo", "userstats", "user", "member", "profile", "postprofile", "statistics", "stats"]
)


def about_the_poster(css_class: str | None) -> bool:
    """Whether classes say an element holds the poster's details (SMF's ``user_info``, MyBB's
    ``author_statistics``, phpBB's ``postprofile``), not words (``user-content``)."""
    if not css_class:
        return False
    tokens = set(hint_tokens(css_class.lower()))  # "commentsThreadedCommentV2__userStats"
    # (not a "user-status" bar: VnExpress's likes, reply link and time under a comment)
    if "status" in tokens:
        return False
    if POSTER_WORDS & tokens:
        return not TEXT_WORDS & tokens
    # a message's poster column (XenForo's "message-userExtras": "Reaction score 6,954")
    return "message" in tokens and any(t.startswith(_POSTER_PARTS) for t in tokens)


_POSTER_PARTS = ("userextra", "userdetail", "userinfo", "userstat")


def collapse(text: str) -> str:
    """Whitespace runs (including non-breaking spaces) become one space; ends are stripped."""
    # A text already so is returned as it is, found so by scans in C rather than by
    # splitting it into words (most paragraphs are): every whitespace character but the
    # space is unprintable, so a printable text has no whitespace but spaces. A long ASCII
    # text (known so in constant time) is rather searched for the nine other whitespace
    # characters of ASCII, each by memchr, which beats looking every character up as
    # isprintable() does (0.4 against 0.7 microseconds for a 270-character paragraph; on a
    # short text the nine searches cost more than they save).
    if len(text) > 64 and text.isascii():
        if (
            "\n" in text
            or "\t" in text
            or "\r" in text
            or "\x0b" in text
            or "\x0c" in text
            or "\x1c" in text
            or "\x1d" in text
            or "\x1e" in text
            or "\x1f" in text
        ):
            return " ".join(text.split())
    elif not text.isprintable():
        if "\u3000" in text:
            return _SPACE_RUN.sub(_one_space, text).strip()
        return " ".join(text.split())
    if "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


_SPACE_RUN = re.compile(r"\s+")


def _one_space(run: re.Match[str]) -> str:
    """A run of ideographic spaces stays: Japanese headlines and bylines separate their parts
    with one ("通告\u30008月1日から"), where a plain space would read as a mistake."""
    spaces = run.group()
    return spaces if spaces.strip("\u3000") == "" else " "


def in_page_order(nodes: list[LexborNode]) -> list[LexborNode]:
    """``nodes`` (of one document, at least one) in the order the page shows them."""
    top = nodes[0]
    while top.parent is not None:
        top = top.parent
    order = {node.mem_id: index for index, node in enumerate(top.traverse())}
    return sorted(nodes, key=lambda node: order[node.mem_id])


def node_text(node: LexborNode) -> str:
    return collapse(node.text(deep=True, separator=" "))


#: (and full-width brackets around a count: "返信（2件）")
_SEPARATOR_TABLE = str.maketrans({mark: " " for mark in (*SEPARATORS, "（", "）")})


#: A short age ("5h", "3d", "2w"), a short count ("1.2k") or a count with its counter word
#: ("返信 1件", "답글 2개").
_AGE_OR_COUNT = re.compile(
    r"\d{1,3}[smhdwy]|\d{1,3}(?:[.,]\d)?[kmb]|\d{1,6}[件条則则個개건](?:の?(?P<what>\w+))?"
)
#: The first letters of those prompts and placeholders: most texts are not asked further.
_PROMPT_STARTS = frozenset("lsrnuロ登無タ")
#: What a comment without a title shows in its place (FC2: "No title").
_NO_TITLE = frozenset(("no title", "untitled", "無題", "タイトルなし"))
#: "Log in to reply", "Sign in to comment", "ログインして返信コメントを書く", "登录后回复".
_LOGIN_PROMPT = re.compile(
    r"(?:log ?in|sign ?in|sign ?up|register)(?: (?:to|or) (?:\w+ ){0,2}"
    r"(?:reply|comment|post|vote|like|join|continue|read|view|see|register|sign up)\w*)?\W*$"
    r"|ログインして|登录后|登入後",
    re.IGNORECASE,
)


#: A post's place in its thread: "Message 2 of 14" (Khoros), "Post 3 of 20".
_POSITION = re.compile(r"(?:message|post|comment|reply|answer)\s+\d{1,6}\s+of\s+\d{1,6}")


#: A smiley typed with punctuation: ":-)", ";)", ":-(", ":'(", "^^".
_EMOTICON = re.compile(r"\s*(?:[:;=][-'^]?[()\[\]/\\|*]{1,3}|\^_?\^)\s*")


def is_content(text: str) -> bool:
    """Not only punctuation, not only "Reply · Report · Share", not only a post number ("#2",
    "1.", "Message 2 of 14")."""
    if len(text) > 40:
        return True
    if not any(ch.isalnum() for ch in text):
        return _EMOTICON.fullmatch(text) is not None  # ":-)" is a line of the commenter's
    lowered = text.lower()
    if " of " in lowered and _POSITION.fullmatch(lowered) is not None:
        return False
    if lowered[:1] in _PROMPT_STARTS and (
        _LOGIN_PROMPT.match(text) is not None or lowered in _NO_TITLE
    ):
        return False
    if lowered[-1:] == ":" and lowered.rstrip(" :") in _QUOTE_LABELS:
        return True  # a quote's label over the passage ("Quote:"), not a button: for the quotes
    tokens = lowered.translate(_SEPARATOR_TABLE).split()
    return not all(
        token in ACTION_WORDS
        or token == "#"  # (a permalink: "Reagovat #")
        # ("1.286"; "‑37", a score whose minus is a non-breaking hyphen: a "-4" or "+4" stays
        # content, or every Japan Today vote widget would widen by a level)
        or token.lstrip("#‑").rstrip(".)").replace(".", "").replace(",", "").isdigit()
        or (token[-1].isdigit() and token.rstrip("0123456789") in ACTION_WORDS)  # "답글2"
        or (token[0].isdigit() and _count_or_age(token))  # "• 5h ago", "1件の返信"
        or (token[:2] == "lv" and token[2:].lstrip(".").isdigit())  # the poster's level
        or (token[0] >= "\u2e80" and _actions_run_together(token))  # "展开更多回复"
        for token in tokens
    )


#: Words of a quote's label ("Quote:" over vBulletin's quote box).
_QUOTE_LABELS = frozenset(("quote", "zitat", "citation", "cita", "citazione", "цитата"))


def _actions_run_together(token: str) -> bool:
    """Whether a token of CJK script is action words written together, as those scripts do:
    "展开更多回复" (expand, more, replies)."""
    ends = {0}
    for end in range(1, len(token) + 1):
        if any(
            (word := token[start:end]) in _CJK_ACTION_WORDS or word.isdigit()  # ("查看全部4条评论")
            for start in ends
            if end - start <= 4
        ):
            ends.add(end)
    return len(token) in ends


def _count_or_age(token: str) -> bool:
    """ "5h", "1.2k", "3件", and a count of actions in one word: "1件の返信" (one reply),
    "20コメント"."""
    match = _AGE_OR_COUNT.fullmatch(token)
    if match is None:
        return token.lstrip("0123456789") in ACTION_WORDS
    return (match.group("what") or "返信") in ACTION_WORDS


def first_class(attrs: dict[str, str | None]) -> str:
    """An element's first class; or, after a vendor's name that every element of its widget
    wears first ("coral coral-comment CommentContainer-root": Coral's), the class that says
    what it is (not a modifier: "comment comment--reply" is a comment)."""
    value = attrs.get("class") or ""
    if "\n" in value or "\t" in value or "\r" in value:
        value = " ".join(value.split())  # (a class parted by line breaks: Lobsters' "comment\n")
    first, _, rest = value.partition(" ")
    if not first:  # (none, or a space first)
        return value.split(None, 1)[0] if value.strip() else ""
    if rest and (first in _STRIPES or first.endswith(_STRIPE_ENDINGS)):
        # a row's stripe first, alternating (Bangumi's "light_odd row_reply", then
        # "light_even row_reply"): the class after it says what the rows are
        return first_class({"class": rest})
    if not rest and first in _STRIPES:
        return ""  # a stripe alone, every other row's (WordPress's <li class="alt">): no kind
    if first[-1:] in "123" and _NUMBERED_STRIPE.fullmatch(first):
        return first[:-1]  # one of a stripe's numbered shades: SMF's "windowbg", "windowbg2"
    if len(first) > 6 or not rest:  # (most: no vendor's short name, or one class)
        return first
    if len(first) <= 2 and first.isalpha() and first.islower() and len(rest.split(None, 1)[0]) > 6:
        # a theme's scope that every element of it wears first (dogdrip's Rhymix skin: "ed
        # comment-item clearfix", "ed comment-content"): the class after it says what it is
        # (not an atomic stylesheet's, all short: Medium's "ab q")
        return first_class({"class": rest})
    parts = value.split(None, 2)
    if (
        len(parts) > 2
        and parts[0].isalpha()
        and not parts[1][-1:].isdigit()  # (not a level: "comment-level-2")
        and _vendor_prefixed(parts[1], parts[0])
    ):
        return parts[1]
    return parts[0]


_STRIPES = frozenset(("odd", "even", "alt"))
#: A row's shade numbered after its base, alternating with the base or another number.
_NUMBERED_STRIPE = re.compile(r"(?:windowbg|row|alt|bg)[123]")
_STRIPE_ENDINGS = ("_odd", "-odd", "_even", "-even")


def _vendor_prefixed(second: str, first: str) -> bool:
    """Whether ``second`` is ``first``, a hyphen and a name ("coral-comment"), not a BEM
    modifier of it ("comment--reply")."""
    end = len(first)
    return (
        second.startswith(first)
        and second[end : end + 1] == "-"
        and second[end + 1 : end + 2] not in ("-", "")
    )


_MODIFIER = re.compile(r"--[\w-]*|[-_](?:has|with)[-_][\w-]*")


def _without_modifiers(hint: str) -> str:
    """Without BEM modifiers: ``Layout--sidebarPosition-end`` is a layout that has a sidebar
    somewhere (GitHub's page body), not one; so is Habr's ``tm-page__main_has-sidebar``."""
    return _MODIFIER.sub("", hint) if "--" in hint or "has" in hint or "with" in hint else hint


class ChromeCheck:
    """Whether a node sits inside page chrome (sidebar, nav, trending list), memoized per node."""

    def __init__(self) -> None:
        self._memo: dict[int, bool] = {}

    def __call__(self, node: LexborNode | None) -> bool:
        if node is not None:  # asked again (the blocks of a thread share their parent)
            known = self._memo.get(node.mem_id)
            if known is not None:
                return known
        path: list[int] = []
        verdict = False
        steps = 0
        while node is not None and node.tag not in ("body", "html", "-document") and steps < 64:
            key = node.mem_id
            known = self._memo.get(key)
            if known is not None:
                verdict = known
                break
            path.append(key)
            attrs = node.attributes
            tag = node.tag or ""
            if tag == "main" or attrs.get("role") == "main":
                break  # the page's main content ("right-sidebar-xs": it has one, beside it)
            if "-" in tag and ("comment" in tag or "conversation" in tag):
                break  # a comment widget's own element (<vf-conversations class="vf-widget">)
            if "data-srcdoc-frame" in attrs:
                break  # a frame's document (see open_frames): what is around it is another's
            if (
                (node.tag in CHROME_TAGS and not _holds_comments(attrs))
                or attrs.get("role") in CHROME_ROLES
                or any(word in _chrome_hint(attrs) for word in CHROME_WORDS)
            ) and not (
                _frames_root(node) or _main_column(node, attrs) or _thread_widget(node, attrs)
            ):
                verdict = True
                break
            node = node.parent
            steps += 1
        for key in path:
            self._memo[key] = verdict
        return verdict


#: "widget" inside a component's name before what it shows of the thread: Khoros's
#: ``lia-component-forums-widget-topic-message`` (the opening post), no sidebar widget.
_THREAD_WIDGET = re.compile(
    r"-widget-(?=(?:topic-|forum-)?(?:message|topic|thread|comment|post|body))"
)


#: A class or id naming the thread itself, at most behind a vendor's short prefix:
#: Viafoura's ``<div class="vf-widget vf-conversations">`` (or ``vf3-conversations``, or
#: ``<vf-widget id="vf-conversations">``) is the comment widget, not a sidebar's; a
#: "widget_recent_comments" is.
_THREAD_CLASS = re.compile(
    r"(?:^|\s)(?!recent|latest|popular|top|most)(?:[a-z0-9]{1,8}[-_])?"
    r"(?:conversations?|comments|discussion)"
    r"(?:__widget|-widget)?(?=\s|$)"  # (Lenta's "topic-comments__widget")
)


def _thread_widget(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """A "widget" that is the comments' own, inside an element naming the thread (Rambler's
    ``div.rc-Widget`` in Lenta's ``div#rambler-comments-widget``): not a sidebar's."""
    hint = _chrome_hint(attrs)
    if "widget" not in hint or any(word in hint for word in CHROME_WORDS if word != "widget"):
        return False
    above = node.parent
    for _ in range(3):
        if above is None:
            return False
        around = above.attributes
        if _THREAD_CLASS.search(f"{around.get('class') or ''} {around.get('id') or ''}"):
            return True
        above = above.parent
    return False


def _main_column(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """A "sidebar" holding the page's headline is its main column: VnExpress lays a story out
    in ``div.sidebar-1`` (the story, its comments) beside ``div.sidebar-2`` (the rail)."""
    return "side" in (attrs.get("class") or "") and node.css_first("h1") is not None


def _chrome_hint(attrs: dict[str, str | None]) -> str:
    hint = _without_modifiers(hint_of(attrs))
    if "widget" not in hint:
        return hint
    if _THREAD_CLASS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}") is not None:
        return hint.replace("widget", "")
    classes = attrs.get("class") or ""
    if "elementor-widget" in classes and "sidebar" not in classes and "wp-widget" not in classes:
        # Elementor builds every part of a page as a "widget": the page's own content (its
        # shortcode holding a wpForo thread), not a sidebar's
        return hint.replace("widget", "")
    if "Blog" in classes.split():
        # Blogger's widget of the blog's posts (<div class="widget Blog" id="Blog1">), the
        # page's main column; its sidebar's are "widget PopularPosts", "widget BlogArchive"…
        return hint.replace("widget", "")
    return _THREAD_WIDGET.sub("-", hint) if "-widget-" in hint else hint


#: A data attribute naming an id ("data-lia-message-uid"), holding a long number.
_UID_NAME = re.compile(r"data-[a-z0-9_-]*(?:uid|id)")
_LONG_NUMBER = re.compile(r"\d{5,}")


def post_uid(attrs: dict[str, str | None]) -> tuple[str, str] | None:
    """The name and value of a data attribute giving a post's number, if an element has one."""
    for name, value in attrs.items():
        if value and _UID_NAME.fullmatch(name) and _LONG_NUMBER.fullmatch(value.strip()):
            return name, value.strip()
    return None


def _holds_comments(attrs: dict[str, str | None]) -> bool:
    """An ``<aside id="comments">`` (The Washington Post's) is the thread, not a sidebar."""
    marks = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower()
    return "comment" in marks


def within(node: LexborNode, key: int) -> bool:
    """Whether ``node`` is the element whose ``mem_id`` is ``key`` or inside it."""
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == key:
            return True
        current = current.parent
    return False


def in_nested_block(
    node: LexborNode, block_key: int, block_keys: set[int] | frozenset[int]
) -> bool:
    """Whether ``node`` is, or sits in, another of ``block_keys`` inside the block whose
    ``mem_id`` is ``block_key`` (a reply nested in the comment): not the comment's own."""
    current: LexborNode | None = node
    while current is not None and current.mem_id != block_key:
        if current.mem_id in block_keys:
            return True
        current = current.parent
    return False


def sibling(node: LexborNode, *, forward: bool) -> LexborNode | None:
    """The node next to ``node`` (after it, or before it), blank text skipped."""
    found = node.next if forward else node.prev
    while found is not None and found.is_text_node and not (found.text_content or "").strip():
        found = found.next if forward else found.prev
    return found


def follows(node: LexborNode, other: LexborNode) -> bool:
    """Whether ``node`` comes after ``other`` in the page, neither inside the other."""
    path: dict[int, LexborNode | None] = {}  # other's ancestors → their child towards other
    child: LexborNode | None = None
    current: LexborNode | None = other
    while current is not None:
        path[current.mem_id] = child
        child, current = current, current.parent
    child, current = None, node
    while current is not None and current.mem_id not in path:
        child, current = current, current.parent
    if current is None or child is None:
        return False  # no common ancestor, or node holds other
    towards_other = path[current.mem_id]
    if towards_other is None:
        return False  # node is inside other
    sibling = towards_other.next
    key = child.mem_id
    while sibling is not None:
        if sibling.mem_id == key:
            return True
        sibling = sibling.next
    return False


def is_hidden(attrs: dict[str, str | None]) -> bool:
    """``hidden``, ``display: none`` or ``visibility: hidden``: text no reader sees."""
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_TEMPLATE_TAG = re.compile(r"<(/?)template\b([^>]*)>", re.IGNORECASE)
_SHADOW_ROOT = re.compile(r"\sshadowroot(?:mode)?\s*=", re.IGNORECASE)


def open_shadow_roots(html: str) -> str:
    """``html`` with its declarative shadow roots (``<template shadowrootmode="open">``) made
    plain elements: a browser shows what they hold (derStandard's forum, a server-rendered web
    component's buttons), but a parser keeps a template's content out of the document."""
    # (one scan in C first, for the attribute as pages serialize it: lower case)
    if "shadowroot" not in html or _SHADOW_ROOT.search(html) is None:
        return html
    parts: list[str] = []
    position = 0
    shadows: list[bool] = []  # per open <template>: whether it is a shadow root
    for tag in _TEMPLATE_TAG.finditer(html):
        closing = bool(tag.group(1))
        shadow = (
            (shadows.pop() if shadows else False)
            if closing
            else bool(_SHADOW_ROOT.search(tag.group(2)))
        )
        if not closing:
            shadows.append(shadow)
        if shadow:
            parts.append(html[position : tag.start()])
            parts.append("</div>" if closing else '<div data-shadow-root="">')
            position = tag.end()
    parts.append(html[position:])
    return "".join(parts)


_SRCDOC_FRAME = re.compile(
    r"<iframe\b[^>]*?\ssrcdoc\s*=\s*(\"[^\"]*\"|'[^']*')[^>]*>.*?</iframe\s*>",
    re.IGNORECASE | re.DOTALL,
)
_BODY_OF = re.compile(r"<body\b[^>]*>(.*?)(?:</body\s*>|$)", re.IGNORECASE | re.DOTALL)


def _frames_root(node: LexborNode) -> bool:
    """Whether ``node`` is a frame's outermost element, or in it (Vuukle's ``<div id="root">
    <div class="vuukle-widget">``): its page is the widget, no sidebar's."""
    parent = node.parent
    for _ in range(2):
        if parent is None:
            return False
        if "data-srcdoc-frame" in parent.attributes:
            return True
        parent = parent.parent
    return False


def open_frames(html: str) -> str:
    """``html`` with the documents its frames hold inline (``<iframe srcdoc="…">``, as a page
    saver such as SingleFile keeps a comment widget's frame: Vuukle's, Disqus's) put in their
    place: a browser shows what they hold, a parser keeps it in an attribute."""
    if "srcdoc" not in html:  # (one scan in C first: most pages have none)
        return html

    def inline(frame: re.Match[str]) -> str:
        document = unescape(frame.group(1)[1:-1])
        body = _BODY_OF.search(document)
        return f'<div data-srcdoc-frame="">{body.group(1) if body else document}</div>'

    return _SRCDOC_FRAME.sub(inline, html)


#: Words in a link's class that make it lead to the post a reply answers.
PARENT_LINK_WORDS = ("parent", "reply-to", "reference", "referencia")  # (El Mundo's "#20")
#: :func:`is_parent_link` as a CSS selector.
PARENT_LINK = ", ".join(f'a[class*={word} i][href*="#"]' for word in PARENT_LINK_WORDS)


def is_parent_link(attrs: dict[str, str | None]) -> bool:
    """Whether a link's class says it leads to the post a reply answers and its ``href`` to
    an anchor on the page (ZEIT ONLINE's ``<a class="parent__content" href="…#cid-66043712">
    Antwort auf #1.2 von …</a>``): a reference, not the reply's words."""
    css_class = (attrs.get("class") or "").lower()
    return any(word in css_class for word in PARENT_LINK_WORDS) and "#" in (attrs.get("href") or "")


def select(node: LexborNode, selector: str) -> list[LexborNode]:
    """``node.css(selector)`` for a selector built from the page's own class or attribute
    values: one that lexbor cannot parse (a value with a character it refuses) selects
    nothing, rather than failing the page."""
    try:
        return list(node.css(selector))
    except SelectolaxError:
        return []
