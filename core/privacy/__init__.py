"""Privacy rights (AVG/GDPR): all data about one person, exported or erased, across core and
plugins."""
