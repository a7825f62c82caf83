"""Inline code, paths, file names and e-mail addresses: a speakable form, never symbol by symbol.

Readers keep an inline code span in backticks ("edit `~/.config/app.toml` and run `make`").
The rules:

- a span that reads as words is said as a developer says it: dots in names as "dot",
  underscores as spaces, a flag's dashes as "dash" (`--dry-run`), camelCase as words
  (`useRouteData()` -> use Route Data), "::" as a space, a path by its last part;
- versions and pins in a span: `1.8.0`, `v2.3.1-rc.1`, `numpy==2.0.1` (version ...),
  `pkg>=1.2` (at least ...), `react@18.3.1` and caret ranges `quill-router@^5.1.0`, tags
  `nginx:1.27`, a version glued to a name (`pypy3.10` -> pypy three point ten, `cpython-3.1`), a
  name and its tag (`uv:trixie`: the colon not said); a number, a measure (`(97.966µs)`) or an
  IP address is left to the number and unit rules;
- words of code with a spoken name: `stderr` (standard error), `stdout`, `stdin`; a part in
  capitals of a "::" path or a SCREAMING_SNAKE name that reads as a word, as a word (`u64::MAX`
  -> u64 max, `ETCDCTL_API` -> etcdctl API);
- `&&` and `||` between commands are "and" and "or"; a shell prompt or comment mark is dropped;
- a span full of symbols (a query, an expression) becomes a short note, "a code example"
  or "a command example" (without its "a" after an article);
- outside spans: paths and file names by their shape, e-mail addresses, `.NET`, `Node.js`,
  keyboard shortcuts (Ctrl+Shift+P), hex literals and commit hashes spelled, cloud instance
  types, `foo()` and snake_case names as words. The backticks are gone in every case.
"""

from __future__ import annotations

import re

from ..numbers import DIGIT_WORDS as DIGITS
from .abbreviations import shouted_word
from .numbers import spoken_version, version_words

NOTE = "a code example"
NOTE_COMMAND = "a command example"
OPERATOR_NAMES = {
    "&&": "double ampersand",
    "||": "double pipe",
    "|": "pipe",
    "&": "ampersand",
    "==": "double equals",
    "===": "triple equals",
    "!=": "not equals",
    "->": "arrow",
    "=>": "fat arrow",
    "*": "star",
    "**": "double star",
    "~": "tilde",
    "/": "slash",
    "\\": "backslash",
    "#": "hash",
    "@": "at",
    "$": "dollar",
    "%": "percent",
    ":=": "walrus",
    "-": "minus",
    "+": "plus",
    ",": "comma",
    ".": "dot",
}
_SPAN = re.compile(r"`+([^`]+?)`+")
_ARTICLE_BEFORE = re.compile(
    r"\b(?:an?|the|this|that|each|every|one)\s(?:[a-z]+\s){0,2}$", re.IGNORECASE
)  # "a `...` query", "the new `...` type"
_EXTENSIONS = (
    "toml|json|jsonl|ya?ml|md|rst|txt|py|pyi|ipynb|js|mjs|cjs|ts|tsx|jsx|sh|bash|zsh|fish|cfg|ini"
    "|conf|lock|csv|tsv|html?|css|scss|xml|rs|go|c|h|cc|cpp|hpp|java|kt|rb|php|swift|sql|env"
    "|log|pdf|png|jpe?g|gif|svg|webp|mp3|mp4|wav|zip|tar|gz|tgz|whl|exe|dll|so|dylib|deb|rpm"
    "|dmg|iso|bin|onnx|pt|pkl|parquet|db|sqlite|vue|svelte|lua|pl|r|jl|dart|scala|tf|dockerfile"
)
_FILE_NAME = rf"[\w-]+(?:\.[\w-]+)*\.(?:{_EXTENSIONS})"
_PATH = re.compile(
    rf"""(?<![\w/.])(?:~|\.{{1,2}})?(?:/[\w.@+-]+){{2,}}/?(?![\w/])"""  # ~/x/y, /etc/x/y, ./a/b
    rf"""|(?<![\w/.])~/[\w.@+-]+(?![\w/])"""  # ~/.bashrc
    rf"""|(?<![\w/.])[A-Za-z]:\\[\w\\. -]*[\w]"""  # C:\Users\x
    rf"""|(?<![\w/.@-])(?:[\w-]+/)+{_FILE_NAME}\b"""  # src/app/main.py
)
_FILE = re.compile(
    rf"(?<![\w/.@-])(?:(?=[\w-]{{2}}){_FILE_NAME}|\.(?:[a-z][\w-]*rc|gitignore|env|dockerignore"
    rf"|editorconfig|gitattributes|npmrc|[a-z]{{2,4}}))\b(?![\w/-])"
)
_ENV_VAR = re.compile(r"\$\{?([A-Z][A-Z0-9_]*)\}?")
_KEYS = {"Ctrl": "Control", "Cmd": "Command", "Alt": "Alt", "Shift": "Shift", "Opt": "Option",
         "Option": "Option", "Command": "Command", "Control": "Control", "Win": "Windows",
         "Fn": "Function", "Super": "Super", "Esc": "Escape", "Del": "Delete", "Tab": "Tab"}  # fmt: skip
_KEY_NAMES = "|".join(_KEYS)
_SHORTCUT = re.compile(
    rf"\b(?i:{_KEY_NAMES})(?:\+(?:(?i:{_KEY_NAMES})|\w+)|-(?:(?i:{_KEY_NAMES})\b|[a-zA-Z]\b|[,.*#/\]\[]))+"
)
_DOT_NET = re.compile(r"(?<![\w.])\.NET\b")
_HEX = re.compile(r"\b0x([0-9A-Fa-f]+)\b")  # 0x40 -> hex four zero
_HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b")  # a commit: 379f52a
# A cloud instance type: c6i.4xlarge -> c6i 4 x large (the digits said by the number rules).
_INSTANCE = re.compile(r"\b([a-z]+\d+[a-z]*)\.(\d*)(x?)(large|medium|small|micro|nano|metal)\b")
_DOT_JS = re.compile(r"\b([A-Z][A-Za-z0-9]*)\.js\b")  # Node.js, Vue.js: the library, no "dot"
_PROMPT = re.compile(r"^(?:[$%>]\s+|//\s*@?|#\s+)")  # a shell prompt or a comment mark
_EMAIL = re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
_CALL = re.compile(r"\b([A-Za-z_][\w.]*)\(\)")
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\b")  # --hyperlink in prose
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
_WORDY_SPAN = re.compile(r"^[\w\s.,:/@+#~'=*|$^%-]+$")
_SPAN_SYMBOLS = (("|", " piped to "), (" = ", " equals "), ("*", " star "))
_OPERATORS = (
    ("&&", " and "),
    ("||", " or "),
    ("==", " equals "),
    ("!=", " not equal to "),
    ("=>", " arrow "),
    ("->", " arrow "),
)


_SPAN_OR_SPAN = re.compile(r"(`+[^`]+`+)\s?/\s?(?=`)")  # `--exit-code`/`-e`
_PIN = re.compile(r"^([A-Za-z][\w.-]*)?(==|>=|<=|~=|!=|<|>)(v?\d[\w.+-]*)$")  # numpy==2.0.1
# react@18.3.1, quill-router@^5.1.0 (a caret or tilde range said as its version), nginx:1.27
_TAGGED = re.compile(r"^(@?[A-Za-z][\w./-]*)[@:][\^~]?(v?\d+(?:\.\d+)+)(?:-[a-z]+)?$")
_NUMBER_OR_ADDRESS = re.compile(r"\d+(?:\.\d+)?|\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?(?::\d{2,5})?")
_CALL_MARKS = re.compile(r"(?<=\w)\(\)")  # useRouteData(): the function, by its name
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # useRouteData -> use Route Data
_CAMEL_WORD = re.compile(
    r"[a-z]{2,}[A-Z][A-Za-z]*|[A-Z][a-z]+(?:[A-Z][a-z]+)+[A-Z]*"
)  # or PascalCase
# A name with its version glued on: `python3.10`, `alpine3.22`, `cpython-3.1`.
_NAME_VERSION = re.compile(r"^([A-Za-z]+?)-?(\d+(?:\.\d+)+)([a-z]?)$")  # `python3.13t` too
# An image or a key with its tag: `uv:trixie`, `uv:alpine3.22` (the colon is not said).
_NAME_TAG = re.compile(r"^([A-Za-z][\w.-]*):([A-Za-z][\w.-]*)$")
# A measure in a log line, in brackets or not: `took too long (97.966µs)`, `in 10ms`.
_PAREN_MEASURE = re.compile(r"\((\d+(?:\.\d+)?[A-Za-zµμ]{1,3})\)")
_MEASURE_WORD = re.compile(r"\d+(?:\.\d+)?[A-Za-zµμ]{1,3}")
# A duration in a setting, Go and Prometheus style: `15d`, `2h`, `30s` (not `5m`: megabytes
# to Docker, minutes to Go).
_CODE_DURATION = re.compile(r"(\d+)(ms|s|h|d|w|y)")
_DURATIONS = {"ms": "millisecond", "s": "second", "h": "hour", "d": "day", "w": "week", "y": "year"}
# Words of code that have a spoken name.
CODE_WORDS = {"stderr": "standard error", "stdout": "standard out", "stdin": "standard in"}
# An HTTP method and its route: `GET /items/{id}`, `POST /api/v1/alerts`.
_METHOD_ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[\w{}:./-]*)$")
# A flag set to a path (`--allow-fs-read=/tmp/*`), a quoted word (`"--flag=1"`), a call with
# one plain argument (`require(esm)`, `has("fs.write")`).
_FLAG_PATH = re.compile(r"^(--?[a-z][\w-]*)=(/[\w./*-]*)$")
_QUOTED_WORD = re.compile(r"([\"'])([^\"'\s]+)\1")
_CALL_WITH_WORD = re.compile(r"^([A-Za-z_][\w.]*)\(([\w./:-]+)\)$")
# A part that makes a path a web route (said in full), and the route words that are spelled.
_ROUTE_PART = re.compile(r"api|v\d+|graphql|rest|\{\w+\}|:\w+")
_ROUTE_WORDS = {
    "*": "star",
    "**": "double star",
    "api": "A P I",
    "graphql": "graph Q L",
    "rpc": "R P C",
    "ui": "U I",
    "id": "I D",
}
_PIN_WORDS = {"==": "version", ">=": "at least", "<=": "at most", "~=": "compatible with",
              "!=": "not", "<": "below", ">": "above"}  # fmt: skip


def speak_code(text: str) -> str:
    """Say backticked spans, paths, file names and e-mail addresses the way a person would."""
    text = _SPAN_OR_SPAN.sub(r"\1 or ", text)
    text = _SPAN.sub(_span_in_text, text)
    text = _DOT_NET.sub("dot net", text)
    text = _DOT_JS.sub(r"\1 J S", text)
    text = _INSTANCE.sub(lambda m: " ".join(part for part in m.groups() if part), text)
    text = _HEX.sub(lambda m: "hex " + spelled(m.group(1)), text)
    text = _HASH.sub(lambda m: spelled(m.group(0)), text)
    text = _SHORTCUT.sub(_shortcut, text)
    text = _EMAIL.sub(_spoken_email, text)
    text = _PATH.sub(lambda m: path_words(m.group(0)), text)
    text = _FILE.sub(lambda m: _dotted(m.group(0)), text)
    text = _CALL.sub(lambda m: _identifier(m.group(1)), text)
    text = _SNAKE.sub(lambda m: _snake_words(m.group(0)), text)
    if "--" in text:
        text = _FLAG.sub(lambda m: "dash dash " + m.group(1).replace("-", " "), text)
    for operator, words in _OPERATORS:
        text = text.replace(f" {operator} ", words)
    return text


def _camel_words(name: str) -> str:
    """camelCase and PascalCase names as words: stripTypeScriptTypes -> strip Type Script
    Types, InternalWorker -> Internal Worker (each part of a dotted name on its own)."""
    return _CAMEL.sub(" ", name) if _CAMEL_WORD.fullmatch(name) else name


def _snake_words(name: str) -> str:
    """snake_case -> snake case; NO_COLOR -> no color, LS_COLORS -> LS colors (a part in
    capitals that reads as a word is a word, others stay an acronym)."""
    if not name.isupper():
        return name.replace("_", " ")
    return " ".join(shouted_word(part) or part.lower() for part in name.split("_") if part)


def spelled(characters: str) -> str:
    """ "379f52a" -> "three seven nine F five two A": each character on its own."""
    return " ".join(DIGITS[int(ch)] if ch.isdigit() else ch.upper() for ch in characters)


def _shortcut(match: re.Match[str]) -> str:
    """Ctrl+Shift+P -> Control Shift P, ctrl-x -> Control X (the joining sign is not said)."""
    keys = re.split(r"[+-](?=.)", match.group(0))
    return " ".join(
        _KEYS.get(key.capitalize(), OPERATOR_NAMES.get(key, key.upper())) for key in keys
    )


def _span_in_text(match: re.Match[str]) -> str:
    """A span in its sentence: after "a" or "the", a note drops its own article ("the
    `--flag` option" is fine, "a `SELECT ...` query" -> "a command example query")."""
    said = _span(match.group(1))
    if said in (NOTE, NOTE_COMMAND) and _ARTICLE_BEFORE.search(match.string, 0, match.start()):
        return said.removeprefix("a ")
    return said


def _span(code: str) -> str:
    """One inline code span: its speakable form, or a short note when it is mostly symbols."""
    code = code.strip().rstrip("/") if len(code.strip()) > 1 else code.strip()
    if code in OPERATOR_NAMES:
        return OPERATOR_NAMES[code]
    if "://" in code:
        return NOTE_COMMAND if " " in code else NOTE
    if not code:
        return ""
    if _PATH.fullmatch(code):
        return path_words(code)
    code = _PROMPT.sub("", code)
    code = _ENV_VAR.sub(lambda m: m.group(1).lower().replace("_", " "), code)
    code = _CALL_MARKS.sub("", code)
    for operator, joint in _OPERATORS[:2]:  # "npx quill doctor && npm test"
        code = code.replace(f" {operator} ", joint)
    code = _PAREN_MEASURE.sub(r"\1", code)  # the unit rules say it
    if _PIN.match(code):  # "pkg>=1.2.9"
        return _code_word(code)
    route = _METHOD_ROUTE.match(code)
    if route:  # "GET /items/{id}": the method, then the route in full
        return f"{route.group(1)} {route_words(route.group(2))}"
    flag = _FLAG_PATH.match(code)
    if flag:  # `--allow-fs-read=/tmp/*`: the flag, then its path in full
        return f"{_code_word(flag.group(1))} equals {route_words(flag.group(2))}"
    code = _QUOTED_WORD.sub(r"\2", code)  # NODE_OPTIONS="--max-old-space-size=8192"
    call = _CALL_WITH_WORD.match(code)
    if call:  # `require(esm)`, `permission.has("fs.write")`: the function, then its argument
        return f"{_code_word(call.group(1))} {_code_word(call.group(2))}"
    # a "::" of a path (std::io::IsTerminal) is one mark, like a dot
    symbols = sum(
        not (ch.isalnum() or ch.isspace() or ch in "._-") for ch in code.replace("::", ".")
    )
    words = code.split()
    if not _WORDY_SPAN.match(code) or len(words) > 8 or symbols > max(2, len(code) // 8):
        return NOTE_COMMAND if " " in code else NOTE
    for symbol, said in _SPAN_SYMBOLS:
        code = code.replace(symbol, said)
    return " ".join(_code_word(word) for word in code.split())


def _code_word(word: str) -> str:
    """One word of code: flags' dashes said, dots and slashes in names as "dot" and "slash"."""
    duration = _CODE_DURATION.fullmatch(word)
    if duration:  # `retention.time=15d` -> fifteen days (the number rules say the digits)
        count, unit = duration.groups()
        return f"{count} {_DURATIONS[unit]}{'' if count == '1' else 's'}"
    if _NUMBER_OR_ADDRESS.fullmatch(word) or _MEASURE_WORD.fullmatch(word):
        return word  # a number, a measure or an IP address: the number rules say it
    version = spoken_version(word.lstrip("^~"))
    if version is not None:
        return version
    pin = _PIN.match(word)
    if pin:
        name, relation, version_text = pin.groups()
        plain = re.fullmatch(r"\d+(?:\.\d+)+", version_text)
        said = version_words(version_text) if plain else _code_word(version_text)
        return f"{_code_word(name) + ' ' if name else ''}{_PIN_WORDS[relation]} {said}"
    tagged = _TAGGED.match(word)
    if tagged:  # react@18.3.1, nginx:1.27-alpine
        name, tag = tagged.groups()
        return f"{_code_word(name)} version {version_words(tag.lstrip('v'))}"
    if "=" in word.strip("="):  # max_tokens=4096
        return " equals ".join(_code_word(part) for part in word.split("=") if part)
    if word.lower() in CODE_WORDS:
        return CODE_WORDS[word.lower()]
    glued = _NAME_VERSION.match(word)
    if glued:  # pypy3.10 -> pypy three point ten
        name, version, suffix = glued.groups()
        return f"{_code_word(name)} {version_words(version)}{' ' + suffix if suffix else ''}"
    tagged_name = _NAME_TAG.match(word)
    if tagged_name:
        return " ".join(_code_word(part) for part in tagged_name.groups())
    flag = re.match(r"^(-{1,2})(?=\w)", word)
    prefix = ("dash dash " if flag.group(1) == "--" else "dash ") if flag else ""
    word = word[flag.end() :] if flag else word
    if _PATH.fullmatch(word):
        return prefix + path_words(word)
    word = _CALL.sub(r"\1", word)
    if "::" in word:  # Config::load() -> Config load, u64::MAX -> u64 max
        word = " ".join(_snake_words(part) for part in word.split("::"))
    word = " ".join(".".join(map(_camel_words, part.split("."))) for part in word.split(" "))
    if _SNAKE.fullmatch(word):  # ETCDCTL_API -> etcdctl API
        word = _snake_words(word)
    word = word.replace("_", " ").replace("/", " slash ").replace("-", " ")
    return prefix + _dotted(word)


def _dotted(name: str) -> str:
    """app.toml -> app dot toml; .gitignore -> dot gitignore; a part with no vowel is spelled
    (.jq -> dot j q, Node.js -> Node dot j s)."""
    name = re.sub(r"(?<=\w)\.(?=\w)", " dot ", name)
    name = re.sub(r"(?<![\w])\.(?=\w)", "dot ", name)
    return re.sub(r"\b[b-df-hj-np-tv-xz]{2,4}\b", lambda m: " ".join(m.group(0)), name)


def _identifier(name: str) -> str:
    """A function name said as words (os.path.join -> os path join, snake_case -> snake case)."""
    return name.replace("_", " ").replace(".", " ").strip()


def path_words(path: str) -> str:
    """A path said by its last part: ~/.config/app.toml -> app dot toml; /usr/local/bin -> bin;
    a web API's route in full: /api/v1/rules -> slash A P I slash v1 slash rules."""
    parts = [
        part for part in re.split(r"[/\\]", path.rstrip("/\\")) if part not in ("", "~", ".", "..")
    ]
    if path.startswith("/") and any(_ROUTE_PART.fullmatch(part) for part in parts):
        return route_words(path)
    last = parts[-1] if parts else path
    if re.match(r"^[A-Za-z]:$", last):
        last = last[0]
    return _dotted(last.replace("_", " "))


def route_words(path: str) -> str:
    """A web route in full: /api/v1/rules -> slash A P I slash v1 slash rules."""
    parts = [part for part in path.split("/") if part]
    return " ".join(f"slash {_route_word(part)}" for part in parts) or "slash"


def _route_word(part: str) -> str:
    """One part of a web route: api -> A P I, {id} -> id."""
    return _ROUTE_WORDS.get(part, _dotted(part.strip("{}:")))


def _spoken_email(match: re.Match[str]) -> str:
    """jane.doe@example.com -> jane dot doe at example dot com."""
    user, domain = match.group(1), match.group(2)
    return f"{user.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"
