"""The book's helpers: everything the chapters use that is not the network itself.

Exercise graders (``grading``), SymPy derivations (``symbolic``), shared plots
(``plotting``), reading training curves (``curves``), calibration tables
(``calibration``), result tables (``results``), the score table of chapter 1
(``scores``), chapter experiments (``polyfit``, ``expand``, the early-stopping
replay ``early_stopping``), the measured spread of training results over seeds
(``spread``), ``source.show_source`` (nnlib's own code on the page) and the
live widgets (``widgets``). Some need the optional ``book``
dependencies (matplotlib, ipywidgets, anywidget, SymPy); the core package
``nnlib`` never imports this one.
"""
