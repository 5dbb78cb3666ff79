"""The national-portfolio benchmark: measurements, servers and tables behind run.py."""
