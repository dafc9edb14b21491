"""Property test of the pipeline's decisions over 10,000+ generated states, each a whole moment of the
server: a few torrents (tracker privacy, category and its *arr, the *arr queue, stalled, fake or
failed-import findings, the GC's facts), the VPN and port state, and the disk tiers with the downloads
that write to them. Every property has a positive twin, so none can hold by never acting:

- nothing private (or of unknown privacy) is ever removed from qBittorrent;
- nothing is removed, forgotten or tagged while the VPN or the port is wrong or the leak guard holds;
- nothing un-imported (or otherwise kept by the GC's rules) is evicted under disk pressure, and the
  eviction order holds (``oldest`` or ``ratio`` first, whole cross-seed groups, no more than needed);
- the mass-deletion guard holds: a run never removes more than its limit; above it, nothing goes and
  every wanted removal waits for an admin;
- disk admission: an unavailable or full tier runs no download, what runs fits above the floors, a
  download paused by someone else is never resumed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import HealthCheck, given, settings
from myflix_bot.watchers.gc_policy import PassItem, TorrentFacts, Verdict, decide_pass, plan_eviction
from myflix_bot.watchers.pipeline_policy import (
    Candidate,
    Finding,
    NetworkFacts,
    TierFacts,
    Writer,
    decide_admission,
    observe,
    own_fault,
    plan_run,
    removal_limit,
)

from .test_gc_property import POLICY, POOL, QUALIFYING, Reader, qualifies_alone, states

EXAMPLES = 10_000
GC = POLICY
ARR_OF = {"radarr": "radarr", "sonarr": "sonarr", "manual": None, "": None}
GB = 1 << 30

# Each example must be cheap (10,000 of them): a state is a handful of indexes into prepared pools,
# read from one Hypothesis draw of bytes (its cost is per choice drawn), biased so that both sides of
# every rule are common.
NETWORKS = [
    *[NetworkFacts(True, 51413, 51413, False)] * 6,  # healthy
    NetworkFacts(False, 51413, 51413, False),  # VPN down
    NetworkFacts(None, None, 51413, False),  # Gluetun silent
    NetworkFacts(True, 40000, 51413, False),  # port out of sync
    NetworkFacts(True, None, 51413, False),  # no forwarded port
    NetworkFacts(True, 51413, None, False),  # listen port unknown
    NetworkFacts(True, 51413, 51413, True),  # the leak guard holds
]
GC_POOL = POOL  # the GC property test's prepared facts: every rule on both sides


@dataclass(frozen=True)
class Torrent:
    category: str
    private: bool | None
    queue_id: int | None
    finding: Finding | None
    gc: TorrentFacts
    path: str | None


TORRENTS = [
    Torrent(category, private, queue_id, finding, GC_POOL[0], "/d/A")
    for category in ARR_OF
    for private in (False, False, True, None)
    for queue_id in (1, None)
    for finding in (None, *Finding)
]
PATHS = ["/d/A", "/d/A", "/d/B", "/d/C", "/d", None]
FAILING = [frozenset(), frozenset(), frozenset({"radarr"}), frozenset({"sonarr"})]
LIMITS = [(max_removals, max_share) for max_removals in (0, 1, 2, 5) for max_share in (0.0, 0.2, 0.5, 1.0)]
TIERS = [  # a 1 TB disk, a card smaller than a 10 GB floor (misconfigured: its floor is never met) and a
    # 2 GB stick whose 0.1 GB floor fits but not with the 2 GB margin (misconfigured by the margin alone)
    TierFacts("hdd", free, total, percent, floor, hysteresis)
    for total in (1000 * GB, 8 * GB, 2 * GB)
    for free in (None, 0, GB, 5 * GB, 20 * GB, 200 * GB)
    if free is None or free <= total
    for percent, floor in ((0.0, 10 * GB), (5.0, 0))
    for hysteresis in (0, 2 * GB)
]
nvme = TierFacts("nvme", 50 * GB, 100 * GB, 5.0, 0, GB)
WRITERS = [
    (tiers_, remaining, flags)
    for tiers_ in (("hdd",), ("nvme", "hdd"), ("nvme",), ("other",))
    for remaining in (0, GB, 8 * GB, 30 * GB)
    for flags in ((True, False), (False, True), (False, False))  # running / held by us / paused by someone
]


# what orders an eviction: (size, completed_on, the ratio: KEEP leaves the GC pool's own)
KEEP = -1.0
EVICTION = [
    (size, completed, ratio)
    for size in (0, GB, 10 * GB, 50 * GB)
    for completed in (None, 1000.0, 2000.0, 3000.0)
    for ratio in (KEEP, None, 1.2, 3.0, 6.0)
]
ORDERS = ["oldest", "ratio"]
NEEDS = [0, GB, 10 * GB, 60 * GB, 1 << 50]  # bytes the HDD is short of (the last: more than all)


@dataclass(frozen=True)
class Moment:
    torrents: list[Torrent]
    net: NetworkFacts
    failing: frozenset[str]
    limits: tuple[int, float]
    tier: TierFacts
    writers: list[Writer]
    order: str = "oldest"
    need: int = 0


def gc_facts(pool: int, eviction: int) -> TorrentFacts:
    size, completed, ratio = EVICTION[eviction]
    facts = replace(GC_POOL[pool], size=size, completed_on=completed)
    return facts if ratio == KEEP else replace(facts, ratio=ratio)


def moment_of(drawn: tuple) -> Moment:
    ts, net, fl, lim, tier, ws, order, need = drawn
    return Moment(
        [replace(TORRENTS[t], gc=gc_facts(g, e), path=PATHS[p]) for t, g, p, e in ts],
        NETWORKS[net],
        FAILING[fl],
        LIMITS[lim],
        TIERS[tier],
        [Writer(f"w{i}", WRITERS[w][0], WRITERS[w][1], float(i), *WRITERS[w][2]) for i, w in enumerate(ws)],
        ORDERS[order],
        NEEDS[need],
    )


def gc_index(r: Reader) -> int:
    """Half the torrents' GC facts are among those that qualify, so evictions and their order are
    common (the three numbers are always read)."""
    qualifying, one, any_ = r.number(2), r.pick(QUALIFYING), r.number(len(GC_POOL))
    return one if qualifying else any_


def read_moment(r: Reader) -> Moment:
    """The indexes into the pools above, read from one draw of bytes (see the GC property test's
    Reader): 1-6 torrents and 0-5 downloads, each as likely; all six and five are always read, so that
    each byte keeps its meaning while a failure shrinks."""
    torrents, writers = 1 + r.number(6), r.number(6)
    ts = [
        (r.number(len(TORRENTS)), gc_index(r), r.number(len(PATHS)), r.number(len(EVICTION)))
        for _ in range(6)
    ]
    rest = [r.number(len(pool)) for pool in (NETWORKS, FAILING, LIMITS, TIERS)]
    ws = [r.number(len(WRITERS)) for _ in range(5)]
    order, need = r.number(len(ORDERS)), r.number(len(NEEDS))
    return moment_of((ts[:torrents], *rest, ws[:writers], order, need))


moments = states(read_moment)


def candidates(m: Moment) -> list[tuple[Candidate, Finding]]:
    out = []
    for i, t in enumerate(m.torrents):
        if t.finding is None:
            continue
        arr = ARR_OF[t.category]
        c = Candidate(
            f"{i:040d}", f"T{i}", arr, t.private, t.queue_id, arr is not None and arr not in m.failing
        )
        out.append((c, t.finding))
    return out


def run(m: Moment):
    fault = own_fault(m.net)
    max_removals, max_share = m.limits
    found = candidates(m)
    plan = plan_run(found, fault, total=len(m.torrents), max_removals=max_removals, max_share=max_share)
    return fault, found, plan


def healthy_network(m: Moment) -> bool:
    n = m.net
    return n.vpn_up is True and not n.leak_guard_holding and n.forwarded_port == n.listen_port is not None


stats: dict[str, int] = {}


def seen(name: str) -> None:
    stats[name] = stats.get(name, 0) + 1


def check_removals(m: Moment) -> None:
    fault, found, plan = run(m)
    seen("states")
    removed = {c.hash for c in plan.remove}
    touched = removed | {c.hash for c in plan.forget} | {c.hash for c in plan.tag}
    # the network: the rule and its independent restatement
    assert (fault is None) == healthy_network(m)
    # 1. nothing private or unknown is removed from qBittorrent
    for c in plan.remove:
        assert c.private is False
    # 2. nothing removed, forgotten or tagged while the VPN or the port is wrong
    if fault is not None:
        assert not touched
        seen("fault")
    # 3. only a managed download the *arr answered for and knows is removed
    for c in (*plan.remove, *plan.forget):
        assert c.arr is not None
        assert c.arr_ok
        assert c.queue_id is not None
    # 4. the guard: never more than the limit; over it, nothing goes and all are asked
    limit = removal_limit(len(m.torrents), max_removals=m.limits[0], max_share=m.limits[1])
    assert len(plan.remove) + len(plan.forget) <= limit
    if plan.confirm:
        assert not removed
        assert len(plan.confirm) > limit
        seen("confirm")
    # every finding lands in exactly one place
    placed = [
        c.hash
        for bucket in (plan.remove, plan.forget, plan.tag, plan.report, plan.ask, plan.hold, plan.confirm)
        for c in bucket
    ]
    assert sorted(placed) == sorted(c.hash for c, _ in found)
    # positive twins: what qualifies does go
    qualifying = [
        c
        for c, f in found
        if fault is None and c.arr is not None and c.arr_ok and c.queue_id is not None and c.private is False
    ]
    if qualifying and not plan.confirm:
        assert {c.hash for c in qualifying} <= removed
        seen("removed")
    private_stalled = [c for c, f in found if f is Finding.STALLED and c.private is not False]
    if fault is None and private_stalled:
        assert {c.hash for c in private_stalled} <= {c.hash for c in plan.tag}
        seen("private_tagged")
    private_fake = [c for c, f in found if f is Finding.MALWARE and c.private is not False]
    if fault is None and private_fake:
        assert {c.hash for c in private_fake} <= {c.hash for c in plan.ask}
        seen("private_asked")
    if fault is not None and found:
        assert {c.hash for c in plan.hold} == {c.hash for c, _ in found}
        seen("held")


def check_eviction(m: Moment) -> None:
    """Disk pressure runs the GC's pass early: whatever goes is complete, imported, seeded and not
    shared with a torrent that stays; the twin: a lone qualifying torrent does go."""
    items = [
        PassItem(replace(t.gc, hash=f"{i:040d}", name=f"T{i}"), (t.path,)) for i, t in enumerate(m.torrents)
    ]
    verdicts = decide_pass(items, GC, m.failing)
    for item in items:
        if not verdicts[item.facts.hash].delete:
            continue
        f = item.facts
        assert f.complete
        assert f.history_imported is True or (
            f.main_links and all(n is not None and n > 1 for n in f.main_links)
        )
        assert f.main_files_ok is True
        assert f.private is False or (f.seeding_time or 0) >= GC.private_min_seed_time
        assert GC.categories[f.category].arr not in m.failing
        for other in items:  # no torrent that stays uses its data
            if other is not item and shares(item.locations[0], other.locations[0]):
                assert verdicts[other.facts.hash].delete
        seen("evicted")
    # the twin: a torrent that qualifies on its own and shares no data with any other does go
    for item in items:
        alone = item.locations[0] is not None and not any(
            o is not item and shares(item.locations[0], o.locations[0]) for o in items
        )
        if alone and qualifies_alone(item.facts, m.failing):
            assert verdicts[item.facts.hash].delete
            seen("evicted_twin")
    check_eviction_order(m, items, verdicts)


def check_eviction_order(m: Moment, items: list[PassItem], verdicts: dict) -> None:
    """Under pressure the GC evicts, of what its rules delete and nothing else, whole groups of
    torrents sharing data, best group first (its best member: oldest completion or best ratio, unknown
    last), until the bytes needed are freed, and no group more. Twins: the order left some out, the
    order alone would have taken a torrent the rules keep, everything went when not enough could be
    freed."""
    chosen = plan_eviction(items, verdicts, order=m.order, need=m.need)
    deletable = [i for i in items if verdicts[i.facts.hash].delete]
    assert set(chosen) <= {i.facts.hash for i in deletable}  # never anything the GC's rules keep
    assert len(set(chosen)) == len(chosen)
    for item in items:  # nothing evicted shares data with a torrent that stays
        if item.facts.hash in chosen:
            for other in items:
                if other is not item and shares(item.locations[0], other.locations[0]):
                    assert other.facts.hash in chosen

    def key(f: TorrentFacts) -> tuple:
        if m.order == "ratio":
            return (f.ratio is None, -(f.ratio or 0.0), f.hash)
        return (f.completed_on is None, f.completed_on or 0.0, f.hash)

    groups: list[list[PassItem]] = []  # the deletable torrents joined by shared data (transitively)
    for item in deletable:
        near = [g for g in groups if any(shares(item.locations[0], o.locations[0]) for o in g)]
        groups = [g for g in groups if g not in near] + [[item, *(o for g in near for o in g)]]
    ranked = sorted(groups, key=lambda g: min(key(i.facts) for i in g))
    taken = [g for g in ranked if g[0].facts.hash in chosen]
    assert ranked[: len(taken)] == taken  # the order holds: a prefix of the ranked groups
    assert {i.facts.hash for g in taken for i in g} == set(chosen)  # whole groups only
    freed = [max(i.facts.size for i in g) for g in taken]
    if len(taken) < len(ranked):
        assert sum(freed) >= m.need  # stopped only once enough was freed...
        seen("evict_order_left_some")
    if taken:
        assert sum(freed[:-1]) < m.need  # ...and not one group later
    else:
        assert m.need <= 0 or not deletable
    if len(taken) == len(ranked) and deletable and m.need > sum(freed):
        seen("evict_all_when_short")
    # the twin of "never anything kept": the same order, had the rules let everything go, would have
    # taken a torrent they keep; so it was the rules, not the order, that spared it
    every = {i.facts.hash: Verdict(True, "imported_seeded") for i in items}
    wanted = plan_eviction(items, every, order=m.order, need=m.need)
    if any(not verdicts[h].delete for h in wanted):
        seen("evict_rules_spared")


def shares(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


def check_admission(m: Moment) -> None:
    """Disk admission: what runs fits above every floor; the twin: with room, all held resume."""
    plan = decide_admission([m.tier, nvme], m.writers)
    by = {w.hash: w for w in m.writers}
    after = {w.hash: (w.running and w.hash not in plan.pause) or (w.hash in plan.resume) for w in m.writers}
    for h in plan.resume:
        assert by[h].held  # only what the admission itself paused is resumed
    for h in plan.pause:
        assert by[h].running
    for tier in (m.tier, nvme):
        running = [w for w in m.writers if tier.name in w.tiers and after[w.hash]]
        if running:  # what runs fits above the floor (so a full or absent tier runs nothing)
            assert sum(w.remaining for w in running) <= tier.budget()
        if tier.free is None and any(tier.name in w.tiers and w.running for w in m.writers):
            assert not running
            seen("unavailable")
        if tier.budget() < 0 and any(tier.name in w.tiers and w.running for w in m.writers):
            seen("full_tier_paused")
        # a floor that, with its margin, is not below the disk's size drives no deletion and runs
        # nothing; the twin: a floor that can be met, once below it, asks the GC for what takes it
        # back above with the margin, less than the disk holds, and a held download resumes once the
        # disk is empty enough (so holding is never forever)
        assert (tier.name in plan.misconfigured) == tier.misconfigured()
        if tier.misconfigured():
            assert tier.name in plan.short
            assert tier.shortfall() is None
            assert not running
            seen("misconfigured")
            if tier.total is not None and tier.floor() < tier.total:
                seen("misconfigured_by_margin")
        elif tier.free is not None and tier.total is not None:
            if tier.budget() < 0:
                assert tier.shortfall() == tier.floor() + tier.hysteresis - tier.free > 0
                assert tier.shortfall() < tier.total - tier.free  # never more than the disk holds
                seen("pressed")
            emptied = replace(tier, free=tier.total)
            assert tier.total - tier.floor() - tier.hysteresis > 0
            held = Writer("held", (tier.name,), 0, 0.0, running=False, held=True)
            assert decide_admission([emptied], [held]).resume == ("held",)
    # the twin: with room for everything, nothing is paused and every held download resumes
    roomy = replace(m.tier, free=10_000 * GB, total=20_000 * GB)
    ample = decide_admission([roomy, replace(nvme, free=10_000 * GB, total=20_000 * GB)], m.writers)
    assert ample.pause == ()
    assert set(ample.resume) == {
        w.hash for w in m.writers if w.held and not w.running and w.tiers != ("other",)
    }


def test_stall_clock_stops_while_the_network_is_at_fault() -> None:
    start = observe(None, downloaded=100, metadata=False, now=0.0, fault=False)
    later = observe(start, downloaded=100, metadata=False, now=3600.0, fault=False)
    assert (later.since, later.strikes) == (0.0, 1)
    broken = observe(later, downloaded=100, metadata=False, now=7200.0, fault=True)
    assert (broken.since, broken.strikes) == (7200.0, 0)
    moved = observe(later, downloaded=101, metadata=False, now=7200.0, fault=False)
    assert (moved.since, moved.strikes) == (7200.0, 0)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moments)
def test_pipeline_properties_hold_in_every_state(m: Moment) -> None:
    """Each generated state is checked by all three: removals, eviction, disk admission."""
    check_removals(m)
    check_eviction(m)
    check_admission(m)


def test_the_generator_reaches_every_side() -> None:
    """Run after the properties (file order): each property and its twin were exercised often, so no
    property held vacuously. The figures are printed for the closing note (``-s``)."""
    if stats.get("states", 0) < EXAMPLES:
        test_pipeline_properties_hold_in_every_state()
    print("pipeline property figures:", dict(sorted(stats.items())))
    assert stats["states"] >= EXAMPLES
    for name in TWINS:
        assert stats.get(name, 0) >= 50, (name, stats)


TWINS = (
    "fault",
    "confirm",
    "removed",
    "private_tagged",
    "private_asked",
    "held",
    "evicted",
    "evicted_twin",
    "evict_order_left_some",
    "evict_all_when_short",
    "evict_rules_spared",
    "unavailable",
    "full_tier_paused",
    "misconfigured",
    "misconfigured_by_margin",
    "pressed",
)
