"""Invariants of the spoken text, fuzzed: numbers, units, money, dates, times, versions,
identifiers, formulas and Roman numerals in many shapes and contexts (Hypothesis, derandomized
so every run sees the same examples).

Whatever the written token, the voice must get words: no digit, no symbol of a small forbidden
set, no word doubled by a rewrite ("the the", "a a half"), one phonemizer sentence per cue, and
normalizing the spoken text again changes nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article2audio.engines.piper import default_voice_path, load_voice
from article2audio.models import Article, Section
from article2audio.normalize import speakable
from article2audio.script import build_script

sys.path.insert(0, str(Path(__file__).parent))
from speech_corpus import CORPUS, load  # noqa: E402

FORBIDDEN = re.compile(r"[\d^~|\\<>=×÷±‒–—/_*#@$€£¥₹%°`\[\]{}⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉½¼¾]")
DOUBLED = re.compile(
    r"\b(the|a|an|of|to|and|in|on|at|by|per|dollars?|euros?|percent|times|version|point|minus"
    r"|degrees?|number|from|is|or|for|over)\s+\1\b",
    re.IGNORECASE,
)
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

MONTHS = (
    "January February March April May June July August September October November December"
).split()
SHORT_MONTHS = "Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec. Jan Feb Aug Oct".split()
UNITS = (
    "nm mm cm m km kg g mg μg mL L s ms μs h min Hz kHz MHz GHz MB GB TB GiB Mbps Gbps W kW MW "
    "kWh V mA °C °F K ppm dB mph km/h m/s MB/s req/s mg/kg W/m² m² km² cm³ bps pp M⊕"
).split()
DASHES = ["-", "–", "‒", "—", " to ", " - ", " – "]
ZONES = ["", " ET", " EDT", " UTC", " GMT", " PT", " CET", " (ET)"]
MERIDIEMS = ["", " a.m.", " p.m.", " AM", " PM", "am", "pm", " A.M.", " P.M."]
ROMANS = "I II III IV V VI VII VIII IX X XI XII XIV XIX XX XXII XXV XL".split()


@st.composite
def numbers(draw: st.DrawFn, max_digits: int = 7, decimals: bool = True) -> str:
    """1234567, 1,234,567, 3.14, -0.5 ..."""
    value = draw(st.integers(0, 10 ** draw(st.integers(1, max_digits))))
    written = f"{value:,}" if draw(st.booleans()) else str(value)
    if decimals and draw(st.booleans()):
        written += "." + draw(st.text("0123456789", min_size=1, max_size=3))
    return written


def small() -> st.SearchStrategy[int]:
    return st.integers(1, 28)


years = st.integers(1900, 2035).map(str)
dashes = st.sampled_from(DASHES)

MONEY = st.one_of(
    st.tuples(
        st.sampled_from(["$", "€", "£", "¥", "₹", "US$", "C$", "HK$", "USD ", "EUR ", "Rs "]),
        numbers(6),
        st.sampled_from(["", " million", " billion", "bn", "m", "k", " trillion", " bln", " mln"]),
    ).map("".join),
    st.tuples(numbers(5), st.sampled_from([" €", " EUR", " USD", "€"])).map("".join),
    st.tuples(numbers(3), dashes, numbers(3)).map(lambda t: f"${t[0]}{t[1]}${t[2]}"),
    st.tuples(numbers(3), st.sampled_from(["b", "bbl", "share", "month", "MWh", "oz"])).map(
        lambda t: f"${t[0]}/{t[1]}"
    ),
    st.integers(1, 99).map(lambda n: f"{n}¢"),
)
UNIT = st.one_of(
    st.tuples(numbers(4), st.sampled_from(["", " ", "-"]), st.sampled_from(UNITS)).map("".join),
    st.tuples(
        numbers(1), st.sampled_from(["³", "⁶", "⁻⁹", "^5", "^-3", "²"]), st.sampled_from(UNITS)
    ).map(lambda t: f"{t[0]} × 10{t[1]} {t[2]}"),
    st.tuples(numbers(2), dashes, numbers(2), st.sampled_from(UNITS)).map(
        lambda t: f"{t[0]}{t[1]}{t[2]} {t[3]}"
    ),
    st.tuples(numbers(3), st.sampled_from(["%", " percent", "% "])).map("".join),
    st.tuples(numbers(2), dashes, numbers(2)).map(lambda t: f"{t[0]}%{t[1]}{t[2]}%"),
)
DATE = st.one_of(
    st.tuples(years, st.integers(1, 12), small()).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(st.integers(1, 12), small(), years).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.sampled_from(MONTHS), small(), years).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
    st.tuples(st.sampled_from(SHORT_MONTHS), small()).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(small(), st.sampled_from(MONTHS), years).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(st.sampled_from(["Mon", "Tue", "Wed", "Thu", "Fri"]), small(), years).map(
        lambda t: f"{t[0]} {t[1]:02d} Apr {t[2]}"
    ),
    st.tuples(st.sampled_from(MONTHS), small(), dashes).map(
        lambda t: f"{t[0]} {t[1]}{t[2]}{t[1] + 1}"
    ),
    st.tuples(years, dashes).map(lambda t: f"{t[0]}{t[1]}{int(t[0]) + 1}"),
    st.tuples(st.sampled_from(["Q", "H", "FY"]), st.integers(1, 2), years).map(
        lambda t: f"{t[0]}{t[1]} {t[2]}"
    ),
    st.integers(192, 202).map(lambda n: f"{n}0s"),
    st.integers(2, 9).map(lambda n: f"'{n}0s"),
)
TIME = st.one_of(
    st.tuples(
        st.integers(0, 23), st.integers(0, 59), st.sampled_from(MERIDIEMS), st.sampled_from(ZONES)
    ).map(lambda t: f"{t[0]}:{t[1]:02d}{t[2]}{t[3]}"),
    st.tuples(
        st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), st.sampled_from(ZONES)
    ).map(lambda t: f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d}{t[3]}"),
    st.tuples(st.integers(1, 12), st.sampled_from(MERIDIEMS[1:]), st.sampled_from(ZONES)).map(
        lambda t: f"{t[0]}{t[1]}{t[2]}"
    ),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}{t[1]:02d} GMT"),
    st.tuples(st.integers(0, 59), st.integers(0, 59), st.integers(0, 9)).map(
        lambda t: f"{t[0]}:{t[1]:02d}.{t[2]}"
    ),
)
VERSION = st.tuples(
    st.lists(st.integers(0, 30), min_size=2, max_size=4).map(
        lambda parts: ".".join(map(str, parts))
    ),
    st.sampled_from(
        [
            "v{}",
            "{}",
            "version {}",
            "`{}`",
            "`pkg@^{}`",
            "`pkg=={}`",
            "{}-rc.1",
            "`v{}`",
            "Python {}",
        ]
    ),
).map(lambda t: t[1].format(t[0]))
IDENTIFIER = st.tuples(
    st.text("ABCDEFGHKLMNPRSTXZ", min_size=1, max_size=4),
    numbers(6, decimals=False).map(lambda n: n.replace(",", "") or "1"),
    st.sampled_from(
        ["{L}-{n}", "{L}{n}", "{L} {n}", "{L}.O", "order {n}", "No. {n}", "#{n}", "CVE-2024-{n}",
         "RFC {n}", "[RFC{n}]", "arm{n}", "Docket No. {L}-{n}", "issue {n}", "PR #{n}", "{n}th"]
    ),
).map(lambda t: t[2].format(L=t[0], n=t[1]))  # fmt: skip
FORMULA = st.tuples(
    st.sampled_from("xyzabnEFmkT"),
    st.sampled_from("xyzabcmgT"),
    numbers(2, decimals=False),
    st.sampled_from(
        ["{a} = {b}", "{a}^2", "{a}² + {b}²", "E = mc2", "{a}/{b}", "p < 0.0{n}", "{a} ≥ {n}",
         "{n} ± {n}", "{a} × {b}", "{n}:{n}", "{a}₂", "{n} x 10^{n}", "{a} != {b}", "{a} <= {b}",
         "({a} + {b})/{n}", "H = k{b}/μ{a}", "CO2", "{a}_{b}", "~{n}", "{n}e6", "{a} -> {b}"]
    ),
).map(lambda t: t[3].format(a=t[0], b=t[1], n=t[2]))  # fmt: skip
ROMAN = st.tuples(
    st.sampled_from(ROMANS),
    st.sampled_from(
        ["rule {}", "Rule {}", "Charles {}", "Pope Leo {}", "Title {}", "Chapter {}",
         "World War {}", "Super Bowl {}", "Henry {}'s", "clause {}"]
    ),
).map(lambda t: t[1].format(t[0]))  # fmt: skip
FAMILIES = {
    "money": MONEY,
    "unit": UNIT,
    "date": DATE,
    "time": TIME,
    "version": VERSION,
    "identifier": IDENTIFIER,
    "formula": FORMULA,
    "roman": ROMAN,
    "number": numbers(),
}
TOKENS = st.one_of(*FAMILIES.values())
CONTEXTS = [
    "{t}.",
    "It was {t}.",
    "The {t} figure rose.",
    "Officials said {t}, up sharply.",
    "({t})",
    "A {t} increase followed.",
    "In {t} the board met.",
    "- {t}",
    "{t} and {u}.",
    "Between {t} and {u}.",
    "The value fell to {t} from {u}.",
    '"{t}" he said.',
    "See {t}: details.",
    "UPDATED AT {t} TODAY",
]


def in_context(token: str, other: str, context: str) -> str:
    return context.format(t=token, u=other)


def corpus_tokens() -> list[str]:
    """Every token with a digit or a symbol in the sentences of the speech corpus."""
    token = re.compile(r"[^\s\"'()\[\]{},;]*[\d%$€£¥@#&\\=^~*|±×°⁰¹²³⁴⁵⁶⁷⁸⁹][^\s\"'()\[\]{},;]*")
    found = {
        match.group(0).rstrip(".:!?")
        for row in load(sorted(CORPUS.glob("*.jsonl")))
        for match in token.finditer(row["sentence"])
    }
    return sorted(word for word in found if any(ch.isalnum() for ch in word))  # no lone "&"


def spoken_cues(written: str) -> list[str]:
    """What the script stage gives the voice for a sentence, cue by cue."""
    article = Article("T", [Section("T", 1, written)])
    return [cue.text for cue in build_script(article).cues[1:]]


def check_invariants(written: str) -> None:
    """Words only, nothing doubled by a rewrite, and a fixed point of the normalizer."""
    cues = spoken_cues(written)
    spoken = " ".join(cues)
    assert not FORBIDDEN.findall(spoken), (written, spoken)
    doubled = DOUBLED.search(spoken)
    assert not doubled or DOUBLED.search(written), (written, spoken)
    for cue in cues:
        assert speakable(cue) == cue, (written, cue)


@pytest.fixture(scope="module")
def voice():  # type: ignore[no-untyped-def]
    return load_voice(default_voice_path())


@pytest.mark.parametrize("family", sorted(FAMILIES))
@FUZZ
@given(data=st.data())
def test_every_family_says_only_words(family: str, data: st.DataObject) -> None:
    """Any token of the family, in any context, beside a token of any family."""
    token = data.draw(FAMILIES[family], label="token")
    other = data.draw(TOKENS, label="other")
    check_invariants(in_context(token, other, data.draw(st.sampled_from(CONTEXTS))))


@FUZZ
@given(data=st.data())
def test_corpus_tokens_in_new_contexts_say_only_words(data: st.DataObject) -> None:
    """The real tokens of the speech corpus, paired and put in other sentences."""
    tokens = st.sampled_from(CORPUS_TOKENS)
    written = in_context(data.draw(tokens), data.draw(tokens), data.draw(st.sampled_from(CONTEXTS)))
    check_invariants(written)


@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_every_cue_is_one_phonemizer_sentence(voice, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    token = data.draw(st.one_of(TOKENS, st.sampled_from(CORPUS_TOKENS)))
    written = in_context(token, data.draw(TOKENS), data.draw(st.sampled_from(CONTEXTS)))
    for cue in spoken_cues(written):
        assert len(voice.phonemize(cue)) == 1, (written, cue)


CORPUS_TOKENS = corpus_tokens()
