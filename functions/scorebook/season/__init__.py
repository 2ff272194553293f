"""Seasons, pure: what a completed match gives its competition and its players.

    table.py      a competition's rules (points, bonus points) and its table, ICC net run rate
    players.py    players' seasons and careers, a batter against a bowler
    lines.py      one match's contribution, a line per document, and the documents from lines
    documents.py  the season documents a line goes into: their names and ids
"""
