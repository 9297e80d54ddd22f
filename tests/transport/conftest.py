"""The transport tests share the town in ride_town.py."""
from ride_town import town  # noqa: F401  (fixture)
