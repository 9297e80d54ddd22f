"""The optional noise policy: discrete Laplace noise from OpenDP on counts, on top of k.

For a tenant that wants a formal guarantee (``[federation] noise = "laplace"``). Each count
of a month gets noise with scale = sensitivity ÷ epsilon, where the sensitivity is what one
person can change the count by: 1 for distinct persons, ``events_per_person`` for events.
Kilometres, hours and money are not noised (one person's share has no useful bound); they
stay under the k threshold.

A released value is kept with the true value it came from. As long as the true value does
not change, the same released value goes out again, to every coalition: fresh noise on each
resend would let a coalition average it away. OpenDP's own random source is used, never a
seed anyone could reproduce.
"""
from __future__ import annotations

from sqlalchemy import select

from core.errors import NoaberError
from core.federation.models import Release

#: what is counted that gets noise; quantities and money have no useful bound per person
NOISED = ("persons", "events")


def laplace_sampler(scale: float):
    """OpenDP's discrete Laplace mechanism on integers with *scale*; imported only when used."""
    try:
        import opendp.prelude as dp
    except ImportError:
        raise NoaberError('the noise policy needs OpenDP: pip install "noaber[noise]"') from None
    dp.enable_features("contrib")
    return dp.m.make_laplace(dp.atom_domain(T=int), dp.absolute_distance(T=int), scale=scale)


def scale_for(counts: str, settings) -> float:
    sensitivity = 1 if counts == "persons" else settings["events_per_person"]
    return sensitivity / settings["epsilon"]


def apply(session, period: str, results, cells: list[dict], settings) -> list[dict]:
    """Noise on the published counts of *cells* (after k); the same release while the truth holds."""
    kept = {r.metric: r for r in session.scalars(select(Release).where(Release.period == period))}
    truth = {metric.id: (metric, measure) for metric, measure in results}
    samplers: dict[float, object] = {}
    for cell in cells:
        metric, measure = truth[cell["metric"]]
        if cell["status"] != "ok" or metric.counts not in NOISED:
            continue
        release = kept.get(metric.id)
        if release is None or release.true_value != measure.value:
            scale = scale_for(metric.counts, settings)
            sampler = samplers.setdefault(scale, laplace_sampler(scale))
            released = max(0, sampler(int(measure.value)))  # a count below zero says nothing more
            if release is None:
                release = Release(period=period, metric=metric.id)
                session.add(release)
            release.true_value, release.released = measure.value, released
        cell["value"] = release.released
        cell["status"] = "zero" if release.released == 0 else "ok"
    session.flush()
    return cells
