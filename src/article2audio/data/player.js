/* article2audio episode page: player buttons, the spoken sentence (and word) highlighted,
   click or Enter on a sentence or chapter to play from there, #t=SECONDS deep links.
   No dependencies; works from any static host and from file://. */
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  if (!audio) return;
  var tr = document.getElementById("tr");
  var followButton = document.getElementById("follow");
  var sentences = tr ? Array.from(tr.querySelectorAll(".s")) : [];
  var chapterLinks = Array.from(document.querySelectorAll('.chapters a[href^="#t="]'));
  var chapterStarts = chapterLinks.map(function (a) { return parseTime(a.hash); });
  var reduceMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;
  var current = null, currentWord = null, currentChapter = null;
  var following = true, autoScrollAt = -1e9, tabStop = null;

  function num(el, name) { return parseFloat(el.getAttribute(name)); }
  function fmt(t) { return String(Math.round(t * 1000) / 1000); }

  function parseTime(hash) {
    var m = /^#t=(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(hash || "");
    if (!m) return null;
    var parts = [m[1], m[2], m[3]].filter(function (p) { return p !== undefined; });
    return parts.reduce(function (total, p) { return total * 60 + parseFloat(p); }, 0);
  }

  /* data-w="0 31 52": word starts in hundredths after the sentence start -> word elements */
  function expandWords(el) {
    var offsets = (el.getAttribute("data-w") || "").split(" ").filter(Boolean);
    var tokens = el.textContent.trim().split(/\s+/);
    if (!offsets.length || offsets.length !== tokens.length) return;
    var start = num(el, "data-start"), end = num(el, "data-end");
    var starts = offsets.map(function (o) { return start + parseInt(o, 10) / 100; });
    el.textContent = "";
    tokens.forEach(function (token, i) {
      if (i) el.appendChild(document.createTextNode(" "));
      var word = document.createElement("span");
      word.className = "w";
      word.setAttribute("data-start", fmt(starts[i]));
      word.setAttribute("data-end", fmt(i + 1 < starts.length ? starts[i + 1] : end));
      word.textContent = token;
      el.appendChild(word);
    });
  }

  /* the index of the last element starting at or before t, or -1 */
  function lastStartingBy(starts, t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function spokenAt(elements, starts, t) {
    var i = lastStartingBy(starts, t);
    return i >= 0 && t < num(elements[i], "data-end") ? elements[i] : null;
  }

  sentences.forEach(expandWords);
  var sentenceStarts = sentences.map(function (el) { return num(el, "data-start"); });
  sentences.forEach(function (el) {
    el.words = Array.from(el.querySelectorAll(".w"));
    el.wordStarts = el.words.map(function (w) { return num(w, "data-start"); });
  });

  function setTabStop(el) {
    if (tabStop === el || !el) return;
    if (tabStop) tabStop.removeAttribute("tabindex");
    el.setAttribute("tabindex", "0");
    tabStop = el;
  }

  function visible(el) {
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  }

  /* in the middle of the window, clear of the sticky player */
  function comfortable(el) {
    var box = el.getBoundingClientRect();
    return box.top > innerHeight * 0.3 && box.bottom < innerHeight * 0.8;
  }

  function reveal(el) {
    autoScrollAt = performance.now();
    el.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }

  function showFollowButton() {
    if (followButton) followButton.hidden = following || !current || audio.paused;
  }

  function highlightChapter(t) {
    var i = lastStartingBy(chapterStarts, t);
    var link = i >= 0 ? chapterLinks[i] : null;
    if (link === currentChapter) return;
    if (currentChapter) currentChapter.classList.remove("on");
    if (link) link.classList.add("on");
    currentChapter = link;
  }

  function highlightWord(t) {
    var word = current && current.words.length ? spokenAt(current.words, current.wordStarts, t) : null;
    if (word === currentWord) return;
    if (currentWord) currentWord.classList.remove("on");
    if (word) word.classList.add("on");
    currentWord = word;
  }

  function update() {
    var t = audio.currentTime;
    var i = lastStartingBy(sentenceStarts, t);
    var el = i >= 0 && t < num(sentences[i], "data-end") ? sentences[i] : null;
    if (el !== current) {
      if (current) current.removeAttribute("aria-current");
      current = el;
      if (el) {
        el.setAttribute("aria-current", "true");
        if (following && !comfortable(el)) reveal(el);
      }
    }
    /* the transcript's tab stop: the sentence being spoken, else (in a pause) the next one */
    if (tr && !tr.contains(document.activeElement)) setTabStop(el || sentences[i + 1] || sentences[i]);
    highlightWord(t);
    highlightChapter(t);
    showFollowButton();
  }

  function tick() {
    update();
    if (!audio.paused) requestAnimationFrame(tick);
  }

  function play() {
    var started = audio.play();
    if (started && started.catch) started.catch(function () { /* the listener presses play */ });
  }

  function seek(t, andPlay, follow) {
    var go = function () {
      audio.currentTime = Math.max(0, Math.min(t, audio.duration || t));
      update();
    };
    if (audio.readyState >= 1) go(); else audio.addEventListener("loadedmetadata", go, { once: true });
    if (follow) following = true;
    if (andPlay) play();
  }

  /* player buttons: shown only when this script runs */
  var controls = document.querySelector(".controls");
  var playButton = document.getElementById("play");
  var speed = document.getElementById("speed");
  if (controls) controls.hidden = false;
  if (playButton) playButton.addEventListener("click", function () {
    if (audio.paused) play(); else audio.pause();
  });
  document.querySelectorAll("[data-skip]").forEach(function (button) {
    button.addEventListener("click", function () {
      seek(audio.currentTime + parseFloat(button.getAttribute("data-skip")), false, false);
    });
  });
  try {
    var saved = localStorage.getItem("article2audio-speed");
    if (saved && speed.querySelector('option[value="' + saved + '"]')) speed.value = saved;
  } catch (e) { /* no storage (file:// or private mode): keep 1x */ }
  function applySpeed() {
    audio.playbackRate = audio.defaultPlaybackRate = parseFloat(speed.value) || 1;
  }
  if (speed) {
    applySpeed();
    speed.addEventListener("change", function () {
      applySpeed();
      try { localStorage.setItem("article2audio-speed", speed.value); } catch (e) { /* none */ }
    });
    audio.addEventListener("loadedmetadata", applySpeed);
  }
  function playState() {
    if (playButton) playButton.textContent = audio.paused ? "Play" : "Pause";
    showFollowButton();
  }
  audio.addEventListener("play", function () { playState(); requestAnimationFrame(tick); });
  audio.addEventListener("pause", playState);
  ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) {
    audio.addEventListener(name, update);
  });

  /* chapters and sentences: play from there */
  chapterLinks.forEach(function (link, i) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      history.replaceState(null, "", link.hash);
      seek(chapterStarts[i], true, true);
    });
  });
  if (tr) {
    tr.addEventListener("click", function (event) {
      var el = event.target.closest(".s");
      if (!el || String(getSelection())) return; /* selecting text is not a seek */
      var word = event.target.closest(".w");
      seek(num(word || el, "data-start"), true, true);
    });
    tr.addEventListener("keydown", function (event) {
      var i = sentences.indexOf(event.target);
      if (i < 0) return;
      var moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
      var target = null;
      if (event.key in moves) target = sentences[i + moves[event.key]];
      else if (event.key === "Home") target = sentences[0];
      else if (event.key === "End") target = sentences[sentences.length - 1];
      else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        seek(num(event.target, "data-start"), true, true);
        return;
      } else return;
      event.preventDefault();
      if (target) { setTabStop(target); target.focus(); }
    });
    if (sentences.length) setTabStop(sentences[0]);
  }

  /* follow the spoken sentence until the listener scrolls it out of sight */
  addEventListener("scroll", function () {
    if (performance.now() - autoScrollAt < 1500 || !current) return;
    following = visible(current);
    showFollowButton();
  }, { passive: true });
  if (followButton) followButton.addEventListener("click", function () {
    following = true;
    if (current) reveal(current);
    showFollowButton();
  });

  /* deep links: page.html#t=SECONDS (also M:SS and H:MM:SS) */
  function fromHash() {
    var t = parseTime(location.hash);
    if (t !== null) seek(t, false, true);
  }
  addEventListener("hashchange", fromHash);
  fromHash();
  update();
})();
