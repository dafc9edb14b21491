"""Words of a request that are not part of the title but say which item is meant.

    "the office version anglaise"      -> title "the office", country uk, language en
    "les misérables le film français"  -> title "les misérables", language fr
    "ghostbusters reboot"              -> title "ghostbusters", order latest
    "le dernier matrix"                -> title "matrix", order latest
    "le roi lion dessin animé"         -> title "le roi lion", order first
    "dune de 84"                       -> title "dune", year 1984
    "fargo des frères coen"            -> title "fargo", people "coen"

They are signals for the ranker, never filters: the text before they were taken out is kept
(``ParsedQuery.full_title``) so a real title such as "Le Dernier Samouraï" still matches as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from myflix_bot.search.people import FIRST_NAMES, SURNAMES, looks_like_name
from myflix_bot.search.query import Order
from myflix_bot.search.spelling import listed_typo
from myflix_bot.search.text import fold

_V = r"(?:(?:en |dans (?:sa |la )?|la |sa |une |the |in )?(?:version|vo|v\.o\.?) )?"
# A country word becomes the token the *arr alternative titles carry: "The Office (UK)".
_COUNTRY = [
    ("uk", "en", r"anglaise|anglais|britanniques?|british|brit|angleterre|england|english"),
    ("us", "en", r"am[ée]ricaine?s?|ricaine|american|usa|[ée]tats[- ]unis"),
]
_LANGUAGE = [
    ("fr", r"fran[çc]aise?s?|french"),
    ("de", r"allemande?s?|german|deutsch"),
    ("ko", r"cor[ée]ene?s?|korean"),
    ("ja", r"japonaise?s?|japanese"),
    ("es", r"espagnole?s?|spanish|espa[ñn]ol"),
    ("it", r"italienne?s?|italian"),
    ("da", r"danoise?s?|danish"),
    ("sv", r"su[ée]doise?s?|swedish"),
    ("no", r"norv[ée]gienne?s?|norwegian"),
]
# Other words that only qualify the item: genre or form, remake, original.
_LATEST = (
    r"(?:le |la |the |un |a |en |in )?(?:reboot|remake|revival|nouvelle version|new version|"
    r"version r[ée]cente|live[- ]action|prises? de vues? r[ée]elles?|avec de vrais acteurs|"
    r"r[ée]cente?|recent)"
)
_ANIMATED = r"(?:(?:le |en |in |the |l')?(?:dessin anim[ée]|version anim[ée]e|animated|cartoon|anim[ée]))"
_FIRST = r"(?:l'original(?:e)?|the original|le classique|the classic)"
# "twin peaks la série originale abc", "twin peaks original series": the original, said after a title (a
# bare "original" opens titles: "Original Sin"; "en version originale", "en vo" is the original language)
_INNER_FIRST = re.compile(
    r"(?<=\w)(?<!\bversion)(?<!\bvo)(?<!\ben)\s+(?:(?:la|le|the|l')\s*)?"
    r"(?:(?:s[ée]rie|series|film|movie|show)\s+)?(?:originale?|d'origine)(?:\s+(?:series|show|film|movie))?(?=\s|$)",
    re.I,
)
_LEAD_LATEST = r"(?:le |la |les |the )?(?:dernier|derni[èe]re|nouveau|nouvelle|latest|newest|new)"
_LEAD_FIRST = r"(?:le |la |les |the )?(?:premier|premi[èe]re|first|original|originale)"
# "le parrain premier du nom", "shrek the first one", "alien le premier": after a franchise's name, the
# first of it (an article or an idiom around the word; a bare "premier" and "premier volet" stay words of
# a title: 'Kaamelott : Premier Volet').
_FIRST_WORD = r"(?:premier|premi[èe]re|first)"
_FORM = r"(?:version|s[ée]rie|series|show|film|movie)"
_TRAIL_FIRST = re.compile(
    r"\s+(?:(?:le |la |the )"
    + _FIRST_WORD
    + r"(?: one| du nom| "
    + _FORM
    + r")?|"
    + _FIRST_WORD
    + r" (?:du nom|one|"
    + _FORM
    + r"))$",
    re.I,
)
# "dune le nouveau", "shogun la nouvelle série", "the new one": after the name, the newest of the items
# carrying it (read as a remake); "dune le vieux", "l'ancien", "the old one": the oldest (read as the first)
_TRAIL_NEW = re.compile(
    r"\s+(?:le |la |l'|the )?(?:nouveau|nouvelle(?: s[ée]rie| version)?|new one|newer one|newest(?: one)?|"
    r"new (?:series|show|version)|(?<=the )new|latest(?: one)?)$",
    re.I,
)
_TRAIL_OLD = re.compile(
    r"\s+(?:le |la |l'|the )?(?:vieux|vieille|ancien|ancienne|old one|older one|oldest(?: one)?)$", re.I
)
# "oldboy le remake de spike lee", "fargo le film des coen": the form of the item, then who made it
_ARTICLES = frozenset(["", "le", "la", "les", "l'", "the", "a", "un", "une"])
_MADE_BY = re.compile(
    r"\b(film|movie|s[ée]rie|series|remake|reboot|version)\s+(?:(?:des|de|du|by|par)\s+|d')([\w' .-]+)$", re.I
)
_PEOPLE = re.compile(
    r"\b(?:avec|with|starring|feat\.?|r[ée]alis[ée] par|directed by|des fr[èe]res|"
    r"(?:de|du) (?:r[ée]alisateur|director))\s+([\w' .-]+)$",
    re.I,
)
# A person named before the title ("avec leonardo dicaprio titanic", "le film de denis villeneuve dune")
_LEAD_PEOPLE = re.compile(
    r"^(?:(?:le |la |un |une |the |a )?(?:film|movie|s[ée]rie|series)\s+)?"
    r"(?:avec|with|starring|de|du|by|par|r[ée]alis[ée] par|directed by)\s+",
    re.I,
)
_TRAILING_FORM = re.compile(r"\s+(?:(?:le |la |the |un |une |a )?(?:film|movie|s[ée]rie|series)\b)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Hints:
    title: str
    country: str | None = None
    language: str | None = None
    order: Order | None = None
    people: str = ""  # words naming a director or an actor ("coen", "david lynch")
    short_year: int | None = None


def _alt(words: str) -> str:
    return r"(?<![\w'])(?:" + words + r")(?![\w'])"


def _take(pattern: str, text: str) -> tuple[str, bool]:
    new, n = re.subn(r"\s*" + pattern, " ", text, count=1, flags=re.I)
    return (" ".join(new.split()), True) if n and new.strip() else (text, False)


def expand_short_year(digits: str, latest: int | None = None) -> int:
    """ "84" -> 1984, "04" -> 2004, "19" -> 2019 (a two-digit year up to two years ahead is 20xx)."""
    latest = latest if latest is not None else datetime.now(UTC).year + 2
    value = int(digits)
    return 2000 + value if value <= latest % 100 else 1900 + value


_SHORT_YEAR = re.compile(
    r"(?:[\(\[]\s*(\d\d)\s*[\)\]]|['’`](\d\d)\b|\b(?:de|from|of|en|sorti en|year|ann[ée]e)\s+(\d\d)\b|"
    r"\b(\d\d)\b)",
    re.I,
)
_UNIT_AFTER = re.compile(r"^\s*(?:ans?|years?|jours?|days?|minutes?|heures?|hours?|%|pour|percent)\b", re.I)


def _short_year(text: str) -> tuple[str, int | None]:
    """A two-digit year: explicit ("'84", "de 84", "(84)") anywhere after the first word, or a bare
    number from 30 (or written 0x) that is not the first word and not a count ("40 ans")."""
    found = list(_SHORT_YEAR.finditer(text))
    for m in reversed(found):
        if not text[: m.start()].strip():
            continue  # "28 jours plus tard", "10 pour cent": the number opens the title
        if _UNIT_AFTER.match(text[m.end() :]):
            continue
        explicit = m.group(1) or m.group(2) or m.group(3)
        bare = m.group(4)
        if explicit is None and bare is not None and not (int(bare) >= 30 or bare.startswith("0")):
            continue  # "ocean's 11", "apollo 13", "matrix 4": a number of the title
        digits = explicit or bare
        rest = " ".join((text[: m.start()] + " " + text[m.end() :]).split())
        return rest, expand_short_year(digits)
    return text, None


def _country_language(text: str) -> tuple[str, str | None, str | None]:
    """Country and original-language words: (text, country, language)."""
    country = language = None
    for code, lang, words in _COUNTRY:
        rest, hit = _take(_V + _alt(words) + r"(?: version)?", text)
        if hit and fold(rest) not in _ARTICLES:  # "the american" is a title, not "the" of the US
            text = rest
            country, language = code, lang
            text = f"{text} {code.upper()}"
            break
    if country is None and (m := re.search(r"(?:\b(uk)\b|\b(us)$)", text, re.I)):
        country = (m.group(1) or m.group(2)).lower()  # typed as the *arr writes it: kept in the title
    form = r"(?:(?:le |la |un |une |the |a )?(?:film|movie|s[ée]rie|series) )?"
    for code, words in _LANGUAGE:
        text, hit = _take(form + _V + _alt(words), text)
        if hit:
            language = code
            country = country or (code if code == "fr" else None)
            break
    return text, country, language


_NATIONALITY_FIRST = re.compile(
    r"^(?:the |a |an |le |la |les |l')?(?:"
    + "|".join(words for _, _, words in _COUNTRY)
    + "|"
    + "|".join(words for _, words in _LANGUAGE)
    + r")\s+(?!version\b)\w",
    re.I,
)


def nationality_first(text: str) -> bool:
    """``text`` opens, an article aside, with a country or language word said as an adjective before the
    rest ("american psycho", "the french connection"): a hint only when it picks an item; it may as well
    be the first word of a title."""
    return bool(_NATIONALITY_FIRST.match(fold(text)))


# "dune the lynch one", "the office the british one": "one" stands for the item, the word before it
# describes it (a person, a country); never a number ("Dune: Part One")
_THE_ONE = re.compile(r"(?<=\w)\s+the\s+(?:([^\W\d_]+)\s+)?one$", re.I)
_ONE_ORDERS = frozenset(
    ["first", "new", "newer", "newest", "latest", "old", "older", "oldest", "original", "chosen"]
)


def _order(text: str) -> tuple[str, Order | None]:
    """ "reboot", "live action" -> remake; "le dernier X" -> latest; "dessin animé" -> animated; "the
    original", "le premier X" -> first."""
    text, hit = _take(_alt(_LATEST), text)
    if hit:
        # "le remake de psychose": the title after "de" ("dune remake" keeps its "du")
        return re.sub(r"^(?:(?:de|du|of)\s+|d')(?=\S)", "", text, flags=re.I), "remake"
    text, hit = _take(_alt(_ANIMATED), text)
    if hit:
        return text, "animated"
    text, hit = _take(_alt(_FIRST), text)
    if (
        not hit
        and (m := _INNER_FIRST.search(text))
        and (rest := f"{text[: m.start()]}{text[m.end() :]}".strip())
    ):
        text, hit = " ".join(rest.split()), True
    if hit:
        return text, "first"
    leads: tuple[tuple[Order, str], ...] = (("latest", _LEAD_LATEST), ("first", _LEAD_FIRST))
    for wanted, lead in leads:
        m = re.match(r"^" + lead + r"\s+(?!(?:de|d'|des|of)\b)", text, re.I)
        if m and text[m.end() :].strip():
            return text[m.end() :].strip(), wanted
    trails: tuple[tuple[Order, re.Pattern[str]], ...] = (
        ("first", _TRAIL_FIRST),
        ("remake", _TRAIL_NEW),
        ("first", _TRAIL_OLD),
    )
    for wanted, trail in trails:
        if (m := trail.search(text)) and fold(text[: m.start()]).strip() not in _ARTICLES:
            return text[: m.start()].strip(), wanted
    return text, None


def _made_by(text: str) -> tuple[str, str]:
    """A person named after the item's form ("le remake de spike lee", "le film des coen"): (the text
    up to the form, the name); the text as typed when the words after "de" read as no name."""
    m = _MADE_BY.search(text)
    if not m or fold(text[: m.start()]).strip() in _ARTICLES:  # "le reboot de ghostbusters"
        return text, ""
    named = m.group(2).strip()
    words = fold(named).split()
    # a known surname closes the name ("spike lee": "spike" is a common word)
    if not (looks_like_name(words, announced=True) or (len(words) <= 3 and words[-1] in SURNAMES)):
        return text, ""
    return text[: m.end(1)].strip(), named


def _lead_person(text: str) -> tuple[str, str]:
    """A person named before the title: (the title, the name). The name is a known first name and the
    word after it ("leonardo dicaprio"), or a known surname alone ("nolan"); anything else may open a
    title ("de rouille et d'os", "with honors"), and is left as typed."""
    m = _LEAD_PEOPLE.match(text)
    if not m:
        return text, ""
    words = text[m.end() :].split()
    first = fold(words[0]) if words else ""
    size = 2 if first in FIRST_NAMES else 1 if first in SURNAMES else 0
    if not size or len(words) <= size:
        return text, ""
    return " ".join(words[size:]), " ".join(words[:size])


def extract(title: str) -> Hints:
    """The hints of a title that the rule parser left; what remains is the title proper."""
    text = " ".join(title.replace("’", "'").split())
    if (m := _THE_ONE.search(text)) and fold(m.group(1) or "") not in _ONE_ORDERS:
        text = f"{text[: m.start()]} {m.group(1) or ''}".strip()  # "dune the 1984 one": the year is read
    text, country, language = _country_language(text)
    text, people = _made_by(text)
    text, order = _order(text)
    if not people:
        text, people = _lead_person(text)
    text = _TRAILING_FORM.sub("", text).strip() or text
    text, short = _short_year(text)
    if not people and (m := _PEOPLE.search(text)):
        before = text[: m.start()].strip(" ,")
        named = m.group(1).strip()
        # "avec tom hanks" names a person; "with benefits", "avec les loups" are words of a title, and so is
        # one word after "with" that is a typo of a frequent word ("friends with benefitz"), which opens
        # many titles' second half
        words = fold(named).split()
        title_word = m.group(0).lower().startswith("with") and len(words) == 1 and listed_typo(words[0])
        if before and not title_word and looks_like_name(words, announced=True):
            people, text = named, before
    text = _TRAILING_FORM.sub("", text).strip() or text
    return Hints(title=text, country=country, language=language, order=order, people=people, short_year=short)
