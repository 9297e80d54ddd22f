"""The audit log: who read or changed which person's data, when, and through what."""
