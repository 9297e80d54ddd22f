"""The zeggenschap tests share the neighbourhood in zeggenschap_hood.py."""
from zeggenschap_hood import hood  # noqa: F401  (fixture)
