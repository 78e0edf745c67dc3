"""The shared figure-to-Image helper every widget draws through."""
import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnlib.book.widgets import figure_png, show_figure  # noqa: E402


def test_show_figure_puts_the_figure_into_an_image_widget():
    fig, ax = plt.subplots(figsize=(2, 1))
    line, = ax.plot([0, 1], [0, 1])
    image = widgets.Image(format="png")
    show_figure(image, fig, dpi=50)
    before = image.value
    assert before[:8] == b"\x89PNG\r\n\x1a\n"
    line.set_data([0, 1], [1, 0])
    show_figure(image, fig, dpi=50)
    assert image.value != before
    assert len(figure_png(fig, dpi=100)) > len(figure_png(fig, dpi=20))
    plt.close(fig)
