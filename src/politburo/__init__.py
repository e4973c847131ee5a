"""politburo: simulate, replay and explain succession struggles in one-party regimes."""
