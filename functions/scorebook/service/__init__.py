"""Use cases: small functions over transaction protocols (decide, then act); no Firebase."""
