"""Property test of the GC rules over ~10,000 random passes (a few torrents each, with their
qBittorrent, *arr and filesystem state): a pass never deletes anything un-imported, under its seeding
goal, private before its minimum time, unknown, whose main file is missing or unreadable, whose *arr
failed during the pass, or whose data another torrent that stays still uses (a cross-seed). Each rule
has a positive twin: what fully qualifies is deleted, so the rule is not "never delete"."""

from __future__ import annotations

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
    goal_met,
    hardlinked,
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

# Each example must be cheap: 10,000 of them. Hypothesis's cost is per choice it draws, so every field
# is one or two small choices: ratios in hundredths (integers, the goals 1.0 and 2.0 exactly reachable),
# seed times in whole seconds, tri-state flags from a three-value list, a link count of -1 for
# "unreadable". A pass has 1-3 torrents; the candidates are biased towards qualifying ones so that
# both sides of every rule are reached often.


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


ratios = optional(st.integers(min_value=0, max_value=5000).map(lambda n: n / 100))
seed_times = optional(st.integers(min_value=0, max_value=40 * 86400).map(float))
tri_state = st.sampled_from([None, False, True])
mostly_true = st.sampled_from([True, True, None, False])
link_count = st.integers(min_value=-1, max_value=4).map(lambda n: None if n < 0 else n)
links = optional(st.lists(link_count, max_size=4).map(tuple))


def facts_strategy(index: int) -> st.SearchStrategy:
    return st.builds(
        TorrentFacts,
        hash=st.just(f"{index:040d}"),
        name=st.just(f"Film {index}"),
        category=st.sampled_from([*CATEGORIES, "", "manual", "RADARR"]),
        complete=st.booleans(),
        ratio=ratios,
        seeding_time=seed_times,
        private=tri_state,
        main_links=links,
        history_imported=tri_state,
        main_files_ok=mostly_true,  # True: readable regular files; False: missing/unreadable; None
    )


# A pass is 1-3 torrents drawn from a pool of prepared facts (one choice each, so 10,000 passes stay
# cheap) covering every rule on both sides, each with a content location (shared, parent/child,
# disjoint, unknown) and the *arrs that failed during the pass.
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


# indexes into POOL and PATHS: two integer choices per torrent
passes = st.lists(
    st.tuples(st.integers(0, len(POOL) - 1), st.integers(0, len(PATHS) - 1)), min_size=1, max_size=3
)


def items_of(drawn: list[tuple[int, int]]) -> list[PassItem]:
    return [
        PassItem(replace(POOL[facts], hash=f"{i:040d}", name=f"Film {i}"), (PATHS[path],))
        for i, (facts, path) in enumerate(drawn)
    ]


failing_arrs = st.sampled_from([frozenset(), frozenset(), frozenset({"radarr"}), frozenset({"sonarr"})])


def qualifies_alone(facts: TorrentFacts, failing: frozenset[str]) -> bool:
    """The rules for one torrent, written out independently of the implementation."""
    category = CATEGORIES.get(facts.category)
    return (
        category is not None
        and category.arr not in failing
        and facts.complete
        and facts.main_files_ok is True
        and (hardlinked(facts.main_links) is True or facts.history_imported is True)
        and goal_met(category, facts.ratio, facts.seeding_time)
        and facts.private is not None
        and (not facts.private or (facts.seeding_time or 0) >= POLICY.private_min_seed_time)
    )


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
@given(facts_strategy(0), failing_arrs)
def test_gc_never_deletes_what_it_must_keep(facts: TorrentFacts, failing: frozenset[str]) -> None:
    """One torrent, every field random (ratios, seed times, link counts, flags, failing *arrs)."""
    if decide(facts, POLICY, failing).delete:
        assert_may_go(facts, failing)


@settings(max_examples=1_000, deadline=None)
@given(facts_strategy(0), failing_arrs)
def test_gc_deletes_when_every_condition_holds(facts: TorrentFacts, failing: frozenset[str]) -> None:
    """The positive twin, so the rule is not "never delete": a fully qualified torrent goes."""
    assert decide(facts, POLICY, failing).delete == qualifies_alone(facts, failing)


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passes, failing_arrs)
def test_gc_pass_never_deletes_what_it_must_keep(torrents, failing: frozenset[str]) -> None:
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
@given(passes, failing_arrs)
def test_gc_pass_deletes_exactly_what_qualifies(torrents, failing: frozenset[str]) -> None:
    """The positive twin: the deleted set is the largest set of torrents that each qualify alone
    and share data only with each other (found by brute force over the subsets)."""
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
