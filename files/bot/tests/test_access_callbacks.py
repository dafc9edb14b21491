"""Access control (roles, rate-limited refusals, metrics) and callback_data encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from myflix_bot.access import AccessControl, Role
from myflix_bot.callbacks import MAX_BYTES, Callback, encode, parse
from myflix_bot.metrics import BotMetrics


def make_access(clock: list[float], **kwargs: object) -> tuple[AccessControl, BotMetrics]:
    metrics = BotMetrics()
    access = AccessControl(
        users=frozenset({1}),
        chats=frozenset({-100}),
        admins=frozenset({2}),
        metrics=metrics,
        clock=lambda: clock[0],
        **kwargs,
    )  # type: ignore[arg-type]
    return access, metrics


def test_roles() -> None:
    access, _ = make_access([0.0])
    assert access.role(2, 2) is Role.ADMIN
    assert access.role(1, 1) is Role.USER
    assert access.role(99, 99) is Role.NONE
    assert access.role(99, -100, private=False) is Role.USER  # member of an allowed group
    assert access.role(1, -555, private=False) is Role.NONE  # allowed user, unknown group: no data there
    assert access.role(None, -100, private=False) is Role.NONE


def test_refusals_are_rate_limited_per_user_and_globally() -> None:
    clock = [0.0]
    access, metrics = make_access(clock, refusal_interval=3600, refusals_per_minute=2)
    assert access.may_refuse(99)
    assert not access.may_refuse(99)
    clock[0] = 10
    assert access.may_refuse(98)
    assert not access.may_refuse(97)  # global cap of 2 per minute
    clock[0] = 80
    assert access.may_refuse(97)
    clock[0] = 3700
    assert access.may_refuse(99)
    assert metrics.value("myflix_bot_refusals_sent") == 4


def test_denied_counter_by_kind_without_ids() -> None:
    access, metrics = make_access([0.0])
    access.denied("message")
    access.denied("message")
    access.denied("callback")
    assert metrics.value("myflix_bot_denied_updates", kind="message") == 2
    assert metrics.value("myflix_bot_denied_updates", kind="callback") == 1
    exposition = "\n".join(f"{s.name} {s.labels}" for m in metrics.registry.collect() for s in m.samples)
    assert "666" not in exposition


def test_encode_parse_roundtrip_and_limits() -> None:
    data = encode("f", 3, "t", "a1")
    assert data == "f:3:t:a1"
    assert parse(data) == Callback("f", ("3", "t", "a1"))
    assert parse("f:3").int_arg(0) == 3  # type: ignore[union-attr]
    assert parse("f:999999999").int_arg(0) == 0  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="bad callback argument"):
        encode("f", "a:b")
    with pytest.raises(ValueError, match="bad view"):
        encode("FILMS")
    with pytest.raises(ValueError, match="bad callback argument"):
        encode("f", "x" * 70)


@given(
    st.one_of(
        st.text(max_size=100),
        st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
        st.none(),
        st.integers(),
    )
)
def test_parse_never_raises(data: object) -> None:
    result = parse(data)
    if result is not None:
        assert len(":".join([result.view, *result.args]).encode()) <= MAX_BYTES
        result.int_arg(0)
