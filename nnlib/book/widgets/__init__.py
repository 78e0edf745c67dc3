"""Interactive (ipywidgets) stand-ins for the original chapter's JavaScript.

One module per widget family, each owned by the chapter that uses it:
``neuron`` (the learning neuron), ``entropy`` (cross-entropy explorer),
``softmax`` (softmax and temperature sliders), ``curves`` (training-curve
explorer and the lambda widget). Each module keeps its logic in plain
functions/classes that tests can drive without a browser, and offers a static
stand-in (a figure or a ``to_jshtml`` animation) for the built site.
"""
from __future__ import annotations



import io

__all__ = ["figure_png", "show_figure"]


def figure_png(fig, dpi: float | None = None) -> bytes:
    """The figure rendered as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def show_figure(image, fig, dpi: float | None = None) -> None:
    """Draw ``fig`` into an ``ipywidgets.Image``.

    Why an Image and not an Output widget: the picture then lives in the widget
    state saved with the notebook, so the built site shows it without a kernel;
    and nothing is printed into the cell, which nbval could not compare (it does
    not route output captured by an Output widget).
    """
    image.value = figure_png(fig, dpi)
