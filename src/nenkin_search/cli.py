"""The `nenkin` command: argument parsing and output formatting over :mod:`nenkin_search.api`, nothing else.

Data goes to stdout, messages to stderr. Exit codes are documented in README.md
(0 ok, 1 unexpected error, 2 bad query or usage, 3 corpus error, 4 index error,
5 model error, 6 eval regression, 130 interrupted).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import NenkinError, QueryError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Search and ask 日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月).\n\n"
    'Default action: `nenkin "質問"` (or unquoted words: `nenkin 障害年金 不支給 件数`) answers the question, '
    "as `nenkin ask` does. A question that is also a command name: `nenkin ask search` or `nenkin -- search`.",
)

CorpusOpt = typer.Option(None, "--corpus", envvar="NENKIN_CORPUS", help="Folder of report *.txt files.")
IndexOpt = typer.Option(None, "--index", envvar="NENKIN_INDEX", help="Folder for the built index.")
ModelOpt = typer.Option(None, "--model", envvar="NENKIN_MODEL", help="A local sentence-transformers model folder.")
QueryArg = typer.Argument(..., metavar="QUESTION...", help="The question or keywords (several words are one query); `-` reads stdin.")
TopKOpt = typer.Option(5, "--top-k", "-k", min=1, max=100, help="How many passages to show.")
ModeOpt = typer.Option("hybrid", "--mode", "-m", help="hybrid, lexical or dense.")
JsonOpt = typer.Option(False, "--json", help="One JSON object on stdout (UTF-8, unescaped).")
ExplainOpt = typer.Option(False, "--explain", help="Show each passage's score and the signals behind it.")
NoBuildOpt = typer.Option(False, "--no-build", help="Fail (exit 4) instead of building a missing or stale index.")
SynonymsOpt = typer.Option(None, "--synonyms", help="A synonyms.txt of your own (Solr format), added to the "
                           "bundled everyday ↔ official vocabulary; repeatable.")


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"nenkin-search {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """(the group's own options)"""


def _color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _style(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if _color() else text


def _read_query(words: list[str]) -> str:
    """Several words are one query; a lone `-` reads the query from standard input (UTF-8)."""
    if words == ["-"]:
        data = sys.stdin.buffer.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("standard input is not UTF-8 text") from None
    return " ".join(words)


def _highlight(text: str, terms: list[str]) -> str:
    if not _color():
        return text
    for term in sorted(terms, key=len, reverse=True):
        text = text.replace(term, _style(term, "1;33"))
    return text


def _explain_answer(ans) -> str:
    feats = ", ".join(f"{k} {v:.2f}" for k, v in ans.features.items())
    return f"確信度 {ans.confidence:.2f} ← {feats}"


def _explain(hit) -> str:
    parts = [f"{name} {value:+.3f}" if name == "prior" else f"{name} {value:.3f}" for name, value in hit.signals.items()]
    return f"score {hit.score:.3f} ({', '.join(parts)})"


def _print_hits(hits, terms: list[str], label: str | None, explain: bool) -> None:
    if label:
        typer.echo(_style(label, "2"))
    for h in hits:
        typer.echo(f"{_style(f'#{h.rank}', '1')} {_style(str(h.citation), '36')}")
        if explain:
            typer.echo(f"   {_style(_explain(h), '2')}")
        for line in _highlight(h.text, terms).splitlines():
            typer.echo(f"   {line}")


def _query_terms(query: str, text: str) -> list[str]:
    from .text import content_words

    return sorted({w for w in content_words(query) if len(w) >= 2 and w in text})


def _query_command(answer: bool):
    """`ask` and `search` take the same options; one body serves both."""

    def command(
        query: List[str] = QueryArg,
        top_k: int = TopKOpt,
        mode: str = ModeOpt,
        json_out: bool = JsonOpt,
        explain: bool = ExplainOpt,
        no_build: bool = NoBuildOpt,
        synonyms: Optional[List[Path]] = SynonymsOpt,
        corpus: Optional[Path] = CorpusOpt,
        index: Optional[Path] = IndexOpt,
        model: Optional[Path] = ModelOpt,
    ) -> None:
        from . import api
        from .query import clean

        q = clean(_read_query(query))
        eng = api.engine(corpus, index, model, build=not no_build, synonyms=synonyms or ())
        if answer:
            _print_answer(eng.ask(q, k=top_k, mode=mode), json_out, explain)
            return
        hits = eng.search(q, k=top_k, mode=mode)
        if json_out:
            typer.echo(json.dumps({"query": q, "mode": mode, "k": top_k, "hits": [h.to_dict() for h in hits]},
                                  ensure_ascii=False))
        else:
            _print_hits(hits, [t for h in hits for t in _query_terms(q, h.text)], None, explain)

    return command


def _print_answer(ans, json_out: bool, explain: bool) -> None:
    if json_out:
        typer.echo(json.dumps(ans.to_dict(), ensure_ascii=False))
        return
    terms = [t for h in ans.hits for t in _query_terms(ans.query, h.text)]
    if ans.read_as:
        typer.echo(_style("読み替え: " + "、".join(f"{typed} → {read}" for typed, read in ans.read_as), "2"))
    if not ans.found:
        typer.echo(ans.message)
        if explain:
            typer.echo(_style(_explain_answer(ans), "2"))
        typer.echo("")
        _print_hits(ans.hits, terms, "参考: 最も近い記載（回答ではありません）:", explain)
        return
    text = ans.text
    for fig in ans.figures:
        text = text.replace(fig, _style(fig, "1;32"))
    text = text.replace("\n", "\n    ")  # the items of a listed answer, under its first line
    typer.echo(f"{_style('答え', '1')}: {text}")
    if ans.figure:
        label = f"（{ans.figure_label}）" if ans.figure_label else ""
        typer.echo(f"{_style('数値', '1')}: {_style(ans.figure, '1;32')}{label}")
    if ans.date:
        typer.echo(f"{_style('時期', '1')}: {_style(ans.date, '1;32')}")
    typer.echo(f"{_style('出典', '1')}: {ans.citation}  {_style(f'確信度 {ans.confidence:.2f}', '2')}")
    if explain:
        typer.echo(_style(_explain_answer(ans), "2"))
    typer.echo("")
    _print_hits(ans.hits, terms, "根拠となる記載:", explain)


app.command("ask", help="The answer with its citation, then the passages behind it (the default command).")(
    _query_command(True))
app.command("search", help="Ranked passages with their citations.")(_query_command(False))


@app.command()
def build(
    force: bool = typer.Option(False, "--force", help="Rebuild even when the index is up to date."),
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Build the index (normally automatic on first use)."""
    from . import api

    idx = api.build(corpus, index, model, force=force)
    typer.echo(f"nenkin: {len(idx.passages)} passages indexed in {idx.path}", err=True)


@app.command()
def passages(
    json_out: bool = typer.Option(False, "--json", help="JSON lines (one passage per line)."),
    corpus: Optional[Path] = CorpusOpt,
) -> None:
    """Every passage the index sees, with its citation (no index needed)."""
    from . import api

    for p in api.passages(corpus):
        if json_out:
            typer.echo(json.dumps(p.to_dict(), ensure_ascii=False))
        else:
            typer.echo(f"{_style(p.id, '1')} {_style(str(p.citation), '36')}")
            for line in p.text.splitlines():
                typer.echo(f"   {line}")


@app.command("eval")
def eval_(
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for latest.json/.md, history.jsonl, trend.png "
                                       "[default: <repo>/eval/reports, git-ignored]."),
    max_drop: float = typer.Option(0.02, "--max-drop", help="Exit 6 if a gated test figure drops more than this."),
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Run the eval set and write the report (exit 6 on a regression)."""
    from . import evaluation

    result = evaluation.run(out or evaluation.DEFAULT_OUT, max_drop=max_drop, corpus=corpus, index=index, model=model)
    typer.echo(result.summary_markdown)
    raise typer.Exit(result.exit_code)


def _commands() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands}


def _print_help() -> None:
    """The group's help, then the options of the default command (they are what most users type)."""
    group = typer.main.get_command(app)
    with group.make_context("nenkin", [], resilient_parsing=True) as ctx:
        typer.echo(group.get_help(ctx))
    ask_cmd = group.commands["ask"]  # type: ignore[attr-defined]
    with ask_cmd.make_context("nenkin", [], resilient_parsing=True) as ctx:
        rows = [r for p in ask_cmd.get_params(ctx) if (r := p.get_help_record(ctx)) and p.name != "help"]
        formatter = ctx.make_formatter()
        with formatter.section('Options of `nenkin "質問"` (and of ask and search)'):
            formatter.write_dl(rows)
        typer.echo(formatter.getvalue())


def main(argv: list[str] | None = None) -> None:
    """Entry point: a first argument that is not a command is a question for `ask`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args in (["--help"], ["-h"]):
        _print_help()
        sys.exit(0 if args else 2)
    if "--" in args and all(a.startswith("-") for a in args[: args.index("--")]):
        args = ["ask", *args]  # `nenkin [options] -- search`: whatever follows -- is the question
    else:
        first = next((a for a in args if not a.startswith("-") or a == "-"), None)
        if first is not None and first not in _commands() and args[0] not in ("--version",):
            args = ["ask", *args]
    try:
        # typer returns (not raises) the code of an Exit when not standalone; Ctrl-C becomes Exit(130)
        code = app(args=args, prog_name="nenkin", standalone_mode=False)
        if isinstance(code, int) and not isinstance(code, bool):
            if code == 130:
                typer.echo("nenkin: interrupted", err=True)
            sys.exit(code)
    except NenkinError as exc:
        typer.echo(f"nenkin: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("nenkin: interrupted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if isinstance(exc, _click_exceptions()):
            exc.show()
            sys.exit(2)
        if os.environ.get("NENKIN_DEBUG"):
            raise
        typer.echo(f"nenkin: unexpected error: {type(exc).__name__}: {exc} (set NENKIN_DEBUG=1 for the traceback)",
                   err=True)
        sys.exit(1)


def _click_exceptions() -> tuple[type, ...]:
    """ClickException as typer raises it: typer >= 0.25 vendors click as ``typer._click``."""
    import importlib

    found = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(importlib.import_module(name).ClickException)
        except (ImportError, AttributeError):
            pass
    return tuple(found)
