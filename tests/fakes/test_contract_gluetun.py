"""Contract tests of the Gluetun fake: every route of each generation's contract (tests/contracts/gluetun-*)
is exercised, and every answer, success or error, conforms to it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from myflix_testkit.fakes.contract import ContractRecorder, ContractValidator, ContractViolation
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import FakeServer

GO_TEXT = "text/plain; charset=utf-8"


@contextmanager
def recorded(
    generation: str, auth: str = "basic"
) -> Iterator[tuple[httpx.Client, ContractRecorder, GluetunFake]]:
    fake = GluetunFake(generation=generation, auth=auth)
    recorder = ContractRecorder(ContractValidator.named(f"gluetun-{generation}"))
    app = fake.build_app()
    app.middlewares.insert(0, recorder.middleware)
    token = base64.b64encode(f"{fake.username}:{fake.password}".encode()).decode()
    with (
        FakeServer(app) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Basic {token}"}, timeout=10) as client,
    ):
        yield client, recorder, fake


def assert_all_conformed_and_covered(recorder: ContractRecorder) -> None:
    assert recorder.violations == []
    missing = {tuple(key.split(" ", 1)) for key in recorder.validator.routes} - recorder.seen
    assert not missing, f"contract routes never exercised: {sorted(missing)}"


def tour_common(client: httpx.Client, fake: GluetunFake, vpn_path: str) -> None:
    fake.set_vpn("running")
    fake.set_public_ip("198.51.100.23", country="Netherlands")
    assert client.get("/v1/publicip/ip").json()["country"] == "Netherlands"
    assert client.get(vpn_path).json() == {"status": "running"}
    assert client.put(vpn_path, json={"status": "stopped"}).json() == {"outcome": "stopped"}
    assert client.put(vpn_path, json={"status": "paused"}).status_code == 400
    assert client.get("/v1/publicip/ip", headers={"Authorization": "Basic bm8="}).status_code == 401


def test_gluetun_v341_contract() -> None:
    with recorded("v3.41") as (client, recorder, fake):
        fake.set_ports(6881, 6882)
        assert client.get("/v1/portforward").json() == {"port": 6881, "ports": [6881, 6882]}
        assert client.put("/v1/portforward", json={"ports": [7000]}).status_code == 200
        assert client.put("/v1/portforward", content=b"{not json").status_code == 400
        assert client.get("/v1/openvpn/portforwarded").status_code == 301
        assert client.delete("/v1/portforward").status_code == 405
        tour_common(client, fake, "/v1/vpn/status")
    assert_all_conformed_and_covered(recorder)


def test_gluetun_v340_contract() -> None:
    with recorded("v3.40") as (client, recorder, fake):
        fake.set_ports(51413)
        assert client.get("/v1/openvpn/portforwarded").json() == {"port": 51413}
        fake.set_ports(40000, 40001)
        assert client.get("/v1/openvpn/portforwarded").json() == {"ports": [40000, 40001]}
        tour_common(client, fake, "/v1/openvpn/status")
        tour_common(client, fake, "/v1/vpn/status")
    assert_all_conformed_and_covered(recorder)


def test_gluetun_validator_rejects_drift() -> None:
    v341 = ContractValidator.named("gluetun-v3.41")
    v341.check("GET", "/v1/portforward", 200, b'{"port":1,"ports":[1]}\n', GO_TEXT)
    with pytest.raises(ContractViolation, match="ports"):
        v341.check("GET", "/v1/portforward", 200, b'{"port":1}\n', GO_TEXT)  # v3.41 always sends ports
    with pytest.raises(ContractViolation, match="schema error"):
        v341.check("GET", "/v1/portforward", 200, b'{"port":"1","ports":[1]}\n', GO_TEXT)
    with pytest.raises(ContractViolation, match="line of text"):
        v341.check("GET", "/v1/portforward", 401, b'{"error":"no"}', "application/json")
    with pytest.raises(ContractViolation, match="not a path"):
        v341.check("GET", "/v1/openvpn/status", 200, b'{"status":"running"}\n', GO_TEXT)
    with pytest.raises(ContractViolation, match="documents no body"):
        v341.check("PUT", "/v1/portforward", 200, b"{}", GO_TEXT)
    v340 = ContractValidator.named("gluetun-v3.40")
    with pytest.raises(ContractViolation, match="not an operation"):
        v340.check("PUT", "/v1/openvpn/portforwarded", 200, b"", GO_TEXT)
    with pytest.raises(ContractViolation, match="Additional properties"):
        v340.check("GET", "/v1/vpn/status", 200, b'{"status":"running","port":1}\n', GO_TEXT)
