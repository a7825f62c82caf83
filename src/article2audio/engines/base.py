"""The engine interface and the registry that finds engines through entry points."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from typing import Protocol

from ..errors import InputError
from ..models import Clip
from ..settings import SPEED

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "article2audio.engines"


@dataclass
class VoiceSettings:
    """What the user asked of the voice; each engine reads the fields it understands."""

    voice: str | None = None  # engine-specific voice name or path
    lang: str | None = None
    speed: float = 1.0
    speaker: str | None = None
    base_url: str | None = None  # network engines: the server to talk to
    model: str | None = None  # OpenAI-compatible servers: the speech model
    give_up_after: float | None = None  # network engines: seconds before a request is given up
    options: dict[str, str] = field(default_factory=dict)


class Engine(Protocol):
    """A text-to-speech engine: one short text in, one clip out."""

    name: str

    def identity(self) -> str:
        """A string that changes whenever the audio for the same text could change."""
        ...

    def synthesize(self, text: str) -> Clip:
        """Speak `text` and return its audio."""
        ...


EngineFactory = Callable[[VoiceSettings], Engine]


@dataclass
class VoiceInfo:
    """One voice (or accent) an engine offers, for `article2audio voices`."""

    name: str
    language: str = ""
    description: str = ""

    def as_dict(self) -> dict[str, str]:
        """The voice as a JSON-ready dict."""
        return {"name": self.name, "language": self.language, "description": self.description}


class EngineRegistry:
    """Engines by name; filled by the `register` callbacks of entry points."""

    def __init__(self) -> None:
        self._factories: dict[str, EngineFactory] = {}
        self._descriptions: dict[str, str] = {}
        self._voice_listers: dict[str, Callable[[], list[VoiceInfo]]] = {}
        self._installed: frozenset[str] = frozenset()  # names the entry points registered

    def add(
        self,
        name: str,
        factory: EngineFactory,
        description: str = "",
        voices: Callable[[], list[VoiceInfo]] | None = None,
    ) -> None:
        """Register an engine factory under `name` (with an optional voice lister)."""
        self._factories[name] = factory
        self._descriptions[name] = description
        if voices is not None:
            self._voice_listers[name] = voices

    def remove(self, name: str) -> None:
        """Forget an engine (a test's, or a plugin being reloaded)."""
        self._factories.pop(name, None)
        self._descriptions.pop(name, None)
        self._voice_listers.pop(name, None)

    def added_at_run_time(self) -> dict[str, tuple[EngineFactory, str]]:
        """The engines added by code in this process, not by an installed plugin, as
        {name: (factory, description)}: a cluster hands them to its workers."""
        return {
            name: (factory, self._descriptions[name])
            for name, factory in self._factories.items()
            if name not in self._installed
        }

    def concurrency(self, name: str) -> int:
        """How many requests the engine class says it takes at once (1 when unknown)."""
        return max(1, int(getattr(self._factories.get(name), "concurrency", 1)))

    def variable_speed(self, name: str) -> bool:
        """Whether the engine speaks at any speed it is given (its class says `variable_speed`;
        gTTS has only a slow mode, so a slightly slower heading would be a very slow one)."""
        return bool(getattr(self._factories.get(name), "variable_speed", False))

    def names(self) -> list[str]:
        """The registered engine names, sorted."""
        return sorted(self._factories)

    def description(self, name: str) -> str:
        """The one-line description an engine registered with."""
        return self._descriptions.get(name, "")

    def voices(self, name: str) -> list[VoiceInfo]:
        """The voices an engine lists (empty when it lists none); works offline."""
        self._check_known(name)
        lister = self._voice_listers.get(name)
        return lister() if lister is not None else []

    def _check_known(self, name: str) -> None:
        if name not in self._factories:
            known = ", ".join(self.names()) or "none"
            raise InputError(f"unknown engine {name!r} (installed engines: {known})")

    def create(self, name: str, settings: VoiceSettings) -> Engine:
        """Make an engine by name, or raise InputError listing the known ones."""
        self._check_known(name)
        return self._factories[name](settings)


_registry: EngineRegistry | None = None


def registry() -> EngineRegistry:
    """The process-wide registry, loaded once from the entry points."""
    global _registry
    if _registry is None:
        _registry = EngineRegistry()
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            try:
                entry.load()(_registry)
            except Exception as exc:  # a broken third-party plugin must not stop the tool
                logger.warning("engine plugin %s failed to load: %s", entry.name, exc)
        _registry._installed = frozenset(_registry.names())
    return _registry


_SPEC_KEYS = ("speaker", "speed", "lang", "model", "base_url")


def parse_voice_spec(
    spec: str, engine: str, main: VoiceSettings, pace: float = 1.0
) -> tuple[str, VoiceSettings]:
    """Read `[ENGINE:]VOICE[,key=value...]` (keys: speaker, speed, lang, model, base_url).

    Unset values come from the main voice `main` of `engine`; naming another engine starts
    from that engine's defaults (keeping only the language and the give-up time). Without a
    `speed=`, an engine with a variable speed speaks at `pace` times the speed it starts from.
    """
    values: dict[str, str] = {}
    chosen = engine
    for item in (part.strip() for part in spec.split(",")):
        key, sep, value = item.partition("=")
        if sep:
            if key.strip() not in _SPEC_KEYS:
                raise InputError(f"unknown voice setting {key.strip()!r} in {spec!r}")
            values[key.strip()] = value.strip()
            continue
        prefix, colon, rest = item.partition(":")
        if colon and prefix in registry().names():
            chosen, item = prefix, rest
        if item:
            values["voice"] = item
    same = chosen == engine
    start = main if same else VoiceSettings(lang=main.lang, give_up_after=main.give_up_after)
    if "voice" in values and "speaker" not in values:
        start = replace(start, speaker=None)  # a new voice does not inherit a speaker
    if registry().variable_speed(chosen):
        start = replace(start, speed=paced(start.speed, pace))
    return chosen, _apply(start, values)


def paced(speed: float, pace: float) -> float:
    """A speed times a pace, kept within the range of --speed."""
    return min(float(SPEED.high), max(float(SPEED.low), speed * pace))


def _apply(start: VoiceSettings, values: dict[str, str]) -> VoiceSettings:
    speed = start.speed
    if "speed" in values:
        try:
            speed = float(SPEED.check(values["speed"]))  # the range of --speed and voice.speed
        except ValueError as exc:
            raise InputError(f"speed {exc}") from exc
    return replace(
        start,
        voice=values.get("voice", start.voice),
        speaker=values.get("speaker", start.speaker),
        lang=values.get("lang", start.lang),
        model=values.get("model", start.model),
        base_url=values.get("base_url", start.base_url),
        speed=speed,
        options=dict(start.options),
    )
