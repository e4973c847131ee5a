"""The model's mechanisms, one module each, named as the literature names them."""
