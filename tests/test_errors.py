"""Errors name what they are about and stay within one line of body."""

from __future__ import annotations

import pytest

from deepva_frames import errors


def test_api_error_carries_status_url_and_excerpt():
    err = errors.ApiError(400, "https://h/api/v1/jobs/", b'{"detail":\n"bad"}' + b" x" * 500)
    assert err.status == 400 and err.url == "https://h/api/v1/jobs/"
    assert "\n" not in str(err)
    assert str(err).startswith("HTTP 400 for https://h/api/v1/jobs/: {\"detail\": \"bad\"}")
    assert len(err.body) <= errors.BODY_EXCERPT_CHARS + 1


@pytest.mark.parametrize("cls", [errors.AuthError, errors.NotFound, errors.RateLimited])
def test_http_errors_are_api_errors(cls):
    err = cls(401, "u")
    assert isinstance(err, errors.ApiError) and isinstance(err, errors.DeepVAError)


def test_rate_limited_tells_the_wait():
    err = errors.RateLimited(429, "https://h/x", retry_after=3600)
    assert err.retry_after == 3600 and "3600" in str(err)


def test_payload_error_names_resource_record_and_key():
    err = errors.PayloadError("segments", "expected a number", record=3, key="frame_start")
    assert str(err) == "segments, record 3, key 'frame_start': expected a number"
    assert isinstance(err, ValueError)


def test_offline_miss_names_path_and_query():
    err = errors.OfflineMiss("/jobs/", {"tag": "news"})
    assert "GET /jobs/?tag=news" in str(err) and isinstance(err, errors.StoreError)


def test_data_quality_warning_names_table_key_count_job_record_example():
    warning = errors.DataQualityWarning("segments", "meta.age", 2, job="j", record="4 (id 's')",
                                        example=37)
    assert isinstance(warning, UserWarning) and not isinstance(warning, errors.DeepVAError)
    assert (warning.table, warning.key, warning.count, warning.job) == ("segments", "meta.age",
                                                                       2, "j")
    for part in ("segments", "'meta.age'", "2 record", "job j", "record 4 (id 's')", "37"):
        assert part in str(warning), part


def test_payload_error_names_the_job():
    error = errors.PayloadError("segments", "expected an integer", record="1", key="frame_end",
                                job="j9")
    assert str(error) == "segments, job j9, record 1, key 'frame_end': expected an integer"
    assert error.job == "j9"


def test_job_errors():
    failed = errors.JobFailed("j1", "failed", [{"message": "bad codec"}, "other"])
    assert str(failed) == "job j1 ended failed: bad codec; other"
    assert failed.errors[0]["message"] == "bad codec"
    timeout = errors.JobTimeout("j1", 30, "running", 0.5)
    assert isinstance(timeout, TimeoutError) and "running" in str(timeout)


def test_every_public_error_derives_from_deepva_error():
    for name in errors.__all__:
        if issubclass(getattr(errors, name), Warning):  # warnings are not errors
            assert issubclass(getattr(errors, name), UserWarning), name
            continue
        assert issubclass(getattr(errors, name), errors.DeepVAError), name
