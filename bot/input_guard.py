"""Check and clean what a user typed before the NLU sees it.

Empty messages, very long ones, markup, personal data (BSN by the 11-proef, phone numbers,
e-mail, IBAN) and text in another script get a verdict here; the Rasa components in
``components/input_guard.py`` turn the verdict into an intent. Nothing here echoes the text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1000

TAG_RE = re.compile(r"<[^>]{0,200}>")
SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z0-9]{4}\s?){3,7}[A-Z0-9]{1,4}\b", re.IGNORECASE)
# Dutch phone numbers: 06-12345678, 050 367 7000, +31 6 1234 5678, 0031...
PHONE_RE = re.compile(r"(?<![\d-])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8,9}(?![\d-])")
NINE_DIGITS_RE = re.compile(r"(?<![\d-])(\d[\s.]?){8}\d(?![\d-])")

PLACEHOLDERS = {
    "bsn": "[BSN]",
    "email": "[E-MAIL]",
    "iban": "[IBAN]",
    "phone": "[TELEFOON]",
}


def is_bsn(digits: str) -> bool:
    """The 11-proef for a Dutch citizen service number (9 digits, weights 9..2 and -1)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=False)) - int(digits[8])
    return total % 11 == 0


@dataclass(frozen=True)
class Verdict:
    """What the guard found, and the cleaned text the NLU should read."""

    cleaned: str
    empty: bool = False
    too_long: bool = False
    had_markup: bool = False
    personal_data: tuple[str, ...] = ()
    foreign_script: bool = False

    @property
    def intent(self) -> str | None:
        """The intent that overrides the classifier, or None to keep its prediction."""
        if self.empty:
            return "input_empty"
        if self.too_long:
            return "input_too_long"
        if self.personal_data:
            return "personal_data"
        if self.foreign_script:
            return "other_language"
        return None


def redact(text: str) -> tuple[str, tuple[str, ...]]:
    """Replace personal data by placeholders; return the text and the kinds found."""
    found: list[str] = []

    def sub(kind: str, pattern: re.Pattern[str], s: str, check=None) -> str:  # type: ignore[no-untyped-def]
        def repl(m: re.Match[str]) -> str:
            if check is not None and not check(m.group(0)):
                return m.group(0)
            found.append(kind)
            return PLACEHOLDERS[kind]

        return pattern.sub(repl, s)

    text = sub("email", EMAIL_RE, text)
    text = sub("iban", IBAN_RE, text, lambda s: any(c.isdigit() for c in s[4:]))
    text = sub("bsn", NINE_DIGITS_RE, text, lambda s: is_bsn(re.sub(r"\D", "", s)))
    text = sub("phone", PHONE_RE, text)
    return text, tuple(dict.fromkeys(found))


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def inspect(text: str | None) -> Verdict:
    """Clean ``text`` and say what is wrong with it, if anything."""
    raw = text or ""
    too_long = len(raw) > MAX_CHARS
    no_scripts = SCRIPT_RE.sub(" ", raw)
    stripped = TAG_RE.sub(" ", no_scripts)
    had_markup = stripped != raw
    stripped = html.unescape(stripped)
    stripped = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in stripped)
    stripped = re.sub(r"\s+", " ", stripped).strip()[:MAX_CHARS]
    cleaned, personal = redact(stripped)
    empty = not any(c.isalnum() for c in cleaned)
    foreign = not empty and _latin_share(cleaned) < 0.5
    return Verdict(
        cleaned=cleaned,
        empty=empty,
        too_long=too_long,
        had_markup=had_markup,
        personal_data=personal,
        foreign_script=foreign,
    )
