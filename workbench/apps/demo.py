"""``python -m workbench.apps.demo``: the two fictional coders of :mod:`workbench.coding.demo`
code the demo study in the current folder (``make demo``). Never use it on a real study.
"""

from __future__ import annotations


def main() -> None:
    """Code the demo study in the current folder and say how many codings each coder stored."""
    from workbench.coding.demo import code_demo
    from workbench.i18n import t
    from workbench.study import open_study

    with open_study(".") as study:
        counts = code_demo(study.store, *study.load_codebook())
    print(t("demo_coded", counts=", ".join(f"{coder} {n}" for coder, n in counts.items())))


if __name__ == "__main__":  # pragma: no cover
    main()
