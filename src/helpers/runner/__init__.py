"""Headless report builds: select disclosures, execute notebooks with papermill, render HTML."""
