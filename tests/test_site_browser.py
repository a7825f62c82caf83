"""The episode page a real build wrote, in a real browser (headless Chromium), served by `serve`.

The sample article is built once per session with the real voice (`sample_site`). Its page
plays (muted), chapters and sentences seek, the highlighted sentence and word are the ones
being spoken, deep links start where they say, the controls work from the keyboard, nothing
is logged as an error, and axe-core finds no serious or critical accessibility problem. Time
is never measured on the wall clock: the page is polled until the audio gets where it should.
"""

from __future__ import annotations

import json

import pytest

from article2audio.serve import serve_folder
from browser import PageProblems
from sample_site import PageMarkup, TimedSpan

pytestmark = pytest.mark.e2e

POLL_MS = 60_000  # a generous limit for the audio to get somewhere, however busy the machine
TOLERANCE = 0.35  # seconds of audio the highlight may lag behind a frame

AUDIO = "document.getElementById('audio')"


@pytest.fixture(scope="module")
def site(sample_site):
    with serve_folder(sample_site.folder, port=0).start_in_thread() as server:
        yield server.url, sample_site


@pytest.fixture(scope="module")
def spans(site) -> list[TimedSpan]:
    _, sample = site
    return PageMarkup(sample.file(".html").read_text()).sentences


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    tab.problems = PageProblems(tab)
    yield tab
    tab.close()


def open_episode(page, site, fragment: str = "", base: str | None = None) -> None:
    url, sample = site
    page.goto(f"{base or url}{sample.slug}.html{fragment}")
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
      words: words.map(w => [+w.dataset.start, +w.dataset.end, current.includes(w.closest('.s')),
                             w.textContent])});
    if (window.samples.length < 100000) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}"""


def test_the_spoken_sentence_and_word_are_highlighted_while_it_plays(page, site, spans):
    _, sample = site
    words = sample.words()
    open_episode(page, site)
    page.select_option("#speed", "2")
    page.evaluate(RECORDER)
    page.click("#play")
    wait_until_audio_at(page, spans[6].end)  # the title, the heading and five sentences
    page.click("#play")  # pause
    samples = page.evaluate("window.samples")
    seen, words_seen = set(), set()
    for sample_at in samples:
        t = sample_at["t"]
        assert len(sample_at["current"]) <= 1, sample_at
        if sample_at["current"]:
            start, end = sample_at["current"][0]
            assert start - TOLERANCE <= t < end + TOLERANCE, sample_at
            seen.add(start)
        else:  # nothing highlighted: only in a pause between sentences (or a frame late)
            inside = [s for s in spans if s.start + TOLERANCE < t < s.end - TOLERANCE]
            assert not inside, sample_at
        assert len(sample_at["words"]) <= 1, sample_at
        for word_start, word_end, in_current, text in sample_at["words"]:
            assert in_current and word_start - TOLERANCE <= t < word_end + TOLERANCE, sample_at
            words_seen.add((round(word_start, 2), text))
    assert {s.start for s in spans[:7]} <= seen
    # the words lit are the transcript's timed words (the page keeps hundredths of a second)
    assert len(words_seen) > 20
    for start, text in words_seen:
        assert any(w["body"] == text and abs(w["startTime"] - start) <= 0.011 for w in words), (
            start,
            text,
        )
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2
    assert page.problems.messages == []


def test_third_chapter_click_seeks_to_its_start_and_plays(page, site):
    _, sample = site
    third = sample.chapters()[2]
    open_episode(page, site)
    link = page.locator(".chapters a").nth(2)
    assert link.get_attribute("href") == f"#t={third['startTime']:g}"
    link.click()
    page.wait_for_function("window.seeks.length > 0", timeout=POLL_MS)
    assert page.evaluate("window.seeks")[0] == pytest.approx(third["startTime"], abs=0.001)
    wait_until_audio_at(page, third["startTime"] + 0.6)
    assert page.evaluate(f"{AUDIO}.paused") is False
    assert page.evaluate("location.hash") == f"#t={third['startTime']:g}"
    now = current_sentence(page)  # the chapter's spoken heading, 0.3 s after the mark
    assert now["count"] == 1 and now["start"] >= third["startTime"]
    assert now["text"] == third["title"]
    assert page.locator(".chapters a.on").get_attribute("href") == link.get_attribute("href")
    assert page.problems.messages == []


def test_clicking_a_sentence_plays_from_there(page, site, spans):
    target = spans[12]
    open_episode(page, site)
    page.locator(f'.s[data-start="{target.start:g}"] .w').first.click()  # its first word
    page.wait_for_function("window.seeks.length > 0", timeout=POLL_MS)
    assert page.evaluate("window.seeks")[0] == pytest.approx(target.start, abs=0.001)
    wait_until_audio_at(page, target.start + 0.2)
    assert current_sentence(page)["text"] == target.text
    assert page.problems.messages == []


def test_deep_link_starts_there_and_shows_the_sentence(page, site, spans):
    target = next(s for s in spans if s.start > 300)
    open_episode(page, site, f"#t={target.start:g}")
    page.wait_for_function(
        f"Math.abs({AUDIO}.currentTime - {target.start}) < 0.001", timeout=POLL_MS
    )
    seekable_to = page.evaluate(f"{AUDIO}.seekable.length && {AUDIO}.seekable.end(0)")
    assert seekable_to > 600  # byte ranges: the whole file is seekable (http.server gives 0)
    now = current_sentence(page)
    assert (now["count"], now["start"], now["text"]) == (1, target.start, target.text)
    page.wait_for_function(  # scrolled into view (smoothly)
        """() => { const r = document.querySelector('[aria-current="true"]').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight; }""",
        timeout=POLL_MS,
    )
    page.evaluate(f"{AUDIO}.play()")
    assert wait_until_audio_at(page, target.start + 0.01) >= target.start
    page.evaluate("location.hash = '#t=1:12'")  # M:SS works too, and a changed hash seeks
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 72) < 0.5", timeout=POLL_MS)
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


def test_every_control_works_from_the_keyboard(page, site, spans):
    _, sample = site
    third = sample.chapters()[2]["startTime"]
    open_episode(page, site)
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
    focus_by_tab(page, f"e.getAttribute('href') === '#t={third:g}'")
    assert outline_shown(page)
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(window.seeks[window.seeks.length - 1] - {third}) < 0.001", timeout=POLL_MS
    )
    page.evaluate(f"{AUDIO}.pause()")
    focus_by_tab(page, "e.classList.contains('s')")
    assert outline_shown(page)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("+document.activeElement.dataset.start")
    following = [s.start for s in spans if s.start > third][:3]
    assert focused in following
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(window.seeks[window.seeks.length - 1] - {focused}) < 0.001", timeout=POLL_MS
    )
    assert page.problems.messages == []


def test_works_from_a_file_url(page, site, spans):
    _, sample = site
    target = spans[3]
    open_episode(page, site, f"#t={target.start:g}", base=sample.folder.as_uri() + "/")
    page.wait_for_function(
        f"Math.abs({AUDIO}.currentTime - {target.start}) < 0.001", timeout=POLL_MS
    )
    page.evaluate(f"{AUDIO}.play()")
    wait_until_audio_at(page, target.start + 0.2)
    assert current_sentence(page)["start"] == target.start
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # site.css applied
    assert page.evaluate("getComputedStyle(document.querySelector('.player')).position") == "sticky"
    assert page.problems.messages == []


def test_show_page_lists_the_episode_and_opens_it(page, site):
    url, sample = site
    page.goto(url)
    link = page.locator(".episodes h3 a")
    assert link.count() == 1 and link.inner_text() == sample.result["title"]
    assert page.locator(".episodes details li").count() == len(sample.chapters())
    link.click()
    page.wait_for_function(f"{AUDIO} && {AUDIO}.readyState >= 1", timeout=POLL_MS)
    assert page.url.endswith(f"{sample.slug}.html")
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
def test_axe_finds_no_serious_problem(page, site, spans, scheme):
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    url, _ = site
    page.emulate_media(color_scheme=scheme)
    inside = spans[4].start + (spans[4].end - spans[4].start) / 2
    open_episode(page, site, f"#t={inside:.2f}")  # a sentence and a word highlighted
    page.wait_for_function("document.querySelector('.w.on')", timeout=POLL_MS)
    assert serious_violations(page) == []
    page.goto(url)
    assert serious_violations(page) == []
    assert page.problems.messages == []
