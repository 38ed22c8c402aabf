"""The default summarizer: deterministic, offline, and made only of what commenters wrote.

A discussion's viewpoints come from clustering its comments. Each comment becomes a TF-IDF
vector over its content words; the best-ranked comments are clustered greedily in rank order
(a comment joins the most similar cluster centroid when the cosine similarity reaches
:data:`SIMILARITY`, else it starts a cluster), then the remaining comments join the nearest
existing cluster. A cluster is labelled by the phrases most distinctive to it, and quoted
through its best-ranked comment: a sentence or two of that comment, verbatim. The summary
paragraph is templates filled with counts, labels, vote figures and verbatim words.

Cost is linear in the number of comments: similarities go through an inverted index from
words to clusters, and only the :data:`CLUSTER_CANDIDATES` best-ranked comments can start a
cluster.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.models import Article, Comment, Discussion, Quote, Viewpoint
from bot.ranking import Sort, has_votes, most_controversial, rank_comments
from bot.summarize.features import (
    Vector,
    content_keys,
    content_tokens,
    inverse_document_frequency,
    paragraphs,
    phrases,
    sentence_spans,
    strongest,
    tfidf_vector,
)
from bot.text import normalize_ws, truncate, vote_label

log = logging.getLogger(__name__)

SIMILARITY = 0.35  # cosine similarity for a comment to join a cluster
REPLY_PULL = 0.7  # a reply's vector leans this much toward its parent's: it answers that point
CLUSTER_CANDIDATES = 300  # only these best-ranked comments may start a cluster
MIN_KEYS = 2  # comments with fewer distinct shared content words are not clustered
VECTOR_KEYS = 24  # a comment's vector keeps its strongest words only
CENTROID_KEYS = 48  # late comments are matched against each theme's strongest words only
JOIN_BLOCK = 128  # late comments are matched this many at a time (bounds the memory used)
LABEL_MEMBERS = 40
MAX_QUOTE_CHARS = 280
SUMMARY_QUOTE_CHARS = 160
BIGRAM_BONUS = 1.5

_CREDIT_MARKERS = (
    "image:",
    "photo:",
    "photograph:",
    "file photo",
    "©",
    "copyright",
    "getty images",
    "ap photo",
    "reuters/",
    "afp/",
    "illustration:",
    "video:",
    "caption:",
    "credit:",
)


def article_gist(article: Article, *, max_chars: int = 300) -> str:
    """The article's lead: its first one or two sentences of prose, verbatim.

    Photo captions, credits and short label lines (a dateline, a category) are skipped. The
    second sentence is added when it fits within ``max_chars``; a first sentence longer than
    that is cut at a word boundary and ends with "…". No body gives "".
    """
    for para in paragraphs("\n".join(article.body)):
        if _is_caption_or_label(para):
            continue
        text, spans = sentence_spans(para)
        if not spans:
            continue
        first_end = spans[0][1]
        end = first_end
        if len(spans) > 1 and spans[1][1] <= max_chars and first_end < max_chars * 0.6:
            end = spans[1][1]
        return truncate(text[:end], max_chars)
    return ""


def _is_caption_or_label(para: str) -> bool:
    words = para.split()
    lower = para.lower()
    if len(words) < 30 and any(marker in lower for marker in _CREDIT_MARKERS):
        return True
    ends_like_prose = para.rstrip("\"'”’)").endswith((".", "!", "?", "…"))
    return (len(words) < 8 and not ends_like_prose) or len(words) < 4


@dataclass(slots=True)
class _Doc:
    comment: Comment
    rank: int
    vector: Vector  # over words other comments use too, leaning toward the parent's for replies


@dataclass(slots=True)
class _Cluster:
    members: list[_Doc] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)  # sum of member vectors
    norm2: float = 0.0

    def add(self, doc: _Doc, *, update: bool = True) -> None:
        self.members.append(doc)
        if not update:
            return
        for key, weight in doc.vector.items():
            old = self.total.get(key, 0.0)
            self.total[key] = old + weight
            self.norm2 += 2 * old * weight + weight * weight


def summarize_discussion(
    comments: Sequence[Comment],
    *,
    sort: Sort = "best",
    top_n: int = 3,
    ranking_note: str = "",
    max_viewpoints: int = 4,
) -> Discussion:
    """What readers say: summary, viewpoints with verbatim quotes, top and divisive comments.

    ``top_comments`` follow ``sort``; viewpoints are always represented by their best-received
    comment (Wilson lower bound, or thread order where the site has no votes).
    """
    # Sorting by (position, id) first makes every later tie-break independent of input order.
    items = sorted(comments, key=lambda c: (c.position, c.id))
    if not items:
        return Discussion(summary="No comments yet.", ranking_note=ranking_note)
    ranked = rank_comments(items, "best")
    viewpoints = _viewpoints(ranked, max_viewpoints)
    controversial = most_controversial(items)
    summary = _summary(items, ranked, viewpoints, controversial)
    return Discussion(
        summary=summary,
        viewpoints=tuple(viewpoints),
        top_comments=tuple(
            (ranked if sort == "best" else rank_comments(items, sort))[: max(top_n, 0)]
        ),
        controversial=controversial,
        summarizer="extractive",
        ranking_note=ranking_note,
    )


def _viewpoints(ranked: Sequence[Comment], limit: int) -> list[Viewpoint]:
    docs_keys = [content_keys(c.text) for c in ranked]
    idf = inverse_document_frequency(docs_keys)
    # Words only one comment uses cannot relate it to another: leaving them out of the
    # vectors keeps long comments from looking unlike everything else.
    hapax_idf = 1.0 + math.log((1 + len(ranked)) / 2)
    shared_idf = {k: w for k, w in idf.items() if w < hapax_idf - 1e-9}
    own = {
        c.id: tfidf_vector(keys, shared_idf, top=VECTOR_KEYS)
        for c, keys in zip(ranked, docs_keys, strict=True)
    }
    docs = [
        _Doc(comment, rank, _with_parent(own[comment.id], own.get(comment.parent or "")))
        for rank, comment in enumerate(ranked)
    ]
    clusters = _cluster([d for d in docs if len(own[d.comment.id]) >= MIN_KEYS])
    # A viewpoint is a point several readers make; a lone comment shows under top comments.
    shared = [c for c in clusters if len(c.members) >= 2]
    shared.sort(key=lambda c: (-len(c.members), c.members[0].rank))
    return [_viewpoint(c, idf) for c in shared[: max(limit, 0)]]


def _with_parent(vector: Vector, parent: Vector | None) -> Vector:
    """A reply's vector pulled toward its parent's, renormalized (a reply's own words are
    often too few to show what it is about)."""
    if not parent or not vector:
        return vector
    mixed = dict(vector)
    for key, weight in parent.items():
        mixed[key] = mixed.get(key, 0.0) + REPLY_PULL * weight
    mixed = strongest(mixed, VECTOR_KEYS)
    norm = math.sqrt(sum(w * w for w in mixed.values()))
    return {k: w / norm for k, w in mixed.items()}


def _cluster(docs: Sequence[_Doc]) -> list[_Cluster]:
    """Leader clustering in rank order, through an inverted index from words to clusters.

    Similarities are accumulated in plain lists indexed by cluster (not dicts): this loop is
    most of the summarizer's time on long threads.
    """
    clusters: list[_Cluster] = []
    norms: list[float] = []  # |centroid| of each cluster, kept current
    # word key → {cluster: that cluster's total weight for the word}
    columns: dict[str, dict[int, float]] = defaultdict(dict)
    for doc in docs[:CLUSTER_CANDIDATES]:
        dots = [0.0] * len(clusters)
        for key, weight in doc.vector.items():
            column = columns.get(key)
            if column:
                for index, total in column.items():
                    dots[index] += weight * total
        index, sim = _best([d / n if d else 0.0 for d, n in zip(dots, norms, strict=True)])
        if index < 0 or sim < SIMILARITY:
            index = len(clusters)
            clusters.append(_Cluster())
            norms.append(0.0)
        cluster = clusters[index]
        cluster.add(doc)
        for key in doc.vector:
            columns[key][index] = cluster.total[key]
        norms[index] = math.sqrt(cluster.norm2)
    _join_nearest(clusters, docs[CLUSTER_CANDIDATES:])
    return clusters


def _join_nearest(clusters: list[_Cluster], docs: Sequence[_Doc]) -> None:
    """Each of ``docs`` joins its nearest cluster when that is similar enough.

    Centroids stay fixed now, so later comments only join existing themes, and are matched
    against each theme's strongest words (an approximation that keeps this step linear).
    A block of comments is matched against every theme at once in numpy: for each word slot
    of the comments' vectors in turn, the slot's weight times the themes' weights for that
    word is added up, in the same order as a loop over the vector would, so the similarities
    are the same to the last bit.
    """
    if not clusters or not docs:
        return
    columns: dict[str, int] = {}  # word → row of the centroid matrix
    rows: list[int] = []
    owners: list[int] = []
    weights: list[float] = []
    for index, cluster in enumerate(clusters):
        norm = math.sqrt(cluster.norm2)
        for key, weight in strongest(cluster.total, CENTROID_KEYS).items():
            rows.append(columns.setdefault(key, len(columns)))
            owners.append(index)
            weights.append(weight / norm)
    blank = len(columns)  # an all-zero row: what empty slots point at
    centroids = np.zeros((blank + 1, len(clusters)))
    centroids[rows, owners] = weights
    width = max(len(d.vector) for d in docs)
    for start in range(0, len(docs), JOIN_BLOCK):
        block = docs[start : start + JOIN_BLOCK]
        slots: list[list[int]] = []
        slot_weights: list[list[float]] = []
        for doc in block:
            found = [(columns[k], w) for k, w in doc.vector.items() if k in columns]
            pad = width - len(found)
            slots.append([c for c, _ in found] + [blank] * pad)
            slot_weights.append([w for _, w in found] + [0.0] * pad)
        words, values = np.array(slots), np.array(slot_weights)
        similarities = np.zeros((len(block), len(clusters)))
        for slot in range(width):
            similarities += values[:, slot, None] * centroids[words[:, slot]]
        nearest = similarities.argmax(axis=1)  # the first maximum of each row
        top = similarities[np.arange(len(block)), nearest]
        runner_up = (
            np.partition(similarities, -2, axis=1)[:, -2] if len(clusters) > 1 else top - 1.0
        )
        for row in np.flatnonzero(top >= SIMILARITY).tolist():
            if runner_up[row] <= top[row] - 2e-12:  # no near-tie: what _best would say
                index = int(nearest[row])
            else:
                index, sim = _best(similarities[row].tolist())
                if index < 0 or sim < SIMILARITY:
                    continue
            clusters[index].add(block[row], update=False)


def _best(similarities: Sequence[float]) -> tuple[int, float]:
    """The most similar cluster and its similarity; ties go to the older cluster.

    A cluster counts as more similar only by more than 1e-12 (rounding is no reason to leave
    the older cluster). When nothing else comes within 2e-12 of the maximum, the first
    maximum is the answer; only near-ties need the scan.
    """
    top = max(similarities, default=0.0)
    if top <= 1e-12:
        return -1, 0.0
    first = similarities.index(top)
    others = [*similarities[:first], *similarities[first + 1 :]]
    if max(others, default=0.0) <= top - 2e-12:
        return first, top
    best, best_sim = -1, 0.0
    for index, sim in enumerate(similarities):
        if sim > best_sim + 1e-12:
            best, best_sim = index, sim
    return best, best_sim


def _viewpoint(cluster: _Cluster, idf: dict[str, float]) -> Viewpoint:
    phrases = _key_phrases(cluster, idf)
    return Viewpoint(
        label=" / ".join(phrases[:2]) or "related comments",
        key_phrases=tuple(phrases),
        quote=representative_quote(cluster.members[0].comment, cluster.total),
        comment_ids=tuple(d.comment.id for d in sorted(cluster.members, key=lambda d: d.rank)),
    )


def _key_phrases(cluster: _Cluster, idf: dict[str, float], count: int = 4) -> list[str]:
    """Phrases that many of the cluster's comments use and few others do, as written.

    Only the :data:`LABEL_MEMBERS` best-ranked members are read: a label needs no more.
    """
    local: Counter[tuple[str, ...]] = Counter()
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for doc in sorted(cluster.members, key=lambda d: d.rank)[:LABEL_MEMBERS]:
        found = list(phrases(content_tokens(doc.comment.text)))
        local.update({key for key, _ in found})
        for key, surface in found:
            surfaces[key][surface] += 1
    needed = 2 if any(n >= 2 for n in local.values()) else 1

    def score(phrase: tuple[str, ...]) -> float:
        rarity = max(idf.get(k, 0.0) for k in phrase)
        return local[phrase] * rarity * (BIGRAM_BONUS if len(phrase) == 2 else 1.0)

    candidates = sorted((p for p, n in local.items() if n >= needed), key=lambda p: (-score(p), p))
    chosen: list[tuple[str, ...]] = []
    for phrase in candidates:
        if any(set(phrase) <= set(c) or set(c) <= set(phrase) for c in chosen):
            continue  # "imported cars" already says "cars"
        chosen.append(phrase)
        if len(chosen) == count:
            break
    return [_most_common(surfaces[p]) for p in chosen]


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def representative_quote(
    comment: Comment, weights: dict[str, float], max_chars: int = MAX_QUOTE_CHARS
) -> Quote:
    """A sentence or two of ``comment``, verbatim: the sentence that best carries ``weights``
    (the theme's words), plus the next one when both fit in ``max_chars``."""
    text, spans = sentence_spans(comment.text)
    best_index, best_score = 0, -1.0
    for index, (start, end) in enumerate(spans):
        keys = set(content_keys(text[start:end]))
        if not keys:
            continue
        score = sum(weights.get(k, 0.0) for k in keys) / math.sqrt(max(len(keys), 4))
        if score > best_score + 1e-12:
            best_index, best_score = index, score
    if not spans:
        return _quote(comment, truncate(text, max_chars))
    start, end = spans[best_index]
    if (
        best_index + 1 < len(spans)
        and spans[best_index + 1][1] - start <= max_chars
        and end - start < max_chars // 2
    ):
        end = spans[best_index + 1][1]
    return _quote(comment, truncate(text[start:end], max_chars))


def _quote(comment: Comment, text: str) -> Quote:
    return Quote(
        comment_id=comment.id,
        author=comment.author,
        text=text,
        score=comment.score,
        up=comment.up,
        down=comment.down,
    )


def _lead_sentence(comment: Comment, max_chars: int) -> str:
    text, spans = sentence_spans(comment.text)
    for start, end in spans:
        if content_keys(text[start:end]):
            return truncate(text[start:end], max_chars)
    return truncate(text, max_chars)


def _summary(
    comments: Sequence[Comment],
    ranked: Sequence[Comment],
    viewpoints: Sequence[Viewpoint],
    controversial: Comment | None,
) -> str:
    n = len(comments)
    authors = {normalize_ws(c.author).lower() for c in comments if normalize_ws(c.author)}
    opening = f"{n} comment{'s' if n != 1 else ''}"
    if 1 < len(authors) < n:
        opening += f" from {len(authors)} readers"
    parts = [opening + "."]
    themes = [v for v in viewpoints if len(v.comment_ids) >= 2]
    if themes:
        named = [f"“{v.label}” ({len(v.comment_ids)})" for v in themes[:3]]
        named[0] = named[0][:-1] + " comments)"
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        if len(named) == 1:
            parts.append(f"The main thread is {listed}.")
        else:
            parts.append(f"The main threads are {listed}.")
    if has_votes(comments):
        up = sum(c.up or 0 for c in comments)
        down = sum(c.down or 0 for c in comments)
        if up + down:
            cast = f"{up + down} vote{'s' if up + down != 1 else ''}"
            parts.append(f"Readers cast {cast}, {round(100 * up / (up + down))}% up.")
        best = ranked[0]
        if (best.up or 0) > (best.down or 0) or (best.up is None and (best.score or 0) > 0):
            words = _lead_sentence(best, SUMMARY_QUOTE_CHARS)
            who = f" by {best.author}" if normalize_ws(best.author) else ""
            parts.append(f"The best-received comment{who} ({_votes(best)}): “{words}”")
        if controversial is not None and controversial.id != best.id:
            who = f"{controversial.author}'s" if normalize_ws(controversial.author) else "one"
            parts.append(f"Readers split most over {who} comment ({_votes(controversial)}).")
    return " ".join(parts)


def _votes(comment: Comment) -> str:
    return vote_label(comment.score, comment.up, comment.down)


__all__ = ["article_gist", "representative_quote", "summarize_discussion"]
