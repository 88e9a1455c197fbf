"""Where a label is cut when it has too little room: at the end of a word, never inside one (unless a single word
is longer than half the room). Shared by the terminal chart (columns) and the SVG (pixels)."""

from __future__ import annotations

ENDS = ",;:.!?)\u201d"  # what may follow a word
TRAILING = " ,;:\u2013\u2014-(/\u00b7"  # what a cut label does not end on, before its ellipsis


def at_word_end(text: str, kept: str, least: float = 0.5) -> str:
    """kept (the beginning of text that a cut leaves) shortened to the end of its last whole word, without the
    punctuation before it; kept itself when it already ends a word, or when the last word boundary leaves less
    than `least` of it."""
    whole = len(kept) >= len(text) or text[len(kept)].isspace() or text[len(kept)] in ENDS or kept[-1:].isspace()
    if not whole:
        space = kept.rfind(" ")
        if space <= 0 or space < least * len(kept):
            return kept.rstrip()
        kept = kept[:space]
    return kept.rstrip(TRAILING) or kept.rstrip()


def word_start(tail: str) -> str:
    """The end of a text, from the start of its first whole word (tail itself when it has but one word)."""
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail
