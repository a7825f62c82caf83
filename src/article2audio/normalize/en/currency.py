"""Money: symbols before or after the amount, ISO codes, scale suffixes, cents, ranges.

- a symbol or ISO code before or after the amount, the currency named after it: "$67,000" ->
  sixty-seven thousand dollars, "12,50 €", "EUR 5", "US$", "HK$", "Rs 90 crore";
- cents said as cents: "$1.40" -> one dollar and forty cents, "15¢", pence ("520p a share"
  in a sentence about pounds);
- scales: k, m, bn, bln, mln, tn, trillion, lakh, crore (stacked: "1.3 lakh crore");
- ranges: "$18-$20" -> eighteen to twenty dollars, "$9.8B-$10.1B";
- the adjective before a noun after a determiner: "a $3.5 billion merger" -> a three point
  five billion dollar merger, "a $10/b decrease" -> a ten dollar per barrel decrease.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import GROUPED, cardinal, number


# name (singular, plural), the subunit (singular, plural) or None.
@dataclass(frozen=True)
class Currency:
    """How one currency is said."""

    singular: str
    plural: str
    cent: tuple[str, str] | None = ("cent", "cents")


DOLLAR = Currency("dollar", "dollars")
CURRENCIES = {
    "$": DOLLAR,
    "US$": Currency("U S dollar", "U S dollars"),
    "A$": Currency("Australian dollar", "Australian dollars"),
    "AU$": Currency("Australian dollar", "Australian dollars"),
    "C$": Currency("Canadian dollar", "Canadian dollars"),
    "CA$": Currency("Canadian dollar", "Canadian dollars"),
    "NZ$": Currency("New Zealand dollar", "New Zealand dollars"),
    "HK$": Currency("Hong Kong dollar", "Hong Kong dollars"),
    "S$": Currency("Singapore dollar", "Singapore dollars"),
    "NT$": Currency("Taiwan dollar", "Taiwan dollars"),
    "R$": Currency("real", "reais", ("centavo", "centavos")),
    "€": Currency("euro", "euros"),
    "£": Currency("pound", "pounds", ("penny", "pence")),
    "¥": Currency("yen", "yen", None),
    "₹": Currency("rupee", "rupees", ("paisa", "paise")),
    "₩": Currency("won", "won", None),
    "₽": Currency("ruble", "rubles", ("kopek", "kopeks")),
    "₺": Currency("lira", "lira", ("kurus", "kurus")),
    "₪": Currency("shekel", "shekels", ("agora", "agorot")),
    "₦": Currency("naira", "naira", ("kobo", "kobo")),
    "₱": Currency("peso", "pesos", ("centavo", "centavos")),
    "฿": Currency("baht", "baht", ("satang", "satang")),
    "₫": Currency("dong", "dong", None),
    "₴": Currency("hryvnia", "hryvnias", ("kopiyka", "kopiykas")),
    "USD": DOLLAR,
    "EUR": Currency("euro", "euros"),
    "GBP": Currency("pound", "pounds", ("penny", "pence")),
    "JPY": Currency("yen", "yen", None),
    "CNY": Currency("yuan", "yuan", ("fen", "fen")),
    "RMB": Currency("yuan", "yuan", ("fen", "fen")),
    "CHF": Currency("Swiss franc", "Swiss francs", ("centime", "centimes")),
    "INR": Currency("rupee", "rupees", ("paisa", "paise")),
    "CAD": Currency("Canadian dollar", "Canadian dollars"),
    "AUD": Currency("Australian dollar", "Australian dollars"),
    "NZD": Currency("New Zealand dollar", "New Zealand dollars"),
    "HKD": Currency("Hong Kong dollar", "Hong Kong dollars"),
    "SGD": Currency("Singapore dollar", "Singapore dollars"),
    "KRW": Currency("won", "won", None),
    "RUB": Currency("ruble", "rubles", ("kopek", "kopeks")),
    "BRL": Currency("real", "reais", ("centavo", "centavos")),
    "MXN": Currency("peso", "pesos", ("centavo", "centavos")),
    "SEK": Currency("krona", "kronor", ("ore", "ore")),
    "NOK": Currency("krone", "kroner", ("ore", "ore")),
    "DKK": Currency("krone", "kroner", ("ore", "ore")),
    "ZAR": Currency("rand", "rand", ("cent", "cents")),
    "TRY": Currency("lira", "lira", ("kurus", "kurus")),
    "ILS": Currency("shekel", "shekels", ("agora", "agorot")),
    "NGN": Currency("naira", "naira", ("kobo", "kobo")),
    "UAH": Currency("hryvnia", "hryvnias", ("kopiyka", "kopiykas")),
    "BTC": Currency("bitcoin", "bitcoin", None),
    "ETH": Currency("ether", "ether", None),
}
SCALES = {
    "k": "thousand",
    "K": "thousand",
    "thousand": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "mln": "million",
    "MM": "million",
    "million": "million",
    "b": "billion",
    "B": "billion",
    "bn": "billion",
    "Bn": "billion",
    "bln": "billion",
    "Bln": "billion",
    "billion": "billion",
    "t": "trillion",
    "T": "trillion",
    "tn": "trillion",
    "trn": "trillion",
    "trln": "trillion",
    "Mln": "million",
    "trillion": "trillion",
    "crore": "crore",
    "crores": "crore",
    "lakh": "lakh",
    "lakhs": "lakh",
}
_SYMBOL = r"(?:US|A|AU|C|CA|NZ|HK|S|NT|R)?\$|[€£¥₹₩₽₺₪₦₱฿₫₴]"
_CODE = "|".join(code for code in CURRENCIES if code.isalpha())
_AMOUNT = rf"({GROUPED}(?:\.\d+)?|\.\d+)"
_SCALE_NAMES = "|".join(sorted(SCALES, key=len, reverse=True))
# One scale word, or two where Indian English stacks them ("1.3 lakh crore").
_SCALE = rf"(?:[\s-]?((?:{_SCALE_NAMES})(?:\s(?:lakhs?|crores?)(?=\W|$))?)\b)?"
_BEFORE = re.compile(
    rf"(?<![\w$])([-−+]?)({_SYMBOL}|\b(?:{_CODE}|Rs\.?)\s?)\s?{_AMOUNT}{_SCALE}"
    rf"(?:\s?(?:-|–)\s?({_SYMBOL})?{_AMOUNT}{_SCALE}|\sto\s({_SYMBOL}){_AMOUNT}{_SCALE})?"
)
_STERLING = re.compile(r"£|\b(?:GBP|pence|sterling|FTSE|pounds?)\b")
_PENCE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)p\b(?!\s?(?:video|resolution|display|screens?|HD))")
_ABOUT_CENTS = re.compile(r"\$|\b(?:EPS|cents|dividends?|per share|a share)\b")
_GLUED_CENTS = re.compile(r"(?<![\w.,])(\d{1,2}(?:\.\d)?)c\b")
_ABOUT_RAND = re.compile(r"\b(?:rand|ZAR|South Africa\w*)\b")
_RAND = re.compile(r"(?<![\w.])R\s?(\d[\d,]*(?:\.\d+)?)\b")
_CENTS = re.compile(r"(?<![\d.,])(\d{1,2}(?:\.\d+)?)\s?¢")
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{2})(?=\s?€)")
_AFTER = re.compile(rf"(?<![\w.,]){_AMOUNT}{_SCALE}\s?([€£]|\b(?:{_CODE})\b)")
_PAIR = re.compile(rf"\b({_CODE})/({_CODE})\b")
_DETERMINER = re.compile(
    r"(?:\b(?:a|an|the|this|that|its|their|his|her|our|your|each|every|another|one)"
    r"|\w['’]s)\s*$",  # or a possessive: "the IMF's $15.6B program"
    re.IGNORECASE,
)
_NOT_A_NOUN = frozenset(
    """in on at to for from of by with and or but than as is was were are be been being has had
    have will would could should may might can did does do last next this that which who whom
    per a an the each every more less it its they he she we you i over under about after before
    into onto up down off out since until while when where if so yet also still just now then
    there here""".split()
)


def speak_currency(text: str) -> str:
    """Every amount of money in words, the currency named after it."""
    if "/" in text:  # "EUR/USD" -> euro-dollar, as traders say a currency pair
        text = _PAIR.sub(
            lambda m: f"{_currency(m.group(1)).singular}-{_currency(m.group(2)).singular}", text
        )
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    text = _CENTS.sub(
        lambda m: f"{number(m.group(1))} cent{'' if m.group(1) == '1' else 's'}", text
    )
    if _STERLING.search(text):  # "520p a share" in a sentence about pounds
        text = _PENCE.sub(lambda m: f"{number(m.group(1))} pence", text)
    if _ABOUT_CENTS.search(text):  # "EPS of 41c"
        text = _GLUED_CENTS.sub(lambda m: f"{number(m.group(1))} cents", text)
    if _ABOUT_RAND.search(text):  # "R18.45 per dollar"
        text = _RAND.sub(lambda m: f"{number(m.group(1))} rand", text)
    text = _BEFORE.sub(_before, text)
    return _AFTER.sub(lambda m: _say(m.group(1), m.group(2), _currency(m.group(3)), m), text)


def _currency(written: str) -> Currency:
    written = written.strip()
    return CURRENCIES["INR"] if written.startswith("Rs") else CURRENCIES[written]


def scale_words(written: str) -> str:
    """ "bn" -> "billion"; "lakh crore" -> "lakh crore"."""
    return " ".join(SCALES[word] for word in written.split())


def _before(match: re.Match[str]) -> str:
    sign, symbol, amount, scale, *rest = match.groups()
    symbol_to, amount_to, scale_to = rest[:3] if rest[1] is not None else rest[3:]
    currency = _currency(symbol)
    minus = "minus " if sign in ("-", "−") else ""
    if amount_to is None:
        return minus + _say(amount, scale, currency, match)
    if symbol_to and (
        rest[1] is None or not (scale or scale_to)
    ):  # "$18-$20"; "rose $328.7 billion to $27.94
        # trillion" is a change, each amount with its own symbol and so its own currency word
        first = number(amount) if _is_adjective(match) else _say(amount, scale, currency, match)
        return f"{minus}{first} to {_say(amount_to, scale_to, currency, match)}"
    first = number(amount) + (f" {scale_words(scale)}" if scale and scale != scale_to else "")
    return f"{minus}{first} to {_say(amount_to, scale_to, currency, match)}"


def _say(amount: str, scale: str | None, currency: Currency, match: re.Match[str]) -> str:
    """The amount in words, then the currency (singular as an adjective or for exactly one)."""
    adjective = _is_adjective(match)
    if scale:
        unit = currency.singular if adjective else currency.plural
        return f"{number(amount)} {scale_words(scale)} {unit}"
    whole, _, fraction = amount.partition(".")
    if fraction and (len(fraction) != 2 or currency.cent is None):
        return f"{number(amount)} {currency.singular if adjective else currency.plural}"
    dollars = int(whole.replace(",", "") or 0)
    cents = int(fraction or 0)
    unit = currency.singular if adjective or dollars == 1 else currency.plural
    main = f"{cardinal(dollars)} {unit}"
    if not cents:
        return main
    assert currency.cent is not None
    cent_words = f"{cardinal(cents)} {currency.cent[0] if cents == 1 else currency.cent[1]}"
    return cent_words if dollars == 0 else f"{main} and {cent_words}"


def _is_adjective(match: re.Match[str]) -> bool:
    """Whether the amount stands right after a determiner and before a noun ("a $5 million
    deal"). Stricter than the rule for units: "a record $73,750 set in March" is plural."""
    before = match.string[: match.start()]
    after = re.match(r"(?:/[a-z]+)?\s([a-z]+)\b", match.string[match.end() :])  # "a $10/b cut"
    if not after or after.group(1) in _NOT_A_NOUN or after.group(1).endswith("ly"):
        return False
    return bool(_DETERMINER.search(before))
