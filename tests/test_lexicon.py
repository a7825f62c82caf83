"""The pronunciation lexicon and the voice-language check."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from article2audio.engines.piper import default_voice_path, voice_language
from article2audio.errors import InputError
from article2audio.lexicon import Lexicon, load_lexicon
from article2audio.pipeline import build_episode, prepare
from article2audio.settings import Settings
from article2audio.voices import check_voice_language, engine_language

DATA = Path(__file__).parent / "data"


def test_whole_words_and_case_rules() -> None:
    lexicon = Lexicon({"nginx": "engine x", "SQL": "sequel", "C#": "C sharp"})
    assert lexicon.apply("Nginx, NGINX and nginx.") == "engine x, engine x and engine x."
    assert lexicon.apply("SQL and /usr/share/sql") == "sequel and /usr/share/sql"
    assert lexicon.apply("nginxes stay") == "nginxes stay"
    assert lexicon.apply("I like C# a lot") == "I like C sharp a lot"


def test_longest_entry_wins() -> None:
    lexicon = Lexicon({"New York": "the city", "New York Times": "the paper"})
    assert lexicon.apply("New York Times in New York") == "the paper in the city"


def test_load_flat_and_words_table(tmp_path: Path) -> None:
    flat = tmp_path / "flat.toml"
    flat.write_text('Kubernetes = "koo-ber-net-eez"\n"C++" = "C plus plus"\n', encoding="utf-8")
    assert load_lexicon(flat).entries == {"Kubernetes": "koo-ber-net-eez", "C++": "C plus plus"}
    table = tmp_path / "table.toml"
    table.write_text('[words]\nnginx = "engine x"\n', encoding="utf-8")
    assert load_lexicon(table).apply("nginx") == "engine x"


@pytest.mark.parametrize(
    ("content", "words"),
    [("nginx = engine x\n", "not valid TOML"), ("nginx = 3\n", "non-empty string")],
)
def test_bad_lexicon_is_an_input_error(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        load_lexicon(path)


def test_missing_lexicon_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_lexicon(tmp_path / "nope.toml")


def test_lexicon_reaches_the_spoken_text_and_headings(tmp_path: Path) -> None:
    lexicon = tmp_path / "words.toml"
    lexicon.write_text('Tidewater = "tide water"\nbinary = "bye nary"\n', encoding="utf-8")
    prepared = prepare(str(DATA / "setext_readme.md"), Settings.of(lexicon=lexicon).episode)
    spoken = " ".join(cue.text for cue in prepared.script.cues)
    assert "Tidewater" not in spoken and spoken.startswith("tide water")
    assert "single bye nary." in spoken  # (the README's License section is back matter now)
    assert prepared.article.title == "Tidewater"  # the written title is unchanged


# --- language -----------------------------------------------------------------------------


class _Voice:
    def __init__(self, language: str) -> None:
        self.language = language


def test_default_voice_speaks_english() -> None:
    assert voice_language(default_voice_path()) == "en"
    assert engine_language(_Voice("fr_FR")) == "fr"


def test_french_article_with_the_default_voice_is_refused() -> None:
    with pytest.raises(InputError, match=r"in French \(fr\) but the voice speaks English"):
        check_voice_language("fr", "en", voice_chosen=False)


def test_chosen_voice_only_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        check_voice_language("fr", "en", voice_chosen=True)
    assert "French" in caplog.text and "English pronunciation" in caplog.text
    check_voice_language("en", "en", voice_chosen=False)
    check_voice_language("", "en", voice_chosen=False)


def test_build_refuses_french_before_speaking(tmp_path: Path) -> None:
    settings = Settings.of(output_dir=tmp_path / "out", intro="none", use_cache=False)
    with pytest.raises(InputError, match="French"):
        build_episode(str(DATA / "french_post.md"), settings)
    assert not list((tmp_path / "out").glob("*.mp3"))


def test_sections_preview_uses_the_settings_file_lexicon(tmp_path: Path) -> None:
    """`sections` speaks like `build`: the lexicon named in article2audio.toml applies."""
    import json

    from cli_runner import run_cli

    (tmp_path / "words.toml").write_text('Tidewater = "tide water"\n', encoding="utf-8")
    (tmp_path / "article2audio.toml").write_text('[voice]\nlexicon = "words.toml"\n')
    proc = run_cli("sections", str(DATA / "setext_readme.md"), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)["sections"][0]
    assert first["title"] == "Tidewater" and first["text"].startswith("tide water")


def test_piper_phonemes_pass_through_the_script_untouched() -> None:
    from article2audio.models import Article, Section
    from article2audio.script import build_script

    lexicon = Lexicon({"nginx": "[[ ˈɛndʒɪn ˈɛks ]]"})
    article = Article("T", [Section("T", 1, "We run nginx in 2024, e.g. on 3 servers.")])
    spoken = build_script(article, lexicon).cues[1].text
    assert (
        spoken == "We run [[ ˈɛndʒɪn ˈɛks ]] in twenty twenty-four, for example on three servers."
    )


def test_an_installed_voice_for_the_article_language_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A French Piper voice in the working folder is picked for a French article."""
    import json

    from article2audio.voices import create_engines, pick_voice_for_language

    (tmp_path / "fr_FR-test-medium.onnx").write_bytes(b"not loaded in this test")
    config = {
        "language": {"code": "fr_FR"},
        "espeak": {"voice": "fr"},
        "audio": {"sample_rate": 22050},
    }
    (tmp_path / "fr_FR-test-medium.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    picked = pick_voice_for_language(Settings.of().voice, "fr")
    assert picked.voice == "fr_FR-test-medium"
    engine, _ = create_engines(picked, "fr")
    assert engine_language(engine) == "fr"
    check_voice_language("fr", engine_language(engine), voice_chosen=False)  # no error
    assert pick_voice_for_language(Settings.of().voice, "de").voice is None  # none for German
    assert pick_voice_for_language(Settings.of(voice="x.onnx").voice, "fr").voice == "x.onnx"
