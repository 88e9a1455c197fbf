"""How a claim is worded wherever it is shown: its translation beside it, and every dispute ("disputed: …").

Plain text, no Rich: the table, CSV, Markdown, `show`, the HTML page and TimelineJS all take their words from here,
so a claim is never shown plainer in one format than in another.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Dispute

TRANSLATED = "our translation"


def translation_words(translation: str) -> str:
    return f"({TRANSLATED}) \u201c{translation}\u201d"


def quote_translation_words(translation: str) -> str:
    """Our English beside a source's quote in another language, as `show` gives it."""
    return f"({TRANSLATED}) {translation}"


def dispute_words(dispute: Dispute) -> str:
    """One dispute: what its source says, and who says it."""
    return f"disputed: {dispute.note} ({dispute.by})"


def claim_line(claim: str, translation: str | None, disputed: Sequence[Dispute], mark: str | None = None) -> str:
    """A claim on one line, as a table shows it: quoted, its translation in its brackets, a plan's mark, then each
    dispute: “…” (our translation: “…”) (never happened); disputed: … (by)."""
    shown = f"\u201c{claim}\u201d"
    if translation:
        shown += f" ({TRANSLATED}: \u201c{translation}\u201d)"
    if mark:
        shown += f" ({mark})"
    return "; ".join([shown, *(dispute_words(d) for d in disputed)])


def beside_claim(translation: str | None, disputed: Sequence[Dispute]) -> list[str]:
    """What is shown beside a claim in a cell of its own (CSV's `claims`): its translation, then each dispute."""
    said = [f"{TRANSLATED}: \u201c{translation}\u201d"] if translation else []
    return said + [dispute_words(d) for d in disputed]
