"""The README documents what exists: the two set-up commands, every CLI command and option, every exit code
(each raised somewhere in the code and asserted by a test), the JSON schema."""
from __future__ import annotations

import re
from pathlib import Path

import typer

from nenkin_search import cli, errors

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "nenkin_search"


def _section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_exactly_two_setup_commands_and_ci_runs_the_second():
    blocks = re.findall(r"```bash\n(.*?)```", _section("Set-up"), flags=re.S)
    assert len(blocks) == 2
    assert 'nenkin "' in blocks[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci


def test_every_registered_command_and_option_is_documented():
    group = typer.main.get_command(cli.app)
    names = set(group.commands)  # type: ignore[attr-defined]
    assert names == {"ask", "search", "build", "passages", "eval"}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"nenkin {name}" in README or name == "ask" and 'nenkin "' in README, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, (name, opt)


def _exit_codes_in_readme() -> set[int]:
    table = _section("Exit codes")
    return {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.M)}


def test_every_exit_code_is_documented_raised_and_tested():
    documented = _exit_codes_in_readme()
    classes = {cls.exit_code: cls.__name__ for cls in vars(errors).values()
               if isinstance(cls, type) and issubclass(cls, errors.NenkinError)}
    assert documented == {0, 1, 2, 3, 4, 5, 6, 130}
    assert set(classes) <= documented
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    for exit_code, name in classes.items():
        if name != "NenkinError":
            assert re.search(rf"raise {name}\(", code), f"nothing raises {name} (exit {exit_code})"
    assert "EXIT_REGRESSION = 6" in code and "sys.exit(130)" in code and "sys.exit(1)" in code
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    for c in documented - {0}:
        patterns = (rf"returncode == {c}\b", rf"_error\(res, {c}\)", rf"_failure\(res, {c}\)",
                    rf'\({c}, "?[^)]*\)')
        assert any(re.search(p, tests) for p in patterns[:3]) or (c == 2 and "], None, 2)" in tests), \
            f"no test asserts exit code {c}"


def test_json_schema_is_documented():
    section = _section("JSON")
    for key in ("id", "report", "kind", "text", "context", "citation", "cells", "rank", "score", "signals",
                "page_label", "reference_page", "found", "answer", "figure", "confidence", "hits", "nearest",
                "mode", "k", "read_as"):
        assert f"`{key}`" in section, key


def test_source_is_credited():
    assert "日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月)" in README
