"""Tests of Client.wait_for_job and friends (deepva_frames.client.polling) against FakeDeepVA."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from client_helpers import KEY, client_for, make_account

from deepva_frames.client import Client
from deepva_frames.errors import JobFailed, JobTimeout
from deepva_frames.testing import FakeDeepVA


@pytest.fixture
def account(tmp_path: Path) -> Path:
    make_account(tmp_path / "account")
    return tmp_path / "account"


def _start(client: Client, source: str = "https://example.org/a.mp4") -> str:
    return client.create_job(source, {"face_recognition": {}})["id"]


def test_wait_returns_the_completed_job(account: Path) -> None:
    with FakeDeepVA(account, key=KEY, job_polls_to_complete=4) as fake:
        c = client_for(fake)
        job_id = _start(c)
        job = c.wait_for_job(job_id, poll=0.001)
    assert job["id"] == job_id and job["state"] == "completed" and job["progress"] == 1.0
    polls = [s for s in fake.requests if s.method == "GET"]
    assert len(polls) == 4 and all(s.path == f"/jobs/{job_id}/" for s in polls)


def test_a_failed_job_raises_job_failed_with_its_errors(account: Path) -> None:
    with FakeDeepVA(account, key=KEY) as fake:
        c = client_for(fake)
        job_id = _start(c, "https://example.org/fail.mp4")
        with pytest.raises(JobFailed) as info:
            c.wait_for_job(job_id, poll=0.001)
    err = info.value
    assert err.job_id == job_id and err.state == "failed"
    assert err.errors and err.errors[0]["module"] == "face_recognition"
    assert err.errors[0]["message"] in str(err)


def test_a_slow_job_raises_job_timeout(account: Path) -> None:
    with FakeDeepVA(account, key=KEY, job_polls_to_complete=10_000) as fake:
        c = client_for(fake)
        job_id = _start(c)
        start = time.monotonic()
        with pytest.raises(JobTimeout) as info:
            c.wait_for_job(job_id, timeout=0.3, poll=0.02)
        elapsed = time.monotonic() - start
    assert 0.3 <= elapsed < 1.0
    assert info.value.state == "processing" and 0 <= info.value.progress < 1


def test_polling_backs_off_up_to_the_cap(account: Path) -> None:
    with FakeDeepVA(account, key=KEY, job_polls_to_complete=10_000) as fake:
        c = client_for(fake)
        job_id = _start(c)
        with pytest.raises(JobTimeout):
            c.wait_for_job(job_id, timeout=1.0, poll=0.02, max_poll=0.1)
    times = [s.time for s in fake.requests if s.method == "GET"]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[0] < 0.06                      # starts at `poll`
    assert max(gaps) < 0.3                     # never far beyond max_poll (0.1 s)
    assert gaps[-2] > gaps[0] * 2              # and grows on the way
    assert 8 <= len(times) <= 20


def test_wait_shows_a_progress_bar(account: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with FakeDeepVA(account, key=KEY, job_polls_to_complete=3) as fake:
        c = client_for(fake)
        job_id = _start(c)
        c.wait_for_job(job_id, poll=0.001, progress=True)
        err = capsys.readouterr().err
        assert job_id in err and "completed" in err
        c.wait_for_job(job_id, poll=0.001, progress=False)
        assert capsys.readouterr().err == ""
