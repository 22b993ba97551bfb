"""`python -m cnscd` is the same as the `cnscd` console script."""

from cnscd.cli import main

if __name__ == "__main__":
    main()
