"""Many runs: what to run, ensembles and their store, what-ifs, attribution, validation.

- ``configuration``: the one value for what to run (scenario, parameters,
  levers, overrides) and the only place a run's input is prepared;
- ``runner``, ``fates``: ensembles played on every core;
- ``store``, ``manifest``, ``queries``, ``errors``: the Parquet shards, what
  made them, the DuckDB questions asked of them, and the store's errors;
- ``outcomes``, ``whatif``, ``explain``: configurations on common random
  numbers, compared and attributed;
- ``validation``, ``calibration``, ``typical``, ``checks``: the model against
  the record, fitted to it, its typical run, and the contract checks.
"""
