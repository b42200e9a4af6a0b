"""The README documents what exists: the two set-up commands, every CLI command, every exit code."""
from __future__ import annotations

import re
from pathlib import Path

from nenkin_search import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_exactly_two_setup_commands_and_ci_runs_the_second():
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", setup, flags=re.S)
    assert len(blocks) == 2
    assert 'nenkin "' in blocks[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci


def test_every_command_is_documented():
    for command in cli.COMMANDS:
        assert f"nenkin {command}" in README or command == "ask" and 'nenkin "' in README


def test_every_exit_code_is_documented():
    from nenkin_search import errors

    codes = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.NenkinError)}
    table = README.split("## Exit codes", 1)[1]
    for code in codes | {0, 6, 130}:
        assert f"| {code} |" in table


def test_source_is_credited():
    assert "日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月)" in README
