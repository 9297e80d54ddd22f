"""The De Jong Gierveld 6-item scale, scored as published (emotional items 1-3, social items 4-6)."""
from __future__ import annotations

import pytest

from plugins.maatjes.loneliness import score


@pytest.mark.parametrize(("answers", "emotional", "social", "level"), [
    (["no", "no", "no", "yes", "yes", "yes"], 0, 0, "not"),
    (["more_or_less", "no", "no", "yes", "yes", "yes"], 1, 0, "not"),
    (["yes", "more_or_less", "no", "more_or_less", "yes", "yes"], 2, 1, "moderate"),
    (["yes", "yes", "yes", "more_or_less", "yes", "yes"], 3, 1, "moderate"),
    (["yes", "yes", "yes", "no", "more_or_less", "yes"], 3, 2, "severe"),
    (["more_or_less"] * 6, 3, 3, "severe"),
])
def test_items_score_as_the_scale_prescribes(answers, emotional, social, level):
    result = score(answers)
    assert (result.emotional, result.social, result.score, result.level) == (emotional, social,
                                                                              emotional + social, level)


@pytest.mark.parametrize("answers", [[], ["yes"] * 5, ["yes"] * 7, ["yes"] * 5 + ["maybe"]])
def test_anything_but_six_valid_answers_is_refused(answers):
    with pytest.raises(ValueError):
        score(answers)


def test_measurement_through_the_api(api, town):
    riet = api.participant(town["Riet"])
    made = api.post(f"/participants/{riet}/loneliness",
                    {"answers": ["yes", "yes", "no", "no", "more_or_less", "yes"], "on": "2026-01-05"})
    assert made.status_code == 201
    assert {k: made.get_json()[k] for k in ("score", "emotional", "social", "level")} == {
        "score": 4, "emotional": 2, "social": 2, "level": "moderate"}
    assert api.post(f"/participants/{riet}/loneliness", {"answers": ["yes"] * 5, "on": "2026-01-05"}).status_code == 422
    assert api.post(f"/participants/{riet}/loneliness", {"answers": ["ja"] * 6, "on": "2026-01-05"}).status_code == 422
