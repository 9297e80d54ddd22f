"""Pages of query results, for HTML lists and the API alike."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(session: Session, query: Select, number: int, per_page: int, clamp: bool = False) -> Page:
    """The rows of page *number*; with *clamp* (pages people read), a number past the last gives the last."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, number)
    if clamp:
        number = min(number, max(1, -(-total // per_page)))
    offset = (number - 1) * per_page
    # Past the end there is nothing to ask for, and a database would refuse an offset beyond 64 bits.
    items = session.scalars(query.limit(per_page).offset(offset)).all() if offset < total else []
    return Page(list(items), number, per_page, total)
