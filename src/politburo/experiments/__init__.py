"""Many runs: ensembles and their store, what-ifs, attribution, validation and calibration."""
