"""Word times from a voice's phoneme alignment: when each word of a cue is said.

A Piper voice can tell how many audio samples it made for each phoneme id (its duration
predictor's output, exposed by piper-tts 1.8's `include_alignments`). `phoneme_spans` turns
those counts into each phoneme's place in the piece of audio; `word_spans` finds which
phonemes belong to which word of the text. espeak joins short words into one phoneme word
("of the" -> "ʌvðə") and reads a token as the sounds it stands for, so words are not found by
counting spaces: each token is phonemized alone, its sounds (letters only, no stress or
pause marks) laid end to end, and that string aligned with the sentence's sounds (difflib);
a token takes the time of the sounds matched to it, and a token matched to none the gap
between its neighbours.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher

from ..models import Span
from ..wordtimes import fill_gaps

BOS, EOS, PAD = "^", "$", "_"  # piper's markers around and between phoneme ids
NOT_SOUNDS = frozenset("ˈˌ")  # stress marks: letters to Unicode, but not sounds of their own

Phone = tuple[str, int, int]  # one phoneme and the samples it spans


def phoneme_spans(
    phonemes: Sequence[str],
    id_samples: Sequence[int],
    id_map: Mapping[str, Sequence[int]],
    offset: int = 0,
) -> list[Phone] | None:
    """Each phoneme with the samples it spans (its id, then the pad after it), from the
    samples per id; None when the ids are not laid out as piper lays them out."""
    pad = len(id_map.get(PAD, ()))
    lead = len(id_map.get(BOS, ())) + pad
    counts = [len(id_map[p]) + pad if p in id_map else 0 for p in phonemes]
    if lead + sum(counts) + len(id_map.get(EOS, ())) != len(id_samples):
        return None
    spans: list[Phone] = []
    at, index = offset + int(sum(id_samples[:lead])), lead
    for phoneme, count in zip(phonemes, counts, strict=True):
        length = int(sum(id_samples[index : index + count]))
        spans.append((phoneme, at, at + length))
        at, index = at + length, index + count
    return spans


def sounds(phonemes: Sequence[str]) -> str:
    """The letters among phonemes: no spaces, stress marks, punctuation or pauses."""
    return "".join(
        p for p in phonemes if p not in NOT_SOUNDS and unicodedata.category(p[:1]).startswith("L")
    )


def word_spans(
    tokens: Sequence[str], phones: Sequence[Phone], said: Callable[[str], str]
) -> list[Span]:
    """The samples each token is said over; `said(token)` gives the token's sounds alone."""
    if not phones:
        return [(0, 0) for _ in tokens]
    heard, groups = _sounds_heard(phones)
    owners = [i for i, token in enumerate(tokens) for _ in said(token)]
    written = "".join(said(token) for token in tokens)
    matcher = SequenceMatcher(None, written, "".join(p for p, _, _ in heard), autojunk=False)
    claimed: list[int | None] = [None] * len(heard)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            claimed[block.b + k] = owners[block.a + k]
    found: list[Span | None] = [None] * len(tokens)
    for (_, start, end), owner in zip(heard, _within_words(claimed, groups), strict=True):
        if owner is not None:
            span = found[owner]
            found[owner] = (
                (start, end) if span is None else (min(span[0], start), max(span[1], end))
            )
    return fill_gaps(found, phones[0][1], phones[-1][2])


def _sounds_heard(phones: Sequence[Phone]) -> tuple[list[Phone], list[int]]:
    """The sounds among the phonemes, each with the number of the phoneme word it is in
    (a space or a punctuation mark ends one)."""
    heard: list[Phone] = []
    groups: list[int] = []
    group = 0
    for phoneme, start, end in phones:
        if phoneme == " " or unicodedata.category(phoneme[:1]).startswith("P"):
            group += 1
            continue
        letters = sounds([phoneme])
        heard += [(sound, start, end) for sound in letters]
        groups += [group] * len(letters)
    return heard, groups


def _within_words(claimed: list[int | None], groups: list[int]) -> list[int | None]:
    """A sound no token claimed goes to the token before it in the same phoneme word, else
    to the one after it (espeak's "kˈiːʲ" ends with a glide the word alone does not have)."""
    owners = list(claimed)
    for order in (range(len(owners)), range(len(owners) - 1, -1, -1)):
        previous: tuple[int, int] | None = None  # (phoneme word, token)
        for i in order:
            if owners[i] is None and previous is not None and previous[0] == groups[i]:
                owners[i] = previous[1]
            owner = owners[i]
            if owner is not None:
                previous = (groups[i], owner)
    return owners
