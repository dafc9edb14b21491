"""The Gluetun fake behaves like both control-server generations, driven through httpx."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from myflix_testkit.fakes.gluetun import GluetunFake

V340 = {"generation": "v3.40"}
V341 = {"generation": "v3.41"}


@pytest.mark.parametrize("fake_gluetun", [V340], indirect=True)
def test_legacy_route_reports_one_port_then_several_without_port_key(fake_gluetun: GluetunFake) -> None:
    url = f"{fake_gluetun.url}/v1/openvpn/portforwarded"
    with httpx.Client() as client:
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp.text == '{"port":0}\n'  # Go json.Encoder: compact, newline-terminated
        fake_gluetun.set_ports(51413)
        assert client.get(url).json() == {"port": 51413}
        fake_gluetun.set_ports(40000, 40001)
        assert client.get(url).text == '{"ports":[40000,40001]}\n'
        assert client.get(f"{fake_gluetun.url}/v1/portforward").status_code == 404


@pytest.mark.parametrize("fake_gluetun", [V341], indirect=True)
def test_new_route_reports_first_port_and_list(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        assert client.get("/v1/portforward").text == '{"port":0,"ports":[]}\n'
        fake_gluetun.set_ports([6881, 6882])
        assert client.get("/v1/portforward").json() == {"port": 6881, "ports": [6881, 6882]}
        fake_gluetun.set_ports(0)
        assert client.get("/v1/portforward").json() == {"port": 0, "ports": []}


@pytest.mark.parametrize("fake_gluetun", [V341], indirect=True)
def test_new_generation_redirects_legacy_route_and_accepts_put(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        old = client.get("/v1/openvpn/portforwarded")
        assert old.status_code == 301
        assert old.headers["Location"] == "/v1/portforward"
        fake_gluetun.set_ports(1234)
        assert client.get("/v1/openvpn/portforwarded", follow_redirects=True).json() == {
            "port": 1234,
            "ports": [1234],
        }
        assert client.put("/v1/portforward", json={"ports": [7000, 6000]}).status_code == 200
        assert fake_gluetun.ports == [6000, 7000]
        bad = client.put("/v1/portforward", content=b"{not json")
        assert bad.status_code == 400
        assert bad.text == "failed setting forwarded ports\n"
        assert client.put("/v1/portforward", json={"ports": [70000]}).status_code == 400


@pytest.mark.parametrize("fake_gluetun", [V340, V341], indirect=True)
def test_unknown_path_is_404_and_wrong_method_405(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        assert client.get("/v1/nothing").status_code == 404
        resp = client.post("/v1/vpn/status", json={"status": "running"})
        assert resp.status_code == 405
        assert "PUT" in resp.headers["Allow"]
        assert client.delete("/v1/publicip/ip").status_code == 405


@pytest.mark.parametrize("fake_gluetun", [{"auth": "apikey"}, {"auth": "apikey", **V340}], indirect=True)
def test_api_key_auth_header_or_query(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        denied = client.get("/v1/vpn/status")
        assert denied.status_code == 401
        assert denied.text == "Unauthorized\n"
        assert "WWW-Authenticate" not in denied.headers
        assert client.get("/v1/vpn/status", headers={"X-API-Key": "wrong"}).status_code == 401
        ok = client.get("/v1/vpn/status", headers={"X-API-Key": fake_gluetun.api_key})
        assert ok.json() == {"status": "running"}
        assert client.get("/v1/vpn/status", params={"api_key": fake_gluetun.api_key}).status_code == 200
        # unknown paths are only revealed to an authenticated client
        assert client.get("/v1/nothing").status_code == 401


@pytest.mark.parametrize("fake_gluetun", [{"auth": "basic"}], indirect=True)
def test_basic_auth_challenges_with_www_authenticate(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        denied = client.get("/v1/portforward")
        assert denied.status_code == 401
        assert denied.headers["WWW-Authenticate"] == 'Basic realm="restricted", charset="UTF-8"'
        wrong = client.get("/v1/portforward", auth=(fake_gluetun.username, "nope"))
        assert wrong.status_code == 401
        ok = client.get("/v1/portforward", auth=(fake_gluetun.username, fake_gluetun.password))
        assert ok.status_code == 200
        assert ok.json()["ports"] == []


def test_vpn_status_get_put_and_down_clears_ports_and_ip(fake_gluetun: GluetunFake) -> None:
    fake_gluetun.set_ports(5555)
    with httpx.Client(base_url=fake_gluetun.url) as client:
        assert client.get("/v1/publicip/ip").json()["public_ip"] == "198.51.100.23"
        stopped = client.put("/v1/vpn/status", json={"status": "stopped"})
        assert stopped.json() == {"outcome": "stopped"}
        assert client.get("/v1/vpn/status").json() == {"status": "stopped"}
        assert client.get("/v1/portforward").json() == {"port": 0, "ports": []}
        assert client.get("/v1/publicip/ip").text == "{}\n"
        bad = client.put("/v1/vpn/status", json={"status": "paused"})
        assert bad.status_code == 400
        fake_gluetun.set_vpn(True)
        assert client.get("/v1/portforward").json()["port"] == 5555
        assert client.put("/v1/vpn/status", json={"status": "running"}).json() == {
            "outcome": "already running"
        }


def test_public_ip_lists_the_gluetun_fields_and_changes(fake_gluetun: GluetunFake) -> None:
    with httpx.Client(base_url=fake_gluetun.url) as client:
        data = client.get("/v1/publicip/ip").json()
        assert set(data) == {
            "public_ip",
            "region",
            "country",
            "city",
            "hostname",
            "location",
            "organization",
            "postal_code",
            "timezone",
        }
        fake_gluetun.set_public_ip("203.0.113.9", country="Switzerland")
        data = client.get("/v1/publicip/ip").json()
        assert data["public_ip"] == "203.0.113.9"
        assert data["country"] == "Switzerland"
        assert data["city"] == "Amsterdam"


@pytest.mark.parametrize("fake_gluetun", [{"auth": "basic"}], indirect=True)
def test_http_controls_work_without_auth_and_drive_the_state(fake_gluetun: GluetunFake) -> None:
    creds = (fake_gluetun.username, fake_gluetun.password)
    with httpx.Client(base_url=fake_gluetun.url) as client:
        assert client.put("/_fake/ports", json={"ports": [41000]}).json()["ports"] == [41000]
        assert client.get("/v1/portforward", auth=creds).json()["port"] == 41000
        client.put("/_fake/vpn", json={"status": "stopped"})
        assert client.get("/v1/vpn/status", auth=creds).json() == {"status": "stopped"}
        client.put("/_fake/vpn", json={"status": "running"})
        client.put("/_fake/publicip", json={"public_ip": "192.0.2.7", "city": "Zurich"})
        assert client.get("/v1/publicip/ip", auth=creds).json()["city"] == "Zurich"
        client.put("/_fake/faults", json={"status": 503})
        assert client.get("/v1/vpn/status", auth=creds).status_code == 503
        assert client.get("/_fake/state").json()["vpn"] == "running"  # controls are never faulted
        client.delete("/_fake/faults")
        assert client.get("/v1/vpn/status", auth=creds).status_code == 200
        assert client.put("/_fake/ports", json={"ports": ["x"]}).status_code == 400
        assert client.post("/_fake/unknown", json={}).status_code == 404


def test_controls_reject_bad_values() -> None:
    fake = GluetunFake()
    with pytest.raises(ValueError, match=r"0\.\.65535"):
        fake.set_ports(70000)
    with pytest.raises(ValueError, match="running"):
        fake.set_vpn("paused")
    with pytest.raises(ValueError, match="generation"):
        GluetunFake(generation="v4")


def test_standalone_process_serves_and_is_driven_over_http() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "myflix_testkit.fakes",
            "gluetun",
            "--generation",
            "v3.40",
            "--auth",
            "apikey",
            "--api-key",
            "k3y",
            "--forwarded-port",
            "45678",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.split()[-1]
        with httpx.Client(base_url=url, headers={"X-API-Key": "k3y"}) as client:
            assert client.get("/v1/openvpn/portforwarded").json() == {"port": 45678}
            client.put("/_fake/ports", json={"ports": [1, 2]})
            assert client.get("/v1/openvpn/portforwarded").json() == {"ports": [1, 2]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    assert proc.returncode is not None
