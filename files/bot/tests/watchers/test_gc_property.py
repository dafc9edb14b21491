"""Property test of the GC rule over >= 10,000 random torrent/*arr/filesystem states: it never deletes
anything un-imported, under its seeding goal, private before its minimum time, or unknown."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myflix_bot.watchers.gc_policy import GcPolicy, TorrentFacts, decide, goal_met, hardlinked
from myflix_bot.watchers.settings import GcCategory

CATEGORIES = {
    "radarr": GcCategory("radarr", "radarr", min_ratio=1.0, min_seed_time=None),
    "tv-sonarr": GcCategory("tv-sonarr", "sonarr", min_ratio=2.0, min_seed_time=3 * 86400),
    "anime": GcCategory("anime", "sonarr", min_ratio=None, min_seed_time=86400),
    "nogoal": GcCategory("nogoal", "radarr", min_ratio=None, min_seed_time=None),
}
POLICY = GcPolicy(categories=CATEGORIES, private_min_seed_time=14 * 86400)

# Each example must be cheap: 10,000 of them. Hypothesis's cost is per choice it draws, so every field
# is one or two small choices: ratios in hundredths (integers, the goals 1.0 and 2.0 exactly reachable),
# seed times in whole seconds, tri-state flags from a three-value list, a link count of -1 for "unreadable".


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


ratios = optional(st.integers(min_value=0, max_value=5000).map(lambda n: n / 100))
seed_times = optional(st.integers(min_value=0, max_value=40 * 86400).map(float))
tri_state = st.sampled_from([None, False, True])
link_count = st.integers(min_value=-1, max_value=4).map(lambda n: None if n < 0 else n)
links = optional(st.lists(link_count, max_size=5).map(tuple))
facts_strategy = st.builds(
    TorrentFacts,
    hash=st.just("0" * 40),
    name=st.just("Film (2020)"),
    category=st.sampled_from([*CATEGORIES, "", "manual", "RADARR"]),
    complete=st.booleans(),
    ratio=ratios,
    seeding_time=seed_times,
    private=tri_state,
    main_links=links,
    history_imported=tri_state,
)


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_strategy)
def test_gc_never_deletes_what_it_must_keep(facts: TorrentFacts) -> None:
    verdict = decide(facts, POLICY)
    if not verdict.delete:
        return
    category = CATEGORIES.get(facts.category)
    # managed by Radarr/Sonarr
    assert category is not None
    assert facts.complete
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


@settings(max_examples=500, deadline=None)
@given(facts_strategy)
def test_gc_deletes_when_every_condition_holds(facts: TorrentFacts) -> None:
    """The converse, so the rule is not "never delete": a fully qualified torrent goes."""
    category = CATEGORIES.get(facts.category)
    qualifies = (
        category is not None
        and facts.complete
        and (hardlinked(facts.main_links) is True or facts.history_imported is True)
        and goal_met(category, facts.ratio, facts.seeding_time)
        and facts.private is not None
        and (not facts.private or (facts.seeding_time or 0) >= POLICY.private_min_seed_time)
    )
    assert decide(facts, POLICY).delete == qualifies


def test_unknown_reasons_are_named() -> None:
    base = TorrentFacts("h" * 40, "x", "radarr", True, 5.0, 10.0, False, (1,), False)
    assert decide(base, POLICY).reason == "not imported"
    unknown = TorrentFacts("h" * 40, "x", "radarr", True, 5.0, 10.0, False, (None,), None)
    assert decide(unknown, POLICY).reason == "import state unknown"
    no_goal = TorrentFacts("h" * 40, "x", "nogoal", True, 50.0, 1e9, False, (2,), True)
    assert decide(no_goal, POLICY).reason == "seeding goal not met"
    private_young = TorrentFacts("h" * 40, "x", "radarr", True, 5.0, 86400.0, True, (2,), None)
    assert decide(private_young, POLICY).reason == "private: minimum seed time not reached"
    ok = TorrentFacts("h" * 40, "x", "radarr", True, 1.0, 0.0, False, (2, 3), None)
    assert decide(ok, POLICY).delete
