"""e7: a rules-as-code compliance engine for Korea's E-7 work visa."""

__version__ = "0.2.0"
