"""A CAMT.053 statement as a Dutch bank writes it (ISO 20022 camt.053.001.02), for the demo and the tests:
what the bank booked after a payment batch, and money that came in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape


@dataclass
class Line:
    reference: str
    booked_on: date
    amount: Decimal  # negative: money out
    name: str
    iban: str
    end_to_end_id: str = "NOTPROVIDED"
    remittance: str = ""


def _entry(line: Line) -> str:
    out = line.amount < 0
    party, account = ("Cdtr", "CdtrAcct") if out else ("Dbtr", "DbtrAcct")
    return f"""
      <Ntry>
        <NtryRef>{escape(line.reference)}</NtryRef>
        <Amt Ccy="EUR">{abs(line.amount):.2f}</Amt>
        <CdtDbtInd>{"DBIT" if out else "CRDT"}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{line.booked_on.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{line.booked_on.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{escape(line.reference)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{"ICDT" if out else "RCDT"}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>
        </Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{escape(line.end_to_end_id)}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{abs(line.amount):.2f}</Amt></TxAmt></AmtDtls>
          <RltdPties><{party}><Nm>{escape(line.name)}</Nm></{party}><{account}><Id><IBAN>{line.iban}</IBAN></Id></{account}></RltdPties>
          <RmtInf><Ustrd>{escape(line.remittance)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def camt053(account_iban: str, statement_id: str, day: date, opening: Decimal, lines: list[Line]) -> bytes:
    closing = opening + sum((line.amount for line in lines), Decimal(0))
    entries = "".join(_entry(line) for line in lines)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{day.isoformat()}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>{day.isoformat()}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>{account_iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
