"""The API key never leaks: not in repr, errors, logs (DEBUG, urllib3 included) or files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from client_helpers import FAST, client_for, error_texts, free_port, make_account

from deepva_frames.client import Client
from deepva_frames.errors import DeepVAError
from deepva_frames.testing import FakeDeepVA

CANARY = "CANARY-KEY-7c1e9f04-do-not-leak"


def test_the_key_never_leaks(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                             capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "urllib3.connectionpool", "requests", "deepva_frames"):
        caplog.set_level(logging.DEBUG, logger=name)
    errors: list[BaseException] = []

    def expect_error(call) -> None:
        try:
            call()
        except DeepVAError as exc:
            errors.append(exc)
        else:
            raise AssertionError("expected a DeepVAError")

    account = make_account(tmp_path / "account")
    with FakeDeepVA(account, key=CANARY, max_limit=10) as fake, \
            FakeDeepVA(account, key="another-key") as other:
        c = client_for(fake, cache_dir=tmp_path / "cache", progress=True)
        c.jobs()
        c.job("job-001")
        c.kg_nodes(type="person")
        c.download_storage(5, tmp_path / "downloads" / "a.png")
        job = c.create_job("https://example.org/a.mp4", ["face_recognition"])
        c.wait_for_job(job["id"], poll=0.001, progress=True)
        fake.fail("status", status=503, path="/jobs/")
        c.jobs()  # retried: logged at INFO
        expect_error(lambda: c.job("missing"))
        fake.fail("status", status=429, retry_after=99999, path="/reports/")
        expect_error(lambda: c.reports())
        fake.fail("short-page", path="/jobs/")
        expect_error(lambda: c.jobs())
        fake.fail("redirect", path="/batches/", location=other.url + "/batches/")
        expect_error(lambda: c.batches())
        expect_error(lambda: list(c.pages("https://evil.example.com/api/v1/jobs/")))
        expect_error(lambda: c.wait_for_job(c.create_job("fail.mp4", ["m"])["id"], poll=0.001))
        expect_error(lambda: client_for(other, api_key=CANARY).jobs())  # 401 elsewhere
        refused = Client(CANARY, f"http://127.0.0.1:{free_port()}/api/v1", retry=FAST)
        expect_error(lambda: refused.jobs())
        expect_error(lambda: Client(CANARY, "http://example.com/api/v1"))
        texts = [repr(c), str(vars(c)), repr(vars(c._transport)), repr(refused)]
    assert len(errors) == 9
    out = capsys.readouterr()
    assert "/jobs/" in out.err  # the progress bars did draw
    assert any(r.name.startswith("urllib3") for r in caplog.records)  # DEBUG was captured
    logged = caplog.text + "".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert CANARY not in logged
    assert CANARY not in out.out + out.err
    for err in errors:
        assert CANARY not in error_texts(err)
    for text in texts:
        assert CANARY not in text
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "account" not in p.parts]
    assert len(written) >= 8
    for path in written:
        assert CANARY.encode() not in path.read_bytes(), path
    assert all(s.authorized is False for s in other.requests if s.path == "/batches/")
