"""The `nenkin` command: argument parsing and output formatting over the library, nothing else.

Data goes to stdout, messages to stderr. Exit codes are documented in README.md
(0 ok, 2 bad query or usage, 3 corpus error, 4 index error, 5 model error,
6 eval regression, 130 interrupted).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import NenkinError, QueryError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Search and ask 日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月). "
    'Default action: `nenkin "質問"` answers the question (same as `nenkin ask`).',
)

COMMANDS = {"ask", "search", "build", "passages", "eval"}

CorpusOpt = typer.Option(None, "--corpus", envvar="NENKIN_CORPUS", help="Folder of report *.txt files.")
IndexOpt = typer.Option(None, "--index", envvar="NENKIN_INDEX", help="Folder for the built index.")
ModelOpt = typer.Option(None, "--model", envvar="NENKIN_MODEL", help="A local sentence-transformers model folder.")
TopKOpt = typer.Option(5, "--top-k", "-k", min=1, max=100, help="How many passages to show.")
ModeOpt = typer.Option("hybrid", "--mode", "-m", help="hybrid, lexical or dense.")
JsonOpt = typer.Option(False, "--json", help="One JSON object on stdout (UTF-8, unescaped).")
NoBuildOpt = typer.Option(False, "--no-build", help="Fail (exit 4) instead of building a missing or stale index.")


def _color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _style(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if _color() else text


def _read_query(query: str) -> str:
    """`-` reads the query from standard input, which must be UTF-8."""
    if query != "-":
        return query
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("standard input is not UTF-8 text") from None


def _searcher(corpus, index, model, no_build):
    from .search import get_searcher

    return get_searcher(corpus, index, model, build_if_needed=not no_build)


def _highlight(text: str, query: str) -> str:
    if not _color():
        return text
    from .answer import query_terms

    for term in sorted(query_terms(query, text), key=len, reverse=True):
        text = text.replace(term, _style(term, "1;33"))
    return text


def _print_hits(hits, query: str, label: str | None = None) -> None:
    if label:
        typer.echo(_style(label, "2"))
    for h in hits:
        typer.echo(f"{_style(f'#{h.rank}', '1')} {_style(str(h.citation), '36')}  {_style(f'{h.score:.3f}', '2')}")
        for line in _highlight(h.text, query).splitlines():
            typer.echo(f"   {line}")


@app.command()
def search(
    query: str = typer.Argument(..., help="The question or keywords; `-` reads standard input."),
    top_k: int = TopKOpt,
    mode: str = ModeOpt,
    json_out: bool = JsonOpt,
    no_build: bool = NoBuildOpt,
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Ranked passages with their citations."""
    from .search import clean_query

    q = clean_query(_read_query(query))
    hits = _searcher(corpus, index, model, no_build).search(q, k=top_k, mode=mode)
    if json_out:
        typer.echo(json.dumps({"query": q, "mode": mode, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False))
    else:
        _print_hits(hits, q)


@app.command()
def ask(
    query: str = typer.Argument(..., help="The question; `-` reads standard input."),
    top_k: int = TopKOpt,
    mode: str = ModeOpt,
    json_out: bool = JsonOpt,
    no_build: bool = NoBuildOpt,
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """The answer with its citation, then the passages behind it (the default command)."""
    from .answer import answer_from
    from .search import clean_query

    q = clean_query(_read_query(query))
    ans = answer_from(_searcher(corpus, index, model, no_build), q, k=top_k, mode=mode)
    if json_out:
        typer.echo(json.dumps(ans.to_dict(), ensure_ascii=False))
        return
    if ans.found:
        text = ans.text
        for fig in ans.figures:
            text = text.replace(fig, _style(fig, "1;32"))
        typer.echo(f"{_style('答え', '1')}: {text}")
        if ans.figure:
            typer.echo(f"{_style('数値', '1')}: {_style(ans.figure, '1;32')}" + (f"（{ans.figure_label}）" if ans.figure_label else ""))
        typer.echo(f"{_style('出典', '1')}: {ans.citation}  {_style(f'確信度 {ans.confidence:.2f}', '2')}")
        typer.echo("")
        _print_hits(ans.hits, q, label="根拠となる記載:")
    else:
        typer.echo(ans.message)
        typer.echo("")
        _print_hits(ans.hits, q, label="参考: 最も近い記載（回答ではありません）:")


@app.command()
def build(
    force: bool = typer.Option(False, "--force", help="Rebuild even when the index is up to date."),
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Build the index (normally automatic on first use)."""
    from . import config
    from .embed import Embedder
    from .index import locked_build

    embedder = Embedder(model) if model else Embedder()
    idx = locked_build(
        Path(corpus or config.corpus_dir()), Path(index or config.index_dir()), embedder, force=force,
        log=lambda m: typer.echo(m, err=True),
    )
    typer.echo(f"{len(idx.passages)} passages indexed in {idx.path}", err=True)


@app.command()
def passages(
    json_out: bool = typer.Option(False, "--json", help="JSON lines (one passage per line)."),
    corpus: Optional[Path] = CorpusOpt,
) -> None:
    """Every passage the index sees, with its citation."""
    from . import config
    from .chunk import passages_from_corpus

    for p in passages_from_corpus(Path(corpus or config.corpus_dir())):
        if json_out:
            typer.echo(json.dumps(p.to_dict(), ensure_ascii=False))
        else:
            typer.echo(f"{_style(p.id, '1')} {_style(str(p.citation), '36')}")
            for line in p.text.splitlines():
                typer.echo(f"   {line}")


@app.command("eval")
def eval_(
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for latest.json/.md, history.jsonl, trend.png [default: <repo>/eval/reports]."),
    max_drop: float = typer.Option(0.02, "--max-drop", help="Exit 6 if hybrid test R@5 or MRR drops more than this."),
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Run the eval set and write the report (exit 6 on a regression)."""
    from . import config, evaluate

    if corpus or index:
        os.environ["NENKIN_CORPUS"] = str(corpus or config.corpus_dir())
        os.environ["NENKIN_INDEX"] = str(index or config.index_dir())
    result = evaluate.run(out_dir=out or evaluate.DEFAULT_OUT, max_drop=max_drop)
    typer.echo(result.summary_markdown)
    raise typer.Exit(result.exit_code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: a first argument that is not a command is a question for `ask`."""
    args = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args if not a.startswith("-") or a == "-"), None)
    if args and first is not None and first not in COMMANDS and args[0] not in ("--help", "-h"):
        args = ["ask", *args]
    try:
        app(args=args, prog_name="nenkin", standalone_mode=False)
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
    except Exception as exc:  # click usage errors and the like
        if isinstance(exc, _click_exceptions()):
            exc.show()
            sys.exit(2)
        raise


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
