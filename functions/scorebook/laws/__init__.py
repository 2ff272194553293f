"""The Laws of cricket (MCC, 2017 Code) by topic: the one place where what a Law says is
decided. ``dismissals`` (Laws 30-40), ``runs`` (Laws 18-23, 41), ``overs`` (Law 17),
``innings`` (Laws 13-15) and ``result`` (Law 16): pure functions over actions and fold state.
The fold's handlers apply them, and their comments name the Law behind a branch.
"""
