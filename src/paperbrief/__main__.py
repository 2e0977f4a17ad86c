"""`python -m paperbrief` runs the command line."""

from .cli import main

# Guarded: where workers are spawned (Windows), each one imports this module again, as `__mp_main__`.
if __name__ == "__main__":
    main()
