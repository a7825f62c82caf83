"""Settings, each declared once: article2audio.toml < ARTICLE2AUDIO_* environment < flags.

`SETTINGS` is the one table. For every setting it names the group and field it fills, its key
in the settings file, its environment variable, its kind (type, range, how a value is checked),
its command-line flag and the flag's help; the click options (cli.py), the checks of the file
and the environment and their error messages are all made from it. `resolve` layers the three
sources once per command into a frozen `Settings`, whose small groups (show, episode, voice,
sound, output) are handed to the stages that use them, each stage taking only its own.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import InputError, OutputError
from .loudness import TARGETS_LUFS
from .parse import FORMATS as INPUT_FORMATS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)

DEFAULT_AUTHOR = "article2audio"
DEFAULT_SHOW = "article2audio"
CONFIG_NAME = "article2audio.toml"
CONFIG_ENV = "ARTICLE2AUDIO_CONFIG"
ENV_PREFIX = "ARTICLE2AUDIO_"
DEFAULT_CLOSING_LINE = "This episode was read by a synthetic voice."
DEFAULT_HEADING_PACE = 0.75  # headings and the title, against the voice's own speed
STEREO_BITRATE_KBPS = 128  # the default for --stereo / sound.stereo = true (mono: 96)
APPLE_CATEGORIES = (
    "Arts", "Business", "Comedy", "Education", "Fiction", "Government", "Health & Fitness",
    "History", "Kids & Family", "Leisure", "Music", "News", "Religion & Spirituality",
    "Science", "Society & Culture", "Sports", "TV & Film", "Technology", "True Crime",
)  # fmt: skip


# --- the groups the stages take ----------------------------------------------------------------


@dataclass(frozen=True)
class ShowSettings:
    """The show: the feed's channel, the album tag, the show's cover."""

    title: str | None = None
    author: str | None = None  # the show's author; the episode's comes from flags/front matter
    description: str | None = None
    language: str = "en"
    category: str = "News"  # an Apple Podcasts category, "Top" or "Top > Sub"
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    locked: bool = False
    cover: Path | None = None  # the article's own image is used when unset
    base_url: str | None = None  # where the output folder is served; needed for feed.xml
    license: str | None = None  # podcast:license: an SPDX id ("cc-by-4.0") or the licence's name
    license_url: str | None = None  # the licence's full text (needed unless an SPDX id)
    funding_url: str | None = None  # podcast:funding: where listeners support the show
    funding_text: str = "Support the show"
    verify_token: str | None = None  # podcast:txt purpose="verify": a platform's ownership token


@dataclass(frozen=True)
class EpisodeSettings:
    """This article: how to read it and what its episode is called and numbered."""

    title: str | None = None
    author: str | None = None
    number: int | None = None  # None = keep the previous number, else the next free one
    input_format: str | None = None  # None = by extension, then by content
    chapter_level: int | None = None  # heading level of the chapters; None = inferred
    lexicon: Path | None = None  # a TOML file: word -> how to say it
    season: int | None = None  # podcast:season / itunes:season
    season_name: str | None = None  # the season's name (podcast:season name="...")
    closing_line: str = DEFAULT_CLOSING_LINE  # said after the article; "" = none
    allow_private_urls: bool = False  # a page may send us to loopback/private addresses


@dataclass(frozen=True)
class VoiceChoice:
    """The voice asked for: engine, voice and how it speaks; a second voice for headings."""

    engine: str = "piper"
    voice: str | None = None
    speed: float = 1.0
    lang: str | None = None  # the voice's language (gTTS); default: the article's
    speaker: str | None = None  # a speaker of a multi-speaker Piper voice (name or number)
    server_url: str | None = None  # OpenAI-compatible speech server (or a gTTS endpoint)
    model: str | None = None  # the speech model on an OpenAI-compatible server
    heading_voice: str | None = None  # [ENGINE:]VOICE[,key=value] for headings
    heading_pace: float = DEFAULT_HEADING_PACE  # headings' speed against the voice's
    give_up_after: float | None = None  # network engines: seconds before a request is given up


@dataclass(frozen=True)
class SoundSettings:
    """Music, pauses, loudness and the MP3's channels and bitrate."""

    intro: str | None = None  # None = the generated jingle, "none" = no music, else a file
    outro: str | None = None  # None/"none" = no outro music, else a file
    loudness_lufs: float = -16.0  # as heard
    channels: int = 1
    bitrate_kbps: int = 96
    pause_scale: float = 1.0  # multiplies every pause between cues
    chapter_sting: bool = False  # a short motif from the jingle before each chapter but the first


@dataclass(frozen=True)
class OutputSettings:
    """Where files go: the episode folder, the extra transcript, the clip cache."""

    dir: Path = Path("output")
    srt: bool = True  # also write DIR/<slug>.srt (podcast apps differ in what they read)
    pages: bool = True  # with a base URL: DIR/<slug>.html and DIR/index.html
    opus: bool = False  # also DIR/<slug>.opus (~24 kbps), a lighter podcast:alternateEnclosure
    force: bool = False  # replace an existing episode
    cache_dir: Path | None = None  # None = the user cache folder
    use_cache: bool = True


GROUPS = {
    "show": ShowSettings,
    "episode": EpisodeSettings,
    "voice": VoiceChoice,
    "sound": SoundSettings,
    "output": OutputSettings,
}


@dataclass(frozen=True)
class Settings:
    """Everything a command was asked for, in the groups the stages take."""

    show: ShowSettings = field(default_factory=ShowSettings)
    episode: EpisodeSettings = field(default_factory=EpisodeSettings)
    voice: VoiceChoice = field(default_factory=VoiceChoice)
    sound: SoundSettings = field(default_factory=SoundSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    given: frozenset[str] = field(default=frozenset(), compare=False)  # names set by a source

    @classmethod
    def of(cls, **values: object) -> Settings:
        """Settings from flat names (`SETTINGS`), the defaults for the rest."""
        grouped: dict[str, dict[str, object]] = {name: {} for name in GROUPS}
        for name, value in values.items():
            setting = setting_named(name)
            grouped[setting.group][setting.field] = value
        made = {group: GROUPS[group](**grouped[group]) for group in GROUPS}
        return cls(**made, given=frozenset(values))

    def given_fields(self, group: str) -> dict[str, object]:
        """The fields of one group that a source set, with their values."""
        values = getattr(self, group)
        return {
            s.field: getattr(values, s.field)
            for s in SETTINGS
            if s.group == group and s.name in self.given
        }


# --- kinds: how a value is checked and converted --------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A non-empty string; subclasses check and convert further (ValueError says why)."""

    def parse(self, value: object, base: Path) -> object:
        """The value from a settings file or the environment; paths are relative to `base`."""
        return _text(value)


@dataclass(frozen=True)
class Text(Kind):
    """Any non-empty string."""


@dataclass(frozen=True)
class FilePath(Kind):
    """A path; from a file or the environment it is made absolute against their folder."""

    file_okay: bool = True
    dir_okay: bool = True

    def parse(self, value: object, base: Path) -> Path:
        return (base / Path(_text(value)).expanduser()).resolve()


@dataclass(frozen=True)
class Music(Kind):
    """'none', 'default' or an audio file."""

    def parse(self, value: object, base: Path) -> str:
        text = _text(value)
        if text.lower() in ("none", "default"):
            return text.lower()
        return str(FilePath().parse(text, base))


@dataclass(frozen=True)
class Boolean(Kind):
    """true/false (also yes/no, 1/0 from the environment)."""

    def parse(self, value: object, base: Path) -> bool:
        if isinstance(value, bool):
            return value
        words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
        if isinstance(value, str) and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise ValueError(f"must be true or false, got {value!r}")


@dataclass(frozen=True)
class Phrase(Kind):
    """A line to say, or none: false, "", "none" or "off" turn it off, true keeps `default`."""

    default: str = ""

    def parse(self, value: object, base: Path) -> str:
        if isinstance(value, bool):
            return self.default if value else ""
        if not isinstance(value, str):
            raise ValueError(f"must be a line of text or false, got {value!r}")
        text = " ".join(value.split())
        return "" if text.lower() in ("", "none", "off", "false", "no") else text


@dataclass(frozen=True)
class Stereo(Kind):
    """true = two channels, false = one."""

    def parse(self, value: object, base: Path) -> int:
        return 2 if Boolean().parse(value, base) else 1


@dataclass(frozen=True)
class Number(Kind):
    """A number from `low` to `high` (whole when `whole`)."""

    low: float = float("-inf")
    high: float = float("inf")
    whole: bool = False

    def parse(self, value: object, base: Path) -> float | int:
        return self.check(value)

    def check(self, value: object) -> float | int:
        """The number `value` stands for, in range; ValueError otherwise."""
        try:
            number = float(value) if isinstance(value, (int, float, str)) else float("nan")
        except ValueError:
            number = float("nan")
        if isinstance(value, bool) or number != number:
            raise ValueError(f"must be a number, got {value!r}")
        if not self.low <= number <= self.high:
            raise ValueError(f"{value!r} is outside {self.low:g}-{self.high:g}")
        if self.whole:
            if number != int(number):
                raise ValueError(f"must be a whole number, got {value!r}")
            return int(number)
        return number


@dataclass(frozen=True)
class OneOf(Number):
    """One of a few numbers."""

    choices: tuple[float, ...] = ()

    def parse(self, value: object, base: Path) -> float:
        number = float(self.check(value))
        if number not in self.choices:
            listed = ", ".join(f"{c:g}" for c in self.choices)
            raise ValueError(f"must be one of {listed}, got {value!r}")
        return number


@dataclass(frozen=True)
class Words(Kind):
    """One of a few words (command line only)."""

    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category(Kind):
    """An Apple Podcasts category, "Top" or "Top > Sub"."""

    def parse(self, value: object, base: Path) -> str:
        text = _text(value)
        top = text.replace("/", ">").split(">")[0].strip()
        if top not in APPLE_CATEGORIES:
            known = ", ".join(APPLE_CATEGORIES)
            raise ValueError(f"{top!r} is not an Apple Podcasts category; use one of: {known}")
        return text


@dataclass(frozen=True)
class Link(Kind):
    """An absolute http(s) URL, kept as given (a page or a file, not a folder)."""

    def parse(self, value: object, base: Path) -> str:
        text = _text(value)
        if not text.startswith(("http://", "https://")) or text.endswith("://"):
            raise ValueError(f"must be an absolute http(s) URL, got {value!r}")
        return text


@dataclass(frozen=True)
class Url(Link):
    """An absolute http(s) URL of a folder; a trailing slash is added."""

    def parse(self, value: object, base: Path) -> str:
        text = super().parse(value, base)
        return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class Checked(Kind):
    """A string that `accepts` says is `wanted` (an e-mail address, a language code)."""

    wanted: str = ""
    accepts: Callable[[str], bool] = bool

    def parse(self, value: object, base: Path) -> str:
        text = _text(value)
        if not self.accepts(text):
            raise ValueError(f"must be {self.wanted}, got {value!r}")
        return text


def _is_email(text: str) -> bool:
    return "@" in text and " " not in text


def _is_language(text: str) -> bool:
    return text.replace("-", "").isalpha() and len(text.split("-")[0]) in (2, 3)


EMAIL = Checked("an e-mail address", _is_email)
LANGUAGE = Checked("a language code like 'en' or 'en-US'", _is_language)


@dataclass(frozen=True)
class Switch(Kind):
    """A command-line flag that, when given, sets `value` (e.g. --no-cache: use_cache False);
    true or false in a settings file or the environment."""

    value: bool = True

    def parse(self, value: object, base: Path) -> bool:
        return Boolean().parse(value, base)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


SPEED = Number(0.5, 2.0)
BITRATE = Number(32, 320, whole=True)
LOUDNESS = OneOf(-30, -5, choices=TARGETS_LUFS)
PAUSE_SCALE = Number(0.0, 4.0)
HEADING_PACE = Number(0.5, 1.5)


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting: where it goes, where it is read from, what it accepts, how it is asked for."""

    name: str  # the flat name: the click parameter and the key of `Settings.of`
    group: str  # show | episode | voice | sound | output
    field: str  # the field of that group
    kind: Kind
    key: str | None = None  # in the settings file, "table.name"
    env: str | None = None  # the environment variable
    flags: tuple[str, ...] = ()  # the command-line option's declarations
    help: str = ""

    def from_source(self, value: object, base: Path) -> object:
        """The value read from a file or the environment, checked and converted."""
        return self.kind.parse(value, base)


def _s(name: str, where: str, kind: Kind, key: str | None = None, env: str | None = None,
       flags: tuple[str, ...] = (), help: str = "") -> Setting:  # fmt: skip
    group, _, field_name = where.partition(".")
    return Setting(name, group, field_name, kind, key, env and ENV_PREFIX + env, flags, help)


SETTINGS: tuple[Setting, ...] = (
    # the show
    _s("show", "show.title", Text(), "show.title", "SHOW", ("--show",), "Show name (album tag)."),
    _s("show_author", "show.author", Text(), "show.author", "SHOW_AUTHOR"),
    _s("show_description", "show.description", Text(), "show.description", "SHOW_DESCRIPTION"),
    _s("language", "show.language", LANGUAGE, "show.language", "LANGUAGE"),
    _s("category", "show.category", Category(), "show.category", "CATEGORY"),
    _s("explicit", "show.explicit", Boolean(), "show.explicit", "EXPLICIT"),
    _s("owner_name", "show.owner_name", Text(), "show.owner_name", "OWNER_NAME"),
    _s("owner_email", "show.owner_email", EMAIL, "show.owner_email", "OWNER_EMAIL"),
    _s("locked", "show.locked", Boolean(), "show.locked", "LOCKED"),
    _s("cover", "show.cover", FilePath(dir_okay=False), "show.cover", "COVER", ("--cover",),
       "Cover image, made a square JPEG of 1400-3000 px (default: settings, else the article's image)."),
    _s("base_url", "show.base_url", Url(), "show.base_url", "BASE_URL", ("--base-url",),
       "Where DIR is served, e.g. https://example.com/pod/; needed for feed.xml and the pages."),
    _s("license", "show.license", Text(), "show.license", "LICENSE"),
    _s("license_url", "show.license_url", Link(), "show.license_url", "LICENSE_URL"),
    _s("funding_url", "show.funding_url", Link(), "show.funding_url", "FUNDING_URL"),
    _s("funding_text", "show.funding_text", Text(), "show.funding_text", "FUNDING_TEXT"),
    _s("verify_token", "show.verify_token", Text(), "show.verify_token", "VERIFY_TOKEN"),
    # this article's episode
    _s("title", "episode.title", Text(), flags=("--title",),
       help="Episode title (default: the article's title)."),
    _s("author", "episode.author", Text(), flags=("--author",),
       help="Author / artist tag (default: front matter, else 'article2audio')."),
    _s("episode_number", "episode.number", Number(1, float("inf"), whole=True),
       flags=("--episode-number",),
       help="Episode number (default: the previous one when rebuilt, else the next)."),
    _s("input_format", "episode.input_format", Words(choices=INPUT_FORMATS), flags=("--format",),
       help="Force the article format (default: by extension, then by content)."),
    _s("chapter_level", "episode.chapter_level", Number(1, 6, whole=True),
       flags=("--chapter-level",),
       help="Heading level of the chapters (1-6; default: inferred, see sections --explain)."),
    _s("lexicon", "episode.lexicon", FilePath(dir_okay=False), "voice.lexicon", "LEXICON",
       ("--lexicon",), "Pronunciation lexicon: a TOML file of word = \"how to say it\"."),
    _s("season", "episode.season", Number(1, float("inf"), whole=True), "show.season", "SEASON",
       ("--season",), "Season number of the episode (podcast:season, itunes:season)."),
    _s("season_name", "episode.season_name", Text(), "show.season_name", "SEASON_NAME"),
    _s("closing_line", "episode.closing_line", Phrase(DEFAULT_CLOSING_LINE), "voice.closing_line",
       "CLOSING_LINE", ("--closing-line",),
       "Line said after the article, e.g. that a synthetic voice read it; 'none' for none "
       f"[default: \"{DEFAULT_CLOSING_LINE}\"]."),
    _s("allow_private_urls", "episode.allow_private_urls", Switch(), "fetch.allow_private_urls",
       "ALLOW_PRIVATE_URLS", ("--allow-private-urls",),
       "Let a fetched page send us (a redirect, an image) to loopback, private or link-local "
       "addresses (off by default)."),
    # the voice
    _s("engine", "voice.engine", Text(), "voice.engine", "ENGINE", ("--engine",),
       "Speech engine (`article2audio voices` lists them; default piper)."),
    _s("voice", "voice.voice", Text(), "voice.voice", "VOICE", ("--voice",),
       "Voice: a Piper .onnx file (default en_US-joe-medium), a gTTS accent (co.uk), an OpenAI voice."),
    _s("speed", "voice.speed", SPEED, "voice.speed", "SPEED", ("--speed",),
       "Speaking rate (1 = normal; gTTS: below 1 = slow)."),
    _s("voice_lang", "voice.lang", Text(), "voice.lang", "VOICE_LANG", ("--lang",),
       "Voice language for gTTS (default: the article's)."),
    _s("speaker", "voice.speaker", Text(), "voice.speaker", "SPEAKER", ("--speaker",),
       "Speaker of a multi-speaker Piper voice (name or number)."),
    _s("server_url", "voice.server_url", Text(), "voice.server_url", "SERVER_URL",
       ("--server-url",),
       "OpenAI-compatible speech server, e.g. http://localhost:8880/v1 (default: OpenAI; env OPENAI_BASE_URL)."),
    _s("model", "voice.model", Text(), "voice.model", "MODEL", ("--model",),
       "Speech model on an OpenAI-compatible server (default tts-1)."),
    _s("heading_voice", "voice.heading_voice", Text(), "voice.heading_voice", "HEADING_VOICE",
       ("--heading-voice",),
       "Second voice for headings: [ENGINE:]VOICE[,speed=X,speaker=S,lang=L]."),
    _s("heading_pace", "voice.heading_pace", HEADING_PACE, "voice.heading_pace", "HEADING_PACE",
       ("--heading-pace",),
       "Speed of the title and chapter headings against the voice's, 0.5-1.5 "
       f"(1 = the same; engines with a free speed only) [default: {DEFAULT_HEADING_PACE:g}]."),
    _s("give_up_after", "voice.give_up_after", Number(1, 3600), flags=("--give-up-after",),
       help="Network engines: seconds to keep retrying one request (default 40)."),
    # the sound
    _s("intro", "sound.intro", Music(), "sound.intro", "INTRO", ("--intro",),
       "Intro music file, or 'none' (default: a generated jingle)."),
    _s("outro", "sound.outro", Music(), "sound.outro", "OUTRO", ("--outro",),
       "Outro music file, or 'none' (default: none)."),
    _s("loudness_lufs", "sound.loudness_lufs", LOUDNESS, "sound.loudness", "LOUDNESS",
       ("--loudness",), "Loudness target in LUFS as heard [default: -16]."),
    _s("channels", "sound.channels", Stereo(), "sound.stereo", "STEREO", ("--stereo/--mono",),
       "Stereo (128 kbps unless --bitrate) or mono (96 kbps) MP3 [default: mono]."),
    _s("bitrate_kbps", "sound.bitrate_kbps", BITRATE, "sound.bitrate", "BITRATE", ("--bitrate",),
       "MP3 bitrate in kbps (CBR) [default: 96]."),
    _s("pause_scale", "sound.pause_scale", PAUSE_SCALE, "sound.pause_scale", "PAUSE_SCALE",
       ("--pause-scale",),
       "Make the pauses between sentences longer (>1) or shorter (<1) [default: 1]."),
    _s("chapter_sting", "sound.chapter_sting", Boolean(), "sound.chapter_sting", "CHAPTER_STING",
       ("--chapter-sting/--no-chapter-sting",),
       "A short quiet motif from the jingle before each chapter after the first [default: off]."),
    # where files go
    _s("output_dir", "output.dir", FilePath(file_okay=False), "output.dir", "OUTPUT_DIR",
       ("-o", "--output-dir"),
       "Folder for the episode files [default: output, or output.dir in settings]."),
    _s("srt", "output.srt", Boolean(), "output.srt", "SRT", ("--srt/--no-srt",),
       "Also write DIR/<slug>.srt [default: yes]."),
    _s("pages", "output.pages", Boolean(), "output.pages", "PAGES", ("--pages/--no-pages",),
       "With a base URL, write the episode page DIR/<slug>.html and DIR/index.html [default: yes]."),
    _s("opus", "output.opus", Boolean(), "output.opus", "OPUS", ("--opus/--no-opus",),
       "Also write DIR/<slug>.opus (Opus, about 24 kbps), a lighter alternate in the feed."),
    _s("force", "output.force", Switch(), flags=("--force",), help="Replace an existing episode."),
    _s("cache_dir", "output.cache_dir", FilePath(file_okay=False), "cache.dir", "CACHE_DIR",
       ("--cache-dir",), "Clip cache folder (default: the user cache folder)."),
    _s("use_cache", "output.use_cache", Switch(value=False), flags=("--no-cache",),
       help="Do not reuse or store synthesized clips."),
)  # fmt: skip
_BY_NAME = {s.name: s for s in SETTINGS}
_BY_KEY = {s.key: s for s in SETTINGS if s.key}


def setting_named(name: str) -> Setting:
    """The table's entry for a flat name; KeyError naming the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting {name!r}; known: {', '.join(_BY_NAME)}") from None


# --- reading the sources --------------------------------------------------------------------------


def find_config(config: Path | None, env: Mapping[str, str], cwd: Path) -> Path | None:
    """The settings file to read: --config, else $ARTICLE2AUDIO_CONFIG, else ./article2audio.toml."""
    named = config or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if named is not None:
        named = (cwd / named.expanduser()).resolve()
        if not named.is_file():
            raise InputError(f"settings file {named} not found (or not a file)")
        return named
    default = cwd / CONFIG_NAME
    return default if default.is_file() else None


def read_config(path: Path) -> dict[str, object]:
    """The settings in a TOML file as {name: value}; InputError naming the key and the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read settings file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    values: dict[str, object] = {}
    for key, value in _flatten(data):
        setting = _BY_KEY.get(key)
        if setting is None:
            known = ", ".join(_BY_KEY)
            raise InputError(f"{path}: unknown setting {key!r}; known settings: {known}")
        try:
            values[setting.name] = setting.from_source(value, path.parent)
        except ValueError as exc:
            raise InputError(f"{path}: {key} {exc}") from exc
    return values


def _flatten(data: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Dotted keys for nested tables: {"show": {"title": x}} -> [("show.title", x)]."""
    items: list[tuple[str, object]] = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, dotted + "."))
        else:
            items.append((dotted, value))
    return items


def read_environment(env: Mapping[str, str], cwd: Path) -> dict[str, object]:
    """Settings from ARTICLE2AUDIO_* variables as {name: value}; InputError naming the variable."""
    values: dict[str, object] = {}
    for setting in SETTINGS:
        if setting.env and env.get(setting.env, "").strip():
            try:
                values[setting.name] = setting.from_source(env[setting.env], cwd)
            except ValueError as exc:
                raise InputError(f"environment variable {setting.env} {exc}") from exc
    return values


def resolve(
    flags: Mapping[str, object] | None = None,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """The settings file, then the environment, then the flags (None = not given), as Settings."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    values: dict[str, object] = {}
    path = find_config(config, env, cwd)
    if path is not None:
        values.update(read_config(path))
        logger.debug("settings read from %s", path)
    values.update(read_environment(env, cwd))
    values.update({name: value for name, value in (flags or {}).items() if value is not None})
    settings = Settings.of(**values)
    if settings.sound.channels == 2 and "bitrate_kbps" not in values:
        stereo = replace(settings.sound, bitrate_kbps=STEREO_BITRATE_KBPS)
        settings = replace(settings, sound=stereo)  # stereo at 96 kbps would starve each side
    return settings


STARTER_CONFIG = """\
# article2audio settings: this file < ARTICLE2AUDIO_* environment variables < command-line flags.
# Front matter in an article (title, author, date, description, image, lang) sets that episode.
# Relative paths are relative to this file. Remove the leading '#' to use a setting.

[show]
title = "My Show"
# author = "Your Name"                 # itunes:author of the show
# description = "What the show is about."
language = "en"
category = "News"                    # Apple category, "Top" or "Top > Sub" (e.g. "News > Politics")
explicit = false
# owner_name = "Your Name"
# owner_email = "you@example.com"      # itunes:owner; Apple contacts this address
# locked = false                       # podcast:locked: true = other platforms may not import it
# cover = "cover.jpg"                  # square JPEG/PNG; resized to 1400-3000 px
# base_url = "https://example.com/podcast/"   # where the output folder is served; needed for feed.xml
# license = "cc-by-4.0"                # podcast:license (an SPDX id, or a name with license_url)
# license_url = "https://example.com/license.html"
# funding_url = "https://example.com/support"  # podcast:funding
# funding_text = "Support the show"
# verify_token = "S6lpp-7ZCn8"          # podcast:txt purpose="verify", from a podcast platform
# season = 1                           # podcast:season of the episodes built now
# season_name = "Spring 2025"

[voice]
# engine = "piper"
# voice = "/path/to/voice.onnx"        # any Piper voice; default en_US-joe-medium
# speed = 1.0                          # 0.5 .. 2.0
# heading_pace = 0.75                  # title and chapter headings: this times the speed
# closing_line = "This episode was read by a synthetic voice."  # said last; false = none

[sound]
# intro = "intro.mp3"                  # or "none"; default: the built-in jingle
# outro = "outro.mp3"                  # or "none" (default)
loudness = -16                       # -16 (default), -19 or -14 LUFS as heard
stereo = false                       # false = mono 96 kbps, the usual for speech
# bitrate = 96                         # kbps, constant bit rate
# pause_scale = 1.0                    # longer (>1) or shorter (<1) pauses between sentences
# chapter_sting = false                # true: a short motif from the jingle before each chapter

[output]
# dir = "output"
srt = true                           # also write an .srt transcript beside the .vtt and .json
# pages = true                         # with base_url: <slug>.html and index.html
# opus = false                         # also a lighter <slug>.opus (24 kbps) for the feed
"""


def write_starter_config(path: Path, force: bool = False) -> Path:
    """Write the commented starter settings file; OutputError if it exists (unless force)."""
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to replace it")
    try:
        path.write_text(STARTER_CONFIG, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
