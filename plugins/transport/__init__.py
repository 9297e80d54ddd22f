"""Transport: volunteer rides for residents who cannot travel alone (work in progress, issue 4).

Not registered as a plugin yet: this package holds the planner's foundations (distances,
feasibility, the MILP, the greedy baseline) while the tables, pages and API are built.
See README.md for what is measured so far.
"""
