"""Reading runs: facts, the historical record, scores, the narrative, tables and Shapley values."""
