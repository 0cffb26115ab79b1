"""Every message the command line gives a new user: its text and its exit code.

Run as a user meets them: ``main([...])`` in-process, or the installed console script in
a subprocess where what reaches the terminal (FFmpeg's own output, timing) matters.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest
from cli_helpers import console_script, sample_job_ids

from deepva_frames.cli import build_parser, main
from deepva_frames.cli.common import client_for
from deepva_frames.sample import sample_video_path

NEWSROOM = "59f723cb-c457-5276-9089-caf1c7747fe3"
NOBODY = 65534


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_without_root(argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` in a forked child running as nobody (root writes anywhere)."""
    import deepva_frames.overlay  # noqa: F401  (imported before the child drops rights)

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                           # the child
        code = 3
        try:
            sys.stdout = sys.stderr = os.fdopen(write_end, "w")   # not pytest's capture
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code = main(argv)
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as output:
        text = output.read()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), text


def test_a_read_only_folder_reads_as_permission_denied(capsys):
    parent = tempfile.mkdtemp(prefix="dvf-ro-")
    try:
        os.chmod(parent, 0o755)
        folder = os.path.join(parent, "ro")
        os.mkdir(folder, 0o555)
        os.chmod(folder, 0o555)
        argv = ["render", "--sample", "--job", NEWSROOM, "--out", f"{folder}/a.mp4",
                "--no-progress"]
        if os.geteuid() == 0:
            code, err = _run_without_root(argv)
        else:
            code, err = main(argv), capsys.readouterr().err
        assert code == 1, err
        assert err.strip() == (f"deepva-frames render: {folder}/a.mp4: permission denied: "
                               f"the folder {folder} is not writable")
        assert os.listdir(folder) == []
    finally:
        os.chmod(os.path.join(parent, "ro"), 0o755)
        shutil.rmtree(parent)


def test_plain_http_is_a_usage_error_naming_the_cli_option(monkeypatch, capsys):
    monkeypatch.setenv("DEEPVA_API_KEY", "k")
    code = main(["export", "--all-jobs", "--out", "bi", "--base-url",
                 "http://api.example.org/api/v1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("deepva-frames export: refusing plain http:// to api.example.org")
    assert "add --allow-insecure" in err and "allow_insecure=True" not in err


def test_allow_insecure_is_an_option_that_works(monkeypatch):
    """Building the client opens no socket: the URL is judged from its text alone."""
    monkeypatch.setenv("DEEPVA_API_KEY", "k")
    args = build_parser().parse_args(["export", "--all-jobs", "--out", "bi", "--base-url",
                                      "http://api.example.org/api/v1", "--allow-insecure"])
    client = client_for(args)
    assert client.base_url == "http://api.example.org/api/v1"
    client.close()


def _options(command: str) -> set[str]:
    subparsers = build_parser()._subparsers._group_actions[0].choices
    return {o for a in subparsers[command]._actions for o in a.option_strings}


@pytest.mark.parametrize("argv", [
    ["fetch", "--cache", "pages", "--all-jobs"],
    ["export", "--all-jobs", "--out", "bi"],
    ["render", "--job", NEWSROOM, "--video", "v.mp4", "--out", "a.mp4"],
])
def test_the_missing_key_hint_names_only_options_that_exist(argv, monkeypatch, capsys):
    monkeypatch.delenv("DEEPVA_API_KEY", raising=False)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"deepva-frames {argv[0]}: no API key: set DEEPVA_API_KEY")
    # an option belongs to the command named before it ("deepva-frames export --sample"),
    # else to the command that printed the hint
    for command, options in re.findall(r"(?:deepva-frames (\w+))?((?: --[a-z-]+(?: [A-Za-z]+)?)+)",
                                       err.split(":", 1)[1]):
        for option in re.findall(r"--[a-z-]+", options):
            assert option in _options(command or argv[0]), (option, command or argv[0], err)


def test_an_unknown_job_on_the_sample_lists_the_sample_jobs(tmp_path, capsys):
    out = tmp_path / "a.mp4"
    assert main(["render", "--sample", "--job", "no-such-job", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("deepva-frames render: job no-such-job is not in the bundled sample "
                          "account; its jobs are: ")
    listed = re.findall(r"([0-9a-f-]{36}) \(", err)
    assert sorted(listed) == sample_job_ids()
    assert "Client(cache_dir" not in err and not out.exists()


def test_an_unreachable_server_is_one_line_quickly(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/api/v1"
    env = {**os.environ, "DEEPVA_API_KEY": "k"}
    started = time.monotonic()
    result = subprocess.run([console_script(), "export", "--all-jobs", "--out", "bi",
                             "--base-url", url, "--no-progress"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"deepva-frames export: cannot connect to {url} (connection refused): "
        "check --base-url or DEEPVA_BASE_URL"]
    assert elapsed < 5, elapsed      # the interpreter's start-up, not 8.5 s of retries


def test_ffmpeg_noise_does_not_reach_the_terminal(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(sample_video_path().read_bytes()[:20_000])      # no moov atom
    result = subprocess.run([console_script(), "render", "--sample", "--job", NEWSROOM,
                             "--video", str(broken), "--out", "a.mp4", "--no-progress"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"deepva-frames render: {broken}: OpenCV cannot open this container (not a video, "
        "damaged, or a format its video backend does not read)"]
    assert result.stdout == ""
