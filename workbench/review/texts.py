"""The review page's words, Dutch and English (in the one catalogue, workbench.i18n)."""

from __future__ import annotations

from workbench.i18n import add

add("review_title", nl="Thema's bekijken: {initiative}", en="Reviewing the themes: {initiative}")
add("review_welcome", nl="Welkom {name}. Alles wat u kiest of typt wordt meteen bewaard; u kunt altijd later verder met dezelfde link.",
    en="Welcome {name}. Everything you choose or type is saved at once; you can carry on later with the same link.")
add("review_tab_themes", nl="1. Thema's", en="1. Themes")
add("review_tab_quotes", nl="2. Citaten", en="2. Quotes")
add("review_tab_msc", nl="3. Verhalen", en="3. Stories")
add("review_themes_intro", nl="Dit zijn de thema's die de analyse vond in de verhalen van uw initiatief. Herkent u ze? Hoe zou u ze noemen?",
    en="These are the themes the analysis found in your initiative's stories. Do you recognise them? What would you call them?")
add("review_no_themes", nl="Er zijn nog geen thema's om te bekijken.", en="There are no themes to review yet.")
add("review_keywords", nl="Kernwoorden", en="Keywords")
add("review_recognise", nl="herken ik", en="I recognise it")
add("review_partly", nl="deels", en="partly")
add("review_not", nl="herken ik niet", en="I don't recognise it")
add("review_own_name", nl="Uw eigen naam voor dit thema", en="Your own name for this theme")
add("review_comment", nl="Opmerking", en="Comment")
add("review_missing_title", nl="Wat mist er?", en="What is missing?")
add("review_missing_intro", nl="Een thema dat u mist, in uw eigen woorden.", en="A theme you miss, in your own words.")
add("review_missing_name", nl="Naam van het thema dat u mist", en="Name of the theme you miss")
add("review_missing_text", nl="Wat bedoelt u ermee?", en="What do you mean by it?")
add("review_quotes_intro", nl="Klopt elk citaat? Is iemand eraan te herkennen? Dan tonen we het nergens meer.",
    en="Is each quote right? Could someone be recognised from it? Then we show it nowhere any more.")
add("review_no_quotes", nl="Er zijn geen citaten om te bekijken.", en="There are no quotes to review.")
add("review_quote_ok", nl="goed", en="fine")
add("review_quote_wrong", nl="klopt niet", en="misread")
add("review_quote_identifying", nl="herkenbaar, niet tonen", en="identifies someone, do not show")
add("review_quote_hidden", nl="Dank u. Dat citaat wordt nergens meer getoond.", en="Thank you. That quote will not be shown anywhere any more.")
add("review_in_theme", nl="bij thema: {label}", en="in theme: {label}")
add("review_msc_intro", nl="De belangrijkste verandering: welke verhalen laten die het best zien? Kies ze en schrijf waarom.",
    en="The most significant change: which stories show it best? Choose them and write why.")
add("review_msc_choose", nl="Dit verhaal kies ik", en="I choose this story")
add("review_msc_reason", nl="Waarom dit verhaal?", en="Why this story?")
add("review_read_more", nl="Lees het hele verhaal", en="Read the whole story")
add("review_panel_title", nl="Wat het panel koos", en="What the panel chose")
add("review_panel_none", nl="Nog niemand heeft een verhaal gekozen.", en="Nobody has chosen a story yet.")
add("review_panel_row", nl="{story}: gekozen door {who}", en="{story}: chosen by {who}")
add("review_saved", nl="Bewaard", en="Saved")
add("review_link_invalid_page", nl="Deze link werkt niet (meer). Vraag de onderzoeker om een nieuwe link.",
    en="This link does not work (any more). Ask the researcher for a new link.")
add("review_error_page", nl="Dit lukte niet: {what}", en="That did not work: {what}")
add("review_error_page_fix", nl="Dit lukte niet: {what}. Wat u kunt doen: {fix}.", en="That did not work: {what}. What you can do: {fix}.")
add("review_page_unavailable", nl="De pagina kan nu niet openen. Probeer het later opnieuw of vraag de onderzoeker.",
    en="The page cannot open right now. Try again later or ask the researcher.")
add("review_kind_interview", nl="Interview", en="Interview")
add("review_kind_ervaringsverhaal", nl="Ervaringsverhaal", en="Experience story")
add("review_kind_enquete", nl="Enquêteantwoord", en="Survey answer")
add("review_kind_document", nl="Document", en="Document")
add("review_in_theme_own", nl="bij thema: {own} (uw naam voor '{label}')", en="in theme: {own} (your name for '{label}')")
add("review_speaker", nl="Spreker {n}", en="Speaker {n}")
