"""The episode page in a real browser (headless Chromium), served by `serve`.

It plays (muted), chapters and sentences seek, the highlighted sentence is the one being
spoken, deep links start where they say, the controls work from the keyboard, nothing is
logged as an error, and axe-core finds no serious or critical accessibility problem. Time is
never measured on the wall clock: the page is polled until the audio gets where it should.
"""

from __future__ import annotations

import json

import pytest

from article2audio.serve import serve_folder
from browser import PageProblems, browser  # noqa: F401 - the session's browser fixture
from site_pages import SLUG, publish_site, timed_sentences

POLL_MS = 60_000  # a generous limit for the audio to get somewhere, however busy the machine
TOLERANCE = 0.35  # seconds of audio the highlight may lag behind a frame

AUDIO = "document.getElementById('audio')"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    folder = publish_site(tmp_path_factory.mktemp("site") / "pub")
    with serve_folder(folder, port=0).start_in_thread() as server:
        yield server.url, folder


@pytest.fixture
def page(browser):  # noqa: F811 - the fixture imported above
    tab = browser.new_page()
    tab.problems = PageProblems(tab)
    yield tab
    tab.close()


def open_episode(page, url: str, fragment: str = "") -> None:
    page.goto(f"{url}{SLUG}.html{fragment}")
    page.wait_for_function(f"{AUDIO}.readyState >= 1", timeout=POLL_MS)
    page.evaluate(
        f"""() => {{ const a = {AUDIO}; a.muted = true; window.seeks = [];
        a.addEventListener('seeking', () => window.seeks.push(a.currentTime)); }}"""
    )


def wait_until_audio_at(page, seconds: float) -> float:
    handle = page.wait_for_function(
        f"() => {AUDIO}.currentTime >= {seconds} && {AUDIO}.currentTime", timeout=POLL_MS
    )
    return handle.json_value()


def current_sentence(page) -> dict:
    return page.evaluate(
        """() => { const all = document.querySelectorAll('[aria-current="true"]');
        const el = all[0];
        return {count: all.length, start: el ? +el.dataset.start : null,
                end: el ? +el.dataset.end : null, text: el ? el.textContent : null}; }"""
    )


RECORDER = """() => {
  const a = document.getElementById('audio');
  window.samples = [];
  const sample = () => {
    const t = a.currentTime;
    const current = [...document.querySelectorAll('[aria-current="true"]')];
    const words = [...document.querySelectorAll('.w.on')];
    window.samples.push({t, paused: a.paused,
      current: current.map(e => [+e.dataset.start, +e.dataset.end]),
      words: words.map(w => [+w.dataset.start, +w.dataset.end, current.includes(w.closest('.s'))])});
    if (window.samples.length < 100000) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}"""


def test_highlight_follows_the_audio_while_it_plays(page, site_url):
    url, _ = site_url
    _, sentences = timed_sentences()
    spans = [(s.start, s.end) for s in sentences]
    open_episode(page, url)
    page.select_option("#speed", "2")
    page.evaluate(RECORDER)
    page.click("#play")
    wait_until_audio_at(page, sentences[6].end)  # the heading and five sentences
    page.click("#play")  # pause
    samples = page.evaluate("window.samples")
    seen = set()
    for sample in samples:
        t = sample["t"]
        assert len(sample["current"]) <= 1, sample
        if sample["current"]:
            start, end = sample["current"][0]
            assert start - TOLERANCE <= t < end + TOLERANCE, sample
            seen.add(start)
        else:  # nothing highlighted: only in a pause between sentences (or a frame late)
            inside = [s for s, e in spans if s + TOLERANCE < t < e - TOLERANCE]
            assert not inside, sample
        for word_start, word_end, in_current in sample["words"]:
            assert in_current and word_start - TOLERANCE <= t < word_end + TOLERANCE, sample
    assert {s for s, _ in spans[:7]} <= seen
    assert any(sample["words"] for sample in samples)
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2
    assert page.problems.messages == []


def test_third_chapter_click_seeks_to_its_start_and_plays(page, site_url):
    url, _ = site_url
    chapters, _ = timed_sentences()
    open_episode(page, url)
    third = page.locator(".chapters a").nth(2)
    assert third.get_attribute("href") == f"#t={chapters[2].start:g}"
    third.click()
    page.wait_for_function("window.seeks.length > 0", timeout=POLL_MS)
    assert page.evaluate("window.seeks")[0] == pytest.approx(chapters[2].start, abs=0.001)
    wait_until_audio_at(page, chapters[2].start + 0.5)
    assert page.evaluate(f"{AUDIO}.paused") is False
    assert page.evaluate("location.hash") == f"#t={chapters[2].start:g}"
    now = current_sentence(page)
    assert now["count"] == 1 and now["start"] >= chapters[2].start
    assert page.locator(".chapters a.on").get_attribute("href") == third.get_attribute("href")
    assert page.problems.messages == []


def test_clicking_a_sentence_plays_from_there(page, site_url):
    url, _ = site_url
    _, sentences = timed_sentences()
    target = sentences[9]
    open_episode(page, url)
    page.locator(f'.s[data-start="{target.start:g}"]').click(position={"x": 2, "y": 2})
    page.wait_for_function("window.seeks.length > 0", timeout=POLL_MS)
    assert page.evaluate("window.seeks")[0] == pytest.approx(target.start, abs=0.001)
    wait_until_audio_at(page, target.start + 0.2)
    assert current_sentence(page)["text"] == target.text
    assert page.problems.messages == []


def test_deep_link_starts_there_and_shows_the_sentence(page, site_url):
    url, _ = site_url
    _, sentences = timed_sentences()
    target = next(s for s in sentences if s.start == 30)
    open_episode(page, url, "#t=30")
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 30) < 0.001", timeout=POLL_MS)
    seekable_to = page.evaluate(f"{AUDIO}.seekable.length && {AUDIO}.seekable.end(0)")
    assert seekable_to > 45  # byte ranges: the whole file is seekable (http.server gives 0)
    now = current_sentence(page)
    assert (now["count"], now["start"], now["text"]) == (1, 30, target.text)
    page.wait_for_function(  # scrolled into view (smoothly)
        """() => { const r = document.querySelector('[aria-current="true"]').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight; }""",
        timeout=POLL_MS,
    )
    page.evaluate(f"{AUDIO}.play()")
    first = wait_until_audio_at(page, 30.01)
    assert first >= 30
    page.evaluate("location.hash = '#t=0:12'")  # M:SS works too, and a changed hash seeks
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 12) < 0.5", timeout=POLL_MS)
    assert page.problems.messages == []


def focus_by_tab(page, test: str, limit: int = 60) -> None:
    """Press Tab until `test` (a JS expression on document.activeElement `e`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def outline_shown(page) -> bool:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
    )


def test_every_control_works_from_the_keyboard(page, site_url):
    url, _ = site_url
    chapters, sentences = timed_sentences()
    open_episode(page, url)
    focus_by_tab(page, "e.id === 'play'")
    assert outline_shown(page)
    page.keyboard.press("Enter")
    page.wait_for_function(f"!{AUDIO}.paused", timeout=POLL_MS)
    assert page.locator("#play").inner_text() == "Pause"
    page.keyboard.press("Enter")
    page.wait_for_function(f"{AUDIO}.paused", timeout=POLL_MS)
    before = page.evaluate(f"{AUDIO}.currentTime")
    focus_by_tab(page, "e.dataset.skip === '15'")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{AUDIO}.currentTime") == pytest.approx(before + 15, abs=0.01)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert page.evaluate(f"{AUDIO}.currentTime") == pytest.approx(before, abs=0.01)
    focus_by_tab(page, "e.id === 'speed'")
    page.keyboard.press("Home")  # the speed is remembered between pages: start from 0.75
    assert page.evaluate(f"{AUDIO}.playbackRate") == 0.75
    page.keyboard.press("ArrowDown")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1
    focus_by_tab(page, "e.hasAttribute('download')")
    focus_by_tab(page, f"e.getAttribute('href') === '#t={chapters[2].start:g}'")
    assert outline_shown(page)
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(window.seeks[window.seeks.length - 1] - {chapters[2].start}) < 0.001",
        timeout=POLL_MS,
    )
    page.evaluate(f"{AUDIO}.pause()")
    focus_by_tab(page, "e.classList.contains('s')")
    assert outline_shown(page)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("+document.activeElement.dataset.start")
    following = [s.start for s in sentences if s.start > chapters[2].start][:3]
    assert focused in following
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(window.seeks[window.seeks.length - 1] - {focused}) < 0.001", timeout=POLL_MS
    )
    assert page.problems.messages == []


def test_works_from_a_file_url(page, site_url):
    _, folder = site_url
    open_episode(page, folder.as_uri() + "/", "#t=12")
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 12) < 0.001", timeout=POLL_MS)
    page.evaluate(f"{AUDIO}.play()")
    wait_until_audio_at(page, 12.2)
    assert current_sentence(page)["start"] == 12
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # site.css applied
    assert page.evaluate("getComputedStyle(document.querySelector('.player')).position") == "sticky"
    assert page.problems.messages == []


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    print(json.dumps([(v["id"], v["impact"], len(v["nodes"])) for v in violations]))
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem(page, site_url, scheme):
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    url, _ = site_url
    page.emulate_media(color_scheme=scheme)
    open_episode(page, url, "#t=3.5")  # a sentence and a word highlighted
    page.wait_for_function("document.querySelector('.w.on')", timeout=POLL_MS)
    assert serious_violations(page) == []
    page.goto(url)
    assert serious_violations(page) == []
    assert page.problems.messages == []
