"""Property test of the GC rules over ~10,000 random passes (a few torrents each, with their
qBittorrent, *arr and filesystem state): a pass never deletes anything un-imported, under its seeding
goal, private before its minimum time, unknown, whose main file is missing or unreadable, whose *arr
failed during the pass, or whose data another torrent that stays still uses (a cross-seed). Each rule
has a positive twin: what fully qualifies is deleted, so the rule is not "never delete"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myflix_bot.watchers.gc_policy import (
    GcPolicy,
    PassItem,
    TorrentFacts,
    decide,
    decide_pass,
)
from myflix_bot.watchers.settings import GcCategory

CATEGORIES = {
    "radarr": GcCategory("radarr", "radarr", min_ratio=1.0, min_seed_time=None),
    "tv-sonarr": GcCategory("tv-sonarr", "sonarr", min_ratio=2.0, min_seed_time=3 * 86400),
    "anime": GcCategory("anime", "sonarr", min_ratio=None, min_seed_time=86400),
    "nogoal": GcCategory("nogoal", "radarr", min_ratio=None, min_seed_time=None),
}
POLICY = GcPolicy(categories=CATEGORIES, private_min_seed_time=14 * 86400)
# content locations: shared (the same folder twice), parent/child, disjoint siblings, unknown
PATHS = ["/d/Film", "/d/Film", "/d/Film/part0.mkv", "/d", "/d/Other", "/e/Show", None]

# Each example must be cheap: 10,000 of them. Hypothesis's cost is per choice it draws (most of a
# run is its engine, not the rules), so an example is ONE draw of a fixed number of bytes, read into
# the state in plain Python by a Reader; each byte always has the same meaning, so a failure shrinks
# field by field towards all zero bytes (the simplest state). The bytes are uniform; the reading biases
# them towards the edges that matter: a quarter of the ratios and seed times sit on or next to a goal,
# a quarter of the optional fields are None, a quarter of a pass's torrents come from the prepared
# facts that qualify, so both sides of every rule are reached often (the deleting side about ten times
# as often as with a strategy per field).


class Reader:
    """Reads a state's fields out of one Hypothesis byte string, one or a few bytes per field."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def number(self, below: int) -> int:
        """0 <= n < below, from as many bytes as give 8 bits to spare (so every n is about as likely)."""
        size = (below.bit_length() + 15) // 8
        chunk = self.data[self.at : self.at + size]
        self.at += size
        assert len(chunk) == size, "the state reads more bytes than were drawn"
        return int.from_bytes(chunk) % below

    def pick[T](self, choices: Sequence[T]) -> T:
        return choices[self.number(len(choices))]


def states[S](read: Callable[[Reader], S]) -> st.SearchStrategy[S]:
    """One draw of exactly the bytes ``read`` consumes (it always reads the same number), read."""
    probe = Reader(bytes(4096))
    read(probe)
    return st.binary(min_size=probe.at, max_size=probe.at).map(lambda data: read(Reader(data)))


ANY_CATEGORY = [*CATEGORIES, "", "manual", "RADARR"]
TRI_STATE = [None, False, True]
MOSTLY_TRUE = [True, True, None, False]  # main files: True readable regular files; False missing; None
FAILING = [frozenset(), frozenset({"radarr"}), frozenset({"sonarr"}), frozenset()]
RATIO_EDGES = [0.99, 1.0, 1.01, 1.99, 2.0, 2.01]  # around the goals of radarr (1.0) and tv-sonarr (2.0)
SEED_EDGES = [day * 86400 + delta for day in (1, 3, 14) for delta in (-1.0, 0.0, 1.0)]  # around the goals
LINK_COUNTS = [None, 0, 1, 2, 3, 4]  # None: unreadable


def optional_value(r: Reader, edges: Sequence[float], below: int, per: int) -> float | None:
    """None, an edge, or any value n / per with n under below (each read, so bytes keep their meaning)."""
    form, edge, value = r.number(4), r.pick(edges), r.number(below) / per
    return (None, edge, value, value)[form]


def ratio_of(r: Reader) -> float | None:
    return optional_value(r, RATIO_EDGES, 5001, 100)  # hundredths, 0-50: the goals reachable


def seed_time_of(r: Reader) -> float | None:
    return optional_value(r, SEED_EDGES, 40 * 86400 + 1, 1)  # whole seconds, up to 40 days


def links_of(r: Reader) -> tuple[int | None, ...] | None:
    count = r.number(6) - 1  # -1: not known at all
    values = tuple(r.pick(LINK_COUNTS) for _ in range(4))
    return None if count < 0 else values[:count]


def facts_of(r: Reader, index: int = 0) -> TorrentFacts:
    """Every field random, read in a fixed order so that each byte keeps its meaning."""
    return TorrentFacts(
        hash=f"{index:040d}",
        name=f"Film {index}",
        category=r.pick(ANY_CATEGORY),
        complete=r.number(4) != 1,
        ratio=ratio_of(r),
        seeding_time=seed_time_of(r),
        private=r.pick(TRI_STATE),
        main_links=links_of(r),
        history_imported=r.pick(TRI_STATE),
        main_files_ok=r.pick(MOSTLY_TRUE),
    )


def one_torrent(r: Reader) -> tuple[TorrentFacts, frozenset[str]]:
    return facts_of(r), r.pick(FAILING)


# A pass is 1-3 torrents drawn from a pool of prepared facts covering every rule on both sides, each
# with a content location (shared, parent/child, disjoint, unknown), and the *arrs that failed during
# the pass.
POOL = [
    TorrentFacts(
        hash="",
        name="",
        category=category,
        complete=complete,
        ratio=ratio,
        seeding_time=seed,
        private=private,
        main_links=main_links,
        history_imported=history,
        main_files_ok=files_ok,
    )
    for category in ("radarr", "tv-sonarr", "manual")
    for complete in (True, False)
    for ratio, seed in ((2.5, 20 * 86400.0), (0.1, 10.0))
    for private in (False, True, None)
    for main_links, history in (((2,), None), ((1,), True), ((1,), False), ((None,), None))
    for files_ok in (True, False, None)
]
SIZES = [1, 2, 2, 3, 3, 3, 3, 3]  # mostly three torrents (one alone is also the lone-torrent tests)


def items_of(drawn: list[tuple[int, int]]) -> list[PassItem]:
    return [
        PassItem(replace(POOL[facts], hash=f"{i:040d}", name=f"Film {i}"), (PATHS[path],))
        for i, (facts, path) in enumerate(drawn)
    ]


def one_pass(r: Reader) -> tuple[list[tuple[int, int]], frozenset[str]]:
    """(index into POOL, index into PATHS) per torrent, and the failing *arrs."""
    size, failing = r.pick(SIZES), r.pick(FAILING)
    drawn = []
    for _ in range(3):  # always three, so that each byte keeps its meaning while shrinking
        source = QUALIFYING if r.number(4) == 1 else range(len(POOL))
        drawn.append((r.pick(source), r.pick(range(len(PATHS)))))
    return drawn[:size], failing


def every_main_file_linked(links: tuple[int | None, ...] | None) -> bool:
    """Import proven by links: there are main files, every link count is known, each has another link."""
    return bool(links) and all(n is not None and n > 1 for n in links)


def seed_goal_reached(category: GcCategory, ratio: float | None, seeding_time: float | None) -> bool:
    """The category's seed goal: its ratio or its seed time, whichever it sets, reached (unknown is not)."""
    if category.min_ratio is not None and ratio is not None and ratio >= category.min_ratio:
        return True
    goal = category.min_seed_time
    return goal is not None and seeding_time is not None and seeding_time >= goal


def qualifies_alone(facts: TorrentFacts, failing: frozenset[str]) -> bool:
    """The rules for one torrent, written out independently of the implementation."""
    category = CATEGORIES.get(facts.category)
    return (
        category is not None
        and category.arr not in failing
        and facts.complete
        and facts.main_files_ok is True
        and (every_main_file_linked(facts.main_links) or facts.history_imported is True)
        and seed_goal_reached(category, facts.ratio, facts.seeding_time)
        and facts.private is not None
        and (not facts.private or (facts.seeding_time or 0) >= POLICY.private_min_seed_time)
    )


QUALIFYING = [i for i, facts in enumerate(POOL) if qualifies_alone(facts, frozenset())]
passes = states(one_pass)
lone_torrents = states(one_torrent)


def share(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


def assert_may_go(facts: TorrentFacts, failing: frozenset[str]) -> None:
    """Everything that must hold for a torrent that is deleted."""
    category = CATEGORIES.get(facts.category)
    # managed by Radarr/Sonarr, and that *arr answered the whole pass (point 2)
    assert category is not None
    assert category.arr not in failing
    assert facts.complete
    # every main file is a readable regular file (point 3)
    assert facts.main_files_ok is True
    # imported, by links known to be > 1 for every main file, or by the *arr history
    links_known_imported = (
        facts.main_links is not None
        and len(facts.main_links) > 0
        and all(n is not None and n > 1 for n in facts.main_links)
    )
    assert links_known_imported or facts.history_imported is True
    # seeding goal met with known values
    ratio_ok = (
        category.min_ratio is not None and facts.ratio is not None and facts.ratio >= category.min_ratio
    )
    time_ok = (
        category.min_seed_time is not None
        and facts.seeding_time is not None
        and facts.seeding_time >= category.min_seed_time
    )
    assert ratio_ok or time_ok
    # privacy known; private torrents keep their minimum seed time
    assert facts.private is not None
    if facts.private:
        assert facts.seeding_time is not None
        assert facts.seeding_time >= POLICY.private_min_seed_time


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lone_torrents)
def test_gc_never_deletes_what_it_must_keep(drawn: tuple[TorrentFacts, frozenset[str]]) -> None:
    """One torrent, every field random (ratios, seed times, link counts, flags, failing *arrs)."""
    facts, failing = drawn
    if decide(facts, POLICY, failing).delete:
        assert_may_go(facts, failing)


@settings(max_examples=1_000, deadline=None)
@given(lone_torrents)
def test_gc_deletes_when_every_condition_holds(drawn: tuple[TorrentFacts, frozenset[str]]) -> None:
    """The positive twin, so the rule is not "never delete": a fully qualified torrent goes."""
    facts, failing = drawn
    assert decide(facts, POLICY, failing).delete == qualifies_alone(facts, failing)


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passes)
def test_gc_pass_never_deletes_what_it_must_keep(drawn: tuple[list[tuple[int, int]], frozenset[str]]) -> None:
    torrents, failing = drawn
    items = items_of(torrents)
    verdicts = decide_pass(items, POLICY, failing)
    assert set(verdicts) == {i.facts.hash for i in items}
    for item in items:
        if not verdicts[item.facts.hash].delete:
            continue
        assert_may_go(item.facts, failing)
        # no torrent that stays uses the same data (point 1: cross-seeds)
        for other in items:
            if other is not item and share(item.locations[0], other.locations[0]):
                assert verdicts[other.facts.hash].delete, (item, other)


@settings(max_examples=2_000, deadline=None)
@given(passes)
def test_gc_pass_deletes_exactly_what_qualifies(drawn: tuple[list[tuple[int, int]], frozenset[str]]) -> None:
    """The positive twin: the deleted set is the largest set of torrents that each qualify alone
    and share data only with each other (found by brute force over the subsets)."""
    torrents, failing = drawn
    items = items_of(torrents)
    eligible = [i for i in items if qualifies_alone(i.facts, failing)]
    best: set[str] = set()
    for size in range(len(eligible), 0, -1):
        for group in combinations(eligible, size):
            names = {g.facts.hash for g in group}
            closed = all(
                o.facts.hash in names
                for g in group
                for o in items
                if o is not g and share(g.locations[0], o.locations[0])
            )
            if closed:
                best |= names
    verdicts = decide_pass(items, POLICY, failing)
    assert {h for h, v in verdicts.items() if v.delete} == best


def test_unknown_reasons_are_named() -> None:
    def facts(**kw) -> TorrentFacts:
        base = dict(
            hash="h" * 40,
            name="x",
            category="radarr",
            complete=True,
            ratio=5.0,
            seeding_time=10.0,
            private=False,
            main_links=(1,),
            history_imported=False,
            main_files_ok=True,
        )
        return TorrentFacts(**{**base, **kw})

    assert decide(facts(), POLICY).reason == "not imported"
    assert decide(facts(main_links=(None,), history_imported=None), POLICY).reason == "import state unknown"
    assert (
        decide(
            facts(category="nogoal", main_links=(2,), history_imported=True, seeding_time=1e9), POLICY
        ).reason
        == "seeding goal not met"
    )
    young = facts(main_links=(2,), history_imported=None, private=True, seeding_time=86400.0)
    assert decide(young, POLICY).reason == "private: minimum seed time not reached"
    ok = facts(ratio=1.0, seeding_time=0.0, main_links=(2, 3), history_imported=None)
    assert decide(ok, POLICY).delete
    # point 3: imported by history, but the main file is gone or unreadable -> unknown keeps
    gone = facts(main_links=(None,), history_imported=True, main_files_ok=False)
    assert decide(gone, POLICY).reason == "main file missing, unreadable or not a regular file"
    assert decide(facts(main_links=(2,), history_imported=True, main_files_ok=True), POLICY).delete
    # point 2: hardlinked, but Radarr failed in this pass -> kept
    linked = facts(main_links=(2,), history_imported=None)
    assert decide(linked, POLICY).delete
    assert decide(linked, POLICY, frozenset({"radarr"})).reason.startswith("radarr is failing")
    assert decide(linked, POLICY, frozenset({"sonarr"})).delete
    # point 1: a cross-seed in an unmanaged category keeps the shared data
    manual = facts(hash="m" * 40, category="manual")
    shared = decide_pass([PassItem(linked, ("/d/Film",)), PassItem(manual, ("/d/Film",))], POLICY)
    assert shared[linked.hash].reason == "data shared with a torrent that stays"
    apart = decide_pass([PassItem(linked, ("/d/Film",)), PassItem(manual, ("/d/Other",))], POLICY)
    assert apart[linked.hash].delete


def private_torrent(seeding_time: float) -> TorrentFacts:
    """A private radarr torrent that meets every other rule: only its seed time decides."""
    qualifying = next(POOL[i] for i in QUALIFYING if POOL[i].category == "radarr")
    return replace(qualifying, private=True, seeding_time=seeding_time, ratio=5.0)


def test_private_minimum_seed_time_is_inclusive() -> None:
    """On the boundary: a private torrent is kept one second short of the minimum and deleted at it."""
    minimum = POLICY.private_min_seed_time
    assert decide(private_torrent(minimum - 1), POLICY).delete is False
    assert decide(private_torrent(minimum), POLICY).delete is True
    assert decide(private_torrent(minimum + 1), POLICY).delete is True


def test_either_seed_goal_is_enough() -> None:
    """tv-sonarr sets a ratio and a seed time: reaching one of them is the goal; reaching neither keeps."""
    base = next(POOL[i] for i in QUALIFYING if POOL[i].category == "tv-sonarr")
    public = replace(base, private=False)
    assert decide(replace(public, ratio=2.0, seeding_time=0.0), POLICY).delete is True
    assert decide(replace(public, ratio=0.0, seeding_time=3 * 86400.0), POLICY).delete is True
    assert decide(replace(public, ratio=1.99, seeding_time=3 * 86400.0 - 1), POLICY).delete is False
