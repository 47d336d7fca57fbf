"""``python -m workbench.apps.demo [monitor]``: the scripted, fictional demo coders code the
demo study in the current folder (``make demo``). Never use it on a real study.

- without an argument: lian and sanne code the interviews and stories, and lian the links (:mod:`workbench.coding.demo`);
- ``monitor``: fenna codes the monitor survey's open answers (:mod:`workbench.mixed.demo`).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Code the demo study in the current folder and say how many codings were stored."""
    from workbench.i18n import t
    from workbench.study import open_study

    args = sys.argv[1:] if argv is None else argv
    with open_study(".") as study:
        if args[:1] == ["monitor"]:
            from workbench.mixed.demo import CODER, code_monitor

            n = code_monitor(study.store, *study.load_codebook())
            print(t("mixed_demo_coded", coder=CODER, n=n))
            return
        from workbench.coding.demo import code_demo

        counts = code_demo(study.store, *study.load_codebook())
        n_links = len(study.store.current_links(coder="lian"))
    print(t("demo_coded", counts=", ".join(f"{coder} {n}" for coder, n in counts.items())))
    print(t("demo_links_coded", n=n_links))


if __name__ == "__main__":  # pragma: no cover
    main()
