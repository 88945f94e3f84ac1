"""The benchmark (make bench): generated portfolios, fresh-process measurements, the report."""
