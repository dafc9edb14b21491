"""The search brain: understand a request, find candidates in Radarr/Sonarr, rank, decide, add, follow.

Pipeline (each step its own module, all pure except the I/O edges):

- :mod:`.ids` and :mod:`.release` read ids/URLs and release names; :mod:`.rules` parses plain FR/EN
  requests; :mod:`.gemini` understands free text through google-genai function calling (optional);
  :mod:`.understand` chooses between them and always falls back to the rules;
- :mod:`.candidates` asks Radarr ``movie/lookup`` and Sonarr ``series/lookup``;
- :mod:`.rank` scores candidates, :mod:`.decide` turns scores into confident / ambiguous / not_found;
- :mod:`.resolver` runs the whole chain (``myflix-bot resolve`` and the Telegram handlers use it);
- :mod:`.add` adds a confirmed id; :mod:`.store`, :mod:`.webhook` and :mod:`.lifecycle` follow the request.

Heavy libraries (guessit, google-genai, aiohttp's server) are imported lazily, when first needed.
"""
