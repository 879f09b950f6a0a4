"""Exchange formats: CSV interchange (and, later, the Excel bundle and the board pack)."""
