"""The book's live widgets: each one ``anywidget.AnyWidget`` whose JavaScript computes
and draws in the reader's browser, so it works on the static site with no kernel, and
is the same object in JupyterLab, Binder, Colab and VS Code.

One module per widget family, each used by one chapter:

* :mod:`.neuron` -- :class:`~.neuron.NeuronExplorer`, the learning neuron (chapter 1);
* :mod:`.entropy` -- :class:`~.entropy.EntropyExplorer`, cross-entropy, entropy, KL (chapter 2);
* :mod:`.softmax` -- :class:`~.softmax.SoftmaxExplorer`, softmax sliders and temperature (chapter 3);
* :mod:`.curves` -- :class:`~.curves.CurveExplorer`, recorded training curves (chapter 4);
* :mod:`.lambda_explorer` -- :class:`~.lambda_explorer.LambdaExplorer`, recorded runs per λ
  (chapter 5).

The JavaScript is in ``js/`` (``common.js`` plus one file per widget, see
:mod:`._base`). A notebook saves the module text in its widget state and the site runs
that saved copy: re-execute a notebook after changing ``js/``.
"""
from __future__ import annotations
from .hyper_map import HyperMap  # noqa: F401  (chapter 7: the η × λ map of a recorded sweep)
