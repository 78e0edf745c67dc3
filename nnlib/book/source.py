"""Show nnlib's own source on the page, so the code a chapter explains never drifts.

>>> from nnlib.book.source import show_source
>>> show_source(nnlib.Network.update_mini_batch)    # in a notebook cell

The source is displayed as a Markdown fenced ``python`` block: JupyterLab
renders it with syntax highlighting, and the book's site parses Markdown
output as MyST, so it is highlighted there too.
"""
from __future__ import annotations

import inspect
import textwrap

__all__ = ["source_markdown", "show_source"]


def source_markdown(obj) -> str:
    """The source of ``obj`` (a function, method or class) as a fenced Markdown block.

    The block's fence is longer than any run of backticks inside the source,
    and methods are dedented to the left margin.

    Raises
    ------
    TypeError
        If ``obj`` has no Python source (a built-in, a NumPy ufunc, an instance).
    """
    target = inspect.unwrap(obj.__func__ if inspect.ismethod(obj) else obj)
    try:
        code = textwrap.dedent(inspect.getsource(target)).rstrip("\n")
    except (TypeError, OSError) as exc:
        raise TypeError(f"show_source needs a Python function, method or class whose "
                        f"source file is available, e.g. nnlib.Network.backprop; got "
                        f"{obj!r} ({exc})") from None
    longest = max((len(run) for run in code.split("\n") for run in _backtick_runs(run)),
                  default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}python\n{code}\n{fence}"


def _backtick_runs(line: str) -> list[str]:
    runs, current = [], ""
    for ch in line:
        if ch == "`":
            current += ch
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def show_source(obj):
    """An ``IPython.display.Markdown`` object showing the source of ``obj``.

    Return it as the last expression of a cell (or pass it to ``display``).
    """
    from IPython.display import Markdown

    return Markdown(source_markdown(obj))
