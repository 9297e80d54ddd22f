"""The maatjes tests share the town in buddy_town.py."""
from buddy_town import api, town, token  # noqa: F401  (fixtures)
