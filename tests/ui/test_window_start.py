"""The window opens on the bundled sample plan (a copy in the user's data folder)."""

from pathlib import Path

from desktop.core.paths import resources_dir
from desktop.core.samples import sample, working_copy
from desktop.ui.main_window import MainWindow


def test_the_window_opens_on_a_copy_of_the_sample(qtbot, user_data: Path) -> None:
    shipped = (resources_dir() / "samples" / sample().file).read_bytes()
    path = working_copy()
    assert path.parent == user_data / "samples"
    window = MainWindow.open_plan(path)
    qtbot.addWidget(window)
    window.show()
    assert "Northshire Hospitals" in window.windowTitle()
    assert "2019/20" in window.windowTitle()
    window.close()
    assert (resources_dir() / "samples" / sample().file).read_bytes() == shipped
