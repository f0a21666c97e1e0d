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
# A full postcode with a house number ("9736 AB 12", "9736AB, 12a"): an address. The PC4 stays,
# because routing needs it; a postcode without a house number stays whole.
ADDRESS_RE = re.compile(
    r"\b([1-9]\d{3})\s?[A-Za-z]{2}\b\s*,?\s*(?:nr\.?\s*)?\d{1,5}(?:\s?-?\s?[A-Za-z]{1,2}\b)?(?!\d)"
)
# A date of birth: a date after "geboren", "geboortedatum" or "geb." (other dates, such as the
# end of an indicatie, are needed and kept).
BIRTH_DATE_RE = re.compile(
    r"(\b(?:geboren|geboortedatum|geboortedag|geb\.)\D{0,25}?)"
    r"(\d{1,2}[-/. ]\d{1,2}[-/. ](?:19|20)?\d{2}|\d{1,2}\s+[a-z]{3,9}\.?\s+(?:19|20)\d{2})",
    re.IGNORECASE,
)

PLACEHOLDERS = {
    "bsn": "[BSN]",
    "email": "[E-MAIL]",
    "iban": "[IBAN]",
    "phone": "[TELEFOON]",
    "birth_date": "[GEBOORTEDATUM]",
    "address": "[ADRES]",
}
# Kinds replaced without a warning to the user: the PC4 of an address is what routing needs.
SILENT_KINDS = frozenset({"address"})
# Text redacted before (by the chat channel, before storage) still gets the warning.
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))
KIND_OF_PLACEHOLDER = {p: k for k, p in PLACEHOLDERS.items()}


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

    def sub(kind: str, pattern: re.Pattern[str], s: str, check=None, keep: int = 0) -> str:  # type: ignore[no-untyped-def]
        """Replace matches of ``pattern`` by the placeholder of ``kind``; with ``keep``, the
        match's group ``keep`` (context or the PC4) stays in front of the placeholder."""
        def repl(m: re.Match[str]) -> str:
            if check is not None and not check(m.group(0)):
                return m.group(0)
            found.append(kind)
            prefix = m.group(keep) if keep else ""
            return prefix + (" " if kind == "address" else "") + PLACEHOLDERS[kind]

        return pattern.sub(repl, s)

    text = sub("birth_date", BIRTH_DATE_RE, text, keep=1)
    text = sub("address", ADDRESS_RE, text, keep=1)
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
    cleaned, found = redact(stripped)
    earlier = [KIND_OF_PLACEHOLDER[p] for p in PLACEHOLDER_RE.findall(stripped)]
    personal = tuple(k for k in dict.fromkeys([*earlier, *found]) if k not in SILENT_KINDS)
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
