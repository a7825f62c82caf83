"""Runs of a writing system the voice cannot read, replaced by a short spoken note.

An English voice spells an Arabic or Chinese phrase letter by letter ("Chinese letter, Chinese
letter ..."), about ten seconds of noise per phrase. A run of such letters (with the spaces and
punctuation inside it) becomes "a quote in Arabic" when it stands in quotes, "a phrase in
Arabic" otherwise; one in brackets right after a word (a name's own spelling, "Beijing (北京)")
is dropped, as a narrator skips it. The script stage warns once per article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Unicode script name (the first word of a letter's name) -> the language named in the note.
SCRIPT_LANGUAGES = {
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "CJK": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
    "CYRILLIC": "Russian",
    "DEVANAGARI": "Hindi",
    "BENGALI": "Bengali",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "GURMUKHI": "Punjabi",
    "GUJARATI": "Gujarati",
    "THAI": "Thai",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "ETHIOPIC": "Amharic",
    "GREEK": "Greek",
    "SYRIAC": "Syriac",
    "KHMER": "Khmer",
    "LAO": "Lao",
    "MYANMAR": "Burmese",
    "SINHALA": "Sinhala",
    "TIBETAN": "Tibetan",
    "MONGOLIAN": "Mongolian",
}
_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
# Letters of other scripts, plus the punctuation these scripts use (CJK and full-width forms).
_FOREIGN = (
    r"\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0700-\u074f"
    r"\u0750-\u077f\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u10a0-\u10ff"
    r"\u1100-\u11ff\u1200-\u137f\u1780-\u17ff\u1800-\u18af\u3000-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\ufb1d-\ufdff\ufe70-\ufeff"
)
_RUN = re.compile(
    rf"""(?P<open>["']\s*)?(?P<run>[{_FOREIGN}](?:[{_FOREIGN}\s\d،؛؟.,!?'"-]*[{_FOREIGN}])?)"""
    rf"""(?P<close>[{_FOREIGN}.!?]*\s*["'])?"""
)
_BRACKETED = re.compile(r"""\w[\s,]*[(\[]\s*$""")
_LONE_GREEK = re.compile(r"^[\u0370-\u03ff]$")


@dataclass
class ForeignRuns:
    """The languages of the runs replaced so far (for one warning per article)."""

    languages: list[str] = field(default_factory=list)

    def replace(self, text: str) -> str:
        """Replace each foreign-script run in text by a short note or nothing."""
        return _RUN.sub(self._note, text)

    def _note(self, match: re.Match[str]) -> str:
        run = match.group("run")
        if _LONE_GREEK.match(run) or (len(run) <= 3 and _all_greek(run)):
            return match.group(0)  # a Greek letter in a formula: the symbols rules say it
        language = run_language(run)
        if language not in self.languages:
            self.languages.append(language)
        before = match.string[: match.start()]
        if _BRACKETED.search(before):
            return ""
        kind = "quote" if match.group("open") and match.group("close") else "phrase"
        return f"a {kind} in {language}"


def _all_greek(run: str) -> bool:
    return all("\u0370" <= ch <= "\u03ff" or not ch.isalpha() for ch in run)


def run_language(run: str) -> str:
    """The language a run's letters most likely are (by their Unicode script)."""
    counts: dict[str, int] = {}
    for ch in run:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split()[0]
            language = SCRIPT_LANGUAGES.get(script, "another script")
            counts[language] = counts.get(language, 0) + 1
    if "Japanese" in counts:
        return "Japanese"  # kana among the Chinese characters
    language = max(counts, key=lambda key: counts[key]) if counts else "another script"
    if language == "Russian" and _UKRAINIAN_LETTERS & set(run):
        return "Ukrainian"
    return language
