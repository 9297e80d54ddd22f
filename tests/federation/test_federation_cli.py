"""``noaber keys``, ``noaber membership`` and ``noaber federate`` from the command line."""
from __future__ import annotations


def test_rotating_a_key_keeps_the_old_one_published_as_retired(cli):
    assert cli("init", "twente", "--name", "Coalitie Twente", "--kind", "coalition").code == 0
    before = cli("keys", "list", "twente").out.splitlines()
    assert len(before) == 2 and before[1].rstrip().endswith("-")
    rotated = cli("keys", "rotate", "twente")
    assert rotated.code == 0 and "announced to 0 peer(s)" in rotated.out
    after = cli("keys", "list", "twente").out.splitlines()
    assert len(after) == 3 and after[1].rstrip().endswith("-") and not after[2].rstrip().endswith("-")
    assert before[1].split()[0] == after[2].split()[0]  # the old fingerprint, now retired


def test_refusals_are_one_line_and_exit_code_2(cli):
    assert cli("init", "de-es", "--name", "De Es").code == 0
    asked = cli("membership", "ask", "de-es", "https://twente.example.org", "--metrics", "transport.riders")
    assert asked.code == 2 and asked.err.strip() == "noaber: only a coalition asks for members"
    unknown = cli("membership", "approve", "de-es", "https://twente.example.org")
    assert unknown.code == 2 and "no request from https://twente.example.org" in unknown.err


def test_federate_with_nothing_to_do_says_so(cli):
    assert cli("init", "de-es", "--name", "De Es").code == 0
    result = cli("federate")
    assert result.code == 0 and "0 queued, 0 delivered, 0 waiting, 0 withheld, 0 pulled" in result.out
