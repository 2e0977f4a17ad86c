"""`python -m paperbrief` runs the command line."""

from .cli import main

main()
