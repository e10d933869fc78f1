"""Turn extracted report text into clean lines and logical blocks.

The same PDF comes out of different extraction tools with different line breaks, page numbers
and headers inside paragraphs, footnotes in different places, curly or straight quotes and
different bullet glyphs. Everything downstream works on the blocks built here, so two
extractions of one report parse to the same result.
"""

import re
from collections import Counter
from dataclasses import dataclass

from .vocabulary import WE_RECOMMEND, chapter_heading, is_timescale_heading, stage_named

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CHARACTER_FIXES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
        "*": None,  # asterisks are markdown italics, never report text
        "\uf0b7": "•",
        "\uf0a7": "•",
        "\uf0d8": "•",
        "●": "•",
        "▪": "•",
        "◦": "•",
        "‐": "-",
        "‑": "-",
    }
)
# "- the", "-the" (no space), "•", "a)", "(b)", "(iv)", "3)": every bullet layout reports use.
BULLET = re.compile(
    r"^(?P<indent>\s*)(?:[-•·](?:\s*[-•·])*(?:\s+|$|(?=[a-z]))|\(?(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\)\s+|\d{1,2}\)\s+)"
    r"(?P<text>.*)$"
)
PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.IGNORECASE)
FOOTNOTE_RULE = re.compile(r"^[ \t_]{10,}$")  # the blank rule some tools print above footnotes
FOOTNOTE_START = re.compile(r"^(?:\d{1,3}\s+\S|https?://|www\.)")
# Footnote numbers that a tool glued to the word before them ("safety11.", "inadequate.10 ").
GLUED_FOOTNOTE = re.compile(r"(?<=[A-Za-z]{2})\d{1,2}(?=[\s.,;:)]|$)|(?<=[A-Za-z][.,;:)'\"])\d{1,2}(?=\s|$)")


@dataclass
class Block:
    """One logical piece of a report: a heading, a paragraph or a bullet point."""

    kind: str  # "chapter", "stage", "timescale", "paragraph" or "bullet"
    text: str
    indent: int = 0  # bullets only: how far the extraction indented it (nesting, when reliable)

    @property
    def starts_recommendation(self) -> bool:
        return self.kind == "paragraph" and bool(WE_RECOMMEND.match(self.text))


def normalise_characters(text: str) -> str:
    """Straight quotes, one bullet glyph, no soft hyphens, Unix line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return text.translate(CHARACTER_FIXES)


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean_lines(text: str, keep_bare_numbers: bool = False) -> list[str]:
    """The report's lines with footnotes, page numbers and running headers taken out.

    Tables keep their bare numbers: there a wrapped row's count can sit alone on a line.
    """
    lines = normalise_characters(text).split("\n")
    lines = _drop_footnotes(lines)
    lines = [GLUED_FOOTNOTE.sub("", _strip_superscripts(line)).rstrip() for line in lines]
    lines = [
        line
        for line in lines
        if (keep_bare_numbers or not PAGE_NUMBER.match(line)) and not _is_bare_bullet(line)
    ]
    return _drop_running_headers(lines)


def report_blocks(text: str) -> list[Block]:
    """Headings, paragraphs and bullets, each with its wrapped lines joined."""
    blocks: list[Block] = []
    open_block: Block | None = None
    for line in clean_lines(text):
        if not line.strip():
            open_block = None
            continue
        new_block = _block_starting_at(line)
        if new_block is None and open_block is not None and _continues(open_block, line):
            open_block.text = join_wrapped(open_block.text, line)
            continue
        block = new_block or Block("paragraph", collapse_spaces(line))
        blocks.append(block)
        # Stage and timescale headings are one line; what follows them is a new block.
        open_block = None if block.kind in ("stage", "timescale") else block
    return blocks


def _continues(block: Block, line: str) -> bool:
    # A wrapped chapter title goes on in lower case; a capital starts the chapter's first paragraph
    # when the extraction left no blank line between them.
    return block.kind != "chapter" or line.strip()[:1].islower()


def join_wrapped(before: str, after: str) -> str:
    """Join a line that wrapped; a hyphen at the break stays ("well-" + "being")."""
    before, after = before.rstrip(), collapse_spaces(after)
    if re.search(r"[A-Za-z]-$", before) and after[:1].islower():
        return before + after
    return f"{before} {after}"


def _block_starting_at(line: str) -> Block | None:
    stripped = line.strip()
    if stage := stage_named(stripped):
        return Block("stage", stage)
    if is_timescale_heading(stripped):
        return Block("timescale", collapse_spaces(stripped))
    if chapter_heading(stripped):
        return Block("chapter", collapse_spaces(stripped))
    if bullet := BULLET.match(line):
        return Block(
            "bullet", collapse_spaces(bullet.group("text")), len(bullet.group("indent").expandtabs())
        )
    if WE_RECOMMEND.match(stripped):
        return Block("paragraph", collapse_spaces(stripped))
    return None


def _strip_superscripts(line: str) -> str:
    # The space some tools leave before a note mark goes too ("protection ¹⁷." -> "protection.").
    return re.sub(f"[ \t]*[{SUPERSCRIPT_DIGITS}]+", "", line)


def _is_bare_bullet(line: str) -> bool:
    return bool(re.fullmatch(r"\s*[-•·]\s*", line))


def _drop_footnotes(lines: list[str]) -> list[str]:
    """Remove footnotes in both layouts the tools produce.

    Either each footnote is a paragraph opening with a superscript number, or a blank rule
    precedes a run of footnotes opening with plain numbers that lasts until the next page,
    whose first line the tool indents by a space.
    """
    kept: list[str] = []
    in_superscript_note = False
    in_footnote_zone = False
    previous = ""
    for line in lines:
        follows_blank, previous = not previous.strip(), line
        if FOOTNOTE_RULE.match(line):
            in_footnote_zone = True
            continue
        if not line.strip():
            in_superscript_note = False
            kept.append(line)
            continue
        if in_footnote_zone:
            new_page = line[:1].isspace()
            not_a_note = follows_blank and not FOOTNOTE_START.match(line)
            if not (new_page or not_a_note):
                continue  # a footnote, or a footnote's wrapped line
            in_footnote_zone = False
        if in_superscript_note and _block_starting_at(line):
            in_superscript_note = False  # a heading or bullet ends a note the tool left unspaced
        elif in_superscript_note or line.lstrip()[0] in SUPERSCRIPT_DIGITS:
            in_superscript_note = True
            continue
        kept.append(line)
    return kept


def _drop_running_headers(lines: list[str]) -> list[str]:
    """Drop page headers and footers: the same short line repeated on page after page."""
    counts = Counter(collapse_spaces(line) for line in lines)
    repeated = {
        line
        for line, count in counts.items()
        if count >= 4
        and len(line.split()) >= 2
        and len(line) <= 120
        and not BULLET.match(line)
        and not WE_RECOMMEND.match(line)
        and not is_timescale_heading(line)
    }
    return [line for line in lines if collapse_spaces(line) not in repeated]
