"""A pronunciation lexicon: the user's words -> how the voice should say them.

The file is TOML, either flat or under a ``[words]`` table::

    [words]
    nginx = "engine x"
    Kubernetes = "koo-ber-net-eez"
    "C#" = "C sharp"
    SQL = "sequel"

A word matches whole (not inside a longer word). A key written all in lower case matches any
case ("nginx", "Nginx", "NGINX"); a key with a capital matches only as written, so
``SQL = "sequel"`` leaves the word "sql" in a path alone. Longer keys win over shorter ones
("New York Times" before "New York"). The lexicon is applied to every spoken cue, headings
too, before the rest of the speech normalization.

For the Piper voice a spoken form may also be phonemes in double brackets, which Piper reads
as written (espeak IPA): ``nginx = "[[ ˈɛndʒɪn ˈɛks ]]"``.

A default lexicon per language ships with the package (``data/lexicon/en.toml``: names and
jargon the voice gets wrong); the user's file is laid over it, and a user's key replaces a
default key that matches the same words ("putin" replaces "Putin").
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)


@dataclass
class Lexicon:
    """Word -> spoken form, applied as whole-word replacements."""

    entries: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _clues: set[str] = field(default_factory=set, init=False, repr=False)
    _code_pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        keys = sorted(self.entries, key=len, reverse=True)
        if not keys:
            return
        self._pattern = re.compile("|".join(_alternative(key) for key in keys))
        self._clues = {_first_word(key) for key in keys}
        self._lookup = {
            key if key != key.lower() else key.lower(): v for key, v in self.entries.items()
        }

    def apply(self, text: str) -> str:
        """Replace every lexicon word in `text` by its spoken form."""
        if self._pattern is None:
            return text
        if not self._clues & set(_WORD.findall(text.lower())):
            return text  # the regex is slow with many keys; most sentences have none of them
        return self._pattern.sub(self._spoken, text)

    def in_code(self, code: str) -> str:
        """Lexicon words inside a code identifier (`ETCDCTL_API=2`, `nginx.conf`), where an
        underscore, a digit or a dot bounds a word; respellings in phonemes are left out (the
        code rules would take their brackets apart)."""
        if not self._clues & set(_LETTERS.findall(code.lower())):
            return code
        if self._code_pattern is None:  # made on first use: most articles have no code
            keys = [
                k for k in self.entries if _CODE_KEY.fullmatch(k) and "[[" not in self.entries[k]
            ]
            alternatives = sorted(keys, key=len, reverse=True)
            self._code_pattern = re.compile(
                "|".join(rf"(?<![A-Za-z]){_cased(key)}(?![A-Za-z])" for key in alternatives)
                or r"(?!)"
            )
        return self._code_pattern.sub(self._spoken, code)

    def whole(self, text: str) -> str | None:
        """The spoken form when `text` is exactly one lexicon word, else None."""
        if self._pattern is None or not self._pattern.fullmatch(text):
            return None
        return self._spoken(self._pattern.fullmatch(text))  # type: ignore[arg-type]

    def overlaid(self, user: Lexicon | None) -> Lexicon:
        """This lexicon with the user's laid over it: a user key replaces a default that
        matches the same words."""
        if user is None or not user.entries:
            return self
        user_keys = {key.lower() for key in user.entries}
        kept = {k: v for k, v in self.entries.items() if k.lower() not in user_keys}
        return Lexicon({**kept, **user.entries})

    def _spoken(self, match: re.Match[str]) -> str:
        word = match.group(0)
        return self._lookup.get(word) or self._lookup.get(word.lower(), word)


@functools.lru_cache(maxsize=8)
def default_lexicon(lang: str) -> Lexicon:
    """The lexicon shipped for a language ("en" -> data/lexicon/en.toml); empty when none."""
    name = (lang or "en").replace("_", "-").split("-")[0].lower()
    data = resources.files("article2audio").joinpath("data", "lexicon", f"{name}.toml")
    if not data.is_file():
        return Lexicon()
    return _parse(data.read_text(encoding="utf-8"), f"default lexicon {name}.toml")


_WORD = re.compile(r"[^\W_]+")


_LETTERS = re.compile(r"[A-Za-z]+")
_CODE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*[A-Za-z]")  # a key that can be part of a name


def _cased(key: str) -> str:
    """A key as a pattern: a lower-case key matches any case."""
    return f"(?i:{re.escape(key)})" if key == key.lower() else re.escape(key)


def _first_word(key: str) -> str:
    """The first run of letters or digits of a key, lower case ("C#" -> "c", "da Silva" -> "da")."""
    match = _WORD.search(key.lower())
    return match.group(0) if match else key.lower()


def _alternative(key: str) -> str:
    """A key as a whole-word pattern: word boundaries only where the key has a word character
    at that end ("C++" matches in "C++20"); a lower-case key matches any case."""
    body = re.escape(key)
    if key == key.lower():
        body = f"(?i:{body})"
    start = r"(?<!\w)" if key[:1].isalnum() or key[:1] == "_" else r"(?<![\w.])"
    end = r"(?!\w)" if key[-1:].isalnum() or key[-1:] == "_" else ""
    return start + body + end


def load_lexicon(path: Path | str) -> Lexicon:
    """Read a TOML lexicon file; InputError with the cause when it cannot be used."""
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"lexicon {path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"lexicon {path}: cannot be read ({exc})") from exc
    lexicon = _parse(text, f"lexicon {path}")
    logger.info("Lexicon %s: %d words", path.name, len(lexicon.entries))
    return lexicon


def _parse(text: str, name: str) -> Lexicon:
    """A lexicon from TOML text; InputError naming the file when it is not one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f'{name}: not valid TOML ({exc}). Expected lines like: nginx = "engine x"'
        ) from exc
    table = data.get("words", data) if isinstance(data.get("words"), dict) else data
    entries: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not key.strip() or not value.strip():
            raise InputError(
                f"{name}: entry {key!r} must map a word to a non-empty string, got {value!r}"
            )
        entries[key.strip()] = " ".join(value.split())
    return Lexicon(entries)
