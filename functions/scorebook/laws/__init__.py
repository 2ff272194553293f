"""The Laws of cricket (MCC, 2017 Code, 3rd edition 2022) by topic, the one place a Law is
cited: ``dismissals`` (Laws 30-40), ``runs`` (Laws 18-23, 41), ``overs`` (Law 17),
``innings`` (Laws 12-13) and ``result`` (Law 16). Pure functions over actions and fold state.
"""
