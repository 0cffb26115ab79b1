"""Fixtures of the export tests."""

from __future__ import annotations

import pytest
from export_helpers import Account, serve


@pytest.fixture
def exported(tmp_path):
    """An account served by FakeDeepVA, and a first full export of it."""
    account = Account.create(tmp_path / "store")
    out = tmp_path / "out"
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)
    return account, out


@pytest.fixture
def account(tmp_path):
    """A four-job account (see export_helpers) not yet exported."""
    return Account.create(tmp_path / "store")
