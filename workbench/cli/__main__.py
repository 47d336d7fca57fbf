"""``python -m workbench.cli``: the same as the ``workbench`` command."""

from workbench.cli.root import main

if __name__ == "__main__":  # pragma: no cover
    main()
