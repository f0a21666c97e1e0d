"""Text folded for matching: lower case, accents dropped ("cliënt" -> "client"), only letters
and digits. Used by the location index and the staff lookup."""

from __future__ import annotations

import re
import unicodedata

NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return NON_WORD_RE.sub(" ", text).strip()


def fold_words(text: str) -> list[str]:
    return fold(text).split()
