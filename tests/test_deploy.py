"""deploy/: two `streamlit run` replicas behind nginx on loopback serve a page and a websocket rerun."""
from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest

from bench import wsclient
from bench.serve import behind_nginx, wait_healthy
from bench.wsclient import Session

from .harness import needs

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.fixture(scope="module")
def nginx_base(tmp_path_factory):
    """deploy/start.sh as bench/serve.py starts it (two replicas), with a cache of its own; (base URL, port)."""
    env = {"NGINX": needs(NGINX, "apt-get install nginx"), "STREAMLIT_LOGGER_LEVEL": "error",
           "REFORM_CACHE_DIR": str(tmp_path_factory.mktemp("deploy-cache"))}
    with behind_nginx(2, env) as base:
        yield base, int(base.rsplit(":", 1)[1])


def test_page_and_sticky_cookie_through_nginx(nginx_base):
    base, port = nginx_base
    with urllib.request.urlopen(base + "/region?region=metro", timeout=30) as r:
        assert r.status == 200
        assert r.headers["Server"].startswith("nginx")
        assert any(c.startswith("reform_sticky=") for c in r.headers.get_all("Set-Cookie"))
        assert b"id=\"root\"" in r.read()  # Streamlit's page shell, served by a replica
    # replicas on port+1 and port+2 both answer on their own
    for i in (1, 2):
        wait_healthy(f"http://127.0.0.1:{port + i}", None, 5)


def test_websocket_rerun_through_nginx(nginx_base):
    base, _ = nginx_base

    async def go():
        async with Session(base, "reform_sticky=test-a") as a, Session(base, "reform_sticky=test-b") as b:
            return await a.run("/region?region=metro&lang=en"), await b.run("/region?region=sragen&lang=en")

    metro, sragen = wsclient.run(go())
    assert not metro.errors and not sragen.errors
    assert "Kota Metro" in metro.texts and "Kota Metro" not in sragen.texts
    assert any("Sragen" in t for t in sragen.texts)
