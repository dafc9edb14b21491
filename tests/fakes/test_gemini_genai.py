"""The Gemini fake driven through google-genai with http_options(base_url=...)."""

from __future__ import annotations

import httpx
import pytest
from google import genai
from google.genai import errors, types
from myflix_testkit.fakes.gemini import Error, FunctionCall, GeminiFake, Json, Text, Usage
from pydantic import BaseModel

MODEL = "gemini-2.5-flash"


class MovieRequest(BaseModel):
    title: str
    year: int | None
    kind: str


def client_for(fake: GeminiFake, api_key: str | None = None, api_version: str | None = None) -> genai.Client:
    options = types.HttpOptions(base_url=fake.base_url, api_version=api_version)
    return genai.Client(api_key=api_key or fake.api_key, http_options=options)


def test_text_answer_and_request_recorded_with_key_only_in_header(fake_gemini: GeminiFake) -> None:
    fake_gemini.script(Text("Bonjour !", usage=Usage(prompt_tokens=12, candidate_tokens=3)))
    client = client_for(fake_gemini)
    response = client.models.generate_content(model=MODEL, contents="Dis bonjour")
    assert response.text == "Bonjour !"
    assert response.usage_metadata is not None
    assert response.usage_metadata.total_token_count == 15
    (request,) = fake_gemini.requests
    assert request.path.endswith(f"/models/{MODEL}:generateContent")
    assert request.model == MODEL
    assert request.api_key_ok
    assert request.body["contents"][0]["parts"][0]["text"] == "Dis bonjour"
    assert fake_gemini.api_key not in str(request.query)
    assert fake_gemini.api_key not in str(request.body)
    assert fake_gemini.api_key not in str(request.headers)
    assert fake_gemini.leaks == []


def test_v1beta_is_served_too(fake_gemini: GeminiFake) -> None:
    fake_gemini.script("ok")
    client = client_for(fake_gemini, api_version="v1beta")
    assert client.models.generate_content(model=MODEL, contents="x").text == "ok"
    assert fake_gemini.requests[0].api_version == "v1beta"


def test_json_answer_must_match_the_response_schema(fake_gemini: GeminiFake) -> None:
    config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=MovieRequest)
    fake_gemini.script(Json({"title": "Amélie", "year": 2001, "kind": "movie"}))
    client = client_for(fake_gemini)
    response = client.models.generate_content(model=MODEL, contents="amelie 2001", config=config)
    assert isinstance(response.parsed, MovieRequest)
    assert response.parsed.title == "Amélie"
    # a scripted answer that breaks the schema the client sent is a loud test bug, not a pass
    fake_gemini.script(Json({"title": "Amélie"}))
    with pytest.raises(errors.ServerError, match="does not match the response schema"):
        client.models.generate_content(model=MODEL, contents="amelie", config=config)


def test_function_call_must_be_declared(fake_gemini: GeminiFake) -> None:
    search = types.FunctionDeclaration(
        name="search_movie",
        description="Search a movie",
        parameters=types.Schema(
            type=types.Type.OBJECT,
            properties={"title": types.Schema(type=types.Type.STRING)},
            required=["title"],
        ),
    )
    config = types.GenerateContentConfig(
        tools=[types.Tool(function_declarations=[search])],
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )
    fake_gemini.script(FunctionCall("search_movie", {"title": "Dune"}), FunctionCall("delete_all", {}))
    client = client_for(fake_gemini)
    response = client.models.generate_content(model=MODEL, contents="trouve Dune", config=config)
    assert response.function_calls is not None
    assert (response.function_calls[0].name, response.function_calls[0].args) == (
        "search_movie",
        {"title": "Dune"},
    )
    assert fake_gemini.requests[0].body["tools"][0]["functionDeclarations"][0]["name"] == "search_movie"
    with pytest.raises(errors.ServerError, match="not declared"):
        client.models.generate_content(model=MODEL, contents="efface tout", config=config)


def test_429_is_client_error_and_500_server_error(fake_gemini: GeminiFake) -> None:
    fake_gemini.script(Error(429), Error(500))
    client = client_for(fake_gemini)
    with pytest.raises(errors.ClientError) as rate_limited:
        client.models.generate_content(model=MODEL, contents="x")
    assert rate_limited.value.code == 429
    assert rate_limited.value.status == "RESOURCE_EXHAUSTED"
    assert rate_limited.value.details["error"]["details"][1]["retryDelay"] == "30s"
    with pytest.raises(errors.ServerError) as internal:
        client.models.generate_content(model=MODEL, contents="x")
    assert internal.value.code == 500
    assert fake_gemini.remaining == 0


async def test_async_client_and_wrong_key(fake_gemini: GeminiFake) -> None:
    fake_gemini.script("async ok")
    client = client_for(fake_gemini)
    response = await client.aio.models.generate_content(model=MODEL, contents="x")
    assert response.text == "async ok"
    wrong = client_for(fake_gemini, api_key="AIza-wrong")
    with pytest.raises(errors.ClientError) as caught:
        wrong.models.generate_content(model=MODEL, contents="x")
    assert caught.value.code == 400
    assert "API key not valid" in str(caught.value)


def test_empty_script_fails_loudly(fake_gemini: GeminiFake) -> None:
    client = client_for(fake_gemini)
    with pytest.raises(errors.ServerError, match="no scripted response left"):
        client.models.generate_content(model=MODEL, contents="x")


def test_key_in_url_or_secret_in_body_is_rejected_and_recorded() -> None:
    fake = GeminiFake()
    server = fake.serve()
    try:
        fake.add_secret("123456:telegram-token")
        url = f"{fake.url}/v1beta/models/{MODEL}:generateContent"
        body = {"contents": [{"parts": [{"text": "hi"}]}]}
        assert httpx.post(url, params={"key": fake.api_key}, json=body).status_code == 400
        leaky = {"contents": [{"parts": [{"text": "token 123456:telegram-token"}]}]}
        assert httpx.post(url, headers={"x-goog-api-key": fake.api_key}, json=leaky).status_code == 400
        missing = httpx.post(url, json=body)
        assert missing.status_code == 403
        assert missing.json()["error"]["status"] == "PERMISSION_DENIED"
    finally:
        server.stop()
    assert len(fake.leaks) == 2
    with pytest.raises(AssertionError, match="secrets sent to Gemini"):
        fake.assert_no_secret_leak()
