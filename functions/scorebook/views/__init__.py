"""Read models of a fold state and of the lineup documents: what spectators download."""
