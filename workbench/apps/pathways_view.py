"""An interactive view of the pathways in a notebook: choose an initiative, a role group and
the minimum number of sources; the map and the table of links redraw (issue 20).

Example:
    >>> from workbench.apps.pathways_view import pathways_view
    >>> pathways_view(study)        # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from workbench.i18n import add, t

add("app_pathways_initiative", nl="Initiatief", en="Initiative")
add("app_pathways_role", nl="Wie vertelt", en="Who tells")
add("app_pathways_min", nl="Min. bronnen", en="Min. sources")
add("app_pathways_all", nl="(alle)", en="(all)")
add("app_pathways_residents", nl="bewoners", en="residents")
add("app_pathways_volunteers", nl="vrijwilligers", en="volunteers")
add("app_pathways_professionals", nl="professionals", en="professionals")


class PathwaysView(w.VBox):
    """The view; its filters are attributes (for tests), the figure and table in ``output``."""

    def __init__(self, study: Any) -> None:
        self.study = study
        initiatives = sorted({d.initiative for d in study.store.documents() if d.initiative})
        self.initiative = w.Dropdown(options=[(t("app_pathways_all"), "")] + [(x, x) for x in initiatives], value="", description=t("app_pathways_initiative"))
        self.role = w.Dropdown(
            options=[(t("app_pathways_all"), "")] + [(t(f"app_pathways_{g}"), g) for g in ("residents", "volunteers", "professionals")],
            value="", description=t("app_pathways_role"),
        )
        self.min_sources = w.IntSlider(value=1, min=1, max=10, description=t("app_pathways_min"))
        self.output = w.Output()
        for widget in (self.initiative, self.role, self.min_sources):
            widget.observe(lambda _: self.draw(), names="value")
        super().__init__([w.HBox([self.initiative, self.role, self.min_sources]), self.output])
        self.draw()

    def draw(self) -> None:
        """Redraw the map and the table of links for the chosen filters."""
        import io

        import matplotlib.pyplot as plt
        from IPython.display import Image

        from workbench import pathways

        frame = pathways.links_table(self.study, initiative=self.initiative.value or None, role=self.role.value or None)
        self.edges = pathways.edges(frame, min_sources=self.min_sources.value)
        fig = pathways.map(frame, min_sources=self.min_sources.value, labels={c.id: c.get_label() for c in self.study.codebook.codes})
        self.alt = str(getattr(fig, "alt", ""))  # what the map shows, in words
        # the outputs set directly, not through ``with self.output:`` + display(): under
        # ipykernel 7 that context left the cell's closing 'idle' message unrouted, and a
        # notebook run by papermill waited for it until its cell timeout
        image = io.BytesIO()
        fig.savefig(image, format="png", bbox_inches="tight")  # a picture in any kernel, inline backend or not
        plt.close(fig)
        self.output.outputs = ()
        self.output.append_display_data(Image(data=image.getvalue(), format="png", alt=self.alt))
        self.output.append_display_data(self.edges[["cause", "effect", "sign", "n_sources", "n_mentions"]])


def pathways_view(study: Any) -> PathwaysView:
    """The interactive pathways view of a study (filters: initiative, role group, min sources)."""
    return PathwaysView(study)
