"""Languages: the messages (English ids, Dutch catalogues) and keeping the catalogues."""
