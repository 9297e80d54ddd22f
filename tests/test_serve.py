"""``noaber serve`` over real HTTP: tenants come and go while it runs."""
from __future__ import annotations

import shutil

import requests
from servers import free_port, running

from core.testing import set_enabled


def test_serves_tenants_added_changed_and_removed_without_restart(cli, instance):
    assert cli("init", "de-es", "--name", "De Es", "--host", "de-es.localhost").code == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running("serve", "--port", str(port), "--workers", "2"):
        assert requests.get(f"{base}/healthz").json()["status"] == "ok"
        assert "De Es" in requests.get(f"{base}/t/de-es/").text
        assert "De Es" in requests.get(f"{base}/", headers={"Host": f"de-es.localhost:{port}"}).text

        assert requests.get(f"{base}/t/de-linde/").status_code == 404
        assert cli("init", "de-linde", "--name", "De Linde", "--plugins", "example").code == 0
        assert "De Linde" in requests.get(f"{base}/t/de-linde/").text
        assert requests.get(f"{base}/t/de-linde/api/v1/example/notices").status_code == 200

        assert requests.get(f"{base}/t/de-es/example/").status_code == 404
        set_enabled(instance.tenants_root / "de-es", ["example"])
        assert cli("migrate", "--tenant", "de-es").code == 0
        for _ in range(4):  # each worker process sees the change
            assert requests.get(f"{base}/t/de-es/example/").status_code == 200

        instance.storage.drop("de-linde")
        shutil.rmtree(instance.tenants_root / "de-linde")
        for _ in range(4):
            assert requests.get(f"{base}/t/de-linde/").status_code == 404


def test_serve_refuses_a_missing_tenants_root(cli, tmp_path):
    result = cli("serve", "--tenants", str(tmp_path / "nergens"))
    assert result.code == 2 and "does not exist" in result.err
