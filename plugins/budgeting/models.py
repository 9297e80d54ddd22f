"""Tables of the budgeting plugin; every name starts with ``budgeting_``. Money is Numeric(12, 2), exact."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.toolkit import Base, UTCDateTime, utcnow

CATEGORIES = ("activities", "volunteers", "transport", "housing", "communication", "organisation", "other")
SOURCES = ("municipality", "wmo", "fund", "membership", "gift", "other")
#: an expense's life: submitted → approved → scheduled (in a payment batch) → paid, or rejected
STATUSES = ("submitted", "approved", "scheduled", "paid", "rejected")
#: what counts as spent in budget vs actual
SPENT = ("approved", "scheduled", "paid")
CLAIM_KINDS = ("km", "allowance", "costs")
MONEY = Numeric(12, 2)


class Line(Base):
    """One line of a year's budget: a category, optionally a project, and the amount set aside."""

    __tablename__ = "budgeting_line"
    __table_args__ = (UniqueConstraint("source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    #: a project or activity within the category, or ""
    project: Mapped[str] = mapped_column(String(120), default="")
    amount: Mapped[Decimal] = mapped_column(MONEY)
    #: the members decided this line (zeggenschap's budget vote, ``noaber_allocate_budget``)
    decided_by_members: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the decision's stable key, so allocating twice gives one line
    source: Mapped[str | None] = mapped_column(String(160), default=None)
    decision_url: Mapped[str] = mapped_column(String(200), default="")
    amendments: Mapped[list[Amendment]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                       order_by="Amendment.id")

    def __repr__(self) -> str:
        return f"<Line {self.id} {self.year} {self.category} {self.name!r} {self.amount}>"


class Amendment(Base):
    """A change of a line's amount, with the reason, for the kascommissie."""

    __tablename__ = "budgeting_amendment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budgeting_line.id", ondelete="CASCADE"), index=True)
    old_amount: Mapped[Decimal] = mapped_column(MONEY)
    new_amount: Mapped[Decimal] = mapped_column(MONEY)
    reason: Mapped[str] = mapped_column(String(300))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Grant(Base):
    """A subsidy or fund's grant: who gives it, for which lines, on which conditions."""

    __tablename__ = "budgeting_grant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    funder: Mapped[str] = mapped_column(String(120))
    reference: Mapped[str] = mapped_column(String(80))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: the share paid in advance, e.g. 75 (per cent), or None
    advance_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), default=None)
    report_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    conditions: Mapped[str] = mapped_column(Text, default="")
    #: what the grant is for, in the application's words; the funder's report shows the results beside it
    goals: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list[GrantLine]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class GrantLine(Base):
    """The part of a budget line a grant pays for."""

    __tablename__ = "budgeting_grant_line"
    __table_args__ = (UniqueConstraint("grant_id", "line_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("budgeting_grant.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budgeting_line.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    #: why the line differs more than 10 % from its budget, for the funder's report
    explanation: Mapped[str] = mapped_column(Text, default="")
    line: Mapped[Line] = relationship(lazy="joined")


class Income(Base):
    """Money in: received, or expected (then matched to the bank when it arrives)."""

    __tablename__ = "budgeting_income"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    source: Mapped[str] = mapped_column(String(20))
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("budgeting_grant.id", ondelete="SET NULL"),
                                                 default=None, index=True)
    description: Mapped[str] = mapped_column(String(300), default="")
    #: what the payer writes with it (payment reference), and their IBAN, to match the bank
    reference: Mapped[str] = mapped_column(String(140), default="")
    payer_iban: Mapped[str] = mapped_column(String(34), default="")
    received: Mapped[bool] = mapped_column(Boolean, default=True)


class PaymentBatch(Base):
    """Approved expenses paid together: one SEPA credit-transfer file for the bank."""

    __tablename__ = "budgeting_payment_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    execution_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(MONEY)
    #: the pain.001 as made when the batch was made, validated against its XSD
    document: Mapped[bytes] = mapped_column(LargeBinary)

    @property
    def schema(self) -> str:
        """pain.001.001.03 or .09: the file names its own version in its namespace."""
        return "pain.001.001.09" if b"pain.001.001.09" in self.document[:400] else "pain.001.001.03"


class Expense(Base):
    """Money out: a bill or a volunteer's claim, with its receipt and its approval."""

    __tablename__ = "budgeting_expense"
    __table_args__ = (UniqueConstraint("source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    line_id: Mapped[int] = mapped_column(ForeignKey("budgeting_line.id", ondelete="RESTRICT"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    payee_name: Mapped[str] = mapped_column(String(70), default="")
    payee_iban: Mapped[str] = mapped_column(String(34), default="")
    #: the volunteer it is paid to, for a claim
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"),
                                                  default=None, index=True)
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    submitted_by: Mapped[str] = mapped_column(String(80))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str] = mapped_column(String(80), default="")
    rejected_reason: Mapped[str] = mapped_column(String(300), default="")
    #: the receipt's media type; the file is in the tenant's folder, named by the expense's id
    receipt_type: Mapped[str] = mapped_column(String(40), default="")
    #: what it pays for, e.g. ``transport:ride:812``: a claim collected again is not added twice
    source: Mapped[str | None] = mapped_column(String(160), default=None)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("budgeting_payment_batch.id", ondelete="SET NULL"),
                                                 default=None, index=True)
    #: the SEPA end-to-end id it was sent with; the bank statement gives it back
    end_to_end_id: Mapped[str | None] = mapped_column(String(35), default=None, unique=True)
    paid_on: Mapped[date | None] = mapped_column(Date, default=None)
    line: Mapped[Line] = relationship(lazy="joined")

    @property
    def has_receipt(self) -> bool:
        return bool(self.receipt_type)


class Claim(Base):
    """What a volunteer claims back: kilometres, the volunteer allowance, or costs; paid as an expense."""

    __tablename__ = "budgeting_claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"), index=True)
    #: "YYYY-MM"
    month: Mapped[str] = mapped_column(String(7), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    #: kilometres, or euros
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    description: Mapped[str] = mapped_column(String(300), default="")
    expense_id: Mapped[int] = mapped_column(ForeignKey("budgeting_expense.id", ondelete="CASCADE"), index=True)
    expense: Mapped[Expense] = relationship(lazy="joined")


class Statement(Base):
    """One bank file imported."""

    __tablename__ = "budgeting_statement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    format: Mapped[str] = mapped_column(String(10))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(80))
    entries: Mapped[int] = mapped_column(Integer, default=0)


class BankEntry(Base):
    """One booking on the bank account, as the bank reported it."""

    __tablename__ = "budgeting_bank_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the bank's own reference of the booking: importing a file twice adds nothing
    bank_reference: Mapped[str] = mapped_column(String(120), unique=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("budgeting_statement.id", ondelete="CASCADE"), index=True)
    booked_on: Mapped[date] = mapped_column(Date, index=True)
    #: positive is money in, negative money out
    amount: Mapped[Decimal] = mapped_column(MONEY)
    counterparty_name: Mapped[str] = mapped_column(String(140), default="")
    counterparty_iban: Mapped[str] = mapped_column(String(34), default="")
    end_to_end_id: Mapped[str] = mapped_column(String(35), default="")
    remittance: Mapped[str] = mapped_column(String(300), default="")
    expense_id: Mapped[int | None] = mapped_column(ForeignKey("budgeting_expense.id", ondelete="SET NULL"),
                                                   default=None)
    income_id: Mapped[int | None] = mapped_column(ForeignKey("budgeting_income.id", ondelete="SET NULL"),
                                                  default=None)
    #: the treasurer decided no booking is needed (bank costs, a refund that cancels out), and why
    no_booking: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(300), default="")

    @property
    def matched(self) -> bool:
        return self.expense_id is not None or self.income_id is not None

    @property
    def handled(self) -> bool:
        """Off the review list: matched, or marked as needing no booking."""
        return self.matched or self.no_booking
