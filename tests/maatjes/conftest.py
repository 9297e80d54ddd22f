"""The maatjes tests share the town in buddy_town.py."""
from buddy_town import api, coordinator, town, token  # noqa: F401  (fixtures)
