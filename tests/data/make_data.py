"""Makes the small real files in tests/data (run once; the outputs are committed).

    python tests/data/make_data.py

Fictional people, streets and phone numbers, planted so that tests can check that
pseudonymisation removes them.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
BAD = HERE / "bad"

INTERVIEW = """Interview 7 - Austerlitz Zorgt

I: Fijn dat u tijd heeft. Kunt u iets vertellen over hoe u Austerlitz Zorgt leerde kennen?

R: Nou ja, via mijn buurvrouw Gerda Verbeek. Gerda woont op de Lindelaan 12 en die kwam gewoon langs. Weet je, sinds mijn man overleed was ik best eenzaam.

Ze belde me ook vaak, op 06-12345678, om te vragen of ik mee wilde naar de koffieochtend.

I: En hoe is dat nu?

R: Beter. Ik ben niet meer zo alleen. De vrijwilligers komen elke week. Gerda Verbeek brengt me soms naar verpleeghuis De Lindehof, waar mijn zus woont.
"""

STORY = """# Mijn verhaal

Toen ik in Zeist kwam wonen kende ik niemand. De koffieochtenden van Austerlitz Zorgt hebben alles veranderd.

Nu help ik zelf mee. Dat geeft me het gevoel dat ik ertoe doe, en dat is meer waard dan geld.
"""

DIACRITICS = """Interviewer: Wat zijn uw ideeën over de coöperatie?

Respondent: Ik vind het één van de beste dingen in het dorp. Het café is weer open, naïef was ik niet, maar het werkt.

Interviewer: En de financiën?

Respondent: Daar maak ik me zorgen over. De gemeente geeft een subsidie voor één jaar.
"""


def write_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Gesprek met een vrijwilliger van Voorzorgcirkels.")
    d.add_paragraph("Interviewer: Hoe lang bent u al vrijwilliger?")
    d.add_paragraph("Marieke: Al zes jaar. Ik rijd mensen naar het ziekenhuis, samen met Piet de Groot.")
    d.add_paragraph("Interviewer: Wat vraagt dat van u?")
    d.add_paragraph("Marieke: Soms is het te veel. Piet de Groot en ik doen bijna alles. Je kunt me bellen op 0412 45 12 90.")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Aantal ritten"
    table.rows[0].cells[1].text = "42 per maand"
    d.save(str(path))


def write_teams_docx(path: Path) -> None:
    """A Teams / Word transcript export: speaker and time on one line, words on the next."""
    import docx

    d = docx.Document()
    d.add_paragraph("Transcript")
    d.add_paragraph("14 maart 2024, 10:02")
    turns = [
        ("Marieke Verhoeven", "0:03", "Goedemorgen. Fijn dat u mee wilt doen aan het onderzoek."),
        ("Henk Brouwer", "0:09", "Graag. Ik ben vrijwilliger bij Austerlitz Zorgt, al acht jaar."),
        ("Marieke Verhoeven", "0:15", "Wat doet u precies?"),
        ("Henk Brouwer", "0:18", "Ik rijd mensen naar de huisarts. En ik help bij de koffieochtend."),
    ]
    for name, time, words in turns:
        d.add_paragraph(f"{name}   {time}")
        d.add_paragraph(words)
    d.save(str(path))


def write_odt(path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Ervaringsverhaal"))
    doc.text.addElement(P(text="Ik woon al veertig jaar in America. Sinds de Laefhoës er is, drink ik elke dag koffie met de buren."))
    doc.text.addElement(P(text="Mijn buurman Sjra Litjens haalt me op. Zonder hem zou ik thuis blijven zitten."))
    doc.save(str(path))


TEAMS_VTT = """WEBVTT

00:00:01.000 --> 00:00:05.000
<v Sanne de Bruijn>Welkom. Kunt u zich voorstellen?</v>

00:00:05.500 --> 00:00:09.000
<v Joke Hagenaars>Ik ben Joke. Ik woon hier sinds vorig jaar.</v>

00:00:09.000 --> 00:00:12.000
<v Joke Hagenaars>Het bevalt me goed, de jongeren helpen me.</v>

00:00:12.500 --> 00:00:15.000
<v Sanne de Bruijn>Wat doet u zelf voor hen?</v>

00:00:15.000 --> 00:00:20.000
<v Joke Hagenaars>Ik kook op woensdag. Kevin eet altijd mee.</v>
"""

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Joost van der Heijden: Hoe werkt de voorzorgcirkel?

2
00:00:04.500 --> 00:00:09.000
Riek van den Broek: We zijn met twaalf. Wie hulp nodig heeft, vraagt het.

3
00:00:09.000 --> 00:00:12.000
Riek van den Broek: En wie iets kan, helpt. Dat is wederkerigheid.
"""

SRT = """1
00:00:01,000 --> 00:00:04,000
Ingrid Wijnen: De gemeente wil de Laefhoës graag steunen.

2
00:00:04,500 --> 00:00:08,000
Joost Verhagen: Met geld?

3
00:00:08,000 --> 00:00:12,000
Ingrid Wijnen: Met een subsidie voor drie jaar. Daarna zien we verder.
"""


def write_survey(csv_path: Path, xlsx_path: Path) -> None:
    rows = [
        ["respondent_id", "initiatief", "rol", "toestemming", "leeftijdsgroep", "wat_betekent_het_voor_u"],
        ["R001", "Austerlitz Zorgt", "bewoner", "ja", "80+", "Ik ben minder eenzaam sinds ik naar de koffieochtend ga."],
        ["R002", "Voorzorgcirkels", "deelnemer", "ja", "65-79", "Wij helpen elkaar; dat geeft mij plezier in het leven."],
        ["R003", "Liv Inn Hilversum", "bewoner", "nee", "18-39", "Ik woon samen met ouderen en leer veel van ze."],
        ["R004", "De Wulverhorst", "mantelzorger", "ja", "40-64", "Mijn vader heeft hier een zinvolle dag.\nHij werkt in de moestuin met Teun Bakker."],
        ["R005", "Ontmoetingscentrum Morgenstond", "mantelzorger", "ja", "65-79", ""],
        ["R006", "Laefhoës America", "bewoner", "ja", "80+", "Het dorp leeft weer, de huiskamer is altijd open voor iedereen."],
    ]
    with open(csv_path, "w", newline="", encoding="cp1252") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    for r in rows:
        ws.append(r)
    wb.save(str(xlsx_path))


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    BAD.mkdir(parents=True, exist_ok=True)
    (CORPUS / "interview.txt").write_text(INTERVIEW, encoding="utf-8")
    (CORPUS / "interview-bom.txt").write_bytes(b"\xef\xbb\xbf" + DIACRITICS.replace("\n", "\r\n").encode("utf-8"))
    (CORPUS / "interview-cp1252.txt").write_bytes(DIACRITICS.encode("cp1252"))
    (CORPUS / "verhaal.md").write_text(STORY, encoding="utf-8")
    write_docx(CORPUS / "vrijwilliger.docx")
    write_odt(CORPUS / "verhaal-america.odt")
    write_teams_docx(CORPUS / "teams-export.docx")
    (CORPUS / "teams.vtt").write_text(TEAMS_VTT, encoding="utf-8")
    (CORPUS / "zoom.vtt").write_text(ZOOM_VTT, encoding="utf-8")
    (CORPUS / "gemeente.srt").write_text(SRT, encoding="utf-8")
    write_survey(CORPUS / "enquete.csv", CORPUS / "enquete-kort.xlsx")
    meta = [
        ["file", "initiative", "role", "date", "interviewer", "consent", "kind"],
        ["interview.txt", "Austerlitz Zorgt", "bewoner", "2024-03-14", "Marieke Verhoeven", "ja", "interview"],
        ["interview-bom.txt", "Austerlitz Zorgt", "coördinator", "2024-03-20", "Marieke Verhoeven", "ja", "interview"],
        ["interview-cp1252.txt", "Austerlitz Zorgt", "gemeente", "2024-03-21", "Marieke Verhoeven", "ja", "interview"],
        ["verhaal.md", "Austerlitz Zorgt", "vrijwilliger", "2024-04-01", "", "ja", "ervaringsverhaal"],
        ["vrijwilliger.docx", "Voorzorgcirkels", "vrijwilliger", "2024-05-02", "Joost van der Heijden", "ja", "interview"],
        ["verhaal-america.odt", "Laefhoës America", "bewoner", "2024-05-10", "", "ja", "ervaringsverhaal"],
        ["teams.vtt", "Liv Inn Hilversum", "bewoner", "2024-03-12", "Sanne de Bruijn", "ja", "interview"],
        ["teams-export.docx", "Austerlitz Zorgt", "vrijwilliger", "2024-03-14", "Marieke Verhoeven", "ja", "interview"],
        ["zoom.vtt", "Voorzorgcirkels", "coördinator", "2024-06-01", "Joost van der Heijden", "ja", "interview"],
        ["gemeente.srt", "Laefhoës America", "gemeente", "2024-06-05", "Joost Verhagen", "ja", "interview"],
        ["enquete.csv", "", "", "2024-06-30", "", "ja", "enquete"],
        ["enquete-kort.xlsx", "", "", "2024-06-30", "", "ja", "enquete"],
    ]
    with open(CORPUS / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(meta)
    # bad input, one file each
    (BAD / "empty.txt").write_bytes(b"")
    (BAD / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (BAD / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    (BAD / "nocues.vtt").write_text("WEBVTT\n\nNOTE alleen een notitie, geen tekst met tijden\n", encoding="utf-8")
    (BAD / "notes.xyz").write_text("onbekend formaat", encoding="utf-8")
    (BAD / "undecodable.txt").write_bytes("Dit is geen tekst: ".encode() + b"\x81\x8d\x8f\x90\x9d\xff\xfe" * 20)


if __name__ == "__main__":
    main()
