"""Misspellings of the tuning requests, made by typo models, to measure how the resolver generalises.

A diagnostic run by hand, not a benchmark of ``make bench`` (it is no ``bench_*`` module) and not a labelled
set: it reads only the tuning set (``bench/data/queries.jsonl``), never the held-out one.

    python -m bench.search_typos --seed 7                 # generate, resolve, print figures per class
    python -m bench.search_typos --seed 7 --write F.jsonl # only write the requests (with class and origin)
    python -m bench.search_typos --read F.jsonl --answers A.jsonl  # resolve a written file, keep answers

From the tuning set's ``confident`` and ``not_found`` requests, one typo model per generated request, each
tagged with its class; deterministic per seed (a seed you tune on is no measure any more: measure on a
fresh one). Classes:

- ``drop``, ``double``, ``swap``, ``neighbour``: one edit in one word of the title (a letter left out, typed
  twice, two neighbours swapped, a key next to the right one on QWERTY or AZERTY); never the first letter;
- ``accent_drop``, ``accent_add``: accents left out, or put on a letter that has none;
- ``two_typos``: two of those edits, in two words of the title (or far apart in one long word);
- ``phonetic``: French or English sounds written another way (ph/f, c/k/qu, ou/u, y/i, -tion/-sion, a
  silent final letter dropped or added);
- ``glue``, ``split``: two words of the title typed as one, one long word typed as two;
- ``article_drop``, ``article_add``: the title's leading article left out, or one put before it.

The label of the original is kept: a not_found request stays not_found. A perturbation is skipped when it
lands on another item of the bench catalogue (its title, article aside, is one edit or less from another
item's title and no farther from the labelled item's, or its first words became another item's title),
when a not_found request comes within one edit of any catalogue title, and when it repeats a request of
the tuning set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "queries.jsonl"
CATALOG_SIZE = 50_000
CATALOG_SEED = 1
PER_CLASS = 80
EDIT_MIN = 4  # letters a word needs for a one-edit typo
SPLIT_MIN = 7  # letters a word needs to be typed as two
_WORD = re.compile(r"[^\W\d_]+")
_ARTICLES = ("the", "le", "la", "les", "l")
_ROWS_QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROWS_AZERTY = ("azertyuiop", "qsdfghjklm", "wxcvbn")
_ACCENTED = {"e": "éèê", "a": "àâ", "i": "îï", "o": "ô", "u": "ùû", "c": "ç"}
# (written, also written): applied in either direction where the word holds one side
_SOUNDS = (
    ("ph", "f"),
    ("c", "k"),
    ("qu", "k"),
    ("ck", "k"),
    ("ou", "u"),
    ("y", "i"),
    ("tion", "sion"),
    ("ch", "sh"),
    ("oo", "ou"),
    ("ee", "i"),
    ("th", "t"),
    ("gh", "g"),
)
_SILENT_FINAL = "estdxh"

Row = dict[str, Any]
Mutation = Callable[[random.Random, str, list[tuple[int, int]]], str | None]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = (
        "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")
    )
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def _typed(text: str) -> str:
    """A request as typed, case and spacing aside (accents count: "élément" is not "element")."""
    return " ".join(text.casefold().split())


def title_key(text: str) -> str:
    words = fold(text).split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in _ARTICLES else " ".join(words)


def _keyboard(rows: tuple[str, ...]) -> dict[str, str]:
    near: dict[str, str] = {}
    for row in rows:
        for i, ch in enumerate(row):
            near[ch] = row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    return near


_QWERTY, _AZERTY = _keyboard(_ROWS_QWERTY), _keyboard(_ROWS_AZERTY)


# ---------------------------------------------------------------- one word


def _drop(rng: random.Random, w: str) -> str | None:
    if len(w) < EDIT_MIN:
        return None
    i = rng.randrange(1, len(w))
    return w[:i] + w[i + 1 :]


def _double(rng: random.Random, w: str) -> str | None:
    if len(w) < EDIT_MIN - 1:
        return None
    i = rng.randrange(1, len(w))
    return w[: i + 1] + w[i] + w[i + 1 :]


def _swap(rng: random.Random, w: str) -> str | None:
    spots = [i for i in range(1, len(w) - 1) if w[i] != w[i + 1]]
    if len(w) < EDIT_MIN or not spots:
        return None
    i = rng.choice(spots)
    return w[:i] + w[i + 1] + w[i] + w[i + 2 :]


def _neighbour(rng: random.Random, w: str) -> str | None:
    if len(w) < EDIT_MIN:
        return None
    keys = rng.choice((_QWERTY, _AZERTY))
    spots = [i for i in range(1, len(w)) if w[i].lower() in keys]
    if not spots:
        return None
    i = rng.choice(spots)
    return w[:i] + rng.choice(keys[w[i].lower()]) + w[i + 1 :]


_ONE_EDIT = (_drop, _double, _swap, _neighbour)


def _accent_drop(_: random.Random, w: str) -> str | None:
    plain = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return plain if plain != w else None


def _accent_add(rng: random.Random, w: str) -> str | None:
    spots = [i for i, c in enumerate(w) if c in _ACCENTED]
    if not spots:
        return None
    i = rng.choice(spots)
    return w[:i] + rng.choice(_ACCENTED[w[i]]) + w[i + 1 :]


def _phonetic(rng: random.Random, w: str) -> str | None:
    low = w.lower()
    options: list[str] = []
    for a, b in _SOUNDS:
        for src, dst in ((a, b), (b, a)):
            at = low.find(src, 1 if len(src) == 1 else 0)
            if at != -1 and not low.startswith(dst, at):
                options.append(low[:at] + dst + low[at + len(src) :])
    if len(low) >= 5 and low[-1] in _SILENT_FINAL:
        options.append(low[:-1])
    if len(low) >= 4 and low[-1] not in "aeiouy":
        options.append(low + "e")
    options = [o for o in options if o != low and len(o) >= 3]
    return rng.choice(options) if options else None


def _split(rng: random.Random, w: str) -> str | None:
    if len(w) < SPLIT_MIN:
        return None
    i = rng.randrange(3, len(w) - 2)
    return f"{w[:i]} {w[i:]}"


# ---------------------------------------------------------------- on a request


def title_spans(q: str) -> list[tuple[int, int]]:
    """Spans of ``q`` holding the words of its title as the bot's parser reads it (request words,
    years, seasons and hints left out), in order."""
    from myflix_bot.search.rules import parse_request  # noqa: PLC0415

    parsed = parse_request(q)
    if parsed.ids or parsed.source != "rules" or "/" in q:
        return []  # ids and URLs are not typed by hand
    wanted = fold(parsed.title).split()
    spans: list[tuple[int, int]] = []
    at = 0
    matches = list(_WORD.finditer(q))
    for word in wanted:
        for j in range(at, len(matches)):
            if fold(matches[j].group()) == word:
                spans.append(matches[j].span())
                at = j + 1
                break
    return spans


def _content(q: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in spans if fold(q[a:b]) not in _ARTICLES and b - a >= 3]


def _replace(q: str, span: tuple[int, int], new: str) -> str:
    return q[: span[0]] + new + q[span[1] :]


def _in_word(model: Callable[[random.Random, str], str | None]) -> Mutation:
    def mutate(rng: random.Random, q: str, spans: list[tuple[int, int]]) -> str | None:
        words = _content(q, spans)
        rng.shuffle(words)
        for span in words:
            new = model(rng, q[span[0] : span[1]])
            if new is not None:
                return _replace(q, span, new)
        return None

    return mutate


def _two_typos(rng: random.Random, q: str, spans: list[tuple[int, int]]) -> str | None:
    words = [s for s in _content(q, spans) if s[1] - s[0] >= EDIT_MIN]
    if len(words) >= 2:
        first, second = sorted(rng.sample(words, 2))
        for span in (second, first):  # the later one first: the earlier span stays valid
            new = rng.choice(_ONE_EDIT)(rng, q[span[0] : span[1]])
            if new is None:
                return None
            q = _replace(q, span, new)
        return q
    long = [s for s in words if s[1] - s[0] >= 8]
    if not long:
        return None
    a, b = long[0]
    w = q[a:b]
    half = len(w) // 2
    back = rng.choice(_ONE_EDIT)(rng, w[half:])
    front = rng.choice(_ONE_EDIT)(rng, w[:half])
    if back is None or front is None:
        return None
    return _replace(q, (a, b), front + back)


def _glue(rng: random.Random, q: str, spans: list[tuple[int, int]]) -> str | None:
    pairs = [
        (spans[i], spans[i + 1])
        for i in range(len(spans) - 1)
        if q[spans[i][1] : spans[i + 1][0]] == " " and spans[i + 1][1] - spans[i][0] >= 7
    ]
    if not pairs:
        return None
    left, right = rng.choice(pairs)
    return q[: left[1]] + q[right[0] :]


def _article_drop(_: random.Random, q: str, spans: list[tuple[int, int]]) -> str | None:
    if len(spans) < 2 or fold(q[spans[0][0] : spans[0][1]]) not in _ARTICLES:
        return None
    a, b = spans[0]
    end = b + 1 if q[b : b + 1] in (" ", "'", "’") else b
    return q[:a] + q[end:]


def _article_add(rng: random.Random, q: str, spans: list[tuple[int, int]]) -> str | None:
    if not spans or fold(q[spans[0][0] : spans[0][1]]) in _ARTICLES:
        return None
    a = spans[0][0]
    return q[:a] + rng.choice(("the ", "le ", "la ")) + q[a:]


CLASSES: dict[str, Mutation] = {
    "drop": _in_word(_drop),
    "double": _in_word(_double),
    "swap": _in_word(_swap),
    "neighbour": _in_word(_neighbour),
    "accent_drop": _in_word(_accent_drop),
    "accent_add": _in_word(_accent_add),
    "two_typos": _two_typos,
    "phonetic": _in_word(_phonetic),
    "glue": _glue,
    "split": _in_word(_split),
    "article_drop": _article_drop,
    "article_add": _article_add,
}


# ---------------------------------------------------------------- landing on another title


class Names:
    """The bench catalogue's title keys, to skip a typo that lands on another item."""

    def __init__(self) -> None:
        from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415

        self.items: dict[str, set[tuple[str, int]]] = {}
        self.own: dict[tuple[str, int], list[str]] = {}
        for item in generate(CATALOG_SIZE, CATALOG_SEED):
            key = (item.type, item.tmdbId if item.type == "movie" else item.tvdbId)
            for title in item.all_titles():
                k = title_key(title)
                self.items.setdefault(k, set()).add(key)
                self.own.setdefault(key, []).append(k)
        self.keys = list(self.items)
        self.words = {key: {w for t in ts for w in t.split()} for key, ts in self.own.items()}

    def misspelt(self, row: Row, spans: list[tuple[int, int]]) -> bool:
        """The original already misspells a word of its item's titles ("jurrasic parc"): not a clean start."""
        from rapidfuzz.distance import OSA  # noqa: PLC0415

        if row["expect"] != "confident":
            return False
        words = self.words.get((row["kind"], row["id"]), set())
        typed = [fold(row["q"][a:b]) for a, b in spans]
        return any(
            w not in words and any(len(t) >= 3 and OSA.distance(w, t) <= max(1, len(t) // 3) for t in words)
            for w in typed
            if len(w) >= 3
        )

    def opens_elsewhere(self, q: str, row: Row) -> bool:
        """The perturbed title's first words are now exactly another item's title, as the original's were
        not ("aliens de james cameron" -> "alien de james cameron": Alien is a title of its own)."""
        from myflix_bot.search.rules import parse_request  # noqa: PLC0415

        label = (row.get("kind"), row.get("id")) if row["expect"] == "confident" else None
        new, old = fold(parse_request(q).title).split(), fold(parse_request(row["q"]).title).split()
        runs = {title_key(" ".join(old[i:j])) for i in range(len(old)) for j in range(i + 1, len(old) + 1)}
        for k in range(1, len(new) + 1):
            key = title_key(" ".join(new[:k]))
            if key not in runs and self.items.get(key, set()) - {label}:
                return True
        return False

    def lands_elsewhere(self, q: str, row: Row) -> bool:
        from myflix_bot.search.rules import parse_request  # noqa: PLC0415
        from rapidfuzz import process  # noqa: PLC0415
        from rapidfuzz.distance import OSA  # noqa: PLC0415

        parsed = parse_request(q)
        key = title_key(parsed.title)
        label = (row.get("kind"), row.get("id")) if row["expect"] == "confident" else None
        hits = process.extract(key, self.keys, scorer=OSA.distance, score_cutoff=1, limit=50)
        others = [d for k, d, _ in hits if self.items[k] - {label}]
        if not others:
            return False
        if label is None:
            return True
        mine = min((OSA.distance(key, k) for k in self.own.get(label, [])), default=99)  # type: ignore[arg-type]
        return min(others) <= mine


def generate_rows(seed: int, per_class: int = PER_CLASS, path: Path = DATA) -> list[Row]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    taken = {_typed(r["q"]) for r in rows}
    pool = [r for r in rows if r["expect"] in ("confident", "not_found")]
    names = Names()
    out: list[Row] = []
    for name, mutate in CLASSES.items():
        rng = random.Random(f"{seed}:{name}")
        order = pool[:]
        rng.shuffle(order)
        made = 0
        for row in order:
            if made >= per_class:
                break
            spans = title_spans(row["q"])
            if not spans or names.misspelt(row, spans):
                continue
            q = mutate(rng, row["q"], spans)
            if q is None or _typed(q) in taken or not fold(q):
                continue
            if names.lands_elsewhere(q, row) or names.opens_elsewhere(q, row):
                continue
            taken.add(_typed(q))
            out.append(
                {**{k: v for k, v in row.items() if k != "q"}, "q": q, "class": name, "orig": row["q"]}
            )
            made += 1
    random.Random(seed).shuffle(out)
    return out


# ---------------------------------------------------------------- running and figures


def resolve(rows: list[Row]) -> list[dict[str, Any]]:
    from myflix_testkit.fakes import radarr, sonarr  # noqa: PLC0415
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415
    from myflix_testkit.fakes.server import FakeServer  # noqa: PLC0415

    from bench.bench_search import resolve_all  # noqa: PLC0415

    catalog = generate(CATALOG_SIZE, CATALOG_SEED)
    rs, ss = radarr.RadarrState(catalog), sonarr.SonarrState(catalog)
    with FakeServer(radarr.create_app(rs)) as r, FakeServer(sonarr.create_app(ss)) as s:
        return [a for _, a in asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, rows))]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0


def figures(rows: list[Row], answers: list[dict[str, Any]]) -> str:
    from bench.bench_search import solved  # noqa: PLC0415

    groups: dict[str, list[tuple[Row, dict[str, Any]]]] = {}
    for row, answer in zip(rows, answers, strict=True):
        groups.setdefault(row["class"], []).append((row, answer))
        groups.setdefault("all", []).append((row, answer))
    head = f"{'class':<13}{'n':>5}{'strict':>8}{'wrong':>7}{'nf<-conf':>9}{'amb<-conf':>10}{'conf<-nf':>9}"
    lines = [head + f"{'lk p95':>8}{'lk max':>7}{'ms p50':>8}{'ms p95':>8}"]
    for name in [*CLASSES, "all"]:
        pairs = groups.get(name, [])
        if not pairs:
            continue
        ok = sum(solved(r, a) for r, a in pairs)
        wrong = sum(
            a["decision"] == "confident"
            and (r["expect"] != "confident" or (a["kind"], a["id"]) != (r["kind"], r["id"]))
            for r, a in pairs
        )
        nf = sum(r["expect"] == "confident" and a["decision"] == "not_found" for r, a in pairs)
        amb = sum(r["expect"] == "confident" and a["decision"] == "ambiguous" for r, a in pairs)
        conf_nf = sum(r["expect"] == "not_found" and a["decision"] != "not_found" for r, a in pairs)
        lookups = [float(a["lookups"]) for _, a in pairs]
        ms = [float(a.get("ms_own", 0.0)) for _, a in pairs]
        lines.append(
            f"{name:<13}{len(pairs):>5}{100 * ok / len(pairs):>7.1f}%{wrong:>7}{nf:>9}{amb:>10}{conf_nf:>9}"
            f"{_p95(lookups):>8.0f}{max(lookups):>7.0f}{statistics.median(ms):>8.2f}{_p95(ms):>8.2f}"
        )
    return "\n".join(lines)


def misses(rows: list[Row], answers: list[dict[str, Any]]) -> str:
    from bench.bench_search import solved  # noqa: PLC0415

    out = []
    for row, a in zip(rows, answers, strict=True):
        if not solved(row, a):
            want = (row.get("kind"), row.get("id")) if row["expect"] == "confident" else row["expect"]
            out.append(
                f"  {row['class']:<12} {row['q']!r} (from {row['orig']!r}): want {want}, got {a['decision']} "
                f"({a['kind']}, {a['id']}) {a.get('title')!r} [{a.get('reason')}] lookups={a['lookups']}"
            )
    return "\n".join(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_typos", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, help="generate with this seed")
    parser.add_argument("--per-class", type=int, default=PER_CLASS)
    parser.add_argument("--read", type=Path, help="resolve the requests of this file instead")
    parser.add_argument("--write", type=Path, help="write the generated requests here and stop")
    parser.add_argument("--answers", type=Path, help="write every answer (with class and origin) here")
    parser.add_argument("--misses", action="store_true", help="print the requests not solved")
    args = parser.parse_args(argv)
    if args.read:
        rows = [json.loads(x) for x in args.read.read_text(encoding="utf-8").splitlines() if x.strip()]
    elif args.seed is not None:
        rows = generate_rows(args.seed, args.per_class)
    else:
        parser.error("give --seed or --read")
    if args.write:
        args.write.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        print(f"{len(rows)} requests written to {args.write}")
        return 0
    t0 = time.perf_counter()
    answers = resolve(rows)
    if args.answers:
        with args.answers.open("w", encoding="utf-8") as f:
            for row, a in zip(rows, answers, strict=True):
                f.write(json.dumps({**row, "answer": a}, ensure_ascii=False) + "\n")
    if args.misses:
        print(misses(rows, answers))
    print(figures(rows, answers))
    print(f"{len(rows)} requests in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
