"""From ranked candidates to a decision: ``confident``, ``ambiguous`` or ``not_found``.

- ``not_found``: no candidate's name matches the title closely (or the request asks for a sequel
  number past the last one, or a title opens the request but the other words are words of another
  title: "friends with benefits"); the nearest names come along as suggestions, never as an
  "ambiguous" list of unrelated items.
- ``confident``: an exact id; or one item is named (title similarity high, clearly ahead of anything
  else) and either it is the only item carrying that name once the user's disambiguators are applied
  (year, kind, country, original language, "le remake"/"le dessin animé", a director or network the
  item's data carries), or it is at least :data:`DOMINANCE` times as popular as every other item of
  that name (the others stay one tap away). An item titled exactly as asked carries the name; one whose
  title holds it with more words, or is a part of it, does not ("les filles du docteur march" is not
  also "Les Quatre Filles du docteur March").
- ``ambiguous``: several items carry the name and their popularity is close, or nothing is named well enough.

Nothing is ever added before the user presses Add on the card: the decision picks what the card shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from myflix_bot.search.hints import nationality_first
from myflix_bot.search.query import ParsedQuery
from myflix_bot.search.rank import (
    Scored,
    franchise_part,
    genre_asked,
    genres_of,
    named_before_name,
    near_word,
    sequel_base,
    spelled_out,
    title_similarity,
    unqualified,
    without_article,
    words_named,
    year_signal,
)
from myflix_bot.search.rules import form_said
from myflix_bot.search.text import (
    asked_numbers,
    fold,
    match_key,
    part_numbers,
    significant,
    small_numbers,
    without_parts,
)

Verdict = Literal["confident", "ambiguous", "not_found"]

FOUND_MIN = 80.0  # below this title similarity, a candidate is not a match at all
CONFIDENT_MIN = 85.0  # title similarity needed for a confident answer
NAMED_SPREAD = 4.0  # candidates this close in similarity to the best carry the same name
MARGIN = 7.0  # score lead over an unnamed runner-up needed for a confident answer
DOMINANCE = 3.0  # popularity ratio from which the popular homonym is meant
MAX_CHOICES = 6
EXACT = 100.0
MAX_SUGGESTIONS = 3
SPELLED_WORDS = 2  # words a rough match must spell out to be confident


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    best: Scored | None
    alternatives: tuple[Scored, ...]
    confidence: float  # 0..1
    reason: str = ""
    suggestions: tuple[str, ...] = ()  # not_found: the nearest names seen, to offer instead


def _label(s: Scored) -> str:
    c = s.candidate
    return f"{c.title} ({c.year})" if c.year else c.title


def _not_found(ranked: list[Scored], reason: str) -> Decision:
    near: list[str] = []
    for s in sorted(ranked, key=lambda s: -s.similarity):
        if s.similarity < FOUND_MIN - 25 or len(near) >= MAX_SUGGESTIONS:
            break
        if _label(s) not in near:
            near.append(_label(s))
    return Decision("not_found", None, (), 0.0, reason, tuple(near))


def _narrow(query: ParsedQuery, named: list[Scored]) -> list[Scored]:
    """The named items the user's own words still allow, each filter kept only when something passes."""
    filters = [
        lambda s: query.kind is None or s.candidate.kind == query.kind,
        lambda s: query.year is None or year_signal(query.year, s.candidate.year) > 0,
        # the year typed itself before a year one off ("queer as folk 2000", not the 1999 one)
        lambda s: query.year is None or s.candidate.year == query.year,
        lambda s: (
            query.country is None or any(query.country in fold(t).split() for t in s.candidate.titles())
        ),
        lambda s: query.language is None or s.candidate.language == query.language,
        lambda s: s.signals > 0,
        lambda s: genre_asked(query, s.candidate),  # "cendrillon dessin animé": the cartoon
    ]
    group = named
    for keep in filters:
        passed = [s for s in group if keep(s)]
        if passed:
            group = passed
    if query.order is not None and query.year is None and len(group) > 1:
        guessed = [s for s in group if s.guess]
        if guessed:
            group = guessed
    return group


def _run_of(inner: list[str], outer: list[str]) -> bool:
    """``inner`` is a shorter run of consecutive words of ``outer``."""
    size = len(inner)
    return 0 < size < len(outer) and any(outer[k : k + size] == inner for k in range(len(outer) - size + 1))


def _asked_keys(query: ParsedQuery) -> set[str]:
    """The request's title keys, leading article aside, also without a part or episode number
    ("star wars episode 5" -> "star wars 5", "star wars")."""
    titles = query.titles()
    return {without_article(match_key(t)) for t in [*titles, *(without_parts(t) for t in titles)]}


def _titled_exactly(asked: set[str], s: Scored) -> bool:
    """One of the candidate's titles is one of the request's title keys ``asked``."""
    return s.similarity >= EXACT or any(
        without_article(match_key(t)) in asked or without_article(match_key(unqualified(t))) in asked
        for t in s.candidate.titles()
    )


def _inside_or_around(asked: set[str], s: Scored) -> bool:
    """Not a title of the request, but one of the candidate's titles holds one with more words ("Les
    Quatre Filles du docteur March" for "les filles du docteur march", "Star Wars: Andor" for "star wars
    episode 5") or is a part of it ("Night" for "the night of"). Not a spelling variant ("Spider-Man" for
    "spiderman"): the words differ. Nor an item chosen by the number rules."""
    if s.similarity >= EXACT or s.guess:
        return False
    keys = [k.split() for k in asked]
    for title in s.candidate.titles():
        words = without_article(match_key(title)).split()
        if any(_run_of(words, q) or _run_of(q, words) for q in keys):
            return True
    return False


def _near_titles(query: ParsedQuery, ranked: list[Scored], group: list[Scored]) -> list[Scored]:
    """A title that is exactly the request's beats those that hold it with more words or are a part of
    it: ``group`` without those when an item found is titled exactly so; nothing when that leaves nothing
    and the items titled so all lack the number asked though they number their installments with a part
    word ("star wars episode 5": the film "Star Wars" is "Episode IV", not the fifth, and the series
    "Star Wars: Andor" is not what "star wars" names); else ``group`` ("avatar episode 4": the film
    "Avatar" has no episodes, the request may well mean the series "Avatar: The Last Airbender")."""
    asked = _asked_keys(query)
    near = [s for s in group if _inside_or_around(asked, s)]
    titled = [s for s in ranked if _titled_exactly(asked, s)] if near else []
    if not titled:
        return group
    kept = [s for s in group if s not in near]
    if kept:
        return kept
    in_parts = any(part_numbers(t) for s in titled for t in s.candidate.titles())
    return [] if in_parts and all(s.number_missing for s in titled) else group


COUNTRY_TAGS = frozenset(["us", "uk"])  # the country tags the *arr titles carry ("The Office (US)")


def _nationality_unused(query: ParsedQuery, group: list[Scored]) -> bool:
    """The country or language word that opens the request picks none of the items named by the rest
    ("american psycho": no 'Psycho' carries "(US)", and every one is in English): it is the first word of
    another title, absent, not a hint ("the american office" picks 'The Office (US)'; "the korean oldboy"
    the Korean 'Oldboy' of two)."""
    if not (query.country or query.language) or not nationality_first(query.full_title or query.title):
        return False
    if any(title_similarity(query.full_title, s.candidate) >= EXACT for s in group if query.full_title):
        return False
    spoken = {s.candidate.language == query.language for s in group} if query.language else {True}
    if query.country not in COUNTRY_TAGS:
        return spoken == {False}  # "the french dispatch"; "le film coréen parasite" is the Korean film
    # a country tag (English, the language of most items, tells little): a title must carry it
    carried = any(query.country in fold(t).split() for s in group for t in s.candidate.titles())
    return not carried and len(spoken) == 1


def _sequel_of_another(query: ParsedQuery, best: Scored, matches: list[Scored]) -> bool:
    """The request is a title found followed by a number that title's franchise lacks ("taxi driver 2":
    'Taxi Driver' has no sequel), and the best match is only another title carrying the number, which
    lacks words of that name ('Taxi 2'): a sequel past the last, not a rough likeness of another film."""
    asked = sequel_base(query)
    if asked is None or best.named or best.guess or best.similarity >= EXACT:
        return False
    base, _ = asked
    words = set(significant(base.split()))
    titled = [s for s in matches if s.number_missing and title_similarity(base, s.candidate) >= EXACT]
    return bool(titled) and not any(words <= set(match_key(t).split()) for t in best.candidate.titles())


def _whole_request(query: ParsedQuery, group: list[Scored]) -> list[Scored]:
    """The items whose title is the whole request, word for word (typos aside), when the parser read some
    of its words as a hint and others carry only the rest: "die hard with a vengance" is 'Die Hard with a
    Vengeance', not 'Die Hard' described by a person "a vengance"."""
    if not query.full_title or len(group) < 2:
        return group
    typed = [w for w in significant(match_key(query.full_title).split()) if not w.isdigit()]
    short = significant(match_key(query.title).split())
    if len(typed) <= len(short):
        return group
    whole = [s for s in group if any(_word_for_word(typed, t) for t in s.candidate.titles())]
    return whole if whole and len(whole) < len(group) else group


def _word_for_word(typed: list[str], title: str) -> bool:
    words = significant(match_key(unqualified(title)).split())
    return len(words) == len(typed) and all(
        a == b or near_word(a, {b}) for a, b in zip(typed, words, strict=True)
    )


def _country_untold(query: ParsedQuery, group: list[Scored]) -> bool:
    """A country tag was said ("Skins.US.S01E01") and no homonym's title carries it: no data tells which
    one is of that country, so popularity may not pick one."""
    return query.country is not None and not any(
        query.country in fold(t).split() for s in group for t in s.candidate.titles()
    )


def _dominant(group: list[Scored]) -> Scored | None:
    by_pop = sorted(group, key=lambda s: -s.candidate.popularity)
    top, runner = by_pop[0], by_pop[1]
    if top.candidate.popularity > 0 and top.candidate.popularity >= DOMINANCE * runner.candidate.popularity:
        return top
    return None


def _competes(query: ParsedQuery, other: Scored, chosen: Scored) -> bool:
    """An unnamed candidate that could still be what was meant: not when the chosen one carries exactly the
    name typed and the other does not ("alien" is not "Aliens"), nor one whose titles all carry a sequel
    number the request does not ask for ("kung fu panda" is not "Kung Fu Panda 2"), nor one whose title
    is not the request's, misspelt or not, when the chosen one's is."""
    if chosen.similarity >= EXACT and other.similarity < EXACT:
        return False
    if other.number_missing and not chosen.number_missing:
        return False  # the user asked for a number this one's titles lack ("back to the future 2")
    if _extends(other, chosen, query):
        return False  # "jurasik park" is not "The Lost World: Jurassic Park"
    if not _spelled(query, other) and _spelled(query, chosen):
        return False  # "iron men" spells Iron Man; a title that only shares letters with it does not
    asked = asked_numbers(query.title)
    return not all(small_numbers(match_key(t)) - asked for t in other.candidate.titles())


def _only_contained(query: ParsedQuery, s: Scored) -> bool:
    """A rough match that is only a shorter title inside the request: every title of the candidate that
    the request contains leaves words of the request unexplained (the ranker did not name it), and no
    title is a rough spelling of the whole request. Those words name something else: not this item."""
    if s.named:
        return False
    asked = set(significant(match_key(query.full_title or query.title).split()))
    if any(any(c.isdigit() for c in w) for w in asked):
        return False  # a sequel, season or book number: the number rules judge ("kaamelott livre 1")
    return all(set(significant(match_key(t).split())) < asked for t in s.candidate.titles())


def _extends(other: Scored, chosen: Scored, query: ParsedQuery) -> bool:
    """Every title of ``other`` is ``chosen``'s title plus words the request does not have (typos
    allowed): a longer title of the same name, which the user would have typed."""
    base = set(significant(match_key(chosen.candidate.title).split()))
    asked = set(significant(match_key(query.title).split()))
    for title in other.candidate.titles():
        words = set(significant(match_key(title).split()))
        if not base < words or any(near_word(w, asked) for w in words - base):
            return False
    return True


def _spelled(query: ParsedQuery, s: Scored) -> bool:
    """The request names this candidate: by its title (typos aside), by the words around it (``named``),
    or by the sequel and release order rules (``guess``)."""
    return s.named or s.guess or s.similarity >= EXACT or spelled_out(query, s.candidate)


def _unnamed(query: ParsedQuery, matches: list[Scored], top_sim: float) -> bool:
    """No candidate's title is the one asked, even misspelt, and the request is no franchise's name: a
    rough likeness ("the revenant": The Returned), words that no title has ("spider-man homecoming":
    Spider-Man 2) or a part of several titles ("blade": Blade Runner, Blade Runner 2049) names nothing.
    A distinctive part of one title ("chihiro", "furiosa") still names that title."""
    if any(_spelled(query, s) for s in matches) or franchise_part(query, matches):
        return False
    if any(franchise_part(named, matches) for named in named_before_name(query)):
        return False  # "kill bill tarantino": the franchise's name, then who made it
    carrying = [s for s in matches if words_named(query, s.candidate)]
    return top_sim < CONFIDENT_MIN or len(carrying) != 1


def _alone_spelled(query: ParsedQuery, best: Scored, matches: list[Scored]) -> bool:
    """A rough match that the request spells word by word (typos in several words: "la casa del papel",
    "dune prophétie") and that nothing else found comes near: the one item meant, not a hesitation. One
    word alone is too little to tell a typo from another title ("the revenant" / "Les Revenants")."""
    if len(significant(match_key(query.title).split())) < SPELLED_WORDS:
        return False
    if best.number_missing or best.guess or not spelled_out(query, best.candidate):
        return False
    return all(s is best or (best.score - s.score >= MARGIN and not _spelled(query, s)) for s in matches)


def _word_of_its_own(query: ParsedQuery, matches: list[Scored]) -> bool:
    """The request's title is one word of the frequency lists that no title found holds as typed: a word
    of its own ("the revenant", a film of its own), not a typo of the one found by likeness ("Les
    Revenants")."""
    from myflix_bot.search.spelling import word_counts  # noqa: PLC0415 - lazy, as every search module

    words = significant(match_key(query.title).split())
    if len(words) != 1 or not words[0].isalpha() or words[0] not in word_counts():
        return False
    return not any(words[0] in match_key(t).split() for s in matches for t in s.candidate.titles())


def _rough(query: ParsedQuery, best: Scored, matches: list[Scored]) -> Decision:
    if _word_of_its_own(query, matches):
        return _not_found(matches, "the word asked is a word of its own, not this title misspelt")
    rest = tuple(s for s in matches if s is not best)[:MAX_CHOICES]
    if _alone_spelled(query, best, matches):
        confidence = round(best.similarity / 100.0, 3)
        return Decision("confident", best, rest, confidence, "the request spells one item's title")
    return Decision("ambiguous", best, rest, 0.5, "title only roughly matches")


def decide(query: ParsedQuery, ranked: list[Scored]) -> Decision:  # noqa: PLR0911, PLR0912 - a return per rule
    if ranked and ranked[0].exact_id:
        return Decision("confident", ranked[0], tuple(ranked[1 : MAX_CHOICES + 1]), 1.0, "exact id")
    matches = [s for s in ranked if s.similarity >= FOUND_MIN and not s.partial]
    if not matches:
        if any(s.partial for s in ranked):  # "friends with benefits": Friends is a suggestion, not a match
            return _not_found(ranked, "the request names more than the titles found")
        return _not_found(ranked, "no candidate matches the title")
    best = matches[0]
    if best.number_missing or _sequel_of_another(query, best, matches):
        return _not_found(ranked, "no item carries the number asked for")
    top_sim = max(s.similarity for s in matches)
    if _unnamed(query, matches, top_sim):
        return _not_found(ranked, "no candidate's title is the one asked, even misspelt")
    if top_sim < CONFIDENT_MIN:
        if all(_only_contained(query, s) for s in matches):  # "fear the walking dead", "house of gucci"
            return _not_found(ranked, "the request names more than the titles found")
        return _rough(query, best, matches)
    named = _named(matches, best, top_sim)
    if _nationality_unused(query, named):
        return _not_found(ranked, "the nationality word opens a title not found, it picks no item")
    group = _near_titles(query, ranked, _whole_request(query, _narrow(query, named)))
    if not group:
        return _not_found(ranked, "no item carries the number asked for")
    others = [s for s in matches if s not in group]
    if len(group) == 1:
        chosen, reason = group[0], "the request names one item"
    else:
        dominant = None if form_said(query.text) or _country_untold(query, group) else _dominant(group)
        if dominant is None:
            return _homonyms(query, ranked, group, others)
        chosen, reason = dominant, "far more popular than its homonyms"
    runner = next((s for s in matches if s not in group and _competes(query, s, chosen)), None)
    if runner is not None and not runner.named and chosen.score - runner.score < MARGIN and not chosen.guess:
        rest = tuple(s for s in matches if s is not chosen)[:MAX_CHOICES]
        return Decision("ambiguous", chosen, rest, 0.5, "several candidates score alike")
    rest = tuple(s for s in matches if s is not chosen)[:MAX_CHOICES]
    return _confident(query, ranked, chosen, rest, reason)


def _named(matches: list[Scored], best: Scored, top_sim: float) -> list[Scored]:
    """The candidates that carry the name asked: as alike as the best title, the best one first."""
    named = [s for s in matches if s.similarity >= top_sim - NAMED_SPREAD and not s.number_missing]
    return named if best in named else [best, *named]


def _homonyms(
    query: ParsedQuery, ranked: list[Scored], group: list[Scored], others: list[Scored]
) -> Decision:
    """Several items of close popularity carry the name: ambiguous, unless the year asked excludes every
    one of them ("king kong 1946", "halloween 2024"); the item of that year would have come back from the
    lookup of the name, so none is what the request names (a single item so excluded: ``_confident``)."""
    if query.year is not None and all(not s.guess and _year_off(query.year, s.candidate.year) for s in group):
        return _not_found(ranked, "the year asked excludes every item of this name")
    rest = tuple(s for s in group if s is not group[0]) + tuple(others)
    return Decision("ambiguous", group[0], rest[:MAX_CHOICES], 0.5, "several items carry this name")


def _confident(
    query: ParsedQuery, ranked: list[Scored], chosen: Scored, rest: tuple[Scored, ...], reason: str
) -> Decision:
    """The confident answer, unless the request's own words exclude the one item chosen."""
    if query.year is not None and not chosen.guess and _year_off(query.year, chosen.candidate.year):
        # the year asked excludes the one item found: the item of that year was not found (a misspelt
        # lookup may miss it), so this one is not what the request names
        return _not_found(ranked, "the year asked excludes the item found")
    if query.order == "animated" and not chosen.guess and _not_drawn(chosen):
        # "dune anime": the data tells the item's genres, none is Animation; the cartoon asked is absent
        return _not_found(ranked, "no item of this name is a cartoon")
    if _order_unmet(query, chosen):
        # "the lion king remake" when the lookups found one Lion King: the one asked may be the other
        return Decision("ambiguous", chosen, rest, 0.5, "the order asked needs the franchise, not found")
    if _unasked_sequel(query, chosen):
        # "moi miche et méchant" when only the sequels came back: the request names the first one
        return Decision("ambiguous", chosen, rest, 0.5, "every title found carries a number not asked")
    confidence = round(max(0.7, min(1.0, chosen.similarity / 100.0)), 3)
    return Decision("confident", chosen, rest, confidence, reason)


def _not_drawn(s: Scored) -> bool:
    """The lookup tells the item's genres, and Animation is none of them."""
    genres = genres_of(s.candidate)
    return bool(genres) and "Animation" not in genres


def _order_unmet(query: ParsedQuery, chosen: Scored) -> bool:
    """The request asks for the latest or the first of a franchise ("remake", "le dessin animé"), the
    release-order rule did not pick the item (one member found), no year or number says which, and the
    words read as an order are not words of its title ("premier contact")."""
    if query.order is None or query.year is not None or chosen.guess or asked_numbers(query.title):
        return False
    if query.order == "animated" and genre_asked(query, chosen.candidate):
        return False  # the one found is the cartoon: its genres say so
    full = query.full_title or query.title
    return title_similarity(full, chosen.candidate) < CONFIDENT_MIN and not _order_words_titled(query, chosen)


def _order_words_titled(query: ParsedQuery, chosen: Scored) -> bool:
    """The words read as an order open the request and, with the title's first word after them, open one
    of the item's titles: "premier contact villeneuve" is 'Premier Contact' (a surname after it lowers the
    whole request's likeness), and so is "premier contacte villeneuve" (that title word misspelt), never
    "le premier shrek" ('Shrek')."""
    full, title = fold(query.full_title).split(), fold(query.title).split()
    if not title or len(full) <= len(title) or full[len(full) - len(title) :] != title:
        return False
    *order, first = full[: len(full) - len(title) + 1]
    for t in chosen.candidate.titles():
        words = fold(t).split()
        if len(words) > len(order) and words[: len(order)] == order and near_word(first, {words[len(order)]}):
            return True
    return False


YEAR_EXCLUDES = 3  # a year asked this far from the item's excludes it (2: a production or festival year)


def _year_off(wanted: int, year: int | None) -> bool:
    return year is not None and abs(wanted - year) >= YEAR_EXCLUDES


def _unasked_sequel(query: ParsedQuery, s: Scored) -> bool:
    """Every title of the item carries a sequel number after its name and the request asks for none: it
    is a sequel of what the request names, never that ("24" is a name, "un gars une fille" no number)."""
    if s.guess or s.exact_id or asked_numbers(query.full_title or query.title):
        return False
    return all(
        asked_numbers(t) and any(w.isalpha() for w in match_key(t).split()) for t in s.candidate.titles()
    )
