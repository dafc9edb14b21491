from __future__ import annotations

import ssl
import urllib.request

import pytest
from ansible_collections.myflix.media.plugins.module_utils.http_client import (
    MASK,
    ConnectError,
    HttpClient,
    HttpError,
    HttpStatusError,
    ResponseFormatError,
    fetch_text,
    safe_url,
)


def test_json_query_and_default_headers(loopback):
    loopback.route("GET", "/api/thing", (200, {}, {"ok": True}))
    client = HttpClient(loopback.url + "/api/", headers={"X-Api-Key": "k1"})
    assert client.get_json("thing", params={"a": "b c", "flag": True, "skip": None}) == {"ok": True}
    seen = loopback.seen[0]
    assert seen.path == "/api/thing?a=b+c&flag=true"
    assert seen.headers["x-api-key"] == "k1"


def test_form_and_json_bodies(loopback):
    loopback.route("POST", "/form", (200, {}, "Ok."))
    loopback.route("PUT", "/json", (202, {}, {}))
    client = HttpClient(loopback.url)
    assert client.request("POST", "form", form={"json": '{"a":1}', "hashes": ["x", "y"]}).text == "Ok."
    client.request("PUT", "json", json_body={"ports": [1]}, expected=(202,))
    form, js = loopback.seen
    assert form.body == b"json=%7B%22a%22%3A1%7D&hashes=x%7Cy"
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert js.body == b'{"ports": [1]}'
    assert js.headers["content-type"] == "application/json"


def test_cookie_jar_sends_back_set_cookie(loopback):
    loopback.route("POST", "/login", (200, {"Set-Cookie": "SID=abc123; HttpOnly; path=/"}, "Ok."))
    loopback.route("GET", "/data", (200, {}, "x"))
    client = HttpClient(loopback.url)
    client.request("POST", "login")
    client.request("GET", "data")
    assert client.cookies == {"SID": "abc123"}
    assert loopback.seen[1].headers["cookie"] == "SID=abc123"


def test_same_origin_redirect_is_followed_with_headers(loopback):
    loopback.route("GET", "/old", (301, {"Location": "/new"}, "<a href>Moved</a>"))
    loopback.route("GET", "/new", (200, {}, {"port": 5}))
    client = HttpClient(loopback.url, headers={"X-API-Key": "key"})
    response = client.request("GET", "old")
    assert response.json() == {"port": 5}
    assert response.url.endswith("/new")
    assert loopback.seen[1].headers["x-api-key"] == "key"


def test_cross_origin_redirect_is_refused(loopback):
    loopback.route("GET", "/old", (302, {"Location": "http://198.51.100.1:9/steal"}, ""))
    client = HttpClient(loopback.url, headers={"X-API-Key": "key"})
    with pytest.raises(HttpStatusError, match="another server"):
        client.request("GET", "old")
    assert len(loopback.seen) == 1


def test_redirect_loop_stops(loopback):
    loopback.route("GET", "/a", (301, {"Location": "/a"}, ""))
    with pytest.raises(HttpStatusError, match="too many redirects"):
        HttpClient(loopback.url).request("GET", "a")


def test_unexpected_status_masks_secrets_and_query(loopback):
    loopback.route("GET", "/x", (500, {}, "boom: password hunter2 rejected"))
    client = HttpClient(loopback.url, secrets=["hunter2"])
    with pytest.raises(HttpStatusError) as info:
        client.request("GET", "x", params={"apikey": "hunter2"})
    message = str(info.value)
    assert info.value.status == 500
    assert "hunter2" not in message
    assert MASK in message
    assert "apikey" not in message


def test_basic_auth_header_and_secret(loopback):
    loopback.route("GET", "/p", (401, {}, "Unauthorized"))
    client = HttpClient(loopback.url, basic_auth=("user", "s3cret"))
    with pytest.raises(HttpStatusError) as info:
        client.request("GET", "p")
    assert loopback.seen[0].headers["authorization"] == "Basic dXNlcjpzM2NyZXQ="
    assert "s3cret" not in str(info.value)


def test_connect_error_is_typed(closed_port_url):
    with pytest.raises(ConnectError, match=r"cannot reach http://127\.0\.0\.1:"):
        HttpClient(closed_port_url, timeout=2).request("GET", "x")


def test_not_json_is_a_format_error(loopback):
    loopback.route("GET", "/j", (200, {}, "<html>"))
    with pytest.raises(ResponseFormatError, match="did not answer with JSON"):
        HttpClient(loopback.url).get_json("j")


def test_invalid_url_and_safe_url():
    with pytest.raises(HttpError, match="invalid URL"):
        HttpClient("file:///etc/passwd")
    assert safe_url("http://user:pw@host:81/p/q?apikey=1#f") == "http://host:81/p/q"


def test_fetch_text_keeps_the_exact_path(loopback):
    loopback.route("GET", "/ngosang/trackers_best.txt", (200, {}, "udp://a:1/announce\n\n"))
    assert fetch_text(loopback.url + "/ngosang/trackers_best.txt") == "udp://a:1/announce\n\n"


def _https_handlers(client):
    return [h for h in client._opener.handlers if isinstance(h, urllib.request.HTTPSHandler)]


def test_an_http_client_loads_no_tls_context():
    """urllib's default HTTPS handler loads the CA store (~0.9 MiB) for every opener; a client of an
    http:// URL never speaks TLS (redirects stay on its scheme), so it has no HTTPS handler at all."""
    assert _https_handlers(HttpClient("http://127.0.0.1:1/")) == []


def test_https_clients_share_one_context_per_kind():
    """The twin: an https:// client has its HTTPS handler, on the process's one verifying context;
    validate_certs=False gets the one non-verifying context."""
    first, second = HttpClient("https://127.0.0.1:1/"), HttpClient("https://localhost:1/")
    (h1,), (h2,) = _https_handlers(first), _https_handlers(second)
    assert h1._context is h2._context
    assert h1._context.verify_mode == ssl.CERT_REQUIRED
    assert h1._context.check_hostname is True
    (loose,) = _https_handlers(HttpClient("https://127.0.0.1:1/", validate_certs=False))
    assert loose._context is not h1._context
    assert loose._context.verify_mode == ssl.CERT_NONE
