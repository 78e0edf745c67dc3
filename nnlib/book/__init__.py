"""The book's helpers: everything the chapters use that is not the network itself.

Widgets, exercise grading, SymPy derivations, plotting, result tables and the
chapter-specific experiments (polynomial fit, data expansion, early-stopping
replay). They need the optional ``book`` dependencies (matplotlib, ipywidgets,
anywidget, SymPy); the core package ``nnlib`` never imports this one.
"""
