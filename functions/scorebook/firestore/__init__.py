"""Firestore adapters: the only part of scorebook (with functions/main.py) that imports Firebase.

Everything here reads documents, hands them to the pure domain (`scorebook.project`) and
writes the result back; no cricket is decided in this package.
"""
