"""Every number left after the other rules, in words, and the numbers that name things.

- Roman numerals: regnal after a name ("Charles III" -> Charles the Third), cardinal after a
  counting word in any case ("rule XXII", "Chapter IV"), WWII, heading numbers ("II. Methods");
- versions ("v2.3.1", "Python 3.12", "22.04" -> twenty-two point oh four, "3.20 or newer",
  "glibc >= 2.28"), IPv4/IPv6 addresses (with a port: "127.0.0.1:5173");
- identifiers: capitals and digit groups ("CVE-2024-3094", "F-35", "ISO 8601" in pairs; a
  plural "F-16s" -> F sixteens, never seconds),
  model numbers, HTTP status codes ("four oh four", "429 Too Many Requests"), ports, "#123",
  legal subsections ("101(a)(3)"), screen resolutions ("1080p", "4K");
- signs and forms: "~5", "10x", "50+", fractions ("3/4", "8 1/2", "½"), ordinals, scale
  suffixes ("300K users"), letters glued to digits split ("B3LYP");
- years: a four-digit number from 1100 to 2099 is a year ("in 1975" -> nineteen seventy-five)
  unless a plural noun follows ("1975 rows") or a word before says it counts ("page 2024");
- then every plain number (num2words), digits never left glued to a word.
"""

from __future__ import annotations

import re

from ..numbers import DIGIT_WORDS, GROUPED, cardinal, digits, number, ordinal, year
from .dates import DURATION_BEFORE
from .units import UNIT_NAMES

_ROMAN = r"(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
COUNTING_WORDS = (
    "Chapter|Part|Book|Volume|Act|Section|War|Phase|Stage|Round|Article|Scene|Canto|Type|Class"
    "|Category|Level|Grade|Tier|Title|Schedule|Annex|Appendix|Division|Series|Season|Episode"
    "|Mark|Vatican|Bowl|Amendment|Corps|Rocky|Apollo|Gemini|Saturn|Wars|Stage|Mk|Rule|Clause"
    "|Paragraph|Subsection|Subtitle|Subpart|Session|Chamber|Circuit|District|Region|Zone"
)
REGNAL_NAMES = (
    "Charles|Elizabeth|Henry|George|Edward|William|James|Louis|Philip|Felipe|Richard|John|Paul"
    "|Benedict|Pius|Leo|Gregory|Frederick|Peter|Catherine|Mary|Napoleon|Alexander|Nicholas|Ivan"
    "|Constantine|Juan Carlos|Carl|Gustaf|Harald|Olav|Haakon|Rama|Victor Emmanuel|Umberto"
    "|Wilhelm|Friedrich|Ludwig|Otto|Francis|Clement|Innocent|Urban|Boniface|Sixtus|Julius"
    "|Stephen|Robert|David|Malcolm|Alfonso|Ferdinand|Isabella|Manuel|Pedro|Sancho|Ramesses"
    "|Amenhotep|Thutmose|Ptolemy|Antiochus|Darius|Xerxes|Artaxerxes|Mohammed|Mehmed|Murad"
    "|Selim|Suleiman|Abdullah|Hussein|Faisal|Fahd|Salman|Willem|Margrethe|Beatrix|Juliana"
    "|Christian|Frederik|Albert|Baudouin|Leopold|Philippe|Rainier|Hans|Adam|Pepin|Lothair|Otto"
)
# Any case for the word: "Rule XXII", "rule XXII", "under title IX".
_ROMAN_AFTER_COUNTING = re.compile(rf"\b((?i:{COUNTING_WORDS}))\s({_ROMAN})\b")
_REGNAL = re.compile(
    rf"\b(?=\w+\s+[IVXLC]+\b)((?:(?:King|Queen|Pope|Emperor|Empress|Tsar|Czar|Sultan|Prince|Princess|Duke|Kaiser)"
    rf"\s[A-Z][a-z]+)|{REGNAL_NAMES})\s({_ROMAN})\b(?!-|\.\s[A-Z][a-z])"
)
_AFTER_NAME = re.compile(
    rf"\b([A-Z][a-z]{{2,}})\s((?=[IVXL]{{2,}}\b){_ROMAN}|V(?=\s[a-z]))\b(?!-|\.\s[A-Z][a-z])"
)
_ROMAN_PAIR = re.compile(r"\b(I{1,3}|IV|VI{0,3})-(I{1,3}|IV|VI{0,3})\b")
_ROMAN_HEADING = re.compile(rf"^({_ROMAN})(?:\.\s+(?=\S)|\s+(?=[A-Z][a-z])(?<=[IVXLC]{{2}}\s))")
_WORLD_WAR = re.compile(r"\bWW(I{1,2})\b")
_VERSION = re.compile(
    r"(?<![\w./])v(?:er\.?\s?)?(\d+(?:\.\d+)*(?:\.[xX])?)(?:-([a-z]+)\.?(\d+)?)?\b(?!\.\d)"
)
# A version in code: "1.8.0", "v2.3.1-rc.1", "1.X.Y" (a placeholder letter in place of a number).
_VERSION_TOKEN = re.compile(
    r"(v?)(\d+(?:\.(?:\d+|[xXyYzZ]))+)(?:[-.+]?(alpha|beta|rc|dev|post|pre|a|b)\.?(\d+)?)?"
)
PRE_RELEASES = {"rc": "release candidate", "a": "alpha", "b": "beta", "pre": "preview"}
_VERSION_AFTER = re.compile(
    r"\b(version|release|Python|PyPy|Node(?:\.js)?|Java|iOS|iPadOS|Android|Windows|macOS|Ubuntu|Debian"
    r"|Fedora|Rust|Go|PHP|Ruby|Perl|Kotlin|Swift|Linux|kernel|Firefox|Chrome|GPT|Llama|Gemini"
    r"|Claude|Django|Rails|React|Angular|Vue|TypeScript|Postgres|PostgreSQL|MySQL|Redis|Kubernetes"
    r"|Docker|HTTP|TLS|SSL|Bluetooth|USB|IPv|Unicode|OpenSSL|Qt|GTK|Emacs|Vim|Excel|Office|Xcode"
    r"|Gradle|Maven|npm|pip|Spring|Flutter|Dart|Elixir|Erlang|Haskell|Scala|Julia|Lua|Mistral"
    r"|CPython|GraalPy|MicroPython|Jython|Alpine|CentOS|RHEL|Deno|Bun|Electron|Terraform|Ansible"
    r"|Kafka|Spark|Elasticsearch|MongoDB|SQLite|Bash|GCC|Clang|LLVM|CUDA|glibc|etcd|Helm|Istio"
    r"|Prometheus|Grafana|Envoy|Nginx|NGINX|Traefik|Vault|Consul|Hugo|Nuxt|Svelte|Vite|Webpack"
    r"|ESLint|TensorFlow|PyTorch|NumPy|pandas|SciPy|Laravel|Zig|Chromium|Safari|FreeBSD|Git|GitLab"
    r"|Jenkins|MariaDB|DuckDB|ClickHouse|Tomcat|JUnit|pytest|Playwright|Ollama|OCaml|GNOME|KDE"
    r"|Blender|Godot|Bazel|CMake|Homebrew|Podman|containerd|Cilium|OpenSearch|Cassandra|RabbitMQ"
    r"|Linkerd|undici|libuv|V8|ICU|zlib|llhttp|nghttp2|nghttp3|simdutf|Thanos|Loki|Mimir|Cortex)"
    r"([\s-])(\d+(?:\.\d+)*\.(?:\d+|[xX]\b))\b(?!\.\d)"
)
# A two-part number between a name and a verb of a release: "Prometheus 2.51 adds ...".
_RELEASED_VERSION = re.compile(
    r"\b([A-Z][\w.+-]*[a-z][\w.+-]*\s)(\d+\.\d+)(?=\s(?:adds|added|ships|shipped|introduces"
    r"|introduced|brings|brought|fixes|fixed|includes|included|deprecates|deprecated|removes"
    r"|removed|drops|dropped|enables|enabled|improves|improved|lands|landed|arrives|arrived"
    r"|makes|made|changes|changed)\b)"
)
# A version glued to its name: "pypy3.11", "python3.12", "GPT4.5", "ARMv8.2".
_GLUED_VERSION = re.compile(r"\b([A-Za-z]{3,})(\d+(?:\.\d+)+)\b(?!\.\d)")
_DOTTED_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+){2,}|\d+(?:\.\d+)*\.[xX])"
    r"(?:-?(alpha|beta|rc|dev|pre|a|b)\.?(\d+)?)?(?!\w|\.\d)"
)  # "4.2.0", "2.x", "4.2.0-beta.3", "3.2.1rc2"
# A number with one dot is a version in a sentence about versions ("Python versions 3.9-3.12"
# -> three point nine to three point twelve) when nothing after it makes it a measure, and
# before "series", "branch" ... in any sentence ("the 1.19 series").
_ABOUT_VERSIONS = re.compile(
    r"\b(?:[Vv]ersions?|[Rr]eleases?|[Rr]eleased|[Uu]pgrade[sd]?|[Uu]pdate[sd]?|[Bb]ump(?:s|ed)?"
    r"|[Rr]equires?|[Dd]rop(?:s|ped)?|Python|PyPy|Node|Java|Go|Rust|PHP|Ruby|Kotlin|Swift|Ubuntu"
    r"|Debian|Fedora|macOS|iOS|Android|Windows|Firefox|Chrome"
    r"|(?:[Nn]ew|[Aa]dded|[Ii]ntroduced|[Dd]eprecated|[Rr]emoved)\s(?:in|since)(?=\s\d))\b"
)
_AFTER_A_VERSION = (
    r"(?=\s*(?:$|[,.;:)!?<>]|[-–]\s?\d|(?:to|and|or|through|series|releases?|branch|line|versions?"
    r"|is|was|are|were|will|has|had|in|on|with|for|of|and|or|now|also|too|only|onwards?|or later"
    r"|or newer|support|compatibility|users|builds|wheels|images|packages)\b))"
)
# ... or, before any word, a number that no unit, scale or percent makes a measure ("before
# 1.28 reaches end of life"; "by 3.5 times", "2.25 seconds" are measures).
_NOT_A_MEASURE = (
    r"(?=\s[a-z])(?!\s(?:percent|times|million|billion|thousand|trillion|points?|degrees?"
    r"|seconds?|minutes?|hours?|days?|weeks?|months?|years?|miles?|inches|feet|pounds?|dollars?"
    rf"|euros?|cents?|per|{UNIT_NAMES})\b)"
)
_TWO_PART = re.compile(
    rf"(?<![\w.$€£¥₹-])(\d+\.\d+)(?:\s?[-–]\s?(\d+\.\d+))?(?![\d.]\d)(?:{_AFTER_A_VERSION}"
    rf"|{_NOT_A_MEASURE})"
)
_VERSION_BEFORE = re.compile(
    r"(?<![\w.$€£¥₹-])(\d+\.\d+)(?=\s(?:series|branch|line|LTS|releases?|release line"
    r"|or (?:newer|later|higher|above)|and (?:newer|later|up|above))\b|\+)"
)
# "glibc >= 2.28", "numpy==1.26": a version compared after a name.
_VERSION_COMPARED = re.compile(r"\b([A-Za-z][\w.+-]+\s?(?:>=|<=|==|~=)\s?)(\d+\.\d+)\b(?!\.\d)")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(
    rf"(?<![\w.])({_OCTET}(?:\.{_OCTET}){{3}})(?:/(\d{{1,2}}))?(?::(\d{{2,5}}))?(?![\w:]|\.\d)"
)
_BARE_PORT = re.compile(r"(?<![\w:/.])(?<=[\s(]):(\d{4,5})\b(?![:.]\d)")
_IP_WORDS = re.compile(r"\b(?:IP|IPv4|address(?:es)?|host|hosts|gateway|server|DNS|ping|subnet)\s$")
_IP_NEAR = re.compile(r"\b(?:IP|IPv4|address(?:es)?|hosts?|gateway|server|DNS|ping|subnet)\b")
# A four-part number after an update's verb or V8 is a version ("bumps V8 to 12.4.254.21").
_VERSION_WORDS_BEFORE = re.compile(
    r"\b(?:V8|[Vv]ersions?|bump(?:s|ed)?|updat(?:es?|ed)|upgrad(?:es?|ed)|mov(?:es?|ed))"
    r"(?:\s[\w.-]+){0,2}\s(?:to\s|at\s|from\s)?$"
)
_HEX_GROUPS = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4})"
_IPV6 = re.compile(
    rf"(?<![\w:])((?=[0-9A-Fa-f:.]*::|(?:[0-9A-Fa-f]{{1,4}}:){{7}})"
    rf"(?:{_HEX_GROUPS}{{1,6}}:\d{{1,3}}(?:\.\d{{1,3}}){{3}}|{_HEX_GROUPS}{{2,7}}))"
    r"(?:/(\d{1,3}))?(?![\w:]|\.\d)"
)
# Identifiers: capitals, a hyphen and digit groups ("CVE-2024-3094", "F-35", "H-1B", "GPT-4o",
# "A350-1000", "MH17"; "F-16s", "A320s" are plurals, never seconds),
# or capitals and a four-digit number ("ISO 8601", "RTX 4090"): the groups said as numbers.
_IDENTIFIER = re.compile(
    r"(?<![\w.-])(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)-)([A-Z][A-Za-z]{0,5})"
    r"-?(\d{1,7}(?:-\d{1,7})*)((?!s\b)[a-z]{1,2}\b|[A-Z]\b)?(s\b)?(?![\w-]|[.,]\d)"
    r"|(?<![\w.-])([A-Z]{1,6})\s?(\d{4})(s\b)?(?![\w,]|\.\d|\s?%)"
)
# A make and a three-digit model made plural: "Boeing 737s" (not "In 120s", a duration).
_MODEL_PLURAL = re.compile(r"\b([A-Z][a-z]+)\s(\d{3})s\b")
# An HTTP status code is said "four oh four", "four twenty-nine": after "HTTP", "status" ...,
# before its reason phrase ("429 Too Many Requests"), or, with a zero in the middle, before a
# word of the web ("a 404 page", "502 errors").
_REASONS = (
    r"Not Found|Forbidden|No Content|Unauthorized|Bad Request|Bad Gateway|Service Unavailable"
    r"|Internal Server Error|Gateway Timeout|Moved Permanently|Not Modified|Too Many Requests"
    r"|Conflict|Gone|Created|Accepted|Found|OK|Payment Required|Method Not Allowed"
    r"|Unprocessable|Precondition Failed|Request Timeout|Teapot|I'm a teapot"
)
_STATUS_CODE = re.compile(
    r"\b(HTTP|H T T P|status|code|error)\s([1-5]\d\d)\b"
    rf"|(?<![\w.,$])([1-5]\d\d)(?=\s?\(?(?:{_REASONS})\b)"
    r"|(?<![\w.,$])([1-5]0[1-9])\b(?=\s?(?:errors?|responses?|status|pages?|redirects?)\b|\.html)"
)
_SUBSECTION = re.compile(r"(\d+)((?:\([a-zA-Z0-9]{1,4}\))+)")  # "Section 101(a)(3)", "553(b)"
_PORT = re.compile(r"\b((?:port|ports|localhost:)\s?)(\d{4,5})\b", re.IGNORECASE)
_GLUED_ID = re.compile(r"(?<=[A-Za-z])(\d{4,})\b")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_MIXED_FRACTION = re.compile(r"(?<![\d/.])(\d+)[\s-](\d)/(\d{1,2})(?![\d/])")
_ORDINAL = re.compile(r"(?<![\w.])(\d[\d,]*)(st|nd|rd|th)\b")
_SCALED = re.compile(
    r"(?<![\w.,-])(\d[\d,]*(?:\.\d+)?)(K|k|M|bn|mn|tn|B|T|m(?=\s(?:people|[a-z]{2,}[^\Wsu]s)\b))\b(?!\s(?:video|resolution|display|screens?|TVs?|monitors?|run|race|textures?))"
)
_RESOLUTION = re.compile(r"\b(240|360|480|720|1080|1440|2160|4320)p\b")  # 1080p: ten eighty p
_NUMBER_SIGN = re.compile(r"(?<![\w&])#\s?(\d+)\b|(?<=[a-z]{2})#(\d+)\b")  # "#12", "numpy#24300"
_TIMES = re.compile(
    r"(?<![\w.=+*/(-])(?<![=+*/(-]\s)(\d+(?:\.\d+)?)(?:x|X(?=\s(?:faster|slower|more|less|larger"
    r"|smaller|bigger|higher|lower|better|cheaper|speedup|improvement|the)\b))\b(?!\s*[-+=*/^)])"
)
_FUNCTION = re.compile(r"\b([a-zA-Z])\(([a-z])\)")
_PLUS_AFTER = re.compile(r"(?<=[\w])\+(?=\s|$|[,.;:)])")
_VULGAR = {"½": "a half", "¼": "a quarter", "¾": "three quarters", "⅓": "a third",
           "⅔": "two thirds", "⅛": "an eighth", "⅜": "three eighths", "⅝": "five eighths",
           "⅞": "seven eighths", "⅕": "a fifth"}  # fmt: skip
_LONE_VULGAR = re.compile(rf"(?:\b(an?|the|A|An|The)\s)?([{''.join(_VULGAR)}])")
_MIXED_VULGAR = re.compile(rf"(\d+)\s?([{''.join(_VULGAR)}])")
_FRACTION = re.compile(r"(?<![\d/.])(\d+(?:\.\d+)?)/(\d+)(?![\d/])")
# A measure after a fraction makes it a fraction, not a rating ("3/8-inch", "5/8 mile").
_MEASURE_AFTER = re.compile(
    r"[\s-](?:inch|inches|in\b|mile|miles|cup|cups|teaspoons?|tablespoons?|pounds?|ounces?|oz\b"
    r"|of an?\b)"
)
_FRACTIONS = {
    ("1", "2"): "a half",
    ("1", "3"): "a third",
    ("2", "3"): "two thirds",
    ("1", "4"): "a quarter",
    ("3", "4"): "three quarters",
}
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W_])")
_YEAR = re.compile(r"(?<![\d$€£.,:/-])(1[1-9]\d\d|20\d\d)(?!\d|[,.:]\d|\s?%|')")
_NOT_YEAR_BEFORE = re.compile(
    r"\b(?:page|pages|number|no|room|flight|route|model|item|issue|pr|port|rule|step|line|code|"
    r"bus|highway|interstate|exit|suite|unit|about|around|nearly|almost|over|under|than|some|"
    r"roughly|approximately|exactly|only|just)\s$",
    re.IGNORECASE,
)
# A four-digit number naming something is said in pairs: Resolution 2728, Flight 3407.
_ID_AFTER_NOUN = re.compile(
    r"\b((?:[Pp]age|[Nn]umber|[Nn]o|[Rr]oom|[Ff]light|[Rr]oute|[Mm]odel|[Ii]tem|[Ii]ssue|PR|[Pp]ort"
    r"|[Rr]ule|[Bb]us|[Hh]ighway|[Ii]nterstate|[Ee]xit|[Ss]uite|[Uu]nit|[Rr]esolution|[Bb]ill"
    r"|[Gg]ate|[Pp]latform|[Tt]icket|[Cc]hannel|[Ff]orm|[Ss]chedule|[Oo]rder|[Ss]ol|[Ee]xtension)\s)(\d{4})\b(?![\d,.]\d)"
)
_PLURAL_AFTER = re.compile(r"\s(?:[a-z]+[^su\W]s|people|men|women|children|staff|feet|[a-z]+ies)\b")
_YEAR_WORDS_AFTER = re.compile(
    r"\s(?:its|this|thus|perhaps|always|towards|afterwards|besides|whereas|unless|series|news"
    r"|elections|olympics|games|midterms|levels|figures|results|earnings|numbers|rules|budgets"
    r"|plans|models|sales|forecasts|estimates|guidelines|polls|census|accounts|standards)\b"
)
_LEADING_ZERO = re.compile(r"(?<![\w.,])0\d+(?![\d.,])")
_AREA_CODE = re.compile(r"\((\d{3})\)\s?(?=\d{3}[-.\s]\d{4}\b)")
_DIGIT_GROUPS = re.compile(r"(?<![\w.-])\d{3,}(?:-\d{3,}){1,4}(?![\w-])")
_PLAIN = re.compile(rf"(?<![\w+])([-−+]?{GROUPED}(?:\.\d+)?|\.\d+)(?![\w])")


def roman_value(numeral: str) -> int:
    """The value of a valid Roman numeral."""
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def speak_heading_number(heading: str) -> str:
    """A heading numbered in Roman numerals says the number: "II. Methods" -> "Two: Methods"."""
    match = _ROMAN_HEADING.match(heading)
    if not match or (len(match.group(1)) == 1 and match.group(1) not in "IVX"):
        return heading
    return f"{cardinal(roman_value(match.group(1))).capitalize()}: {heading[match.end() :]}"


def speak_roman(text: str) -> str:
    """Roman numerals after counting words (cardinal) and after names (regnal ordinal)."""
    text = _WORLD_WAR.sub(lambda m: f"World War {'One' if m.group(1) == 'I' else 'Two'}", text)
    text = _ROMAN_AFTER_COUNTING.sub(_counting, text)
    text = _REGNAL.sub(_regnal, text)
    text = _ROMAN_PAIR.sub(
        lambda m: f"{cardinal(roman_value(m.group(1)))} {cardinal(roman_value(m.group(2)))}", text
    )
    return _AFTER_NAME.sub(_counting, text)


def _counting(match: re.Match[str]) -> str:
    """ "Chapter IV" -> "Chapter four"; a lone C or L stays a letter ("Section C")."""
    word, numeral = match.group(1), match.group(2)
    if not numeral or len(numeral) == 1 and numeral not in "IVX":
        return match.group(0)
    return f"{word} {cardinal(roman_value(numeral))}"


def _regnal(match: re.Match[str]) -> str:
    name, numeral = match.group(1), match.group(2)
    if not numeral:
        return match.group(0)
    if len(numeral) == 1 and numeral not in "IVX":
        return match.group(0)
    return f"{name} the {ordinal(roman_value(numeral)).capitalize()}"


def speak_versions(text: str) -> str:
    """v2.3.1 -> version two point three point one; Python 3.12 -> Python three point twelve;
    an IP address with its dots or colons said ("one ninety-two dot one sixty-eight ...")."""
    if "::" in text or text.count(":") >= 7:
        text = _IPV6.sub(_ipv6, text)
    text = _IPV4.sub(_ipv4, text)
    if ":" in text:  # "OTLP on :4318": a port alone
        text = _BARE_PORT.sub(lambda m: f"port {id_number(m.group(1))}", text)
    text = _VERSION.sub(_version, text)
    text = _VERSION_AFTER.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{version_words(m.group(3))}", text
    )
    text = _RELEASED_VERSION.sub(lambda m: m.group(1) + version_words(m.group(2)), text)
    text = _DOTTED_NUMBER.sub(
        lambda m: version_words(m.group(1)) + _pre_release(m.group(2), m.group(3)), text
    )
    text = _GLUED_VERSION.sub(lambda m: f"{m.group(1)} {version_words(m.group(2))}", text)
    if _ABOUT_VERSIONS.search(text):  # "supports Python versions 3.9-3.12"
        text = _TWO_PART.sub(_two_part_versions, text)
    text = _VERSION_COMPARED.sub(lambda m: m.group(1) + version_words(m.group(2)), text)
    return _VERSION_BEFORE.sub(lambda m: version_words(m.group(1)), text)


def _ipv4(match: re.Match[str]) -> str:
    """192.168.1.0/24 -> one ninety-two dot one sixty-eight dot one dot zero slash twenty-four,
    127.0.0.1:5173 -> ... port fifty-one seventy-three; a four-part version (2.1.0.34) stays a
    version."""
    address, prefix, port = match.groups()
    parts = address.split(".")
    before = match.string[: match.start()]
    evidence = prefix or port or any(len(part) == 3 for part in parts) or set(parts) == {"0"}
    near = before[-60:]
    version = _VERSION_WORDS_BEFORE.search(near) and not _IP_NEAR.search(near)
    if not (evidence or _IP_WORDS.search(before)) or version:
        return match.group(0)
    words = " dot ".join(_octet(part) for part in parts)
    words += f" slash {cardinal(int(prefix))}" if prefix else ""
    return words + (f" port {id_number(port)}" if port else "")


def _octet(part: str) -> str:
    """192 -> one ninety-two, 108 -> one oh eight, 100 -> one hundred, 42 -> forty-two."""
    if len(part) < 3 or part.endswith("00"):
        return cardinal(int(part))
    rest = int(part[1:])
    return f"{cardinal(int(part[0]))} {'oh ' + cardinal(rest) if rest < 10 else cardinal(rest)}"


def _ipv6(match: re.Match[str]) -> str:
    """2001:db8::1 -> two zero zero one colon D B eight double colon one."""
    address, prefix = match.groups()
    groups = [
        " dot ".join(_octet(part) for part in group.split("."))
        if "." in group
        else " ".join(DIGIT_WORDS[int(ch)] if ch.isdigit() else ch.upper() for ch in group)
        for group in address.split(":")
    ]
    words = " colon ".join(groups).replace("colon  colon", "double colon").strip()
    words = re.sub(r"^colon |(?<=double colon) colon", "", words)
    return words + (f" slash {cardinal(int(prefix))}" if prefix else "")


def _two_part_versions(match: re.Match[str]) -> str:
    """3.12 -> three point twelve; 3.9-3.12 -> three point nine to three point twelve."""
    first, last = match.groups()
    return version_words(first) + (f" to {version_words(last)}" if last else "")


def version_words(written: str) -> str:
    """2.3.1 -> two point three point one, 22.04 -> twenty-two point oh four (each part a whole
    number; "x" stays a letter)."""
    return " point ".join(
        part.lower()
        if not part.isdigit()
        else "oh " + digits(part[1:])
        if len(part) == 2 and part.startswith("0")
        else digits(part)
        if len(part) > 1 and part.startswith("0")
        else year(int(part))
        if len(part) == 4 and 1900 <= int(part) <= 2099
        else cardinal(int(part))
        for part in written.split(".")
    )


def _pre_release(name: str | None, count: str | None) -> str:
    """ "rc", "1" -> " release candidate one"."""
    if not name:
        return ""
    return f" {PRE_RELEASES.get(name, name)}" + (f" {cardinal(int(count))}" if count else "")


def _version(match: re.Match[str]) -> str:
    words = f"version {version_words(match.group(1))}"
    return words + _pre_release(match.group(2), match.group(3))


def spoken_version(token: str) -> str | None:
    """A version written alone (in code): "1.8.0" -> one point eight point zero, "v2.0-rc1" ->
    version two point zero release candidate one; None when the token is not one."""
    match = _VERSION_TOKEN.fullmatch(token)
    if not match:
        return None
    prefix, body, name, count = match.groups()
    words = version_words(body) if body.count(".") > 1 or prefix or name else number(body)
    if not any(ch.isdigit() for ch in body.split(".", 1)[1]) and body.count(".") == 1:
        words = version_words(body)  # "3.x"
    return ("version " if prefix else "") + words + _pre_release(name, count)


def speak_identifiers(text: str) -> str:
    """CVE-2024-3094 -> CVE twenty twenty-four thirty ninety-four; F-35 -> F thirty-five;
    ISO 8601 -> ISO eighty-six oh one (the letters are left to the acronym rules)."""
    if "s" in text:
        text = _MODEL_PLURAL.sub(_model_plural, text)
    return _IDENTIFIER.sub(_identifier, text)


def _model_plural(match: re.Match[str]) -> str:
    """ "Boeing 737s" -> Boeing seven thirty-sevens; "Over 120s" stays (seconds)."""
    if DURATION_BEFORE.search(match.group(1) + " "):
        return match.group(0)
    return f"{match.group(1)} {plural_words(model_number(match.group(2)))}"


def _identifier(match: re.Match[str]) -> str:
    letters, groups, suffix, plural, capitals, four_digits, plural_models = match.groups()
    if capitals:  # "RTX 4090s": more than one
        said = id_number(four_digits)
        return f"{capitals} {plural_words(said) if plural_models else said}"
    numbers = " ".join(model_number(group) for group in groups.split("-"))
    if plural:  # "F-16s": more than one F-16 (a unit glued to a designation is never seconds)
        return f"{letters} {plural_words(numbers)}"
    if re.fullmatch(r"[A-Z]{2,}v", letters):  # IPv6, GPLv3: the letters spelled, then "v"
        letters = " ".join(letters)
    return f"{letters} {numbers}" + (f" {suffix}" if suffix else "")


def plural_words(words: str) -> str:
    """A number in words made plural, as names of things: sixteen -> sixteens, twenty ->
    twenties, six -> sixes, one oh four -> one oh fours."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith("x"):
        return words + "es"
    return words + "s"


def speak_numbers(text: str) -> str:
    """Signs, fractions, ordinals, scale suffixes, years, then every plain number, in words."""
    text = _SUBSECTION.sub(lambda m: m.group(1) + " " + m.group(2).replace(")(", ") ("), text)
    text = _STATUS_CODE.sub(_status_code, text)
    text = _PORT.sub(lambda m: f"{m.group(1)}{id_number(m.group(2))}", text)
    text = _ID_AFTER_NOUN.sub(lambda m: f"{m.group(1)}{id_number(m.group(2))}", text)
    text = _NUMBER_SIGN.sub(lambda m: f" number {id_number(m.group(1) or m.group(2))}", text)
    text = _FUNCTION.sub(r"\1 of \2", text)
    text = _TIMES.sub(lambda m: f"{number(m.group(1))} times", text)
    text = _PLUS_AFTER.sub(" plus", text)
    text = _MIXED_VULGAR.sub(lambda m: f"{m.group(1)} and {_VULGAR[m.group(2)]}", text)
    text = _LONE_VULGAR.sub(_vulgar, text)
    text = _MIXED_FRACTION.sub(_mixed_fraction, text)
    text = _FRACTION.sub(_fraction, text)
    text = _WORD_SLASH.sub(" ", text)
    text = _ORDINAL.sub(lambda m: ordinal(int(m.group(1).replace(",", ""))), text)
    text = _SCALED.sub(_scaled, text)
    text = _RESOLUTION.sub(lambda m: f"{model_number(m.group(1))} p", text)
    text = _GLUED_ID.sub(lambda m: f" {id_number(m.group(1))}", text)  # blackjack4494
    text = _LETTER_DIGIT.sub(" ", text)
    text = _YEAR.sub(_year, text)
    text = _AREA_CODE.sub(lambda m: f"{digits(m.group(1))}, ", text)  # (202) 691-7000
    text = _DIGIT_GROUPS.sub(lambda m: ", ".join(digits(g) for g in m.group(0).split("-")), text)
    text = _LEADING_ZERO.sub(lambda m: digits(m.group(0)), text)
    return _PLAIN.sub(lambda m: number(m.group(1)), text)


def model_number(written: str) -> str:
    """A number in a model or identifier: A350 -> three fifty, F-104 -> one oh four, H100 ->
    one hundred; four digits in pairs; otherwise as id_number."""
    if len(written) == 3 and not written.startswith("0"):
        return _octet(written)
    return id_number(written)


def _status_code(match: re.Match[str]) -> str:
    """HTTP 503 -> HTTP five oh three, HTTP 429 -> four twenty-nine; a 404 page -> a four oh
    four page."""
    word, code = match.group(1), match.group(2) or match.group(3) or match.group(4)
    return f"{word + ' ' if word else ''}{_octet(code)}"


def id_number(written: str) -> str:
    """An issue or id number: 4412 -> forty-four twelve; short ones whole, long ones digit by
    digit."""
    if len(written) == 4 and not written.startswith("0"):
        return year(int(written))
    if len(written) <= 3 and not written.startswith("0"):
        return cardinal(int(written))
    return digits(written)


def _vulgar(match: re.Match[str]) -> str:
    """½ -> a half; after an article "a ½ increase" -> a half increase (no "a a half")."""
    article, symbol = match.groups()
    words = _VULGAR[symbol]
    if article:
        return f"{article} {words.removeprefix('a ').removeprefix('an ')}"
    return f" {words} "


def _mixed_fraction(match: re.Match[str]) -> str:
    """1 1/2 -> one and a half; 4-1/4 -> four and a quarter."""
    whole, top, bottom = match.groups()
    fraction = _FRACTIONS.get((top, bottom))
    if not fraction:
        return match.group(0)
    return f"{cardinal(int(whole))} and {fraction}"


_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s$")
_QUANTITY_WORDS = frozenset(
    "about nearly over around roughly almost some under only just approximately up down".split()
)


def _scaled(match: re.Match[str]) -> str:
    """300K -> three hundred thousand; after a name ("Pad 39B") it is a label, and one digit
    with a capital K ("in 4K", "8K") is a screen resolution: both left to the letter rules."""
    label = _NAME_BEFORE.search(match.string, 0, match.start())
    if label and label.group(1).lower() not in _QUANTITY_WORDS:
        return match.group(0)
    if match.group(2) == "K" and len(match.group(1)) == 1:
        return f"{match.group(1)} K"
    scale = {"k": "thousand", "m": "million", "b": "billion", "t": "trillion"}[
        match.group(2)[0].lower()
    ]
    return f"{number(match.group(1))} {scale}"


def _year(match: re.Match[str]) -> str:
    """Read a four-digit number as a year unless it counts something ("1975 rows")."""
    before = match.string[: match.start()]
    after = match.string[match.end() :]
    if _NOT_YEAR_BEFORE.search(before):
        return match.group(0)
    if _PLURAL_AFTER.match(after) and not _YEAR_WORDS_AFTER.match(after):
        return match.group(0)
    return year(int(match.group(1)))


def _fraction(match: re.Match[str]) -> str:
    """1/2 -> a half, 3/4 -> three quarters, 4.5/5 -> 4.5 out of 5, 24/7 and 50/50 as said."""
    top, bottom = match.group(1), match.group(2)
    if (top, bottom) in _FRACTIONS:
        words = _FRACTIONS[top, bottom]
        after_article = _ARTICLE_BEFORE.search(match.string, 0, match.start())
        return words.removeprefix("a ") if after_article else words  # "a 1/3 increase"
    if top == bottom or (top, bottom) == ("24", "7"):
        return f"{top} {bottom}"
    if top.isdigit() and bottom.isdigit() and int(top) < int(bottom) <= 64:
        if _MEASURE_AFTER.match(match.string, match.end()):  # "a 3/8-inch driver"
            plural = "" if top == "1" else "s"
            return f"{cardinal(int(top))} {ordinal(int(bottom))}{plural}"
    if float(top) <= float(bottom) <= 10 or bottom in ("10", "100"):
        return f"{top} out of {bottom}"
    return f"{top} {bottom}"
