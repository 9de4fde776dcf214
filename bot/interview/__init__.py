"""The eligibility interview: a declarative flow over stored answers, replayed on every update."""
