"""An article page → :class:`bot.models.Article`: title, published time, body, comment thread.

Pure functions over HTML text. :func:`read_page` reads one page (comments still raw, so that a
thread split over several pages can be put together first); :func:`assemble_article` joins
pages, tells quotes from own words and checks the result; :func:`extract_article` does both for
a single page.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from bot.errors import ExtractionError
from bot.extract.appstate import state_texts, state_thread
from bot.extract.comments import CommentReader, RawComment, SelectorError
from bot.extract.dom import (
    REPLY_SUBJECT,
    ChromeCheck,
    about_the_poster,
    collapse,
    first_class,
    follows,
    hint_of,
    hint_tokens,
    in_page_order,
    is_content,
    node_text,
    open_frames,
    open_shadow_roots,
    post_uid,
    select,
    within,
)
from bot.extract.linked import LinkedThread, linked_thread
from bot.extract.pagination import find_next_page
from bot.extract.quotes import resolve_comments
from bot.extract.sitezone import page_zone
from bot.extract.times import A_DIGIT, parse_iso, split_byline
from bot.extract.twoch import paired_posts, twoch_posts
from bot.extract.voteless import find_count_labels
from bot.extract.votes import scan_texts
from bot.extract.walk import Clock, walk_block
from bot.models import Article

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from config.settings import Selectors

log = logging.getLogger(__name__)

_DROP_PARAMS = ("comment-order", "comment-page", "cpage", "fbclid", "gclid", "mc_cid", "mc_eid")
_COUNT_TEXT = re.compile(
    r"(?:(?:view|show|see|read)\s+)?(?:all\s+)?(?P<n>\d{1,3}(?:,\d{3})+|\d+|no|one)\s+"
    r"(?:comments?|replies|responses)(?:\s*[:»›])?"
    r"|comments?\s*[(:\[]?\s*(?P<m>\d{1,3}(?:,\d{3})+|\d+)\s*[)\]]?",
    re.IGNORECASE,
)
_BODY_WORDS = (
    "articlebody",
    "article-body",
    "article_body",
    "article-content",
    "entry-content",
    "post-content",
    "post-body",
    "story-body",
    "story-content",
    "article-text",
)
#: Containers that say they hold the article text, most explicit first.
_MARKED_BODY = (
    "[itemprop~=articleBody], .article-body, .article-content, .entry-content, .post-content, "
    ".story-body, .story-content, .post-body, .article-text"
)
_TITLE_SEPARATORS = (
    " | ",
    " - ",
    " – ",
    " — ",
    " :: ",
    " · ",
    " : ",
    "｜",
    " / ",
    " » ",
    " • ",
    " @ ",
)
#: Words of an attribute naming the story, not a post ("data-story-id").
_STORY_ID_WORDS = ("story", "article", "page", "topic", "thread", "news")
#: A link to the page's own thread.
_TO_THE_COMMENTS = "a[href^='#'][href*=comment i], a[href^='#'][href*=komment i]"
#: Who a title credits after the headline: "Trump to impose 25% tariffs … By Investing.com".
_CREDIT = " By "
#: The first marks of those separators: what may follow a title before the site's name.
_TITLE_MARKS = frozenset(separator.strip()[0] for separator in _TITLE_SEPARATORS) | {"•"}
#: Where an article's text may stand without <p>s: Naver's article#dic_area, FC2's
#: div.entry_body.
_MARKED_LINES = (
    f"{_MARKED_BODY}, [class*=article_content i], [class*=article_body i], "
    "[class*=articlebody i], "  # (Ynet's "ArticleBodyComponent" of <div> paragraphs)
    "[class*=article__body i], [class*=entry_body i], [class*=entry-body i], [class*=post_body i], "
    ".news-content, .news-body, .news-text, "  # (menéame's story summary)
    "[class*=post-story i], "  # (a forum topic's opening post: Pantip's "display-post-story")
    ".write_div, .view_content"  # (a Korean board's post: DCInside's)
)
#: Elements that may hold a story with no <p> (Naver's <article id="dic_area">).
_UNPARAGRAPHED_BODY = f"article, {_MARKED_LINES}"
#: A body shorter than this (characters) is looked for again among those.
_SHORT_BODY = 200
#: Fewer comments than this found otherwise, a page is read for a 2channel-style thread too.
_FEW_COMMENTS = 20
#: A reply's subject, the one it answers with "Re:" before it ("Re: So do the cars pay twice?").
#: What may follow a headline in its ``<h1>``: nothing, a "(ft.com)", a separator, an issue's
#: number ("#482").
_AFTER_HEADLINE = frozenset(("", "(", "[", "#", *_TITLE_MARKS))
#: The space the text of an inline element gets before a mark that follows it: "running
#: <code>data update</code>, lookups" is "running data update, lookups".
#: A space the text of an inline element's boundary adds: before a comma ("Lutnick ,"), or
#: beside full-width punctuation, which takes none ("新闻链接： https://…").
_INLINE_GAP = re.compile(
    r"(?<=\S) (?=[,.;:!?)\]]+(?:\s|$))|(?<=[：，。、（「]) | (?=[：，。、）」])"
)
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
#: Elements whose content is never page text, dropped before anything else is read.
_DROPPED_TAGS = ("script", "style", "noscript", "template")
_JSON_LD = "application/ld+json"
_BOILERPLATE = re.compile(
    r"(?:[<\[(]?\s*[©ⓒ]|\(c\)\s|copyright\s"
    # a Korean story's reporter, and its copyright: "[아시아경제 김도윤 기자]", "무단전재 및
    # 재배포 금지" (no reproduction); the Japanese "無断転載を禁じます"
    r"|[\[(【][^\])】]{1,30}(?:기자|특파원|記者)\s*[\])】]\s*$|.{0,60}무단\s?전재|.{0,60}無断転載"
    # a story's sources, a picture's credit: "Zdroj: ČTK, Reuters", "… | Foto: Reuters",
    # "*Com informações da Reuters", "REDACCIÓN INTERNACIONAL *Con información de AFP y EFE"
    r"|(?:zdroj|quelle|fonte|fuente)\s*:|.{0,80}\|\s*(?:foto|photo|bild)\s*:"
    # (and in the languages of Korean, Chinese, Japanese, Indonesian, Nordic and Polish pages:
    # "출처 : 연합뉴스", "来源：雪球App", "Sumber: Reuters")
    r"|(?:출처|来源|來源|出典|sumber|källa|kilde|lähde|źródło|источник|джерело)\s*[:：]"
    # a picture's caption by the mark pointing down at it ("▼ The letter, as it appeared…"),
    # and a story's credits for its pictures ("Source: … Top image: Pakutaso": SoraNews24's)
    r"|▼|.{0,200}\btop image\s*:|photos?\s+by\s"  # ("Photos by cmgirl (Shutterstock), …")
    # who else is reading a forum's thread, under it (phpBB's "Who is online")
    r"|users browsing this (?:forum|topic)\s*:|benutzer in diesem forum\s*:"
    r"|.{0,40}\*\s*(?:con información de|com informações d)"
    r"|\(?with (?:additional )?inputs? from "  # ("With additional input from agencies")
    # a link to another story in the body: "» LIRE AUSSI - …", "Also read: …", "Leia também"
    r"|[»›>]?\s*(?:lire aussi|à lire aussi|also read|read also|read more|lesen sie auch"
    r"|leia também|lea también|leggi anche"
    r"|(?:ilginizi|İLGİNİZİ|İlginizi)\s+(?:çekebilir|ÇEKEBİLİR))\b"  # (Turkish: Sözcü's)
    # a story's paywall label: "Article réservé aux abonnés" (Le Monde), "Subscribers only"
    r"|(?:article\s+)?réservé\s+(?:aux|à\s+nos)\s+abonnés\s*$|subscribers?[\s-]only\s*$"
    r"|nur für abonnenten\s*$|exclusivo para suscriptores\s*$|riservato agli abbonati\s*$"
    # the editor's credit under a Chinese story: "责任编辑：王宁"
    r"|[责責]任[编編][辑輯]\s*[:：]|[（(]\s*[编編][辑輯]\s*[:：]"  # ("（編輯：高照芬）1140708")
    # and its writer, and no reproduction: "（文/观察者网 林泽宇）", "未经授权，不得转载"
    r"|[（(]\s*文\s*[/／]|.{0,60}(?:未经(?:授权|许可)|不得转载|禁止转载)"
    # a placeholder a script fills in: "Loading…" (GitHub's of 2015)
    r"|loading\s*(?:…|\.\.\.)\s*$"
    # how long the story takes to read: "Temps de lecture 14 min", "5 min read"
    r"|(?:temps de lecture|reading time|lesezeit|tiempo de lectura|tempo di lettura|leestijd)"
    r"\s*:?\s*~?\s*\d+\s*min|\d+\s*min(?:ute)?s?\s+read\s*$)",
    re.IGNORECASE,
)
_AD_WORDS = frozenset(
    [
        "ad",
        "ads",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "sponsored",
        "promo",
        "promotion",
        "banner",
        "newsletter",
        "prompt",  # "Sign up to our free US politics newsletter" (The Independent's)
        "cta",  # a call to action: "Suscríbete para seguir leyendo" (El País's)
        "notice",  # a site's statement under the story: "新浪声明：…" (Sina's "article-notice")
        "disclaimer",
        "subscription",  # "Should you be buying TM right now?" (Investing.com's pitch)
        "donation",  # "Sag das doch Deinen Freunden! … Twint" (watson's appeal)
        "appeal",  # "Readers like you are keeping these stories free" (TheJournal's)
        *("tag", "tags"),  # the story's tags box ("Do you like the content…": Bangkok Post's)
        "byline",  # the writers under the story (JoongAng's "ab_byline": "워싱턴=김도윤 특파원…")
        "signoff",  # the paper's mark closing the story (Daily Maverick's "article-signoff": DM)
        "summary",  # a box of the story's key points ("What you need to know": Unseen Japan's)
        "related",
        "readalso",  # "Czytaj więcej" and another story's link (Rzeczpospolita's readAlso box)
        "share",
        "social",
    ]
)
#: Class words of the story's thread and its notices ("Willkommen in unserer Community!…"
#: in krone.at's "forum__info").
_THREAD_WORDS = frozenset(
    ("forum", "comments", "kommentare", "talkback", "talkbacks", "discussion")
)
_HEADLINE_PART = (
    "[class*=__title i], [class*=-title i], [class*=headline i], [class*=subject i]"  # DCInside
)
#: Class words of a caption or a box beside the story ("imageCaption", "mol-factbox").
_ASIDE_MARK = re.compile(
    r"caption|factbox|infobox|pullquote"  # (a pull quote repeats)
    # a label over the headline ("Trumps Handelskrieg": the Tages-Anzeiger's "catchword"), the
    # story's footer (its tags, its writer's bio, "Fehler gefunden?")
    r"|catchword|kicker|eyebrow|overline|dachzeile|spitzmarke|authorbio|footer$"
)
#: Class words of a post embedded from elsewhere (a tweet quoted in the story).
_EMBED_MARK = re.compile(r"^(?:twitter|tweet|instagram|tiktok|embed)")
#: A note in brackets closing a story: its writer's and editor's initials ("(aid/rrd)":
#: detik), a word on its picture ("(Nyitóképünk illusztráció.)": HVG), its credits
#: ("(Reporting by …; Editing by …)").
_CLOSING_NOTE = re.compile(r"[(（][^()（）]{2,150}[)）]")  # (full width too: "（共同通信）")
#: A headline's kicker before the headline in the same element.
_KICKER = re.compile(r"kicker|storylogo|catchword|eyebrow|overline|dachzeile|spitzmarke", re.I)
#: Class words of a story's opening sentences set apart from its body.
_STANDFIRST_WORDS = frozenset(
    ("perex", "standfirst", "lede", "lead", "leadin", "intro", "opener", "dek", "deck", "sapo")
)
_NOT_BODY_TAGS = frozenset(("figure", "figcaption", "aside", "nav", "footer", "form", "button"))


def canonical_url(url: str) -> str:
    """``url`` without its fragment, ``comment-order``/comment-page and tracking parameters."""
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _DROP_PARAMS and not key.lower().startswith("utm_")
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


@dataclass(slots=True)
class Page:
    """One fetched page of an article: its parts and its comments, quotes not yet resolved."""

    url: str
    canonical: str
    title: str
    published: datetime | None
    body: tuple[str, ...]
    announced: int | None
    comments: list[RawComment]
    next_page: str | None
    fetched_at: datetime
    site_tz: str


def _check_document(html: object, url: str) -> str:
    if not isinstance(html, str):
        raise ExtractionError(url, f"expected HTML text, got {type(html).__name__}")
    text = html.lstrip("\ufeff \t\r\n")
    if not text.strip():
        raise ExtractionError(url, "the document is empty")
    if "\x00" in text[:4096]:
        raise ExtractionError(url, "the document is binary data, not HTML")
    head = text[:512].lower()
    if head.startswith(("{", "[")):
        raise ExtractionError(url, "the document is JSON, not HTML")
    if head.startswith("%pdf"):
        raise ExtractionError(url, "the document is a PDF, not HTML")
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head):
        raise ExtractionError(url, "the document is an RSS/Atom feed, not an HTML page")
    if re.search(r"<[a-zA-Z!]", text) is None:
        raise ExtractionError(url, "the document has no HTML markup")
    return text


class _Metadata:
    """``<meta>``, ``<link rel=canonical>`` and JSON-LD, read before scripts are dropped.

    The same pass over the tree finds the scripts, styles and templates to drop (see
    :meth:`drop_scripts`) and the elements with an ``itemtype`` (microdata comments are looked
    for among them): a 1,000-comment page is worth not walking it thrice.
    """

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.meta: dict[str, str] = {}
        self.linked_data: list[dict[str, Any]] = []
        #: The JSON of scripts that may hold the application's state (:mod:`.appstate`).
        self.states: list[str] = []
        self._scripts: list[LexborNode] = []
        #: The elements with an ``itemtype`` that stay once scripts are dropped, in page order;
        #: ``None`` when a dropped element holds elements (SVG ``<script>``): then unknown.
        self.itemtypes: list[LexborNode] | None = []
        seen: set[int] = set()  # a node matching two of the selectors is listed twice
        for node in tree.css(f"meta[content], {', '.join(_DROPPED_TAGS)}, [itemtype]"):
            if node.mem_id in seen:
                continue
            seen.add(node.mem_id)
            tag = node.tag
            attrs = node.attributes
            if tag in _DROPPED_TAGS:
                self._scripts.append(node)
                if self.itemtypes is not None and any(
                    child.tag and child.tag[0] != "-" for child in node.iter()
                ):
                    self.itemtypes = None
                kind = attrs.get("type")
                if tag == "script" and kind and kind.isascii() and kind.lower() == _JSON_LD:
                    self._read_linked_data(node)
                elif tag == "script" and "src" not in attrs:
                    state = state_texts(kind, node.text(deep=True))
                    if state is not None:
                        self.states.append(state)
                continue
            if "itemtype" in attrs and self.itemtypes is not None:
                self.itemtypes.append(node)
            if tag != "meta" or "content" not in attrs:
                continue
            key = (
                attrs.get("property")
                or attrs.get("name")
                or attrs.get("itemprop")
                or attrs.get("http-equiv")  # (content-language)
            )
            content = attrs.get("content")
            if key and content and content.strip():
                self.meta.setdefault(key.strip().lower(), content.strip())
        canonical = tree.css_first("link[rel~=canonical i][href]")
        self.canonical = (canonical.attributes.get("href") or "").strip() if canonical else ""

    def _read_linked_data(self, node: LexborNode) -> None:
        try:
            data = json.loads(node.text(deep=True))
        except (ValueError, RecursionError):
            return
        self.linked_data.extend(_json_objects(data))

    def drop_scripts(self) -> None:
        """Take ``script``, ``style``, ``noscript`` and ``template`` elements out of the tree."""
        for node in self._scripts:
            node.decompose(recursive=False)
        self._scripts.clear()

    def linked(self, key: str) -> Any:
        for item in self.linked_data:
            if key in item and item[key] not in (None, ""):
                return item[key]
        return None


def _json_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_objects(data["@graph"], depth + 1)


def _site_keys(meta: _Metadata, url: str) -> set[str]:
    names = {"japantoday", "japantodaycom"}
    for key in ("og:site_name", "application-name", "twitter:site"):
        if key in meta.meta:
            names.add(_letters(meta.meta[key]))
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    # (and as written with its "www.": "www.theavalanches.com • View topic - …")
    names.update({_letters(host), _letters(host.rsplit(".", 1)[0]), _letters(parts.hostname or "")})
    if parts.path.startswith("/r/"):  # a subreddit's name after a post's title ("… : aww")
        names.add(_letters(parts.path.split("/")[2]))
    names.discard("")
    return names


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _names_the_site(heading: str, page_title: str) -> bool:
    """Whether ``heading`` is the last part of a page title that has others ("Steel tariffs -
    Metalworking Forum"): the site's name. (The first part is usually the headline.)"""
    for separator in _TITLE_SEPARATORS:
        head, found, tail = page_title.rpartition(separator)
        if found and tail.strip() == heading and head.strip():
            return True
    return False


def _names_site(letters: str, site_keys: set[str]) -> bool:
    """Whether a title's part is the site's name, or starts with it and names the platform
    after it ("史蒂文的家_藍天 :: 痞客邦 PIXNET ::": a PIXNET blog's)."""
    return letters in site_keys or any(
        len(key) >= 4 and letters.startswith(key) and len(letters) <= 2 * len(key) + 12
        for key in site_keys
    )


def _uncut(headline: str, page_title: str, site_keys: set[str]) -> str:
    """A headline the page cut short ("… Asian Regional...", wpForo's) as the page title
    gives it whole."""
    if not headline.endswith(("...", "…")):
        return headline
    stem = headline.rstrip(".… ")
    whole = clean_title(page_title, site_keys)
    if len(stem) < 10 or not whole.startswith(stem) or whole == stem:
        return headline
    rest = whole[len(stem) :]
    ends = [at for separator in _TITLE_SEPARATORS if (at := rest.find(separator)) >= 0]
    return stem + rest[: min(ends)] if ends else whole  # (not the forum's section after it)


def clean_title(title: str, site_keys: set[str]) -> str:
    """``"Talks twice with Lutnick - Japan Today"`` → ``"Talks twice with Lutnick"``."""
    title = collapse(title)
    for separator in _TITLE_SEPARATORS:
        parts = title.split(separator)
        for at in range(1, len(parts)):
            # a page's number, then where the page is ("… | Strana 1. | Domov": Lidovky's
            # discussions): the title ends before it
            if _PAGE_PART.fullmatch(parts[at]) is not None:
                title = separator.join(parts[:at]).strip()
                break
        head, found, tail = title.rpartition(separator)
        if (
            found
            and head
            and (_names_site(_letters(tail), site_keys) or _SUBREDDIT.fullmatch(tail) is not None)
        ):
            title = head.strip()
            if separator == " / ":  # FluxBB's "topic / forum / board": the topic
                title = title.partition(separator)[0].strip()
        start, found, rest = title.partition(separator)
        if found and rest and _letters(start) in site_keys:
            title = rest.strip()
    # the site's name after a colon: "Everyday BPA Exposure …: Scientific American"
    head, found, tail = title.rpartition(": ")
    if found and head and _letters(tail) in site_keys:
        title = head.strip()
    # a forum's word for what the page is, before the thread's title: "Thread: …" (vBulletin)
    return _FORUM_PREFIX.sub("", title, count=1) or title


#: A title's part numbering the page of a thread: "Page 152", "Seite 3".
_PAGE_PART = re.compile(
    r"\s*(?:page|seite|página|pagina|strona|strana|sivu|страница|pagină)\s+\d{1,5}\.?\s*",
    re.IGNORECASE,
)
#: A subreddit named after a title: "… • /r/androidapps" (old Reddit's).
_SUBREDDIT = re.compile(r"\s*/?r/\w{2,21}\s*")
_FORUM_PREFIX = re.compile(
    r"^(?:(?:thread|topic|thema|sujet|tema|тема|diskuse|diskusia|diskussion)\s*:"
    r"|(?:view topic|thema anzeigen|voir le sujet)\s+-)\s+",  # (phpBB 2's "View topic - …")
    re.IGNORECASE,
)


class _PageReader:
    def __init__(
        self,
        html: str,
        url: str,
        fetched_at: datetime,
        selectors: Selectors | None,
        tz: str | None,
        templates: bool = True,
    ) -> None:
        text = open_frames(open_shadow_roots(_check_document(html, url)))
        try:
            self.tree = LexborHTMLParser(text, scripting=True)
        except Exception as exc:  # the parser's own failures: never seen, but never a crash
            raise ExtractionError(url, f"the document could not be parsed: {exc}") from exc
        self.url, self.fetched_at, self.selectors = url, fetched_at, selectors
        self.meta = _Metadata(self.tree)
        self.tz = tz if tz is not None else self._page_zone()
        self.meta.drop_scripts()
        self.root: LexborNode = self.tree.body or self.tree.root  # type: ignore[assignment]
        self.chrome = ChromeCheck()
        self.block_keys: set[int] = set()
        self.first_block: LexborNode | None = None
        self.templates = templates
        self.clock = Clock(fetched_at, self.tz)
        self.comments_read = 0
        self.pingbacks = 0
        #: The thread the structured data gives, when the markup showed no comments.
        self.linked: LinkedThread | None = None

    def _page_zone(self) -> str:
        """The zone the page shows its times in, read from the page (:mod:`.sitezone`)."""
        meta = self.meta
        published = [meta.meta[key] for key in _PUBLISHED_KEYS if key in meta.meta]
        for key in ("datePublished", "dateCreated", "dateModified"):
            value = meta.linked(key)
            if isinstance(value, str):
                published.append(value)
        # the language of the first element that says it (ガールズちゃんねる's is on <head>),
        # else of a <meta http-equiv="content-language">
        tagged = self.tree.css_first("html[lang], head[lang], body[lang]")
        lang = (tagged.attributes.get("lang") if tagged is not None else None) or meta.meta.get(
            "content-language", ""
        )
        return page_zone(
            url=urljoin(self.url, meta.canonical) if meta.canonical else self.url,
            lang=lang,
            locale=meta.meta.get("og:locale", ""),
            published=published,
        )

    def read(self, *, find_next: bool = True) -> Page:
        selectors = self.selectors
        scan = scan_texts(self.root)
        published = self.published()
        reader = CommentReader(
            now=self.fetched_at,
            tz=self.tz,
            selectors=self.selectors,
            templates=self.templates,
            year_before=self._year_before(published),
        )
        reader.chrome = self.chrome
        linked = linked_thread(self.meta.linked_data, tz=self.tz)
        try:
            # a thread in the structured data is exact: it beats a guess at numbered posts
            comments = reader.read(
                self.root, scan, itemtypes=self.meta.itemtypes, numbered_posts=linked is None
            )
        except SelectorError as exc:
            raise ExtractionError(self.url, str(exc)) from exc
        # a blog's notes that another site linked to the post ("Pingback von …", WordPress
        # lists them among the comments and counts them): no reader's comments
        kept = [
            comment
            for comment in comments
            if comment.author[:1] not in "PpTt" or _PINGBACK.match(comment.author) is None
        ]
        self.pingbacks = len(comments) - len(kept)
        comments = kept
        if len(comments) < _FEW_COMMENTS and (selectors is None or not selectors.comment):
            pairs: set[int] = set()
            posts = twoch_posts(self.root, reader.clock, pairs) or paired_posts(
                self.root, reader.clock, pairs
            )
            if len(posts) > len(comments):
                comments = _with_twoch_posts(comments, posts)
                reader.block_keys |= pairs
        if not comments:  # none in the markup: perhaps drawn by a script from the page's data
            if linked is None and self.meta.states:
                linked = state_thread(self.meta.states, now=self.fetched_at, tz=self.tz)
            self.linked = linked
            if linked is not None:
                comments = linked.comments
        title = self.title()
        longest_byline = len(title) + 100
        for raw in comments:
            paras = raw.paragraphs
            if paras and (
                _repeats_title(paras[0].text, title)
                or (
                    len(paras[0].text) <= longest_byline
                    and raw.author
                    and raw.author in paras[0].text
                    and _titled_byline(paras[0].text, title, raw.author)
                )
                or (
                    len(paras) > 1
                    and (
                        (
                            len(paras[0].text) <= 124
                            and REPLY_SUBJECT.match(paras[0].text) is not None
                        )
                        or _opens(paras[1].text, paras[0].text)
                    )
                )
            ):
                del paras[0]  # a forum post's heading: "Re: <the thread's or the post's title>"
        self.block_keys = reader.block_keys
        self.first_block = reader.first_block
        self.comments_read = len(comments)
        try:
            canonical = canonical_url(
                urljoin(self.url, self.meta.canonical) if self.meta.canonical else self.url
            )
        except ValueError:  # a canonical link urllib cannot parse ("https://[x")
            canonical = ""
        if urlsplit(canonical).scheme not in ("http", "https", "file"):
            canonical = canonical_url(self.url)
        return Page(
            url=self.url,
            canonical=canonical,
            title=title,
            published=published,
            body=self.body(),
            announced=_less(self.announced(scan.comment_words), self.pingbacks),
            comments=comments,
            next_page=find_next_page(self.tree.root or self.root, self.url) if find_next else None,
            fetched_at=self.fetched_at,
            site_tz=self.tz,
        )

    def _inside_comments(self, node: LexborNode, stop: LexborNode | None = None) -> bool:
        stop_key = stop.mem_id if stop is not None else None
        element = node.parent
        for _ in range(40):
            if element is None or element.tag in ("body", "html") or element.mem_id == stop_key:
                return False
            if element.mem_id in self.block_keys:
                return True
            element = element.parent
        return False

    def title(self) -> str:
        keys = _site_keys(self.meta, self.url)
        selector = self.selectors.title if self.selectors else None
        if selector:
            node = self._select_first("title", selector)
            if node is not None and node_text(node):
                return clean_title(node_text(node), keys)
        for key in ("og:title", "twitter:title"):
            if self.meta.meta.get(key) and not _site_slogan(self.meta.meta[key], keys):
                shown = self._headline_within(clean_title(self.meta.meta[key], keys))
                if shown.endswith(("...", "…")):
                    element = self.tree.css_first("title")
                    shown = _uncut(shown, node_text(element) if element else "", keys)
                return shown
        headline = self.meta.linked("headline")
        if isinstance(headline, str) and headline.strip():
            return clean_title(headline, keys)
        title = self.tree.css_first("title")
        page_title = node_text(title) if title is not None else ""
        first = self.root.css_first("h1")  # stops at the first: usually the one
        if first is not None:
            if (subject := self._subject_under(first, page_title, keys)) is not None:
                return subject
            if self._is_headline(first, page_title, keys):
                return _uncut(clean_title(_after_crumbs(first, page_title), keys), page_title, keys)
            for node in self.root.css("h1"):
                if self._is_headline(node, page_title, keys):
                    return clean_title(_after_crumbs(node, page_title), keys)
        if (head := self._self_linked_head(page_title)) is not None:
            return head
        page_title = self._without_leading_site_name(page_title)
        return clean_title(page_title, keys | self._linked_site_name(page_title))

    def _subject_under(self, h1: LexborNode, page_title: str, keys: set[str]) -> str | None:
        """A lower heading that the page title names after the ``<h1>``, when the ``<h1>``
        only opens the title: a tracker's project over its issue ("GNU MediaGoblin - Support
        #491: Contributors to the code … - FooCorp Tracker", Redmine's ``<h1>`` project and
        ``<h3>`` subject)."""
        name = node_text(h1)
        if not name or len(name) > 40 or not page_title.startswith(name):
            return None
        rest = page_title[len(name) :]
        if rest[:2] not in _LEADING_SEPARATORS and rest[:3] not in _TITLE_SEPARATORS:
            return None
        if _names_site(_letters(rest), keys):
            return None  # (the usual "Headline - Site": the rest only names the site)
        named = [
            text
            for heading in self.root.css("h2, h3")[:12]
            if len(text := node_text(heading)) >= 10
            and text in rest
            and not self._inside_comments(heading)
        ]  # (the longest: the "Support #491" heads its subject)
        return max(named, key=len) if named else None

    def _without_leading_site_name(self, page_title: str) -> str:
        """The page title without the site's name before it, as the page's link home shows
        the name ("OUseful Info: We Ignore RSS at OUr Peril" under <h1><a href="…/ajh59/">
        OUseful Info</a></h1>, a Movable Type blog's)."""
        for link in self.root.css("a[href]")[:_HOME_LINKS_LOOKED_AT]:
            name = node_text(link)
            if (
                len(name) >= 3
                and page_title.startswith(name)
                and (rest := page_title[len(name) :])[:2] in _LEADING_SEPARATORS
                and self._links_home_page(link)
            ):
                return rest[2:].strip() or page_title
        return page_title

    def _links_home_page(self, link: LexborNode) -> bool:
        """Whether a link goes to the front page of the site or of the blog the page is in
        (a blog under a path: "http://blogs.open.ac.uk/Maths/ajh59/")."""
        if self._goes_home(link):
            return True
        target = urlsplit(urljoin(self.url, link.attributes.get("href") or ""))
        page = urlsplit(self.url)
        home = target.path.rstrip("/")
        return (
            target.netloc == page.netloc
            and bool(home)
            and page.path.startswith(home + "/")
            and not target.query
        )

    def _self_linked_head(self, page_title: str) -> str | None:
        """The part of the page title before its section and site, when a link to this very
        page shows that part alone: a forum's breadcrumb ending in the topic ("… / Politics /
        <a href="/1973856/…">Buhari's Victims …</a>" under the title "Buhari's Victims … -
        Politics - Nairaland")."""
        heads = {
            head
            for separator in _TITLE_SEPARATORS
            for head in _heads(page_title, separator)
            if len(head) >= 10
        }
        if not heads:
            return None
        page = urlsplit(self.url)
        for link in self.root.css("a[href]"):
            text = node_text(link)
            if text not in heads:
                continue
            target = urlsplit(urljoin(self.url, link.attributes.get("href") or ""))
            if target.netloc == page.netloc and target.path.rstrip("/") == page.path.rstrip("/"):
                return text
        return None

    def _linked_site_name(self, page_title: str) -> set[str]:
        """The site's name as the page title's last part gives it, when one of the page's
        first links shows it: the site's own link in its top bar ("… | Hacker News")."""
        for separator in (" | ", " - ", " – ", " — "):
            _head, found, tail = page_title.rpartition(separator)
            if found and 0 < len(tail) <= 40:
                break
        else:
            return set()
        tail = tail.strip()
        if any(node_text(link) == tail for link in self.root.css("a")[:8]):
            return {_letters(tail)}
        # (or a link home showing it anywhere: Something Awful's <a href="/">The Something
        # Awful Forums</a> in its breadcrumbs)
        for link in self.root.css('a[href="/"]'):
            if node_text(link) == tail:
                return {_letters(tail)}
        return set()

    def _headline_within(self, title: str) -> str:
        """The part of ``title`` that the page's ``<h1>`` shows, when the rest is only what the
        site adds around it after a separator: "Auto tariffs: who pays? - Economics" (the
        community), "r/Economics on Reddit: How much …" (the site's own words)."""
        if (
            not any(mark in title for mark in _TITLE_SEPARATORS)
            and ": " not in title
            and _CREDIT not in title
        ):
            return title
        heads = sorted(
            {
                head
                for separator in (*_TITLE_SEPARATORS, _CREDIT)
                for head in _heads(title, separator)
                if len(head) >= 10
            },
            key=len,
            reverse=True,
        )
        headings = []
        # (an <h2>/<h3> too: DCInside's <h3 class="title"><span class="title_subject">)
        for node in self.root.css("h1, h2, h3"):
            if self._inside_comments(node):
                continue
            # and the title part of one with a kicker (ZEIT ONLINE: <h1><span class=…kicker>
            # US-Zollpolitik</span><span class=…title>Trump kündigt …</span></h1>)
            # (each such part: FAZ.NET's "atc-HeadlineEmphasis" kicker, then "atc-HeadlineText")
            for element in (node, *node.css(_HEADLINE_PART)):
                if len(heading := node_text(element)) >= 10:
                    headings.append(heading)
            kicker = node.child
            while kicker is not None and kicker.tag == "-text":
                kicker = kicker.next
            # (or after a kicker that has no class for the rest: HS's <h1><span
            # class="article-storylogo">Tullit | </span><span>Trump lähetti …</span></h1>)
            if kicker is not None and _KICKER.search(kicker.attributes.get("class") or ""):
                rest = node_text(node)[len(node_text(kicker)) :].strip()
                if len(rest) >= 10 and title.endswith(rest):
                    before = title[: -len(rest)].rstrip()
                    if before.endswith((":", "|")) or before.endswith(" -"):
                        return rest
        hyphened = {_dashes_as_hyphens(head) for head in heads}
        for heading in headings:  # the whole heading, its dashes the title's hyphens
            if _dashes_as_hyphens(heading) in hyphened:
                return heading
        for heading in headings:
            for head in (title, *heads):
                if (
                    heading.startswith(head)
                    and heading[len(head) :].lstrip()[:1] in _AFTER_HEADLINE
                ):
                    return head
        for heading in headings:  # (not after a " - ": that is where a site's name goes)
            if title.endswith(heading) and title[: -len(heading)].rstrip().endswith(":"):
                return heading
        # a title written for search engines, the site's name after it ("Die Ablehnung der
        # Gendersprache » SciLogs - Wissenschaftsblogs"), over a post whose heading says it
        # is the entry's title: the heading
        entry = self.root.css_first(_ENTRY_TITLE)
        if entry is not None and not self._inside_comments(entry):
            heading = node_text(entry)
            if len(heading) >= 10 and any(mark in title for mark in _TITLE_SEPARATORS):
                return heading
        return title

    def _is_headline(self, node: LexborNode, page_title: str, site_keys: set[str]) -> bool:
        """Whether an ``<h1>`` is the page's headline; one that only names the site (a
        forum's header: the page's title is "Steel tariffs - Metalworking Forum") is not, and
        its name joins ``site_keys``."""
        text = node_text(node)
        if not text:
            return False
        if (
            _names_the_site(text, page_title)
            or self._links_home(node, text)
            or _letters(text) in site_keys  # (the site's name alone: <h1>How-To Geek</h1>)
        ):
            # (in the page's header, as chrome or not)
            site_keys.add(_letters(text))
            return False
        return (
            not self._inside_comments(node)
            and not self.chrome(node)
            and not self._teaser_heading(node)
        )

    def _teaser_heading(self, heading: LexborNode) -> bool:
        """Whether a heading is inside a link to another page: a teaser's (Ars Technica's
        sidebar: <a href="…/bloodhound-ssc/"><img><h1 class="heading">…</h1></a>)."""
        element = heading.parent
        for _ in range(3):
            if element is None:
                return False
            if element.tag == "a":
                href = element.attributes.get("href") or ""
                target = urlsplit(urljoin(self.url, href))
                page = urlsplit(self.url)
                return (
                    bool(href)
                    and not href.startswith("#")
                    and (
                        target.netloc != page.netloc
                        or target.path.rstrip("/") != page.path.rstrip("/")
                    )
                )
            element = element.parent
        return False

    def _links_home(self, heading: LexborNode, text: str) -> bool:
        """Whether a heading is only a link to the site's front page: the blog's name over
        every page (Internet-Law's ``<h1><a href="http://www.internet-law.de">``), or to the
        section above the page (Ars Technica's ``<h1><a href="…/science/">Scientific Method /
        Science & Exploration</a></h1>`` over a story under /science/2014/03/…)."""
        links = heading.css("a[href]")
        if not links:
            return False
        if len(links) > 1:
            # (every link of it to the front page, and nothing else: La Presse's <h1><a
            # href="http://www.lapresse.ca/">La Presse.ca</a><span>… <a href=…>Retour à
            # l'accueil</a></span></h1> over a blog of blogues.lapresse.ca)
            shown = "".join(node_text(link) for link in links)
            return "".join(text.split()) == "".join(shown.split()) and all(
                self._goes_home(link) for link in links
            )
        link = links[0]
        if node_text(link) != text:
            return False
        target = urlsplit(urljoin(self.url, link.attributes.get("href") or ""))
        page = urlsplit(self.url)
        if target.netloc != page.netloc:
            return self._goes_home(link)
        section = target.path.rstrip("/")
        return not section or (
            page.path.startswith(section + "/") and page.path.rstrip("/") != section
        )

    def _goes_home(self, link: LexborNode) -> bool:
        """Whether a link goes to the front page of the page's site or of a site it is part
        of (www.lapresse.ca for blogues.lapresse.ca)."""
        target = urlsplit(urljoin(self.url, link.attributes.get("href") or ""))
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        home = (target.hostname or "").removeprefix("www.")
        return (
            bool(home) and (host == home or host.endswith("." + home)) and target.path in ("", "/")
        )

    def _select_first(self, name: str, selector: str) -> LexborNode | None:
        try:
            return self.root.css_first(selector)
        except Exception as exc:
            raise ExtractionError(self.url, str(SelectorError(name, selector))) from exc

    def _year_before(self, published: datetime | None) -> datetime | None:
        """What a comment's date shown without its year is read before: the fetch, unless the
        story is more than a year older than it. Then the page was saved in the story's time
        (MetaFilter's "posted by NAME at 7:10 PM on May 2" under a post of 2 May 2013, PTT's
        "05/10 12:00" pushes): the year after the story is the comments' year. (A live page
        of a story that old, commented this year with dates shown yearless, reads wrong; a
        news site's comments close long before.)"""
        if published is None or self.fetched_at - published < _A_YEAR:
            return None
        return published + _A_YEAR - _A_DAY

    def published(self) -> datetime | None:
        for key in _PUBLISHED_KEYS:
            moment = parse_iso(self.meta.meta.get(key), tz=self.tz)
            if moment is not None:
                return moment
        for key in ("datePublished", "dateCreated"):
            value = self.meta.linked(key)
            moment = parse_iso(value, tz=self.tz) if isinstance(value, str) else None
            if moment is not None:
                return moment
        candidates = list(self.root.css("[itemprop=datePublished], time[pubdate]"))
        candidates += list(self.root.css("time[datetime]"))[:20]
        for node in candidates:
            if self._inside_comments(node) or self.chrome(node):
                continue
            moment = Clock(self.fetched_at, self.tz).element(node, node.attributes)
            if moment is not None:
                return moment
        # the date the headline shows beside it, in an element of its own (MetaFilter's <h1>…
        # <span class="smallcopy">May 2, 2013 <span>7:02 PM</span> … Subscribe</span></h1>)
        headline = self.root.css_first("h1")
        if headline is not None and not self._inside_comments(headline):
            clock = Clock(self.fetched_at, self.tz)
            for part in headline.css("span, small, time"):
                shown = node_text(part)
                if 6 <= len(shown) <= 60 and A_DIGIT.search(shown):
                    words = shown.split()
                    for end in range(len(words), max(len(words) - 3, 0), -1):
                        # (a link's word after it: "May 2, 2013 7:02 PM Subscribe")
                        moment = clock.text(" ".join(words[:end]))
                        if moment is not None:
                            return moment
        return None

    def body(self) -> tuple[str, ...]:
        selector = self.selectors.body if self.selectors else None
        if selector:
            node = self._select_first("body", selector)
            if node is None:
                return ()
            walk = walk_block(node, skip=self.block_keys, clock=self.clock, find_meta=False)
            return tuple(p.text for p in walk.paras if not _is_boilerplate(p.text))
        containers = self._body_containers()
        paragraphs = tuple(
            paragraph for container in containers for paragraph in self._paragraphs_of(container)
        )
        if containers and (standfirst := self._standfirst(containers[0])) not in paragraphs:
            paragraphs = (standfirst, *paragraphs) if standfirst else paragraphs
        if (
            sum(map(len, paragraphs)) < _SHORT_BODY
            and len(containers) == 1
            and containers[0].css_matches(_MARKED_LINES)
            and not self._holds_the_thread(containers[0])  # (a forum in a page's content)
        ):
            # its words outside its few <p>s (DCInside's <div app_paragraph="Dc_App_text_0">
            # lines, then <p>- dc official App</p>)
            lines = self._lines_of(containers[0])
            if sum(map(len, lines)) > max(_SHORT_BODY // 4, 2 * sum(map(len, paragraphs))):
                paragraphs = lines
                containers = []  # (a marked body's lines: no other element's)
        if (
            sum(map(len, paragraphs)) < _SHORT_BODY
            and (self.comments_read < _FEW_COMMENTS or not paragraphs)
            and (containers or not paragraphs)
        ):
            # perhaps a <p> beside it and <br>s in it (asked only beside a short thread: the
            # page-wide query costs a long thread's page milliseconds)
            unparagraphed = self._unparagraphed_body()
            if sum(map(len, unparagraphed)) > sum(map(len, paragraphs)):
                paragraphs = unparagraphed
        linked = self.linked.body if self.linked is not None else ()
        if sum(map(len, linked)) > sum(map(len, paragraphs)):
            return linked
        if paragraphs and (
            (len(paragraphs[-1]) <= 160 and _CLOSING_NOTE.fullmatch(paragraphs[-1]))
            or (len(paragraphs[-1]) <= 80 and self._signs_off(paragraphs[-1]))
        ):
            return paragraphs[:-1]
        return paragraphs

    def _standfirst(self, container: LexborNode) -> str | None:
        """The sentences a story opens with, set apart just above its body's element in one
        classed as such (SME's ``<p class="perex">``, iDNES's ``<div class="opener">``)."""
        node: LexborNode | None = container
        previous = None
        for _ in range(2):  # (the body's element may be the first in a wrapper)
            if node is None:
                return None
            previous = node.prev
            # (past the story's picture too: Kleine Zeitung's <figure> under its header)
            while previous is not None and (
                (previous.tag or "-")[0] == "-" or previous.tag == "figure"
            ):
                previous = previous.prev
            if previous is not None:
                break
            node = node.parent
        if previous is None or previous.tag not in ("p", "div", "h2", "header"):
            return None  # (a subtitle's <h2> too, when classed so: Tuổi Trẻ's "detail-sapo")
        if previous.tag in ("div", "header") and not _names_standfirst(previous.attributes):
            # the story's header before it, holding the standfirst with its headline and
            # picture (Blick's <div data-testid="article-lead">, Kleine Zeitung's <header>)
            inner = {
                node.mem_id: node
                for node in previous.css("div[class], p[class], div[data-testid]")
                if _names_standfirst(node.attributes)
            }
            if len(inner) != 1:
                return None
            (previous,) = inner.values()
        lead = previous.css_first("p") if previous.tag == "div" else None
        if lead is not None and node_text(lead) != node_text(previous):
            return None  # (a box of more than one paragraph: not a standfirst)
        if not _names_standfirst(previous.attributes) and not (
            lead is not None and _names_standfirst(lead.attributes)
        ):
            return None
        text = _paragraph_text(lead if lead is not None else previous)
        if len(text) < 60 or _is_boilerplate(text) or self._inside_comments(previous):
            return None
        return text

    def _signs_off(self, text: str) -> bool:
        """Whether a story's last line is its writer's sign-off: their name, as the structured
        data gives it, and what they wrote from ("Như Tâm (theo Reuters, AFP)": VnExpress)."""
        authors = self.meta.linked("author")
        for author in authors if isinstance(authors, list) else [authors]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and len(name) >= 3 and text.startswith(name):
                rest = text[len(name) :].strip()
                return not rest or rest[0] in "(-–—,/|"
        return False

    def _unparagraphed_body(self) -> tuple[str, ...]:
        """The body of an article whose text has no ``<p>``, only ``<br>``s (Naver's
        ``<article id="dic_area">``): the longest ``<article>`` or marked body outside the
        thread and the page's chrome, by the lines its walk gives."""
        best: tuple[str, ...] = ()
        best_node: LexborNode | None = None
        first = self.first_block
        marked = self.root.css(_UNPARAGRAPHED_BODY)
        for node in [*marked, *self._broken_lines(marked)]:
            if (
                node.mem_id in self.block_keys
                or (first is not None and within(first, node.mem_id))  # it holds the thread
                or self._inside_comments(node)
                or self.chrome(node)
                or _paragraphed(node)
            ):
                continue
            lines = self._lines_of(node)
            length, best_length = sum(map(len, lines)), sum(map(len, best))
            # the longest; or, inside it, one holding most of its words without what is around
            # them (menéame's "div.news-content" in its story's <article> of counters and links)
            if length > max(200, best_length) or (
                length >= max(200, best_length // 2)
                and best_node is not None
                and within(node, best_node.mem_id)
            ):
                best, best_node = lines, node
        return best

    def _broken_lines(self, marked: list[LexborNode]) -> list[LexborNode]:
        """Where no marked element holds a story, the elements whose text is parted by two
        ``<br>``s or more of their own before the thread (Proto Thema's ``div.cnt``)."""
        first = self.first_block
        if any(node.css_first("br") is not None for node in marked):
            return []
        counts: Counter[int] = Counter()
        parents: dict[int, LexborNode] = {}
        for line_break in self.root.css("br"):
            parent = line_break.parent
            if parent is not None and not (first is not None and follows(parent, first)):
                counts[parent.mem_id] += 1
                parents[parent.mem_id] = parent
        return [parents[key] for key, count in counts.most_common(8) if count >= 2]

    def _lines_of(self, node: LexborNode) -> tuple[str, ...]:
        """The lines a story's element shows, walked: its headline and byline are not its
        words (LiveJournal's entry holds both), nor are boilerplate lines or another story's
        link alone on its line."""
        # (and a picture's caption: Ynet's <figcaption> between its <div> paragraphs, Nate's
        # <p class="sub_tit"> after its <img>)
        skip = self.block_keys | {
            other.mem_id
            for other in node.css("h1, h2, figcaption, p")
            if other.tag != "p" or _caption_after_figure(other)
        }
        # (nor a list of links: Habr's hubs over its story, "Nginx", "Настройка Linux,")
        skip |= {item.mem_id for item in node.css("li") if _mostly_linked(item)}
        walk = walk_block(node, skip=skip, clock=self.clock, find_meta=False)
        # a line that is only a link is another story's headline (RIA's inline teasers)
        links = {text for link in node.css("a[href]") if len(text := node_text(link)) >= 10}
        return tuple(
            para.text
            for para in walk.paras
            if is_content(para.text)
            and para.text not in links
            and not _is_boilerplate(para.text)
            and not self._is_byline_line(para.text)
        )

    def _is_byline_line(self, text: str) -> bool:
        """ "tradewinds_notes July 8th, 2025 at 6:40 AM": a name and a time, nothing else; or
        "posted by Ghidorah (12 comments total) [38 favorites]" (MetaFilter's post)."""
        if len(text) <= 100 and text[:10].lower() == "posted by ":
            return True
        byline = split_byline(text) if len(text) <= 80 else None
        return byline is not None and self.clock.text(byline[1]) is not None

    def _paragraphs_of(self, container: LexborNode) -> tuple[str, ...]:
        paragraphs = []
        lead = _text_before_paragraphs(container)
        if len(lead) > 80 and not _is_boilerplate(lead):
            paragraphs.append(lead)  # (Hacker News' "toptext": the first, then <p>s)
        seen_paragraph = False
        for node in container.css("p, li"):
            if node.tag == "p":
                seen_paragraph = True
            elif not seen_paragraph or not _list_item_of_words(node):
                # (a list before the first paragraph: the story's key points over it, News24's)
                continue
            if self._excluded_from_body(node, container):
                continue
            if node.tag == "p" and (parts := blank_line_parts(node)) is not None:
                paragraphs.extend(
                    part
                    for part in parts
                    if (len(part) > 40 or is_content(part)) and not _is_boilerplate(part)
                )
                continue
            text = _paragraph_text(node)
            links = node.css("a[href]")  # (asked once, for both tests)
            if _link_alone(node, text, links) or _links_only(text, links):
                continue  # another story's link ("Lire aussi": Le Monde's inline "catcher")
            if len(text) < 100 and node.css_first(_TO_THE_COMMENTS) is not None:
                continue  # "Что думаешь? Обсуди в комментариях." (a call to the thread)
            if (
                text
                and (len(text) > 40 or is_content(text))  # not "Follow", "412" (Medium's)
                and not _is_boilerplate(text)
                and not _is_byline(node, text)
                and not (len(text) <= 40 and self.clock.text(text) is not None)  # a date alone
                and not self._labelled_date(text)
                # the story's tags ("#новость #личныефинансы": vc.ru's)
                and not (text[0] == "#" and all(word[0] == "#" for word in text.split()))
                and not (len(text) <= 60 and self._counts_and_times(node))
            ):
                paragraphs.append(text)
        return tuple(paragraphs)

    def _labelled_date(self, text: str) -> bool:
        """Whether a short line is a date after a label ending in "on" ("Griffonné le 30
        novembre 2017": Framablog's under its story; "Posted on …", "Veröffentlicht am …")."""
        if len(text) > 60:
            return False
        label = _DATE_LABEL.match(text)
        return label is not None and self.clock.text(text[label.end() :]) is not None

    def _counts_and_times(self, node: LexborNode) -> bool:
        """A line of parts that are each a count or a time, shown glued together: "20コメント"
        and "2025/07/09(水) 11:52" (a topic's comment count and its last comment's time)."""
        parts = [node_text(child) for child in node.iter(include_text=False)]
        parts = [part for part in parts if part]
        return len(parts) > 1 and all(
            not is_content(part) or self.clock.text(part) is not None for part in parts
        )

    def _holds_the_thread(self, node: LexborNode) -> bool:
        """Whether ``node`` holds the comment thread (Daily Mail's ``div.article-text`` holds
        the article's ``articleBody`` and its reader comments)."""
        return self.first_block is not None and within(self.first_block, node.mem_id)

    def _marks_body(self, marked: LexborNode) -> bool:
        """A marked body outside the thread, before it (a deleted comment's "entry-content"
        among the comments is no story's body) and holding paragraphs."""
        return (
            not self._inside_comments(marked)
            and marked.css_first("p") is not None
            and not (self.first_block is not None and follows(marked, self.first_block))
        )

    def _excluded_from_body(self, node: LexborNode, container: LexborNode) -> bool:
        """Captions, asides, advertisements and comments inside the body container."""
        stop = container.mem_id
        element: LexborNode | None = node
        if self.chrome(node):  # a breadcrumb trail, a sidebar inside the container
            return True
        if _caption_after_figure(node) or _caption_inside(node):
            return True
        if self._site_tagline(node):
            return True
        while element is not None and element.mem_id != stop:
            if element.tag in _NOT_BODY_TAGS or element.mem_id in self.block_keys:
                return True
            if about_the_poster(element.attributes.get("class")):
                return True  # a post's poster pane ("Medlem", "Reg: Sep 2014": Flashback's)
            if element.tag == "a" and node.tag == "p":  # a card linking to another story
                return True
            attrs = element.attributes
            marks = (
                f"{hint_of(attrs)} {attrs.get('data-qa') or ''} {attrs.get('data-testid') or ''}"
                f" {attrs.get('data-test') or ''}"
            )
            tokens = hint_tokens(marks.lower())  # (data-qa="subscribe-promo": The Post's)
            if (
                _AD_WORDS.intersection(tokens)
                # (hidden: a reader's note on a picture, Kinja's "annotation-inset … hide")
                or _HIDDEN_CLASSES.intersection((attrs.get("class") or "").split())
                or _THREAD_WORDS.intersection(tokens)
                # (Le Parisien's "nl-article-card" data-newsletter="eco": a sign-up box)
                or any("newsletter" in name for name in attrs)
                # (JoongAng's "letter_wrap"; not a drop cap's "first-letter")
                or ("letter" in tokens and "first" not in tokens and "initial" not in tokens)
                # a button keeping the story ("В избранное": vc.ru's "favorite_marker"), or
                # an alert ("У нас не получилось загрузить Disqus…": its "alert--error")
                or not _KEEP_WORDS.isdisjoint(tokens)
                or "alert" in tokens
                or any(_ASIDE_MARK.search(t) or _EMBED_MARK.match(t) for t in tokens)
            ):
                return True
            element = element.parent
        return False

    def _site_tagline(self, node: LexborNode) -> bool:
        """Whether a paragraph follows an ``<h1>`` that only names the site, as the site's
        motto under its name (FluxBB's board header: ``<h1>forum.bittorrent…</h1><p>
        BitTorrent.org community</p>`` on a page titled "forum.bittorrent… / Discussion of
        BEP 7…")."""
        heading = node.prev
        while heading is not None and heading.tag in ("-text", "-comment"):
            heading = heading.prev
        if heading is None or heading.tag != "h1":
            return False
        name = node_text(heading)
        title = self.tree.css_first("title")
        page_title = node_text(title) if title is not None else ""
        if not name or name == page_title:
            return False
        return (
            page_title.startswith(name) and page_title[len(name) : len(name) + 3].strip() != ""
        ) or _names_the_site(name, page_title)

    def _body_containers(self) -> list[LexborNode]:
        """The element holding the body, or the elements alike that each hold a part of it."""
        first = self.root.css_first(_MARKED_BODY)  # stops at the first: usually the one
        if first is not None:
            if self._marks_body(first) and not self._holds_the_thread(first):
                return [_one_of_many(first)]
            marked_bodies = [node for node in self.root.css(_MARKED_BODY) if self._marks_body(node)]
            for marked in marked_bodies:  # the innermost, when the first holds the thread too
                if not self._holds_the_thread(marked):
                    return [marked]
            if marked_bodies:
                return [marked_bodies[0]]
        counts: Counter[int] = Counter()
        parents: dict[int, LexborNode] = {}
        for node in self.root.css("p"):
            parent = node.parent
            if parent is None:
                continue
            key = parent.mem_id
            counts[key] += 1
            parents.setdefault(key, parent)
        best: LexborNode | None = None
        best_score = 0.0
        checked = 0
        for key, _count in counts.most_common():
            parent = parents[key]
            if key in self.block_keys or self._inside_comments(parent) or self.chrome(parent):
                continue
            if self.first_block is not None and self._copies_a_comment(parent):
                continue
            if self.first_block is not None and follows(parent, self.first_block):
                continue  # an article comes before its thread ("Who is online" after it)
            checked += 1
            length = sum(len(node_text(p)) for p in parent.iter() if p.tag == "p")
            hints = (
                hint_of(parent.attributes)
                + " "
                + hint_of(parent.parent.attributes if parent.parent is not None else {})
            )
            score = length * (1.5 if any(word in hints for word in _BODY_WORDS) else 1.0)
            if score > best_score:
                best, best_score = parent, score
            if checked >= 6:
                break
        if best is None:
            return []
        if counts[best.mem_id] == 1:
            return _wrapped_alike(best)
        return self._with_postscripts(best)

    def _with_postscripts(self, best: LexborNode) -> list[LexborNode]:
        """``best`` and, in its box (up to three levels up, short of the thread's), the
        elements alike to it that hold paragraphs outside the thread, in page order: a topic's
        postscripts (V2EX's 附言, each in its own ``div.markdown_body``), a story's parts
        between ads and links (24ur's ``article__body-item``s, the longest not the first)."""
        css_class = best.attributes.get("class")
        box = best
        for _ in range(3):
            parent = box.parent
            if (
                parent is None
                or parent.tag in ("body", "html")
                # (a box holding the thread is the page's main column: not asked)
                or (self.first_block is not None and within(self.first_block, parent.mem_id))
            ):
                break
            box = parent
        if not css_class or box is best or not (best.tag or "").isalnum():
            return [best]
        found = [best]
        for node in box.css(best.tag or "div"):
            if (
                node.attributes.get("class") == css_class
                and node.mem_id != best.mem_id
                and not within(node, best.mem_id)
                and not within(best, node.mem_id)
                and node.css_first("p") is not None
                and not self._inside_comments(node)
                and node.mem_id not in self.block_keys
                and not (self.first_block is not None and follows(node, self.first_block))
            ):
                found.append(node)
        return in_page_order(found) if len(found) > 1 else found

    def _copies_a_comment(self, node: LexborNode) -> bool:
        """Whether ``node`` is in a copy of a comment shown above the thread (Khoros's accepted
        solution, again under the question): an element around it carries a post's number that
        an element of a comment carries too."""
        element = node.parent
        for _ in range(12):
            if element is None or element.tag in ("body", "html"):
                return False
            found = post_uid(element.attributes)
            # (not the story's own number, which its comments carry too: watson's
            # data-story-id on the story's wrapper and on every comment)
            if found is not None and not any(word in found[0] for word in _STORY_ID_WORDS):
                name, value = found
                return any(
                    other.mem_id != element.mem_id
                    and (other.mem_id in self.block_keys or self._inside_comments(other))
                    for other in select(self.root, f'[{name}="{value}"]')
                )
            element = element.parent
        return False

    def announced(self, comment_words: list[LexborNode]) -> int | None:
        value = self.meta.linked("commentCount")
        if value is None:
            value = self.meta.meta.get("commentcount")
        if isinstance(value, (int, str)) and str(value).strip().isdigit():
            return int(str(value).strip())
        for node in comment_words:
            element = node.parent
            if element is None:
                continue
            text = node_text(element)
            if len(text) > 40:
                continue
            match = _COUNT_TEXT.fullmatch(text)
            if match is None or self.chrome(element) or self._inside_comments(element):
                continue
            number = (match.group("n") or match.group("m") or "").lower()
            return (
                {"no": 0, "one": 1}.get(number)
                if not number[:1].isdigit()
                else int(number.replace(",", ""))
            )
        # "3 thoughts on “…”", "12 Responses", "Comments (12)": headings near the thread
        for label in find_count_labels(self.root, self.chrome):
            if not self._inside_comments(label.node):
                return label.count
        return None


def _with_twoch_posts(comments: list[RawComment], posts: list[RawComment]) -> list[RawComment]:
    """A 2channel-style thread's posts, then the comments found otherwise that are not among
    them (a matome blog's own reader comments)."""
    texts = {"\n".join(para.text for para in post.paragraphs) for post in posts}
    others = [c for c in comments if "\n".join(p.text for p in c.paragraphs) not in texts]
    return posts + others


def _opens(text: str, subject: str) -> bool:
    """Whether ``subject`` is the first words of ``text`` cut off with an ellipsis: the
    subject a site makes of a comment's opening ("Twenty-five percent on top…", Drupal)."""
    if not subject.endswith(("…", "...")):
        return False
    start = subject.rstrip(".…").rstrip()
    return len(start) >= 8 and text.startswith(start)


#: The page's first links, among which its link home showing the site's name is looked for.
_HOME_LINKS_LOOKED_AT = 20
#: What may part a site's name from the headline after it in the page title.
_LEADING_SEPARATORS = frozenset((": ", " |", " -", " –", " —", " »", " ·"))

_A_YEAR = timedelta(days=365)
_A_DAY = timedelta(days=1)
#: Class words of a control that keeps a story for later.
_KEEP_WORDS = frozenset(("favorite", "favourite", "bookmark", "bookmarks"))


#: How a pingback or trackback is signed, in a blog's languages.
_PINGBACK = re.compile(r"(?:pingback|trackback)\b", re.IGNORECASE)


def _less(count: int | None, taken: int) -> int | None:
    return count if count is None or not taken else max(count - taken, 0)


def _site_slogan(title: str, site_keys: set[str]) -> bool:
    """Whether a social title is the site's name and what it says of itself, the same on
    every page ("vc.ru — бизнес, технологии, идеи, модели роста"), not the page's."""
    for separator in (" — ", " – ", " - ", " | ", ": "):
        start, found, _rest = title.partition(separator)
        if found:
            return _letters(start) in site_keys
    return False


def _dashes_as_hyphens(text: str) -> str:
    """A title part with its spaced dashes as the hyphens a page's ``<title>`` often has
    ("SEKRÈ MYSTERY BAG – jede Frau …" in the ``<h1>``, " - " in the title)."""
    return text.replace(" – ", " - ").replace(" — ", " - ")


def _after_crumbs(heading: LexborNode, page_title: str) -> str:
    """A headline's text, without the links to where it stands that lead it, when the
    page's title is what follows them (Bangumi's ``<h1><span><a>靠谱人生茶话会</a> » <a>讨论
    </a></span><br>来推冻鳗群啦！</h1>`` under ``<title>来推冻鳗群啦！``)."""
    text = node_text(heading)
    page_title = " ".join(page_title.split())
    if len(page_title) < 2 or text == page_title or not text.endswith(page_title):
        return text
    lead = text[: -len(page_title)]
    for link in heading.css("a"):
        lead = lead.replace(node_text(link), "", 1)
    return page_title if not lead.strip(" »›>/|·:-–—") else text


def _heads(title: str, separator: str) -> Iterator[str]:
    """``title`` up to each ``separator`` in it."""
    position = title.find(separator)
    while position > 0:
        yield title[:position].strip()
        position = title.find(separator, position + 1)


def _repeats_title(text: str, title: str) -> bool:
    """Whether a comment's first line is only the thread's title ("Re: …" or as it is)."""
    if len(text) < 10 or len(text) > len(title) + 4:
        return False
    line = text.removeprefix("Re:").removeprefix("RE:").strip().casefold()
    if len(line) < 10:
        return False
    title = title.casefold()
    # the page's title may add the forum's name: "Steel tariffs - Metalworking Forum"
    return title.endswith(line) or (
        title.startswith(line) and title[len(line) :].lstrip()[:1] in _TITLE_MARKS
    )


def _titled_byline(text: str, title: str, author: str) -> bool:
    """Whether a comment's first line names its poster and the thread's title, and little
    else: Kunena's "Replied by miata_mike on topic <title>", "<title> was created by …"."""
    return (
        len(title) >= 10
        and bool(author)
        and len(text) <= len(title) + len(author) + 40
        and author in text
        and title.casefold() in text.casefold()
    )


def _wrapped_alike(holder: LexborNode) -> list[LexborNode]:
    """Each paragraph's wrapper, in page order, when every paragraph is wrapped alike: the
    BBC's ``<div data-component="text-block"><div class="…RichTextContainer"><p>`` once per
    paragraph. Else ``holder`` (a paragraph's parent) alone: no level up to three above it
    has three or more siblings alike (same tag and first class) holding paragraphs."""
    wrapper = holder
    for _ in range(3):
        parent = wrapper.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        kind = first_class(wrapper.attributes)  # (its modifiers aside: vc.ru's "block-wrapper
        alike = [  # block-wrapper--text", "--incut" and "--quote" are parts of one story)
            sibling
            for sibling in parent.iter()
            if sibling.tag == wrapper.tag
            and first_class(sibling.attributes) == kind
            and sibling.css_first("p") is not None
        ]
        if len(alike) >= 3:
            return alike
        wrapper = parent
    return [holder]


def _one_of_many(marked: LexborNode) -> LexborNode:
    """The element holding the body: ``marked``, or its parent when siblings alike hold the
    rest (The Washington Post wraps each paragraph in its own ``div.article-body``)."""
    parent = marked.parent
    if parent is None:
        return marked
    kind = first_class(marked.attributes)  # (its modifiers aside: Postimees'
    alike = sum(  # "article-body article-body--lead" before its "article-body")
        1
        for sibling in parent.iter()
        if sibling.tag == marked.tag and first_class(sibling.attributes) == kind
    )
    return parent if alike >= 2 else marked


def _names_standfirst(attrs: dict[str, str | None]) -> bool:
    """Whether an element's class says it holds a story's standfirst: "perex", "lead", a
    camel-cased part of one too ("ArticleIntroBlock": De Telegraaf's)."""
    if attrs.get("itemprop") == "description":
        return True  # (schema.org's: MK's "article__description")
    hint = hint_of(attrs)
    if _STANDFIRST_WORDS.intersection(hint_tokens(hint)):
        return True
    camel = attrs.get("class") or ""
    return camel != camel.lower() and not _STANDFIRST_WORDS.isdisjoint(
        word.lower() for word in _CAMEL_WORD.findall(camel)
    )


_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+")


def _paragraphed(node: LexborNode) -> bool:
    """Whether an element's text is mostly in ``<p>``s: not lines parted by ``<br>``s around
    a picture's captioning ``<p>`` (Nate's story)."""
    paragraphs = node.css("p")
    if not paragraphs:
        return False
    return 2 * sum(len(node_text(p)) for p in paragraphs) >= len(node_text(node))


#: Elements that may stand in a line of text: its words, not a block of their own.
_INLINE_TAGS = frozenset(("a", "b", "i", "em", "strong", "span", "code", "abbr", "q", "u", "s"))


def _text_before_paragraphs(container: LexborNode) -> str:
    """The words a container holds itself before its first ``<p>``, as a paragraph whose
    ``<p>`` the markup leaves out (``text<p>second<p>third``); "" when a block comes first."""
    parts: list[str] = []
    for child in container.iter(include_text=True):
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif child.tag in _INLINE_TAGS:
            parts.append(child.text(deep=True))
        elif child.tag == "p":
            break
        else:
            return ""
    else:
        return ""  # (no <p> after it: not this shape)
    return collapse("".join(parts))


def _caption_inside(node: LexborNode) -> bool:
    """A paragraph holding only a picture and its caption (WordPress's ``<p><span
    class="wp-caption">…<span class="wp-caption-dd">…</span></span></p>``: 4PDA's), or its
    caption and credit (Scientific American's ``<span class="imageCaption">`` and ``<span
    class="imageCredit">``)."""
    caption = node.css_first("[class*=caption i]")
    if caption is None:
        return _picture_then_line(node)
    shown = collapse(node.text())
    if collapse(caption.text()) == shown:
        return True
    credit = node.css_first("[class*=credit i]")
    return credit is not None and collapse(f"{caption.text()} {credit.text()}") == shown


def _caption_after_figure(node: LexborNode) -> bool:
    """A paragraph right after a figure, the two alone in their element: its caption
    (Nikkei's ``<div><figure>…</figure><p class="title_thchiij">…</p></div>``)."""
    parent = node.parent
    if parent is None or node.prev is None:
        return False
    children = list(parent.iter())
    if (
        len(children) == 2
        and children[1].mem_id == node.mem_id
        and children[0].tag in ("figure", "picture", "img")
    ):
        return True
    # or a classed paragraph after one that holds a picture alone (The Paper's
    # <p class="image_desc"> after <p><img></p>), or a centred one
    before: LexborNode | None = node.prev
    while before is not None and before.is_text_node:
        before = before.prev
    # or centred (Guancha's <p style="text-align: center;">)
    attrs = node.attributes
    return (
        before is not None
        and before.tag == "p"
        and (bool(attrs.get("class")) or "center" in (attrs.get("style") or ""))
        and before.css_first("img") is not None
        and not before.text(deep=True).strip()
    )


#: What breaks a paragraph's text into parts that take a space between them.
_BREAKS = "br, div, li, ul, ol, table, blockquote, h1, h2, h3, h4, h5, h6"  # (not p: itself)


def _picture_then_line(node: LexborNode) -> bool:
    """A paragraph opening with a picture, then a line break and a short line: the
    picture's caption (Cracked's ``<p><img …><br><font size="1">Obviously.</font></p>``)."""
    first = node.child
    while first is not None and first.tag == "-text" and not (first.text_content or "").strip():
        first = first.next
    if first is None or first.tag != "img":
        return False
    after = first.next
    while after is not None and after.tag == "-text" and not (after.text_content or "").strip():
        after = after.next
    return after is not None and after.tag == "br" and len(node.text(deep=True).strip()) <= 150


def blank_line_parts(node: LexborNode) -> list[str] | None:
    """The paragraphs of a ``<p>`` that parts them by blank lines, two ``<br>`` in a row
    (Scientific American's of 2010: a whole story in one ``<p>``); None when it has none."""
    if len(node.css("br")) < 2:
        return None
    html = node.html or ""
    if _BLANK_LINE.search(html) is None:
        return None
    parts = []
    for piece in _BLANK_LINE.split(html):
        fragment = LexborHTMLParser(_LINE_BREAK.sub(" ", piece)).body
        text = collapse(fragment.text(deep=True)) if fragment is not None else ""
        if text:
            parts.append(text)
    return parts


_BLANK_LINE = re.compile(r"<br\s*/?>\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _paragraph_text(node: LexborNode) -> str:
    """A paragraph's text: its inline elements' texts as they stand, no space added between
    them (Mastodon's link "<span>https://</span><span>lenafischbach.eu/…</span>"), unless
    something in it breaks the line."""
    if node.css_first(_BREAKS) is None:
        return collapse(node.text(deep=True))
    shown = node.text(deep=True, separator=" ")
    if "\xa0" in shown or "\u202f" in shown:
        # a French space before "?", "!", ":" is the writer's, not a gap ("comment ?")
        shown = _FRENCH_SPACE.sub("\u2060", shown)
        return _INLINE_GAP.sub("", collapse(shown)).replace("\u2060", " ")
    return _INLINE_GAP.sub("", collapse(shown))


#: A label before a date: a word or two, then "on" in a language news comes in.
_DATE_LABEL = re.compile(r"(?:[^\W\d]+\s+){1,2}?(?:le|on|am|den|el|il|em|op)\s+", re.IGNORECASE)
#: A no-break space before high punctuation, as French sets it.
_FRENCH_SPACE = re.compile(r"[\xa0\u202f]+(?=[?!;:»])")


#: Text only screen readers are shown: "Article réservé à nos abonnés" beside a link's icon.
_SCREEN_READERS_ONLY = "[class*=sr-only i], [class*=visually-hidden i], [class*=screen-reader i]"


#: A blog post's heading, as themes mark it.
_ENTRY_TITLE = "h1.entry-title, h1.post-title, h1[itemprop=headline]"
#: Utility classes that hide an element.
_HIDDEN_CLASSES = frozenset(("hide", "hidden", "d-none", "is-hidden", "u-hidden"))
_NOT_IN_A_LINE = "p, li, ul, ol, h1, h2, h3, h4, h5, h6, div, img, figure"


def _mostly_linked(element: LexborNode, text: str | None = None) -> bool:
    """Whether links show half or more of an element's text."""
    shown = len(node_text(element) if text is None else text)
    return sum(len(node_text(link)) for link in element.css("a")) * 2 >= shown > 0


def _list_item_of_words(item: LexborNode) -> bool:
    """Whether a list item in the story is a line of it (a how-to's steps, a list of
    questions: Lifehacker's, a blog's summary in points), not a paragraph's holder, a list's,
    or a link's (a menu, related stories, tags)."""
    key = item.mem_id  # (a query on an element matches the element itself too)
    if any(inner.mem_id != key for inner in item.css(_NOT_IN_A_LINE)):
        return False
    text = node_text(item)
    if len(text) < 8 or text[-1] == ":":  # (a label: "Themenübersicht:" over pages)
        return False
    if _mostly_linked(item, text):
        return False
    holder = item.parent  # (nor one of a list of links: pages, a menu)
    return holder is None or not _mostly_linked(holder)


def _link_alone(node: LexborNode, text: str, links: list[LexborNode]) -> bool:
    """Whether a paragraph shows one link and nothing else (but what only screen readers
    hear, or a label before a bar): another story's headline or a picture's credit, not this
    one's words."""
    if len(links) != 1:
        return False
    link_text = node_text(links[0])
    if len(link_text) < 10 or link_text not in text or link_text.startswith(("http", "www.")):
        return False  # (an address shown is the poster's source: Clien's post's first line)
    rest = text.replace(link_text, "", 1)
    for hidden in node.css(_SCREEN_READERS_ONLY):
        rest = rest.replace(node_text(hidden), "", 1)
    rest = rest.strip(" -–—:»›>|·")
    # (or after a label of its own: "En Xataka | …", "Imagen | The White House": Webedia's)
    return not rest or (
        len(rest.split()) <= 3 and text.startswith(rest) and text[len(rest) :].lstrip()[:1] in "|:"
    )


#: Letters a line of links may show outside them: "(139 Views)", "(Go Down)".
_LETTERS_BESIDE_LINKS = 12


def _links_only(text: str, links: list[LexborNode]) -> bool:
    """Whether a paragraph is links and nothing else but marks and counts between them: a
    breadcrumb trail or a row of other topics ("Nairaland Forum / Politics / Buhari's …
    (139 Views)", "A / B / C (1) (2) (3)"), no story's words."""
    if len(links) < 2:
        return False
    rest = text
    for link in links:
        rest = rest.replace(node_text(link), " ", 1)
    letters = sum(ch.isalpha() for ch in rest)
    # (or three links or more under labels, most of its letters theirs: a blog's "One year
    # ago: <a>…</a> Two years ago: <a>…</a> Three years ago: <a>…</a>", Smitten Kitchen's)
    return letters <= _LETTERS_BESIDE_LINKS or (
        len(links) >= 3 and letters * 3 <= sum(ch.isalpha() for ch in text)
    )


def _is_boilerplate(text: str) -> bool:
    """A copyright line, the reporter's address alone ("sungmin@yna.co.kr"), the app it was
    posted from ("- dc official App", "Sent from my iPhone"), a newsletter's pitch, a wire
    story's note."""
    if len(text) < 200 and (
        _NEWSLETTER.match(text) is not None
        or _CLOSED_THREAD.match(text) is not None
        or _SYNDICATED.search(text) is not None
        or _WRITE_TO.match(text) is not None
        or _SIGN_IN.match(text) is not None
        or _TIMES_NOTICE.match(text) is not None
    ):
        return True
    if len(text) < 400 and _SITE_COPYRIGHT.match(text) is not None:
        return True  # (a footer's: "Nairaland - Copyright © 2005 - 2014 … All rights reserved.")
    # (a longer line too when it starts as credits and notices do: "Copyright 2025 Nexstar
    # Media, Inc. All Rights Reserved. This material may not be published, …")
    return (len(text) < 100 or (len(text) < 300 and text.startswith(_CREDIT_STARTS))) and (
        _BOILERPLATE.match(text) is not None
        or _ADDRESS_ONLY.fullmatch(text) is not None
        or _SENT_FROM.fullmatch(text) is not None
    )


#: A site's copyright notice after its name: "Nairaland - Copyright © 2005 - 2014 Oluwaseun
#: Osewa. All rights reserved."
_SITE_COPYRIGHT = re.compile(
    r".{0,40}?(?:copyright|©|\(c\))\s.{0,120}?all rights reserved", re.IGNORECASE | re.DOTALL
)
_CREDIT_STARTS = ("Source:", "Copyright", "©", "(c) ", "(C) ", "Photos by ", "Photo by ")
#: A newsletter's box in the story: "Sign up to our Trade Secrets newsletter for a daily…"
_NEWSLETTER = re.compile(r"sign\s+up\s+(?:to|for)\s+(?:our|the)\s+.{0,60}?newsletter\b", re.I)
#: A closed thread's notice: "Litujeme, ale tato diskuse byla uzavřena …" (iDNES's).
_CLOSED_THREAD = re.compile(
    r".{0,40}(?:diskuse byla uzavřena|comments are closed|discussion (?:is|has been) closed)",
    re.IGNORECASE,
)
#: A wire story's note: "(Except for the headline, this story has not been edited by NDTV
#: staff and is published from a syndicated feed.)" (NDTV, Business Standard).
_SYNDICATED = re.compile(r"\b(?:from|by) an? (?:syndicated|agency|wire) feed\b", re.I)
#: The writers' addresses under a story: "Write to Megan Holloway at megan.holloway@wsj.com".
_WRITE_TO = re.compile(r"(?:write to|contact|e-?mail)\b.{0,160}?@[\w-]+\.\w", re.I)
#: A reader not signed in told to, or how comments are moderated: "Sie sind nicht
#: angemeldet. Jetzt anmelden oder registrieren, um mitzudiskutieren …" (heise's forum), "You
#: must be logged in to post a comment.", "Comments are moderated and will be published …"
_SIGN_IN = re.compile(
    r"(?:you\s+are|you're|sie\s+sind)\s+not\s+(?:logged|signed)\s+in|sie\s+sind\s+nicht\s+angemeldet"
    r"|you\s+must\s+be\s+(?:logged|signed)\s+in\s+to|(?:log|sign)\s+in\s+(?:or\s+register\s+)?to"
    r"\s+(?:comment|reply|post|join)"
    r"|comments\s+are\s+moderated\b",  # (and how they will be: Times of India's)
    re.IGNORECASE,
)
#: A forum's note of the zone its times are in: "All times are UTC + 10 hours" (phpBB's).
_TIMES_NOTICE = re.compile(
    r"(?:all\s+times\s+are|alle\s+zeiten\s+sind|toutes\s+les\s+heures\s+sont)\b", re.I
)
_ADDRESS_ONLY = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SENT_FROM = re.compile(r"[-–—]\s*\w+(?: official)? app|sent from my \w+(?: \w+)?", re.I)


#: Classes of a paragraph that says who wrote an article and when.
_BYLINE_CLASSES = frozenset(("byline", "dateline", "timestamp"))
_AUTHOR_MARKS = "a.author, [rel~=author], [itemprop~=author]"
_AUTHOR_NAME = f"{_AUTHOR_MARKS}, a[data-testid*=author i]"


def _is_byline(node: LexborNode, text: str) -> bool:
    """ "By dealer_dan, <time>November 17</time> in Industry News": who wrote it and when, not
    what (a forum topic's header, a news article's byline)."""
    if len(text) >= 120:
        return False
    if _BYLINE_CLASSES & set(hint_tokens(node.attributes.get("class") or "")):
        return True  # <p class="byline-section">Published: <time>…</time> | Updated: …
    named = node.css_first(_AUTHOR_NAME) if len(text) <= 60 else None
    if named is not None and node_text(named) == text:
        return True  # the writer's name alone (Medium's <p><a data-testid="authorName">)
    if not text.startswith(("By ", "by ", "Posted ", "posted ")):
        return False
    if node.css_first(_AUTHOR_MARKS) is not None:
        return True  # "By <a class="author">HARRIET ALDRIDGE, US POLITICAL REPORTER</a>"
    moment = node.css_first("time, [datetime]")
    if moment is None:
        return False
    if text[0] in "Pp":
        return True
    # a name between "By" and the time: not "By <time>July 9</time> the quota is spent."
    before = text.partition(node_text(moment) or "\x00")[0]
    name = before[3:].strip(" ,|·•-–—")
    return 0 < len(name.split()) <= 4


def read_page(
    html: str,
    url: str,
    *,
    fetched_at: datetime,
    selectors: Selectors | None = None,
    site_tz: str | None = "Asia/Tokyo",
    find_next: bool = True,
    templates: bool = True,
) -> Page:
    """Read one page of an article (see :func:`assemble_article` to make an Article of it).

    With ``find_next`` the page's link to its next page of comments is looked for too. With
    ``templates`` false every comment block is walked, none replayed from a template learnt on
    an alike block (:mod:`bot.extract.template`): slower, and giving the very same page.
    """
    reader = _PageReader(html, url, fetched_at, selectors, site_tz, templates)
    return reader.read(find_next=find_next)


def assemble_article(
    pages: Sequence[Page],
    *,
    source: str = "",
    max_comments: int | None = None,
) -> Article:
    """One Article from the pages of its thread (the first page gives title, body and count).

    Comments are merged in page order and deduplicated by id. A thread announced with comments
    of which none could be found is an error, never an empty thread presented as real.
    """
    if not pages:
        raise ValueError("assemble_article needs at least one page")
    first = pages[0]
    raws: list[RawComment] = []
    seen: set[str] = set()
    for page in pages:
        for raw in page.comments:
            if raw.id in seen:
                continue
            seen.add(raw.id)
            raw.position = len(raws)
            raws.append(raw)
    if max_comments is not None and len(raws) > max_comments:
        raws = raws[:max_comments]
        kept = {raw.id for raw in raws}
        for raw in raws:
            if raw.parent is not None and raw.parent not in kept:
                raw.parent = None
    announced = first.announced
    if announced and not raws:
        raise ExtractionError(
            first.url,
            f"the page announces {announced} comment{'s' if announced != 1 else ''} but none were "
            "found; its markup may have changed — set [sources.selectors] in the config",
        )
    if not raws and not first.body and not first.title:
        raise ExtractionError(first.url, "the page has no title, no text and no comments")
    if announced is not None and len(raws) < announced and len(pages) == 1:
        log.debug("%s announces %d comments, %d on this page", first.url, announced, len(raws))
    comments = resolve_comments(raws, first.body, now=first.fetched_at, tz=first.site_tz)
    count = max(announced or 0, len(comments))
    return Article(
        url=first.canonical,
        title=first.title or first.canonical,
        published=first.published,
        body=first.body,
        comments=tuple(comments),
        comment_count=count,
        source=source,
    )


def extract_article(
    html: str,
    url: str,
    *,
    fetched_at: datetime,
    selectors: Selectors | None = None,
    source: str = "",
    site_tz: str | None = "Asia/Tokyo",
    templates: bool = True,
) -> Article:
    """The article at ``url`` (title, published, body paragraphs, comment thread) from its HTML.

    ``fetched_at`` anchors relative comment times ("Today", "Yesterday", dates without a year)
    in ``site_tz`` (``None``: the zone the page says it is from, :mod:`.sitezone`);
    ``selectors`` (a source's ``[sources.selectors]``) override the guesses.
    ``templates`` false walks every comment block (see :func:`read_page`; the same result).
    Raises :class:`bot.errors.ExtractionError` naming ``url`` when the document is not an HTML
    page or announces comments none of which can be found.
    """
    page = read_page(
        html,
        url,
        fetched_at=fetched_at,
        selectors=selectors,
        site_tz=site_tz,
        find_next=False,
        templates=templates,
    )
    return assemble_article([page], source=source)


def extract_article_slow(
    html: str,
    url: str,
    *,
    fetched_at: datetime,
    selectors: Selectors | None = None,
    source: str = "",
    site_tz: str | None = "Asia/Tokyo",
) -> Article:
    """:func:`extract_article` walking every comment block: the reference the replayed blocks
    are checked against (tests and benchmarks); always the same Article, only slower."""
    return extract_article(
        html,
        url,
        fetched_at=fetched_at,
        selectors=selectors,
        source=source,
        site_tz=site_tz,
        templates=False,
    )
