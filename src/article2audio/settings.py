"""Build settings: what the producer asked for, with the defaults a podcast wants."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, OutputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)

DEFAULT_AUTHOR = "article2audio"
DEFAULT_SHOW = "article2audio"


@dataclass
class BuildSettings:
    """Everything `build` needs besides the article itself."""

    output_dir: Path = Path("output")
    title: str | None = None
    author: str | None = None
    show: str | None = None
    description: str | None = None
    engine: str = "piper"
    voice: str | None = None
    speed: float = 1.0
    voice_lang: str | None = None  # the voice's language (gTTS); default: the article's
    speaker: str | None = None  # a speaker of a multi-speaker Piper voice (name or number)
    server_url: str | None = None  # OpenAI-compatible speech server (or a gTTS endpoint)
    model: str | None = None  # the speech model on an OpenAI-compatible server
    heading_voice: str | None = None  # [ENGINE:]VOICE[,key=value] for headings, or None
    give_up_after: float | None = None  # network engines: seconds before one request is given up
    intro: str | None = None  # None = the generated jingle, "none" = no music, else a file
    bitrate_kbps: int = 96
    channels: int = 1
    loudness_lufs: float = -16.0
    force: bool = False
    input_format: str | None = None
    chapter_level: int | None = None  # heading level of the chapters (None = inferred)
    lexicon: Path | None = None  # a TOML file: word -> how to say it
    cache_dir: Path | None = None  # None = the user cache folder
    use_cache: bool = True
    extra: dict[str, str] = field(default_factory=dict)
    # publishing (issue 5): the show, the feed and the extra files
    show_author: str | None = None  # the show's author; --author/front matter set the episode's
    show_description: str | None = None
    language: str = "en"
    category: str = "News"  # an Apple Podcasts category, "Top" or "Top > Sub"
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    locked: bool = False
    cover: Path | None = None  # the show's cover; the article's own image is used when unset
    base_url: str | None = None  # where DIR is served; needed for feed.xml
    outro: str | None = None  # None/"none" = no outro music, else a file
    pause_scale: float = 1.0  # multiplies every pause between cues
    srt: bool = False  # also write DIR/<slug>.srt
    episode_number: int | None = None  # None = keep the previous number, else the next free one
    config_path: Path | None = None  # the settings file that was read, if any


# --- show settings: article2audio.toml < ARTICLE2AUDIO_* environment < command-line flags ---

CONFIG_NAME = "article2audio.toml"
CONFIG_ENV = "ARTICLE2AUDIO_CONFIG"
LOUDNESS_CHOICES = (-14.0, -16.0, -19.0)
STEREO_BITRATE_KBPS = 128  # the default for --stereo / sound.stereo = true (mono: 96)
APPLE_CATEGORIES = (
    "Arts", "Business", "Comedy", "Education", "Fiction", "Government", "Health & Fitness",
    "History", "Kids & Family", "Leisure", "Music", "News", "Religion & Spirituality",
    "Science", "Society & Culture", "Sports", "TV & Film", "Technology", "True Crime",
)  # fmt: skip


def _as_str(value: object, base: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


def _as_path(value: object, base: Path) -> Path:
    return (base / Path(_as_str(value, base)).expanduser()).resolve()


def _as_music(value: object, base: Path) -> str:
    text = _as_str(value, base)
    return text.lower() if text.lower() in ("none", "default") else str(_as_path(text, base))


def _as_bool(value: object, base: Path) -> bool:
    if isinstance(value, bool):
        return value
    words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise ValueError(f"must be true or false, got {value!r}")


def _as_number(value: object, low: float, high: float) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:
        raise ValueError(f"must be a number from {low:g} to {high:g}, got {value!r}")
    return number


def _as_bitrate(value: object, base: Path) -> int:
    number = _as_number(value, 32, 320)
    if number != int(number):
        raise ValueError(f"must be a whole number of kbps, got {value!r}")
    return int(number)


def _as_episode_number(value: object, base: Path) -> int:
    number = _as_number(value, 1, 1_000_000)
    if number != int(number):
        raise ValueError(f"must be a whole number, got {value!r}")
    return int(number)


def _as_loudness(value: object, base: Path) -> float:
    number = _as_number(value, -30, -5)
    if number not in LOUDNESS_CHOICES:
        raise ValueError(f"must be one of -16 (default), -19 or -14 LUFS, got {value!r}")
    return number


def _as_channels(value: object, base: Path) -> int:
    return 2 if _as_bool(value, base) else 1


def _as_category(value: object, base: Path) -> str:
    text = _as_str(value, base)
    top = text.replace("/", ">").split(">")[0].strip()
    if top not in APPLE_CATEGORIES:
        raise ValueError(
            f"{top!r} is not an Apple Podcasts category; use one of: {', '.join(APPLE_CATEGORIES)}"
        )
    return text


def _as_url(value: object, base: Path) -> str:
    text = _as_str(value, base)
    if not text.startswith(("http://", "https://")) or "://" == text[-3:]:
        raise ValueError(f"must be an absolute http(s) URL, got {value!r}")
    return text if text.endswith("/") else text + "/"


def normalize_base_url(value: str) -> str:
    """An absolute http(s) base URL ending in a slash; ValueError otherwise."""
    return _as_url(value, Path("."))


def _as_email(value: object, base: Path) -> str:
    text = _as_str(value, base)
    if "@" not in text or " " in text:
        raise ValueError(f"must be an e-mail address, got {value!r}")
    return text


def _as_language(value: object, base: Path) -> str:
    text = _as_str(value, base)
    if not text.replace("-", "").isalpha() or len(text.split("-")[0]) not in (2, 3):
        raise ValueError(f"must be a language code like 'en' or 'en-US', got {value!r}")
    return text


def _as_speed(value: object, base: Path) -> float:
    return _as_number(value, 0.5, 2.0)


def _as_pause_scale(value: object, base: Path) -> float:
    return _as_number(value, 0.0, 4.0)


# file key -> (BuildSettings field, environment variable, converter)
SETTING_KEYS: dict[str, tuple[str, str, Callable[[object, Path], object]]] = {
    "show.title": ("show", "ARTICLE2AUDIO_SHOW", _as_str),
    "show.author": ("show_author", "ARTICLE2AUDIO_SHOW_AUTHOR", _as_str),
    "show.description": ("show_description", "ARTICLE2AUDIO_SHOW_DESCRIPTION", _as_str),
    "show.language": ("language", "ARTICLE2AUDIO_LANGUAGE", _as_language),
    "show.category": ("category", "ARTICLE2AUDIO_CATEGORY", _as_category),
    "show.explicit": ("explicit", "ARTICLE2AUDIO_EXPLICIT", _as_bool),
    "show.owner_name": ("owner_name", "ARTICLE2AUDIO_OWNER_NAME", _as_str),
    "show.owner_email": ("owner_email", "ARTICLE2AUDIO_OWNER_EMAIL", _as_email),
    "show.locked": ("locked", "ARTICLE2AUDIO_LOCKED", _as_bool),
    "show.cover": ("cover", "ARTICLE2AUDIO_COVER", _as_path),
    "show.base_url": ("base_url", "ARTICLE2AUDIO_BASE_URL", _as_url),
    "voice.engine": ("engine", "ARTICLE2AUDIO_ENGINE", _as_str),
    "voice.voice": ("voice", "ARTICLE2AUDIO_VOICE", _as_str),
    "voice.speed": ("speed", "ARTICLE2AUDIO_SPEED", _as_speed),
    "voice.lang": ("voice_lang", "ARTICLE2AUDIO_VOICE_LANG", _as_str),
    "voice.speaker": ("speaker", "ARTICLE2AUDIO_SPEAKER", _as_str),
    "voice.server_url": ("server_url", "ARTICLE2AUDIO_SERVER_URL", _as_str),
    "voice.model": ("model", "ARTICLE2AUDIO_MODEL", _as_str),
    "voice.heading_voice": ("heading_voice", "ARTICLE2AUDIO_HEADING_VOICE", _as_str),
    "voice.lexicon": ("lexicon", "ARTICLE2AUDIO_LEXICON", _as_path),
    "sound.intro": ("intro", "ARTICLE2AUDIO_INTRO", _as_music),
    "sound.outro": ("outro", "ARTICLE2AUDIO_OUTRO", _as_music),
    "sound.loudness": ("loudness_lufs", "ARTICLE2AUDIO_LOUDNESS", _as_loudness),
    "sound.stereo": ("channels", "ARTICLE2AUDIO_STEREO", _as_channels),
    "sound.bitrate": ("bitrate_kbps", "ARTICLE2AUDIO_BITRATE", _as_bitrate),
    "sound.pause_scale": ("pause_scale", "ARTICLE2AUDIO_PAUSE_SCALE", _as_pause_scale),
    "output.dir": ("output_dir", "ARTICLE2AUDIO_OUTPUT_DIR", _as_path),
    "output.srt": ("srt", "ARTICLE2AUDIO_SRT", _as_bool),
    "cache.dir": ("cache_dir", "ARTICLE2AUDIO_CACHE_DIR", _as_path),
}


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
    """The settings in a TOML file as {field: value}; InputError naming the key and the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read settings file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    values: dict[str, object] = {}
    for key, value in _flatten(data):
        spec = SETTING_KEYS.get(key)
        if spec is None:
            known = ", ".join(SETTING_KEYS)
            raise InputError(f"{path}: unknown setting {key!r}; known settings: {known}")
        field_name, _, convert = spec
        try:
            values[field_name] = convert(value, path.parent)
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
    """Settings from ARTICLE2AUDIO_* variables as {field: value}; InputError naming the variable."""
    values: dict[str, object] = {}
    for field_name, variable, convert in SETTING_KEYS.values():
        if env.get(variable, "").strip():
            try:
                values[field_name] = convert(env[variable], cwd)
            except ValueError as exc:
                raise InputError(f"environment variable {variable} {exc}") from exc
    return values


def load_settings(
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **flags: object,
) -> BuildSettings:
    """BuildSettings from the settings file, then the environment, then flags (None = not given)."""
    values = given_settings(config, env, cwd, **flags)
    if values.get("channels") == 2 and "bitrate_kbps" not in values:
        values["bitrate_kbps"] = STEREO_BITRATE_KBPS  # stereo at 96 kbps would starve each side
    return BuildSettings(**values)


def given_settings(
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **flags: object,
) -> dict[str, object]:
    """Only what the file, the environment and the flags set, as {field: value} (no defaults)."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    values: dict[str, object] = {}
    path = find_config(config, env, cwd)
    if path is not None:
        values.update(read_config(path))
        logger.debug("settings read from %s", path)
    values.update(read_environment(env, cwd))
    values.update({name: value for name, value in flags.items() if value is not None})
    values["config_path"] = path
    return values


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

[voice]
# engine = "piper"
# voice = "/path/to/voice.onnx"        # any Piper voice; default en_US-joe-medium
# speed = 1.0                          # 0.5 .. 2.0

[sound]
# intro = "intro.mp3"                  # or "none"; default: the built-in jingle
# outro = "outro.mp3"                  # or "none" (default)
loudness = -16                       # -16 (default), -19 or -14 LUFS as heard
stereo = false                       # false = mono 96 kbps, the usual for speech
# bitrate = 96                         # kbps, constant bit rate
# pause_scale = 1.0                    # longer (>1) or shorter (<1) pauses between sentences

[output]
# dir = "output"
srt = false                          # also write an .srt transcript beside the .vtt
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
