"""The application's core: plain Python, no Qt.

Catalogue (what a plan contains), calculator, plan file store, checks and
exchange formats. Nothing in this package may import PySide6.
"""
