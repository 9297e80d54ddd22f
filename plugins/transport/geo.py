"""Distances and travel times, as the planner and the kilometre statements count them.

Road distance is the great-circle (haversine) distance times a detour factor that the
tenant sets (1.3 by default, typical for Dutch towns). Travel time follows from an average
speed plus a fixed time to help someone in and out of the car.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from math import asin, cos, radians, sin, sqrt

EARTH_KM = 6371.0088

Point = tuple[float, float]  # (latitude, longitude)


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * asin(sqrt(h))


@dataclass(frozen=True)
class Roads:
    """How the tenant turns straight lines into kilometres and minutes."""

    detour_factor: float = 1.3
    speed_kmh: float = 35.0
    #: helping someone in or out, loading a wheelchair
    boarding: timedelta = timedelta(minutes=5)

    def km(self, a: Point, b: Point) -> float:
        return haversine_km(a, b) * self.detour_factor

    def km_matrix(self, a, b):
        """``km`` from every point of *a* (rows) to every point of *b* (columns), as a NumPy array."""
        import numpy as np  # only the chain planner needs arrays
        lat1, lon1 = np.radians(a[:, 0])[:, None], np.radians(a[:, 1])[:, None]
        lat2, lon2 = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
        h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0))) * self.detour_factor

    def travel(self, a: Point, b: Point) -> timedelta:
        return timedelta(hours=self.km(a, b) / self.speed_kmh)
