"""nnlib: the small, vectorized NumPy library behind the book.

The core (this package's top level: networks, costs, activations, data) is
teaching code that needs only NumPy and SciPy. The book's helpers (widgets,
exercise grading, SymPy derivations, plotting, tables) live apart in
``nnlib.book`` with their own optional dependencies (``pip install nnlib[book]``);
``import nnlib`` never imports them.
"""
from .activations import (Linear, Sigmoid, Softmax, log_softmax, sigmoid, sigmoid_prime,
                          softmax)
from .costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost, binary_entropy
from .data import MNISTNotFoundError, load_mnist, subset
from .network import History, Network, NetworkFileError
from .neuron import NeuronRun, train_neuron
from .schedule import halve_on_plateau
from .stopping import StopDecision, no_improvement
from .validation import one_hot

__version__ = "0.1.0"
__all__ = ["Linear", "Sigmoid", "Softmax", "log_softmax", "sigmoid", "sigmoid_prime",
           "softmax", "CrossEntropyCost", "LogLikelihoodCost", "QuadraticCost",
           "binary_entropy", "MNISTNotFoundError", "load_mnist", "subset", "History",
           "Network", "NetworkFileError", "NeuronRun", "train_neuron", "halve_on_plateau",
           "StopDecision", "no_improvement", "one_hot"]
