"""Engine registry, voice specs, Piper options, and synthesis order, prefetch and caching."""

from __future__ import annotations

import json
import os
import threading
import time
from itertools import pairwise

import numpy as np
import pytest

from article2audio.cache import ClipCache
from article2audio.engines import piper
from article2audio.engines.base import (
    ENTRY_POINT_GROUP,
    VoiceSettings,
    parse_voice_spec,
    registry,
)
from article2audio.errors import EngineError, InputError, NetworkError
from article2audio.models import Clip, Cue, Script
from article2audio.settings import DEFAULT_HEADING_PACE, Settings
from article2audio.synthesize import synthesize_cues
from article2audio.voices import create_engines

RATE = 16000


class ToneEngine:
    """A network-like engine: slow, thread-safe, a clip 10 ms per character, counts calls.

    With `together` = N, its first N requests each wait until all N are in flight (a barrier):
    a test that asks for concurrency gets it, or fails, whatever the machine's load."""

    name = "tone"
    concurrency = 3

    def __init__(
        self, settings: VoiceSettings, delay: float = 0.05, fail_on: str = "", together: int = 0
    ) -> None:
        self.settings = settings
        self.delay = delay
        self.fail_on = fail_on
        self.calls: list[str] = []
        self.in_flight = 0
        self.in_flight_max = 0
        self.cancelled = False
        self._lock = threading.Lock()
        self._together = threading.Barrier(together) if together else None
        self._arrived = 0

    def identity(self) -> str:
        return f"tone:{self.settings.voice}"

    def cancel(self) -> None:
        self.cancelled = True

    def synthesize(self, text: str) -> Clip:
        with self._lock:
            self.in_flight += 1
            self.in_flight_max = max(self.in_flight_max, self.in_flight)
            self._arrived += 1
            meet = self._together is not None and self._arrived <= self._together.parties
        try:
            if meet:
                self._together.wait(timeout=60)  # BrokenBarrierError: they never overlapped
            time.sleep(self.delay)  # the server's latency
            if self.fail_on and self.fail_on in text:
                raise NetworkError("tone server: cannot connect", kind="network")
            with self._lock:
                self.calls.append(text)
            return Clip(np.full(len(text) * RATE // 100, 0.1, dtype=np.float32), RATE, text)
        finally:
            with self._lock:
                self.in_flight -= 1


def engine_concurrency() -> int:
    """How many requests ToneEngine takes at once."""
    return ToneEngine.concurrency


def _script(count: int = 12) -> Script:
    cues = [Cue(0, "heading", "Opening words")]
    cues += [Cue(i // 4, "sentence", f"Sentence number {i} " + "x" * i) for i in range(count)]
    cues += [Cue(1, "heading", "Second part"), Cue(1, "sentence", "The end.")]
    return Script("T", ["T", "Second part"], cues)


# --- registry and voice specs ---


def test_builtin_engines_come_from_entry_points():
    from importlib.metadata import entry_points

    names = {e.name for e in entry_points(group=ENTRY_POINT_GROUP)}
    assert {"piper", "gtts", "openai"} <= names
    assert {"piper", "gtts", "openai"} <= set(registry().names())


def test_voices_are_listed_offline_per_engine():
    piper_voices = registry().voices("piper")
    assert piper_voices[0].name == "en_US-joe-medium" and piper_voices[0].language == "en_US"
    gtts_voices = {(v.name, v.language) for v in registry().voices("gtts")}
    assert ("co.uk", "en") in gtts_voices and ("com", "de") in gtts_voices
    assert "nova" in {v.name for v in registry().voices("openai")}
    with pytest.raises(InputError, match="installed engines: .*gtts"):
        registry().voices("nope")


def test_unknown_engine_is_an_input_error():
    with pytest.raises(InputError, match="unknown engine 'nope'"):
        registry().create("nope", VoiceSettings())


def test_voice_spec_same_engine_inherits_the_main_voice():
    main = VoiceSettings(voice="a.onnx", speed=1.1, speaker="2", lang="en")
    engine, heading = parse_voice_spec("speed=0.8", "piper", main)
    assert engine == "piper"
    assert (heading.voice, heading.speed, heading.speaker) == ("a.onnx", 0.8, "2")
    engine, heading = parse_voice_spec("b.onnx,speaker=lisa", "piper", main)
    assert (heading.voice, heading.speaker, heading.speed) == ("b.onnx", "lisa", 1.1)
    _, heading = parse_voice_spec("c.onnx", "piper", main)
    assert heading.speaker is None  # a new voice does not inherit the old voice's speaker


def test_voice_spec_other_engine_starts_from_its_defaults():
    main = VoiceSettings(voice="a.onnx", speed=1.2, lang="fr", give_up_after=9)
    engine, heading = parse_voice_spec("gtts:co.uk", "piper", main)
    assert engine == "gtts"
    assert (heading.voice, heading.speed, heading.lang, heading.give_up_after) == (
        "co.uk",
        1.0,
        "fr",
        9,
    )
    with pytest.raises(InputError, match="unknown voice setting 'pitch'"):
        parse_voice_spec("pitch=3", "piper", main)
    with pytest.raises(InputError, match="outside"):
        parse_voice_spec("speed=9", "piper", main)


def test_create_engines_builds_a_heading_engine_for_the_heading_pace_or_voice():
    engine, heading = create_engines(Settings.of().voice)  # the same voice, slower
    assert engine.name == "piper" and heading is not None and heading.name == "piper"
    assert heading.length_scale == pytest.approx(engine.length_scale / DEFAULT_HEADING_PACE)
    assert heading.model_path == engine.model_path
    engine, heading = create_engines(Settings.of(speed=1.2, heading_pace=0.9).voice)
    assert heading.length_scale == pytest.approx(1 / (1.2 * 0.9))
    _, heading = create_engines(Settings.of(heading_pace=1.0).voice)
    assert heading is None  # headings spoken as the rest
    engine, heading = create_engines(Settings.of(heading_voice="speed=0.8").voice)
    assert heading is not None and heading.length_scale == pytest.approx(1 / 0.8)  # speed= wins
    spec = "en_US-joe-medium,speaker="
    _, heading = create_engines(Settings.of(heading_voice=spec, heading_pace=0.5).voice)
    assert heading.length_scale == pytest.approx(2.0)  # a voice named, at the heading pace
    _, heading = create_engines(Settings.of(heading_voice="gtts:co.uk").voice, article_lang="en")
    assert heading.name == "gtts" and heading.tld == "co.uk" and heading.lang == "en"
    assert not heading.slow  # gTTS has no free speed: its slow mode is not a heading pace
    _, heading = create_engines(Settings.of(engine="gtts").voice, article_lang="en")
    assert heading is None


# --- Piper options ---


def _multi_speaker_voice(tmp_path):
    """The bundled model with a config that declares three named speakers."""
    model = piper.default_voice_path()
    config = json.loads(model.with_name(model.name + ".json").read_text())
    config.update(num_speakers=3, speaker_id_map={"ann": 0, "bob": 1, "cy": 2})
    target = tmp_path / "multi.onnx"
    os.symlink(model, target)
    (tmp_path / "multi.onnx.json").write_text(json.dumps(config))
    return target


def test_piper_speaker_by_name_or_number_is_part_of_the_cache_identity(tmp_path):
    voice = str(_multi_speaker_voice(tmp_path))
    bob = piper.PiperEngine(VoiceSettings(voice=voice, speaker="bob"))
    two = piper.PiperEngine(VoiceSettings(voice=voice, speaker="2"))
    default = piper.PiperEngine(VoiceSettings(voice=voice))
    assert (bob.speaker_id, two.speaker_id, default.speaker_id) == (1, 2, None)
    assert len({bob.identity(), two.identity(), default.identity()}) == 3
    assert bob._syn_config().speaker_id == 1


def test_piper_refuses_unknown_speakers(tmp_path):
    voice = str(_multi_speaker_voice(tmp_path))
    with pytest.raises(InputError, match="no speaker 'dave' .*ann, bob, cy"):
        piper.PiperEngine(VoiceSettings(voice=voice, speaker="dave"))
    with pytest.raises(InputError, match="single speaker"):
        piper.PiperEngine(VoiceSettings(speaker="1"))  # the bundled voice has one


def test_piper_speed_sets_the_length_scale():
    slow = piper.PiperEngine(VoiceSettings(speed=0.5))
    fast = piper.PiperEngine(VoiceSettings(speed=2.0))
    assert slow.length_scale == 2.0 and fast.length_scale == 0.5
    assert slow.identity() != fast.identity()


@pytest.mark.e2e
def test_piper_speed_changes_the_real_voice_and_loads_it_once():
    piper.load_voice.cache_clear()
    text = "Walking is good for the mind."
    normal = piper.PiperEngine(VoiceSettings()).synthesize(text)
    slow = piper.PiperEngine(VoiceSettings(speed=0.6)).synthesize(text)
    assert normal.rate == 22050
    assert 1.4 < len(slow.samples) / len(normal.samples) < 1.9  # about 1 / 0.6
    assert piper.load_voice.cache_info().misses == 1  # one model load for both engines


def test_a_short_sentence_is_spoken_whole():
    phonemes = list("ðə ɡˈʌnz fˈɛl sˈaɪlənt.")
    assert piper.split_phonemes(phonemes, 200) == [phonemes]


def test_a_long_sentence_is_cut_at_the_clause_mark_nearest_its_middle():
    first, second, third = "a" * 50 + ",", " " + "b" * 90 + ";", " " + "c" * 100 + "."
    phonemes = list(first + second + third)  # 243 phonemes, marks at 51 and 143
    pieces = piper.split_phonemes(phonemes, 200)
    assert ["".join(p) for p in pieces] == [first + second, "c" * 100 + "."]


def test_a_sentence_without_clause_marks_is_cut_at_a_word_marked_as_a_phrase_break():
    words = ["wɜːd"] * 60
    phonemes = list(" ".join(words) + ".")  # 300 phonemes, no comma
    pieces = piper.split_phonemes(phonemes, 120)
    assert all(len(p) <= 120 for p in pieces)
    assert len(pieces) == 4
    assert all("".join(p).endswith(",") for p in pieces[:-1])  # a phrase, not a sentence end
    spoken = " ".join("".join(p).rstrip(",") for p in pieces)
    assert spoken == "".join(phonemes)  # every phoneme kept, in order


def test_a_sentence_without_words_is_still_cut_within_the_limit():
    pieces = piper.split_phonemes(list("x" * 500), 200)
    assert all(0 < len(p) <= 200 for p in pieces) and sum(map(len, pieces)) == 500


def test_pieces_are_joined_with_a_commas_pause_not_their_own_silences():
    rate = 1000
    tone = np.where(np.arange(500) % 2, 0.5, -0.5).astype(np.float32)
    quiet = np.zeros(400, dtype=np.float32)
    joined = piper.join_pieces(
        [np.concatenate([quiet, tone, quiet]), np.concatenate([quiet, tone])], rate
    )
    silent = np.flatnonzero(np.abs(joined) <= piper.SILENCE_FLOOR)
    gap = silent[(silent > 900) & (silent < 1700)]
    assert len(gap) == pytest.approx(piper.JOIN_PAUSE_S * rate, abs=3)
    assert joined[:400].max() == 0  # the first piece keeps its lead-in


def test_slower_speech_cuts_shorter_pieces_and_says_so_in_the_cache_key():
    normal, slow = piper.PiperEngine(VoiceSettings()), piper.PiperEngine(VoiceSettings(speed=0.5))
    assert normal.max_phonemes == piper.MAX_PHONEMES
    assert slow.max_phonemes == piper.MAX_PHONEMES // 2
    assert f"cut={slow.max_phonemes}" in slow.identity()


LONG_SENTENCE = (
    "The committee, having reviewed the evidence submitted by all parties over the course of the "
    "preceding eighteen months, including the testimony of witnesses from the affected regions, the "
    "reports of independent monitors, the satellite imagery provided by three separate agencies, and "
    "the correspondence between the negotiating teams, concluded that the agreement had been breached "
    "on at least four occasions, that responsibility for those breaches could not be assigned to a "
    "single party, and that the monitoring mechanism itself required substantial reform before any "
    "extension could be considered."
)


@pytest.mark.e2e
def test_the_real_voice_speaks_a_very_long_sentence_in_pieces_with_every_word(tmp_path):
    from audio_checks import recognize, write_wav

    engine = piper.PiperEngine(VoiceSettings())
    voice = engine.voice
    real = voice.phoneme_ids_to_audio
    lengths: list[int] = []

    def counting(ids, config=None, **options):
        lengths.append(len(ids))
        return real(ids, config, **options)

    voice.phoneme_ids_to_audio = counting
    noise = voice.config.noise_scale, voice.config.noise_w_scale
    voice.config.noise_scale = voice.config.noise_w_scale = 0.0  # the same speech every run
    try:
        clip = engine.synthesize(LONG_SENTENCE)
    finally:
        del voice.phoneme_ids_to_audio
        voice.config.noise_scale, voice.config.noise_w_scale = noise
    assert len(lengths) >= 4  # 630 phonemes: four or five pieces, never one 30 s inference
    assert max(lengths) <= 2 * piper.MAX_PHONEMES + 2  # ids: a pad after every phoneme
    assert 25 < len(clip.samples) / clip.rate < 40
    path = write_wav(tmp_path / "long.wav", clip.samples, clip.rate)
    heard = " ".join(recognize(path, start, 7.0) for start in range(0, 35, 6))
    for word in ("committee", "testimony", "satellite", "agreement", "monitoring", "reform"):
        assert word in heard
    # every word is timed, in order, and none is timed over a pause: the joins of the pieces
    # and the commas fall between words
    assert clip.words is not None and len(clip.words) == len(LONG_SENTENCE.split())
    assert all(a <= b <= c for (a, b), (c, _) in pairwise(clip.words))
    pauses = _pause_middles(clip.samples, clip.rate, 0.2)
    assert len(pauses) >= 4  # at the joins of the pieces, at least
    for middle in pauses:
        assert not any(a < middle < b for a, b in clip.words), middle / clip.rate


def _pause_middles(samples: np.ndarray, rate: int, seconds: float) -> list[int]:
    """The middle sample of every stretch of near silence at least `seconds` long."""
    quiet = np.abs(samples) < 0.01 * np.abs(samples).max()
    middles, run = [], 0
    for index, still in enumerate(quiet):
        run = run + 1 if still else 0
        if run == int(seconds * rate):
            middles.append(index - run // 2)
    return middles


# --- synthesis: order, prefetch, cache, failure ---


def test_network_engines_are_prefetched_concurrently_but_yielded_in_order(tmp_path):
    engine = ToneEngine(VoiceSettings(voice="a"), delay=0.05, together=engine_concurrency())
    script = _script(12)
    out = list(synthesize_cues(script, engine, ClipCache(tmp_path)))
    assert [cue.text for cue, _ in out] == [c.text for c in script.cues]
    assert all(clip.text == cue.text for cue, clip in out)
    assert all(len(clip.samples) == len(cue.text) * RATE // 100 for cue, clip in out)
    assert engine.in_flight_max == engine.concurrency  # all of them at once, never more
    assert not engine.cancelled  # a finished run leaves the engine usable


def test_second_run_synthesizes_nothing_and_an_edit_only_the_changed_cue(tmp_path):
    cache = ClipCache(tmp_path)
    script = _script(8)
    list(synthesize_cues(script, ToneEngine(VoiceSettings(voice="a"), delay=0), cache))
    again = ToneEngine(VoiceSettings(voice="a"), delay=0)
    list(synthesize_cues(script, again, ClipCache(tmp_path)))
    assert again.calls == []
    script.cues[3].text = "An edited sentence."
    edited = ToneEngine(VoiceSettings(voice="a"), delay=0)
    list(synthesize_cues(script, edited, ClipCache(tmp_path)))
    assert edited.calls == ["An edited sentence."]


def test_a_failure_keeps_every_clip_spoken_before_it(tmp_path):
    script = _script(12)
    failing = ToneEngine(VoiceSettings(voice="a"), delay=0.01, fail_on="number 7 ")
    with pytest.raises(NetworkError):
        list(synthesize_cues(script, failing, ClipCache(tmp_path)))
    assert len(failing.calls) >= 8  # the heading and sentences 0-6 at least
    resumed = ToneEngine(VoiceSettings(voice="a"), delay=0)
    out = list(synthesize_cues(script, resumed, ClipCache(tmp_path)))
    assert len(out) == len(script.cues)
    assert set(resumed.calls).isdisjoint(failing.calls)  # nothing spoken twice
    assert "Sentence number 7 xxxxxxx" in resumed.calls
    assert failing.cancelled  # its other requests stop retrying


def test_a_one_at_a_time_engine_is_never_called_concurrently(tmp_path):
    body = ToneEngine(VoiceSettings(voice="body"), delay=0.02, together=2)
    heading = ToneEngine(VoiceSettings(voice="heading"), delay=0.02)
    heading.concurrency = 1  # like Piper, whose espeak front end is not thread-safe
    script = _script(6)
    script.cues = [Cue(0, "heading", f"Heading {n}") for n in range(8)] + script.cues
    list(synthesize_cues(script, body, ClipCache(tmp_path), heading_engine=heading))
    assert len(heading.calls) == 10 and heading.in_flight_max == 1
    assert body.in_flight_max >= 2


def test_headings_use_the_heading_engine(tmp_path):
    body = ToneEngine(VoiceSettings(voice="body"), delay=0)
    heading = ToneEngine(VoiceSettings(voice="heading"), delay=0)
    script = _script(4)
    list(synthesize_cues(script, body, ClipCache(tmp_path), heading_engine=heading))
    assert sorted(heading.calls) == ["Opening words", "Second part"]
    assert not any(c in body.calls for c in heading.calls)
    # the same text with another voice is another cache entry
    again = ToneEngine(VoiceSettings(voice="body"), delay=0)
    list(synthesize_cues(script, again, ClipCache(tmp_path)))
    assert sorted(again.calls) == ["Opening words", "Second part"]


def test_sequential_engine_errors_are_wrapped_as_engine_errors(tmp_path):
    class Broken:
        name = "broken"

        def identity(self) -> str:
            return "broken"

        def synthesize(self, text: str) -> Clip:
            raise RuntimeError("model exploded")

    with pytest.raises(EngineError, match="broken failed to speak .*model exploded"):
        list(synthesize_cues(_script(2), Broken(), ClipCache(tmp_path)))


def test_progress_reports_every_cue_in_order(tmp_path):
    seen: list[tuple[int, int]] = []
    script = _script(5)
    engine = ToneEngine(VoiceSettings(voice="a"), delay=0)
    list(synthesize_cues(script, engine, ClipCache(tmp_path), lambda d, t: seen.append((d, t))))
    total = len(script.cues)
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_piper_voice_by_name_from_the_working_folder(tmp_path, monkeypatch):
    model = piper.default_voice_path()
    os.symlink(model, tmp_path / "en_US-test-medium.onnx")
    os.symlink(f"{model}.json", tmp_path / "en_US-test-medium.onnx.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    engine = piper.PiperEngine(VoiceSettings(voice="en_US-test-medium"))
    assert engine.model_path == tmp_path / "en_US-test-medium.onnx"
    listed = {v.name: v for v in registry().voices("piper")}
    assert listed["en_US-test-medium"].language == "en_US"
    with pytest.raises(InputError, match="no Piper voice 'en_GB-nobody'.*looked for"):
        piper.PiperEngine(VoiceSettings(voice="en_GB-nobody"))
    with pytest.raises(InputError, match="not a Piper .onnx file"):
        piper.PiperEngine(VoiceSettings(voice="voices/readme.txt"))


def test_voice_settings_come_from_the_settings_file_and_environment(tmp_path):
    from article2audio.settings import resolve
    from article2audio.voices import voice_settings

    (tmp_path / "article2audio.toml").write_text(
        '[voice]\nengine = "openai"\nserver_url = "http://127.0.0.1:9/v1"\nmodel = "kokoro"\n'
        'voice = "af_sky"\nheading_voice = "af_bella"\nlang = "en"\n'
    )
    env = {"ARTICLE2AUDIO_SPEAKER": "3", "ARTICLE2AUDIO_CACHE_DIR": "clips"}
    settings = resolve({"model": "tts-1-hd"}, env=env, cwd=tmp_path)  # a flag beats the file
    assert settings.output.cache_dir == tmp_path / "clips"
    voice = voice_settings(settings.voice, article_lang="fr")
    assert settings.voice.engine == "openai" and settings.voice.heading_voice == "af_bella"
    assert (voice.base_url, voice.model, voice.voice, voice.lang, voice.speaker) == (
        "http://127.0.0.1:9/v1",
        "tts-1-hd",
        "af_sky",
        "en",  # the setting wins over the article's language
        "3",
    )


def test_a_voice_that_times_its_words_has_its_own_cache_key(monkeypatch):
    """Clips cached before words were timed are not taken for timed ones: spoken again once."""
    timed = piper.PiperEngine(VoiceSettings()).identity()
    monkeypatch.setattr(piper, "times_words", lambda model_path: False)
    untimed = piper.PiperEngine(VoiceSettings()).identity()
    assert timed == untimed + ":words"


def test_words_joined_by_espeak_are_timed_apart_from_their_sounds():
    from article2audio.engines.phoneme_words import phoneme_spans, word_spans

    # "sit on the mat," as espeak says it: "on the" is one phoneme word, "mat" ends in a glide
    phonemes = list("sˈɪt ɔnðə mˈætʲ,")
    id_map = {p: [i + 10] for i, p in enumerate(dict.fromkeys(phonemes))}
    id_map.update({"^": [1], "$": [2], "_": [0]})
    ids = 2 + 2 * len(phonemes) + 1
    phones = phoneme_spans(phonemes, [100] * ids, id_map, offset=1000)
    assert phones[0] == ("s", 1200, 1400)  # after the start marker and its pad
    alone = {"sit": "sɪt", "on": "ɔn", "the": "ðə", "mat,": "mæt"}
    spans = word_spans(["sit", "on", "the", "mat,"], phones, alone.__getitem__)
    at = {p: start for p, start, _ in phones}
    assert spans[1] == (at["ɔ"], at["n"] + 200) and spans[2] == (at["ð"], at["ə"] + 200)
    assert spans[3] == (at["m"], at["ʲ"] + 200)  # the glide belongs to the word it ends
    assert phoneme_spans(phonemes, [100] * (ids - 1), id_map) is None  # not piper's layout


def test_the_copy_of_the_voice_that_times_words_is_made_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model = piper.default_voice_path()
    made = piper.aligned_model(model)
    assert made == piper.aligned_path(model) and made.is_relative_to(tmp_path)
    import onnxruntime

    outputs = onnxruntime.InferenceSession(str(made)).get_outputs()
    assert len(outputs) == 2  # the audio, and the samples of each phoneme id
    stamp = made.stat().st_mtime_ns
    monkeypatch.setattr(piper, "find_spec", lambda name: None)  # onnx no longer needed ...
    assert piper.aligned_model(model) == made and made.stat().st_mtime_ns == stamp
    made.unlink()  # ... but without it and without the copy, words are not timed
    assert piper.aligned_model(model) is None and not piper.times_words(model)
    assert not list(made.parent.glob(".*.part"))
