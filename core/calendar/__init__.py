"""One calendar per person: an iCalendar feed at a secret address, with every plugin's events."""
