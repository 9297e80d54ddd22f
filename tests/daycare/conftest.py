"""The daycare tests share a neighbourhood with people, a community centre and two groups."""
from daycare_town import town  # noqa: F401  (fixture)
