"""The Help menu: the keyboard reference (F1), the colour legend, About; and the README's
keyboard table lists the same keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import __version__
from desktop.core.samples import build_sample, sample
from desktop.logsetup import log_path
from desktop.ui.help_dialogs import KEYS, HelpWindow
from desktop.ui.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    window = MainWindow.open_plan(build_sample(sample("provider"), tmp_path / "t.opplan"))
    qtbot.addWidget(window)
    return window


def shown(window: MainWindow) -> list[HelpWindow]:
    return [w for w in window.findChildren(HelpWindow) if w.isVisible()]


def test_the_readme_keyboard_table_lists_every_key_of_the_reference() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| keys | what they do |") :]
    table = table[: table.index("\n\n")]
    missing = [key for _, keys in KEYS for key, _ in keys if f"| {key} |" not in table]
    assert not missing, f"README's keyboard table lacks {missing}"


def test_colour_legend_and_about_from_the_help_menu(qtbot, window: MainWindow, user_data) -> None:
    actions = {a.text().replace("&", ""): a for a in window.help_menu.actions()}
    actions["Colour legend"].trigger()
    legend = shown(window)[0].text()
    for words in ("Input", "Calculated", "Pre-populated", "Not applicable", "error", "warning"):
        assert words in legend
    actions["About OpPlan Desk"].trigger()
    about = next(w for w in shown(window) if w.windowTitle().startswith("About")).text()
    assert __version__ in about
    assert str(user_data) in about  # the data folder
    assert str(log_path()) in about
    actions["Keyboard reference"].trigger()
    actions["Keyboard reference"].trigger()  # the same window again, not a second one
    assert len([w for w in shown(window) if w.windowTitle().startswith("Keyboard")]) == 1
