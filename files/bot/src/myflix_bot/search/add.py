"""Adding a confirmed id to Radarr or Sonarr, tagged with the requester.

Only a :class:`~myflix_bot.search.candidates.Candidate` that came back from a lookup can be added,
and the handlers only call this after the user pressed Add on a card that showed that id. A title
already in the library is reported, not re-added; a 400 from the app (a duplicate added meanwhile,
or a bad profile/root folder) becomes a short, friendly outcome after checking the library again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from myflix_bot.search.candidates import Candidate
from myflix_bot.search.settings import AddSettings, SearchSettings
from myflix_bot.sources.arr import ArrClient, SourceError

Outcome = Literal["added", "exists", "failed"]


@dataclass(frozen=True, slots=True)
class AddResult:
    outcome: Outcome
    library_id: int | None = None
    detail: str = ""  # for logs and admins; never a secret


async def _profile_id(client: ArrClient, wanted: str | int | None) -> int:
    profiles = await client.get("qualityprofile")
    if not isinstance(profiles, list) or not profiles:
        raise SourceError(f"{client.name}: no quality profile")
    for p in profiles:
        if wanted is None or p.get("id") == wanted or (isinstance(wanted, str) and p.get("name") == wanted):
            return int(p["id"])
    raise SourceError(f"{client.name}: quality profile {wanted!r} does not exist")


async def _root_folder(client: ArrClient, wanted: str | None) -> str:
    roots = await client.get("rootfolder")
    paths: list[str] = [
        r["path"] for r in roots or [] if isinstance(r, dict) and isinstance(r.get("path"), str)
    ]
    if wanted is not None:
        if wanted.rstrip("/") not in {p.rstrip("/") for p in paths}:
            raise SourceError(f"{client.name}: root folder {wanted!r} does not exist")
        return wanted
    if not paths:
        raise SourceError(f"{client.name}: no root folder")
    return paths[0]


async def ensure_tag(client: ArrClient, label: str) -> int:
    """The id of the tag ``label`` (the *arr store labels in lower case), created when missing."""
    label = label.strip().lower()
    for tag in await client.get("tag") or []:
        if isinstance(tag, dict) and tag.get("label") == label:
            return int(tag["id"])
    created = await client.request("POST", "tag", json={"label": label})
    return int(created["id"])


async def _library_id(client: ArrClient, candidate: Candidate) -> int | None:
    if candidate.kind == "movie":
        found = await client.get("movie", tmdbId=candidate.id)
    else:
        found = await client.get("series", tvdbId=candidate.id)
    if isinstance(found, list) and found and isinstance(found[0], dict):
        return found[0].get("id")
    return None


def movie_body(candidate: Candidate, opts: AddSettings, profile: int, root: str, tag: int) -> dict[str, Any]:
    body = {k: v for k, v in candidate.raw.items() if k not in ("id", "path", "folderName")}
    body.update(
        tmdbId=candidate.id,
        title=candidate.title,
        qualityProfileId=profile,
        rootFolderPath=root,
        monitored=True,
        minimumAvailability=opts.minimum_availability,
        tags=[tag],
        addOptions={"searchForMovie": True},
    )
    return body


def series_body(
    candidate: Candidate, opts: AddSettings, profile: int, root: str, tag: int, *, season: int | None
) -> dict[str, Any]:
    body = {k: v for k, v in candidate.raw.items() if k not in ("id", "path")}
    numbers = candidate.seasons or ((season,) if season else ())
    body.update(
        tvdbId=candidate.id,
        title=candidate.title,
        qualityProfileId=profile,
        rootFolderPath=root,
        monitored=True,
        seasonFolder=opts.season_folder,
        tags=[tag],
        seasons=[{"seasonNumber": n, "monitored": season is None or n == season} for n in numbers],
        addOptions={"searchForMissingEpisodes": True},
    )
    if season is None:
        body["addOptions"]["monitor"] = "all"
    return body


class Adder:
    def __init__(self, clients: dict[str, ArrClient | None], settings: SearchSettings) -> None:
        self.clients = clients
        self.settings = settings

    def tag_label(self, requester: int) -> str:
        return f"{self.settings.tag_prefix}{requester}"

    async def add(
        self,
        candidate: Candidate,
        requester: int,
        season: int | None = None,
        *,
        quality_profile: str | int | None = None,
        root_folder: str | None = None,
    ) -> AddResult:
        """Add ``candidate``; ``quality_profile`` and ``root_folder`` (a member's own) replace the
        search section's when given."""
        client = self.clients.get(candidate.kind)
        if client is None:
            return AddResult("failed", detail=f"no {'Radarr' if candidate.kind == 'movie' else 'Sonarr'}")
        if candidate.library_id is not None:
            return AddResult("exists", candidate.library_id)
        opts = self.settings.radarr if candidate.kind == "movie" else self.settings.sonarr
        try:
            wanted = quality_profile if quality_profile is not None else opts.quality_profile
            profile = await _profile_id(client, wanted)
            root = await _root_folder(client, root_folder or opts.root_folder)
            tag = await ensure_tag(client, self.tag_label(requester))
            if candidate.kind == "movie":
                body = movie_body(candidate, opts, profile, root, tag)
                created = await client.request("POST", "movie", json=body)
            else:
                body = series_body(candidate, opts, profile, root, tag, season=season)
                created = await client.request("POST", "series", json=body)
        except SourceError as exc:
            if "HTTP 400" in str(exc):  # a duplicate added meanwhile, or a validation problem
                try:
                    existing = await _library_id(client, candidate)
                except SourceError:
                    existing = None
                if existing is not None:
                    return AddResult("exists", existing)
            return AddResult("failed", detail=str(exc))
        library_id = created.get("id") if isinstance(created, dict) else None
        return AddResult("added", library_id if isinstance(library_id, int) else None)
