"""Recommendations of a force report: one per "We recommend", with timescale and journey stage.

A force report states each recommendation twice: in the body, under the journey stage it
arose from, and again in the Recommendations chapter, grouped under "Immediately" / "Within
three months" / "Within six months". The chapter is the list of record; the body tells us the
stage. Some reports give one "We recommend ..." per recommendation in the chapter; others give
one per timescale with each recommendation as a top-level bullet that completes the sentence.
"""

import re
from dataclasses import dataclass, field

from .number_words import words_to_int
from .standards import suggest_standards
from .text import Block, join_wrapped
from .vocabulary import MONTH, MONTHS, RECOMMENDATIONS_CHAPTER_TITLE, chapter_heading

RECOMMENDATION_HEADING = re.compile(r"recommendation(?:\s+\d{1,2})?\s*:?", re.IGNORECASE)
MIN_MATCH_SCORE = 0.35  # below this a chapter recommendation has no body counterpart
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "that", "the", "this", "to", "with", "we", "recommend", "within", "months", "month",
    "immediately", "immediate", "police", "force", "should", "include", "minimum",
))  # fmt: skip


@dataclass
class Item:
    """A bullet (or a paragraph that lost its bullet glyph) and the bullets nested under it."""

    text: str
    children: list[str] = field(default_factory=list)


@dataclass
class Group:
    """One "We recommend ..." sentence with everything that belongs to it."""

    lead: str
    items: list[Item] = field(default_factory=list)
    indents: list[int] = field(default_factory=list)
    heading_timescale: str | None = None
    stage: str | None = None


def parse_recommendations(blocks: list[Block]) -> list[dict]:
    body, chapter = _split_at_recommendations_chapter(blocks)
    body_recommendations = [_as_recommendation(group, text) for group, text in _body_groups(body)]
    if chapter is None:
        # No Recommendations chapter: the body sentences are the list of record.
        return body_recommendations
    listed = [_as_recommendation(group, text) for group in _groups(chapter) for text in _split(group)]
    _take_stage_from_body(listed, body_recommendations)
    return listed


def timescale_stated_in(sentence: str) -> str | None:
    """The timescale of the first such phrase: "immediately", "N months", "N weeks", "by YYYY-MM"."""
    sentence = re.split(r"(?<=[.:])\s", sentence, maxsplit=1)[0]
    phrases = []
    if immediate := re.search(r"\bimmediate(?:ly)?\b", sentence, re.IGNORECASE):
        phrases.append((immediate.start(), "immediately"))
    for within in re.finditer(
        r"\bwithin\s+(?:the\s+next\s+)?(?P<count>[\w-]+(?:\s+[\w-]+)?)\s+(?P<unit>day|week|month|year)s?\b",
        sentence,
        re.IGNORECASE,
    ):
        count = words_to_int(within.group("count"))
        if count is not None:
            unit = within.group("unit").lower()
            if unit == "year":
                count, unit = count * 12, "month"
            phrases.append((within.start(), f"{count} {unit}s"))
    if by := re.search(
        rf"\bby\s+(?:the\s+end\s+of\s+)?(?:\d{{1,2}}\s+)?(?P<month>{MONTH})\s+(?P<year>\d{{4}})",
        sentence,
        re.I,
    ):
        phrases.append((by.start(), f"by {by.group('year')}-{MONTHS[by.group('month').lower()]:02d}"))
    return min(phrases)[1] if phrases else None


def _split_at_recommendations_chapter(blocks: list[Block]) -> tuple[list[Block], list[Block] | None]:
    for index, block in enumerate(blocks):
        heading = chapter_heading(block.text) if block.kind == "chapter" else None
        if (
            heading
            and heading.group("title")
            and RECOMMENDATIONS_CHAPTER_TITLE.fullmatch(heading.group("title"))
        ):
            end = next((i for i in range(index + 1, len(blocks)) if blocks[i].kind == "chapter"), len(blocks))
            return blocks[:index], blocks[index + 1 : end]
    return blocks, None


def _body_groups(blocks: list[Block]):
    """Each "We recommend" in the body is one recommendation, under the stage it falls in."""
    for group in _groups(blocks):
        yield group, _render(group.lead, _all_points(group))


def _all_points(group: Group) -> list[str]:
    return [line for item in group.items for line in (item.text, *item.children)]


def _groups(blocks: list[Block]):
    """Walk blocks, keeping the current stage and timescale heading, and gather each group."""
    stage = None
    timescale = None
    group: Group | None = None
    after_heading = False
    for block in blocks:
        # "Recommendation 3" (or "Recommendation:") as a heading: the paragraph under it is one,
        # whatever its wording ("Kent Police should ...").
        headed = after_heading and block.kind == "paragraph" and bool(re.search(r"\bshould\b", block.text))
        after_heading = block.kind == "paragraph" and bool(RECOMMENDATION_HEADING.fullmatch(block.text))
        if after_heading:
            if group:
                yield group
                group = None
            continue
        if block.kind in ("chapter", "stage", "timescale"):
            if group:
                yield group
                group = None
            if block.kind == "chapter":
                stage = timescale = None
            elif block.kind == "stage":
                stage = block.text
            else:
                timescale = timescale_stated_in(block.text)
        elif block.starts_recommendation or headed:
            if group:
                yield group
            group = Group(lead=block.text, heading_timescale=timescale, stage=stage)
        elif group is not None and not _belongs_to(group, block):
            yield group
            group = None
        elif group is not None:
            _add_to_group(group, block)
    if group:
        yield group


def _belongs_to(group: Group, block: Block) -> bool:
    """Bullets belong to the open group; so does prose that continues a broken list or sentence."""
    if block.kind == "bullet":
        return True
    last = group.items[-1].text if group.items else group.lead
    return _is_lost_bullet(last, block.text) or _is_broken_sentence(last, block.text)


def _add_to_group(group: Group, block: Block) -> None:
    if block.kind == "bullet" or (group.items and _is_lost_bullet(group.items[-1].text, block.text)):
        # A lost glyph: the extraction printed a bullet as plain text; it sits at the last indent.
        indent = block.indent if block.kind == "bullet" else group.indents[-1]
        group.items.append(Item(block.text))
        group.indents.append(indent)
    elif group.items:
        group.items[-1].text = join_wrapped(group.items[-1].text, block.text)
    else:
        group.lead = join_wrapped(group.lead, block.text)


def _is_lost_bullet(previous: str, text: str) -> bool:
    return bool(re.search(r"(?:;|;\s*and|;\s*or)$", previous)) and text[:1].islower()


def _is_broken_sentence(previous: str, text: str) -> bool:
    """A page break split one sentence into two blocks."""
    return not re.search(r"[.:;!?]$", previous) and text[:1].islower()


def _split(group: Group) -> list[str]:
    """The recommendations one group holds, each as display text."""
    if not _holds_several(group):
        return [_render(group.lead, _all_points(group))]
    stem = group.lead.rstrip(":").rstrip()
    return [_render(f"{stem} {item.text}", item.children) for item in _nest(group)]


def _holds_several(group: Group) -> bool:
    """Top-level bullets are separate recommendations when each completes the "We recommend".

    That is so when the sentence breaks off with no punctuation at all ("... Police immediately"),
    or when a bullet opens its own sub-list (ends with a colon), as a single recommendation's
    points never do.
    """
    if not group.items:
        return False
    top = min(group.indents)
    opens_sub_list = any(
        item.text.endswith(":")
        for item, indent in zip(group.items, group.indents, strict=True)
        if indent == top
    )
    breaks_off = not re.search(r"[.:;!?]$", group.lead)
    return breaks_off or opens_sub_list


def _nest(group: Group) -> list[Item]:
    """Top-level bullets with their sub-bullets, by indent and by list punctuation.

    Indents are unreliable after a page break, so a sub-list is also recognised by its
    punctuation: it follows a bullet ending ":" and runs until a bullet ending ".".
    """
    top = min(group.indents)
    nested: list[Item] = []
    in_sub_list = False
    for item, indent in zip(group.items, group.indents, strict=True):
        if nested and (in_sub_list or indent > top):
            nested[-1].children.append(item.text)
            in_sub_list = in_sub_list and not item.text.endswith(".")
        else:
            nested.append(Item(item.text))
            in_sub_list = item.text.endswith(":")
    return nested


def _render(lead: str, bullets: list[str]) -> str:
    return "\n".join([lead, *(f"- {bullet}" for bullet in bullets)])


def _as_recommendation(group: Group, text: str) -> dict:
    return {
        "timescale": timescale_stated_in(group.lead) or group.heading_timescale,
        "text": text,
        "stage": group.stage,
        "standards": suggest_standards(text),
    }


def _take_stage_from_body(listed: list[dict], body: list[dict]) -> None:
    """Pair each listed recommendation with the body sentence saying the same thing.

    Pairs are made best-first so one body sentence is never used twice. The body gives the
    stage, and the timescale when the chapter states none.
    """
    scores = sorted(
        (
            (_similarity(item["text"], candidate["text"]), i, j)
            for i, item in enumerate(listed)
            for j, candidate in enumerate(body)
        ),
        reverse=True,
    )
    paired_listed: set[int] = set()
    paired_body: set[int] = set()
    for score, i, j in scores:
        if score < MIN_MATCH_SCORE or i in paired_listed or j in paired_body:
            continue
        paired_listed.add(i)
        paired_body.add(j)
        listed[i]["stage"] = body[j]["stage"]
        listed[i]["timescale"] = listed[i]["timescale"] or body[j]["timescale"]


def _similarity(first: str, second: str) -> float:
    """Dice overlap of content words: rewording and line breaks barely move it."""
    a, b = _content_words(first), _content_words(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _content_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if word not in _STOPWORDS}
