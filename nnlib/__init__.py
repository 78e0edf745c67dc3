"""nnlib: the small, vectorized NumPy library behind the book.

Everything a chapter needs for the core experiments is importable from the
top level; the widgets, plotting and symbolic helpers live in submodules
(``nnlib.widgets``, ``nnlib.plotting``, ``nnlib.symbolic``, ...).
"""
from .activations import Linear, Sigmoid, Softmax, sigmoid, sigmoid_prime, softmax
from .costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from .data import MNISTNotFoundError, load_mnist, subset
from .network import History, Network, NetworkFileError
from .neuron import NeuronRun, train_neuron
from .scores import classification_error, cross_entropy, mean_squared_error, score_table
from .validation import one_hot

__version__ = "0.1.0"
__all__ = ["Linear", "Sigmoid", "Softmax", "sigmoid", "sigmoid_prime", "softmax",
           "CrossEntropyCost", "LogLikelihoodCost", "QuadraticCost",
           "MNISTNotFoundError", "load_mnist", "subset", "History", "Network",
           "NetworkFileError", "NeuronRun", "train_neuron", "classification_error",
           "cross_entropy", "mean_squared_error", "score_table", "one_hot"]
