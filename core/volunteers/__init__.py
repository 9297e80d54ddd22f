"""Volunteer hours: what every plugin reports volunteers gave, added up, and what it is worth."""
