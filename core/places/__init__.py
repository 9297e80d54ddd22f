"""The neighbourhood's known places: the GP, the hospital, the community centre, chosen from a list
instead of typed (and never asked for as coordinates)."""
