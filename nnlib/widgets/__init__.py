"""Interactive (ipywidgets) stand-ins for the original chapter's JavaScript.

One module per widget family, each owned by the chapter that uses it:
``neuron`` (the learning neuron), ``entropy`` (cross-entropy explorer),
``softmax`` (softmax and temperature sliders), ``curves`` (training-curve
explorer and the lambda widget). Each module keeps its logic in plain
functions/classes that tests can drive without a browser, and offers a static
stand-in (a figure or a ``to_jshtml`` animation) for the built site.
"""
