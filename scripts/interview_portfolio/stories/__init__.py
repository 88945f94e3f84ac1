"""Stories: the front-matter model, the competency vocabulary, loading, links, lint, worked examples."""

# First, before any other module of this folder: the story cache hashes this folder's sources as
# they are now, which is what the other modules are then imported from (story_cache.py).
from . import story_cache as story_cache
