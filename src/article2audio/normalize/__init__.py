"""Written text -> the words a voice should say, in the article's language.

One module per concern: `typography` (quotes, URLs, emoji, citations, the final tidy and the
one-sentence guard) and `scripts` (writing systems the voice cannot read) for every language,
`numbers` (num2words) for every language num2words knows, and a package of rules per language
(`en/`: code, dates and times, ranges and symbols, money, units, abbreviations, numbers). A
language without its own rules gets the language-neutral steps only: its voice's front end
already says "%" as "pour cent".

A `Normalizer` is made per article: it knows the language and the locale's date order, and
remembers what it could not say (foreign-script runs) so the script stage warns once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from . import typography
from .en import normalize_english, shouted_word, speak_heading_number
from .scripts import ForeignRuns

LanguageRules = Callable[[str, bool], str]  # (text, day_first) -> text
LANGUAGE_RULES: dict[str, LanguageRules] = {"en": normalize_english}
HEADING_NUMBERS: dict[str, Callable[[str], str]] = {"en": speak_heading_number}
# How a word of an ALL CAPS line is cased (None: lower case): "EDT" stays, "OCTOBER" -> "October".
SHOUTED_WORDS: dict[str, Callable[[str], str | None]] = {"en": shouted_word}
# Words that say a numeric date in the text is most likely written day first.
_DAY_FIRST_PLACES = re.compile(
    r"\b(?:UK|U\.K\.|Britain|British|England|Scotland|Wales|London|Ireland|Irish|Australia|"
    r"Australian|New Zealand|India|Indian|Europe|European|EU)\b"
)
DAY_FIRST_LOCALES = ("en-gb", "en-au", "en-ie", "en-nz", "en-in", "en-za", "en-sg", "en-hk")


def base_language(lang: str) -> str:
    """ "en-GB" -> "en"."""
    return (lang or "en").replace("_", "-").split("-")[0].lower()


@dataclass
class Normalizer:
    """Normalizes the text of one article; `foreign` collects the scripts it could not say."""

    lang: str = "en"
    lexicon: Lexicon | None = None
    foreign: ForeignRuns = field(default_factory=ForeignRuns)

    @property
    def day_first(self) -> bool:
        """Whether numeric dates put the day first (the article's locale; US order by default)."""
        return self.lang.replace("_", "-").lower().startswith(DAY_FIRST_LOCALES)

    @property
    def rules(self) -> LanguageRules | None:
        """The language's own rules, if it has any."""
        return LANGUAGE_RULES.get(base_language(self.lang))

    def __call__(self, text: str) -> str:
        """Written text -> spoken text; the lexicon's words are said its way, and phoneme
        blocks ("[[ ... ]]", Piper's phoneme input) pass through untouched."""
        shouted = SHOUTED_WORDS.get(base_language(self.lang))
        text = self.foreign.replace(typography.clean(text, shouted))
        if self.lexicon is not None:
            text = "".join(self._lexicon_words(part) for part in typography.CODE_SPAN.split(text))
        written = text
        parts = typography.PHONEME_BLOCK.split(text)
        spoken = [part if index % 2 else self._words(part) for index, part in enumerate(parts)]
        result = typography.tidy(" ".join(part for part in spoken if part.strip()))
        if not any(ch.isalnum() for ch in result):
            return ""  # nothing a voice can say ("...", a lone symbol)
        if written.lstrip()[:1].isupper() and result[:1].islower():
            result = result[0].upper() + result[1:]
        return result

    def _lexicon_words(self, part: str) -> str:
        """The lexicon applied to text, and to a code span: a span that is one lexicon word
        (`nginx`) is said its way; in others, lexicon words inside names (`ETCDCTL_API`)."""
        assert self.lexicon is not None
        if not part.startswith("`"):
            return self.lexicon.apply(part)
        whole = self.lexicon.whole(part.strip("`").strip())
        return whole if whole is not None else self.lexicon.in_code(part)

    def heading(self, text: str) -> str:
        """A heading: a Roman section number said as a word, then as any text."""
        number_rule = HEADING_NUMBERS.get(base_language(self.lang))
        text = typography.unshout(text, SHOUTED_WORDS.get(base_language(self.lang)))
        return self(number_rule(text) if number_rule else text)

    def _words(self, text: str) -> str:
        rules = self.rules
        if rules is not None:
            text = rules(text, self.day_first or bool(_DAY_FIRST_PLACES.search(text)))
        text = typography.speak_dashes(typography.drop_marks(text))
        return typography.one_sentence(text)


def speakable(text: str, lang: str = "en") -> str:
    """Rewrite written text as text a voice reads well (one-off; a Normalizer per article is
    what the script stage uses)."""
    return Normalizer(lang)(text)
