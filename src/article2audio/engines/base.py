"""The engine interface and the registry that finds engines through entry points."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Protocol

from ..errors import EngineError
from ..models import Clip

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "article2audio.engines"


@dataclass
class VoiceSettings:
    """What the user asked of the voice; each engine reads the fields it understands."""

    voice: str | None = None  # engine-specific voice name or path
    lang: str | None = None
    speed: float = 1.0
    speaker: str | None = None
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


class EngineRegistry:
    """Engines by name; filled by the `register` callbacks of entry points."""

    def __init__(self) -> None:
        self._factories: dict[str, EngineFactory] = {}
        self._descriptions: dict[str, str] = {}

    def add(self, name: str, factory: EngineFactory, description: str = "") -> None:
        """Register an engine factory under `name`."""
        self._factories[name] = factory
        self._descriptions[name] = description

    def names(self) -> list[str]:
        """The registered engine names, sorted."""
        return sorted(self._factories)

    def description(self, name: str) -> str:
        """The one-line description an engine registered with."""
        return self._descriptions.get(name, "")

    def create(self, name: str, settings: VoiceSettings) -> Engine:
        """Make an engine by name, or raise EngineError listing the known ones."""
        if name not in self._factories:
            known = ", ".join(self.names()) or "none"
            raise EngineError(f"unknown engine {name!r} (installed engines: {known})")
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
    return _registry
